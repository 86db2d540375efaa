"""The input files of ``telecrm ingest`` as rows: CSV and JSON Lines are read here, Excel workbooks by
``_readers_xlsx``; :func:`read_rows`, :func:`file_header` and :func:`count_rows` dispatch on the format.

A reader turns a file into rows, one per record, in file order: each row is either readable (its cells) or
carries the ``problem`` that kept it from being read (a broken CSV row, a cell over the csv module's limit,
a JSON line that is not JSON, nested too deeply, or too long). A reader never raises for one record: an
unreadable record is that record's ``invalid`` outcome, with its line number, and the run goes on. Reading
is deterministic, so the rejects file (a second pass) finds the same rows at the same positions.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Final, Literal, TextIO

import attrs

from ._common import CommandError

__all__ = [
    "ENCODING_ERRORS",
    "IGNORED_PREFIX",
    "Format",
    "Row",
    "count_rows",
    "file_header",
    "format_from_suffix",
    "json_value",
    "read_rows",
]

Format = Literal["csv", "jsonl", "xlsx"]

_SUFFIXES: Final[Mapping[str, Format]] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xlsx": "xlsx",
}
IGNORED_PREFIX: Final = "#"
"""Columns (CSV) and keys (JSON Lines) starting with this are ignored: the rejects file's own columns."""
_ENCODING: Final = "utf-8-sig"
ENCODING_ERRORS: Final = "surrogateescape"
"""How input files are read: bytes that are not UTF-8 become lone surrogates, which preflight reports as the
record's problem (instead of the whole run failing on a UnicodeDecodeError), and which the rejects file
writes back as the original bytes."""
_MAX_LINE_CHARS: Final = 1 << 20
"""The longest JSON Lines record read (a million characters; real ones are under a few thousand). A longer
line is that record's problem, and is skipped without ever being held whole in memory."""


@attrs.frozen
class Row:
    """One record of the file: its first line, its cells (column, value), any API-shaped actions, whether
    its values are typed already (JSON) or text to be typed (CSV and sheet cells), the raw text or cells (for
    the rejects file), and why it cannot be read, if it cannot."""

    line: int
    cells: list[tuple[str, object]]
    actions: list[object]
    typed: bool
    raw: list[str] | str
    problem: str | None = None


def format_from_suffix(path: Path) -> Format | None:
    """The format ``path``'s suffix names; ``None`` if it names none."""
    return _SUFFIXES.get(path.suffix.lower())


def read_rows(path: Path, fmt: Format, sheet: str | None = None) -> Iterator[Row]:
    """Every record of the file, in order (see the module's rules)."""
    if fmt == "xlsx":
        from ._readers_xlsx import xlsx_rows

        return (Row(row.line, row.cells, [], False, row.raw, row.problem) for row in xlsx_rows(path, sheet))
    return _csv_rows(path) if fmt == "csv" else _jsonl_rows(path)


def file_header(path: Path, fmt: Format, sheet: str | None = None) -> list[str] | None:
    """The column names of a CSV file or a sheet; ``None`` for JSON Lines, which has none."""
    if fmt == "xlsx":
        from ._readers_xlsx import xlsx_header

        return xlsx_header(path, sheet)
    return _csv_header(path) if fmt == "csv" else None


def count_rows(path: Path, fmt: Format, sheet: str | None = None) -> int:
    """How many rows :func:`read_rows` gives, counted without building them (for the progress bar)."""
    if fmt == "xlsx":
        from ._readers_xlsx import xlsx_row_count

        return xlsx_row_count(path, sheet)
    with path.open(
        newline="" if fmt == "csv" else None, encoding=_ENCODING, errors=ENCODING_ERRORS
    ) as handle:
        records = _csv_records(handle) if fmt == "csv" else _jsonl_lines(handle)
        return sum(1 for _ in records)


