"""``telecrm ingest FILE``: a CSV, JSON Lines or Excel file into the Async API, checked, paced and journaled.

Records go through ``client.ingest.upsert_many``: this module reads the file, maps columns to fields and
actions, types CSV cells by the workspace's field types, shows progress, writes the rejects file and prints
the summary. The file is streamed (read once to count, once to ingest, once more to copy rejected rows), so
its size is bounded by the disk, not by memory.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import math
import os
import re
import shlex
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, Literal, TextIO

import attrs

from telecrm import (
    CustomAction,
    IngestOutcome,
    IngestProgress,
    IngestReport,
    RedisRateLimiter,
    Telecrm,
    ValidationError,
)
from telecrm._bulk.options import (
    DEFAULT_MAX_ATTEMPTS,
    MAX_CONCURRENCY,
    check_date_format,
    resolve_region,
)
from telecrm._bulk.outputs import journal_files, refuse_overlapping_outputs
from telecrm._vocabulary import ASYNC_RATE_PER_HOUR, STANDARD_FIELDS

from ._common import (
    EXIT_INCOMPLETE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    CommandError,
    UsageError,
    at_least,
    checked_by,
    int_from,
    rate,
)
from ._render import console, emit_json, pairs, table

Format = Literal["csv", "jsonl", "xlsx"]

_SUFFIXES: Final[Mapping[str, Format]] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xlsx": "xlsx",
}
_PAYMENT_KEYS: Final = ("amount", "currency", "status", "created_on")
_MARK: Final = "#"
"""Columns (CSV) and keys (JSON Lines) starting with this are ignored: the rejects file's own columns."""
_NUMBER: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_INTEGER: Final = re.compile(r"-?[0-9]+")
_PROBLEMS_SHOWN: Final = 10
_PROBLEMS_IN_JSON: Final = 100
_ENCODING: Final = "utf-8-sig"
_ERRORS: Final = "surrogateescape"
"""How input files are read: bytes that are not UTF-8 become lone surrogates, which preflight reports as the
record's problem (instead of the whole run failing on a UnicodeDecodeError), and which the rejects file
writes back as the original bytes."""

