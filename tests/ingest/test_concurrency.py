"""How many requests upsert_many keeps in flight when not told: decided from latencies fed in, no clock."""

from __future__ import annotations

import math
from collections.abc import Callable

from telecrm._bulk.concurrency import HOLD_WINDOWS, WINDOW_PER_REQUEST, Concurrency

PACED = 18_000.0  # the Async API's limit: five requests a second per token


class Feed:
    """Answers one after another on a simulated clock, each taking ``latency(limit in force)`` seconds."""

    def __init__(self, concurrency: Concurrency, latency: Callable[[int], float]) -> None:
        self.concurrency = concurrency
        self.latency = latency
        self.now = 0.0

    def answer(self, latency: float | None = None) -> None:
        took = self.latency(self.concurrency.limit) if latency is None else latency
        self.concurrency.observe(self.now, took)
        self.now += took

    def windows(self, count: int) -> list[int]:
        """The limit after each of ``count`` full windows."""
        limits = []
        for _ in range(count):
            for _ in range(WINDOW_PER_REQUEST * self.concurrency.limit):
                self.answer()
            limits.append(self.concurrency.limit)
        return limits


def adaptive(tokens: int = 1, rate_per_hour: float = PACED, ceiling: int = 256) -> Concurrency:
    return Concurrency(None, tokens=tokens, rate_per_hour=rate_per_hour, ceiling=ceiling)


def test_a_given_concurrency_is_kept_whatever_is_observed() -> None:
    given = Concurrency(8, tokens=1, rate_per_hour=PACED)
    assert Feed(given, lambda limit: 5.0).windows(10) == [8] * 10


def test_it_starts_with_one_request_in_flight() -> None:
    assert adaptive().limit == 1


def test_paced_answers_faster_than_the_pace_need_one_request_in_flight() -> None:
    assert Feed(adaptive(), lambda limit: 0.1).windows(20) == [1] * 20


def test_paced_it_grows_to_the_smallest_number_above_rate_times_latency() -> None:
    # 5 a second x 0.3 s = 1.5 in flight: two keep up.
    assert Feed(adaptive(), lambda limit: 0.3).windows(6) == [2, 2, 2, 2, 2, 2]


def test_paced_tokens_sharing_the_load_need_more_in_flight() -> None:
    # 2 tokens x 5 a second x 0.35 s = 3.5 in flight: four keep up.
    assert Feed(adaptive(tokens=2), lambda limit: 0.35).windows(6) == [2, 3, 4, 4, 4, 4]


def test_paced_it_gives_back_requests_once_answers_get_faster() -> None:
    feed = Feed(adaptive(), lambda limit: 0.9)
    assert feed.windows(5)[-1] == 5
    feed.latency = lambda limit: 0.1
    assert feed.windows(1) == [1]


def test_unpaced_it_grows_while_each_request_in_flight_adds_throughput() -> None:
    # Answers take 50 ms however many are in flight: the server and the network have room.
    feed = Feed(adaptive(rate_per_hour=math.inf, ceiling=6), lambda limit: 0.05)
    assert feed.windows(7) == [2, 3, 4, 5, 6, 6, 6]


def test_unpaced_a_request_that_only_queues_is_given_back() -> None:
    # Answers take 1 ms per request in flight: the client's CPU is the bottleneck (loopback).
    feed = Feed(adaptive(rate_per_hour=math.inf), lambda limit: 0.001 * limit)
    assert feed.windows(3) == [2, 1, 1]


def test_after_a_probe_that_did_not_pay_the_next_waits_its_turn() -> None:
    feed = Feed(adaptive(rate_per_hour=math.inf), lambda limit: 0.001 * limit)
    feed.windows(2)  # probed two, went back to one
    assert feed.windows(HOLD_WINDOWS + 1) == [1] * HOLD_WINDOWS + [2]


def fifth_request_gaining(gain: float) -> Callable[[int], float]:
    """Latencies under which four in flight answer 400 a second, five ``gain`` times that, and six no more."""
    return lambda limit: 0.01 if limit < 5 else limit / (400 * gain)


def test_a_probe_must_bring_half_of_what_each_request_in_flight_brings() -> None:
    # From four to five in flight, throughput must rise by 1/8 at least: 12% is not enough, 13% is.
    assert Feed(adaptive(rate_per_hour=math.inf), fifth_request_gaining(1.12)).windows(5) == [2, 3, 4, 5, 4]
    assert Feed(adaptive(rate_per_hour=math.inf), fifth_request_gaining(1.13)).windows(6) == [
        2,
        3,
        4,
        5,
        6,
        5,
    ]


def test_it_never_goes_beyond_its_ceiling() -> None:
    feed = Feed(adaptive(rate_per_hour=math.inf, ceiling=3), lambda limit: 0.05)
    assert feed.windows(6) == [2, 3, 3, 3, 3, 3]


def test_answers_to_requests_started_before_a_change_do_not_count() -> None:
    concurrency = adaptive(rate_per_hour=math.inf)
    feed = Feed(concurrency, lambda limit: 0.05)
    feed.windows(1)  # now two in flight, decided when the last answer came
    feed.now -= 1.0  # answers to requests started before that decision
    for _ in range(WINDOW_PER_REQUEST * 2):
        feed.answer(latency=0.1)
    assert concurrency.limit == 2
    feed.now += 2.0
    assert feed.windows(1) == [3]
