"""A :class:`~telecrm.RateLimiter` kept in Redis, so that every process of a fleet paces on the same slots.

The GCRA of :mod:`telecrm._limiter`, run by Redis itself: one Lua script books a slot atomically, in one round
trip per send, reading Redis's own clock (so the processes' clocks need not agree). With several tokens the
script takes the one whose slot comes first across the whole fleet. Each token's TAT lives under
``telecrm:{ingest}:<digest of enterprise id and token>`` (the hash tag keeps a run's keys in one Redis Cluster
slot) and expires once it is in the past, when it no longer constrains anything.

Redis down or slow (the chosen behaviour): a send *waits* for Redis, retrying with a short backoff, up to
``deadline`` seconds; the first failure of an outage logs a warning on the ``telecrm`` logger and the
recovery an info line. Past the deadline :class:`~telecrm.RateLimiterUnavailableError` is raised and nothing
is sent: ``ingest.upsert`` raises it to its caller, ``upsert_many`` stops with the unsent records left in its
report and journal. Falling back to in-process pacing was not chosen: a process cannot know how many others
share the tokens while Redis is away, so no share of the limit it picked on its own would be safe.

redis-py is imported when a limiter is built (the ``telecrm[redis]`` extra), never by ``import telecrm``.
"""

from __future__ import annotations

import logging
import math
import time
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from ._checks import preview
from ._errors import RateLimiterUnavailableError, ValidationError
from ._limiter import Slot, check_rate
from ._vocabulary import ASYNC_RATE_PER_HOUR

if TYPE_CHECKING:
    import asyncio

    import redis
    import redis.asyncio

__all__ = ["RedisRateLimiter"]

logger = logging.getLogger("telecrm")

_PREFIX: Final = "telecrm:{ingest}:"
_SLOW: Final = 1.0
"""Seconds a Redis call may take before it counts as a failure (the deadline, if shorter)."""

# Times are integer microseconds (Redis's TIME): exact in Lua's doubles until the year 2255.
_BOOK: Final = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local best, best_start, best_tat
for i = 1, #KEYS do
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  local start = math.max(tat, now)
  if best == nil or start < best_start or (start == best_start and tat < best_tat) then
    best, best_start, best_tat = i, start, tat
  end
