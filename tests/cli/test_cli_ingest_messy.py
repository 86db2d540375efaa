"""`telecrm ingest` on messy real-world files: phones as people write them, spreadsheet dates, repeated leads
and bad values, from CSV and from Excel; every row accounted for, and the fake holding exactly the leads
expected."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_support import Cli
from messy_data import ROWS, expected, write_csv, write_xlsx

EXPECTED = expected()


@pytest.mark.parametrize(
    ("suffix", "write"), [(".csv", write_csv), (".xlsx", write_xlsx)], ids=["csv", "xlsx"]
)
def test_10000_messy_rows_are_each_queued_merged_or_invalid_with_the_reason(
    cli: Cli, suffix: str, write: Callable[[Path], Path]
) -> None:
    source = write(cli.tmp_path / f"leads{suffix}")
    seeded = {lead.fields.get("phone") for lead in cli.fake.state.leads}

    result = cli.run(
        "ingest", source, "--map", "Mobile=phone", "--map", "Name=name", "--rate", "0", "--concurrency", "16",
        "--json",
    )  # fmt: skip

    summary = result.json()
    assert (summary["records"], summary["queued"], summary["invalid"], summary["failed"]) == (
        ROWS,
        ROWS - len(EXPECTED.invalid),
        len(EXPECTED.invalid),
        0,
    )
    assert summary["duplicates"] == len(EXPECTED.duplicate_of)
    first = {row["line"] - 2: row["same_lead_as_line"] - 2 for row in summary["duplicate_rows"]}
    assert first == {index: EXPECTED.duplicate_of[index] for index in first}
    with Path(summary["rejects_file"]).open(newline="", encoding="utf-8") as handle:
        rejects = {int(row["#line"]) - 2: row["#reasons"] for row in csv.DictReader(handle)}
    assert rejects.keys() == EXPECTED.invalid.keys()
    assert all(EXPECTED.invalid[index] in reasons for index, reasons in rejects.items())

    cli.fake.state.wait_idle(timeout=60)
    leads = {
        lead.fields["phone"]: (lead.fields["name"], lead.fields["email"])
        for lead in cli.fake.state.leads
        if lead.fields.get("phone") not in seeded
    }
    assert leads == EXPECTED.leads
    assert all(record.dropped == () for record in cli.fake.state.ingested), "the fake dropped nothing"


# --- one behaviour each ------------------------------------------------------------------------------------

MESSY = """\
phone,name,email
+91 98111 00401,Asha,Asha@Example.com
098111-00402,Bala,bala@example.com
9811100401,Asha Again,asha@example.com
"""


def run(cli: Cli, *args: str | Path) -> Any:
    return cli.run("ingest", *args, "--rate", "0")


def csv_file(tmp_path: Path, text: str = MESSY) -> Path:
    path = tmp_path / "leads.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rewrites_are_counted_and_listed_in_the_json_summary(cli: Cli) -> None:
    summary = run(cli, csv_file(cli.tmp_path), "--dry-run", "--json").json()

    assert summary["rewritten"] == 4
    assert summary["rewrites"] == [
        {"line": 2, "where": "fields.phone", "before": "+91 98111 00401", "after": "919811100401"},
        {"line": 2, "where": "fields.email", "before": "Asha@Example.com", "after": "asha@example.com"},
        {"line": 3, "where": "fields.phone", "before": "098111-00402", "after": "919811100402"},
        {"line": 4, "where": "fields.phone", "before": "9811100401", "after": "919811100401"},
    ]


def test_show_rewrites_prints_each_rewritten_value(cli: Cli) -> None:
    result = run(cli, csv_file(cli.tmp_path), "--dry-run", "--show-rewrites")

    assert "Values rewritten" in result.stdout
    assert "+91 98111 00401" in result.stdout
    assert "919811100402" in result.stdout


def test_a_duplicate_row_is_reported_with_both_line_numbers(cli: Cli) -> None:
    summary = run(cli, csv_file(cli.tmp_path), "--dry-run", "--json").json()

    assert (summary["duplicates"], summary["duplicates_handling"]) == (1, "merge")
    assert summary["duplicate_rows"] == [{"line": 4, "same_lead_as_line": 2}]


def test_keep_first_skips_the_later_row_of_a_lead(cli: Cli) -> None:
    result = run(cli, csv_file(cli.tmp_path), "--duplicates", "keep-first", "--json")

    assert result.status == 0
    assert (result.json()["queued"], result.json()["skipped"]) == (2, 1)
    cli.fake.state.wait_idle()
    lead = cli.fake.state.find_lead("919811100401")
    assert lead is not None
    assert lead.fields["name"] == "Asha"


def test_reject_sends_the_later_row_of_a_lead_to_the_rejects_file(cli: Cli) -> None:
    result = run(cli, csv_file(cli.tmp_path), "--duplicates", "reject", "--json")

    assert result.status == 3
    [problem] = result.json()["problems"]
    assert (problem["line"], problem["reasons"]) == (
        4,
        ["fields.phone: the same lead as record 0 of this run (duplicates='reject')"],
    )


def test_no_normalize_phones_rejects_a_phone_not_in_the_api_form(cli: Cli) -> None:
    result = run(cli, csv_file(cli.tmp_path), "--dry-run", "--no-normalize-phones", "--json")

    assert [problem["line"] for problem in result.json()["problems"]] == [2, 3, 4]


def test_default_region_reads_national_numbers_of_another_country(cli: Cli) -> None:
    source = csv_file(cli.tmp_path, "phone,name\n050 123 4567,Omar\n")

    result = run(cli, source, "--default-region", "AE")

    assert result.status == 0
    cli.fake.state.wait_idle()
    assert cli.fake.state.find_lead("971501234567") is not None


def test_an_unknown_default_region_is_a_usage_error(cli: Cli) -> None:
    result = run(cli, csv_file(cli.tmp_path), "--default-region", "XX")

    assert result.status == 2
    assert "default_region 'XX' is not a region with phone numbers" in result.stderr


# --- Excel -------------------------------------------------------------------------------------------------


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_is_read_from_its_first_sheet_with_typed_cells(cli: Cli) -> None:
    from datetime import datetime

    source = workbook(
        cli.tmp_path / "leads.xlsx",
        {
            "Leads": [
                ["phone", "name", "next_follow_up", "budget_lakhs", "rating"],
                [9811100401, "Asha", datetime(2026, 3, 9, 10, 30), 85, 4],
                ["+91 98111 00402", "Bala", "2026-03-10", 12.5, 3.0],
            ],
            "Other": [["phone"], ["919999999999"]],
        },
    )

    result = run(cli, source, "--json")

    assert result.status == 0, result
    assert result.json()["queued"] == 2
    cli.fake.state.wait_idle()
    asha, bala = cli.fake.state.find_lead("919811100401"), cli.fake.state.find_lead("919811100402")
    assert asha is not None
    assert bala is not None
    assert (asha.fields["next_follow_up"], asha.fields["budget_lakhs"], asha.fields["rating"]) == (
        "09/03/2026 10:30:00",
        85,
        4,
    )
    assert (bala.fields["next_follow_up"], bala.fields["budget_lakhs"], bala.fields["rating"]) == (
        "10/03/2026 00:00:00",
        12.5,
        3,
    )


def test_sheet_names_the_sheet_to_read(cli: Cli) -> None:
    source = workbook(
        cli.tmp_path / "leads.xlsx", {"Notes": [["hello"]], "Leads": [["phone"], ["9811100409"]]}
    )

    result = run(cli, source, "--sheet", "Leads", "--json")

    assert result.json()["queued"] == 1


def test_an_unknown_sheet_is_named_with_the_sheets_there_are(cli: Cli) -> None:
    source = workbook(cli.tmp_path / "leads.xlsx", {"Leads": [["phone"], ["9811100409"]]})

    result = run(cli, source, "--sheet", "Sheet9")

    assert result.status == 1
    assert "no sheet named 'Sheet9' (the workbook has 'Leads')" in result.stderr


def test_sheet_with_a_csv_is_a_usage_error(cli: Cli) -> None:
    result = run(cli, csv_file(cli.tmp_path), "--sheet", "Leads")

    assert result.status == 2
    assert "--sheet names a sheet of an .xlsx workbook" in result.stderr


def test_rejected_xlsx_rows_go_to_a_csv_with_their_row_numbers(cli: Cli) -> None:
    source = workbook(
        cli.tmp_path / "leads.xlsx",
        {"Leads": [["phone", "name"], ["9811100401", "Asha"], [], [98111, "Short"]]},
    )

    result = run(cli, source, "--json")

    assert result.status == 3
    with (cli.tmp_path / "leads.rejects.csv").open(newline="", encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert row == {
        "phone": "98111",
        "name": "Short",
        "#line": "4",
        "#status": "invalid",
        "#reasons": "fields.phone: '98111' is too short for a number in +91 (IN)",
    }


def test_a_file_that_is_no_workbook_is_a_one_line_error(cli: Cli) -> None:
    source = cli.tmp_path / "leads.xlsx"
    source.write_bytes(b"phone\n9811100401\n")

    result = run(cli, source)

    assert result.status == 1
    assert "leads.xlsx: not a readable Excel workbook" in result.stderr