_HELP: Final = """\
columns and keys:
  A CSV column (or a JSON Lines key) is a lead field API name unless --map sends it elsewhere:
    --map "Mobile=phone"                  a lead field
    --map "Visit note=action.1001.note"   field 'note' of custom action 1001
    --map "Visited=action.1001.created_on"
    --map "Paid=payment.amount"           also payment.currency, payment.status, payment.created_on
  A row with any action.<code>.* value records that custom action; with any payment.* value, a payment.
  Empty CSV cells are left out. CSV cells are typed by the workspace: numbers and ratings become numbers,
  tags are split on --tags-separator, dates of digits only are epoch milliseconds. JSON Lines values are
  sent as they are; a line may also be an API body {"fields": {...}, "actions": [...]}.
  A CSV column that is neither a field of the workspace nor mapped nor skipped stops the command before
  anything is sent (exit status 2), with a --map suggestion.
  Columns and keys starting with # are ignored, so a rejects file can be fixed and ingested again.

dates:
  The Async API reads dates only as epoch milliseconds or in the workspace format (DD/MM/YYYY[ HH:mm:ss])
  and silently drops anything else. Dates in DATE fields and action dates are rewritten into it: ISO 8601
  (2024-03-12, with a time and zone), numbers day first as the workspace writes them (12-03-2024,
  12.03.2024 14:30), and months in words (12 Mar 2024, March 12, 2024). A date that cannot be read for
  certain (03/04/24, 12/25/2024, "next monday") is rejected with the reason, never guessed.
  --date-format %m/%d/%Y reads every date with one strptime format instead.

phones and emails:
  Phones are rewritten into the API's form, country code + number, digits only, in every PHONE field of
  the workspace: +91 98111 00401, +91-98111-00401, 098111 00401, (0)98111-00401 and 9811100401 are all
  919811100401. A number without a country code is read in --default-region (default
  TELECRM_DEFAULT_REGION, else IN). Numbers too short or too long for their country, with letters or an
  extension are rejected with the reason. --no-normalize-phones sends phones as given, and rejects those
  not already in that form. Emails are trimmed and lower-cased. The summary counts the values rewritten;
  --show-rewrites lists them (--json lists the first 100, or all with --show-rewrites).

duplicates:
  A row whose lead identifier (as the API matches it: phones normalised, emails case-insensitively) an
  earlier row had is reported with both line numbers. --duplicates merge (the default) sends it, and the
  API updates the same lead, the later values winning; keep-first skips it; reject rejects it.

excel:
  An .xlsx file is read from its first sheet (--sheet NAME for another); the first row names the columns
  and rows are numbered as Excel numbers them. Numbers are read as their digits (a phone stored as a
  number, its leading 0 dropped, is read in the default region; one shown in scientific notation is stored
  whole and read the same way), date cells as dates. Rejected rows go to a CSV rejects file.

resuming:
  With --journal PATH, run the same command again after an interruption: records already queued are not
  sent again; records that were in flight are sent again and counted as possibly duplicated.
"""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "ingest",
        parents=[common],
        help="bulk create-or-update leads from a CSV or JSON Lines file",
        description="Upsert every record of FILE through the Async API. Each record is checked against the\n"
        "workspace first; invalid ones are never sent and go to the rejects file with every reason.\n"
        "Exit status 3 if any record was invalid or failed.",
        epilog=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file", type=Path, help="a .csv, a .jsonl / .ndjson file of JSON objects, or an Excel .xlsx"
    )
    parser.add_argument(
        "--format", choices=("csv", "jsonl", "xlsx"), help="the file's format (default: from its suffix)"
    )
    parser.add_argument(
        "--sheet", metavar="NAME", help="the sheet of an .xlsx workbook to read (default: the first)"
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        type=checked_by(_map_item),
        metavar="COLUMN=TARGET",
        help="send COLUMN to TARGET (see below)",
    )
    parser.add_argument("--skip", action="append", default=[], metavar="COLUMN", help="ignore COLUMN")
    parser.add_argument(
        "--tags-separator", default=";", metavar="SEP", help="splits CSV tags cells (default ;)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check every record, send nothing")
    parser.add_argument(
        "--journal", type=Path, metavar="PATH", help="SQLite journal: resume without resending"
    )
    parser.add_argument(
        "--rejects",
        type=Path,
        metavar="PATH",
        help="where to write rejected records (default FILE.rejects.*)",
    )
    parser.add_argument(
        "--rate",
        type=rate,
        default=ASYNC_RATE_PER_HOUR,
        metavar="PER_HOUR",
        help="requests per hour per Async token (default %(default).0f, the API's limit; 0: no pacing)",
    )
    parser.add_argument(
        "--concurrency",
        type=int_from(1, MAX_CONCURRENCY, ": more buys no speed at the Async API's five requests a second"),
        default=None,
        metavar="N",
        help="requests in flight at once, exactly (default: adapted to the latency observed, from 1 up to "
        f"what the pacing can use; at most {MAX_CONCURRENCY})",
    )
    parser.add_argument(
        "--token-env",
        action="append",
        default=[],
        metavar="VAR",
        help="an environment variable holding another Async token to share the load (repeatable)",
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="pace against a Redis that every process sharing these tokens uses, so that together they hold "
        "the limit (default: $TELECRM_REDIS_URL; needs telecrm[redis])",
    )
    parser.add_argument(
        "--max-attempts",
        type=at_least(1),
        default=DEFAULT_MAX_ATTEMPTS,
        metavar="N",
        help="tries per record (default %(default)s)",
    )
    parser.add_argument(
        "--no-replay-actions",
        dest="replay_actions",
        action="store_false",
        help="do not resend a record with actions after an answer was lost (it may be processed already); "
        "report it as failed instead",
    )
    parser.add_argument(
        "--date-format",
        type=checked_by(check_date_format),
        metavar="FORMAT",
        help="read every date with this strptime format, e.g. %%m/%%d/%%Y for months first (see below)",
    )
    parser.add_argument(
        "--normalize-dates",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="rewrite dates into the workspace format (default: yes; see below)",
    )
    parser.add_argument(
        "--normalize-phones",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="rewrite phones as people write them (+91 98111 00401, 098111-00401) into country code + "
        "number, digits only (default: yes; see below)",
    )
    parser.add_argument(
        "--default-region",
        type=checked_by(resolve_region),
        metavar="CC",
        help="the region (ISO code) a phone without a country code is read in (default: "
        "TELECRM_DEFAULT_REGION, else IN)",
    )
    parser.add_argument(
        "--duplicates",
        choices=("merge", "keep-first", "reject"),
        default="merge",
        help="a row whose lead identifier an earlier row had: merge (send it, the later values win; the "
        "default), keep-first (skip it) or reject it; each is reported either way",
    )
    parser.add_argument(
        "--show-rewrites",
        action="store_true",
        help="list every value normalisation rewrote (the summary counts them; --json lists them)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    parser.set_defaults(run=run)


# --- targets ---------------------------------------------------------------------------------------------


@attrs.frozen
class Target:
    """Where a column's value goes: a lead field, a custom action's field or date, or a payment key."""

    kind: Literal["field", "action", "payment"]
    name: str
    code: int = 0

    @classmethod
    def parse(cls, text: str) -> Target:
        head, _, rest = text.partition(".")
        if head == "action" and rest:
            code_text, _, name = rest.partition(".")
            try:
                code = CustomAction(code_text).code
            except ValidationError as exc:
                raise CommandError(f"{text!r}: {exc}") from None
            if not name:
                raise CommandError(f"{text!r}: name the action's field, e.g. action.{code}.note")
            return cls("action", name, code)
        if head == "payment" and rest:
            if rest not in _PAYMENT_KEYS:
                raise CommandError(
                    f"{text!r}: a payment column is one of payment.{', payment.'.join(_PAYMENT_KEYS)}"
                )
            return cls("payment", rest)
        return cls("field", text)


def _map_item(item: str) -> tuple[str, Target]:
    """One ``--map COLUMN=TARGET`` (the column may hold ``=``: the last one splits)."""
    column, sep, target = item.rpartition("=")
    if not sep or not column or not target:
        raise CommandError(f"takes COLUMN=TARGET, got {item!r}")
    return column, Target.parse(target)


class ColumnMap:
    """Column -> target, from ``--map`` and ``--skip``; unmapped columns are field API names."""

    def __init__(self, maps: list[tuple[str, Target]], skips: list[str]) -> None:
        self.targets: dict[str, Target] = dict(maps)
        self.skips = frozenset(skips)
        self._cache: dict[str, Target | None] = {}

    def target(self, column: str) -> Target | None:
        """The column's target; ``None`` for a skipped column."""
        if column not in self._cache:
            if column in self.skips or column.startswith(_MARK):
                self._cache[column] = None
            else:
                self._cache[column] = self.targets.get(column) or Target.parse(column)
        return self._cache[column]

    def check_header(self, header: list[str]) -> None:
        unknown = sorted(set(self.targets) - set(header)) + sorted(self.skips - set(header))
        if unknown:
            raise UsageError(f"--map/--skip name columns the file does not have: {', '.join(unknown)}")
        seen: dict[Target, str] = {}
        for column in header:
            target = self.target(column)
            if target is None:
                continue
            if target in seen:
                raise UsageError(f"columns {seen[target]!r} and {column!r} both go to {_describe(target)}")
            seen[target] = column

    def check_workspace(self, header: list[str], schema: FieldTypes) -> None:
        """Refuse, once and before anything is sent, columns whose values the workspace has no place for
        (each row would otherwise be rejected for them), with a ``--map`` suggestion for each."""
        problems = []
        for column in header:
            target = self.target(column)
            if target is None:
                continue
            if target.kind == "field" and target.name not in schema.fields:
                problems.append(self._not_a_field(column, target.name, schema))
            elif target.kind == "action" and target.code not in schema.actions:
                defined = ", ".join(str(code) for code in sorted(schema.actions)) or "none"
                problems.append(
                    f"column {column!r} goes to custom action {target.code}, which the workspace does not "
                    f"define (defined: {defined})"
                )
            elif (
                target.kind == "action"
                and target.name != "created_on"
                and target.name not in schema.actions[target.code]
            ):
                listed = ", ".join(sorted(schema.actions[target.code])) or "none"
                problems.append(
                    f"column {column!r} goes to {_describe(target)}, but custom action {target.code} has no "
                    f"field {target.name!r} (fields: {listed})"
                )
        if problems:
            raise UsageError("; ".join(problems))

    def _not_a_field(self, column: str, name: str, schema: FieldTypes) -> str:
        guess = _closest(name, schema.fields)
        if column in self.targets:
            hint = f"; did you mean --map {shlex.quote(f'{column}={guess}')}?" if guess else ""
            return f"--map {shlex.quote(f'{column}={name}')}: the workspace has no lead field {name!r}{hint}"
        suggestion = shlex.quote(f"{column}={guess or 'API_NAME'}")
        return (
            f"column {column!r} is not a lead field of the workspace: map it with --map {suggestion}"
            + ("" if guess else " (`telecrm workspace fields` lists the API names)")
            + f", or leave it out with --skip {shlex.quote(column)}"
        )


def _closest(name: str, names: Iterable[str]) -> str | None:
    """The API name ``name`` most likely meant: the same but for case, or a close spelling."""
    import difflib

    by_fold = {known.casefold(): known for known in names}
    if name.casefold() in by_fold:
        return by_fold[name.casefold()]
    folded = name.casefold().replace(" ", "_")
    matches = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.6)
    return by_fold[matches[0]] if matches else None


