"""What a ``telecrm ingest`` run leaves behind: the rejects file (the rejected records in the input's format,
with their line, status and reasons) and the summary (a table, or JSON with ``--json``), with the values
normalisation rewrote and the rows of a lead seen earlier in the file."""

from __future__ import annotations

import bisect
import csv
import itertools
import json
from array import array
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Final, TypeAlias

from telecrm import IngestOutcome, IngestReport

from ._readers import ENCODING_ERRORS, IGNORED_PREFIX, Format, Row, file_header, json_value, read_rows
from ._render import emit_json, pairs, table

__all__ = ["LineIndex", "Reasons", "rejects_path", "summarise", "write_rejects"]

Reasons: TypeAlias = Callable[[IngestOutcome], list[str]]
"""What to say about a rejected record: preflight's reasons, the error, or why it could not be read."""

_PROBLEMS_SHOWN: Final = 10
_PROBLEMS_IN_JSON: Final = 100
_DUPLICATE_DONE: Final = {"merge": "merged", "keep-first": "skipped", "reject": "rejected"}


class LineIndex:
    """Each record's first line, by index, in memory that grows with the blank lines and multi-line rows of
    the file, not with its records: only the points where ``line - index`` changes are kept."""

    def __init__(self) -> None:
        self._starts = array("q")
        self._offsets = array("q")
        self._count = 0

    def append(self, line: int) -> None:
        """The next record's first line."""
        offset = line - self._count
        if not self._offsets or self._offsets[-1] != offset:
            self._starts.append(self._count)
            self._offsets.append(offset)
        self._count += 1

    def __getitem__(self, index: int) -> int:
        return index + self._offsets[bisect.bisect_right(self._starts, index) - 1]


# --- the rejects file ------------------------------------------------------------------------------------


def rejects_path(path: Path, fmt: Format) -> Path:
    """Where the rejects of ``path`` go by default: next to it, JSON Lines for JSON Lines, else CSV."""
    return path.with_name(f"{path.stem}.rejects{'.jsonl' if fmt == 'jsonl' else '.csv'}")


def write_rejects(
    path: Path,
    fmt: Format,
    destination: Path,
    rejected: Mapping[int, IngestOutcome],
    reasons: Reasons,
    sheet: str | None = None,
) -> Path | None:
    """Copy rejected records to ``destination`` with their line, status and reasons, in the input's format
    (the ``#`` columns are ignored on input, so the file can be fixed and ingested again). With no rejects, an
    existing file is emptied, so that it never describes an older run; none is created."""
    if not rejected and not destination.exists():
        return None
    # surrogateescape: bytes of the input that were not UTF-8 are written back as they were.
    with destination.open("w", newline="", encoding="utf-8", errors=ENCODING_ERRORS) as out:
        header = file_header(path, fmt, sheet)
        if header is not None:  # a CSV file or a sheet: the rejects are a CSV file
            writer = csv.writer(out)
            writer.writerow([*header, *(f"{IGNORED_PREFIX}{name}" for name in ("line", "status", "reasons"))])
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
        text.encode("utf-8", ENCODING_ERRORS)
    except UnicodeEncodeError:
        return json.dumps(data)
    return text


def _rejected_line(row: Row, status: str, why: list[str]) -> dict[str, object]:
    notes = {
        f"{IGNORED_PREFIX}line": row.line,
        f"{IGNORED_PREFIX}status": status,
        f"{IGNORED_PREFIX}reasons": why,
    }
    try:
        original = json_value(str(row.raw))
    except ValueError:
        original = None
    if isinstance(original, dict):
        return {**original, **notes}
    return {**notes, f"{IGNORED_PREFIX}raw": row.raw}  # not a JSON object: kept as text


# --- the summary -----------------------------------------------------------------------------------------


def summarise(
    path: Path,
    report: IngestReport,
    lines: LineIndex,
    reasons: Reasons,
    rejects: Path | None,
    *,
    as_json: bool,
    show_rewrites: bool,
    duplicates: str,
) -> None:
    """Print the run's summary: JSON for scripts, else tables (``duplicates`` is ``--duplicates``)."""
    rate = len(report) / report.elapsed if report.elapsed > 0 else 0.0
    if as_json:
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
                **_normalisation_json(report, lines, show_rewrites, duplicates),
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
    rows += _normalisation_rows(report, duplicates)
    rows += [("time", f"{report.elapsed:.1f} s ({rate:,.1f} records/s)")]
    rows.append(("rejects file", str(rejects) if rejects is not None else "none"))
    title = f"{'Checked' if report.dry_run else 'Ingested'} {path.name}" + (
        " (dry run)" if report.dry_run else ""
    )
    pairs(title, rows)
    _normalisation_tables(report, lines, show_rewrites, duplicates)
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


def _rewrites(report: IngestReport, lines: LineIndex) -> Iterator[tuple[int, str, str, str | int]]:
    for outcome in report.outcomes:
        for rewrite in outcome.rewrites:
            yield lines[outcome.index], rewrite.where, rewrite.before, rewrite.after


def _duplicates(report: IngestReport, lines: LineIndex) -> Iterator[tuple[int, int]]:
    for outcome in report.outcomes:
        if outcome.duplicate_of is not None:
            yield lines[outcome.index], lines[outcome.duplicate_of]


def _normalisation_json(
    report: IngestReport, lines: LineIndex, show_rewrites: bool, duplicates: str
) -> dict[str, object]:
    """The JSON summary's counts and lists of rewrites and duplicates (the first 100 of each; every rewrite
    with --show-rewrites)."""
    rewrites = _rewrites(report, lines)
    return {
        "skipped": report.skipped,
        "rewritten": report.rewritten,
        "rewrites": [
            {"line": line, "where": where, "before": before, "after": after}
            for line, where, before, after in (
                rewrites if show_rewrites else itertools.islice(rewrites, _PROBLEMS_IN_JSON)
            )
        ],
        "duplicates": report.duplicates,
        "duplicates_handling": duplicates,
        "duplicate_rows": [
            {"line": line, "same_lead_as_line": first}
            for line, first in itertools.islice(_duplicates(report, lines), _PROBLEMS_IN_JSON)
        ],
    }


def _normalisation_rows(report: IngestReport, duplicates: str) -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = [("values rewritten", report.rewritten)]
    if report.duplicates:
        rows.append(("duplicates", f"{report.duplicates} ({_DUPLICATE_DONE[duplicates]})"))
    return rows


def _normalisation_tables(
    report: IngestReport, lines: LineIndex, show_rewrites: bool, duplicates: str
) -> None:
    if report.duplicates:
        shown = list(itertools.islice(_duplicates(report, lines), _PROBLEMS_SHOWN))
        more = f" (first {len(shown)} of {report.duplicates})" if report.duplicates > len(shown) else ""
        table(
            f"Rows of a lead seen earlier in the file, {_DUPLICATE_DONE[duplicates]}{more}",
            ("line", "same lead as line"),
            shown,
        )
    if show_rewrites and report.rewritten:
        table(
            "Values rewritten",
            ("line", "where", "before", "after"),
            ((line, where, before, str(after)) for line, where, before, after in _rewrites(report, lines)),
        )
