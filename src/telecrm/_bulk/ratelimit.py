"""One bulk run's view of the pacing: which of its tokens are live, and which booked slots still hold.

The slots themselves come from a :class:`~telecrm.RateLimiter` (see :mod:`telecrm._limiter` for the GCRA
and its headroom): the client's own if it was given one (a :class:`~telecrm.RedisRateLimiter` paces a whole
fleet), else a :class:`~telecrm.LocalRateLimiter` for the run. What stays here is what only this run knows:
a token the server refused (401) is retired for the run, and slots are booked ahead (the caller sleeps until
its slot), so when the server asks for a pause, the slots this run already holds on that token are dropped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

import attrs

from .._limiter import LocalRateLimiter, RateLimiter, Slot
from .._value import evolve
from .options import BulkOptions, bulk_options

__all__ = ["Pacer", "Reservation", "paced_options"]


def paced_options(
    given: Mapping[str, object], limiter: RateLimiter | None
) -> tuple[BulkOptions, RateLimiter]:
    """The options of ``upsert_many`` checked, and the limiter the run books its slots with: the client's
    ``limiter`` (whose rate is the default), or, without one, a limiter of the run's own in the process."""
    checked = bulk_options(given)
    if limiter is None:
        return checked, LocalRateLimiter(checked.rate_per_hour)
    if "rate_per_hour" not in given:
        checked = evolve(checked, rate_per_hour=limiter.rate_per_hour)
    return checked, limiter


@attrs.frozen
class Reservation:
    """A send slot: which token to use, and how long to wait before sending."""

    token: int
    delay: float
    #: The token's deferral count when the slot was booked; see :meth:`Pacer.still_good`.
    epoch: int = 0


class Pacer:
    """Books slots on ``keys`` (one :func:`~telecrm._limiter.limiter_key` per token), ``interval`` seconds
    apart on each, through ``reserve`` and ``defer`` (a limiter's, sync or async, made awaitable)."""

    def __init__(
        self,
        keys: Sequence[str],
        interval: float,
        reserve: Callable[[Sequence[str], float], Awaitable[Slot]],
        defer: Callable[[str, float], Awaitable[None]],
    ) -> None:
        if not keys:
            raise ValueError("a pacer needs at least one token")
        self.keys = tuple(keys)
        self.interval = interval
        self._reserve = reserve
        self._defer = defer
        self._live = list(range(len(keys)))
        # Bumped by defer() and disable(): slots booked before then are not to be used.
        self._epochs = [0] * len(keys)

    @property
    def alive(self) -> int:
        """How many tokens are still in use."""
        return len(self._live)

    async def reserve(self) -> Reservation | None:
        """Book the earliest slot on any live token; ``None`` when every token has been disabled. Raises
        :class:`~telecrm.RateLimiterUnavailableError` when the limiter cannot book one."""
        if not self._live:
            return None
        live = tuple(self._live)
        slot = await self._reserve([self.keys[token] for token in live], self.interval)
        token = live[slot.token]
        return Reservation(token, slot.delay, self._epochs[token])

    def still_good(self, reservation: Reservation) -> bool:
        """Whether a slot booked earlier may still be used: its token was neither deferred nor disabled
        since."""
        return self._epochs[reservation.token] == reservation.epoch

    async def defer(self, token: int, seconds: float) -> None:
        """Send nothing more on ``token`` for ``seconds`` (from now), in this run and, through the limiter,
        wherever it is shared."""
        self._epochs[token] += 1
        await self._defer(self.keys[token], seconds)

    def disable(self, token: int) -> None:
        """Never hand out ``token`` again in this run."""
        if token in self._live:
            self._live.remove(token)
        self._epochs[token] += 1
