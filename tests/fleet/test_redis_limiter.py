"""RedisRateLimiter against a real redis-server: the GCRA kept in Redis, shared by every limiter on it.

Two limiters on one Redis stand for two processes. Delays are computed by Redis from its own clock, which
moves on between two calls (by microseconds, more on a loaded machine): they are asserted to the second, on
intervals of seconds.
"""

from __future__ import annotations

import logging
import math
import sys
import time
from pathlib import Path

import pytest
import redis
from fleet_support import RedisServer, free_port

from telecrm import (
    AsyncTelecrm,
    IngestStoppedError,
    LocalRateLimiter,
    RateLimiter,
    RateLimiterUnavailableError,
    RedisRateLimiter,
    Telecrm,
    ValidationError,
)
from telecrm._limiter import interval_for, limiter_key
from telecrm.testing import FakeTelecrm

KEY = "telecrm:{ingest}:"


def settings(fake: FakeTelecrm) -> dict[str, str]:
    return {
        "enterprise_id": fake.enterprise_id,
        "token": fake.sync_token,
        "ingest_token": fake.async_token,
        "base_url": fake.base_url,
        "ingest_base_url": fake.ingest_base_url,
    }


def delays(limiter: RateLimiter, keys: list[str], interval: float, count: int) -> list[tuple[int, int]]:
    slots = [limiter.reserve(keys, interval) for _ in range(count)]
    return [(slot.token, round(slot.delay)) for slot in slots]


def test_one_token_is_spaced_evenly_across_two_processes(redis_server: RedisServer) -> None:
    first, second = RedisRateLimiter(redis_server.url), RedisRateLimiter(redis_server.url)
    booked = [first.reserve(["a"], 10.0), second.reserve(["a"], 10.0), first.reserve(["a"], 10.0)]
    assert [(slot.token, round(slot.delay)) for slot in booked] == [(0, 0), (0, 10), (0, 20)]


def test_each_send_takes_the_token_whose_slot_comes_first_across_the_fleet(redis_server: RedisServer) -> None:
    single, bulk = RedisRateLimiter(redis_server.url), RedisRateLimiter(redis_server.url)
    assert delays(single, ["a"], 10.0, 2) == [(0, 0), (0, 10)]  # token a is booked 20 s ahead
    assert delays(bulk, ["a", "b"], 10.0, 3) == [(1, 0), (1, 10), (0, 20)]


def test_a_deferral_holds_a_token_back_for_the_whole_fleet(redis_server: RedisServer) -> None:
    first, second = RedisRateLimiter(redis_server.url), RedisRateLimiter(redis_server.url)
    first.defer("a", 30.0)
    assert delays(second, ["a"], 1.0, 1) == [(0, 30)]
    assert delays(second, ["a", "b"], 1.0, 1) == [(1, 0)]


def test_a_key_expires_a_second_after_its_next_slot(redis_server: RedisServer) -> None:
    limiter = RedisRateLimiter(redis_server.url)
    store = redis.Redis.from_url(redis_server.url)
    started = time.monotonic()
    limiter.reserve(["a"], 0.001)
    limiter.reserve(["b"], 5.0)
    ttls = [store.pttl(f"{KEY}a"), store.pttl(f"{KEY}b")]
    waited = (time.monotonic() - started) * 1000  # what has run down of each TTL since it was set, at most
    assert 1001 - waited - 1 <= ttls[0] <= 1001  # the slot's 1 ms, plus 1 s
    assert 6000 - waited - 1 <= ttls[1] <= 6000  # the slot's 5 s, plus 1 s


@pytest.mark.anyio
async def test_async_and_sync_bookings_share_the_same_slots(redis_server: RedisServer) -> None:
    limiter = RedisRateLimiter(redis_server.url)
    first = await limiter.areserve(["a"], 10.0)
    second = limiter.reserve(["a"], 10.0)
    await limiter.adefer("a", 100.0)
    third = await limiter.areserve(["a"], 10.0)
    assert [round(slot.delay) for slot in (first, second, third)] == [0, 10, 100]


def test_the_store_holds_a_digest_of_token_and_enterprise_never_the_token(
    redis_server: RedisServer, fake: FakeTelecrm
) -> None:
    # One send an hour: the key lives an hour and a second, whatever the machine's load.
    limiter = RedisRateLimiter(redis_server.url, rate_per_hour=1)
    with Telecrm(**settings(fake), rate_limiter=limiter) as client:
        client.ingest.upsert({"phone": "919800000001"})
    store = redis.Redis.from_url(redis_server.url)
    keys = store.keys("*")
    assert keys == [f"{KEY}{limiter_key(fake.enterprise_id, fake.async_token)}".encode()]
    assert fake.async_token.encode() not in keys[0] + (store.get(keys[0]) or b"")


def test_upsert_many_books_under_the_same_digest(redis_server: RedisServer, fake: FakeTelecrm) -> None:
    limiter = RedisRateLimiter(redis_server.url, rate_per_hour=1)
    with Telecrm(**settings(fake), rate_limiter=limiter) as client:
        assert client.ingest.upsert_many([{"phone": "919800000002"}], validate=False).queued == 1
    key = limiter_key(fake.enterprise_id, fake.async_token)
    assert redis.Redis.from_url(redis_server.url).keys("*") == [f"{KEY}{key}".encode()]


def test_single_upserts_of_a_client_with_a_limiter_are_paced_at_its_rate(
    redis_server: RedisServer, fake: FakeTelecrm
) -> None:
    limiter = RedisRateLimiter(redis_server.url, rate_per_hour=360)  # one every 10 s, less the headroom
    with Telecrm(**settings(fake), rate_limiter=limiter) as client:
        client.ingest.upsert({"phone": "919800000001"})
        key = limiter_key(fake.enterprise_id, fake.async_token)
        assert interval_for(360) - 1 < limiter.reserve([key], 0.0).delay <= interval_for(360)


