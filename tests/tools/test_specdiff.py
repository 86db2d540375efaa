"""tools/specdiff.py: the report names what changed, and a new operation's `client.request` call."""

from typing import Any

from specdiff import describe, diff_specs, render, request_snippet


def spec(**paths: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "paths": paths, "components": {"schemas": {}}}


def test_enum_values_added_and_removed_are_named() -> None:
    old = {"type": "string", "enum": ["A", "B", "C"]}
    new = {"type": "string", "enum": ["A", "C", "D"]}
    assert describe(old, new) == "enum values added: `D`; enum values removed: `B`"


def test_a_reordered_enum_is_named_as_such() -> None:
    assert describe({"enum": ["A", "B"]}, {"enum": ["B", "A"]}) == "enum order"


def test_properties_and_required_names_are_named_down_to_nested_enums() -> None:
    old = {"properties": {"a": {"type": "string"}, "b": {"enum": [1]}}, "required": ["a"]}
    new = {"properties": {"b": {"enum": [1, 2]}, "c": {"type": "string"}}, "required": ["c"]}
    assert describe(old, new) == (
        "properties added: `c`; properties removed: `a`; property `b`: enum values added: `2`; "
        "required added: `c`; required removed: `a`"
    )


def test_parameters_and_statuses_added_and_removed_are_named() -> None:
    old = spec(**{"/x": {"get": {"parameters": [{"name": "a", "in": "query"}], "responses": {"200": {}}}}})
    new = spec(
        **{
            "/x": {
                "get": {
                    "parameters": [{"name": "b", "in": "query"}],
                    "responses": {"200": {}, "404": {}},
                }
            }
        }
    )
    (change,) = diff_specs(old, new).operations_changed
    assert change.changed == (
        "parameters added: `b (in query)`",
        "parameters removed: `a (in query)`",
        "statuses added: `404`",
    )


def test_a_changed_parameter_says_how() -> None:
    old = spec(**{"/x": {"get": {"parameters": [{"name": "s", "in": "query", "schema": {"enum": ["A"]}}]}}})
    new = spec(
        **{"/x": {"get": {"parameters": [{"name": "s", "in": "query", "schema": {"enum": ["A", "B"]}}]}}}
    )
    (change,) = diff_specs(old, new).operations_changed
    assert change.changed == ("parameter `s (in query)`: schema: enum values added: `B`",)


def test_a_schema_enum_change_is_rendered_with_its_values() -> None:
    old = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": {"S": {"enum": ["A"]}}}}
    new = {"openapi": "3.0.3", "paths": {}, "components": {"schemas": {"S": {"enum": ["A", "B"]}}}}
    assert "- `S` — keywords changed: enum values added: `B`" in render(diff_specs(old, new), {})


def test_the_snippet_of_an_operation_without_path_parameters_is_a_plain_string() -> None:
    document = spec(**{"/enterprise/{enterpriseId}/things": {"get": {"responses": {}}}})
    snippet = request_snippet(document, "get", "/enterprise/{enterpriseId}/things")
    assert "quote" not in snippet
    assert "    'GET',\n    '/enterprise/{enterprise_id}/things',\n" in snippet
    compile(snippet, "<snippet>", "exec")


def test_the_snippet_encodes_path_parameters_and_fills_query_and_body_examples() -> None:
    document = spec(
        **{
            "/enterprise/{enterpriseId}/a/{thingId}": {
                "parameters": [{"name": "thingId", "in": "path", "example": "t 1"}],
                "post": {
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 5}},
                        {"name": "hint", "in": "query", "schema": {"type": "string"}},
                        {"name": "class", "in": "query", "required": True, "schema": {"type": "string"}},
                    ],
                    "requestBody": {"content": {"application/json": {"example": {"k": "v"}}}},
                },
            }
        }
    )
    snippet = request_snippet(document, "post", "/enterprise/{enterpriseId}/a/{thingId}")
    assert "thing_id = 't 1'  # path parameter thingId\n" in snippet
    assert "f\"/enterprise/{{enterprise_id}}/a/{quote(str(thing_id), safe='')}\"," in snippet
    assert "    params={'limit': 5, 'class': 'CLASS'},\n    json={'k': 'v'},\n" in snippet
    compile(snippet, "<snippet>", "exec")
