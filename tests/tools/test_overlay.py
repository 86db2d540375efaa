"""The overlay applier's semantics: what each kind of action does to a document."""

from pathlib import Path

import pytest
from overlay import (
    Overlay,
    OverlayError,
    apply_overlays,
    dump_yaml,
    load_overlays,
    load_yaml,
    parse_overlay,
    positional_selectors,
    replay,
)


def overlay(*actions: dict, source: str = "test.yaml") -> Overlay:
    return parse_overlay(
        {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}, source
    )


def action(target: str, **body: object) -> dict:
    return {"target": target, "description": "fixes a defect", **body}


def test_update_merges_objects_recursively() -> None:
    doc = {"a": {"b": {"c": 1, "d": 2}}}
    result = apply_overlays(doc, [overlay(action("$.a", update={"b": {"d": 3, "e": 4}}))])
    assert result == {"a": {"b": {"c": 1, "d": 3, "e": 4}}}


def test_update_replaces_scalars_and_adds_keys() -> None:
    result = apply_overlays({"x": {"type": "number"}}, [overlay(action("$.x", update={"type": "integer"}))])
    assert result == {"x": {"type": "integer"}}


def test_update_extends_nested_arrays() -> None:
    doc = {"schema": {"required": ["a"]}}
    result = apply_overlays(doc, [overlay(action("$.schema", update={"required": ["b"]}))])
    assert result == {"schema": {"required": ["a", "b"]}}


def test_update_on_an_array_appends_one_element() -> None:
    doc = {"tags": [{"name": "a"}]}
    result = apply_overlays(doc, [overlay(action("$.tags", update={"name": "b"}))])
    assert result == {"tags": [{"name": "a"}, {"name": "b"}]}


def test_update_applies_to_every_match() -> None:
    doc = {"paths": {"/a": {"get": {}}, "/b": {"get": {}}}}
    result = apply_overlays(doc, [overlay(action("$.paths.*.get", update={"tags": ["x"]}))])
    assert result == {"paths": {"/a": {"get": {"tags": ["x"]}}, "/b": {"get": {"tags": ["x"]}}}}


def test_update_does_not_alias_the_overlay_value() -> None:
    doc = {"a": {}, "b": {}}
    result = apply_overlays(doc, [overlay(action("$['a','b']", update={"list": [1]}))])
    result["a"]["list"].append(2)
    assert result["b"] == {"list": [1]}


def test_remove_deletes_an_object_member() -> None:
    doc = {"schema": {"type": "string", "format": "date-time"}}
    result = apply_overlays(doc, [overlay(action("$.schema.format", remove=True))])
    assert result == {"schema": {"type": "string"}}


def test_remove_deletes_array_elements_selected_by_filter() -> None:
    doc = {"enum": ["A", "B", "A", "C"]}
    result = apply_overlays(doc, [overlay(action("$.enum[?@ == 'A']", remove=True))])
    assert result == {"enum": ["B", "C"]}


def test_remove_by_index_keeps_the_other_duplicate() -> None:
    doc = {"tags": [{"name": "t"}, {"name": "u"}, {"name": "t"}]}
    result = apply_overlays(doc, [overlay(action("$.tags[2]", remove=True))])
    assert result == {"tags": [{"name": "t"}, {"name": "u"}]}


def test_remove_of_several_indices_removes_exactly_those() -> None:
    doc = {"list": [0, 1, 2, 3, 4]}
    result = apply_overlays(doc, [overlay(action("$.list[1,3]", remove=True))])
    assert result == {"list": [0, 2, 4]}


def test_remove_then_update_replaces_a_list() -> None:
    doc = {"schema": {"enum": ["PAID", "X"]}}
    result = apply_overlays(
        doc,
        [overlay(action("$.schema.enum", remove=True), action("$.schema", update={"enum": ["Y"]}))],
    )
    assert result == {"schema": {"enum": ["Y"]}}


def test_unmatched_target_is_an_error() -> None:
    with pytest.raises(OverlayError, match=r"test.yaml action 0 \(\$.nope\): target matches nothing"):
        apply_overlays({"a": 1}, [overlay(action("$.nope", remove=True))])


def test_update_on_a_primitive_is_an_error() -> None:
    with pytest.raises(OverlayError, match="update its parent object instead"):
        apply_overlays({"a": 1}, [overlay(action("$.a", update={"b": 2}))])


def test_invalid_jsonpath_is_an_error() -> None:
    with pytest.raises(OverlayError, match="invalid JSONPath"):
        apply_overlays({"a": 1}, [overlay(action("$.[", remove=True))])


