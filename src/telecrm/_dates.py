"""How dates and times are written to the API.

Telecrm reads epoch milliseconds, or a string in the workspace format ``DD/MM/YYYY`` / ``DD/MM/YYYY HH:mm:ss``
(day first, zero-padded, in the workspace's time zone); it does not parse ISO 8601 everywhere. So an aware
``datetime`` is sent as epoch milliseconds (unambiguous), while a naive ``datetime`` or a ``date`` (which has
no time zone to convert from) is sent in the workspace format and read in the workspace's time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TypeAlias

from ._errors import ValidationError

__all__ = ["DateInput", "encode_date_value", "encode_datetime", "encode_range"]

DateInput: TypeAlias = datetime | date | int | str
"""What the SDK accepts wherever the API takes a date: a datetime, a date, epoch milliseconds or a string."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_EPOCH_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z, the last moment a datetime can hold
_MAX_DATE_CHARS = 64
_NAIVE_EPOCH = datetime(1970, 1, 1)
_MILLISECOND = timedelta(milliseconds=1)


def encode_datetime(value: DateInput) -> int | str:
    """The API form of a date or time.

    - aware ``datetime`` → epoch milliseconds (``int``); it must not be before 1970;
    - naive ``datetime`` → ``"DD/MM/YYYY HH:mm:ss"`` (microseconds are dropped);
    - ``date`` → ``"DD/MM/YYYY"``;
    - ``int`` → sent as is, as epoch **milliseconds** (not seconds), and must be >= 0;
    - ``str`` → sent as is: the caller's own formatting, which must not be blank.

    Anything else (``bool``, ``float``, ``None``, …) raises ``ValidationError``.
    """
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return (
                f"{value.day:02d}/{value.month:02d}/{value.year:04d} "
                f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
            )
        millis = (value - _EPOCH) // _MILLISECOND
        if millis < 0:
            raise ValidationError(
                f"{value.isoformat()} is before 1970 and cannot be sent as epoch milliseconds"
            )
        return millis
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, bool):
        raise ValidationError(
            f"{value!r} is not a date: pass a datetime, a date, epoch milliseconds or a string"
        )
    if isinstance(value, int):
        if not 0 <= value <= _MAX_EPOCH_MS:
            raise ValidationError(
                "epoch milliseconds must be from 0 to the end of year 9999 "
                f"({_MAX_EPOCH_MS}), got {value if value.bit_length() < 64 else 'a far larger number'}"
            )
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValidationError("a date string must not be blank")
        if len(value) > _MAX_DATE_CHARS or "\x00" in value:
            raise ValidationError(
                f"{value[:40]!r}… is not a date" if len(value) > 40 else f"{value!r} is not a date"
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("a date string holds a lone surrogate: it is not valid Unicode") from None
        return value
    if isinstance(value, float):
        raise ValidationError(
            f"{value!r} is a float: pass epoch milliseconds as an int (e.g. int(ts * 1000) for a Unix "
            "time in seconds), or pass a datetime"
        )
    raise ValidationError(
        f"a date is a datetime, a date, epoch milliseconds (int) or a string, not {type(value).__name__}"
    )


def encode_date_value(value: object) -> object:
    """``value`` in API form if it is a ``datetime`` or ``date``; any other field value unchanged."""
    if isinstance(value, date):  # datetime is a date too
        return encode_datetime(value)
    return value


def encode_range(from_: DateInput | None = None, to: DateInput | None = None) -> dict[str, int | str]:
    """A search range ``{"from": …, "to": …}``; both bounds are inclusive and an omitted bound is left open.

    Bounds of the same kind (both absolute, i.e. aware datetimes or epoch ms; or both workspace-local, i.e.
    naive datetimes or dates) must not be reversed. Strings are the caller's own format and are not compared.
    """
    if from_ is None and to is None:
        raise ValidationError("a date range needs from_, to, or both")
    encoded: dict[str, int | str] = {}
    if from_ is not None:
        encoded["from"] = encode_datetime(from_)
    if to is not None:
        encoded["to"] = encode_datetime(to)
    if from_ is not None and to is not None:
        low, high = _position(from_), _position(to)
        if low is not None and high is not None and low[0] == high[0] and low[1] > high[1]:
            raise ValidationError(f"the date range is reversed: from_ {from_!r} is after to {to!r}")
    return encoded


def _position(value: DateInput) -> tuple[bool, int] | None:
    """``(absolute, milliseconds)``; only positions of the same kind (absolute or workspace-local) compare."""
    if isinstance(value, datetime):
        if value.utcoffset() is not None:
            return True, (value - _EPOCH) // _MILLISECOND
        return False, (value - _NAIVE_EPOCH) // _MILLISECOND
    if isinstance(value, date):
        return False, (datetime.combine(value, time()) - _NAIVE_EPOCH) // _MILLISECOND
    if isinstance(value, int):
        return True, value
    return None