def _describe(target: Target) -> str:
    if target.kind == "action":
        return f"action.{target.code}.{target.name}"
    return f"payment.{target.name}" if target.kind == "payment" else target.name


# --- reading ---------------------------------------------------------------------------------------------
#
# A reader turns a file into rows, one per record, in file order: each row is either readable (its cells) or
# carries the ``problem`` that kept it from being read (a broken CSV row, a cell over the csv module's limit,
# a JSON line that is not JSON, nested too deeply, or too long). A reader never raises for one record: an
# unreadable record is that record's ``invalid`` outcome, with its line number, and the run goes on. Reading
# is deterministic, so the rejects file (a second pass) finds the same rows at the same positions.


@attrs.frozen
class Row:
    """One record of the file: its first line, its cells (column, value), any API-shaped actions, the raw
    text or cells (for the rejects file), and why it cannot be read, if it cannot."""

    line: int
    cells: list[tuple[str, object]]
    actions: list[object]
    typed: bool
    raw: list[str] | str
    problem: str | None = None


_MAX_LINE_CHARS: Final = 1 << 20
"""The longest JSON Lines record read (a million characters; real ones are under a few thousand). A longer
line is that record's problem, and is skipped without ever being held whole in memory."""


def read_rows(path: Path, fmt: Format, sheet: str | None = None) -> Iterator[Row]:
    if fmt == "xlsx":
        from ._readers_xlsx import xlsx_rows

        return (Row(row.line, row.cells, [], False, row.raw, row.problem) for row in xlsx_rows(path, sheet))
    return _csv_rows(path) if fmt == "csv" else _jsonl_rows(path)


