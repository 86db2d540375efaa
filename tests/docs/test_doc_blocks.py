"""How the documentation's code blocks are found and how their markers are read (see ``doc_blocks.py``)."""

from __future__ import annotations

import pytest
from doc_blocks import DocBlockError, chains, collect, documents, module_text, output_matches, parse


def test_a_block_is_named_by_its_document_and_the_line_of_its_opening_fence() -> None:
    text = "# Title\n\nSome prose.\n\n```python\nprint(1)\n```\n"

    (block,) = parse(text, "docs/page.md")

    assert block.id == "docs/page.md:L5"
    assert block.code == "print(1)\n"


def test_only_python_blocks_are_collected() -> None:
    text = "```sh\nmake test\n```\n\n```text\nhello\n```\n\n```python\nx = 1\n```\n"

    assert [block.line for block in parse(text, "README.md")] == [9]


def test_a_python_block_under_another_language_name_is_an_error() -> None:
    with pytest.raises(DocBlockError, match=r"README.md:L1: write ```python, not ```py"):
        parse("```py\nx = 1\n```\n", "README.md")


def test_a_block_indented_in_an_admonition_or_tab_is_collected_dedented() -> None:
    text = '=== "Sync"\n\n    ```python\n    if True:\n        x = 1\n    ```\n'

    (block,) = parse(text, "docs/page.md")

    assert block.code == "if True:\n    x = 1\n"


def test_an_unmarked_block_is_run_and_type_checked() -> None:
    (block,) = parse("```python\nx = 1\n```\n", "README.md")

    assert (block.skip_run_reason, block.typecheck_pending, block.pytest) == (None, None, False)


def test_a_no_run_block_is_skipped_with_its_reason_but_still_type_checked() -> None:
    text = "<!-- doc-test: no-run: needs a real Telecrm account -->\n```python\nx = 1\n```\n"

    (block,) = parse(text, "README.md")

    assert block.skip_run_reason == "needs a real Telecrm account"
    assert block.typecheck_pending is None


def test_no_run_without_a_reason_is_an_error() -> None:
    with pytest.raises(DocBlockError, match="needs a reason"):
        parse("<!-- doc-test: no-run -->\n```python\nx = 1\n```\n", "README.md")


def test_a_continued_block_runs_after_the_block_it_continues() -> None:
    text = "```python\nx = 1\n```\n\n<!-- doc-test: continue -->\n```python\nprint(x)\n```\n"

    first, second = parse(text, "README.md")

    assert second.group == [first, second]
    assert first.group == [first]


def test_a_block_continuing_a_no_run_block_is_not_run_either() -> None:
    text = (
        "<!-- doc-test: no-run: needs an account -->\n```python\nx = 1\n```\n\n"
        "<!-- doc-test: continue -->\n```python\nprint(x)\n```\n"
    )

    _, second = parse(text, "README.md")

    assert second.skip_run_reason == "continues README.md:L2, which is not run: needs an account"


def test_continue_without_a_block_before_it_is_an_error() -> None:
    with pytest.raises(DocBlockError, match="needs a Python block before it"):
        parse("<!-- doc-test: continue -->\n```python\nx = 1\n```\n", "README.md")


def test_an_unknown_marker_is_an_error() -> None:
    with pytest.raises(DocBlockError, match="unknown doc-test marker 'skip'"):
        parse("<!-- doc-test: skip -->\n```python\nx = 1\n```\n", "README.md")


def test_a_marker_not_directly_above_a_block_is_an_error() -> None:
    with pytest.raises(DocBlockError, match="directly above a block"):
        parse("<!-- doc-test: continue -->\n\nSome prose.\n\n```python\nx = 1\n```\n", "README.md")


def test_a_malformed_marker_is_an_error() -> None:
    with pytest.raises(DocBlockError, match="malformed marker"):
        parse("Text <!-- doc-test: continue --> in a line.\n", "README.md")


def test_a_marker_quoted_as_inline_code_is_prose() -> None:
    assert parse("Write `<!-- doc-test: continue -->` above a block.\n", "README.md") == []


def test_an_output_block_is_what_the_python_block_before_it_prints() -> None:
    text = "```python\nprint('hi')\n```\n\n<!-- doc-test: output -->\n```text\nhi\n```\n"

    (block,) = parse(text, "README.md")

    assert block.expected_output == "hi\n"


def test_output_dots_on_a_line_of_their_own_stand_for_any_lines() -> None:
    assert output_matches("first\n...\nlast\n", "first\nsecond\nthird\nlast\n")
    assert output_matches("first\n...\nlast\n", "first\nlast\n")
    assert not output_matches("first\n...\nlast\n", "first\nsecond\n")


def test_output_dots_inside_a_line_stand_for_any_text_in_that_line_only() -> None:
    assert output_matches("lead ... created\n", "lead 65a1f0 created\n")
    assert not output_matches("lead ... created\n", "lead 65a1f0\ncreated\n")


def test_a_typecheck_pending_block_carries_its_reason() -> None:
    text = "<!-- doc-test: typecheck-pending: lead_id is str | None -->\n```python\nx = 1\n```\n"

    (block,) = parse(text, "README.md")

    assert block.typecheck_pending == "lead_id is str | None"


def test_a_chain_of_blocks_is_type_checked_as_one_module_with_the_documents_line_numbers() -> None:
    text = "Intro\n\n```python\nx = 1\n```\n\n<!-- doc-test: continue -->\n```python\nprint(x)\n```\n"
    blocks = parse(text, "README.md")

    (chain,) = chains(blocks)
    lines = module_text(chain).splitlines()

    assert (lines[3], lines[8]) == ("x = 1", "print(x)")  # Markdown lines 4 and 9


def test_the_checked_documents_are_the_readme_the_contributing_guide_and_every_docs_page() -> None:
    names = [path.name for path in documents()]

    assert names[:2] == ["README.md", "CONTRIBUTING.md"]
    assert "index.md" in names


def test_every_document_has_well_formed_blocks_and_markers() -> None:
    assert collect()  # raises DocBlockError, naming the line, for any malformed block or marker
