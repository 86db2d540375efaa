"""Field types and the value rules shared by lead fields, custom-action fields and search filters.

The same rules apply on both APIs (telecrm-api.md, section 6); only what happens to a rejected value differs:
the Sync create endpoints report it as an IGNORED remark, Sync updates answer 400, and the Async API drops it
silently.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Final

from telecrm import ValidationError, normalize_phone
from telecrm.testing._vocabulary import DATE_TIME_FORMAT, LABEL_MAX_CHARS, RATING_RANGE, FieldType

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]+)?([/?#]\S*)?")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
# DD/MM/YYYY, DD/MM/YYYY HH:mm (the docs' workspace time format) or DD/MM/YYYY HH:mm:ss (CreatedOnField's).
_WRITE_DATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})(?: ([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")
_LOOSE_DATE = re.compile(
    r"([0-9]{1,2})[/-]([0-9]{1,2})[/-]([0-9]{4})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?"
)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MS: Final = timedelta(milliseconds=1)
# datetime's own range, so that every accepted timestamp can be formatted back.
_MIN_MS: Final = (datetime(1, 1, 2, tzinfo=UTC) - _EPOCH) // _MS
_MAX_MS: Final = (datetime(9999, 12, 30, tzinfo=UTC) - _EPOCH) // _MS


class Rejected(Exception):
    """A value the API does not store.

    `remark` is the text the Sync create endpoints report. `invalid` is False for a value that is well-formed
    but not usable: an unknown field, or a status or lost reason the pipeline does not accept (unknown or
    archived). The docs say those are dropped even by a Sync update, which answers 400 for other rejections.
    """

    def __init__(self, remark: str, *, invalid: bool = True) -> None:
        super().__init__(remark)
        self.remark = remark
        self.invalid = invalid


@dataclass(frozen=True)
class ValueRules:
    """What a value is checked against besides its type."""

    country_code: str
    tz: timezone
    active_statuses: Collection[str]
    archived_statuses: Collection[str]
    active_lost_reasons: Collection[str]
    archived_lost_reasons: Collection[str]
    members: Mapping[str, str]
    """Case-folded email -> stored email of every team member who is not deleted."""


def normalise(kind: FieldType, value: object, rules: ValueRules) -> object:
    """Return `value` as the fake stores it for a field of type `kind`, or raise `Rejected`."""
    match kind:
        case "TEXT" | "UNIQUE":
            if isinstance(value, str):
                return value
            raise Rejected("Value must be a string")
        case "EMAIL":
            if isinstance(value, str) and is_email(value.strip()):
                return value.strip()
            raise Rejected("Email is invalid")
        case "PHONE":
            phone = normalise_phone(value, rules.country_code)
            if phone is None:
                raise Rejected("Phone number is invalid")
            return phone
        case "NUMBER":
            if is_number(value):
                return value
            raise Rejected("Number is invalid")
        case "DATE":
            ms = parse_date(value, rules.tz)
            if ms is None:
                raise Rejected(f"Date must be epoch milliseconds or {DATE_TIME_FORMAT}")
            return ms
        case "DROPDOWN":
            if is_label(value):
                return value
            raise Rejected(f"Option must be a non-empty string of at most {LABEL_MAX_CHARS} characters")
        case "TAGS":
            if isinstance(value, list) and all(is_label(tag) for tag in value):
                return list(dict.fromkeys(value))
            raise Rejected(
                f"Tags must be a list of non-empty strings of at most {LABEL_MAX_CHARS} characters"
            )
        case "MONEY":
            if isinstance(value, str) and _DECIMAL.fullmatch(value):
                return value
            raise Rejected("Money must be a numeric string")
        case "WEBSITE" | "MEDIALINK":
            if isinstance(value, str) and _URL.fullmatch(value):
                return value
            raise Rejected("Website is invalid" if kind == "WEBSITE" else "Media link is invalid")
        case "RATING":
            low, high = RATING_RANGE
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
                return value
            raise Rejected(f"Rating must be between {low} and {high}")
        case "STATUS":
            return _pipeline_label(value, "Status", rules.active_statuses, rules.archived_statuses)
        case "LOST_REASON":
            return _pipeline_label(
                value, "Lost reason", rules.active_lost_reasons, rules.archived_lost_reasons
            )
        case "ACTIVE_USERS":
            if isinstance(value, str) and value.casefold() in rules.members:
                return rules.members[value.casefold()]
            raise Rejected("Must be the email of a team member of the workspace")


def _pipeline_label(value: object, what: str, active: Collection[str], archived: Collection[str]) -> str:
    if not isinstance(value, str):
        raise Rejected(f"{what} must be a string")
    if value in active:
        return value
    if value in archived:
        raise Rejected(f"{what} '{value}' is archived", invalid=False)
    raise Rejected(f"{what} '{value}' is not in the lead stage pipeline", invalid=False)


def to_json(kind: FieldType, stored: object, tz: timezone) -> object:
    """Return a stored value the way the API sends it: dates in the workspace format, the rest as stored."""
    if kind == "DATE" and isinstance(stored, int):
        return format_date(stored, tz)
    if isinstance(stored, list):
        return list(stored)
    return stored


def normalise_phone(value: object, country_code: str) -> str | None:
    """Country code + national number, digits only; None for a value that is not a phone number.

    The documented rule (spaces, dashes and a leading ``+`` are accepted; a number without a country code gets
    the workspace's default one), read by the SDK's own :func:`telecrm.normalize_phone`: `+91 99999 99999`,
    `919999999999` and `9999999999` are the same number.
    """
    if not isinstance(value, str):
        return None
    try:
        # Stored as country code + number, digits only (normalize_phone keeps the "+" of a short number).
        return normalize_phone(value, _region(country_code)).removeprefix("+")
    except ValidationError:
        return None


@functools.cache
def _region(country_code: str) -> str:
    """The region whose numbers ``country_code`` starts (``91`` -> ``IN``)."""
    import phonenumbers

    return phonenumbers.region_code_for_country_code(int(country_code))


def is_email(value: object) -> bool:
    """`local@domain.tld`, exactly as given (no trimming)."""
    return isinstance(value, str) and _EMAIL.fullmatch(value) is not None


def is_number(value: object) -> bool:
    """A JSON number (not a boolean), finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


def is_label(value: object) -> bool:
    """A dropdown option or tag: a non-empty string of at most 40 characters."""
    return isinstance(value, str) and 0 < len(value) <= LABEL_MAX_CHARS


def positive_amount(value: object) -> bool:
    """A payment amount: a plain decimal string greater than 0."""
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        return False
    try:
        return Decimal(value) > 0
    except InvalidOperation:
        return False


def parse_date(value: object, tz: timezone) -> int | None:
    """Epoch ms from a write: epoch ms, `DD/MM/YYYY`, `DD/MM/YYYY HH:mm` or `DD/MM/YYYY HH:mm:ss` in the
    workspace timezone.

    Anything else, ISO 8601 included, is None: the API does not parse other formats on writes.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return _in_range(value)
    if not isinstance(value, str):
        return None
    match = _WRITE_DATE.fullmatch(value)
    if match is None:
        return None
    day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
    return _ms(year, month, day, hour, minute, second, tz)


def parse_loose_date(value: object, tz: timezone) -> int | None:
    """Epoch ms from a search bound, which accepts "any common format" (telecrm-api.md section 6).

    Epoch ms; `D/M/YYYY` or `D-M-YYYY`, optionally followed by `H:mm[:ss]`; or ISO 8601 (naive values are in
    the workspace timezone).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return _in_range(value)
    if not isinstance(value, str):
        return None
    match = _LOOSE_DATE.fullmatch(value.strip())
    if match is not None:
        day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
        return _ms(year, month, day, hour, minute, second, tz)
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return _in_range((parsed - _EPOCH) // _MS)


def _ms(year: int, month: int, day: int, hour: int, minute: int, second: int, tz: timezone) -> int | None:
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None
    return _in_range((moment - _EPOCH) // _MS)


def _in_range(ms: int) -> int | None:
    return ms if _MIN_MS <= ms <= _MAX_MS else None


def format_date(ms: int, tz: timezone) -> str:
    """`DD/MM/YYYY HH:mm:ss` in the workspace timezone: the form the fake returns for every date."""
    return (_EPOCH + ms * _MS).astimezone(tz).strftime("%d/%m/%Y %H:%M:%S")


def parse_utc_offset(text: str) -> timezone:
    """`+05:30` -> a fixed-offset timezone (raises ValueError for anything else)."""
    match = re.fullmatch(r"([+-])([0-9]{2}):([0-9]{2})", text)
    if match is None:
        raise ValueError(f"UTC offset must look like +05:30, not {text!r}")
    sign = 1 if match[1] == "+" else -1
    return timezone(sign * timedelta(hours=int(match[2]), minutes=int(match[3])))
