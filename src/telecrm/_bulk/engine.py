"""Bulk ingestion through the Async API: ``client.ingest.upsert_many(records, ...)``.

What it adds over a loop of ``upsert`` calls:

- *Preflight.* Every record is checked against the workspace (read once through the Sync API and cached
  per connection pool) before anything is sent, because the Async API drops malformed payloads silently. An
  invalid record is reported with every reason and never sent.
- *Pacing.* Each Async token is held at its hourly limit by
  :class:`~telecrm._bulk.ratelimit.RateLimiter`; several tokens share the load; ``concurrency`` requests are
  in flight at once.
- *Retries.* 429 (after its ``Retry-After``, on whichever token is free first), 408, 5xx, dropped connections
  and timeouts are retried up to ``max_attempts`` per record. Failures that may come after the server
  processed the request (a 5xx, a timeout or a dropped connection after sending, an unreadable 200) make a
  later delivery a possible duplicate: field upserts are idempotent, but actions are appended to the
  timeline. By default such a record is still retried, so nothing is lost, and its outcome says
  ``possibly_duplicated``; with ``replay_actions=False`` a record *with actions* is not replayed and ends
  ``failed`` instead.
- *A journal.* With ``journal=PATH`` each record's state is kept in SQLite (:mod:`telecrm._bulk.journal`). A
  run killed at any moment and started again with the same journal and input resends nothing already queued;
  records that were in flight are sent again and reported as possibly duplicated.
- *Order per lead.* Records for the same lead identifier are sent one after another, in input order, so
  concurrency never reorders two updates of one lead.

The engine is written once, for asyncio/trio via anyio. ``AsyncTelecrm`` runs it on the caller's event loop.
``Telecrm`` runs it with ``anyio.run`` (in a helper thread if the calling thread already runs an event loop)
and sends each request through the sync client's own transport in a worker thread, so a sync client's
``http_client`` (its transport, proxies, mounts) serves bulk ingestion exactly as it serves single calls.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, TypeAlias, TypeVar

import attrs

from .._actions import CustomAction, Payment, as_action
from .._config import Settings
from .._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    RateLimitError,
    TelecrmError,
    ValidationError,
)
from .._models import Queued
from .._operations import Operation
from .._results import IngestOutcome, IngestProgress, IngestReport
from .._retry import RetryPolicy, provably_not_processed
from ..resources.workspace import get_metadata, get_pipeline, list_custom_actions, list_custom_fields
from .options import BulkOptions, UpsertManyOptions, bulk_options

# `import telecrm` loads this module for its result classes; the engine's own dependencies (SQLite, asyncio,
# hashing, preflight) load on the first bulk upsert, keeping `import telecrm` cheap.
if TYPE_CHECKING:
    import anyio
    import anyio.abc

    from .._client import AsyncTelecrm, Telecrm
    from .journal import Journal
    from .preflight import CheckedRecord, WorkspaceSchema

__all__ = ["upsert_many_async", "upsert_many_sync"]

T = TypeVar("T")

SCHEMA_TTL: Final = 600.0
"""Seconds a workspace schema read for preflight is reused (the docs advise caching and refreshing slowly)."""


# --- the two clients, seen the same way ------------------------------------------------------------------


UpsertBuilder: TypeAlias = Callable[
    [str, Mapping[str, Any], Sequence[CustomAction | Payment]], Operation[Queued]
]
"""Builds one Async upsert: ``resources.ingest.upsert_lead``, handed in by the resource that calls the engine
(the engine does not import the resource, which imports the engine)."""


class _Port(Protocol):
    """What the engine needs from a client: Sync API calls, and Async sends on a given token."""

    @property
    def enterprise_id(self) -> str: ...

    @property
    def upsert(self) -> UpsertBuilder: ...

    @property
    def schema_key(self) -> tuple[object, str, str]: ...

    @property
    def settings(self) -> Sequence[Settings]:
        """The client's settings once per Async token, in token order."""
        ...

    async def execute(self, call: Operation[T]) -> T: ...

    async def send(self, token: int, call: Operation[Queued]) -> Queued: ...


