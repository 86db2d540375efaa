"""`telecrm ingest` on messy real-world files: phones as people write them, spreadsheet dates, repeated leads
and bad values, from CSV and from Excel; every row accounted for, and the fake holding exactly the leads
expected."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_support import in_process
from messy_data import ROWS, expected, write_csv, write_xlsx

from telecrm.testing import FakeTelecrm

EXPECTED = expected()


@pytest.mark.parametrize(
    ("suffix", "write"), [(".csv", write_csv), (".xlsx", write_xlsx)], ids=["csv", "xlsx"]
)
def test_10000_messy_rows_are_each_queued_merged_or_invalid_with_the_reason(
    fake: FakeTelecrm,
    env: dict[str, str],
    tmp_path: Path,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
    write: Callable[[Path], Path],
) -> None:
    source = write(tmp_path / f"leads{suffix}")
    seeded = {lead.fields.get("phone") for lead in fake.state.leads}

    result = in_process(
        "ingest", source, "--map", "Mobile=phone", "--map", "Name=name", "--rate", "0", "--concurrency", "16",
        "--json", environment=env, capsys=capsys, monkeypatch=monkeypatch,
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

    fake.state.wait_idle(timeout=60)
    leads = {
        lead.fields["phone"]: (lead.fields["name"], lead.fields["email"])
        for lead in fake.state.leads
        if lead.fields.get("phone") not in seeded
    }
    assert leads == EXPECTED.leads
    assert all(record.dropped == () for record in fake.state.ingested), "the fake dropped nothing"
