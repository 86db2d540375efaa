"""The bulk engine: records admitted (preflight, duplicates, the journal, the request), sent by workers
(pacing, retries, order per lead, concurrency), settled (the journal, the callbacks) and reported. It sees the
client only through a :class:`~telecrm._bulk.port.Port`; :mod:`telecrm._bulk.run` starts it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from .._config import Settings
from .._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    IngestStoppedError,
    JournalError,
    RateLimitError,
    RateLimiterUnavailableError,
    TelecrmError,
    ValidationError,
)
from .._limiter import interval_for, limiter_key
from .._models import Queued
from .._operations import Operation
from .._results import IngestOutcome, IngestReport, Rewrite
from .._retry import RetryPolicy, provably_not_processed
from .._value import evolve
from .concurrency import Concurrency
from .digests import record_digest, request_digest
from .messages import describe, first_line, printable
from .options import BulkOptions
from .preflight import Normalizer, Preflight, shape_only
from .ratelimit import Pacer
from .spreadsheet_dates import DateReader
from .tally import Tally

if TYPE_CHECKING:
    import anyio
    import anyio.abc
    from anyio.streams.memory import MemoryObjectReceiveStream

    from .journal import Journal, JournalKey
    from .port import Port
    from .preflight import CheckedRecord
    from .schema import WorkspaceSchema

__all__ = ["Engine"]


# --- the engine ------------------------------------------------------------------------------------------


@attrs.define
class _Job:
    index: int
    #: The record's journal row; None without a journal.
    key: JournalKey | None
    call: Operation[Queued]
    has_actions: bool
    #: An earlier request for this record may have been processed (journal: in flight, or an answer lost).
    maybe_delivered: bool
    #: Records of one lead are sent in input order: this job waits for ``after``, the previous one's ``done``.
    lead_key: str | None
    after: anyio.Event | None
    done: anyio.Event
    #: Requests made for it in this run, and whether one is on the wire now.
    attempts: int = 0
    sending: bool = False


class Engine:
    """One run of the engine: ``await Engine(...).run(records)`` returns the report or raises the stop."""

    def __init__(
        self,
        port: Port,
        options: BulkOptions,
        schema: WorkspaceSchema | None,
        journal: Journal | None,
        total: int | None,
    ) -> None:
        self.port = port
        self.options = options
        self.journal = journal
        #: Checks records against the workspace; None without preflight (``validate=False``).
        self.preflight: Preflight | None = None
        if schema is not None:
            normalizer = Normalizer(
                options.default_region if options.normalize_phones else None,
                DateReader(options.date_format) if options.normalize_dates else None,
            )
            self.preflight = Preflight(schema, normalizer)
        #: The first record of the run for each lead identifier, and what each admitted record's outcome
        #: adds: (duplicate_of, rewrites).
        self.first_for_lead: dict[str, int] = {}
        self.notes: dict[int, tuple[int | None, tuple[Rewrite, ...]]] = {}
        keys = [limiter_key(port.enterprise_id, _token_of(settings)) for settings in port.settings]
        self.limiter = Pacer(keys, interval_for(options.rate_per_hour), port.reserve, port.defer)
        self.concurrency = Concurrency(
            options.concurrency, tokens=len(port.settings), rate_per_hour=options.rate_per_hour
        )
        #: Workers taking jobs: as many as ``concurrency.limit`` (one retires when a job ends above it).
        self.workers = 0
        self._jobs: MemoryObjectReceiveStream[_Job] | None = None
        self._group: anyio.abc.TaskGroup | None = None
        # Only its backoff is used (the attempts are counted here): 0.25-0.5 s, doubling up to 8 s.
        self.backoff = RetryPolicy(max_retries=options.max_attempts)
        self.tally = Tally(total, dry_run=options.dry_run)
        self.auth_error: AuthenticationError | None = None
        self.latest_for_lead: dict[str, anyio.Event] = {}
        #: Admitted jobs not settled yet, by index (for the report of a run that stops).
        self.active: dict[int, _Job] = {}
        self.stopped: IngestStoppedError | None = None
        self.cancelled = False
        self._scope: anyio.CancelScope | None = None

    async def run(self, records: Iterator[object]) -> IngestReport:
        import anyio

        send, jobs = anyio.create_memory_object_stream[_Job](self.concurrency.limit)
        async with anyio.create_task_group() as self._group:
            self._scope = self._group.cancel_scope
            self._jobs = jobs
            try:
                self._staff()
                async with send:
                    await self._admit_all(records, send)
            finally:
                self._jobs = None  # every job was handed out, or the run stopped: no more workers
                jobs.close()
        if self.stopped is None and self.journal is not None:
            try:
                self.journal.commit()  # the last records' states, so that a rerun knows them
            except JournalError as exc:
                self.stop(exc)
        if self.stopped is not None:
            self.stopped.report = self.report()
            raise self.stopped
        return self.report()

    def report(self) -> IngestReport:
        """Every record read so far, each with its outcome; a record a stop left without one is ``failed``,
        with the reason for the stop."""
        unsettled = TelecrmError(
            f"not settled: the ingestion stopped ({first_line(self.stopped)})"
            if self.stopped is not None
            else "not settled"
        )

        def outcome(index: int) -> IngestOutcome:
            job = self.active.get(index)
            return IngestOutcome(
                index,
                "failed",
                error=unsettled,
                attempts=0 if job is None else job.attempts,
                possibly_delivered=job is not None and (job.sending or job.maybe_delivered),
            )

        return self.tally.report(outcome, sorted(self.active))

    def stop(
        self, error: IngestStoppedError, cause: BaseException | None = None, *, drain: bool = False
    ) -> None:
        """End the run: nothing more is admitted, and ``run`` raises ``error``. Without ``drain`` nothing
        more is sent either (requests on the wire are abandoned); with it, records admitted are settled."""
        if cause is not None and error.__cause__ is None:
            error.__cause__ = cause
        if self.stopped is None:
            self.stopped = error
        if not drain and self._scope is not None:
            self.cancelled = True
            self._scope.cancel()

    # --- admission: preflight, journal, request ---

    async def _admit_all(self, records: Iterator[object], send: anyio.abc.ObjectSendStream[_Job]) -> None:
        index = 0
        while not self.cancelled:
            try:
                record = next(records)
            except StopIteration:
                return
            except Exception as exc:  # the caller's iterable failed: no more records can be had from it
                self.stop(
                    IngestStoppedError(
                        f"reading the records raised {describe(exc)} after {index} record(s); the ingestion "
                        "stopped once those were settled (.report has what became of them)"
                    ),
                    exc,
                    drain=True,
                )
                return
            self.tally.read_one()
            try:
                job = self._admit(index, record)
            except JournalError as exc:
                self.stop(exc)
                return
            if job is not None:
                self.active[index] = job
                await send.send(job)
            index += 1

    def _admit(self, index: int, record: object) -> _Job | None:
        """Settle a record that needs no request; else journal it as pending and return its job."""
        import anyio

        call: Operation[Queued] | None = None
        try:
            checked = self._check(record)
            reasons = list(checked.reasons)
            if not reasons:
                try:
                    call = self.port.upsert(self.port.enterprise_id, checked.fields, checked.actions)
                except ValidationError as exc:
                    reasons.append(str(exc))
        except Exception as exc:  # whatever a hostile record makes the checks raise is that record's fault
            reasons = [f"the record cannot be checked: {describe(exc)}"]
            call = None
        duplicate_of = None
        if call is not None and checked.lead_key is not None:
            duplicate_of = self.first_for_lead.setdefault(checked.lead_key, index)
            duplicate_of = None if duplicate_of == index else duplicate_of
            if duplicate_of is not None and self.options.duplicates == "reject":
                reasons.append(
                    f"fields.{self._identifier()}: the same lead as record {duplicate_of} of this run "
                    "(duplicates='reject')"
                )
                call = None
        if call is None:
            self._settle_invalid(index, record, reasons, duplicate_of)
            return None
        if checked.rewrites or duplicate_of is not None:
            self.notes[index] = (duplicate_of, checked.rewrites)
        if duplicate_of is not None and self.options.duplicates == "keep_first":
            self._settle(IngestOutcome(index, "skipped"))
            return None
        if self.options.dry_run:
            self._settle(IngestOutcome(index, "valid"))
            return None
        key = previous = None
        if self.journal is not None:
            key, previous = self.journal.admit(request_digest(call), index)
            if previous is not None and previous.state == "queued":
                self._settle(
                    IngestOutcome(
                        index, "queued", possibly_duplicated=previous.maybe_delivered, from_journal=True
                    )
                )
                return None
        job = _Job(
            index=index,
            key=key,
            call=call,
            has_actions=bool(checked.actions),
            maybe_delivered=previous is not None and previous.delivery_possible,
            lead_key=checked.lead_key,
            after=None if checked.lead_key is None else self.latest_for_lead.get(checked.lead_key),
            done=anyio.Event(),
        )
        if checked.lead_key is not None:
            self.latest_for_lead[checked.lead_key] = job.done
        return job

    def _check(self, record: object) -> CheckedRecord:
        if self.preflight is not None:
            return self.preflight.check(record)
        return shape_only(record)

    def _identifier(self) -> str:
        return "phone" if self.preflight is None else self.preflight.schema.identifier

    def _settle_invalid(
        self, index: int, record: object, reasons: Sequence[str], duplicate_of: int | None = None
    ) -> None:
        reasons = [printable(reason) for reason in reasons]
        error = ValidationError(f"record {index} is invalid: {'; '.join(reasons)}")
        if self.journal is not None and not self.options.dry_run:
            self.journal.refuse(record_digest(record), index, reasons)
        self._settle(
            IngestOutcome(index, "invalid", error=error, reasons=tuple(reasons), duplicate_of=duplicate_of)
        )

    # --- sending ---

    def _staff(self) -> None:
        """Start workers until there are as many as requests allowed in flight."""
        while self._group is not None and self._jobs is not None and self.workers < self.concurrency.limit:
            self.workers += 1
            self._group.start_soon(self._worker, self._jobs.clone())

    async def _worker(self, jobs: anyio.abc.ObjectReceiveStream[_Job]) -> None:
        async with jobs:
            async for job in jobs:
                if job.after is not None:
                    await job.after.wait()  # an earlier record for the same lead goes first
                try:
                    self._finish(job, await self._deliver(job))
                except JournalError as exc:
                    self.stop(exc)
                    return
                finally:
                    job.done.set()
                    if job.lead_key is not None and self.latest_for_lead.get(job.lead_key) is job.done:
                        del self.latest_for_lead[job.lead_key]  # the lead's last record so far: forget it
                if self.workers > self.concurrency.limit:
                    self.workers -= 1  # fewer requests in flight pay now: this worker retires
                    return

    async def _deliver(self, job: _Job) -> IngestOutcome:
        """Send ``job`` until it is queued or given up. Raises only ``JournalError`` (and cancellation)."""
        import anyio

        last: TelecrmError | None = None
        while True:
            if job.maybe_delivered and job.has_actions and not self.options.replay_actions:
                return self._failed(job, _not_replayed(last))
            if job.attempts >= self.options.max_attempts:
                return self._failed(job, last)
            try:
                slot = await self.limiter.reserve()
            except RateLimiterUnavailableError as exc:
                # Nothing can be sent until the limiter is back: stop, leaving the records for a resumed run.
                self.stop(
                    IngestStoppedError(
                        f"the rate limiter could not book a send slot ({exc}); the ingestion stopped "
                        "(.report has what became of every record read; with a journal, run again to resume)"
                    ),
                    exc,
                )
                return self._failed(job, exc)
            if slot is None:  # every token was refused with 401
                return self._failed(job, self.auth_error or last)
            if slot.delay > 0:
                await anyio.sleep(slot.delay)
                if not self.limiter.still_good(slot):
                    continue  # its token was paused (429) or retired (401) meanwhile: book another slot
            job.attempts += 1
            self.tally.requests += 1
            if self.journal is not None and job.key is not None:
                # Before the request leaves: a run killed from here on may have delivered it.
                self.journal.sent(job.key, job.attempts, job.maybe_delivered)
            job.sending = True
            started = time.monotonic()
            try:
                await self.port.send(slot.token, job.call)
            except RateLimitError as exc:
                # Not processed. Hold this token back as asked; the retry goes to the token free first.
                self.tally.rate_limited += 1
                last = exc
                pause = self.backoff.delay(job.attempts - 1)
                if exc.retry_after is not None:  # capped like every server hint (RetryPolicy.max_retry_after)
                    pause = min(exc.retry_after, self.backoff.max_retry_after)
                with contextlib.suppress(RateLimiterUnavailableError):  # this run still holds back
                    await self.limiter.defer(slot.token, pause)
                self._unsent(job)
            except AuthenticationError as exc:
                # This token is revoked, of the wrong type or for another enterprise: stop using it.
                last = self.auth_error = exc
                self.limiter.disable(slot.token)
                self._unsent(job)
            except (APIConnectionError, APIStatusError, APIResponseValidationError) as exc:
                if isinstance(exc, APIStatusError) and not RetryPolicy.retryable_status(exc.status_code):
                    # Refused as sent (400, 403, 404...): another attempt would be refused the same way.
                    return self._failed(job, exc)
                last = exc
                job.maybe_delivered = job.maybe_delivered or _maybe_processed(exc)
                self._unsent(job)
                headers = exc.headers if isinstance(exc, APIStatusError) else None
                await anyio.sleep(self.backoff.delay(job.attempts - 1, headers))
            except Exception as exc:
                # Not an API error: a client closed under the run, or a bug. Whether the request left is
                # unknown, so it may have been delivered; another attempt would likely fail the same way.
                job.maybe_delivered = True
                error = TelecrmError(f"sending the record raised {describe(exc)}")
                error.__cause__ = exc
                return self._failed(job, error)
            else:
                self.concurrency.observe(started, time.monotonic() - started)
                self._staff()
                return IngestOutcome(
                    job.index, "queued", attempts=job.attempts, possibly_duplicated=job.maybe_delivered
                )
            finally:
                job.sending = False

    def _failed(self, job: _Job, error: TelecrmError | None) -> IngestOutcome:
        if error is not None:
            # The report keeps the error, not the engine's frames its traceback would keep alive.
            error.__traceback__ = None
        return IngestOutcome(
            job.index,
            "failed",
            error=error or TelecrmError("not sent"),
            attempts=job.attempts,
            possibly_delivered=job.maybe_delivered,
        )

    def _unsent(self, job: _Job) -> None:
        if self.journal is not None and job.key is not None:
            self.journal.unsent(job.key, job.attempts, job.maybe_delivered)

    def _finish(self, job: _Job, outcome: IngestOutcome) -> None:
        if self.journal is not None and job.key is not None:
            self.journal.settled(job.key, outcome)
        self._settle(outcome)

    def _settle(self, outcome: IngestOutcome) -> None:
        """Record a record's outcome, then tell ``on_outcome`` and ``on_progress``; if one raises, the run
        stops."""
        notes = self.notes.pop(outcome.index, None)
        if notes is not None:
            outcome = evolve(outcome, duplicate_of=notes[0], rewrites=notes[1])
        self.tally.add(outcome)
        self.active.pop(outcome.index, None)
        if self.cancelled:
            return
        if self.options.on_outcome is not None:
            try:
                self.options.on_outcome(outcome)
            except Exception as exc:
                self._callback_raised("on_outcome", exc)
                return
        if self.options.on_progress is None:
            return
        progress = self.tally.progress()
        try:
            self.options.on_progress(progress)
        except Exception as exc:
            self._callback_raised("on_progress", exc)

    def _callback_raised(self, name: str, exc: Exception) -> None:
        done = self.tally.settled
        self.stop(
            IngestStoppedError(
                f"{name} raised {describe(exc)}; the ingestion stopped after {done} record(s) were settled "
                f"({self.tally.counts['queued']} queued): nothing more was sent, and .report has what became "
                "of every record read"
            ),
            exc,
        )

    def unexpected(self, group: BaseExceptionGroup[BaseException]) -> BaseException:
        """What to raise for exceptions that escaped the engine's tasks (a bug): never an ExceptionGroup."""
        leaves = list(_leaves(group))
        for leaf in leaves:
            if not isinstance(leaf, Exception):
                return leaf  # KeyboardInterrupt, SystemExit: as they are
        first = leaves[0]
        error = (
            first
            if isinstance(first, TelecrmError)
            else IngestStoppedError(
                f"the ingestion stopped on an unexpected {describe(first)}: this is a bug in telecrm, "
                "please report it (.report has what became of every record read)"
            )
        )
        if error is not first:
            error.__cause__ = first
        if isinstance(error, IngestStoppedError):
            self.stopped = self.stopped or error
            error.report = self.report()
        return error


def _token_of(settings: Settings) -> str:
    """The Async token a port sends with (empty in a dry run without one: nothing is sent then)."""
    return "" if settings.ingest_token is None else settings.require_token("async")


def _leaves(group: BaseExceptionGroup[BaseException]) -> Iterator[BaseException]:
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            yield from _leaves(exc)
        else:
            yield exc


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
    # A TelecrmError like the engine's other outcome errors: this one is never raised, only reported.
    return TelecrmError(
        "not sent again: the record has actions and may already have been delivered" + cause + "; check the "
        "lead's timeline before resending it, or pass replay_actions=True to accept possible duplicates"
    )