def _schema_key(client: Telecrm | AsyncTelecrm) -> tuple[object, str, str]:
    # Keyed by the connection pool, so copies made with with_options() share one read of the workspace.
    return client._pool, client.base_url, client.enterprise_id


class _AsyncPort:
    def __init__(self, client: AsyncTelecrm, tokens: tuple[str, ...] | None, upsert: UpsertBuilder) -> None:
        self._client = client
        self.upsert = upsert
        self.enterprise_id = client.enterprise_id
        self.schema_key = _schema_key(client)
        self._senders = client._ingest_transports(tokens)
        self.settings = [sender.settings for sender in self._senders]

    async def execute(self, call: Operation[T]) -> T:
        return await self._client._execute(call)

    async def send(self, token: int, call: Operation[Queued]) -> Queued:
        return await self._senders[token].execute(call)


class _SyncPort:
    """A sync client seen as async: each call runs in a worker thread, on the client's own transport."""

    def __init__(
        self, client: Telecrm, tokens: tuple[str, ...] | None, concurrency: int, upsert: UpsertBuilder
    ) -> None:
        self._client = client
        self.upsert = upsert
        self.enterprise_id = client.enterprise_id
        self.schema_key = _schema_key(client)
        self._senders = client._ingest_transports(tokens)
        self.settings = [sender.settings for sender in self._senders]
        self._concurrency = concurrency
        self._threads: anyio.CapacityLimiter | None = None

    def _capacity(self) -> anyio.CapacityLimiter:
        import anyio

        # Made on first use, inside the event loop that uses it. anyio's default pool (40 threads) would cap
        # a larger `concurrency`; a few spare threads keep Sync API reads from waiting behind sends.
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(self._concurrency + 4)
        return self._threads

    async def execute(self, call: Operation[T]) -> T:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(self._client._execute, call, limiter=self._capacity())

    async def send(self, token: int, call: Operation[Queued]) -> Queued:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(self._senders[token].execute, call, limiter=self._capacity())


# --- the workspace, read once ----------------------------------------------------------------------------

_SCHEMAS: weakref.WeakKeyDictionary[object, dict[tuple[str, str], tuple[float, WorkspaceSchema]]] = (
    weakref.WeakKeyDictionary()
)


async def _workspace_schema(port: _Port) -> WorkspaceSchema:
    pool, base_url, enterprise_id = port.schema_key
    cached = _SCHEMAS.get(pool, {}).get((base_url, enterprise_id))
    if cached is not None and time.monotonic() - cached[0] < SCHEMA_TTL:
        return cached[1]
    fields = await port.execute(list_custom_fields(enterprise_id, True))
    actions = await port.execute(list_custom_actions(enterprise_id, True))
    pipeline = await port.execute(get_pipeline(enterprise_id))
    metadata = None
    if not any(field.is_lead_identifier for field in fields):
        metadata = await port.execute(get_metadata(enterprise_id))
    from .preflight import WorkspaceSchema

    schema = WorkspaceSchema.from_api(fields, actions, pipeline, metadata)
    _SCHEMAS.setdefault(pool, {})[base_url, enterprise_id] = (time.monotonic(), schema)
    return schema


# --- the engine ------------------------------------------------------------------------------------------


@attrs.define
class _Job:
    index: int
    digest: str
    call: Operation[Queued]
    has_actions: bool
    #: An earlier request for this record may have been processed (journal: in flight, or an answer lost).
    maybe_delivered: bool
    previous_attempts: int
    #: Records of one lead are sent in input order: this job waits for ``after``, the previous one's ``done``.
    lead_key: str | None
    after: anyio.Event | None
    done: anyio.Event


class _NotReplayed(TelecrmError):
    """A record with actions that may already have been delivered, not sent again (replay_actions=False)."""


