"""How many requests ``upsert_many`` keeps in flight when ``concurrency`` is not given.

More requests in flight raise throughput only while the answers, not the client, are what requests wait for.
Each one also costs CPU (more connections, more task switches, and with ``Telecrm`` more threads): measured on
loopback, 16 in flight spent 1.7x the CPU per record of 4 for fewer records a second. So the number starts at
one and grows only while the latency observed says another request would raise throughput, by two rules:

- *Little's law.* Throughput is requests in flight divided by latency. Paced at ``rate`` requests a second in
  all (every token's hourly limit), more than ``rate x latency`` in flight only wait for their slot, so the
  number never grows beyond the smallest whole number above that: one in flight per token covers the Async
  API's five requests a second up to 200 ms answers, two up to 400 ms. Unpaced (``math.inf``) this rule sets
  no bound.
- *A step must pay.* Each step up (one more request in flight) is a probe: if the throughput it measures,
  ``limit / mean latency``, did not rise by at least half of what each request in flight brought before, the
  extra request only queued somewhere (the client's CPU, the server, the network) and is given back. The
  next probe comes after ``HOLD_WINDOWS`` windows, in case the conditions changed.

Each decision uses a window of ``WINDOW_PER_REQUEST`` answers per request in flight, counting only requests
started at the current number (those started before it was changed measured another one). Everything here is
arithmetic on the samples it is given: the engine measures the latencies, tests feed them.
"""

from __future__ import annotations

import math
from typing import Final

from .options import MAX_CONCURRENCY

__all__ = ["HOLD_WINDOWS", "WINDOW_PER_REQUEST", "Concurrency"]

WINDOW_PER_REQUEST: Final = 8
"""Answers per request in flight that make one window: one decision."""
HOLD_WINDOWS: Final = 16
"""Windows waited after a probe that did not pay before probing again."""


class Concurrency:
    """The number of requests allowed in flight, :attr:`limit`: ``concurrency`` as given, or adapted.

    :meth:`observe` takes each answered request's start time and latency (monotonic seconds); when adapting,
    a full window may change :attr:`limit`, and the engine keeps that many workers sending.
    """

    def __init__(
        self, given: int | None, *, tokens: int, rate_per_hour: float, ceiling: int = MAX_CONCURRENCY
    ) -> None:
        """``given``: the ``concurrency`` option, kept exactly; ``None`` adapts from one request in flight up
        to ``ceiling``, for ``tokens`` tokens paced at ``rate_per_hour`` each (``math.inf``: unpaced)."""
        self.adapts = given is None
        self.limit = 1 if given is None else given
        self.ceiling = ceiling
        #: Requests a second the pacing allows, over every token.
        self.rate = tokens * rate_per_hour / 3600
        self._since = -math.inf  # when the limit was last decided: requests started before measured another
        self._samples = 0
        self._latency_sum = 0.0
        #: Throughput measured one step below, while the current limit is a probe; else None.
        self._below: float | None = None
        self._hold = 0

    def needed(self, latency: float) -> int:
        """Little's law: the fewest in flight that keep up with the pacing when answers take ``latency``
        (the ceiling when unpaced)."""
        if math.isinf(self.rate):
            return self.ceiling
        return min(self.ceiling, math.floor(self.rate * latency) + 1)

    def observe(self, started: float, latency: float) -> None:
        """Take one answered request into account."""
        if not self.adapts or started < self._since:
            return
        self._samples += 1
        self._latency_sum += latency
        if self._samples >= WINDOW_PER_REQUEST * self.limit:
            self._decide(self._latency_sum / self._samples)
            self._since = started + latency
            self._samples = 0
            self._latency_sum = 0.0

    def _decide(self, latency: float) -> None:
        throughput = self.limit / latency if latency > 0 else math.inf
        needed = self.needed(latency)
        below, self._below = self._below, None
        if below is not None and throughput < below * (1 + 0.5 / (self.limit - 1)):
            self.limit -= 1  # the probe did not pay
            self._hold = HOLD_WINDOWS
        elif self.limit > needed:
            self.limit = needed  # answers got faster: fewer keep up
        elif self.limit < needed and self._hold == 0:
            self._below = throughput
            self.limit += 1
        else:
            self._hold = max(0, self._hold - 1)
