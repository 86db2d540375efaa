"""The retry policy: which failures are retried, and how long to wait before the next attempt.

The sync and async clients run their own loops and sleep with their own clocks; both ask this module what to
do, so the rules below hold the same for both.
"""

from __future__ import annotations

import email.utils
import math
import random as _random
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC

import httpx

from ._value import Value, field, value

__all__ = ["RetryPolicy", "retry_after_seconds"]

# A failure is worth retrying on a request that creates something only if the request provably never reached
# the server: no connection was made, or no pooled connection became free. Anything later (a read timeout, a
# dropped connection, a 5xx) may come after the server saved the lead, so a replay could create it twice.
_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

# Every transport failure except the two that would fail the same way on every attempt: a URL scheme httpx
# cannot speak, and a request httpx itself refuses to put on the wire.
_TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError)

_SECONDS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

# 2**32 backoff steps already exceed any sensible max_delay; the bound only keeps the arithmetic finite.
_MAX_EXPONENT = 32


def provably_not_processed(*, status: int | None = None, error: BaseException | None = None) -> bool:
    """Whether a failed attempt certainly did not reach the server's processing: a 429, or a connection
    that was never made (or never taken from the pool). Anything else (a 5xx, a 408, a timeout or a dropped
    connection after sending, an unreadable answer) may have been processed, so replaying it could create
    something twice. ``error`` may be an httpx exception or an SDK exception wrapping one.
    """
    if status is not None:
        return status == 429
    cause = error.__cause__ if error is not None and not isinstance(error, httpx.HTTPError) else error
    return isinstance(cause, _NOT_SENT_ERRORS)


def retry_after_seconds(
    headers: Mapping[str, str] | None, *, now: Callable[[], float] = time.time
) -> float | None:
    """How long the server asked the client to wait, in seconds, or ``None`` if it did not say.

    ``retry-after-ms`` (milliseconds) wins over ``Retry-After``, which may be a number of seconds or an HTTP
    date (measured against ``now()``, a Unix time). Header names match case-insensitively. A value that cannot
    be read counts as absent; a negative value or a date in the past means "now" (0.0).
    """
    if not headers:
        return None
    by_name = {name.lower(): value for name, value in headers.items()}
    millis = _parse_seconds(by_name.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    value = by_name.get("retry-after")
    if value is None:
        return None
    seconds = _parse_seconds(value)
    if seconds is not None:
        return seconds
    return _parse_http_date(value, now)


def _parse_seconds(value: str | None) -> float | None:
    if value is None or not _SECONDS.fullmatch(value.strip()):
        return None
    seconds = float(value)
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def _parse_http_date(value: str, now: Callable[[], float]) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" means "UTC, origin unknown" and parses as naive
        when = when.replace(tzinfo=UTC)
    return max(when.timestamp() - now(), 0.0)


def _non_negative_int(name: str) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be an int >= 0, got {value!r}")
        return value

    return check


def _positive_finite(name: str) -> Callable[[object], float]:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
            raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
        return value

    return check


@value
class RetryPolicy(Value):
    """Decides whether a failed attempt is retried and how long to wait first.

    Backoff is exponential, ``initial_delay * 2**attempt`` capped at ``max_delay``, with "equal jitter": the
    wait is drawn uniformly from the upper half of that value, so concurrent clients spread out but never
    retry sooner than half the backoff. A server hint (``retry-after-ms`` or ``Retry-After``) replaces the
    backoff, capped at ``max_retry_after``.

    ``random`` and ``now`` are injectable so that tests get exact delays; neither is part of equality.
    """

    max_retries: int = field(default=2, converter=_non_negative_int("max_retries"))
    initial_delay: float = field(default=0.5, converter=_positive_finite("initial_delay"))
    max_delay: float = field(default=8.0, converter=_positive_finite("max_delay"))
    max_retry_after: float = field(default=60.0, converter=_positive_finite("max_retry_after"))
    random: Callable[[], float] = field(default=_random.random, eq=False, repr=False)
    now: Callable[[], float] = field(default=time.time, eq=False, repr=False)

    @staticmethod
    def retryable_status(status: int) -> bool:
        """Whether an HTTP status is worth another attempt: 408, 429 and every 5xx."""
        return status in (408, 429) or 500 <= status <= 599

    def delay(self, attempt: int, headers: Mapping[str, str] | None = None) -> float:
        """Seconds to wait before the next retry; ``attempt`` is the number of retries already made (from 0).

        ``headers`` are those of the failed response, if there was one; a server hint in them wins.
        """
        if attempt < 0:
            raise ValueError(f"attempt must be >= 0, got {attempt}")
        hint = retry_after_seconds(headers, now=self.now)
        if hint is not None:
            return min(hint, self.max_retry_after)
        backoff = min(math.ldexp(self.initial_delay, min(attempt, _MAX_EXPONENT)), self.max_delay)
        return backoff / 2 + self.random() * backoff / 2

    def should_retry(
        self,
        *,
        attempt: int,
        creates: bool,
        status: int | None = None,
        error: BaseException | None = None,
    ) -> bool:
        """Whether to make another attempt after a failed one.

        Pass the response ``status`` or the transport ``error`` (an httpx exception) of the failed attempt,
        and ``attempt``, the number of retries already made. ``creates`` marks a request that creates
        something (lead, action or team-member create): it is retried only when the server provably did not
        process it (a 429, or a connection that was never made), so a retry never creates a duplicate. Any
        other request is retried on 408, 429, 5xx and transient transport errors.
        """
        if (status is None) == (error is None):
            raise TypeError("should_retry needs exactly one of status= and error=")
        if attempt >= self.max_retries:
            return False
        if creates:
            return provably_not_processed(status=status, error=error)
        if status is None:
            return isinstance(error, _TRANSIENT_ERRORS)
        return self.retryable_status(status)