def json_value(text: str) -> object:
    """The JSON value ``text`` holds, or ``ValueError`` saying why it is not JSON (nested too deeply for the
    parser, a number of thousands of digits...)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("not JSON that can be read (nested too deeply)") from None
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc})") from None
    return data


# --- CSV ---------------------------------------------------------------------------------------------------


def _csv_header(path: Path) -> list[str]:
    with path.open(newline="", encoding=_ENCODING, errors=ENCODING_ERRORS) as handle:
        try:
            header = next(csv.reader(handle, strict=True), None)
        except csv.Error as exc:
            raise CommandError(f"{path}: the header row cannot be read ({exc})") from None
    if not header:
        raise CommandError(f"{path}: no header row (the first line names the columns)")
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise CommandError(f"{path}: the header names these columns twice: {', '.join(duplicates)}")
    return header


def _csv_records(handle: Iterable[str]) -> Iterator[tuple[int, list[str] | str]]:
    """``(first line, cells)`` for each non-blank row after the header, or ``(first line, problem)`` for a
    row the csv module cannot read (it then goes on with the next line). Strict: a quoted cell must end with
    its quote (an unclosed one at the end of the file, or text after a closing quote, is a broken row, not a
    cell guessed to run on)."""
    reader = csv.reader(handle, strict=True)
    try:
        next(reader)
    except (StopIteration, csv.Error):
        return  # _csv_header has refused such a file before anything is read
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            first, line = line, reader.line_num + 1
            yield first, f"line {first}: the row cannot be read as CSV ({exc})"
            continue
        first, line = line, reader.line_num + 1
        if any(cells):  # else a blank line
            yield first, cells


def _csv_rows(path: Path) -> Iterator[Row]:
    header = _csv_header(path)
    with path.open(newline="", encoding=_ENCODING, errors=ENCODING_ERRORS) as handle:
        for first, cells in _csv_records(handle):
            if isinstance(cells, str):
                yield Row(first, [], [], False, [""] * len(header), cells)
                continue
            problem = None
            if len(cells) > len(header):
                problem = f"line {first}: {len(cells)} cells, but the header names {len(header)} columns"
            yield Row(first, list(zip(header, cells, strict=False)), [], False, cells, problem)


# --- JSON Lines --------------------------------------------------------------------------------------------


def _jsonl_lines(handle: TextIO) -> Iterator[tuple[int, str | None]]:
    """``(line number, text)`` for each non-blank line; ``None`` for the text of a line longer than
    ``_MAX_LINE_CHARS``, which is skipped a piece at a time."""
    number = 0
    while text := handle.readline(_MAX_LINE_CHARS + 1):
        number += 1
        if len(text) > _MAX_LINE_CHARS and not text.endswith("\n"):
            while (rest := handle.readline(_MAX_LINE_CHARS)) and not rest.endswith("\n"):
                pass
            yield number, None
        elif text.strip():
            yield number, text.rstrip("\r\n")


def _jsonl_rows(path: Path) -> Iterator[Row]:
    with path.open(encoding=_ENCODING, errors=ENCODING_ERRORS) as handle:
        for number, text in _jsonl_lines(handle):
            if text is None:
                problem = f"line {number}: longer than {_MAX_LINE_CHARS:,} characters, so not read"
                yield Row(number, [], [], True, "", problem)
            else:
                yield _jsonl_row(number, text)


def _jsonl_row(number: int, text: str) -> Row:
    def unreadable(problem: str) -> Row:
        return Row(number, [], [], True, text, f"line {number}: {problem}")

    try:
        data = json_value(text)
    except ValueError as exc:
        return unreadable(str(exc))
    if not isinstance(data, dict):
        return unreadable(f"a line is a JSON object, got {type(data).__name__}")
    data = {key: value for key, value in data.items() if not key.startswith(IGNORED_PREFIX)}
    if isinstance(data.get("fields"), dict) and data.keys() <= {"fields", "actions"}:
        actions = data.get("actions", [])
        if not isinstance(actions, list):
            return unreadable("'actions' is a list of actions")
        return Row(number, list(data["fields"].items()), actions, True, text)
    return Row(number, list(data.items()), [], True, text)
