"""Pacing of Async API sends, per token: the protocol a rate limiter implements, and the in-process one.

The Async API takes 18,000 requests an hour per token (telecrm-api.md section 4) and counts them as they
arrive. Each token's sends are spaced evenly by a GCRA ("virtual scheduling") with no burst allowance: a
token's *theoretical arrival time* (TAT) is when its next send may go; booking a slot takes
``max(TAT, now)`` and moves the TAT one interval on. Time left unused is not saved up as a burst, because a
burst on top of an hour's worth is what a sliding-window limit refuses.

Pacing is a little under the limit (:data:`HEADROOM`, 1%): the server counts *arrivals*, and the network can
bunch requests that left evenly spaced, so pacing exactly at the limit would now and then exceed it.

A limiter knows tokens only by :func:`limiter_key`, a digest of the enterprise id and the token: never the
token itself, which must not reach a shared store. With several tokens, a booking takes the one whose slot
comes first. :class:`LocalRateLimiter` holds the TATs in the process (the default); ``RedisRateLimiter``
holds them in Redis, so that every process of a fleet paces against the same ones.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable, Sequence
from typing import Final, Protocol, runtime_checkable

from ._checks import preview
from ._errors import ValidationError
from ._value import Value, value
from ._vocabulary import ASYNC_RATE_PER_HOUR

__all__ = [
    "HEADROOM",
    "LocalRateLimiter",
    "RateLimiter",
    "Slot",
    "check_rate",
    "interval_for",
    "limiter_key",
]

HEADROOM: Final = 0.01
"""How far under the limit sends are paced (a fraction of it)."""
_SECONDS_PER_HOUR: Final = 3600.0


def interval_for(rate_per_hour: float, headroom: float = HEADROOM) -> float:
    """Seconds between two sends on one token paced to ``rate_per_hour`` less ``headroom`` (0 for
    ``math.inf``: unpaced)."""
    if math.isinf(rate_per_hour):
        return 0.0
    return _SECONDS_PER_HOUR / (rate_per_hour * (1 - headroom))


def check_rate(rate: object, name: str = "rate_per_hour") -> float:
    """A rate per hour: a number > 0 (``math.inf`` for no pacing), or ``ValidationError``."""
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not rate > 0:
        raise ValidationError(f"{name} must be > 0 (math.inf for no pacing), got {preview(rate)}")
    return float(rate)


def limiter_key(enterprise_id: str, token: str) -> str:
    """The name a limiter knows a token by: a digest of the enterprise id and the token (never the token,
    which a shared store must not hold; the same in every process, so a fleet shares it)."""
    data = f"{enterprise_id}\0{token}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16, person=b"telecrm-limiter").hexdigest()


@value
class Slot(Value):
    """A send slot: ``token``, the index of the key it was booked on among those asked for, and ``delay``,
    the seconds to wait before sending."""

    token: int
    delay: float


@runtime_checkable
class RateLimiter(Protocol):
    """What paces Async API sends: hands out slots on tokens, each token known by an opaque key (a digest of
    the enterprise id and the token, never the token itself).

    ``rate_per_hour`` is the rate each token is paced to (less 1% headroom): single ``ingest.upsert``
    calls use it, and ``upsert_many`` unless given its own ``rate_per_hour``. ``reserve(keys, interval)``
    books the earliest slot on any of ``keys`` (spaced ``interval`` seconds on each key) and returns it; the
    caller waits ``slot.delay`` and sends. ``defer(key, seconds)`` sends nothing more on ``key`` for
    ``seconds`` (the server answered 429 with ``Retry-After``). ``areserve`` and ``adefer`` are the same,
    awaitable (``AsyncTelecrm`` and ``upsert_many`` on an event loop use them).
    A limiter that cannot do its job raises :class:`~telecrm.RateLimiterUnavailableError`: nothing is sent.

    Implemented by :class:`~telecrm.LocalRateLimiter` (in the process; the default) and
    :class:`~telecrm.RedisRateLimiter` (shared by every process using the same Redis); implement it to keep
    the slots in another store.
    """

    @property
    def rate_per_hour(self) -> float:
        """Requests per hour each token is paced to, before the headroom (``math.inf``: unpaced)."""
        ...

    def reserve(self, keys: Sequence[str], interval: float) -> Slot:
        """Book the earliest slot on any of ``keys``, ``interval`` seconds after that key's previous one."""
        ...

    async def areserve(self, keys: Sequence[str], interval: float) -> Slot:
        """:meth:`reserve`, awaitable."""
        ...

    def defer(self, key: str, seconds: float) -> None:
        """Hand out no slot on ``key`` for ``seconds`` from now."""
        ...

    async def adefer(self, key: str, seconds: float) -> None:
        """:meth:`defer`, awaitable."""
        ...


class LocalRateLimiter:
    """The in-process :class:`RateLimiter`: slots kept in memory, shared by every client and run of the
    process it is given to (threads included), each token paced to ``rate_per_hour`` (default 18,000, the
    API's limit). ``upsert_many`` uses a new one per run unless the client was given a limiter. Ties between
    tokens go to the one booked least recently, so unpaced sends still spread evenly. ``clock`` (monotonic
    seconds) is injectable for tests."""

    def __init__(
        self, rate_per_hour: float = ASYNC_RATE_PER_HOUR, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = check_rate(rate_per_hour)
        self._clock = clock
        self._lock = threading.Lock()
        # Each key's TAT, and the booking count when it was last booked (the tie-breaker).
        self._slots: dict[str, tuple[float, int]] = {}
        self._bookings = 0

    @property
    def rate_per_hour(self) -> float:
        """See :class:`RateLimiter`."""
        return self._rate

    def reserve(self, keys: Sequence[str], interval: float) -> Slot:
        """See :class:`RateLimiter`."""
        if not keys:
            raise ValueError("reserve needs at least one key")
        with self._lock:
            now = self._clock()
            best: tuple[float, int, int] | None = None
            for index, key in enumerate(keys):
                tat, booked = self._slots.get(key, (-math.inf, -1))
                candidate = (max(tat, now), booked, index)
                if best is None or candidate < best:
                    best = candidate
            assert best is not None
            start, _, index = best
            self._bookings += 1
            self._slots[keys[index]] = (start + interval, self._bookings)
            return Slot(index, start - now)

    async def areserve(self, keys: Sequence[str], interval: float) -> Slot:
        """See :class:`RateLimiter`."""
        return self.reserve(keys, interval)

    def defer(self, key: str, seconds: float) -> None:
        """See :class:`RateLimiter`."""
        with self._lock:
            tat, booked = self._slots.get(key, (-math.inf, -1))
            self._slots[key] = (max(tat, self._clock() + max(seconds, 0.0)), booked)

    async def adefer(self, key: str, seconds: float) -> None:
        """See :class:`RateLimiter`."""
        self.defer(key, seconds)

    def __repr__(self) -> str:
        return f"LocalRateLimiter(rate_per_hour={self._rate:g})"
