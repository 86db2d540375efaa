"""The search criteria lead search and action search share: date ranges and string-or-array filters."""

from __future__ import annotations

from datetime import timezone
from typing import Any

from telecrm.testing._field_rules import parse_loose_date


class BadFilter(Exception):
    """A search criterion of the wrong shape; each search endpoint words the 400 its own way."""


def bounds(value: Any, what: str, tz: timezone) -> tuple[float, float]:
    """An inclusive `{from, to}` range in epoch ms; a missing bound is open."""
    if not isinstance(value, dict) or not set(value) <= {"from", "to"}:
        raise BadFilter(f"'{what}' must be an object with 'from' and/or 'to'")
    low = float("-inf") if value.get("from") is None else parse_loose_date(value["from"], tz)
    high = float("inf") if value.get("to") is None else parse_loose_date(value["to"], tz)
    if low is None or high is None:
        raise BadFilter(f"'{what}' bounds must be epoch milliseconds or dates")
    return low, high


def string_set(value: Any, what: str) -> set[str] | None:
    """A filter that takes one string or an array of them, case-folded; None when absent."""
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) for v in values):
        raise BadFilter(f"'{what}' must be a string or an array of strings")
    return {v.casefold() for v in values}