def file_header(path: Path, fmt: Format, sheet: str | None = None) -> list[str] | None:
    """The column names of a CSV file or a sheet; ``None`` for JSON Lines, which has none."""
    if fmt == "xlsx":
        from ._readers_xlsx import xlsx_header

        return xlsx_header(path, sheet)
    return csv_header(path) if fmt == "csv" else None


def count_rows(path: Path, fmt: Format, sheet: str | None = None) -> int:
    """How many rows :func:`read_rows` gives, counted without building them (for the progress bar)."""
    if fmt == "xlsx":
        from ._readers_xlsx import xlsx_row_count

        return xlsx_row_count(path, sheet)
    with path.open(newline="" if fmt == "csv" else None, encoding=_ENCODING, errors=_ERRORS) as handle:
        records = _csv_records(handle) if fmt == "csv" else _jsonl_lines(handle)
        return sum(1 for _ in records)


def csv_header(path: Path) -> list[str]:
    with path.open(newline="", encoding=_ENCODING, errors=_ERRORS) as handle:
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
        return  # csv_header has refused such a file before anything is read
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
    header = csv_header(path)
    with path.open(newline="", encoding=_ENCODING, errors=_ERRORS) as handle:
        for first, cells in _csv_records(handle):
            if isinstance(cells, str):
                yield Row(first, [], [], False, [""] * len(header), cells)
                continue
            problem = None
            if len(cells) > len(header):
                problem = f"line {first}: {len(cells)} cells, but the header names {len(header)} columns"
            yield Row(first, list(zip(header, cells, strict=False)), [], False, cells, problem)


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
    with path.open(encoding=_ENCODING, errors=_ERRORS) as handle:
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
        data = _json_value(text)
    except ValueError as exc:
        return unreadable(str(exc))
    if not isinstance(data, dict):
        return unreadable(f"a line is a JSON object, got {type(data).__name__}")
    data = {key: value for key, value in data.items() if not key.startswith(_MARK)}
    if isinstance(data.get("fields"), dict) and data.keys() <= {"fields", "actions"}:
        actions = data.get("actions", [])
        if not isinstance(actions, list):
            return unreadable("'actions' is a list of actions")
        return Row(number, list(data["fields"].items()), actions, True, text)
    return Row(number, list(data.items()), [], True, text)


