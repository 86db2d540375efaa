"""``telecrm export``: the workspace's leads, team, fields and pipeline into DuckDB (or any dlt destination).

It runs the dlt pipeline of :func:`telecrm.dlt.telecrm_source`. A run reads the leads created since the
previous run (the pipeline's state lives in the destination and in dlt's working folder); an interrupted or
crashed run loads nothing, and the next one reads the same leads again and merges them, so nothing is lost
or doubled.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from telecrm import Telecrm

from ._common import EXIT_INTERRUPTED, EXIT_OK, CommandError, UsageError
from ._render import console, emit_json, pairs

if TYPE_CHECKING:
    from dlt import Pipeline

DEFAULT_DATABASE: Final = "telecrm.duckdb"
DATASET: Final = "crm"
"""The dataset (a schema in DuckDB): tables are ``crm.leads``, ``crm.team_members``, ... It must differ from
the DuckDB file's name, which DuckDB also uses as a name (``telecrm.duckdb`` is the catalog ``telecrm``)."""
DUCKDB_SETTINGS: Final = {"memory_limit": "64MB", "threads": 1}
"""What DuckDB may use while it loads (beyond ``memory_limit`` it spills to disk next to the file). Each
``read_json`` of a load job reserves a 32 MiB buffer per DuckDB thread, and a run's merge holds its leads
until DuckDB reaches the limit, so one thread is what lets the limit be this low. Peak memory of the whole
export: 153 MiB for 5,000 leads, 192 for 40,000, 217 for 120,000 (160, 225 and 306 MiB with a 160 MB limit
and two threads), at the same leads per second."""
DUCKDB_LOAD_JOBS: Final = "sequential"
"""One load job at a time (dlt's default runs up to 20 at once): each job's ``read_json`` buffer counts
against ``memory_limit``, so jobs side by side would fail for want of memory. ``load.parallelism_strategy``
in dlt's configuration still overrides it."""
_MISSING_EXTRA: Final = "telecrm export needs the dlt extra: pip install 'telecrm[dlt]'"
_TELEMETRY: Final = "RUNTIME__DLTHUB_TELEMETRY"

_HELP: Final = """\
destinations:
  --to duckdb:PATH       a DuckDB file (default duckdb:./telecrm.duckdb); tables in its schema 'crm'
  --destination NAME     any dlt destination (postgres, bigquery, snowflake, filesystem, ...), configured the
                         dlt way: environment variables such as DESTINATION__POSTGRES__CREDENTIALS, or
                         .dlt/secrets.toml in the current folder

  A run reads the leads created since the previous run into the same destination, less a 10-minute overlap
  whose leads already loaded are skipped. An interrupted run loads nothing: run the same command again. Search
  finds leads by creation time only, so edits to leads loaded earlier reach the destination only with
  --full-refresh. dlt keeps its working folder under ~/.dlt (DLT_DATA_DIR moves it); dlt's anonymous
  telemetry is off unless RUNTIME__DLTHUB_TELEMETRY says otherwise.
"""


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export",
        parents=[common],
        help="export leads, team, fields and pipeline into DuckDB or another dlt destination",
        description="Load the workspace into DuckDB (default: telecrm.duckdb in the current folder) or any\n"
        "destination dlt supports, incrementally: each run adds the leads created since the last one.",
        epilog=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--to", type=_duckdb_path, metavar="duckdb:PATH", help="a DuckDB file to load into")
    where.add_argument("--destination", metavar="NAME", help="a dlt destination, configured the dlt way")
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="read every lead again and merge changes to leads loaded before (the only way to pick up edits)",
    )
    parser.add_argument(
        "--since",
        type=_since,
        metavar="DATE",
        help="read leads created from DATE on (YYYY-MM-DD or an ISO date-time; UTC unless it has an offset)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on stderr (default: when stderr is a terminal)",
    )
    parser.set_defaults(run=run)


def _duckdb_path(text: str) -> Path:
    kind, sep, path = text.partition(":")
    if kind != "duckdb" or not sep or not path:
        raise argparse.ArgumentTypeError(
            f"takes duckdb:PATH (use --destination NAME for other destinations), got {text!r}"
        )
    return Path(path)