def test_apply_leaves_the_input_document_unchanged() -> None:
    doc = {"a": {"b": 1}}
    apply_overlays(doc, [overlay(action("$.a", update={"b": 2}))])
    assert doc == {"a": {"b": 1}}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"target": "$.a", "update": {}}, "needs a 'description'"),
        ({"target": "$.a", "description": "  ", "update": {}}, "needs a 'description'"),
        ({"target": "$.a", "description": "d"}, "exactly one of"),
        ({"target": "$.a", "description": "d", "update": {}, "remove": True}, "exactly one of"),
        ({"target": "$.a", "description": "d", "remove": "yes"}, "'remove' must be a boolean"),
        ({"description": "d", "remove": True}, "'target' must be a JSONPath string"),
    ],
)
def test_malformed_actions_are_refused(raw: dict, message: str) -> None:
    with pytest.raises(OverlayError, match=message):
        overlay(raw)


def test_overlay_without_actions_is_refused() -> None:
    with pytest.raises(OverlayError, match="non-empty list"):
        parse_overlay({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": []}, "x")


def test_overlay_of_another_major_version_is_refused() -> None:
    with pytest.raises(OverlayError, match=r"version 1\.x"):
        parse_overlay({"overlay": "2.0.0", "info": {"title": "t", "version": "1"}, "actions": []}, "x")


def test_overlays_load_in_file_name_order(tmp_path: Path) -> None:
    for name, value in [("20-second.yaml", "second"), ("10-first.yaml", "first")]:
        (tmp_path / name).write_text(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n"
            f"actions: [{{target: '$.log', description: d, update: {value}}}]\n"
        )
    result = apply_overlays({"log": []}, load_overlays(tmp_path))
    assert result == {"log": ["first", "second"]}


def test_replay_lists_every_stale_action() -> None:
    overlays = [
        overlay(action("$.a", remove=True), action("$.gone", remove=True), action("$.b", remove=True))
    ]
    failures = replay({"a": 1}, overlays).stale
    assert [failed.target for failed, _ in failures] == ["$.gone", "$.b"]


def test_replay_lists_actions_that_change_nothing() -> None:
    overlays = [
        overlay(
            action("$.x", update={"example": 5}),
            action("$.x", update={"type": "integer"}),
            action("$.x", update={"nested": {"a": 1}}),
            action("$.x", update={"list": []}),
        )
    ]
    result = replay({"x": {"example": 5, "type": "string", "nested": {"a": 1}, "list": [1]}}, overlays)
    assert [idle.update for idle in result.idle] == [{"example": 5}, {"nested": {"a": 1}}, {"list": []}]
    assert result.document == {"x": {"example": 5, "type": "integer", "nested": {"a": 1}, "list": [1]}}


def test_an_update_that_changes_a_value_to_an_equal_value_of_another_type_is_a_change() -> None:
    result = replay({"x": {"flag": 1}}, [overlay(action("$.x", update={"flag": True}))])
    assert result.idle == []
    assert result.document == {"x": {"flag": True}}


def test_appending_to_an_array_and_removing_are_always_changes() -> None:
    overlays = [overlay(action("$.tags", update="x"), action("$.y", remove=True))]
    assert replay({"tags": ["x"], "y": 1}, overlays).idle == []


@pytest.mark.parametrize(
    ("target", "positional"),
    [
        ("$.tags[4]", ["4"]),
        ("$.a[-1].b", ["-1"]),
        ("$.a['x', 0]", ["0"]),
        ("$.tags[?@.name == 'team-members']", []),
        ("$.paths['/a/{b}'].get.parameters[*].schema", []),
    ],
)
def test_positional_selectors_are_indexes_and_slices_not_filters(target: str, positional: list[str]) -> None:
    assert positional_selectors(target) == positional


def test_a_slice_is_positional() -> None:
    assert len(positional_selectors("$.a[0:2]")) == 1


def test_json_in_any_layout_is_read_as_json(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text('{"openapi":"3.0.3","paths":{},"x":"2024-01-01","y":"a\\/b"}')
    assert load_yaml(path) == {"openapi": "3.0.3", "paths": {}, "x": "2024-01-01", "y": "a/b"}


def test_a_yaml_flow_mapping_is_still_read_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("{a: 2024-01-01}\n")
    assert load_yaml(path) == {"a": "2024-01-01"}


def test_unquoted_dates_load_as_strings(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("example: 2024-01-01\n")
    assert load_yaml(path) == {"example": "2024-01-01"}


def test_dump_round_trips_and_keeps_date_like_strings_quoted() -> None:
    document = {"b": "2024-01-01", "a": ["x", {"c": None}], "long": "y" * 300}
    text = dump_yaml(document)
    assert "b: '2024-01-01'" in text
    assert text.index("b:") < text.index("a:")
    assert "\n" not in text.split("long: ")[1].rstrip("\n")


def test_dump_is_deterministic() -> None:
    document = {"z": {"k": [1, 2]}, "a": "v"}
    assert dump_yaml(document) == dump_yaml(document)