def _json_value(text: str) -> object:
    """The JSON value ``text`` holds, or ``ValueError`` saying why it is not JSON (nested too deeply for the
    parser, a number of thousands of digits...)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("not JSON that can be read (nested too deeply)") from None
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc})") from None
    return data


# --- rows to records -------------------------------------------------------------------------------------


@attrs.frozen
class Unreadable:
    """A record the file did not give: preflight refuses it (it is not a mapping), and the command reports
    ``problem`` in its place."""

    problem: str


@attrs.frozen
class FieldTypes:
    """The workspace's field types (``TEXT``, ``NUMBER``, ``TAGS``...), for lead fields and for each custom
    action's fields, read through the public API."""

    fields: Mapping[str, str]
    actions: Mapping[int, Mapping[str, str]]

    @classmethod
    def read(cls, client: Telecrm) -> FieldTypes:
        fields = dict(STANDARD_FIELDS)
        fields.update(
            {field.api_name: field.type.upper() for field in client.workspace.custom_fields(detail=True)}
        )
        actions = {
            definition.code: {
                str(name): str(spec.get("type", "")).upper() if isinstance(spec, Mapping) else ""
                for name, spec in definition.field_schema.items()
            }
            for definition in client.workspace.custom_actions(detail=True)
            if isinstance(definition.code, int)
        }
        return cls(fields, actions)


class RecordBuilder:
    """Turns rows into ``upsert_many`` records, typing CSV cells by the workspace's field types."""

    def __init__(self, schema: FieldTypes, mapping: ColumnMap, tags_separator: str) -> None:
        self.schema = schema
        self.mapping = mapping
        self.tags_separator = tags_separator

    def build(self, row: Row) -> object:
        if row.problem is not None:
            return Unreadable(row.problem)
        fields: dict[str, object] = {}
        custom: dict[int, dict[str, Any]] = {}
        payment: dict[str, object] = {}
        for column, value in row.cells:
            if not row.typed and value == "":
                continue
            try:
                target = self.mapping.target(column)
            except CommandError as exc:
                return Unreadable(f"line {row.line}: {exc}")
            if target is None:
                continue
            if target.kind == "field":
                kind = self.schema.fields.get(target.name)
                fields[target.name] = value if row.typed else self._typed(kind, value)
            elif target.kind == "action":
                action = custom.setdefault(target.code, {"type": str(target.code)})
                if target.name == "created_on":
                    action["created_on"] = value if row.typed else _epoch_or_text(value)
                else:
                    kind = self.schema.actions.get(target.code, {}).get(target.name)
                    action.setdefault("fields", {})[target.name] = (
                        value if row.typed else self._typed(kind, value)
                    )
            else:
                payment[target.name] = (
                    value if row.typed or target.name != "created_on" else _epoch_or_text(value)
                )
        actions: list[object] = [*custom.values()]
        if payment:
            actions.append({"type": "PAYMENT", **payment})
        actions.extend(row.actions)
        return {"fields": fields, "actions": actions}

    def _typed(self, kind: str | None, text: object) -> object:
        """A CSV cell as the field type wants it; anything that does not parse stays text, for preflight to
        report."""
        if not isinstance(text, str):
            return text
        if kind == "NUMBER" and _NUMBER.fullmatch(text):
            return _int_or_text(text) if _INTEGER.fullmatch(text) else float(text)
        if kind == "RATING" and _INTEGER.fullmatch(text):
            return _int_or_text(text)
        if kind == "TAGS":
            return [tag.strip() for tag in text.split(self.tags_separator) if tag.strip()]
        if kind == "DATE":
            return _epoch_or_text(text)
        return text


def _epoch_or_text(value: object) -> object:
    return _int_or_text(value) if isinstance(value, str) and value.isdigit() and value.isascii() else value


def _int_or_text(text: str) -> object:
    """The integer ``text`` spells, or the text itself if Python will not read it (past its limit on digits),
    for preflight to refuse with the reason."""
    try:
        return int(text)
    except ValueError:
        return text