@pytest.mark.anyio
async def test_an_async_client_books_its_single_upserts_with_the_limiter(
    redis_server: RedisServer, fake: FakeTelecrm
) -> None:
    limiter = RedisRateLimiter(redis_server.url, rate_per_hour=360)
    async with AsyncTelecrm(**settings(fake), rate_limiter=limiter) as client:
        await client.ingest.upsert({"phone": "919800000001"})
    key = limiter_key(fake.enterprise_id, fake.async_token)
    assert interval_for(360) - 1 < limiter.reserve([key], 0.0).delay <= interval_for(360)


def test_upsert_many_paces_at_the_limiters_rate_unless_given_its_own(
    redis_server: RedisServer, fake: FakeTelecrm
) -> None:
    limiter = RedisRateLimiter(redis_server.url, rate_per_hour=math.inf)
    with Telecrm(**settings(fake), rate_limiter=limiter) as client:
        report = client.ingest.upsert_many([{"phone": f"91980000{i:04d}"} for i in range(5)], validate=False)
        assert report.queued == 5
        assert client.rate_limiter is limiter
        assert client.with_options(timeout=5).rate_limiter is limiter
    key = limiter_key(fake.enterprise_id, fake.async_token)
    assert limiter.reserve([key], 0.0).delay == 0.0  # unpaced: no slot booked ahead


def test_a_redis_that_never_answers_raises_after_the_deadline_and_nothing_is_sent(
    fake: FakeTelecrm, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{free_port()}/0", deadline=0.3)
    with (
        Telecrm(**settings(fake), rate_limiter=limiter) as client,
        caplog.at_level(logging.WARNING, "telecrm"),
        pytest.raises(RateLimiterUnavailableError, match=r"did not answer within 0.3s .*nothing was sent"),
    ):
        client.ingest.upsert({"phone": "919800000001"})
    assert [r.api for r in fake.state.requests] == []
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == [
        f"the Redis rate limiter at {limiter.where} failed"
    ]


@pytest.mark.anyio
async def test_an_async_send_waits_for_redis_until_the_deadline_too(fake: FakeTelecrm) -> None:
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{free_port()}/0", deadline=0.3)
    async with AsyncTelecrm(**settings(fake), rate_limiter=limiter) as client:
        with pytest.raises(RateLimiterUnavailableError):
            await client.ingest.upsert({"phone": "919800000001"})
    assert fake.state.requests == []


def test_a_bulk_run_whose_redis_is_gone_stops_and_a_resumed_run_sends_every_record(
    fake: FakeTelecrm, tmp_path: Path
) -> None:
    """Nothing is lost: the stopped run's records stay in its journal, and once Redis is back the same run
    resumed queues each of them once."""
    from fleet_support import redis_binary

    binary = redis_binary()
    if binary is None:
        pytest.skip("no redis-server")
    server = RedisServer(binary, free_port())
    records = [{"phone": f"91980000{i:04d}"} for i in range(20)]
    journal = tmp_path / "run.journal"
    limiter = RedisRateLimiter(server.url, deadline=0.3)
    with Telecrm(**settings(fake), rate_limiter=limiter) as client:
        with pytest.raises(
            IngestStoppedError, match="the rate limiter could not book a send slot"
        ) as stopped:
            client.ingest.upsert_many(records, validate=False, journal=journal)
        assert isinstance(stopped.value.__cause__, RateLimiterUnavailableError)
        assert stopped.value.report is not None
        assert stopped.value.report.queued == 0
        server.start()
        try:
            resumed = client.ingest.upsert_many(records, validate=False, journal=journal)
        finally:
            server.stop()
    assert (resumed.queued, resumed.failed) == (20, 0)
    fake.state.wait_idle()
    assert sorted(r.body["fields"]["phone"] for r in fake.state.ingested) == sorted(
        r["phone"] for r in records
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"url": ""}, "url must be a Redis URL"),
        ({"url": 6379}, "url must be a Redis URL"),
        ({"url": "http://localhost"}, "url is not a Redis URL"),
        ({"url": "redis://localhost", "deadline": 0}, "deadline must be a number of seconds > 0"),
        ({"url": "redis://localhost", "deadline": math.inf}, "deadline must be a number of seconds > 0"),
        ({"url": "redis://localhost", "deadline": True}, "deadline must be a number of seconds > 0"),
        ({"url": "redis://localhost", "rate_per_hour": -5}, "rate_per_hour must be > 0"),
    ],
)
def test_a_redis_limiter_refuses_nonsense_settings(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        RedisRateLimiter(**arguments)  # type: ignore[arg-type]


def test_the_password_in_the_url_never_appears_in_what_the_limiter_prints() -> None:
    limiter = RedisRateLimiter("redis://:hunter2@127.0.0.1:1/3")
    assert "hunter2" not in repr(limiter) + limiter.where
    assert limiter.where == "127.0.0.1:1/3"


@pytest.mark.parametrize("limiter", [object(), "redis://localhost", LocalRateLimiter])
def test_a_client_refuses_a_rate_limiter_that_is_not_one(limiter: object) -> None:
    with pytest.raises(ValidationError, match=r"rate_limiter must implement telecrm\.RateLimiter"):
        Telecrm(enterprise_id="E1", rate_limiter=limiter)  # type: ignore[arg-type]


def test_without_redis_py_the_limiter_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # `import redis` raises ImportError
    with pytest.raises(ValidationError, match=r"needs redis-py: pip install 'telecrm\[redis\]'"):
        RedisRateLimiter("redis://localhost")
