"""tools/relayout.py: a whitespace-collapsed spec gets its layout back, and nothing but whitespace
changes."""

import re
import sys
from pathlib import Path

import pytest
import yaml
from relayout import RelayoutError, collapse, is_collapsed, matching_words, relayout

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


def test_a_large_spec_with_changes_all_over_it_comes_back_exactly_as_laid_out() -> None:
    # A spec grown to 2 MB (issue 17 was about 5 MB), then changed in every tenth schema and in one
    # response schema: laying it out against the large previous layout gives back every line break.
    previous = variants.with_large_schemas(VENDOR, 2_000_000)
    edited = re.sub(r"(description: Schema number \d*0 of)", r"\1 a changed", previous)
    edited = variants.with_new_response_property(edited)
    assert len(edited) > 2_000_000
    assert relayout(collapse(edited), previous) == edited


def test_a_large_addition_is_laid_out_without_memory_of_it() -> None:
    edited = variants.with_large_schemas(VENDOR, 1_000_000)
    assert relayout(collapse(edited), VENDOR) == edited


def test_matching_words_pairs_every_unchanged_word_in_order() -> None:
    old = ["a", "b", "c", "d", "e", "f"]
    new = ["a", "x", "c", "d", "y", "f", "z"]
    assert matching_words(old, new) == {0: 0, 2: 2, 3: 3, 5: 5}


def test_matching_words_splits_large_ranges_at_words_unique_to_both() -> None:
    old = [f"w{n % 7}" for n in range(1000)] + ["anchor"] + [f"w{n % 5}" for n in range(1000)]
    new = [f"v{n % 3}" for n in range(1000)] + ["anchor"] + [f"w{n % 5}" for n in range(1000)]
    pairs = matching_words(old, new)
    assert pairs[1000] == 1000
    assert all(pairs[1001 + n] == 1001 + n for n in range(1000))
    assert all(old[i] == new[j] for i, j in pairs.items())
    assert sorted(pairs.values()) == [pairs[i] for i in sorted(pairs)]