# --- the command -----------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    fmt: Format | None = args.format or _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"{path}: cannot tell the format from the suffix; pass --format csv or --format jsonl"
        )
    if args.date_format is not None and not args.normalize_dates:
        raise UsageError(
            "--date-format reads dates to rewrite them: it does not go with --no-normalize-dates"
        )
    rejects: Path = args.rejects or path.with_name(
        f"{path.stem}.rejects{'.jsonl' if fmt == 'jsonl' else '.csv'}"
    )
    outputs = {"--rejects": rejects} | ({} if args.journal is None else journal_files(args.journal))
    try:
        refuse_overlapping_outputs({"the input FILE": path}, outputs)
    except ValidationError as exc:
        raise UsageError(str(exc)) from None
    mapping = ColumnMap(args.map, args.skip)
    if args.sheet is not None and fmt != "xlsx":
        raise UsageError("--sheet names a sheet of an .xlsx workbook")
    header = file_header(path, fmt, args.sheet)
    if header is not None:
        mapping.check_header(header)
    total = count_rows(path, fmt, args.sheet)
    unreadable: dict[int, str] = {}
    lines = _LineIndex()

    redis_url = args.redis or os.environ.get("TELECRM_REDIS_URL")
    limiter = (
        None
        if not redis_url
        else RedisRateLimiter(redis_url, rate_per_hour=math.inf if args.rate == 0 else args.rate)
    )
    with Telecrm(rate_limiter=limiter) as client:
        tokens = _tokens(args.token_env)
        schema = FieldTypes.read(client)
        if header is not None:
            mapping.check_workspace(header, schema)
        builder = RecordBuilder(schema, mapping, args.tags_separator)

        def records() -> Iterator[object]:
            for index, row in enumerate(read_rows(path, fmt, args.sheet)):
                lines.append(row.line)
                try:
                    record = builder.build(row)
                except Exception as exc:  # whatever one row makes the builder raise is that row's problem
                    record = Unreadable(f"line {row.line}: cannot be read ({type(exc).__name__}: {exc})")
                if isinstance(record, Unreadable):
                    unreadable[index] = record.problem
                yield record

        seen = _Seen()
        rejected: dict[int, IngestOutcome] = {}  # every problem, however large the run (the report samples)

        def on_outcome(outcome: IngestOutcome) -> None:
            if outcome.status in ("invalid", "failed"):
                rejected[outcome.index] = outcome

        with _progress(total, args, "Checking" if args.dry_run else "Ingesting") as bar:

            def on_progress(progress: IngestProgress) -> None:
                seen.last = progress
                if bar is not None:
                    bar(progress)

            try:
                report = client.ingest.upsert_many(
                    records(),
                    tokens=tokens,
                    rate_per_hour=math.inf if args.rate == 0 else args.rate,
                    concurrency=args.concurrency,
                    journal=args.journal,
                    dry_run=args.dry_run,
                    replay_actions=args.replay_actions,
                    max_attempts=args.max_attempts,
                    on_progress=on_progress,
                    on_outcome=on_outcome,
                    normalize_dates=args.normalize_dates,
                    date_format=args.date_format,
                    normalize_phones=args.normalize_phones,
                    default_region=args.default_region,
                    duplicates=args.duplicates.replace("-", "_"),
                )
            except KeyboardInterrupt:
                raise CommandError(_interrupted(args, seen.last, total), status=EXIT_INTERRUPTED) from None

    def reasons(outcome: IngestOutcome) -> list[str]:
        if outcome.index in unreadable:
            return [unreadable[outcome.index]]
        if outcome.status == "invalid":
            return list(outcome.reasons)
        return [str(outcome.error)] if outcome.error is not None else []

    rejected.update((outcome.index, outcome) for outcome in report.problems)  # and any a stop left unsettled
    written = _write_rejects(path, fmt, rejects, rejected, reasons, args.sheet)
    _summarise(args, path, report, lines, reasons, written)
    return EXIT_OK if report.ok else EXIT_INCOMPLETE


class _LineIndex:
    """Each record's first line, by index, in memory that grows with the blank lines and multi-line rows of
    the file, not with its records: only the points where ``line - index`` changes are kept."""

    def __init__(self) -> None:
        self._starts = array("q")
        self._offsets = array("q")
        self._count = 0

    def append(self, line: int) -> None:
        offset = line - self._count
        if not self._offsets or self._offsets[-1] != offset:
            self._starts.append(self._count)
            self._offsets.append(offset)
        self._count += 1

    def __getitem__(self, index: int) -> int:
        return index + self._offsets[bisect.bisect_right(self._starts, index) - 1]


@attrs.define
class _Seen:
    """The last progress ``upsert_many`` reported, for the message of an interrupted run."""

    last: IngestProgress | None = None


def _interrupted(args: argparse.Namespace, progress: IngestProgress | None, total: int) -> str:
    done = 0 if progress is None else progress.done
    queued = 0 if progress is None else progress.queued
    if args.dry_run:
        return f"interrupted after checking {done} of {total} records (a dry run: nothing was sent)"
    head = f"interrupted after {queued} of {total} records were queued"
    if args.journal is not None:
        return (
            f"{head}; run the same command again to resume from the journal (queued records are not sent "
            "again)"
        )
    return (
        f"{head} (they are in Telecrm now; records that were in flight may be too). Without --journal a "
        "new run sends every record again: pass --journal PATH to make a run resumable"
    )


