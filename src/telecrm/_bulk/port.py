"""The port: everything the bulk engine knows of a client, handed over by ``resources/ingest.py``.

The engine needs four things from a client: the upsert request builder, the workspace schema (read through
the Sync API, cached per connection pool by the resource), Async sends on a given token (the client's own
transport, once per token), and the rate limiter that paces them. :class:`Port` is that, and nothing else:
the engine never sees the client itself. :class:`AsyncPort` and :class:`SyncPort` make the plain callables
and values of either client into one awaitable port; the resource builds one from its client.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from .._actions import CustomAction, Payment
from .._config import Settings
from .._limiter import RateLimiter, Slot
from .._models import Queued
from .._operations import Operation
from .options import MAX_CONCURRENCY

if TYPE_CHECKING:
    from .schema import WorkspaceSchema

__all__ = ["AsyncPort", "AsyncSender", "Port", "SyncPort", "SyncSender", "UpsertBuilder"]

UpsertBuilder: TypeAlias = Callable[
    [str, Mapping[str, Any], Sequence[CustomAction | Payment]], Operation[Queued]
]
"""Builds one Async upsert from fields preflight already encoded and validated actions (``checked_upsert``
in ``resources/ingest.py``)."""


class SyncSender(Protocol):
    """Sends Async requests with one token: a sync transport."""

    @property
    def settings(self) -> Settings: ...

    def execute(self, call: Operation[Queued]) -> Queued: ...


class AsyncSender(Protocol):
    """Sends Async requests with one token: an async transport."""

    @property
    def settings(self) -> Settings: ...

    async def execute(self, call: Operation[Queued]) -> Queued: ...


class Port(Protocol):
    """What the engine needs from a client: the upsert builder, the workspace schema, Async sends on a given
    token, and the rate limiter's slots."""

    @property
    def enterprise_id(self) -> str: ...

    @property
    def upsert(self) -> UpsertBuilder: ...

    @property
    def settings(self) -> Sequence[Settings]:
        """The client's settings once per Async token, in token order."""
        ...

    @property
    def closed(self) -> bool:
        """Whether the client's connection pool is closed (nothing can be sent)."""
        ...

    async def schema(self) -> WorkspaceSchema:
        """The workspace schema preflight checks records against."""
        ...

    async def send(self, token: int, call: Operation[Queued]) -> Queued: ...

    async def reserve(self, keys: Sequence[str], interval: float) -> Slot:
        """A slot from the client's rate limiter (or the run's own)."""
        ...

    async def defer(self, key: str, seconds: float) -> None: ...

    def close(self) -> None:
        """Release what the port started (the sync client's threads)."""
        ...


class AsyncPort:
    """An async client's port: everything is awaited on the caller's event loop."""

    def __init__(
        self,
        *,
        enterprise_id: str,
        upsert: UpsertBuilder,
        schema: Callable[[], Awaitable[WorkspaceSchema]],
        senders: Sequence[AsyncSender],
        limiter: RateLimiter,
        closed: Callable[[], bool],
    ) -> None:
        self.enterprise_id = enterprise_id
        self.upsert = upsert
        self.settings = [sender.settings for sender in senders]
        self._schema = schema
        self._senders = senders
        self._limiter = limiter
        self._closed = closed

    @property
    def closed(self) -> bool:
        return self._closed()

    async def schema(self) -> WorkspaceSchema:
        return await self._schema()

    async def send(self, token: int, call: Operation[Queued]) -> Queued:
        return await self._senders[token].execute(call)

    async def reserve(self, keys: Sequence[str], interval: float) -> Slot:
        return await self._limiter.areserve(keys, interval)

    async def defer(self, key: str, seconds: float) -> None:
        await self._limiter.adefer(key, seconds)

    def close(self) -> None:
        pass


class SyncPort:
    """A sync client's port, seen as async: each call runs in a daemon thread, on the client's own transport
    (so its ``http_client``, proxies and mounts serve bulk ingestion as they serve single calls)."""

    def __init__(
        self,
        *,
        enterprise_id: str,
        upsert: UpsertBuilder,
        schema: Callable[[], WorkspaceSchema],
        senders: Sequence[SyncSender],
        limiter: RateLimiter,
        closed: Callable[[], bool],
        concurrency: int | None,
    ) -> None:
        from .threads import DaemonThreads

        self.enterprise_id = enterprise_id
        self.upsert = upsert
        self.settings = [sender.settings for sender in senders]
        self._schema = schema
        self._senders = senders
        self._limiter = limiter
        self._closed = closed
        # A few spare threads keep Sync API reads from waiting behind sends.
        self._threads = DaemonThreads((concurrency or MAX_CONCURRENCY) + 4)

    @property
    def closed(self) -> bool:
        return self._closed()

    async def schema(self) -> WorkspaceSchema:
        return await self._threads.run(self._schema)

    async def send(self, token: int, call: Operation[Queued]) -> Queued:
        return await self._threads.run(functools.partial(self._senders[token].execute, call))

    # The limiter's sync calls, on the engine's own event loop: one round trip to its store at most, and
    # while the store is away this run could send nothing anyway.
    async def reserve(self, keys: Sequence[str], interval: float) -> Slot:
        return self._limiter.reserve(keys, interval)

    async def defer(self, key: str, seconds: float) -> None:
        self._limiter.defer(key, seconds)

    def close(self) -> None:
        self._threads.close()