class _Engine:
    def __init__(
        self, port: _Port, options: BulkOptions, schema: WorkspaceSchema | None, journal: Journal | None
    ) -> None:
        from .ratelimit import RateLimiter

        self.port = port
        self.options = options
        self.schema = schema
        self.journal = journal
        self.limiter = RateLimiter(len(port.settings), options.rate_per_hour)
        # Only its backoff is used (the attempts are counted here): 0.25-0.5 s, doubling up to 8 s.
        self.backoff = RetryPolicy(max_retries=options.max_attempts)
        self.outcomes: list[IngestOutcome | None] = []
        self.total: int | None = None
        self.started = time.monotonic()
        self.requests = 0
        self.rate_limited = 0
        self.counts = {"queued": 0, "invalid": 0, "failed": 0, "valid": 0}
        self.auth_error: AuthenticationError | None = None
        self.latest_for_lead: dict[str, anyio.Event] = {}

    async def run(self, records: Iterable[object]) -> IngestReport:
        import anyio

        self.total = len(records) if isinstance(records, Sized) else None
        send, receive = anyio.create_memory_object_stream[_Job](self.options.concurrency)
        async with anyio.create_task_group() as workers:
            async with receive:
                for _ in range(self.options.concurrency):
                    workers.start_soon(self._worker, receive.clone())
            async with send:
                for index, record in enumerate(records):
                    self.outcomes.append(None)
                    job = self._admit(index, record)
                    if job is not None:
                        await send.send(job)
        outcomes = tuple(outcome for outcome in self.outcomes if outcome is not None)
        assert len(outcomes) == len(self.outcomes), "every record is settled once the workers are done"
        return IngestReport(
            outcomes,
            elapsed=time.monotonic() - self.started,
            requests=self.requests,
            rate_limited=self.rate_limited,
            dry_run=self.options.dry_run,
        )

    # --- admission: journal, preflight, request ---

    def _admit(self, index: int, record: object) -> _Job | None:
        """Settle a record that needs no request; else journal it as pending and return its job."""
        import anyio

        # The digest only matters to the journal; without one it is not worth computing.
        digest = record_digest(record) if self.journal is not None else ""
        previous = self.journal.get(index) if self.journal is not None else None
        if previous is not None and previous.digest != digest:
            previous = None  # another record now sits at this position: it is new
        if previous is not None and previous.state == "queued":
            self._settle(
                IngestOutcome(
                    index, "queued", possibly_duplicated=previous.maybe_delivered, from_journal=True
                )
            )
            return None
        checked = self.schema.check(record) if self.schema is not None else _shape_only(record)
        call: Operation[Queued] | None = None
        reasons = list(checked.reasons)
        if not reasons:
            try:
                call = self.port.upsert(self.port.enterprise_id, checked.fields, checked.actions)
            except ValidationError as exc:
                reasons.append(str(exc))
        if call is None:
            self._settle_invalid(index, digest, reasons)
            return None
        if self.options.dry_run:
            self._settle(IngestOutcome(index, "valid"))
            return None
        job = _Job(
            index=index,
            digest=digest,
            call=call,
            has_actions=bool(checked.actions),
            maybe_delivered=previous is not None and previous.delivery_possible,
            previous_attempts=0 if previous is None else previous.attempts,
            lead_key=checked.lead_key,
            after=None if checked.lead_key is None else self.latest_for_lead.get(checked.lead_key),
            done=anyio.Event(),
        )
        if self.journal is not None and previous is not None and previous.state != "in_flight":
            # A record without a row is pending already. An in-flight row stays in flight until it is settled:
            # if this run dies too, the next one must still know the record may have been delivered.
            self.journal.set(index, digest, "pending", maybe_delivered=job.maybe_delivered)
        if checked.lead_key is not None:
            self.latest_for_lead[checked.lead_key] = job.done
        return job

    def _settle_invalid(self, index: int, digest: str, reasons: Sequence[str]) -> None:
        error = ValidationError(f"record {index} is invalid: {'; '.join(reasons)}")
        if self.journal is not None and not self.options.dry_run:
            self.journal.set(index, digest, "invalid", detail=self.journal.reasons_detail(reasons))
        self._settle(IngestOutcome(index, "invalid", error=error, reasons=tuple(reasons)))

    # --- sending ---

    async def _worker(self, jobs: anyio.abc.ObjectReceiveStream[_Job]) -> None:
        async with jobs:
            async for job in jobs:
                if job.after is not None:
                    await job.after.wait()  # an earlier record for the same lead goes first
                try:
                    outcome = await self._deliver(job)
                finally:
                    job.done.set()
                    if job.lead_key is not None and self.latest_for_lead.get(job.lead_key) is job.done:
                        del self.latest_for_lead[job.lead_key]  # the lead's last record so far: forget it
                self._finish(job, outcome)

    async def _deliver(self, job: _Job) -> IngestOutcome:
        import anyio

        maybe_delivered = job.maybe_delivered
        attempts = 0
        last: TelecrmError | None = None
        while True:
            if maybe_delivered and job.has_actions and not self.options.replay_actions:
                return self._failed(job, _not_replayed(last), attempts, maybe_delivered)
            if attempts >= self.options.max_attempts:
                return self._failed(job, last, attempts, maybe_delivered)
            slot = self.limiter.reserve()
            if slot is None:  # every token was refused with 401
                return self._failed(job, self.auth_error or last, attempts, maybe_delivered)
            if slot.delay > 0:
                await anyio.sleep(slot.delay)
                if not self.limiter.still_good(slot):
                    continue  # its token was paused (429) or retired (401) meanwhile: book another slot
            attempts += 1
            self.requests += 1
            self._journal(job, "in_flight", attempts, maybe_delivered)
            try:
                await self.port.send(slot.token, job.call)
            except RateLimitError as exc:
                # Not processed. Hold this token back as asked; the retry goes to the token free first.
                self.rate_limited += 1
                last = exc
                pause = self.backoff.delay(attempts - 1)
                if exc.retry_after is not None:  # capped like every server hint (RetryPolicy.max_retry_after)
                    pause = min(exc.retry_after, self.backoff.max_retry_after)
                self.limiter.defer(slot.token, pause)
                self._journal(job, "pending", attempts, maybe_delivered)
            except AuthenticationError as exc:
                # This token is revoked, of the wrong type or for another enterprise: stop using it.
                last = self.auth_error = exc
                self.limiter.disable(slot.token)
                self._journal(job, "pending", attempts, maybe_delivered)
            except (APIConnectionError, APIStatusError, APIResponseValidationError) as exc:
                if isinstance(exc, APIStatusError) and not RetryPolicy.retryable_status(exc.status_code):
                    # Refused as sent (400, 403, 404...): another attempt would be refused the same way.
                    return self._failed(job, exc, attempts, maybe_delivered)
                last = exc
                maybe_delivered = maybe_delivered or _maybe_processed(exc)
                self._journal(job, "pending", attempts, maybe_delivered)
                headers = exc.headers if isinstance(exc, APIStatusError) else None
                await anyio.sleep(self.backoff.delay(attempts - 1, headers))
            else:
                return IngestOutcome(
                    job.index, "queued", attempts=attempts, possibly_duplicated=maybe_delivered
                )

    def _failed(
        self, job: _Job, error: TelecrmError | None, attempts: int, maybe_delivered: bool
    ) -> IngestOutcome:
        if error is not None:
            # The report keeps the error, not the engine's frames its traceback would keep alive.
            error.__traceback__ = None
        return IngestOutcome(
            job.index,
            "failed",
            error=error or TelecrmError("not sent"),
            attempts=attempts,
            possibly_delivered=maybe_delivered,
        )

    def _journal(self, job: _Job, state: Literal["pending", "in_flight"], attempts: int, maybe: bool) -> None:
        if self.journal is not None:
            self.journal.set(
                job.index, job.digest, state, attempts=job.previous_attempts + attempts, maybe_delivered=maybe
            )

    def _finish(self, job: _Job, outcome: IngestOutcome) -> None:
        if self.journal is not None:
            detail = None if outcome.error is None else str(outcome.error)
            self.journal.set(
                job.index,
                job.digest,
                "queued" if outcome.status == "queued" else "failed",
                attempts=job.previous_attempts + outcome.attempts,
                maybe_delivered=outcome.possibly_duplicated or outcome.possibly_delivered,
                detail=detail,
            )
        self._settle(outcome)

    def _settle(self, outcome: IngestOutcome) -> None:
        self.outcomes[outcome.index] = outcome
        self.counts[outcome.status] += 1
        if self.options.on_progress is not None:
            self.options.on_progress(
                IngestProgress(
                    done=sum(self.counts.values()),
                    total=self.total,
                    queued=self.counts["queued"],
                    invalid=self.counts["invalid"],
                    failed=self.counts["failed"],
                    requests=self.requests,
                    rate_limited=self.rate_limited,
                    elapsed=time.monotonic() - self.started,
                )
            )


