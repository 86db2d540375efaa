"""tools/relayout.py: a whitespace-collapsed spec gets its layout back, and nothing but whitespace
changes."""

import sys
from pathlib import Path

import pytest
import yaml
from relayout import RelayoutError, collapse, is_collapsed, relayout

ROOT = Path(__file__).resolve().parents[2]
VENDOR = (ROOT / "openapi" / "telecrm.yaml").read_text(encoding="utf-8")
sys.path.insert(0, str(ROOT / "tests" / "update"))
import vendor_variants as variants  # noqa: E402


def layout(text: str) -> str:
    """Collapse an indented document, then lay it out again without any memory."""
    return relayout(collapse(text))


def test_todays_spec_comes_back_byte_for_byte_with_its_previous_layout() -> None:
    assert relayout(collapse(VENDOR), VENDOR) == VENDOR


def test_a_new_operation_comes_back_exactly_as_the_vendor_indented_it() -> None:
    edited = variants.with_new_operation(VENDOR)
    assert relayout(collapse(edited), VENDOR) == edited


def test_a_new_property_comes_back_exactly_as_the_vendor_indented_it() -> None:
    edited = variants.with_new_response_property(VENDOR)
    assert relayout(collapse(edited), VENDOR) == edited


def test_a_removed_path_leaves_the_rest_of_the_layout_alone() -> None:
    edited = variants.without_state_change_path(VENDOR)
    assert relayout(collapse(edited), VENDOR) == edited


def test_without_memory_the_output_collapses_back_to_the_input() -> None:
    assert collapse(relayout(collapse(VENDOR))) == collapse(VENDOR)


def test_without_memory_todays_spec_has_the_same_paths_operations_and_schemas() -> None:
    faithful, inferred = yaml.safe_load(VENDOR), yaml.safe_load(relayout(collapse(VENDOR)))
    assert list(inferred["paths"]) == list(faithful["paths"])
    assert {p: list(item) for p, item in inferred["paths"].items()} == {
        p: list(item) for p, item in faithful["paths"].items()
    }
    assert list(inferred["components"]["schemas"]) == list(faithful["components"]["schemas"])


def test_a_schema_keyword_with_a_mapping_value_is_a_property_name() -> None:
    text = (
        "components:\n  schemas:\n    Field:\n      type: object\n      properties:\n        name:\n"
        "          type: string\n        description:\n          type: string\n"
    )
    assert layout(text) == text


def test_a_pascal_case_name_after_properties_is_the_next_component_schema() -> None:
    text = (
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        x:\n"
        "          type: string\n    B:\n      type: string\n"
    )
    assert layout(text) == text


def test_required_goes_to_the_schema_whose_properties_it_names() -> None:
    text = (
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        a:\n"
        "          type: string\n        b:\n          type: integer\n      required:\n        - a\n"
        "        - b\n"
    )
    assert layout(text) == text


def test_a_parameter_description_after_its_schema_belongs_to_the_parameter() -> None:
    text = (
        "paths:\n  /x:\n    get:\n      parameters:\n        - in: query\n          name: limit\n"
        "          schema:\n            type: integer\n          description: How many.\n"
    )
    assert layout(text) == text


def test_a_quoted_status_after_example_data_is_the_next_response() -> None:
    text = (
        "paths:\n  /x:\n    get:\n      responses:\n        '400':\n          description: Bad\n"
        "          content:\n            application/json:\n              example:\n"
        "                error:\n                  code: BAD\n        '401':\n          description: No\n"
    )
    assert layout(text) == text


def test_a_block_scalar_ends_at_the_next_key_of_an_open_object() -> None:
    text = "info:\n  title: T\n  description: |\n    - one: two\n    - three\n  version: 1.0.0\n"
    document = yaml.safe_load(layout(text))
    assert document["info"]["version"] == "1.0.0"
    assert document["info"]["description"].split() == ["-", "one:", "two", "-", "three"]


def test_a_document_on_one_line_is_collapsed_and_an_indented_one_is_not() -> None:
    assert is_collapsed(collapse(VENDOR))
    assert not is_collapsed(VENDOR)


def test_text_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(RelayoutError, match="expected a key"):
        relayout("just some words")
