"""Client-side pacing of Async API requests: each token held at its hourly limit, tokens sharing the load.

The Async API accepts 18,000 requests an hour per token (telecrm-api.md §4) and counts them as they arrive.
Sending in bursts and backing off on 429 wastes requests and time, so bulk ingestion paces itself instead:
each token's requests are spaced evenly (a GCRA, or "virtual scheduling", with no burst allowance). A burst
allowance would let a client send its allowance plus an hour's worth within the server's window, which is
what a sliding-window limit refuses.

Pacing is a little under the limit (``headroom``, 1% by default): the server counts *arrivals*, and network
jitter can bunch requests that left evenly spaced, so pacing exactly at the limit would now and then exceed
it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import attrs

__all__ = ["RateLimiter", "Reservation"]

_SECONDS_PER_HOUR = 3600.0


@attrs.frozen
class Reservation:
    """A send slot: which token to use, and how long to wait before sending."""

    token: int
    delay: float
    #: The token's deferral count when the slot was booked; see :meth:`RateLimiter.still_good`.
    epoch: int = 0


class RateLimiter:
    """Hands out send slots over ``tokens`` tokens, each paced to ``rate_per_hour`` (``math.inf``: unpaced).

    :meth:`reserve` picks the token whose next slot comes first (ties go round-robin, so an unpaced limiter
    still spreads requests evenly) and books that slot; the caller waits ``delay`` and sends. :meth:`defer`
    holds a token back after the server asked for a pause (429 ``Retry-After``); :meth:`disable` retires a
    token the server refused (401). ``clock`` is injectable (monotonic seconds) so tests need not wait.
    """

    def __init__(
        self,
        tokens: int,
        rate_per_hour: float,
        *,
        headroom: float = 0.01,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if tokens < 1:
            raise ValueError("a rate limiter needs at least one token")
        if isinstance(rate_per_hour, bool) or not rate_per_hour > 0:
            raise ValueError(f"rate_per_hour must be > 0 (math.inf for no limit), got {rate_per_hour!r}")
        if not 0 <= headroom < 1:
            raise ValueError(f"headroom must be in [0, 1), got {headroom!r}")
        self.rate_per_hour = float(rate_per_hour)
        #: Seconds between two requests on one token.
        self.interval = (
            0.0 if math.isinf(rate_per_hour) else _SECONDS_PER_HOUR / (rate_per_hour * (1 - headroom))
        )
        self._clock = clock
        # "Theoretical arrival time" of each token's next request; None for a disabled token.
        self._next: list[float | None] = [-math.inf] * tokens
        # Bumped by defer() and disable(): slots booked before then are not to be used.
        self._epochs = [0] * tokens
        self._turn = 0

    @property
    def alive(self) -> int:
        """How many tokens are still in use."""
        return sum(slot is not None for slot in self._next)

    def reserve(self) -> Reservation | None:
        """Book the earliest free slot on any live token; ``None`` when every token has been disabled."""
        now = self._clock()
        count = len(self._next)
        best: tuple[float, int] | None = None
        for offset in range(count):
            token = (self._turn + offset) % count
            slot = self._next[token]
            if slot is None:
                continue
            start = max(slot, now)
            if best is None or start < best[0]:
                best = (start, token)
        if best is None:
            return None
        start, token = best
        self._next[token] = start + self.interval
        self._turn = (token + 1) % count
        return Reservation(token, start - now, self._epochs[token])

    def still_good(self, reservation: Reservation) -> bool:
        """Whether a slot booked earlier may still be used: its token was neither deferred nor disabled since.

        Slots are booked ahead (the caller sleeps until its slot), so when the server asks for a pause, the
        slots already handed out on that token would otherwise still fire during it.
        """
        return self._epochs[reservation.token] == reservation.epoch

    def defer(self, token: int, seconds: float) -> None:
        """Send nothing more on ``token`` for ``seconds`` (from now)."""
        slot = self._next[token]
        if slot is not None:
            self._next[token] = max(slot, self._clock() + max(seconds, 0.0))
            self._epochs[token] += 1

    def disable(self, token: int) -> None:
        """Never hand out ``token`` again."""
        self._next[token] = None
        self._epochs[token] += 1
