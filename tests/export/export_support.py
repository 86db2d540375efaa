"""Helpers of the export tests: running `telecrm export`, and the rows the fake's leads should give."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from telecrm._cli import main
from telecrm.testing import FakeTelecrm, LeadRecord

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?")
# dlt's names for the default workspace's columns (snake_case); the rest keep their API names.
COLUMN = {"lostReason": "lost_reason"}
# The column each workspace field type becomes in DuckDB (tags: a child table, no column).
DUCKDB_TYPES = {
    "TEXT": "VARCHAR",
    "EMAIL": "VARCHAR",
    "PHONE": "VARCHAR",
    "DROPDOWN": "VARCHAR",
    "WEBSITE": "VARCHAR",
    "UNIQUE": "VARCHAR",
    "STATUS": "VARCHAR",
    "LOST_REASON": "VARCHAR",
    "ACTIVE_USERS": "VARCHAR",
    "NUMBER": "DOUBLE",
    "MONEY": "DECIMAL(38,9)",
    "DATE": "TIMESTAMP",
    "RATING": "BIGINT",
}


def environment(fake: FakeTelecrm) -> dict[str, str]:
    return {
        "TELECRM_BASE_URL": fake.base_url,
        "TELECRM_INGEST_BASE_URL": fake.ingest_base_url,
        "TELECRM_ENTERPRISE_ID": fake.enterprise_id,
        "TELECRM_SYNC_TOKEN": fake.sync_token,
        "TELECRM_ASYNC_TOKEN": fake.async_token,
    }


def export(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    """Run ``telecrm export --json ARGS`` in this process; its summary."""
    capsys.readouterr()
    status = main(["export", "--json", "--no-progress", *args])
    out, err = capsys.readouterr()
    assert status == 0, err
    summary: dict[str, Any] = json.loads(out)
    return summary


def expected_row(lead: LeadRecord, types: dict[str, str]) -> dict[str, Any]:
    """A lead of the fake as its row should read in DuckDB, worked out from the workspace's field types."""
    row: dict[str, Any] = {"created_on": EPOCH + timedelta(milliseconds=lead.created_on)}
    for name, value in lead.fields.items():
        kind = types[name]
        if kind == "NUMBER":
            value = float(value)
        elif kind == "MONEY":
            value = Decimal(value)
        elif kind == "DATE":
            day, month, year, hour, minute, second = (
                int(part or 0) for part in DATE.fullmatch(value).groups()
            )
            value = datetime(year, month, day, hour, minute, second)
        elif kind == "TAGS":
            value = list(value)
        row[COLUMN.get(name, name)] = value
    return row


def expected_rows(fake: FakeTelecrm) -> dict[str, dict[str, Any]]:
    types = {field.api_name: field.type for field in fake.workspace.fields}
    return {lead.fields["phone"]: expected_row(lead, types) for lead in fake.state.leads}


def destination_rows(database: Path) -> dict[str, dict[str, Any]]:
    """Every row of crm.leads by phone, without dlt's columns and empty values, tags as lists in order."""
    with duckdb.connect(str(database), read_only=True) as db:
        cursor = db.execute("SELECT * FROM crm.leads")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        tags: dict[str, list[str]] = {}
        for parent, value in db.execute(
            "SELECT _dlt_parent_id, value FROM crm.leads__interests ORDER BY _dlt_parent_id, _dlt_list_idx"
        ).fetchall():
            tags.setdefault(parent, []).append(value)
    result = {}
    for row in rows:
        if row["_dlt_id"] in tags:
            row["interests"] = tags[row["_dlt_id"]]
        result[row["phone"]] = {
            name: value for name, value in row.items() if value is not None and not name.startswith("_dlt")
        }
    return result


def column_types(database: Path, table: str = "leads") -> dict[str, str]:
    with duckdb.connect(str(database), read_only=True) as db:
        return {
            name: kind
            for name, kind, *_ in db.execute(f"DESCRIBE crm.{table}").fetchall()
            if not name.startswith("_dlt")
        }
