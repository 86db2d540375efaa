"""A whole-call deadline for the sync client's own connection pool.

httpx's timeouts bound each socket operation, so a server that drips one byte every half second keeps a
request alive forever under ``timeout=2``. The async transport bounds each attempt with a cancel scope. A sync
call cannot be cancelled from outside, so the default pool of :class:`~telecrm.Telecrm` (:mod:`telecrm._pool`)
uses a network backend whose every connect, read and write waits at most until the current attempt's
deadline, kept here in a context variable (which is per thread), and so do its transports to an HTTP(S) proxy
the environment names. A client passed as ``http_client`` keeps its own transport, and a SOCKS proxy is
httpx's: there the deadline is enforced between body chunks only.
"""

from __future__ import annotations

import time
from contextvars import ContextVar

__all__ = ["bounded", "deadline"]

_DEADLINE: ContextVar[float | None] = ContextVar("telecrm_deadline", default=None)


class deadline:  # lower case: it reads as a function, `with deadline(at):`
    """Bound every network operation in this block (in this thread) to end by ``at`` (``time.monotonic``)."""

    __slots__ = ("_at", "_token")

    def __init__(self, at: float) -> None:
        self._at = at

    def __enter__(self) -> None:
        self._token = _DEADLINE.set(self._at)

    def __exit__(self, *exc_info: object) -> None:
        _DEADLINE.reset(self._token)


def bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` cut to what is left before the current deadline; ``error`` if it has passed."""
    at = _DEADLINE.get()
    if at is None:
        return timeout
    remaining = at - time.monotonic()
    if remaining <= 0:
        raise error("the call took longer than its timeout")
    return remaining if timeout is None else min(timeout, remaining)