def _maybe_processed(error: TelecrmError) -> bool:
    """Whether the server may have processed a request that failed with ``error``."""
    if isinstance(error, APIStatusError):
        return not provably_not_processed(status=error.status_code)
    return not provably_not_processed(error=error)


def _not_replayed(last: TelecrmError | None) -> TelecrmError:
    cause = (
        f" (after {type(last).__name__}: {last})"
        if last is not None
        else " (it was in flight when an earlier run stopped)"
    )
    return _NotReplayed(
        "not sent again: the record has actions and may already have been delivered" + cause + "; check the "
        "lead's timeline before resending it, or pass replay_actions=True to accept possible duplicates"
    )


def _shape_only(record: object) -> CheckedRecord:
    """Without preflight: only what is needed to build the request at all."""
    from .preflight import CheckedRecord, split_record

    fields, raw_actions, reasons = split_record(record)
    actions = []
    for index, raw in enumerate(raw_actions):
        try:
            actions.append(as_action(raw))
        except ValidationError as exc:
            reasons.append(f"actions[{index}]: {exc}")
    return CheckedRecord(fields=fields, actions=tuple(actions), reasons=tuple(reasons))


def record_digest(record: object) -> str:
    """A hash of a record's content, stable across runs and processes: half of its journal key."""
    import hashlib
    import json

    try:
        text = json.dumps(
            record, sort_keys=True, separators=(",", ":"), default=_canonical, ensure_ascii=False
        )
    except (TypeError, ValueError):
        text = repr(record)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _canonical(value: object) -> object:
    if isinstance(value, CustomAction | Payment):
        return {"$action": value.to_async()}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(repr(item) for item in value)
    raise TypeError(type(value).__name__)