end
local tat = best_start + tonumber(ARGV[1])
redis.call('SET', KEYS[best], string.format('%d', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
return {best - 1, best_start - now}
"""
"""KEYS: one per token; ARGV[1]: the interval (µs). Books the earliest slot, returns [index, delay µs]."""

_HOLD: Final = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
return 1
"""
"""KEYS[1]: a token; ARGV[1]: a pause (µs). Moves the token's next slot to at least now + the pause."""


class RedisRateLimiter:
    """The :class:`~telecrm.RateLimiter` of a fleet: slots kept in the Redis at ``url``
    (``redis://[:password@]host:port/db``, ``rediss://`` for TLS, ``unix://``), one round trip per send.

    Each token is paced to ``rate_per_hour`` (default 18,000, the API's limit) less 1% headroom. Every
    process given a limiter on the same Redis paces each token (known by a digest of the token and
    enterprise id, never the token) against the same slots, so together they hold the Async API's limit.
    Needs the ``telecrm[redis]`` extra and Redis 5 or later. When Redis is unreachable or slow, a send waits
    for it up to ``deadline`` seconds (default 30), then :class:`~telecrm.RateLimiterUnavailableError` is
    raised and nothing is sent; the outage and the recovery are logged. ``AsyncTelecrm`` uses redis-py's
    asyncio client on asyncio, and a worker thread on other event loops.
    """

    def __init__(
        self, url: str, *, rate_per_hour: float = ASYNC_RATE_PER_HOUR, deadline: float = 30.0
    ) -> None:
        self._rate = check_rate(rate_per_hour)
        if not isinstance(url, str) or not url:
            raise ValidationError(
                f"url must be a Redis URL such as 'redis://localhost:6379/0', got {preview(url)}"
            )
        if isinstance(deadline, bool) or not isinstance(deadline, int | float) or not 0 < deadline < math.inf:
            raise ValidationError(f"deadline must be a number of seconds > 0, got {preview(deadline)}")
        try:
            import redis
        except ImportError:
            raise ValidationError("RedisRateLimiter needs redis-py: pip install 'telecrm[redis]'") from None
        #: Seconds a send waits for Redis before :class:`~telecrm.RateLimiterUnavailableError`.
        self.deadline: float = float(deadline)
        self._url = url
        self._timeout = min(self.deadline, _SLOW)
        try:
            self._redis: redis.Redis = redis.Redis.from_url(
                url, socket_timeout=self._timeout, socket_connect_timeout=self._timeout
            )
        except ValueError as exc:
            raise ValidationError(f"url is not a Redis URL: {exc}") from None
        self._book = self._redis.register_script(_BOOK)
        self._hold = self._redis.register_script(_HOLD)
        kwargs = self._redis.connection_pool.connection_kwargs
        #: Where Redis is, for log lines and errors (never the password).
        self.where: str = str(
            kwargs.get("path") or f"{kwargs.get('host')}:{kwargs.get('port')}/{kwargs.get('db', 0)}"
        )
        self._down_since: float | None = None
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _AsyncRedis] = (
            weakref.WeakKeyDictionary()
        )

    @property
    def rate_per_hour(self) -> float:
        """See :class:`~telecrm.RateLimiter`."""
        return self._rate

    def reserve(self, keys: Sequence[str], interval: float) -> Slot:
        """See :class:`~telecrm.RateLimiter`."""
        return _slot(self._call(self._book, *_book_args(keys, interval)))

    def defer(self, key: str, seconds: float) -> None:
        """See :class:`~telecrm.RateLimiter`."""
        self._call(self._hold, *_hold_args(key, seconds))

    async def areserve(self, keys: Sequence[str], interval: float) -> Slot:
        """See :class:`~telecrm.RateLimiter`."""
        client = self._async_client()
        if client is None:
            import anyio.to_thread

            return await anyio.to_thread.run_sync(self.reserve, keys, interval)
        return _slot(await self._acall(client.redis, client.book, *_book_args(keys, interval)))

    async def adefer(self, key: str, seconds: float) -> None:
        """See :class:`~telecrm.RateLimiter`."""
        client = self._async_client()
        if client is None:
            import anyio.to_thread

            await anyio.to_thread.run_sync(self.defer, key, seconds)
            return
        await self._acall(client.redis, client.hold, *_hold_args(key, seconds))

    def __repr__(self) -> str:
        return f"RedisRateLimiter({self.where!r}, rate_per_hour={self._rate:g}, deadline={self.deadline:g})"

    # --- waiting out an outage ---

    # EVALSHA straight from the client (redis-py's Script object adds a tenth to a call's CPU); the script
    # object only loads the script when Redis does not know it (first use, or Redis restarted).

    def _call(self, script: Any, keys: list[str], args: list[int]) -> Any:
        import redis

        waited: _Wait | None = None  # made on the first failure only: the common path stays lean
        while True:
            try:
                try:
                    result = self._redis.evalsha(script.sha, len(keys), *keys, *args)
                except redis.exceptions.NoScriptError:
                    result = script(keys=keys, args=args)
            except redis.RedisError as exc:
                waited = waited or _Wait(self)
                time.sleep(waited.next_pause(exc))
            else:
                self._up()
                return result

    async def _acall(self, client: Any, script: Any, keys: list[str], args: list[int]) -> Any:
        import anyio
        import redis

        waited: _Wait | None = None
        while True:
            try:
                try:
                    result = await client.evalsha(script.sha, len(keys), *keys, *args)
                except redis.exceptions.NoScriptError:
                    result = await script(keys=keys, args=args)
            except redis.RedisError as exc:
                waited = waited or _Wait(self)
                await anyio.sleep(waited.next_pause(exc))
            else:
                self._up()
                return result

    def _down(self, error: BaseException) -> None:
        if self._down_since is None:
            self._down_since = time.monotonic()
            logger.warning(
                "the Redis rate limiter at %s failed (%s): sends wait for it, each up to %gs",
                self.where,
                _describe(error),
                self.deadline,
            )

    def _up(self) -> None:
        since = self._down_since
        if since is not None:
            self._down_since = None
            logger.info(
                "the Redis rate limiter at %s answers again, after %.1fs",
                self.where,
                time.monotonic() - since,
            )

    def _async_client(self) -> _AsyncRedis | None:
        """The asyncio Redis client of the running event loop (made on first use), or None off asyncio."""
        import sniffio

        if sniffio.current_async_library() != "asyncio":
            return None
        import asyncio

        loop = asyncio.get_running_loop()
        client = self._loops.get(loop)
        if client is None:
            client = self._loops[loop] = _AsyncRedis(self._url, self._timeout)
        return client


class _AsyncRedis:
    """redis-py's asyncio client and the two scripts, for one event loop (its connections belong to it)."""

    def __init__(self, url: str, timeout: float) -> None:
        import redis.asyncio

        self.redis: redis.asyncio.Redis = redis.asyncio.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self.book = self.redis.register_script(_BOOK)
        self.hold = self.redis.register_script(_HOLD)


class _Wait:
    """One send's wait for Redis: pauses of 50 ms doubling to 1 s, until the deadline."""

    def __init__(self, limiter: RedisRateLimiter) -> None:
        self._limiter = limiter
        self._started = time.monotonic()
        self._pause = 0.05

    def next_pause(self, error: BaseException) -> float:
        limiter = self._limiter
        limiter._down(error)
        left = self._started + limiter.deadline - time.monotonic()
        if left <= 0:
            raise RateLimiterUnavailableError(
                f"the Redis rate limiter at {limiter.where} did not answer within {limiter.deadline:g}s "
                f"({_describe(error)}): nothing was sent"
            ) from error
        pause, self._pause = min(self._pause, left), min(self._pause * 2, 1.0)
        return pause


def _book_args(keys: Sequence[str], interval: float) -> tuple[list[str], list[int]]:
    if not keys:
        raise ValueError("reserve needs at least one key")
    return [_PREFIX + key for key in keys], [round(interval * 1_000_000)]


def _hold_args(key: str, seconds: float) -> tuple[list[str], list[int]]:
    return [_PREFIX + key], [round(max(seconds, 0.0) * 1_000_000)]


def _slot(reply: Any) -> Slot:
    index, delay = reply
    return Slot(int(index), int(delay) / 1_000_000)


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
