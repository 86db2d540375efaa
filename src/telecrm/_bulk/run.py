"""Bulk ingestion through the Async API, ``client.ingest.upsert_many(records, ...)``: a run from start to end.

What it adds over a loop of ``upsert`` calls:

- *Preflight.* Every record is checked against the workspace (read once through the Sync API and cached
  per connection pool) before anything is sent, because the Async API drops malformed payloads silently. An
  invalid record is reported with every reason and never sent.
- *Pacing.* Each Async token is held at its hourly limit by the client's :class:`~telecrm.RateLimiter` (a
  :class:`~telecrm.RedisRateLimiter` holds it across processes) or, without one, an in-process limiter of
  the run's own (:mod:`telecrm._bulk.ratelimit`); several tokens share the load; ``concurrency`` requests
  are in flight at once. Left out, that number adapts to the latency observed
  (:class:`~telecrm._bulk.concurrency.Concurrency`): one to start with, more only while another request in
  flight raises throughput and the pacing can use it.
- *Retries.* 429 (after its ``Retry-After``, on whichever token is free first), 408, 5xx, dropped connections
  and timeouts are retried up to ``max_attempts`` per record. Failures that may come after the server
  processed the request (a 5xx, a timeout or a dropped connection after sending, an unreadable 200) make a
  later delivery a possible duplicate: field upserts are idempotent, but actions are appended to the
  timeline. By default such a record is still retried, so nothing is lost, and its outcome says
  ``possibly_duplicated``; with ``replay_actions=False`` a record *with actions* is not replayed and ends
  ``failed`` instead.
- *A journal.* With ``journal=PATH`` each record's state is kept in SQLite (:mod:`telecrm._bulk.journal`),
  keyed by the record's content. A run killed at any moment and started again with the same journal resends
  nothing already queued, whatever became of the order of the input; records that were in flight are sent
  again and reported as possibly duplicated.
- *Order per lead.* Records for the same lead identifier are sent one after another, in input order, so
  concurrency never reorders two updates of one lead.

One bad record never costs the run. Whatever goes wrong with one record becomes that record's outcome:
``invalid`` with the reason when the record is at fault (a value that is not JSON, a lone surrogate, an int
beyond 2**53, an object whose checks raise), ``failed`` when sending it went wrong. Only three things stop a
run before its end, and each raises a :class:`~telecrm.IngestStoppedError` carrying the report so far: the
journal cannot be written (:class:`~telecrm.JournalError`), ``on_progress`` raised, or iterating the records
raised. A stop sends nothing more and abandons the requests on the wire; their records stay ``in_flight`` in
the journal, so a resumed run sends them again, flagged as possibly duplicated.

The engine is written once, for asyncio/trio via anyio. ``AsyncTelecrm`` runs it on the caller's event loop.
``Telecrm`` runs it with ``anyio.run`` (in a helper thread if the calling thread already runs an event loop)
and sends each request through the sync client's own transport in a daemon thread, so a sync client's
``http_client`` (its transport, proxies, mounts) serves bulk ingestion exactly as it serves single calls.
Either way the client is seen only through the port ``resources/ingest.py`` hands over
(:mod:`telecrm._bulk.port`). This module checks the input and the set-up, reads the workspace, opens and
closes the journal, and drives :mod:`telecrm._bulk.engine`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sized
from typing import TYPE_CHECKING

from .._errors import JournalError, ValidationError
from .._results import IngestReport
from .engine import Engine
from .options import BulkOptions

if TYPE_CHECKING:
    from .port import Port

__all__ = ["upsert_many_async", "upsert_many_sync"]


def _records(records: object) -> tuple[Iterator[object], int | None]:
    """The records as an iterator, and how many there are if that is known, or ``ValidationError``."""
    if isinstance(records, str | bytes | Mapping) or records is None:
        what = "a single mapping" if isinstance(records, Mapping) else type(records).__name__
        raise ValidationError(
            f"records must be an iterable of records (a list, a generator...), got {what}"
            + ("; pass [record] for one" if isinstance(records, Mapping) else "")
        )
    try:
        iterator = iter(records)  # type: ignore[call-overload]  # refusals are the point here
    except Exception:
        raise ValidationError(
            f"records must be an iterable of records (a list, a generator...), got {type(records).__name__}"
        ) from None
    total = None
    if isinstance(records, Sized):
        try:
            total = len(records)
        except Exception:
            total = None
    return iterator, total


async def _run(
    port: Port, records: Iterator[object], total: int | None, options: BulkOptions
) -> IngestReport:
    if port.closed:
        raise ValidationError(
            "the client is closed: use upsert_many inside `with Telecrm(...) as client:` (or before "
            "client.close())"
        )
    if not options.dry_run:
        for settings in port.settings:
            settings.require_token("async")  # before reading anything: a missing token is a setup error
    schema = None
    if options.validate:
        if port.settings[0].token is None:
            raise ValidationError(
                "preflight validation reads the workspace through the Sync API: pass token=... or set "
                "TELECRM_SYNC_TOKEN, or pass validate=False to send records unchecked"
            )
        schema = await port.schema()
    journal = None
    if options.journal is not None and not options.dry_run:
        from .journal import Journal

        try:
            journal = Journal.open(options.journal, enterprise_id=port.enterprise_id)
        except JournalError as exc:
            exc.report = IngestReport((), dry_run=options.dry_run)
            raise
    engine = Engine(port, options, schema, journal, total)
    try:
        return await engine.run(records)
    except BaseExceptionGroup as group:
        error = engine.unexpected(group)
        raise error from error.__cause__
    finally:
        if journal is not None:
            # Closing commits what a stopped run staged. If that fails, the records concerned are left in
            # earlier states a resumed run handles safely (see journal.py), and the run's report or error
            # must not be replaced by this one.
            with contextlib.suppress(JournalError):
                journal.close()


async def upsert_many_async(port: Port, records: Iterable[object], options: BulkOptions) -> IngestReport:
    """``AsyncTelecrm.ingest.upsert_many``: the engine on the caller's event loop, through ``port``."""
    try:
        iterator, total = _records(records)
        return await _run(port, iterator, total, options)
    finally:
        port.close()


def upsert_many_sync(port: Port, records: Iterable[object], options: BulkOptions) -> IngestReport:
    """``Telecrm.ingest.upsert_many``: the engine under ``anyio.run``, through ``port`` (a
    :class:`~telecrm._bulk.port.SyncPort`, which runs each call in a daemon thread)."""
    import asyncio
    import concurrent.futures

    import anyio

    try:
        iterator, total = _records(records)

        def run() -> IngestReport:
            return anyio.run(_run, port, iterator, total, options)

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return run()
        # Called from a thread that runs an event loop (a notebook, an async app calling sync code): anyio.run
        # cannot nest, so the engine gets a thread of its own.
        with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="telecrm-ingest") as pool:
            return pool.submit(run).result()
    finally:
        port.close()
