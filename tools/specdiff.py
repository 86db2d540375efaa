"""What changed between two versions of an OpenAPI 3.0 document, for the update report.

A small structural diff, on purpose (overlays/README.md says which maintained tools were tried):
operations are compared by ``METHOD path`` (the vendor's spec has no operationIds), schemas by
component name and then property by property. Everything else that differs is listed by its
location. The result is ordered the way the documents are, so the report is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class OperationChange:
    method: str
    path: str
    summary: str
    changed: tuple[str, ...] = ()  # what changed: "parameters", "responses 404 added"...

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class SchemaChange:
    name: str
    properties_added: tuple[str, ...] = ()
    properties_removed: tuple[str, ...] = ()
    properties_changed: tuple[str, ...] = ()
    keywords_changed: tuple[str, ...] = ()


@dataclass
class SpecDiff:
    operations_added: list[OperationChange] = field(default_factory=list)
    operations_removed: list[OperationChange] = field(default_factory=list)
    operations_changed: list[OperationChange] = field(default_factory=list)
    schemas_added: list[str] = field(default_factory=list)
    schemas_removed: list[str] = field(default_factory=list)
    schemas_changed: list[SchemaChange] = field(default_factory=list)
    other_changed: list[str] = field(default_factory=list)  # locations, e.g. $.info.version

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.operations_added, self.operations_removed, self.operations_changed,
                self.schemas_added, self.schemas_removed, self.schemas_changed, self.other_changed,
            )
        )  # fmt: skip


def _operations(document: Any) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    """``(method, path) -> (operation, path item)``, in document order."""
    found = {}
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and method in item:
                found[method, path] = (item[method], item)
    return found


def _operation_changes(
    old: dict[str, Any], old_item: dict[str, Any], new: dict[str, Any], new_item: dict[str, Any]
) -> list[str]:
    changes = []
    if old_item.get("parameters") != new_item.get("parameters"):
        changes.append("path-level parameters")
    for key in dict.fromkeys([*old, *new]):
        if key == "responses":
            continue
        if old.get(key) != new.get(key):
            changes.append(
                key if key in old and key in new else f"{key} {'added' if key in new else 'removed'}"
            )
    old_responses, new_responses = old.get("responses") or {}, new.get("responses") or {}
    for status in dict.fromkeys([*old_responses, *new_responses]):
        if status not in old_responses:
            changes.append(f"response {status} added")
        elif status not in new_responses:
            changes.append(f"response {status} removed")
        elif old_responses[status] != new_responses[status]:
            changes.append(f"response {status}")
    return changes


def _schema_change(name: str, old: Any, new: Any) -> SchemaChange:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return SchemaChange(name, keywords_changed=("(whole schema)",))
    old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
    keywords = [
        key for key in dict.fromkeys([*old, *new]) if key != "properties" and old.get(key) != new.get(key)
    ]
    return SchemaChange(
        name,
        properties_added=tuple(p for p in new_props if p not in old_props),
        properties_removed=tuple(p for p in old_props if p not in new_props),
        properties_changed=tuple(p for p in new_props if p in old_props and old_props[p] != new_props[p]),
        keywords_changed=tuple(keywords),
    )


def _location(parts: tuple[str, ...]) -> str:
    return "$" + "".join(f".{p}" if p.replace("_", "").isalnum() else f"['{p}']" for p in parts)


def diff_specs(old: Any, new: Any) -> SpecDiff:
    diff = SpecDiff()
    old_ops, new_ops = _operations(old), _operations(new)
    for key, (op, _) in new_ops.items():
        if key not in old_ops:
            diff.operations_added.append(OperationChange(*key, summary=str(op.get("summary", ""))))
    for key, (op, _) in old_ops.items():
        if key not in new_ops:
            diff.operations_removed.append(OperationChange(*key, summary=str(op.get("summary", ""))))
        else:
            new_op, new_item = new_ops[key]
            changes = _operation_changes(op, old_ops[key][1], new_op, new_item)
            if changes:
                diff.operations_changed.append(
                    OperationChange(*key, summary=str(new_op.get("summary", "")), changed=tuple(changes))
                )

    old_schemas = (old.get("components") or {}).get("schemas") or {}
    new_schemas = (new.get("components") or {}).get("schemas") or {}
    diff.schemas_added = [name for name in new_schemas if name not in old_schemas]
    diff.schemas_removed = [name for name in old_schemas if name not in new_schemas]
    diff.schemas_changed = [
        _schema_change(name, old_schemas[name], new_schemas[name])
        for name in new_schemas
        if name in old_schemas and old_schemas[name] != new_schemas[name]
    ]

    # Everything else: path items' own fields, other components, top-level fields.
    for key in dict.fromkeys([*old, *new]):
        if key in ("paths", "components"):
            continue
        if old.get(key) != new.get(key):
            diff.other_changed.append(_location((key,)))
    old_components, new_components = old.get("components") or {}, new.get("components") or {}
    for kind in dict.fromkeys([*old_components, *new_components]):
        if kind == "schemas":
            continue
        old_kind, new_kind = old_components.get(kind) or {}, new_components.get(kind) or {}
        for name in dict.fromkeys([*old_kind, *new_kind]):
            if old_kind.get(name) != new_kind.get(name):
                diff.other_changed.append(_location(("components", kind, name)))
    return diff


def render(diff: SpecDiff, operation_ids: dict[tuple[str, str], str]) -> list[str]:
    """Markdown lines for the "what the vendor changed" part of the report."""

    def op_line(change: OperationChange) -> str:
        op_id = operation_ids.get((change.method, change.path))
        name = f" (`{op_id}`)" if op_id else ""
        summary = f": {change.summary}" if change.summary else ""
        details = f" — changed: {', '.join(change.changed)}" if change.changed else ""
        return f"- `{change.label}`{name}{summary}{details}"

    lines: list[str] = []
    sections = [
        ("Operations added", [op_line(c) for c in diff.operations_added]),
        ("Operations removed", [op_line(c) for c in diff.operations_removed]),
        ("Operations changed", [op_line(c) for c in diff.operations_changed]),
        ("Schemas added", [f"- `{name}`" for name in diff.schemas_added]),
        ("Schemas removed", [f"- `{name}`" for name in diff.schemas_removed]),
        ("Schemas changed", [_schema_line(c) for c in diff.schemas_changed]),
        ("Other changes", [f"- `{where}`" for where in diff.other_changed]),
    ]
    for title, items in sections:
        lines += [f"### {title} ({len(items)})", ""]
        lines += items if items else ["None."]
        lines.append("")
    return lines


def _schema_line(change: SchemaChange) -> str:
    parts = []
    for label, names in (
        ("properties added", change.properties_added),
        ("properties removed", change.properties_removed),
        ("properties changed", change.properties_changed),
        ("keywords changed", change.keywords_changed),
    ):
        if names:
            parts.append(f"{label}: {', '.join(f'`{n}`' for n in names)}")
    return f"- `{change.name}` — {'; '.join(parts)}"
