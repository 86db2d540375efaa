"""What changed between two versions of an OpenAPI 3.0 document, for the update report.

A small structural diff, on purpose (overlays/README.md says which maintained tools were tried):
operations are compared by ``METHOD path`` (the vendor's spec has no operationIds), their parameters
by ``in`` and name and their responses by status; schemas by component name and then property by
property, naming the enum values, properties and required names added or removed. Everything else
that differs is listed by its location. The result is ordered the way the documents are, so the
report is deterministic.
"""

from __future__ import annotations

import keyword
import re
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


def _names(values: list[Any]) -> str:
    return ", ".join(f"`{value}`" for value in values)


def _added_removed(label: str, old: list[Any], new: list[Any]) -> list[str]:
    """``label`` added/removed: the items of one list that the other lacks (order kept)."""
    added = [value for value in new if value not in old]
    removed = [value for value in old if value not in new]
    return [
        f"{label} {verb}: {_names(values)}"
        for verb, values in (("added", added), ("removed", removed))
        if values
    ]


def describe(old: Any, new: Any) -> str:
    """How a schema (or any node) changed, as precisely as a reader needs: enum values, properties and
    required names added or removed, keywords changed."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return "replaced"
    parts: list[str] = []
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key == "enum" and isinstance(before, list | None) and isinstance(after, list | None):
            parts += _added_removed("enum values", before or [], after or []) or ["enum order"]
        elif key == "required" and isinstance(before, list | None) and isinstance(after, list | None):
            parts += _added_removed("required", before or [], after or [])
        elif key == "properties" and isinstance(before, dict | None) and isinstance(after, dict | None):
            before, after = before or {}, after or {}
            parts += _added_removed("properties", list(before), list(after))
            parts += [
                f"property `{name}`: {describe(before[name], after[name])}"
                for name in after
                if name in before and before[name] != after[name]
            ]
        elif (
            key in ("items", "schema", "additionalProperties")
            and isinstance(before, dict)
            and isinstance(after, dict)
        ):
            parts.append(f"{key}: {describe(before, after)}")
        elif key not in old or key not in new:
            parts.append(f"`{key}` {'added' if key in new else 'removed'}")
        else:
            parts.append(f"`{key}` changed")
    return "; ".join(parts) or "changed"


def _parameter_key(parameter: Any) -> str:
    if isinstance(parameter, dict) and "$ref" in parameter:
        return str(parameter["$ref"]).rsplit("/", 1)[-1]
    if isinstance(parameter, dict):
        return f"{parameter.get('name')} (in {parameter.get('in')})"
    return repr(parameter)


def _parameter_changes(label: str, old: Any, new: Any) -> list[str]:
    old_by = {_parameter_key(p): p for p in old or []}
    new_by = {_parameter_key(p): p for p in new or []}
    changes = _added_removed(label, list(old_by), list(new_by))
    changes += [
        f"{label[:-1]} `{key}`: {describe(old_by[key], new_by[key])}"
        for key in new_by
        if key in old_by and old_by[key] != new_by[key]
    ]
    return changes


def _operation_changes(
    old: dict[str, Any], old_item: dict[str, Any], new: dict[str, Any], new_item: dict[str, Any]
) -> list[str]:
    changes = _parameter_changes(
        "path-level parameters", old_item.get("parameters"), new_item.get("parameters")
    )
    changes += _parameter_changes("parameters", old.get("parameters"), new.get("parameters"))
    for key in dict.fromkeys([*old, *new]):
        if key in ("responses", "parameters"):
            continue
        if old.get(key) != new.get(key):
            changes.append(
                key if key in old and key in new else f"{key} {'added' if key in new else 'removed'}"
            )
    old_responses, new_responses = old.get("responses") or {}, new.get("responses") or {}
    changes += _added_removed("statuses", [str(s) for s in old_responses], [str(s) for s in new_responses])
    for status in new_responses:
        if status in old_responses and old_responses[status] != new_responses[status]:
            changes.append(f"response {status}")
    return changes


def _schema_change(name: str, old: Any, new: Any) -> SchemaChange:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return SchemaChange(name, keywords_changed=("(whole schema)",))
    old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
    keywords = [
        describe({key: old.get(key)}, {key: new.get(key)}) if key in ("enum", "required") else f"`{key}`"
        for key in dict.fromkeys([*old, *new])
        if key != "properties" and old.get(key) != new.get(key)
    ]
    return SchemaChange(
        name,
        properties_added=tuple(p for p in new_props if p not in old_props),
        properties_removed=tuple(p for p in old_props if p not in new_props),
        properties_changed=tuple(
            f"`{p}` ({describe(old_props[p], new_props[p])})"
            for p in new_props
            if p in old_props and old_props[p] != new_props[p]
        ),
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
    if change.properties_added:
        parts.append(f"properties added: {_names(list(change.properties_added))}")
    if change.properties_removed:
        parts.append(f"properties removed: {_names(list(change.properties_removed))}")
    if change.properties_changed:
        parts.append(f"properties changed: {', '.join(change.properties_changed)}")
    if change.keywords_changed:
        parts.append(f"keywords changed: {', '.join(change.keywords_changed)}")
    return f"- `{change.name}` — {'; '.join(parts)}"


# --- a call of a new operation through client.request ---------------------------------------------


def _resolve(document: Any, node: Any) -> Any:
    seen = 0
    while (
        isinstance(node, dict)
        and isinstance(node.get("$ref"), str)
        and node["$ref"].startswith("#/")
        and seen < 20
    ):
        target: Any = document
        for part in node["$ref"][2:].split("/"):
            target = (
                target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
            )
        node, seen = target, seen + 1
    return node


def _words(name: str) -> str:
    """``leadId`` -> ``lead_id``."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    return re.sub(r"\W+", "_", snake).strip("_") or "value"


