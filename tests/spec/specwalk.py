"""Walk an OpenAPI 3.0 document: operations, schemas, examples, and example validation.

Locations are reported as RFC 9535 normalized paths (``$['paths']['/x']['get']``), the same
language overlay targets are written in, so a failure message can be pasted into an overlay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openapi_schema_validator import OAS30Validator
from overlay import load_yaml
from referencing import Registry
from referencing.jsonschema import DRAFT4

ROOT = Path(__file__).resolve().parents[2]
VENDOR_SPEC = ROOT / "openapi" / "telecrm.yaml"
PATCHED_SPEC = ROOT / "openapi" / "telecrm.patched.yaml"
OVERLAYS = ROOT / "overlays"

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
SUBSCHEMA_SINGLE = ("items", "additionalProperties", "not")

Parts = tuple[str | int, ...]


def location(parts: Sequence[str | int]) -> str:
    """RFC 9535 normalized path of a node, e.g. ``$['components']['schemas']['Lead']``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out += f"['{escaped}']"
    return out


def json_pointer(parts: Sequence[str | int]) -> str:
    return "#" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def ref_parts(ref: str) -> Parts:
    """``#/components/schemas/X`` -> ``("components", "schemas", "X")`` (local refs only)."""
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs are supported, got {ref!r}")
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))


def get(document: Any, parts: Sequence[str | int]) -> Any:
    node = document
    for part in parts:
        node = node[part]
    return node


def deref(document: Any, parts: Parts, node: Any) -> tuple[Parts, Any]:
    """Follow a chain of local ``$ref`` objects; return the final node and its location."""
    seen = set()
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        if node["$ref"] in seen:
            raise ValueError(f"$ref cycle at {location(parts)}")
        seen.add(node["$ref"])
        parts = ref_parts(node["$ref"])
        node = get(document, parts)
    return parts, node


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    parts: Parts
    node: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def name(self) -> str:
        """The operationId, or ``METHOD path`` for an operation without one (a new vendor endpoint),
        so that a test can always name it: a test suite that cannot be collected explains nothing."""
        operation_id = self.node.get("operationId")
        return operation_id if isinstance(operation_id, str) else self.label


def operations(document: Any) -> list[Operation]:
    return [
        Operation(path, method, ("paths", path, method), item[method], item)
        for path, item in document.get("paths", {}).items()
        for method in HTTP_METHODS
        if method in item
    ]


