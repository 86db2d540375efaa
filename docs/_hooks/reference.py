"""mkdocs hooks for the API reference.

``<!-- reference: resources of telecrm.Telecrm -->`` on a line of its own becomes one mkdocstrings entry per
resource of that client (``client.leads``, ``client.actions``, ...). The resource classes are not exported
from ``telecrm`` and their defining modules are private and may move, so the page names only the public
client; the classes are found through the client's annotations when the site is built.

Lines holding a ``<!-- doc-test: ... -->`` marker (see tests/docs/doc_blocks.py) are left out of the pages; a
text block marked as a code block's output gets the title "Output".

Docstrings are written with Sphinx roles (``:class:`Lead```): the Griffe extension in ``crossrefs.py`` makes
each one a cross-reference.
"""

from __future__ import annotations

import importlib
import inspect
import re
import typing
from typing import Any

_RESOURCES = re.compile(r"^<!-- reference: resources of (?P<client>[\w.]+) -->$", flags=re.MULTILINE)
# The markers that tell tests/docs how to check a code block; readers have no use for them.
_DOC_TEST_MARKER = re.compile(r"^[ \t]*<!--\s*doc-test:.*?-->[ \t]*\n", flags=re.MULTILINE)
# ...except that the output a block prints is titled as such.
_OUTPUT = re.compile(
    r"^(?P<indent>[ \t]*)<!--\s*doc-test:\s*output\s*-->[ \t]*\n(?P=indent)(?P<fence>`{3,})text[ \t]*$",
    flags=re.MULTILINE,
)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    markdown = _OUTPUT.sub(r'\g<indent>\g<fence>text title="Output"', markdown)
    markdown = _DOC_TEST_MARKER.sub("", markdown)
    return _RESOURCES.sub(lambda match: _resources(match["client"]), markdown)


def _resources(client_path: str) -> str:
    module_name, _, name = client_path.rpartition(".")
    client = getattr(importlib.import_module(module_name), name)
    hints = typing.get_type_hints(client)
    sections = []
    for attribute in client.__annotations__:
        kind = hints.get(attribute)
        if attribute.startswith("_") or not inspect.isclass(kind):
            continue
        if not kind.__module__.startswith("telecrm."):
            continue
        sections.append(
            f"::: {kind.__module__}.{kind.__qualname__}\n"
            "    options:\n"
            f'      heading: "client.{attribute}"\n'
            f'      toc_label: "client.{attribute}"\n'
            "      show_symbol_type_heading: false\n"
            "      merge_init_into_class: false\n"
        )
    if not sections:
        raise RuntimeError(f"{client_path} has no resource attributes to document")
    return "\n".join(sections)
