"""Lead fields as typed columns: the dlt column hints the workspace's field types call for, and each value
turned into the Python value of its column."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from telecrm import CustomField
from telecrm._vocabulary import STANDARD_FIELDS

__all__ = ["CREATED_ON", "Columns"]

CREATED_ON: Final = "created_on"
"""The field every lead has: when it was created (epoch ms from the API, a UTC timestamp column)."""

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_WORKSPACE_DATE: Final = re.compile(
    r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?"
)
_TEXT_TYPES: Final = frozenset(
    {
        "TEXT",
        "EMAIL",
        "PHONE",
        "DROPDOWN",
        "WEBSITE",
        "UNIQUE",
        "STATUS",
        "LOST_REASON",
        "ACTIVE_USERS",
        "MEDIALINK",
    }
)
# Money: 38 digits with 9 after the point, DuckDB's widest exact decimal.
_MONEY_HINT: Final = {"data_type": "decimal", "precision": 38, "scale": 9}


def epoch_ms_to_datetime(value: int) -> datetime:
    """Epoch milliseconds as an aware UTC datetime."""
    return _EPOCH + timedelta(milliseconds=value)


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _money(value: Any) -> Any:
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return value
        return amount if amount.is_finite() else value
    return value


def _local_date(value: Any) -> Any:
    """A date field: the workspace writes ``DD/MM/YYYY[ HH:mm[:ss]]`` in its own time zone, which the API
    does not name, so it becomes a timestamp without time zone, as written. Epoch milliseconds become UTC."""
    if isinstance(value, int) and not isinstance(value, bool):
        return epoch_ms_to_datetime(value).replace(tzinfo=None)
    if isinstance(value, str):
        match = _WORKSPACE_DATE.fullmatch(value.strip())
        if match:
            day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
            try:
                return datetime(year, month, day, hour, minute, second)
            except ValueError:
                return value
    return value


def _created_on(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return epoch_ms_to_datetime(value)
    return value


def _as_is(value: Any) -> Any:
    return value


_CONVERT: Final[Mapping[str, Callable[[Any], Any]]] = {
    "NUMBER": _number,
    "MONEY": _money,
    "DATE": _local_date,
}
_HINTS: Final[Mapping[str, dict[str, Any]]] = {
    "NUMBER": {"data_type": "double"},
    "MONEY": _MONEY_HINT,
    "DATE": {"data_type": "timestamp", "timezone": False},
    "RATING": {"data_type": "bigint"},
}


class Columns:
    """The lead table's columns from the workspace's field definitions.

    Standard fields (rating, status, lost reason, assignee) are typed even though the custom-fields list
    leaves them out. A value that does not fit its column's type (a date in another format) is kept as it
    came: dlt puts it in a variant column (``<name>__v_text``) beside the typed one, so nothing is lost.
    """

    def __init__(self, fields: tuple[CustomField, ...]) -> None:
        types = dict(STANDARD_FIELDS)
        types.update({field.api_name: field.type for field in fields})
        self.types: Mapping[str, str] = types
        self._convert = {name: _CONVERT.get(kind, _as_is) for name, kind in types.items()}
        self._convert[CREATED_ON] = _created_on

    def hints(self) -> dict[str, dict[str, Any]]:
        """dlt column hints: one per field of a type dlt could not infer as well (tags are lists: they
        become a child table ``leads__<field>`` with one row per tag)."""
        hints: dict[str, dict[str, Any]] = {CREATED_ON: {"data_type": "timestamp", "timezone": True}}
        for name, kind in self.types.items():
            if kind in _HINTS:
                hints[name] = dict(_HINTS[kind])
            elif kind in _TEXT_TYPES:
                hints[name] = {"data_type": "text"}
        return hints

    def row(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A lead's fields as a row: each value turned into its column's Python value."""
        convert = self._convert
        return {name: convert.get(name, _as_is)(value) for name, value in fields.items()}
