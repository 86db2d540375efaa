"""A Griffe extension: the docstrings' Sphinx roles become cross-references the site resolves.

Docstrings are written with Sphinx roles (``:class:`~telecrm.Lead```, ``:meth:`close```), which Markdown
does not know. Each becomes an autorefs link, ``[`Lead`][telecrm.Lead]``, with the name resolved where the
docstring is, as Python would (the object's members, then its parents', then the module's imports). A
reference that resolves to nothing the site documents fails ``mkdocs build --strict``: autorefs warns
"Could not find cross-reference target".
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|meth|func|attr|mod|exc|data|obj):`(?P<tilde>~?)(?P<target>[\w.]+)`")


class SphinxRoles(griffe.Extension):
    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        # Once the whole package is loaded: a name resolves against every member, not only those seen so far.
        _rewrite(pkg)


def _rewrite(obj: griffe.Object) -> None:
    if obj.docstring is not None:
        obj.docstring.value = _ROLE.sub(lambda match: _reference(obj, match), obj.docstring.value)
    for member in obj.members.values():
        if not member.is_alias:
            _rewrite(member)


def _reference(obj: griffe.Object, match: re.Match[str]) -> str:
    target = match["target"]
    title = target.rpartition(".")[2] if match["tilde"] else target
    return f"[`{title}`][{_resolved(obj, target)}]"


def _resolved(obj: griffe.Object, target: str) -> str:
    """``target`` as a full path, resolved in the scope of ``obj``; as written when it cannot be (autorefs
    then reports it)."""
    if target.startswith("telecrm."):
        return target
    head, dot, rest = target.partition(".")
    try:
        return obj.resolve(head) + dot + rest
    except griffe.NameResolutionError:
        return target
