"""Workspace date formats, and reading the dates spreadsheets hold (``upsert_many(normalize_dates=True)``).

The Async API reads a date only as epoch milliseconds or as a string in the workspace format (``DD/MM/YYYY``
or ``DD/MM/YYYY HH:mm:ss`` unless the workspace says otherwise, in moment.js tokens) and silently drops
anything else, while spreadsheets and exports hold ISO dates, ``12-03-2024`` and ``12 Mar 2024``. This module
holds what the SDK knows about workspace formats (matching and writing them), and :class:`DateReader`, which
rewrites a date string into the workspace format or says why it will not: a value it cannot read for certain
is refused, never guessed.

The rules, in order, for a string (numbers, ``datetime`` and ``date`` objects are left to the encoder):

1. Already in the workspace format: kept as it is.
2. With ``date_format`` (a ``strptime`` format): read with it, and nothing else.
3. Only digits (``20240312``): refused. Epoch milliseconds are passed as a number, and eight digits could be
   a compact date or a timestamp.
4. Year first: ISO 8601 (``2024-03-12``, ``2024-03-12T10:30:00``, ``...Z``, ``...+05:30``) and
   ``2024/03/12``, ``2024.03.12``: nobody writes the day between year and month, so these are unambiguous.
5. All numbers, year last: ``D/M/YYYY``, ``D-M-YYYY``, ``D.M.YYYY``, with an optional time ``H:MM[:SS][ AM]``,
   read in the workspace's order: day first in a ``DD/MM/YYYY`` workspace (so ``03/04/2024`` is 3 April), as
   these workspaces write dates. A value that only makes sense the other way round (``12/25/2024``) is
   refused, not swapped: pass ``date_format`` if the file writes months first.
6. The month in words (``12 Mar 2024``, ``March 12, 2024``, ``Tue, 12-Mar-2024 10:30``): read with
   python-dateutil once the day, the month and a four-digit year are all there (nothing is filled in).
7. A two-digit year (``03/04/24``, ``12 Mar 24``) is refused: 1924 or 2024, and in ``03/04/24`` the 24 might
   not even be the year.

Anything else is refused as not a date. A value with a time zone (``Z``, ``+05:30``) is sent as epoch
milliseconds, which is exact; one without is written in the workspace format (the API reads it in the
workspace's time zone), with the time, in the workspace's time format, only if the value had one.

python-dateutil is imported on the first value that needs it, so ``import telecrm`` stays light.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Final

from .._checks import preview
from .._dates import encode_datetime
from .._errors import ValidationError
from .schema import DEFAULT_TIME_FORMAT

__all__ = [
    "DATE_KINDS",
    "DateReader",
    "matches_workspace_format",
    "write_workspace_format",
]

DATE_KINDS: Final = frozenset({"DATE", "DATE_TIME", "DATETIME"})
"""Field types holding a date (the API documents ``DATE``; the others are accepted should it add them)."""

# moment.js-style tokens of the workspace formats, longest first so "YYYY" is not read as "YY" twice.
_TOKENS: Final = (
    ("YYYY", "year", r"[0-9]{4}", "{0.year:04d}"),
    ("DD", "day", r"[0-9]{2}", "{0.day:02d}"),
    ("MM", "month", r"[0-9]{2}", "{0.month:02d}"),
    ("HH", "hour", r"[0-9]{2}", "{0.hour:02d}"),
    ("mm", "minute", r"[0-9]{2}", "{0.minute:02d}"),
    ("ss", "second", r"[0-9]{2}", "{0.second:02d}"),
)

_DIGITS: Final = re.compile(r"[0-9]+")
_YEAR_FIRST: Final = re.compile(r"([0-9]{4})([/.-])([0-9]{1,2})\2([0-9]{1,2})(?:(?:[ T]+)(.+))?")
_YEAR_LAST: Final = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]+)(?:[ T]+(.+))?")
_ISO: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T.*|[ ].*[Zz+-].*)?")
_TIME: Final = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?")
_MONTH_WORD: Final = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])", re.IGNORECASE
)
# A time of day, and the zone that may follow it (whose digits are not the day's or the year's).
_CLOCK: Final = re.compile(
    r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:[AP]\.?M\.?)?\s*(?:[+-][0-9]{2}:?[0-9]{2}|Z|UTC|GMT)?",
    re.IGNORECASE,
)
_ORDINAL: Final = re.compile(r"\b([0-9]{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
# "12 Mar 2024", "12-Mar-2024", "12th March 2024", "March 12, 2024", "Mar. 12 2024": no weekday, no time.
_PLAIN_WORDED: Final = re.compile(
    r"(?:(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?[ -](?P<m1>[A-Za-z]{3,9})\.?[ -]"
    r"|(?P<m2>[A-Za-z]{3,9})\.? (?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?,? )(?P<y>[0-9]{4})",
    re.IGNORECASE,
)
_MONTH_NAMES: Final = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS: Final = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, 1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}
_READABLE: Final = (
    "write it as DD/MM/YYYY[ HH:mm:ss], as ISO 8601 (2024-03-12), or with the month in words (12 Mar 2024)"
)


# --- workspace formats -----------------------------------------------------------------------------------


def matches_workspace_format(text: str, date_format: str, time_formats: Iterable[str]) -> bool:
    """Whether ``text`` is a real date written in ``date_format``, alone or followed by a time in one of
    ``time_formats`` (``31/02/2026`` has the right shape but is no date)."""
    candidates = [date_format, *(f"{date_format} {time_format}" for time_format in time_formats)]
    for candidate in candidates:
        pattern = _pattern(candidate)
        match = None if pattern is None else pattern.fullmatch(text)
        if match is None:
            continue
        parts = {name: int(number) for name, number in match.groupdict().items()}
        try:
            datetime(
                parts.get("year", 1970),
                parts.get("month", 1),
                parts.get("day", 1),
                parts.get("hour", 0),
                parts.get("minute", 0),
                parts.get("second", 0),
            )
        except ValueError:
            continue
        return True
    return False


def write_workspace_format(moment: datetime, date_format: str, time_format: str | None) -> str:
    """``moment`` written in the workspace's ``date_format`` (and ``time_format``, if given)."""
    text = _writer(date_format)
    if time_format is not None:
        text = f"{text} {_writer(time_format)}"
    return text.format(moment)


