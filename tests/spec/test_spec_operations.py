"""The patched spec is a valid document whose operations a generator can name, group and type."""

from collections import Counter
from typing import Any

import pytest
from openapi_spec_validator import validate
from specwalk import SchemaChecker, deref, location, operations

ASYNC_OPERATION = ("post", "/enterprise/{enterpriseId}/autoupdatelead")
ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}


def test_patched_spec_passes_openapi_spec_validator(patched: Any) -> None:
    validate(patched)  # raises OpenAPIValidationError on the first problem


def test_only_the_async_upsert_leaves_the_sync_server(patched: Any) -> None:
    async_ops = sorted(
        (op.method, op.path)
        for op in operations(patched)
        if "servers" in op.path_item or "servers" in op.node
    )
    assert async_ops == [ASYNC_OPERATION], "only the Async upsert may leave the Sync server"


def test_every_operation_has_an_operation_id(patched: Any) -> None:
    missing = [op.label for op in operations(patched) if not op.node.get("operationId")]
    assert missing == [], f"operations without an operationId: {missing}"


def test_operation_ids_are_unique(patched: Any) -> None:
    counts = Counter(op.node.get("operationId") for op in operations(patched))
    duplicates = {op_id: n for op_id, n in counts.items() if n > 1}
    assert duplicates == {}, f"operationIds used more than once: {duplicates}"


def test_every_operation_has_at_least_one_tag(patched: Any) -> None:
    untagged = [op.label for op in operations(patched) if not op.node.get("tags")]
    assert untagged == [], (
        f"operations without a tag (the generator files them under api/default): {untagged}"
    )


def test_every_tag_an_operation_uses_is_declared(patched: Any) -> None:
    declared = {tag["name"] for tag in patched["tags"]}
    undeclared = [
        (op.label, tag)
        for op in operations(patched)
        for tag in op.node.get("tags", [])
        if tag not in declared
    ]
    assert undeclared == [], f"tags used but not declared in the top-level `tags`: {undeclared}"


def test_declared_tag_names_are_unique(patched: Any) -> None:
    counts = Counter(tag["name"] for tag in patched["tags"])
    assert {name: n for name, n in counts.items() if n > 1} == {}, f"tag names declared twice: {counts}"


def test_every_operation_declares_a_401_response(patched: Any) -> None:
    missing = [op.label for op in operations(patched) if "401" not in op.node.get("responses", {})]
    assert missing == [], f"operations without a 401 response: {missing}"


def test_every_error_response_with_content_uses_the_error_schema(patched: Any) -> None:
    offenders = []
    for op in operations(patched):
        for status, response in op.node["responses"].items():
            if str(status)[0] not in "45":
                continue
            parts, response = deref(patched, (*op.parts, "responses", status), response)
            for media_type, media in response.get("content", {}).items():
                if media.get("schema") != ERROR_SCHEMA:
                    offenders.append(
                        f"{op.label} {status} {media_type} at {location(parts)}: {media.get('schema')}"
                    )
    assert offenders == [], "4xx/5xx bodies not declared as `Error`:\n  " + "\n  ".join(offenders)


def _is_object_schema(document: Any, parts: tuple[Any, ...], schema: Any) -> bool:
    """`type: object`, or a composition whose every alternative is one (after resolving $refs)."""
    parts, schema = deref(document, parts, schema)
    if schema.get("type") == "object":
        return True
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return all(
                _is_object_schema(document, (*parts, key, index), sub)
                for index, sub in enumerate(schema[key])
            )
    return any(
        _is_object_schema(document, (*parts, "allOf", i), sub)
        for i, sub in enumerate(schema.get("allOf", []))
    )


def _request_body_schemas(document: Any) -> list[tuple[str, tuple[Any, ...], Any]]:
    found = []
    for op in operations(document):
        if "requestBody" in op.node:
            body_parts, body = deref(document, (*op.parts, "requestBody"), op.node["requestBody"])
            for media_type, media in body.get("content", {}).items():
                found.append(
                    (
                        f"{op.label} {media_type}",
                        (*body_parts, "content", media_type, "schema"),
                        media["schema"],
                    )
                )
    return found


def test_every_request_body_schema_is_an_object(patched: Any) -> None:
    bodies = _request_body_schemas(patched)
    offenders = [
        f"{label}: {location(parts)}"
        for label, parts, schema in bodies
        if not _is_object_schema(patched, parts, schema)
    ]
    assert "POST /enterprise/{enterpriseId}/lead application/json" in [label for label, _, _ in bodies]
    assert offenders == [], (
        "request bodies that are not `type: object` (JSON null would validate):\n  " + "\n  ".join(offenders)
    )


@pytest.mark.parametrize("body", [None, [], "x", 1], ids=["null", "list", "string", "number"])
def test_every_request_body_rejects_a_non_object(patched: Any, checker: SchemaChecker, body: object) -> None:
    accepted = [
        label for label, parts, _ in _request_body_schemas(patched) if not checker.errors(parts, body)
    ]
    assert accepted == [], f"request bodies that accept {body!r}: {accepted}"
