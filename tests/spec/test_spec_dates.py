"""Dates: the API speaks `DD/MM/YYYY HH:mm:ss` strings and epoch milliseconds, never RFC 3339,
so no schema may promise `format: date-time` (the generator would parse it with fromisoformat)."""

from typing import Any

import pytest
from specwalk import SchemaChecker, iter_nodes, location


def test_no_schema_declares_format_date_time(patched: Any) -> None:
    offenders = [
        location(parts)
        for parts, node in iter_nodes(patched)
        if isinstance(node, dict) and node.get("format") == "date-time"
    ]
    assert offenders == [], f"`format: date-time` found at {offenders}"


@pytest.mark.parametrize("schema", ["DateField", "CreatedOnField"])
@pytest.mark.parametrize(
    "value", ["01/01/2023 11:30:00", 1672569000000], ids=["workspace-string", "epoch-ms"]
)
def test_date_fields_accept_workspace_strings_and_epoch_milliseconds(
    checker: SchemaChecker, schema: str, value: object
) -> None:
    assert checker.errors(("components", "schemas", schema), value) == []


@pytest.mark.parametrize("schema", ["DateField", "CreatedOnField"])
def test_date_fields_reject_fractional_numbers(checker: SchemaChecker, schema: str) -> None:
    assert checker.errors(("components", "schemas", schema), 1672569000000.5) != []