# --- entry points ----------------------------------------------------------------------------------------


async def _run(port: _Port, records: Iterable[object], options: BulkOptions) -> IngestReport:
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
        schema = await _workspace_schema(port)
    journal = None
    if options.journal is not None and not options.dry_run:
        from .journal import Journal

        journal = Journal.open(options.journal, enterprise_id=port.enterprise_id)
    try:
        return await _Engine(port, options, schema, journal).run(records)
    finally:
        if journal is not None:
            journal.close()


async def upsert_many_async(
    client: AsyncTelecrm, records: Iterable[object], options: UpsertManyOptions, upsert: UpsertBuilder
) -> IngestReport:
    """``AsyncTelecrm.ingest.upsert_many``: the engine on the caller's event loop."""
    checked = bulk_options(options)
    return await _run(_AsyncPort(client, checked.tokens, upsert), records, checked)


def upsert_many_sync(
    client: Telecrm, records: Iterable[object], options: UpsertManyOptions, upsert: UpsertBuilder
) -> IngestReport:
    """``Telecrm.ingest.upsert_many``: the engine under ``anyio.run``, each send in a worker thread."""
    import asyncio
    import concurrent.futures

    import anyio

    checked = bulk_options(options)
    port = _SyncPort(client, checked.tokens, checked.concurrency, upsert)

    def run() -> IngestReport:
        return anyio.run(_run, port, records, checked)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    # Called from a thread that runs an event loop (a notebook, an async app calling sync code): anyio.run
    # cannot nest, so the engine gets a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="telecrm-ingest") as pool:
        return pool.submit(run).result()
