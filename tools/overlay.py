"""A strict OpenAPI Overlay 1.0 applier.

Semantics (Overlay 1.0, section "Action Object"):

* ``update`` on an object merges recursively: nested objects merge, nested arrays are
  extended, anything else is replaced by the update's value.
* ``update`` on an array appends the update value as one new element.
* ``remove: true`` deletes every matched node from its parent.

Stricter than the specification, on purpose: a target that matches nothing, an update
aimed at a primitive, an action without a ``description``, or an action with both or
neither of ``update``/``remove`` is an :class:`OverlayError`. A silently skipped patch is
a bug that ships; failing the build is the only safe answer. Targets are RFC 9535
JSONPath expressions evaluated by python-jsonpath in strict mode.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpath
import yaml

_JSONPATH = jsonpath.JSONPathEnvironment(strict=True)


class OverlayError(Exception):
    """An overlay document is malformed or one of its actions cannot be applied."""


class _SpecLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.1 would turn unquoted dates into ``datetime.date``; an OpenAPI document
    wants them as the strings that were written."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    """A YAML or JSON document from a file (see :func:`parse_yaml`)."""
    return parse_yaml(path.read_text(encoding="utf-8"))


def parse_yaml(text: str) -> Any:
    """A document from text: JSON in any layout (minified on one line too) is read as JSON, anything
    else as YAML with dates kept as strings. (YAML 1.1 is not quite a superset of JSON, so JSON is never
    left to the YAML reader.)"""
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            pass  # a YAML flow collection, not JSON
    return yaml.load(text, Loader=_SpecLoader)


def dump_yaml(document: Any) -> str:
    """Serialise deterministically: key order kept, no line wrapping, no aliases."""

    class _NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(document, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=10_000, indent=2)


@dataclass(frozen=True)
class Action:
    source: str
    index: int
    target: str
    description: str
    update: Any
    remove: bool

    @property
    def label(self) -> str:
        return f"{self.source} action {self.index} ({self.target})"


@dataclass(frozen=True)
class Overlay:
    source: str
    title: str
    actions: tuple[Action, ...]


def parse_overlay(document: Any, source: str) -> Overlay:
    """Validate an overlay document's shape and return its actions."""
    if not isinstance(document, dict):
        raise OverlayError(f"{source}: an overlay document must be a mapping")
    if str(document.get("overlay", "")).split(".")[0] != "1":
        raise OverlayError(f"{source}: 'overlay' must name version 1.x, got {document.get('overlay')!r}")
    info = document.get("info")
    if not isinstance(info, dict) or not info.get("title") or not info.get("version"):
        raise OverlayError(f"{source}: 'info' needs a title and a version")
    raw_actions = document.get("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        raise OverlayError(f"{source}: 'actions' must be a non-empty list")
    actions = []
    for index, raw in enumerate(raw_actions):
        where = f"{source} action {index}"
        if not isinstance(raw, dict):
            raise OverlayError(f"{where}: an action must be a mapping")
        target, description = raw.get("target"), raw.get("description")
        if not isinstance(target, str) or not target:
            raise OverlayError(f"{where}: 'target' must be a JSONPath string")
        if not isinstance(description, str) or not description.strip():
            raise OverlayError(f"{where}: every action needs a 'description' naming the defect it fixes")
        has_update, remove = "update" in raw, raw.get("remove", False)
        if not isinstance(remove, bool):
            raise OverlayError(f"{where}: 'remove' must be a boolean")
        if has_update == remove:
            raise OverlayError(f"{where}: give exactly one of 'update' or 'remove: true'")
        actions.append(Action(source, index, target, description, raw.get("update"), remove))
    return Overlay(source=source, title=str(info["title"]), actions=tuple(actions))


def _merge(target: dict[str, Any], update: dict[str, Any]) -> bool:
    """Merge ``update`` into ``target``; True if that changed ``target``."""
    changed = False
    for key, value in update.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            changed = _merge(current, value) or changed
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(copy.deepcopy(value))
            changed = changed or bool(value)
        else:
            changed = changed or key not in target or current != value or type(current) is not type(value)
            target[key] = copy.deepcopy(value)
    return changed


def _parent_of(document: Any, parts: Sequence[Any]) -> Any:
    node = document
    for part in parts[:-1]:
        node = node[part]
    return node


def apply_action(document: Any, action: Action) -> int:
    """Apply one action in place; return how many of the nodes it matched it changed (0: the action
    is a no-op on this document, e.g. the vendor fixed what it patches)."""
    try:
        matches = list(_JSONPATH.finditer(action.target, document))
    except jsonpath.JSONPathError as exc:
        raise OverlayError(f"{action.label}: invalid JSONPath: {exc}") from exc
    if not matches:
        raise OverlayError(f"{action.label}: target matches nothing")
    if action.remove:
        if any(not match.parts for match in matches):
            raise OverlayError(f"{action.label}: cannot remove the document root")

        # Deepest first, and within a list highest index first, so that no deletion shifts
        # the position of a node still waiting to be deleted.
        def position(match: jsonpath.JSONPathMatch) -> tuple[int, int]:
            last = match.parts[-1]
            return len(match.parts), last if isinstance(last, int) else -1

        for match in sorted(matches, key=position, reverse=True):
            del _parent_of(document, match.parts)[match.parts[-1]]
        return len(matches)
    changed = 0
    for match in matches:
        if isinstance(match.obj, dict):
            if not isinstance(action.update, dict):
                raise OverlayError(f"{action.label}: an object can only be updated with an object")
            changed += _merge(match.obj, action.update)
        elif isinstance(match.obj, list):
            match.obj.append(copy.deepcopy(action.update))
            changed += 1
        else:
            raise OverlayError(
                f"{action.label}: target {match.path} is a {type(match.obj).__name__}; "
                "update its parent object instead"
            )
    return changed


def apply_overlays(document: Any, overlays: Iterable[Overlay]) -> Any:
    """Return a copy of ``document`` with every overlay applied in the given order."""
    result = copy.deepcopy(document)
    for overlay in overlays:
        for action in overlay.actions:
            apply_action(result, action)
    return result


def load_overlays(directory: Path) -> list[Overlay]:
    """Every ``*.yaml`` overlay in ``directory``, in file-name order."""
    paths = sorted(directory.glob("*.yaml"))
    return [parse_overlay(load_yaml(path), path.name) for path in paths]


@dataclass
class Replay:
    """Every overlay action replayed on a document, collecting problems instead of raising."""

    document: Any  # the result: every action that could be applied, applied
    stale: list[tuple[Action, str]]  # actions that could not be applied, with the reason
    idle: list[Action]  # actions that applied but changed nothing (the defect is gone)


def replay(document: Any, overlays: Iterable[Overlay]) -> Replay:
    """Apply every action it can to a copy of ``document``; list the ones that fail or change nothing.

    ``make update-spec`` uses this to list everything a new vendor spec broke in one report rather
    than stopping at the first stale action, and to name the actions it made redundant.
    """
    result = copy.deepcopy(document)
    stale, idle = [], []
    for overlay in overlays:
        for action in overlay.actions:
            try:
                if apply_action(result, action) == 0:
                    idle.append(action)
            except OverlayError as exc:
                stale.append((action, str(exc)))
    return Replay(result, stale, idle)


def positional_selectors(target: str) -> list[str]:
    """The index and slice selectors of a JSONPath target (``[4]``, ``[0:2]``): positions that pick
    another node as soon as the vendor inserts or reorders items. Filters inside brackets are not
    positional (``[?@.name == 'x']`` selects by value)."""
    found = []
    for segment in _JSONPATH.compile(target).segments:  # type: ignore[union-attr]
        found += [
            str(selector)
            for selector in segment.selectors
            if isinstance(selector, (jsonpath.selectors.IndexSelector, jsonpath.selectors.SliceSelector))
        ]
    return found
