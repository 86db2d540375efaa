"""Excel workbooks (``.xlsx``) for ``telecrm ingest``: a sheet's rows as the command's rows.

Read with python-calamine (in the ``cli`` extra), chosen over openpyxl by measurement (10,000 rows of 8
columns, on this project's 2-core machines): 75-85 ms of CPU against 1.3-2.0 s for openpyxl in read-only
mode, so a dry run of a large file is checked at the speed of preflight, not of the reader. The price is
memory: calamine holds the sheet's cells while it is read (34 MB peak for 10,000 rows, 93 MB for 100,000),
where openpyxl streams them; a file beyond Excel's own limits belongs in a CSV, which is streamed.

Cells come typed, and are handed on in the form a CSV cell has, so that they are typed by the workspace's
field types the same way (``_cells.RecordBuilder``):

- text stays text;
- a number becomes its digits when it is whole (``9811100401.0`` -> ``"9811100401"``: a phone stored as a
  number, whose leading 0 the spreadsheet dropped, is then read in the default region, which is what the 0
  meant; one shown in scientific notation, ``9.8111E+09``, is still stored whole and is read the same way),
  and its shortest decimal form otherwise (``12.5``); a NUMBER or RATING field makes it a number again;
- dates and date-times stay ``date``/``datetime`` values (written in the workspace's format, as the SDK
  writes any);
- ``TRUE``/``FALSE`` stay booleans; times of day and durations become their text;
- empty cells are left out, as in a CSV.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import attrs

from ._common import CommandError

__all__ = ["SheetRow", "xlsx_header", "xlsx_row_count", "xlsx_rows"]


@attrs.frozen
class SheetRow:
    """One row below the header: its number in the sheet, its cells by column, the cells as text (for the
    rejects file), and why it cannot be read, if it cannot."""

    line: int
    cells: list[tuple[str, object]]
    raw: list[str]
    problem: str | None


def xlsx_header(path: Path, sheet: str | None) -> list[str]:
    """The column names: the sheet's first row (trailing empty cells dropped)."""
    header, _, _ = _read(path, sheet)
    return header


def xlsx_row_count(path: Path, sheet: str | None) -> int:
    """Rows below the header that hold anything."""
    return sum(1 for _ in xlsx_rows(path, sheet))


def xlsx_rows(path: Path, sheet: str | None) -> Iterator[SheetRow]:
    """Every row below the header that holds anything, numbered as Excel numbers rows."""
    header, first_line, rows = _read(path, sheet)
    for offset, cells in enumerate(rows, 1):
        values = [_cell(value) for value in cells]
        while values and values[-1] == "":
            values.pop()
        if not values:
            continue  # blank row
        line = first_line + offset
        problem = None
        if len(values) > len(header):
            problem = f"row {line}: {len(values)} cells, but the header names {len(header)} columns"
        raw = [value.isoformat() if isinstance(value, date) else str(value) for value in values]
        yield SheetRow(line, list(zip(header, values, strict=False)), raw, problem)


def _read(path: Path, sheet: str | None) -> tuple[list[str], int, Iterator[Sequence[object]]]:
    try:
        from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound
    except ImportError:
        raise CommandError(f"{path}: reading .xlsx needs the cli extra: pip install 'telecrm[cli]'") from None

    try:
        workbook = CalamineWorkbook.from_path(path)
        try:
            data = workbook.get_sheet_by_index(0) if sheet is None else workbook.get_sheet_by_name(sheet)
        except WorksheetNotFound:
            names = ", ".join(repr(name) for name in workbook.sheet_names)
            raise CommandError(f"{path}: no sheet named {sheet!r} (the workbook has {names})") from None
        start = data.start
        rows: Iterator[Sequence[object]] = iter(data.iter_rows())
        first = next(rows, None)
    except CalamineError as exc:
        raise CommandError(f"{path}: not a readable Excel workbook ({exc})") from None
    header = [str(_cell(value)) for value in first or []]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise CommandError(f"{path}: the sheet has no header row (the first row names the columns)")
    if "" in header:
        raise CommandError(f"{path}: column {header.index('') + 1} of the header row has no name")
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise CommandError(f"{path}: the header names these columns twice: {', '.join(duplicates)}")
    first_line = 1 if start is None else start[0] + 1
    return header, first_line, rows


def _cell(value: object) -> object:
    """A cell as a CSV cell would hold it (see the module's rules)."""
    if isinstance(value, bool | str | date):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)  # a time of day or a duration
