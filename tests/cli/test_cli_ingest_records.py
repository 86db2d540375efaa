"""`telecrm ingest`: a record that cannot be read is that record's invalid outcome, with its line number, and
the run goes on; an output path that is the input or another output is refused before anything is written."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest
from cli_support import Cli, assert_one_line_error

GOOD = [f'{{"phone": "91980000000{i}", "name": "Lead {i}"}}' for i in range(3)]


def ingest(cli: Cli, source: Path, *args: str | Path) -> Any:
    result = cli.run("ingest", source, "--rate", "0", "--json", *args)
    assert result.status == 3, result
    return result.json()


def reasons_by_line(summary: dict[str, Any]) -> dict[int, str]:
    return {problem["line"]: " | ".join(problem["reasons"]) for problem in summary["problems"]}


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        pytest.param('{"phone": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply", id="deep"),
        pytest.param(
            '{"phone": "9198", "note": "' + "x" * (1 << 20) + '"}', "longer than 1,048,576", id="long"
        ),
        pytest.param('{"phone": 1' + "0" * 5000 + "}", "not JSON (Exceeds the limit", id="huge-int"),
        pytest.param('{"phone": "9198"', "not JSON (Expecting", id="cut-short"),
        pytest.param("[1, 2]", "a line is a JSON object, got list", id="not-an-object"),
    ],
)
def test_a_json_line_that_cannot_be_read_is_invalid_and_the_run_goes_on(
    cli: Cli, bad_line: str, reason: str
) -> None:
    source = cli.tmp_path / "leads.jsonl"
    source.write_text("\n".join([GOOD[0], bad_line, GOOD[1], GOOD[2]]) + "\n", encoding="utf-8")

    summary = ingest(cli, source)

    assert (summary["records"], summary["queued"], summary["invalid"]) == (4, 3, 1)
    assert list(reasons_by_line(summary)) == [2]
    assert reason in reasons_by_line(summary)[2]
    [rejected] = (cli.tmp_path / "leads.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(rejected)["#line"] == 2


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        pytest.param(
            "919800000009,Big," + "x" * 140_000, "field larger than field limit (131072)", id="huge-cell"
        ),
        pytest.param("919800000009,Big,1" + "0" * 5000, "budget_lakhs", id="huge-number"),
        pytest.param("919800000009,B\udcffad,1", "lone surrogate", id="invalid-utf8"),
        pytest.param('919800000009,"Big" Bang,1', "',' expected after '\"'", id="text-after-a-quote"),
    ],
)
def test_a_csv_row_that_cannot_be_read_is_invalid_and_the_run_goes_on(
    cli: Cli, bad_row: str, reason: str
) -> None:
    rows = ["phone,name,budget_lakhs", "919800000001,A,1", bad_row, "919800000002,B,2", "919800000003,C,3"]
    source = cli.tmp_path / "leads.csv"
    source.write_bytes(("\n".join(rows) + "\n").encode("utf-8", "surrogateescape"))

    summary = ingest(cli, source)

    assert (summary["records"], summary["queued"], summary["invalid"]) == (4, 3, 1)
    assert list(reasons_by_line(summary)) == [3]
    assert reason in reasons_by_line(summary)[3]
    with (cli.tmp_path / "leads.rejects.csv").open(
        newline="", encoding="utf-8", errors="surrogateescape"
    ) as out:
        assert [row[-3] for row in csv.reader(out)][1:] == ["3"]


def _aliases(tmp_path: Path, source: Path) -> dict[str, tuple[str | Path, ...]]:
    rejects = tmp_path / "leads.rejects.csv"
    journal = tmp_path / "run.journal"
    return {
        "rejects-is-the-input": ("--rejects", source),
        "rejects-is-the-journal": ("--rejects", journal, "--journal", journal),
        "journal-is-the-input": ("--journal", source),
        "rejects-is-the-journal-log": ("--rejects", f"{journal}-wal", "--journal", journal),
        "default-rejects-is-a-symlink-to-the-input": (),
        "rejects-is-a-hard-link-to-the-input": ("--rejects", rejects.with_name("hard.csv")),
    }


@pytest.mark.parametrize(
    "case",
    [
        "rejects-is-the-input",
        "rejects-is-the-journal",
        "journal-is-the-input",
        "rejects-is-the-journal-log",
        "default-rejects-is-a-symlink-to-the-input",
        "rejects-is-a-hard-link-to-the-input",
    ],
)
def test_an_output_that_is_the_input_or_another_output_is_refused_before_anything_is_written(
    cli: Cli, case: str
) -> None:
    text = "phone,name\n919800000001,A\n919800000002,\n"
    source = cli.tmp_path / "leads.csv"
    source.write_text(text, encoding="utf-8")
    if case == "default-rejects-is-a-symlink-to-the-input":
        (cli.tmp_path / "leads.rejects.csv").symlink_to(source)
    if case == "rejects-is-a-hard-link-to-the-input":
        os.link(source, cli.tmp_path / "hard.csv")

    result = cli.run("ingest", source, *_aliases(cli.tmp_path, source)[case])

    assert "writing it would destroy" in assert_one_line_error(result, status=2)
    assert source.read_text(encoding="utf-8") == text
    assert not (cli.tmp_path / "run.journal").exists()
    assert cli.fake.state.requests == []


def test_an_unclosed_quote_at_the_end_of_a_csv_is_a_broken_row_not_a_record(cli: Cli) -> None:
    source = cli.tmp_path / "leads.csv"
    source.write_text('phone,name\n919800000001,A\n919800000002,"Unclosed\n', encoding="utf-8")

    summary = ingest(cli, source)

    assert (summary["records"], summary["queued"], summary["invalid"]) == (2, 1, 1)
    assert "line 3: the row cannot be read as CSV (unexpected end of data)" in reasons_by_line(summary)[3]


def test_problems_name_their_lines_across_blank_lines_and_multi_line_cells(cli: Cli) -> None:
    rows = ["phone,name", "919800000001,A", "", ",no phone", '919800000002,"two', 'lines"', "", ",no phone"]
    source = cli.tmp_path / "leads.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")

    summary = ingest(cli, source)

    assert list(reasons_by_line(summary)) == [4, 8]
