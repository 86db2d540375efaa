"""The client-side pacer: evenly spaced requests per token, tokens sharing the load, pauses on request."""

from __future__ import annotations

import math

import pytest

from telecrm._bulk.ratelimit import RateLimiter, Reservation


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limiter(tokens: int = 1, rate_per_hour: float = 3600, headroom: float = 0.0) -> tuple[RateLimiter, Clock]:
    clock = Clock()
    return RateLimiter(tokens, rate_per_hour, headroom=headroom, clock=clock), clock


def book(pacer: RateLimiter, count: int) -> list[tuple[int, float]]:
    slots = [pacer.reserve() for _ in range(count)]
    return [(slot.token, round(slot.delay, 6)) for slot in slots if slot is not None]


def test_one_token_is_spaced_evenly_with_no_burst() -> None:
    pacer, _ = limiter(rate_per_hour=3600)  # one a second
    assert book(pacer, 4) == [(0, 0.0), (0, 1.0), (0, 2.0), (0, 3.0)]


def test_the_default_headroom_paces_one_percent_under_the_limit() -> None:
    pacer = RateLimiter(1, 18_000)
    assert pacer.interval == pytest.approx(3600 / (18_000 * 0.99))


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
    pacer.defer(0, 5.0)
    assert book(pacer, 3) == [(1, 1.0), (1, 2.0), (1, 3.0)]
    assert book(pacer, 2) == [(1, 4.0), (0, 5.0)]


def test_slots_booked_before_a_deferral_are_no_longer_good() -> None:
    pacer, _ = limiter()
    early = pacer.reserve()
    assert early is not None
    pacer.defer(0, 2.0)
    late = pacer.reserve()
    assert late is not None
    assert (pacer.still_good(early), pacer.still_good(late)) == (False, True)


def test_disabled_tokens_are_never_handed_out_and_none_left_means_none() -> None:
    pacer, _ = limiter(tokens=2)
    pacer.disable(0)
    assert [token for token, _ in book(pacer, 3)] == [1, 1, 1]
    assert pacer.alive == 1
    pacer.disable(1)
    assert pacer.reserve() is None
    assert pacer.alive == 0


def test_a_reservation_says_which_token_and_how_long_to_wait() -> None:
    pacer, _ = limiter()
    assert pacer.reserve() == Reservation(token=0, delay=0.0, epoch=0)


@pytest.mark.parametrize(
    ("tokens", "rate", "headroom", "message"),
    [
        (0, 10.0, 0.0, "at least one token"),
        (1, 0.0, 0.0, "rate_per_hour must be > 0"),
        (1, -1.0, 0.0, "rate_per_hour must be > 0"),
        (1, 10.0, 1.0, "headroom must be in"),
    ],
)
def test_nonsense_settings_are_refused(tokens: int, rate: float, headroom: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RateLimiter(tokens, rate, headroom=headroom)
