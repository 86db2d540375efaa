"""``client.ingest``: the Async API, queued create-or-update of leads, one at a time or in bulk."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Unpack

from .. import _checks
from .._actions import CustomAction, Payment, as_actions, write_action
from .._bulk.options import UpsertManyOptions
from .._fields import standard_field_values
from .._limiter import interval_for
from .._models import Queued
from .._operations import Operation, operation, segment
from .._raw_response import RawResponse
from .._requests import RequestOptions
from .._results import IngestReport
from .._vocabulary import ASYNC_QUEUED
from ._base import AsyncResource, SyncResource, async_raw, raw

__all__ = ["AsyncIngest", "AsyncIngestWithRawResponse", "Ingest", "IngestWithRawResponse"]

ActionInput = CustomAction | Payment | Mapping[str, Any]


def upsert_lead(
    enterprise_id: str, fields: Mapping[str, Any], actions: Iterable[ActionInput]
) -> Operation[Queued]:
    """One upsert: the standard phone and email fields normalised first (see :mod:`telecrm._fields`)."""
    return checked_upsert(enterprise_id, standard_field_values(_checks.field_values(fields)), actions)


def checked_upsert(
    enterprise_id: str, fields: Mapping[str, Any], actions: Iterable[ActionInput]
) -> Operation[Queued]:
    """An upsert of fields sent as given: ``upsert_many``'s, whose preflight normalised them already (or
    was turned off, and with it normalisation)."""
    body: dict[str, Any] = {"fields": _checks.field_values(fields)}
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
        from .._bulk.engine import upsert_many_sync

        return upsert_many_sync(self._client, records, options, checked_upsert)


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
        from .._bulk.engine import upsert_many_async

        return await upsert_many_async(self._client, records, options, checked_upsert)


class IngestWithRawResponse:
    """``client.with_raw_response.{name}``: the same methods, returning :class:`~telecrm.RawResponse`
    (pagers are not offered: iterate the resource itself)."""

    def __init__(self, resource: Ingest) -> None:
        self.upsert: Callable[..., RawResponse[Queued]] = raw(resource.upsert)


class AsyncIngestWithRawResponse:
    """The awaitable :class:`IngestWithRawResponse`."""

    def __init__(self, resource: AsyncIngest) -> None:
        self.upsert: Callable[..., Awaitable[RawResponse[Queued]]] = async_raw(resource.upsert)
