"""`telecrm export` gives a DuckDB table equal to the fake's leads, typed after the workspace's schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import DUCKDB_TYPES, column_types, destination_rows, expected_rows, export

from telecrm.testing import FakeTelecrm

LEADS = 50_000


def test_fifty_thousand_leads_export_equal_to_the_fake_with_typed_columns(
    fake: FakeTelecrm, dlt_sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.state.generate_leads(LEADS)

    summary = export(capsys)

    database = dlt_sandbox / "telecrm.duckdb"
    assert summary["leads"] == {
        "loaded": LEADS + 3,
        "new": LEADS + 3,
        "merged": 0,
        "in_destination": LEADS + 3,
    }
    assert destination_rows(database) == expected_rows(fake)
    types = column_types(database)
    workspace = {field.api_name: field.type for field in fake.workspace.fields}
    assert types == {
        "created_on": "TIMESTAMP WITH TIME ZONE",
        **{
            {"lostReason": "lost_reason"}.get(name, name): DUCKDB_TYPES[kind]
            for name, kind in workspace.items()
            if kind != "TAGS"
        },
    }
    assert column_types(database, "leads__interests")["value"] == "VARCHAR"