def _since(text: str) -> datetime | date:
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes YYYY-MM-DD or an ISO date-time, got {text!r}") from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault(_TELEMETRY, "false")
    try:
        import dlt

        from telecrm.dlt import telecrm_source
    except ImportError as exc:
        raise CommandError(_MISSING_EXTRA) from exc

    run_options: dict[str, Any] = {}
    if args.destination is not None:
        destination: Any = args.destination
        target = f"dlt destination {args.destination}"
    else:
        database = (args.to or Path(DEFAULT_DATABASE)).resolve()
        if database.stem == DATASET:
            raise UsageError(
                f"--to {database}: DuckDB would confuse a file named {DATASET} with the dataset {DATASET}; "
                "name the file otherwise"
            )
        destination = dlt.destinations.duckdb(
            {"database": str(database), "global_config": dict(DUCKDB_SETTINGS)},
            loader_parallelism_strategy=DUCKDB_LOAD_JOBS,
        )
        target = f"DuckDB {database}"
        # DuckDB reads JSON Lines in bulk; dlt's default for it (SQL INSERTs) took 20 times the time and
        # 10 times the memory for 50,000 leads.
        run_options["loader_file_format"] = "jsonl"
    # One working folder per destination: two exports to two files never share state.
    name = "telecrm_export_" + hashlib.sha256(target.encode()).hexdigest()[:12]
    pipeline = dlt.pipeline(pipeline_name=name, destination=destination, dataset_name=DATASET)
    with Telecrm() as client:
        source = telecrm_source(client, since=args.since, full_refresh=args.full_refresh)
        before = _lead_rows(pipeline)
        with _progress(args) as advance:
            if advance is not None:
                source.resources["leads"].add_map(advance)
            try:
                pipeline.run(source, **run_options)
            except KeyboardInterrupt:
                raise CommandError(
                    "interrupted: nothing of this run was loaded; run the same command again to resume "
                    "(it reads the same leads again and merges them: none is lost or doubled)",
                    status=EXIT_INTERRUPTED,
                ) from None
    _summarise(args, pipeline, target, before)
    return EXIT_OK


def _lead_rows(pipeline: Pipeline) -> int | None:
    """Rows of the leads table now, or None if it does not exist yet or the destination cannot say."""
    try:
        with pipeline.sql_client() as sql:
            rows = sql.execute_sql(f"SELECT COUNT(*) FROM {sql.make_qualified_table_name('leads')}")
    except Exception:  # no table yet, or a destination without SQL: the summary says "unknown"
        return None
    return int(rows[0][0]) if rows else None


@contextmanager
def _progress(args: argparse.Namespace) -> Iterator[Any]:
    enabled = args.progress if args.progress is not None else sys.stderr.isatty()
    if not enabled:
        yield None
        return
    stderr = console(stderr=True)  # first: it explains a missing rich
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,.0f} leads read"),
        TimeElapsedColumn(),
        console=stderr,
        transient=False,
    )
    task = bar.add_task("Exporting", total=None)

    def advance(row: Any) -> Any:
        bar.advance(task)
        return row

    with bar:
        yield advance


def _summarise(args: argparse.Namespace, pipeline: Pipeline, target: str, before: int | None) -> None:
    trace = pipeline.last_trace
    normalized = trace.last_normalize_info if trace is not None else None
    counts = {
        table: count
        for table, count in sorted((normalized.row_counts if normalized is not None else {}).items())
        if not table.startswith("_dlt")
    }
    after = _lead_rows(pipeline)
    loaded = counts.get("leads", 0)
    new = None if after is None else after - (before or 0)
    merged = None if new is None else loaded - new
    if args.json:
        emit_json(
            {
                "destination": target,
                "dataset": DATASET,
                "rows": counts,
                "leads": {"loaded": loaded, "new": new, "merged": merged, "in_destination": after},
            }
        )
        return
    pairs(
        f"Exported to {target}, dataset {DATASET}",
        [
            *((f"rows: {table}", count) for table, count in counts.items()),
            ("leads new", "unknown" if new is None else new),
            ("leads merged into existing rows", "unknown" if merged is None else merged),
            ("leads in the destination", "unknown" if after is None else after),
        ],
    )
