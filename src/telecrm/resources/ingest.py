"""``client.ingest``: the Async API, queued create-or-update of leads, one at a time or in bulk.

Bulk ingestion (:mod:`telecrm._bulk`) sees the client only through the port this module builds for each run
(:mod:`telecrm._bulk.port`): the upsert builder below, :meth:`Ingest.workspace_schema`, the client's transport
once per Async token, and the rate limiter.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping
from typing import Any, Final, TypeAlias, Unpack

from .. import _checks
from .._actions import CustomAction, Payment, as_actions, write_action
from .._bulk.options import UpsertManyOptions
from .._bulk.schema import WorkspaceSchema
from .._fields import standard_field_values
from .._limiter import interval_for
from .._models import Queued
from .._operations import Operation, operation, segment
from .._raw_response import RawResponse
from .._requests import RequestOptions
from .._results import IngestReport
from .._vocabulary import ASYNC_QUEUED
from ._base import AsyncResource, SyncResource, async_raw, raw
from .workspace import get_metadata, get_pipeline, list_custom_actions, list_custom_fields

__all__ = ["AsyncIngest", "AsyncIngestWithRawResponse", "Ingest", "IngestWithRawResponse"]

ActionInput = CustomAction | Payment | Mapping[str, Any]

SCHEMA_TTL: Final = 600.0
"""Seconds a workspace schema read for preflight is reused (the docs advise caching and refreshing slowly)."""

#: Schemas read, by connection pool (so copies made with ``with_options()`` share one read), then by base URL
#: and enterprise: (when read, schema).
_SCHEMAS: weakref.WeakKeyDictionary[object, dict[tuple[str, str], tuple[float, WorkspaceSchema]]] = (
    weakref.WeakKeyDictionary()
)

#: The Sync calls of a schema read, each yielded and its answer sent back; what it returns is the schema.
SchemaReads: TypeAlias = Generator[Operation[Any], Any, WorkspaceSchema]


def _schema_reads(pool: object, base_url: str, enterprise_id: str) -> SchemaReads:
    """The workspace schema, read once per ``SCHEMA_TTL`` and pool: written once, for the sync and the async
    client, each of which runs the calls it yields (none when the schema read last is still fresh)."""
    cached = _SCHEMAS.get(pool, {}).get((base_url, enterprise_id))
    if cached is not None and time.monotonic() - cached[0] < SCHEMA_TTL:
        return cached[1]
    fields = yield list_custom_fields(enterprise_id, True)
    actions = yield list_custom_actions(enterprise_id, True)
    pipeline = yield get_pipeline(enterprise_id)
    metadata = None
    if not any(field.is_lead_identifier for field in fields):
        metadata = yield get_metadata(enterprise_id)
    schema = WorkspaceSchema.from_api(fields, actions, pipeline, metadata)
    _SCHEMAS.setdefault(pool, {})[base_url, enterprise_id] = (time.monotonic(), schema)
    return schema


def upsert_lead(
    enterprise_id: str, fields: Mapping[str, Any], actions: Iterable[ActionInput]
) -> Operation[Queued]:
    """One upsert: the fields encoded, the standard phone and email fields normalised (see
    :mod:`telecrm._fields`)."""
    return checked_upsert(enterprise_id, standard_field_values(_checks.field_values(fields)), actions)


def checked_upsert(
    enterprise_id: str, fields: Mapping[str, Any], actions: Iterable[ActionInput]
) -> Operation[Queued]:
    """An upsert of ``fields`` already encoded by ``_checks.field_values`` (by :func:`upsert_lead`, or by
    ``upsert_many``'s preflight, which normalised them too), sent as they are: a record is encoded once."""
    body: dict[str, Any] = {"fields": fields}
    sent = as_actions(actions)
    if sent:
        body["actions"] = [write_action(action, api="async") for action in sent]

    def convert(data: Mapping[str, Any]) -> Queued:
        # Only the documented acceptance counts: anything else ({}, an "ERROR" status, an error object) may
        # mean the record was not taken, so it must not be reported (or journaled) as queued.
        if data.get("status") != ASYNC_QUEUED:
            raise ValueError(f"the answer is not the Async API's acceptance {{'status': {ASYNC_QUEUED!r}}}")
        return Queued(status=ASYNC_QUEUED, raw=data)

    return operation(
        "async",
        "POST",
        f"/enterprise/{segment(enterprise_id)}/autoupdatelead",
        convert,
        json=body,
        # Field upserts are idempotent, but actions are appended to the timeline: a payload
        # with actions is replayed only when it provably never reached the server.
        creates=bool(sent),
    )


class Ingest(SyncResource):
    """The Async API: queued create-or-update of leads, for volume. ``upsert`` takes the per-call options of
    :class:`~telecrm.RequestOptions`; ``upsert_many`` takes :class:`~telecrm.UpsertManyOptions` instead."""

    def upsert(
        self,
        fields: Mapping[str, Any],
        actions: Iterable[ActionInput] = (),
        **options: Unpack[RequestOptions],
    ) -> Queued:
        """Queue a create-or-update keyed on the lead identifier. Custom actions are sent as
        ``ACTION_<code>`` (a bare code would be dropped silently by the server). The answer
        only means "queued": nothing is validated server-side where you can see it. Also takes the per-call
        options of :class:`~telecrm.RequestOptions`.

        With the client's ``rate_limiter`` the call first waits for a slot on its token (the limiter's
        :class:`~telecrm.RateLimiterUnavailableError` means nothing was sent)."""
        call = upsert_lead(self._enterprise_id, fields, actions)
        pacing = self._client._ingest_slot()
        if pacing is not None:
            limiter, keys = pacing
            delay = limiter.reserve(keys, interval_for(limiter.rate_per_hour)).delay
            if delay > 0:
                time.sleep(delay)
        return self._run(call, options)

    def upsert_many(self, records: Iterable[Any], **options: Unpack[UpsertManyOptions]) -> IngestReport:
        """Queue many create-or-updates, losing none; returns an :class:`~telecrm.IngestReport` with one
        outcome per record, in input order.

        Each record is a mapping of field API names to values, an API-shaped ``{"fields": ..., "actions":
        [...]}``, or a ``(fields, actions)`` pair. With ``validate`` (the default) every record is first
        checked against the workspace, read once through the Sync API (so the Sync token is needed too):
        invalid ones are reported with every reason and never sent. ``dry_run`` checks, sends nothing.

        ``tokens`` (default: the client's ``ingest_token``) are Async tokens sharing the load, each paced to
        ``rate_per_hour`` (``math.inf``: unpaced), with ``concurrency`` requests in flight. 429 (honouring
        ``Retry-After``), 408, 5xx, timeouts and dropped connections are retried up to ``max_attempts`` times
        per record. A retry after a failure the server may have processed can deliver a record twice: the
        outcome then says ``possibly_duplicated``; with ``replay_actions=False`` records carrying actions
        (which would be duplicated on the timeline) are not retried after such a failure and end ``failed``.

        ``journal`` is a SQLite file recording each record's state, keyed by each record's content: run again
        after an interruption (with the same input, or with records added, removed or reordered) and nothing
        already queued is resent, nothing is lost, and every record that may be delivered twice is flagged; a
        damaged journal is refused before anything is sent. ``normalize_dates`` rewrites spreadsheet dates
        (ISO 8601, ``12-03-2024``, ``12 Mar 2024``) into the workspace's format, refusing ambiguous ones.
        ``on_progress`` is called with an :class:`~telecrm.IngestProgress` each time a record is settled.

        A record at fault is its own ``invalid`` outcome and never stops the run. What does stop it (the
        callback raising, the records iterable raising) raises :class:`~telecrm.IngestStoppedError`, and a
        journal that cannot be read or written :class:`~telecrm.JournalError`, each carrying ``.report``, the
        outcomes so far. The options and their defaults are listed on :class:`~telecrm.UpsertManyOptions`.
        """
        from .._bulk.port import SyncPort
        from .._bulk.ratelimit import paced_options
        from .._bulk.run import upsert_many_sync

        client = self._client
        checked, limiter = paced_options(options, client.rate_limiter)
        port = SyncPort(
            enterprise_id=client.enterprise_id,
            upsert=checked_upsert,
            schema=self.workspace_schema,
            senders=client._ingest_transports(checked.tokens),
            limiter=limiter,
            closed=lambda: client._pool.is_closed,
            concurrency=checked.concurrency,
        )
        return upsert_many_sync(port, records, checked)

    def workspace_schema(self) -> WorkspaceSchema:
        """The workspace as ``upsert_many`` checks records against it (:class:`~telecrm.WorkspaceSchema`):
        its lead fields and their types, the lead identifier, custom actions' fields, pipeline labels.

        Use it to prepare records before sending them: type spreadsheet cells by their field's type, check a
        file's columns against the workspace's fields. It is read through the Sync API (up to four requests)
        and kept for ten minutes per connection pool, in the cache ``upsert_many``'s preflight reads: calling
        this first costs ``upsert_many`` no request. A field added to the workspace meanwhile is seen once
        that time is up, or at once by a new client (its own pool: ``with_options`` copies share this one)."""
        reads = _schema_reads(self._client._pool, self._client.base_url, self._enterprise_id)
        try:
            call = next(reads)
            while True:
                call = reads.send(self._run(call, {}))
        except StopIteration as read:
            schema: WorkspaceSchema = read.value
            return schema


class AsyncIngest(AsyncResource):
    """The Async API (awaitable). See :class:`Ingest`."""

    async def upsert(
        self,
        fields: Mapping[str, Any],
        actions: Iterable[ActionInput] = (),
        **options: Unpack[RequestOptions],
    ) -> Queued:
        """See :meth:`Ingest.upsert`."""
        call = upsert_lead(self._enterprise_id, fields, actions)
        pacing = self._client._ingest_slot()
        if pacing is not None:
            import anyio

            limiter, keys = pacing
            delay = (await limiter.areserve(keys, interval_for(limiter.rate_per_hour))).delay
            if delay > 0:
                await anyio.sleep(delay)
        return await self._run(call, options)

    async def upsert_many(self, records: Iterable[Any], **options: Unpack[UpsertManyOptions]) -> IngestReport:
        """See :meth:`Ingest.upsert_many`; runs on the caller's event loop."""
        from .._bulk.port import AsyncPort
        from .._bulk.ratelimit import paced_options
        from .._bulk.run import upsert_many_async

        client = self._client
        checked, limiter = paced_options(options, client.rate_limiter)
        port = AsyncPort(
            enterprise_id=client.enterprise_id,
            upsert=checked_upsert,
            schema=self.workspace_schema,
            senders=client._ingest_transports(checked.tokens),
            limiter=limiter,
            closed=lambda: client._pool.is_closed,
        )
        return await upsert_many_async(port, records, checked)

    async def workspace_schema(self) -> WorkspaceSchema:
        """See :meth:`Ingest.workspace_schema`."""
        reads = _schema_reads(self._client._pool, self._client.base_url, self._enterprise_id)
        try:
            call = next(reads)
            while True:
                call = reads.send(await self._run(call, {}))
        except StopIteration as read:
            schema: WorkspaceSchema = read.value
            return schema


class IngestWithRawResponse:
    """``client.with_raw_response.{name}``: the same methods, returning :class:`~telecrm.RawResponse`
    (pagers are not offered: iterate the resource itself)."""

    def __init__(self, resource: Ingest) -> None:
        self.upsert: Callable[..., RawResponse[Queued]] = raw(resource.upsert)


class AsyncIngestWithRawResponse:
    """The awaitable :class:`IngestWithRawResponse`."""

    def __init__(self, resource: AsyncIngest) -> None:
        self.upsert: Callable[..., Awaitable[RawResponse[Queued]]] = async_raw(resource.upsert)
