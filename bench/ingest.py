"""Bulk ingestion benchmarks (``python bench/run.py ingest``, or this file directly).

- rate hold: the fake enforces an Async limit per token; ``AsyncTelecrm`` ingests with one token, then two,
  paced to that limit. Reported: the achieved rate over the run as a fraction of the limit (target: within
  2%, i.e. 0.98 to 1.00), the busiest sliding window as the server counted it, and how many requests were
  answered 429 (target: none). Measured from the fake's arrival timestamps.
- throughput: no limit; ``AsyncTelecrm.ingest.upsert_many`` (preflight on, no journal) against a raw
  ``httpx.AsyncClient`` posting the same bodies, at the same concurrency, in alternating rounds. Measured
  against the fake served by a separate process (what the issue asks), and against a minimal echo server
  that costs nothing, so that the client's own overhead shows (the workspace is still read from the fake).
"""

from __future__ import annotations

import asyncio
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from telecrm import AsyncTelecrm
from telecrm.testing import FakeTelecrm

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from run import report  # noqa: E402  (the shared output format)

CONCURRENCY = 16  # upsert_many's default
LIMIT_PER_WINDOW, WINDOW_SECONDS = 500, 5.0  # 100 a second per token: a short run still spans several windows
RATE_RECORDS_PER_TOKEN = 1_000  # about ten seconds
THROUGHPUT_RECORDS, ROUNDS = 1_500, 5


def _fields(index: int) -> dict[str, Any]:
    return {
        "phone": f"9160{index:08d}",
        "name": f"Bench Lead {index}",
        "city": "Pune",
        "rating": 1 + index % 5,
    }


def _client_settings(fake: Any) -> dict[str, Any]:
    return {
        "enterprise_id": fake.enterprise_id,
        "token": fake.sync_token,
        "ingest_token": fake.async_token,
        "base_url": fake.base_url,
        "ingest_base_url": fake.ingest_base_url,
    }


# --- rate hold -------------------------------------------------------------------------------------------


def bench_rate_hold() -> None:
    for tokens in (1, 2):
        _rate_hold(tokens)


def _rate_hold(token_count: int) -> None:
    rate_per_hour = LIMIT_PER_WINDOW * 3600 / WINDOW_SECONDS
    records = RATE_RECORDS_PER_TOKEN * token_count
    with fake_process(LIMIT_PER_WINDOW, WINDOW_SECONDS, token_count) as fake:
        settings = dict(fake.settings)
        tokens = settings.pop("tokens")

        async def ingest() -> Any:
            async with AsyncTelecrm(**settings) as client:
                return await client.ingest.upsert_many(
                    [_fields(i) for i in range(records)], tokens=tokens, rate_per_hour=rate_per_hour
                )

        result = asyncio.run(ingest())
        requests = fake.async_requests()
    if result.queued != records:
        raise RuntimeError(f"only {result.queued} of {records} queued")
    refused = sum(status == 429 for _, status in requests)
    # Server-side: arrival times as the fake counted them. The fake does not record which token a request
    # carried, so with several tokens the whole is measured against the sum of their limits.
    arrivals = sorted(at for at, _ in requests)
    limit = token_count * LIMIT_PER_WINDOW / WINDOW_SECONDS
    hold = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0]) / limit
    busiest = _busiest_window(arrivals, WINDOW_SECONDS) / (token_count * LIMIT_PER_WINDOW)
    report(
        f"ingest rate hold, {token_count} token{'s' if token_count > 1 else ''}",
        hold,
        "0.98-1.00",
        f"{hold * limit:.1f} req/s of {limit:g} allowed; busiest {WINDOW_SECONDS:g} s window "
        f"{busiest:.3f} of the limit; {refused} answered 429 (target 0, client saw {result.rate_limited}); "
        f"{len(requests)} requests in {result.elapsed:.1f} s",
    )


def _busiest_window(arrivals: list[float], window: float) -> int:
    busiest, start = 0, 0
    for end, at in enumerate(arrivals):
        while arrivals[start] <= at - window:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


# --- throughput ------------------------------------------------------------------------------------------


