"""A realistic messy lead file, generated: phones as people write them, dates in every spreadsheet form,
repeated leads and bad values, with what must become of each row.

Row ``i`` is about lead ``lead_of(i)``: the first 80% of the rows introduce a lead each, the rest repeat an
earlier one written another way. Every 50th row has a bad email, every 97th a phone too short, every 89th
a date with a two-digit year: those rows are invalid, with the reason; every other row is queued, and one
whose lead a valid earlier row had is a duplicate of that row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROWS = 10_000
FIRST_SEEN = 8_000
HEADER = ("Mobile", "Name", "email", "next_follow_up", "city")


@dataclass(frozen=True)
class Row:
    phone: object
    name: str
    email: str
    follow_up: object
    city: str
    lead: int
    #: A piece of the reason it is rejected, or None if it is valid.
    reason: str | None


def lead_of(index: int) -> int:
    return index if index < FIRST_SEEN else (index * 7919) % FIRST_SEEN


def digits(lead: int) -> str:
    """The lead's 10-digit national number (Indian mobiles start with 6 to 9)."""
    return f"98{lead:08d}"


def phone_forms(national: str) -> tuple[str, ...]:
    head, tail = national[:5], national[5:]
    return (
        national,
        f"+91 {head} {tail}",
        f"+91-{head}-{tail}",
        f"0{head} {tail}",
        f"(0){head}-{tail}",
        f"91{national}",
        f"0091 {head} {tail}",
        f" {national} ",
    )


DATE_FORMS = ("2026-03-09", "09-03-2026", "9 Mar 2026", "09/03/2026", "2026-03-09T10:30:00", "March 9, 2026")


def rows(*, excel: bool) -> Iterator[Row]:
    """Each row as a spreadsheet holds it; with ``excel``, some phones are numbers, some dates dates."""
    for index in range(ROWS):
        lead = lead_of(index)
        national = digits(lead)
        forms = phone_forms(national)
        phone: object = forms[index % len(forms)]
        if excel and index % 5 == 0:
            phone = int(national)  # a phone column formatted as a number: its leading 0 is gone
        follow_up: object = DATE_FORMS[index % len(DATE_FORMS)]
        if excel and index % 4 == 0:
            follow_up = datetime(2026, 3, 9)
        email = f"Lead.{lead}@Mail.Example" if index % 3 else f" lead.{lead}@mail.example "
        reason = None
        if index % 50 == 49:
            email, reason = f"lead.{lead}.mail.example", "is not an email address"
        elif index % 97 == 96:
            phone, reason = "98111", "'98111' is too short for a number in +91 (IN)"
        elif index % 89 == 88:
            follow_up, reason = "09/03/26", "has a 2-digit year"
        yield Row(
            phone, f"Lead {lead} row {index}", email, follow_up, ("Pune", "Nashik")[index % 2], lead, reason
        )


@dataclass(frozen=True)
class Expected:
    invalid: dict[int, str]
    """Row index -> a piece of its reason."""
    duplicate_of: dict[int, int]
    """Row index -> the earlier valid row of the same lead."""
    leads: dict[str, tuple[str, str]]
    """Phone as stored -> (name, email) of the lead's last valid row."""


def expected() -> Expected:
    invalid: dict[int, str] = {}
    first: dict[int, int] = {}
    duplicate_of: dict[int, int] = {}
    leads: dict[str, tuple[str, str]] = {}
    for index, row in enumerate(rows(excel=False)):
        if row.reason is not None:
            invalid[index] = row.reason
            continue
        if row.lead in first:
            duplicate_of[index] = first[row.lead]
        else:
            first[row.lead] = index
        leads["91" + digits(row.lead)] = (row.name, row.email.strip().lower())
    return Expected(invalid, duplicate_of, leads)


def write_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in rows(excel=False):
            writer.writerow([row.phone, row.name, row.email, row.follow_up, row.city])
    return path


def write_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Leads")
    sheet.append(list(HEADER))
    for row in rows(excel=True):
        sheet.append([row.phone, row.name, row.email, row.follow_up, row.city])
    workbook.save(path)
    return path
