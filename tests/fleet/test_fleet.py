"""Twelve processes, two Async tokens, one limit: the Redis limiter holds it across the fleet, and without it
the fleet is refused.

The fake enforces the limit the way the API states it, per token and across all its clients: at most
`LIMIT` requests in any sliding `WINDOW` seconds, the API's hour scaled down (18,000 an hour, here 50 a
second per token) so that a run lasts seconds. Its `state.admitted(token)` lists exactly when it admitted
each request, on its own clock; every figure asserted is counted from that, never from wall-clock
throughput measured by the test.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fleet_child import fleet_phone
from fleet_support import Child, FakeProcess, RedisServer, admitted_in

WINDOW = 25.0
LIMIT = 1250
RATE_PER_HOUR = LIMIT * 3600 / WINDOW
BULK = 4
SINGLE = 8
STARTUP = 0.5
"""Seconds between telling the children (all ready) when to start and the start."""


@pytest.fixture
def fleet_fake() -> Iterator[FakeProcess]:
    fake = FakeProcess(LIMIT, WINDOW)
    try:
        yield fake
    finally:
        fake.stop()


def start_fleet(
    fake: FakeProcess, redis_url: str | None, deadline: float = 30.0
) -> tuple[list[Child], list[str]]:
    """Start 4 bulk and 8 single-upsert children on the fake's two tokens (ready, not sending yet)."""
    tokens = fake.tokens
    children = []
    for child in range(BULK + SINGLE):
        bulk = child < BULK
        config = {
            "mode": "bulk" if bulk else "single",
            "child": child,
            # Single senders have one token each, half of them on either; bulk runs share both.
            "tokens": tokens if bulk else [tokens[child % 2]],
            "rate_per_hour": RATE_PER_HOUR,
            "redis": redis_url,
            "deadline": deadline,
        }
        children.append(Child(fake, config))
    try:
        for child in children:
            child.ready(timeout=120)
    except BaseException:
        stop_all(children)
        raise
    return children, tokens


def go(children: list[Child], seconds: float) -> tuple[float, float]:
    """Tell every child to send from a moment from now for ``seconds``; return that span (monotonic)."""
    start_at = time.monotonic() + STARTUP
    stop_at = start_at + seconds
    for child in children:
        child.go(start_at, stop_at)
    return start_at, stop_at


def stop_all(children: list[Child]) -> None:
    for child in children:
        child.stop()


def run_fleet(
    fake: FakeProcess, redis_url: str, seconds: float
) -> tuple[list[dict[str, Any]], list[str], float]:
    """Run the fleet for ``seconds``; return the children's reports, the two tokens, and when they were to
    stop beginning records (monotonic)."""
    children, tokens = start_fleet(fake, redis_url)
    try:
        _, stop_at = go(children, seconds)
        reports = [child.finish(timeout=seconds + STARTUP + 90) for child in children]
    finally:
        stop_all(children)
    return reports, tokens, stop_at


