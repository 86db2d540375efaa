"""The client-side pacer: evenly spaced requests per token, tokens sharing the load, pauses on request.

The slots come from a `LocalRateLimiter` on a clock that moves only when told to; a run's `Pacer` adds what
only the run knows (tokens it retired, slots it booked before a pause).
"""

from __future__ import annotations

import math

import anyio
import pytest

from telecrm import LocalRateLimiter, Slot, ValidationError
from telecrm._bulk.ratelimit import Pacer, Reservation
from telecrm._limiter import HEADROOM, interval_for, limiter_key


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limiter(tokens: int = 1, rate_per_hour: float = 3600) -> tuple[Pacer, Clock]:
    clock = Clock()
    store = LocalRateLimiter(rate_per_hour, clock=clock)

    async def reserve(keys: object, interval: float) -> Slot:
        return store.reserve(keys, interval)  # type: ignore[arg-type]

    async def defer(key: str, seconds: float) -> None:
        store.defer(key, seconds)

    keys = [f"key{index}" for index in range(tokens)]
    return Pacer(keys, interval_for(rate_per_hour, 0.0), reserve, defer), clock


def reserve(pacer: Pacer) -> Reservation | None:
    return anyio.run(pacer.reserve)


def book(pacer: Pacer, count: int) -> list[tuple[int, float]]:
    slots = [reserve(pacer) for _ in range(count)]
    return [(slot.token, round(slot.delay, 6)) for slot in slots if slot is not None]


def test_one_token_is_spaced_evenly_with_no_burst() -> None:
    pacer, _ = limiter(rate_per_hour=3600)  # one a second
    assert book(pacer, 4) == [(0, 0.0), (0, 1.0), (0, 2.0), (0, 3.0)]


def test_the_default_headroom_paces_one_percent_under_the_limit() -> None:
    assert interval_for(18_000) == pytest.approx(3600 / (18_000 * 0.99))
    assert HEADROOM == 0.01


def test_time_that_passed_unused_is_not_saved_up_as_a_burst() -> None:
    pacer, clock = limiter()
    book(pacer, 1)
    clock.now += 60  # a minute idle
    assert book(pacer, 3) == [(0, 0.0), (0, 1.0), (0, 2.0)]


def test_tokens_take_turns_and_each_keeps_its_own_pace() -> None:
    pacer, _ = limiter(tokens=3)
    assert book(pacer, 7) == [(0, 0.0), (1, 0.0), (2, 0.0), (0, 1.0), (1, 1.0), (2, 1.0), (0, 2.0)]


def test_unpaced_tokens_still_share_the_load_evenly() -> None:
    pacer, _ = limiter(tokens=3, rate_per_hour=math.inf)
    assert [token for token, _ in book(pacer, 6)] == [0, 1, 2, 0, 1, 2]
    assert {delay for _, delay in book(pacer, 6)} == {0.0}


def test_a_deferred_token_waits_while_the_others_go_on() -> None:
    pacer, _ = limiter(tokens=2)
    book(pacer, 2)
    anyio.run(pacer.defer, 0, 5.0)
    assert book(pacer, 3) == [(1, 1.0), (1, 2.0), (1, 3.0)]
    assert book(pacer, 2) == [(1, 4.0), (0, 5.0)]


def test_slots_booked_before_a_deferral_are_no_longer_good() -> None:
    pacer, _ = limiter()
    early = reserve(pacer)
    assert early is not None
    anyio.run(pacer.defer, 0, 2.0)
    late = reserve(pacer)
    assert late is not None
    assert (pacer.still_good(early), pacer.still_good(late)) == (False, True)


def test_disabled_tokens_are_never_handed_out_and_none_left_means_none() -> None:
    pacer, _ = limiter(tokens=2)
    pacer.disable(0)
    assert [token for token, _ in book(pacer, 3)] == [1, 1, 1]
    assert pacer.alive == 1
    pacer.disable(1)
    assert reserve(pacer) is None
    assert pacer.alive == 0


def test_a_reservation_says_which_token_and_how_long_to_wait() -> None:
    pacer, _ = limiter()
    assert reserve(pacer) == Reservation(token=0, delay=0.0, epoch=0)


def test_two_clients_given_one_local_limiter_share_each_tokens_pace() -> None:
    clock = Clock()
    shared = LocalRateLimiter(3600, clock=clock)
    first = [shared.reserve(["a"], 1.0).delay for _ in range(2)]
    second = [shared.reserve(["a", "b"], 1.0) for _ in range(3)]
    assert (first, second) == ([0.0, 1.0], [Slot(1, 0.0), Slot(1, 1.0), Slot(0, 2.0)])


def test_the_limiter_key_is_a_digest_of_enterprise_and_token_never_the_token() -> None:
    key = limiter_key("E1", "abc:secret-token")
    assert "secret" not in key
    assert len(key) == 32
    assert key == limiter_key("E1", "abc:secret-token")
    assert key not in (limiter_key("E2", "abc:secret-token"), limiter_key("E1", "abc:other"))


@pytest.mark.parametrize("rate", [0, -1.0, True, "18000", math.nan])
def test_a_local_limiter_refuses_a_rate_that_is_not_positive(rate: object) -> None:
    with pytest.raises(ValidationError, match="rate_per_hour must be > 0"):
        LocalRateLimiter(rate)  # type: ignore[arg-type]


def test_a_pacer_needs_a_token() -> None:
    with pytest.raises(ValueError, match="at least one token"):
        limiter(tokens=0)