@functools.cache
def _pattern(moment_format: str) -> re.Pattern[str] | None:
    pattern = re.escape(moment_format)
    for token, group, regex, _ in _TOKENS:
        pattern = pattern.replace(token, f"(?P<{group}>{regex})", 1)
    try:
        return re.compile(pattern)
    except re.error:  # a format with a token twice: nothing this SDK can check
        return None


@functools.cache
def _writer(moment_format: str) -> str:
    """``moment_format`` as a ``str.format`` template, or ``ValidationError`` if it has tokens this SDK
    cannot write (``MMM``, ``hh A``...)."""
    template = moment_format.replace("{", "{{").replace("}", "}}")
    for token, _, _, field in _TOKENS:
        template = template.replace(token, field)
    if re.search(r"[A-Za-z]", re.sub(r"\{0\.[a-z]+:0[24]d\}", "", template)):
        raise ValidationError(
            f"the workspace writes dates as {moment_format!r}, which this SDK cannot write: pass aware "
            "datetimes (sent as epoch milliseconds) instead"
        )
    return template


def _day_first(date_format: str) -> bool:
    day, month = date_format.find("DD"), date_format.find("MM")
    return not (0 <= month < day)


# --- reading ---------------------------------------------------------------------------------------------


class DateReader:
    """Rewrites date strings into a workspace's format (see the module's rules). ``date_format``, a
    ``strptime`` format checked by :func:`telecrm._bulk.options.check_date_format`, forces one way of
    reading them."""

    def __init__(self, date_format: str | None = None) -> None:
        self.date_format = date_format

    def normalize(self, value: object, date_format: str, time_format: str) -> object:
        """``value`` as the API reads it in a workspace writing dates as ``date_format`` and times as
        ``time_format``; anything but a string is returned unchanged. ``ValidationError`` says why a string
        cannot be read for certain."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if self.date_format is None and matches_workspace_format(
            text, date_format, (time_format, DEFAULT_TIME_FORMAT)
        ):
            return text
        moment, timed = self._read(text, date_format)
        if moment.tzinfo is not None:
            return encode_datetime(moment)
        return write_workspace_format(moment, date_format, time_format if timed else None)

    def _read(self, text: str, date_format: str) -> tuple[datetime, bool]:
        """The moment ``text`` names and whether it has a time of day."""
        if self.date_format is not None:
            try:
                moment = datetime.strptime(text, self.date_format)
            except ValueError:
                raise ValidationError(
                    f"{preview(text)} does not match the date format {self.date_format!r}"
                ) from None
            return moment, _has_time(self.date_format)
        if not text:
            raise ValidationError("an empty string is not a date")
        if _DIGITS.fullmatch(text):
            raise ValidationError(
                f"{preview(text)} is only digits: pass epoch milliseconds as a number, or write the date "
                "with separators (12/03/2024)"
            )
        if _ISO.fullmatch(text):
            return _iso(text)
        if match := _YEAR_FIRST.fullmatch(text):
            year, _, month, day, rest = match.groups()
            return _numeric(text, int(year), int(month), int(day), rest)
        if match := _YEAR_LAST.fullmatch(text):
            first, separator, second, year, rest = match.groups()
            if len(year) != 4:
                which = (
                    f" (is {year} 19{year} or 20{year}? and is it the year at all?)" if len(year) == 2 else ""
                )
                raise ValidationError(
                    f"{preview(text)} has a {len(year)}-digit year: write the year in full{which}"
                )
            day_first = _day_first(date_format)
            day, month = (int(first), int(second)) if day_first else (int(second), int(first))
            if not 1 <= month <= 12 and 1 <= day <= 12:
                order = "day" if day_first else "month"
                forced = f"%d{separator}%m{separator}%Y" if not day_first else f"%m{separator}%d{separator}%Y"
                raise ValidationError(
                    f"{preview(text)} is not a date written {order} first like the workspace's "
                    f"{date_format} (there is no month {month}); if the file writes dates the other way "
                    f"round, say so with the date format {forced!r}"
                )
            return _numeric(text, int(year), month, day, rest)
        if _MONTH_WORD.search(text):
            return _worded(text)
        raise ValidationError(f"{preview(text)} is not a date this SDK can read for certain: {_READABLE}")


def _has_time(strptime_format: str) -> bool:
    return any(directive in strptime_format for directive in ("%H", "%I", "%M", "%S", "%X", "%c", "%T"))


def _iso(text: str) -> tuple[datetime, bool]:
    try:  # the standard library reads the common forms at a tenth of dateutil's cost
        return datetime.fromisoformat(text), len(text) > 10
    except ValueError:
        pass
    from dateutil.parser import isoparse

    try:
        moment = isoparse(text)
    except (ValueError, OverflowError) as exc:
        raise ValidationError(f"{preview(text)} is not a valid ISO 8601 date: {exc}") from None
    return moment, len(text) > 10


def _numeric(text: str, year: int, month: int, day: int, rest: str | None) -> tuple[datetime, bool]:
    hour = minute = second = 0
    if rest is not None:
        clock = _TIME.fullmatch(rest.strip())
        if clock is None:
            raise ValidationError(
                f"{preview(text)} has a time this SDK cannot read ({preview(rest)}): write it as HH:mm:ss"
            )
        hours, minutes, seconds, half = clock.groups()
        hour, minute, second = int(hours), int(minutes), int(seconds or 0)
        if half is not None:
            if not 1 <= hour <= 12:
                raise ValidationError(f"{preview(text)} has an hour {hour} with AM/PM")
            hour = hour % 12 + (12 if half in "Pp" else 0)
    try:
        return datetime(year, month, day, hour, minute, second), rest is not None
    except ValueError as exc:
        raise ValidationError(f"{preview(text)} is not a date: {exc}") from None


def _worded(text: str) -> tuple[datetime, bool]:
    """A date with the month in words: ``12 Mar 2024`` and ``March 12, 2024`` directly, anything else by
    dateutil once the day, month and year are known to be there."""
    plain = _PLAIN_WORDED.fullmatch(text)
    month = None if plain is None else _MONTHS.get((plain["m1"] or plain["m2"]).lower())
    if plain is not None and month is not None:
        try:
            return datetime(int(plain["y"]), month, int(plain["d1"] or plain["d2"])), False
        except ValueError as exc:
            raise ValidationError(f"{preview(text)} is not a date: {exc}") from None
    from dateutil.parser import ParserError, parse

    numbers = _DIGITS.findall(_CLOCK.sub(" ", _ORDINAL.sub(r"\1", text)))
    years = [number for number in numbers if len(number) == 4]
    days = [number for number in numbers if len(number) <= 2]
    if not years:
        short = " (a two-digit year: write the year in full)" if len(days) == 2 else ""
        raise ValidationError(f"{preview(text)} has no four-digit year{short}")
    if len(years) != 1 or len(days) != 1 or len(numbers) != 2:
        raise ValidationError(
            f"{preview(text)} is not a date this SDK can read for certain (it needs one day, one month and "
            f"one four-digit year): {_READABLE}"
        )
    try:
        first = parse(text, dayfirst=True, default=datetime(2000, 1, 1))
        second = parse(text, dayfirst=True, default=datetime(2004, 2, 2, 1, 1, 1))
    except (ParserError, ValueError, OverflowError) as exc:
        raise ValidationError(f"{preview(text)} is not a date: {exc}") from None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day) or (
        first.year,
        first.day,
    ) != (int(years[0]), int(days[0])):
        raise ValidationError(f"{preview(text)} is not a whole date: {_READABLE}")
    return first, first.hour == second.hour  # the hour was given (missing minutes and seconds are 0)