def test_a_fleet_sharing_a_redis_limiter_holds_the_limit_of_both_tokens_with_no_429(
    fleet_fake: FakeProcess, redis_server: RedisServer
) -> None:
    """4 processes in `upsert_many` and 8 sending single `ingest.upsert` calls, on the same 2 tokens, each
    process with a `RedisRateLimiter` on one Redis: no request is refused, every record is queued and
    reaches the fake, and while every process had records to send the fake admitted 0.97-1.00 of 2 x the
    limit in every window.

    Why these bounds cannot be broken by a loaded machine:

    - *At most the limit (0 x 429).* Redis hands out each token's slots 1/(0.99 x rate) apart on its own
      clock. A request reaches the fake some time after its slot (waking up, building and sending it, the
      fake reading it); the requests a window of `WINDOW` s admits were booked within `WINDOW` plus the
      spread of those delays, so the limit holds while that spread stays under 1% of the window less two
      slots: 210 ms here. What could stretch it is a process kept waiting for a CPU by other work, above
      all the fake, which then stamps the requests queued meanwhile all at once: the fake runs in a process
      of its own (not the test process, whose heap and garbage collections would pause it), the fake, the
      children and Redis run at a higher priority where allowed (`ahead_of_the_machine`), and the fake and
      the children freeze what they allocated while starting, so that garbage collections stay short.
    - *At least 0.97 of the limit.* A limiter can only make sending slower, so the lower bound is measured
      only while senders were saturating the limit: from a second after the last child began sending (its
      first requests also open connections) to the moment they all stopped beginning records (before and
      after, fewer processes compete, through no fault of the limiter). In that span 40 sends are booked
      ahead at any time (4 x 8 in flight in the bulk runs, one per single sender), 0.4 s of slots: a slot
      goes unused only if every process is stalled at once for longer than that. The pacing itself gives
      0.99; the 0.02 left allows half a second of such stalls per window.

    Measured on a 2-core machine at a load average of 11 to 19: 0 x 429, the busiest window of a token
    0.991-0.999 of the limit, the slowest window of the saturated span 0.975-0.989.
    """
    reports, tokens, stop_at = run_fleet(fleet_fake, redis_server.url, seconds=28.0)

    assert fleet_fake.rate_limited() == 0
    assert [report["failed"] for report in reports] == [[]] * (BULK + SINGLE)
    assert [report["queued"] for report in reports] == [report["begun"] for report in reports]
    sent = [fleet_phone(r["child"], index) for r in reports for index in range(r["begun"])]
    assert sorted(fleet_fake.ingested_phones()) == sorted(sent)

    per_token = fleet_fake.admitted()
    admitted = sorted(per_token[tokens[0]] + per_token[tokens[1]])
    # Every child sending, and a second more: the first requests of a process also open its connections.
    saturated_from = max(report["first"] for report in reports) + 1.0
    span = min(WINDOW, stop_at - saturated_from)
    assert span > WINDOW / 2, "the children took too long to start for the run to measure anything"
    lowest = min(
        admitted_in(admitted, start, start + span)
        for start in _steps(saturated_from, stop_at - span, step=0.5)
    )
    allowed = 2 * LIMIT * span / WINDOW
    assert lowest >= 0.97 * allowed, f"{lowest / allowed:.3f} of the limit in the slowest {span:.1f} s window"
    for times in per_token.values():
        assert max(admitted_in(times, at, at + WINDOW) for at in times) <= LIMIT


def test_without_a_shared_limiter_the_same_fleet_is_refused_with_429(fleet_fake: FakeProcess) -> None:
    """The problem exists: each process paces as if alone (bulk runs in process, single upserts not at all),
    so together they offer several times the limit and the fake starts refusing once a window's worth is
    admitted. How soon depends on how fast a loaded machine can send, so the fleet sends until the fake has
    refused something (at most a minute), and is then killed."""
    children, _ = start_fleet(fleet_fake, None)
    try:
        go(children, seconds=60.0)
        deadline = time.monotonic() + 60.0 + STARTUP
        while fleet_fake.rate_limited() == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop_all(children)

    assert fleet_fake.rate_limited() > 0


def _steps(start: float, end: float, step: float) -> Iterator[float]:
    at = start
    while at <= end:
        yield at
        at += step
    yield end


def test_a_fleet_whose_redis_is_killed_and_restarted_mid_run_waits_for_it_and_loses_nothing(
    fleet_fake: FakeProcess, redis_server: RedisServer
) -> None:
    """Redis is killed (SIGKILL: its slots are gone) while the fleet sends, and started again: every send
    waits for it (the documented behaviour, up to `deadline`), each process logs the outage and the
    recovery, and every record begun is queued and reaches the fake."""
    children, _ = start_fleet(fleet_fake, redis_server.url, deadline=60.0)
    try:
        start_at, _ = go(children, seconds=8.0)
        time.sleep(max(0.0, start_at + 3.0 - time.monotonic()))
        redis_server.kill()
        time.sleep(1.5)
        redis_server.start()
        reports = [child.finish(timeout=150) for child in children]
    finally:
        stop_all(children)

    assert [report["failed"] for report in reports] == [[]] * (BULK + SINGLE)
    assert [report["queued"] for report in reports] == [report["begun"] for report in reports]
    sent = [fleet_phone(r["child"], index) for r in reports for index in range(r["begun"])]
    assert sorted(fleet_fake.ingested_phones()) == sorted(sent)
    assert fleet_fake.rate_limited() == 0
    for report in reports:
        assert [line.split(" the Redis rate limiter")[0] for line in report["log"]] == ["WARNING", "INFO"]