@contextmanager
def fake_process(limit: int | None, window: float = 3600.0, tokens: int = 1) -> Iterator[FakeHandle]:
    """A fake in a process of its own (see :func:`serve_fake`), so that serving costs the client no CPU."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-fake", str(limit or 0), str(window), str(tokens)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield FakeHandle(process, json.loads(process.stdout.readline()))
    finally:
        process.kill()
        process.wait(timeout=10)


class FakeHandle:
    def __init__(self, process: subprocess.Popen[str], settings: dict[str, Any]) -> None:
        self._process = process
        self.settings: dict[str, Any] = settings

    def async_requests(self) -> list[tuple[float, int | None]]:
        """(arrival time, status) of every Async request the fake saw; the fake then stops."""
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.write("requests\n")
        self._process.stdin.flush()
        return [(at, status) for at, status in json.loads(self._process.stdout.readline())]


def serve_fake(limit: int, window: float, tokens: int) -> None:
    """``python bench/ingest.py --serve-fake LIMIT WINDOW TOKENS``: serve a fake (LIMIT 0: no Async limit)
    with TOKENS Async tokens; print its client settings as a JSON line; on a line on stdin, print the Async
    request log as a JSON line and stop. (The fake's own command cannot issue tokens or show its log.)"""
    with FakeTelecrm.running(async_rate_limit=limit or None, rate_window=window) as fake:
        settings = _client_settings(fake)
        settings["tokens"] = [fake.async_token] + [fake.state.issue_token("async") for _ in range(tokens - 1)]
        print(json.dumps(settings), flush=True)
        sys.stdin.readline()
        log = [(r.at, r.status) for r in fake.state.requests if r.route == "POST /autoupdatelead"]
        print(json.dumps(log), flush=True)


@contextmanager
def echo_process() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, str(HERE / "_echo_server.py"), '{"status": "QUEUED"}'],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield f"http://127.0.0.1:{int(process.stdout.readline())}"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _raw_round(client: httpx.AsyncClient, url: str, token: str, offset: int) -> None:
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    bodies = iter([{"fields": _fields(offset + i)} for i in range(THROUGHPUT_RECORDS)])

    async def worker() -> None:
        for body in bodies:
            response = await client.post(url, json=body, headers=headers)
            response.raise_for_status()
            if response.json().get("status") != "QUEUED":
                raise RuntimeError("not queued")

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def _sdk_round(client: AsyncTelecrm, offset: int, journals: Path | None) -> None:
    result = await client.ingest.upsert_many(
        [_fields(offset + i) for i in range(THROUGHPUT_RECORDS)],
        rate_per_hour=math.inf,
        concurrency=CONCURRENCY,
        journal=None if journals is None else journals / f"round-{offset}.db",  # a fresh journal each round
    )
    if result.queued != THROUGHPUT_RECORDS:
        raise RuntimeError(f"only {result.queued} queued")


async def _paired(
    first: Callable[[int], Awaitable[None]], second: Callable[[int], Awaitable[None]]
) -> tuple[float, float]:
    """Median records per second of each contender, alternating which goes first."""
    rates: tuple[list[float], list[float]] = ([], [])
    for index in range(ROUNDS):
        order = [(first, rates[0]), (second, rates[1])]
        for contender, samples in order if index % 2 == 0 else reversed(order):
            started = time.perf_counter()
            await contender(index * 10 * THROUGHPUT_RECORDS + len(samples) * THROUGHPUT_RECORDS)
            samples.append(THROUGHPUT_RECORDS / (time.perf_counter() - started))
    return statistics.median(rates[0]), statistics.median(rates[1])


async def _throughput(
    settings: dict[str, Any], ingest_url: str, journals: Path | None
) -> tuple[float, float]:
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)  # AsyncTelecrm's own pool
    token = settings["ingest_token"]
    async with (
        httpx.AsyncClient(limits=limits) as raw,
        AsyncTelecrm(
            enterprise_id=settings["enterprise_id"],
            token=settings["token"],
            ingest_token=token,
            base_url=settings["base_url"],
            ingest_base_url=ingest_url,
            http_client=httpx.AsyncClient(limits=limits),
        ) as sdk,
    ):
        url = f"{ingest_url}/enterprise/{settings['enterprise_id']}/autoupdatelead"
        await _sdk_round(sdk, 10**7, None)  # warm: connections, lazy imports, the workspace read
        await _raw_round(raw, url, token, 10**7)

        async def with_sdk(offset: int) -> None:
            await _sdk_round(sdk, offset, journals)

        async def with_raw(offset: int) -> None:
            await _raw_round(raw, url, token, offset)

        return await _paired(with_sdk, with_raw)


def bench_throughput() -> None:
    with fake_process(None) as fake:
        settings = fake.settings
        sdk, raw = asyncio.run(_throughput(settings, settings["ingest_base_url"], None))
        report(
            "ingest throughput (fake)",
            sdk / raw,
            ">= 0.8",
            f"telecrm {sdk:,.0f} rec/s, raw httpx {raw:,.0f} rec/s at concurrency {CONCURRENCY}; limit off",
        )
        with echo_process() as echo:
            sdk, raw = asyncio.run(_throughput(settings, echo, None))
            report(
                "ingest throughput (echo)",
                sdk / raw,
                ">= 0.8",
                f"telecrm {sdk:,.0f} rec/s, raw httpx {raw:,.0f} rec/s: client-bound (server costs nothing)",
            )
            with tempfile.TemporaryDirectory() as journals:
                sdk, raw = asyncio.run(_throughput(settings, echo, Path(journals)))
            report(
                "  ... with a journal",
                sdk / raw,
                "(info)",
                f"telecrm {sdk:,.0f} rec/s with a SQLite journal, raw httpx {raw:,.0f} rec/s",
            )


def run() -> None:
    bench_rate_hold()
    bench_throughput()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve-fake"]:
        serve_fake(int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))
    else:
        run()
