"""``telecrm ingest FILE``: a CSV, JSON Lines or Excel file into the Async API, checked, paced and journaled.

Records go through ``client.ingest.upsert_many``. This module holds the command line and runs it: it reads
the file (``_readers``), maps columns to fields and actions (``_column_map``), types cells by the workspace's
field types (``_cells``), shows progress (``_ingest_progress``), and writes the rejects file and prints the
summary (``_ingest_report``). The file is streamed (read once to count, once to ingest, once more to copy
rejected rows), so its size is bounded by the disk, not by memory.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, Final

import attrs

from telecrm import (
    IngestOutcome,
    IngestProgress,
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
from telecrm._vocabulary import ASYNC_RATE_PER_HOUR

from ._cells import RecordBuilder, Unreadable, field_types
from ._column_map import ColumnMap, map_item
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
from ._ingest_progress import progress_bar
from ._ingest_report import LineIndex, rejects_path, summarise, write_rejects
from ._readers import Format, count_rows, file_header, format_from_suffix, read_rows

__all__ = ["add_parser", "run"]

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
    """Add ``ingest`` to the ``telecrm`` subcommands."""
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
        type=checked_by(map_item),
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


# --- the command -----------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """Ingest ``args.file``; the exit status (3 if any record was invalid or failed)."""
    path: Path = args.file
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    fmt: Format | None = args.format or format_from_suffix(path)
    if fmt is None:
        raise UsageError(
            f"{path}: cannot tell the format from the suffix; pass --format csv or --format jsonl"
        )
    if args.date_format is not None and not args.normalize_dates:
        raise UsageError(
            "--date-format reads dates to rewrite them: it does not go with --no-normalize-dates"
        )
    rejects: Path = args.rejects or rejects_path(path, fmt)
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
    lines = LineIndex()

    redis_url = args.redis or os.environ.get("TELECRM_REDIS_URL")
    limiter = (
        None
        if not redis_url
        else RedisRateLimiter(redis_url, rate_per_hour=math.inf if args.rate == 0 else args.rate)
    )
    with Telecrm(rate_limiter=limiter) as client:
        tokens = _tokens(args.token_env)
        schema = field_types(client)
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

        with _progress(total, args) as bar:

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
    written = write_rejects(path, fmt, rejects, rejected, reasons, args.sheet)
    summarise(
        path,
        report,
        lines,
        reasons,
        written,
        as_json=args.json,
        show_rewrites=args.show_rewrites,
        duplicates=args.duplicates,
    )
    return EXIT_OK if report.ok else EXIT_INCOMPLETE


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


def _progress(
    total: int, args: argparse.Namespace
) -> AbstractContextManager[Callable[[IngestProgress], None] | None]:
    """The progress bar if ``--progress`` (by default: if stderr is a terminal), else nothing."""
    enabled = args.progress if args.progress is not None else sys.stderr.isatty()
    if not enabled:
        return nullcontext(None)
    verb = "Checking" if args.dry_run else "Ingesting"
    return progress_bar(total, f"{verb} {args.file.name}", dry_run=args.dry_run)