def _tokens(variables: list[str]) -> list[str] | None:
    if not variables:
        return None
    tokens = []
    # The client was configured from the environment, so its own Async token is this variable's.
    own = os.environ.get("TELECRM_ASYNC_TOKEN")
    if own:
        tokens.append(own)
    for name in variables:
        value = os.environ.get(name)
        if not value:
            raise CommandError(f"--token-env {name}: the environment variable is not set")
        if value not in tokens:
            tokens.append(value)
    return tokens


@contextmanager
def _progress(
    total: int, args: argparse.Namespace, verb: str
) -> Iterator[Callable[[IngestProgress], None] | None]:
    enabled = args.progress if args.progress is not None else sys.stderr.isatty()
    if not enabled:
        yield None
        return
    stderr = console(stderr=True)  # first: it explains a missing rich
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[counts]}"),
        console=stderr,
    )
    task = bar.add_task(f"{verb} {args.file.name}", total=total, rate="", counts="")

    def update(progress: IngestProgress) -> None:
        rate = progress.done / progress.elapsed if progress.elapsed > 0 else 0.0
        counts = f"queued {progress.queued}" if not args.dry_run else ""
        counts += f"  invalid {progress.invalid}  failed {progress.failed}"
        if progress.rate_limited:
            counts += f"  429s {progress.rate_limited}"
        bar.update(task, completed=progress.done, rate=f"{rate:,.1f} rec/s", counts=counts.strip())

    with bar:
        yield update


def _write_rejects(
    path: Path,
    fmt: Format,
    destination: Path,
    rejected: Mapping[int, IngestOutcome],
    reasons: Callable[[IngestOutcome], list[str]],
    sheet: str | None = None,
) -> Path | None:
    """Copy rejected records to ``destination`` with their line, status and reasons, in the input's format
    (the ``#`` columns are ignored on input, so the file can be fixed and ingested again). With no rejects, an
    existing file is emptied, so that it never describes an older run; none is created."""
    if not rejected and not destination.exists():
        return None
    # surrogateescape: bytes of the input that were not UTF-8 are written back as they were.
    with destination.open("w", newline="", encoding="utf-8", errors=_ERRORS) as out:
        header = file_header(path, fmt, sheet)
        if header is not None:  # a CSV file or a sheet: the rejects are a CSV file
            writer = csv.writer(out)
            writer.writerow([*header, f"{_MARK}line", f"{_MARK}status", f"{_MARK}reasons"])
        for index, row in enumerate(read_rows(path, fmt, sheet)):
            outcome = rejected.get(index)
            if outcome is None:
                continue
            why = reasons(outcome)
            if isinstance(row.raw, list):  # a CSV row
                writer.writerow([*row.raw, row.line, outcome.status, " | ".join(why)])
            else:
                out.write(_json_line(_rejected_line(row, outcome.status, why)) + "\n")
    return destination if rejected else None


def _json_line(data: dict[str, object]) -> str:
    """One JSON Lines line; text JSON escaped to a lone surrogate (``"\\ud800"``) is kept escaped."""
    text = json.dumps(data, ensure_ascii=False)
    try:
        text.encode("utf-8", _ERRORS)
    except UnicodeEncodeError:
        return json.dumps(data)
    return text


def _rejected_line(row: Row, status: str, why: list[str]) -> dict[str, object]:
    notes = {f"{_MARK}line": row.line, f"{_MARK}status": status, f"{_MARK}reasons": why}
    try:
        original = _json_value(str(row.raw))
    except ValueError:
        original = None
    if isinstance(original, dict):
        return {**original, **notes}
    return {**notes, f"{_MARK}raw": row.raw}  # not a JSON object: kept as text


