"""The standard lead fields a single call knows the type of, written as the API stores them.

``leads.create``, ``leads.update`` and ``ingest.upsert`` send one record without reading the workspace, so
only the fields every workspace has are known to be phones or emails: ``phone`` is read by
:func:`telecrm.normalize_phone` (the same rule bulk preflight applies to every PHONE field), ``email`` and
``assignee`` are trimmed and lower-cased. A value that cannot be read is a ``ValidationError`` before anything
is sent; the API would answer 400, or drop it silently on the Async API.

A search filter on those fields is written the same way, so that it matches what the SDK stored: a lead
created with ``"+91 98111 00401"`` is found by searching for ``"+91 98111 00401"``. A filter value that cannot
be read is sent as given (it may match a value stored by other means).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._checks import normalize_email
from ._errors import ValidationError
from ._phones import normalize_phone, resolve_region

__all__ = ["standard_field_values", "standard_filter_value"]

_PHONES: Final = frozenset({"phone"})
_EMAILS: Final = frozenset({"email", "assignee"})


def standard_field_values(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` (already checked by ``_checks.field_values``) with the standard phone and email fields
    normalised; ``ValidationError`` names the field that cannot be."""
    rewritten: Mapping[str, Any] = {}
    for name in (_PHONES | _EMAILS) & fields.keys():
        text = _text(name, fields[name])
        try:
            new = _written(name, text)
        except ValidationError as exc:
            raise ValidationError(f"fields[{name!r}]: {exc}") from None
        rewritten = {**rewritten, name: new}
    return {**fields, **rewritten} if rewritten else fields


def standard_filter_value(name: str, value: Any) -> Any:
    """A lead-search filter value on field ``name`` (already checked by ``_checks.json_value``), written as
    :func:`standard_field_values` writes that field, or as given when it cannot be read. A phone filter that
    is not a string is refused, as a phone field is (the API stores phones as strings: it could never
    match), and so is a default region that is not one."""
    if name not in _PHONES | _EMAILS or (name in _EMAILS and not isinstance(value, str)):
        return value
    text = _text(name, value)
    # A region setting that is not one is an error of its own, not a filter value to send as given.
    region = resolve_region() if name in _PHONES else None
    try:
        return _written(name, text, region)
    except ValidationError:
        return value


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"fields[{name!r}] must be a string, got {type(value).__name__}")
    return value


def _written(name: str, value: str, region: str | None = None) -> str:
    """``value`` of the standard field ``name`` as the API stores it, or ``ValidationError``."""
    return normalize_phone(value, region) if name in _PHONES else normalize_email(value)