def iter_nodes(node: Any, parts: Parts = ()) -> Iterator[tuple[Parts, Any]]:
    """Every node of a document, depth first, with its location."""
    yield parts, node
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from iter_nodes(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_nodes(value, (*parts, index))


def iter_subschemas(
    document: Any, parts: Parts, schema: Any, *, follow_refs: bool = False, seen: set[Parts] | None = None
) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """A schema and every schema nested in it (properties, items, compositions...).

    With ``follow_refs`` the walk continues into referenced components (each visited once),
    which answers "what can appear in this body".
    """
    seen = set() if seen is None else seen
    if not isinstance(schema, Mapping) or parts in seen:
        return
    seen.add(parts)
    if "$ref" in schema:
        if follow_refs:
            target = ref_parts(schema["$ref"])
            yield from iter_subschemas(document, target, get(document, target), follow_refs=True, seen=seen)
        # OAS 3.0: siblings of $ref are ignored; nothing else to walk.
        yield parts, dict(schema)
        return
    yield parts, dict(schema)
    for name, sub in schema.get("properties", {}).items():
        yield from iter_subschemas(
            document, (*parts, "properties", name), sub, follow_refs=follow_refs, seen=seen
        )
    for key in SUBSCHEMA_SINGLE:
        if isinstance(schema.get(key), Mapping):
            yield from iter_subschemas(
                document, (*parts, key), schema[key], follow_refs=follow_refs, seen=seen
            )
    for key in SUBSCHEMA_LISTS:
        for index, sub in enumerate(schema.get(key, [])):
            yield from iter_subschemas(
                document, (*parts, key, index), sub, follow_refs=follow_refs, seen=seen
            )


# --- where schemas and examples live ------------------------------------------------------------


def _media_types(content_parts: Parts, content: Any) -> Iterator[tuple[Parts, dict[str, Any]]]:
    for media_type, media in (content or {}).items():
        yield (*content_parts, media_type), media


def _parameter_like(parts: Parts, node: Any) -> Iterator[tuple[str, Parts, dict[str, Any]]]:
    """A Parameter or Header object: its ``schema`` and its ``content`` media types."""
    if not isinstance(node, Mapping) or "$ref" in node:
        return
    yield "parameter", parts, dict(node)
    for media_parts, media in _media_types((*parts, "content"), node.get("content")):
        yield "media", media_parts, media


def _response(parts: Parts, node: Any) -> Iterator[tuple[str, Parts, dict[str, Any]]]:
    if not isinstance(node, Mapping) or "$ref" in node:
        return
    for media_parts, media in _media_types((*parts, "content"), node.get("content")):
        yield "response-media", media_parts, media
    for name, header in (node.get("headers") or {}).items():
        yield from _parameter_like((*parts, "headers", name), header)


def _request_body(parts: Parts, node: Any) -> Iterator[tuple[str, Parts, dict[str, Any]]]:
    if not isinstance(node, Mapping) or "$ref" in node:
        return
    for media_parts, media in _media_types((*parts, "content"), node.get("content")):
        yield "request-media", media_parts, media


def holders(document: Any) -> Iterator[tuple[str, Parts, dict[str, Any]]]:
    """Every inline Parameter/Header ("parameter") and Media Type ("request-media",
    "response-media", "media") object of the document, each once."""
    for path, item in document.get("paths", {}).items():
        for index, parameter in enumerate(item.get("parameters", [])):
            yield from _parameter_like(("paths", path, "parameters", index), parameter)
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op_parts: Parts = ("paths", path, method)
            op = item[method]
            for index, parameter in enumerate(op.get("parameters", [])):
                yield from _parameter_like((*op_parts, "parameters", index), parameter)
            if "requestBody" in op:
                yield from _request_body((*op_parts, "requestBody"), op["requestBody"])
            for status, response in op.get("responses", {}).items():
                yield from _response((*op_parts, "responses", status), response)
    components = document.get("components", {})
    for name, parameter in components.get("parameters", {}).items():
        yield from _parameter_like(("components", "parameters", name), parameter)
    for name, header in components.get("headers", {}).items():
        yield from _parameter_like(("components", "headers", name), header)
    for name, body in components.get("requestBodies", {}).items():
        yield from _request_body(("components", "requestBodies", name), body)
    for name, response in components.get("responses", {}).items():
        yield from _response(("components", "responses", name), response)


def root_schemas(document: Any) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """Every schema that is not nested in another: components and inline ``schema`` fields."""
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        yield ("components", "schemas", name), schema
    for _, parts, holder in holders(document):
        if isinstance(holder.get("schema"), Mapping):
            yield (*parts, "schema"), holder["schema"]


def all_schemas(document: Any) -> Iterator[tuple[Parts, dict[str, Any]]]:
    for parts, schema in root_schemas(document):
        yield from iter_subschemas(document, parts, schema)


@dataclass(frozen=True)
class Example:
    kind: str  # "request-media", "response-media", "media", "parameter", "schema"
    parts: Parts  # where the example value is written
    schema_parts: Parts | None  # the schema it must satisfy (None: no schema)
    value: Any

    @property
    def where(self) -> str:
        return location(self.parts)


def examples(document: Any) -> Iterator[Example]:
    """Every ``example`` and ``examples.*.value`` of media types, parameters, headers and schemas."""
    for kind, parts, holder in holders(document):
        schema_parts = (*parts, "schema") if "schema" in holder else None
        if "example" in holder:
            yield Example(kind, (*parts, "example"), schema_parts, holder["example"])
        for name, entry in (holder.get("examples") or {}).items():
            entry_parts, entry = deref(document, (*parts, "examples", name), entry)
            if "value" in entry:
                yield Example(kind, (*entry_parts, "value"), schema_parts, entry["value"])
    for parts, schema in all_schemas(document):
        if "example" in schema:
            yield Example("schema", (*parts, "example"), parts, schema["example"])


class SchemaChecker:
    """Validates instances against schemas of one OpenAPI 3.0 document (OAS 3.0 dialect:
    ``nullable``, OAS ``type`` rules; local ``#/components/...`` refs resolved in the document)."""

    def __init__(self, document: Any, uri: str = "urn:telecrm:spec") -> None:
        self.uri = uri
        self.registry = Registry().with_resource(uri, DRAFT4.create_resource(document))

    def errors(self, schema_parts: Sequence[str | int], instance: Any) -> list[str]:
        validator = OAS30Validator({"$ref": self.uri + json_pointer(schema_parts)}, registry=self.registry)
        return sorted(
            f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
            for error in validator.iter_errors(instance)
        )


def example_problems(document: Any) -> dict[str, list[str]]:
    """``{example location: [problems]}`` for every example that does not fit its schema."""
    checker = SchemaChecker(document)
    problems: dict[str, list[str]] = {}
    for example in examples(document):
        if example.schema_parts is None:
            problems[example.where] = ["example without a schema to check it against"]
            continue
        errors = checker.errors(example.schema_parts, example.value)
        if errors:
            problems[example.where] = errors
    return problems


def string_leaves(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from string_leaves(key)
            yield from string_leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from string_leaves(value)


def word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(text)}(?![A-Za-z0-9_])")


def load(path: Path) -> Any:
    return load_yaml(path)