def _summarise(
    args: argparse.Namespace,
    path: Path,
    report: IngestReport,
    lines: _LineIndex,
    reasons: Callable[[IngestOutcome], list[str]],
    rejects: Path | None,
) -> None:
    rate = len(report) / report.elapsed if report.elapsed > 0 else 0.0
    if args.json:
        emit_json(
            {
                "file": str(path),
                "dry_run": report.dry_run,
                "records": len(report),
                "queued": report.queued,
                "from_journal": report.from_journal,
                "valid": report.valid,
                "invalid": report.invalid,
                "failed": report.failed,
                "possibly_duplicated": report.possibly_duplicated,
                "requests": report.requests,
                "rate_limited": report.rate_limited,
                "elapsed_seconds": round(report.elapsed, 3),
                "rejects_file": None if rejects is None else str(rejects),
                **_normalisation_json(args, report, lines),
                "problems": [
                    {
                        "index": outcome.index,
                        "line": lines[outcome.index],
                        "status": outcome.status,
                        "reasons": reasons(outcome),
                        "attempts": outcome.attempts,
                        "possibly_delivered": outcome.possibly_delivered,
                    }
                    for outcome in report.problems[:_PROBLEMS_IN_JSON]
                ],
            }
        )
        return
    rows: list[tuple[str, object]] = [("records", len(report))]
    if report.dry_run:
        rows.append(("valid", report.valid))
    else:
        journal = f" ({report.from_journal} queued by an earlier run)" if report.from_journal else ""
        rows.append(("queued", f"{report.queued}{journal}"))
    rows += [("invalid", report.invalid), ("failed", report.failed)]
    if not report.dry_run:
        rows += [
            ("possibly duplicated", report.possibly_duplicated),
            ("requests", f"{report.requests} ({report.rate_limited} answered 429)"),
        ]
    rows += _normalisation_rows(args, report)
    rows += [("time", f"{report.elapsed:.1f} s ({rate:,.1f} records/s)")]
    rows.append(("rejects file", str(rejects) if rejects is not None else "none"))
    title = f"{'Checked' if report.dry_run else 'Ingested'} {path.name}" + (
        " (dry run)" if report.dry_run else ""
    )
    pairs(title, rows)
    _normalisation_tables(args, report, lines)
    problems = report.problems
    if problems:
        shown = problems[:_PROBLEMS_SHOWN]
        count = report.invalid + report.failed
        more = f" (first {len(shown)} of {count}; all in the rejects file)" if count > len(shown) else ""
        table(
            f"Problems{more}",
            ("line", "status", "reasons"),
            ((lines[o.index], o.status, "\n".join(reasons(o))) for o in shown),
        )


# --- rewrites and duplicates in the summary ----------------------------------------------------------------

_DUPLICATE_DONE: Final = {"merge": "merged", "keep-first": "skipped", "reject": "rejected"}


def _rewrites(report: IngestReport, lines: _LineIndex) -> Iterator[tuple[int, str, str, str | int]]:
    for outcome in report.outcomes:
        for rewrite in outcome.rewrites:
            yield lines[outcome.index], rewrite.where, rewrite.before, rewrite.after


def _duplicates(report: IngestReport, lines: _LineIndex) -> Iterator[tuple[int, int]]:
    for outcome in report.outcomes:
        if outcome.duplicate_of is not None:
            yield lines[outcome.index], lines[outcome.duplicate_of]


def _normalisation_json(
    args: argparse.Namespace, report: IngestReport, lines: _LineIndex
) -> dict[str, object]:
    """The JSON summary's counts and lists of rewrites and duplicates (the first 100 of each; every rewrite
    with --show-rewrites)."""
    rewrites = _rewrites(report, lines)
    duplicates = _duplicates(report, lines)
    return {
        "skipped": report.skipped,
        "rewritten": report.rewritten,
        "rewrites": [
            {"line": line, "where": where, "before": before, "after": after}
            for line, where, before, after in (
                rewrites if args.show_rewrites else itertools.islice(rewrites, _PROBLEMS_IN_JSON)
            )
        ],
        "duplicates": report.duplicates,
        "duplicates_handling": args.duplicates,
        "duplicate_rows": [
            {"line": line, "same_lead_as_line": first}
            for line, first in itertools.islice(duplicates, _PROBLEMS_IN_JSON)
        ],
    }


def _normalisation_rows(args: argparse.Namespace, report: IngestReport) -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = [("values rewritten", report.rewritten)]
    if report.duplicates:
        rows.append(("duplicates", f"{report.duplicates} ({_DUPLICATE_DONE[args.duplicates]})"))
    return rows


def _normalisation_tables(args: argparse.Namespace, report: IngestReport, lines: _LineIndex) -> None:
    if report.duplicates:
        shown = list(itertools.islice(_duplicates(report, lines), _PROBLEMS_SHOWN))
        more = f" (first {len(shown)} of {report.duplicates})" if report.duplicates > len(shown) else ""
        table(
            f"Rows of a lead seen earlier in the file, {_DUPLICATE_DONE[args.duplicates]}{more}",
            ("line", "same lead as line"),
            shown,
        )
    if args.show_rewrites and report.rewritten:
        table(
            "Values rewritten",
            ("line", "where", "before", "after"),
            ((line, where, before, str(after)) for line, where, before, after in _rewrites(report, lines)),
        )