def _snake(name: str) -> str:
    """A Python variable named after the parameter."""
    snake = _words(name)
    return f"{snake}_" if keyword.iskeyword(snake) or snake[0].isdigit() else snake


def _sample(document: Any, parameter: dict[str, Any]) -> Any:
    schema = _resolve(document, parameter.get("schema")) or {}
    for source in (parameter, schema):
        for key in ("example", "default"):
            if key in source:
                return source[key]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    return {"integer": 1, "number": 1, "boolean": True}.get(
        str(schema.get("type")), _words(str(parameter["name"])).upper()
    )


def request_snippet(document: Any, method: str, path: str) -> str:
    """Python that calls ``method path`` of ``document`` with ``Telecrm.request``: every path parameter
    as a variable (percent-encoded into the path), the query parameters that have an example or a
    default, and the request body's example. ``{enterpriseId}`` is left to the client."""
    item = document["paths"][path]
    operation = item[method]
    parameters = [
        _resolve(document, p) for p in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]
    ]
    parameters = [p for p in parameters if isinstance(p, dict) and "name" in p]
    lines: list[str] = []
    # The client fills in its enterprise ID, declared as a parameter or not (the vendor forgets it).
    template = path.replace("{enterpriseId}", "{{enterprise_id}}")
    for parameter in (p for p in parameters if p.get("in") == "path"):
        name = str(parameter["name"])
        if name == "enterpriseId":
            continue
        variable = _snake(name)
        lines.append(f"{variable} = {_sample(document, parameter)!r}  # path parameter {name}")
        template = template.replace("{" + name + "}", "{quote(str(" + variable + "), safe='')}")
    encoded = "{quote(" in template
    if not encoded:
        template = template.replace("{{enterprise_id}}", "{enterprise_id}")
    query = {
        str(p["name"]): _sample(document, p)
        for p in parameters
        if p.get("in") == "query"
        and (p.get("required") or "example" in p or "default" in (_resolve(document, p.get("schema")) or {}))
    }
    body = _resolve(document, operation.get("requestBody")) or {}
    media = (body.get("content") or {}).get("application/json") or {}
    example = media.get(
        "example",
        next((e.get("value") for e in (media.get("examples") or {}).values() if isinstance(e, dict)), None),
    )
    call = [f"    {method.upper()!r},", f"    {'f' if encoded else ''}{template!r},"]
    if query:
        call.append(f"    params={query!r},")
    if example is not None:
        call.append(f"    json={example!r},")
    imports = ["from urllib.parse import quote", ""] if encoded else []
    return "\n".join(
        [
            *imports,
            "from telecrm import Telecrm",
            "",
            "client = Telecrm()  # TELECRM_ENTERPRISE_ID and TELECRM_SYNC_TOKEN from the environment",
            *lines,
            "answer = client.request(",
            *call,
            ")",
            "print(answer)",
            "",
        ]
    )
