"""The fake Telecrm as a server: throughput against a bare Starlette app, memory kept, start-up time.

    .venv/bin/python bench/fake_server.py [--rounds 21] [--requests 1000] [--memory-requests 20000]
                                          [--startup-runs 5] [--only throughput|memory|startup ...]

- throughput: the fake on `GET /lead/{id}`, `POST /lead` (a create) and the Async upsert (`POST
  /enterprise/{id}/autoupdatelead`, processing included), against a trivial Starlette app (one catch-all
  route answering a small JSON body), both served by uvicorn with the fake's settings (h11, lifespan on,
  no access log, no proxy headers) in background threads of this process. The load generator is a
  process of its own (so it shares no GIL with either server; on a machine with two cores or more, pinned
  to a core of its own), sending the same raw pre-built HTTP/1.1 requests to both, one at a time, over one
  keep-alive loopback connection. Rounds are paired and interleaved (fake then bare, bare then fake, ...).
  Reported per scenario, as fake/bare ratios (target >= 0.9) with their median and range over rounds:
  "CPU", the server CPU time per request turned into requests/s one core sustains (the steadier number on
  a shared machine), and "wall", the requests/s the load generator saw.
- memory: Python memory (tracemalloc) and RSS kept per request by a fake that runs on: Async upserts of one
  lead (its data does not grow), the first `--memory-requests` of them, then as many again (steady state,
  once the request log is full). No rate limit, so that none is refused.
- start-up: in fresh interpreters, `import telecrm`, `import telecrm.testing` and entering
  `FakeTelecrm.running()` (what a test session pays once); leaving the block; entering it again in the same
  process.

Nothing here is a pass/fail test: the numbers are printed for a person to read.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

ROHAN = "65a1f0c2e4b0a1b2c3d4e501"  # a seed lead of the default workspace
COUNTER = b"##########"  # replaced by a ten-digit request number, so that creates do not collide
MOBILES = 9_000_000_000
GOAL = 0.9
WARMUP = 100  # requests sent on each connection before the timed ones


# -- the load generator (its own process) ------------------------------------------------------------------


def _request(method: str, path: str, token: str, body: dict[str, Any] | None = None) -> bytes:
    """One raw HTTP/1.1 request, the bytes a plain client would send (JSON body, keep-alive)."""
    head = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "User-Agent: bench",
        "Accept: */*",
        "Accept-Encoding: identity",
        "Connection: keep-alive",
        f"Authorization: Bearer {token}",
    ]
    payload = b""
    if body is not None:
        payload = json.dumps(body, separators=(",", ":")).encode()
        head += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + payload


def _read_response(sock: socket.socket, buffer: bytearray) -> int:
    """Read one response (Content-Length framed) from `sock`; returns its status."""
    while (end := buffer.find(b"\r\n\r\n")) < 0:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        buffer += chunk
    head = bytes(buffer[:end]).lower()
    start = head.index(b"content-length:") + 15
    stop = head.find(b"\r\n", start)
    length = int(head[start : stop if stop >= 0 else None])
    total = end + 4 + length
    while len(buffer) < total:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        buffer += chunk
    status = int(buffer[9:12])
    del buffer[:total]
    return status


def _drive(port: int, template: bytes, first: int, count: int, warmup: int) -> tuple[float, dict[int, int]]:
    """Send `warmup` then `count` requests made from `template`, one at a time; time the `count`."""
    # Ten digits from 9000000000: with the 91 before them, a mobile number the fake accepts.
    requests = [template.replace(COUNTER, b"%010d" % (MOBILES + first + i)) for i in range(warmup + count)]
    statuses: Counter[int] = Counter()
    buffer = bytearray()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for request in requests[:warmup]:
            sock.sendall(request)
            _read_response(sock, buffer)
        started = time.perf_counter()
        for request in requests[warmup:]:
            sock.sendall(request)
            statuses[_read_response(sock, buffer)] += 1
        elapsed = time.perf_counter() - started
    return elapsed, dict(statuses)


def _load_worker(jobs: Connection, cpu: int | None) -> None:
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    while (job := jobs.recv()) is not None:
        jobs.send(_drive(*job))


class LoadGenerator:
    """A process that sends requests when asked; `run()` returns (seconds, {status: count})."""

    def __init__(self) -> None:
        # Where the machine allows, the servers (this process) and the load each get a core of their own.
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        self._cpus = cpus
        load_cpu = None
        if len(cpus) >= 2:
            os.sched_setaffinity(0, set(cpus[:-1]))
            load_cpu = cpus[-1]
        context = multiprocessing.get_context("spawn")
        self._jobs, theirs = context.Pipe()
        self._process = context.Process(target=_load_worker, args=(theirs, load_cpu), daemon=True)
        self._process.start()
        self.pinned = load_cpu is not None

    def run(self, port: int, template: bytes, first: int, count: int, warmup: int = WARMUP) -> float:
        """Requests per second; raises unless every timed request was answered 2xx."""
        self._jobs.send((port, template, first, count, warmup))
        elapsed, statuses = self._jobs.recv()
        if any(not 200 <= status < 300 for status in statuses):
            raise RuntimeError(f"unexpected statuses {statuses}")
        return float(count / elapsed)

    def close(self) -> None:
        self._jobs.send(None)
        self._process.join(10)
        if self.pinned:  # give this process its cores back (bench/run.py may run more benchmarks)
            os.sched_setaffinity(0, set(self._cpus))


# -- the servers ---------------------------------------------------------------------------------------------


@contextmanager
def bare_starlette() -> Iterator[int]:
    """A trivial Starlette app on uvicorn in a background thread, as `FakeTelecrm` serves; yields its port."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def answer(request: Request) -> JSONResponse:
        if request.method == "POST":
            await request.body()
        return JSONResponse({"ok": True})

    app = Starlette(routes=[Route("/{path:path}", answer, methods=["GET", "POST"])])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        app,
        http="h11",
        lifespan="on",
        loop="asyncio",
        ws="none",
        log_config=None,
        log_level=None,
        access_log=False,
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.005)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def _httptools_installed() -> bool:
    """Whether uvicorn would pick httptools by default here (the fake always serves with h11)."""
    return importlib.util.find_spec("httptools") is not None


# -- throughput ----------------------------------------------------------------------------------------------


def bench_throughput(load: LoadGenerator, rounds: int, requests: int) -> None:
    from telecrm.testing import FakeTelecrm

    # A limit no run reaches: the limiter's bookkeeping is paid, and no answer is a 429.
    with FakeTelecrm.running(async_rate_limit=10**9) as fake, bare_starlette() as bare_port:
        enterprise = f"/enterprise/{fake.enterprise_id}"
        sync_path = f"/autoupdate/v2{enterprise}"
        scenarios: list[tuple[str, bytes]] = [
            ("GET /lead/{id}", _request("GET", f"{sync_path}/lead/{ROHAN}", fake.sync_token)),
            (
                "POST /lead (create)",
                _request(
                    "POST",
                    f"{sync_path}/lead",
                    fake.sync_token,
                    {"fields": {"phone": f"91{COUNTER.decode()}", "name": "Bench Lead", "rating": 3}},
                ),
            ),
            (
                "POST /autoupdatelead",
                _request(
                    "POST",
                    f"{enterprise}/autoupdatelead",
                    fake.async_token,
                    {"fields": {"phone": f"91{COUNTER.decode()}", "name": "Bench Lead", "city": "Pune"}},
                ),
            ),
        ]
        print(
            f"throughput: {rounds} paired rounds of {requests} requests per side over one keep-alive "
            f"connection; uvicorn h11 both sides (httptools installed: {_httptools_installed()}); "
            f"servers and load on separate cores: {load.pinned}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        first = 1_000_000
        for name, template in scenarios:
            samples: dict[str, list[tuple[float, float]]] = {"fake": [], "bare": []}
            for index in range(rounds):
                fake.reset()
                sides = [("fake", fake.port), ("bare", bare_port)]
                for side, port in sides if index % 2 == 0 else reversed(sides):
                    cpu = time.process_time()
                    wall = load.run(port, template, first, requests)
                    if side == "fake":
                        fake.state.wait_idle(60)  # queued upserts are processed on the server's CPU too
                    # The server's CPU covers the whole connection, warm-up requests included.
                    samples[side].append(((WARMUP + requests) / (time.process_time() - cpu), wall))
                    first += requests + 1_000
            for column, label in ((0, "CPU "), (1, "wall")):
                fake_rps = [sample[column] for sample in samples["fake"]]
                bare_rps = [sample[column] for sample in samples["bare"]]
                ratios = [f / b for f, b in zip(fake_rps, bare_rps, strict=True)]
                print(
                    f"  {name if column == 0 else '':<22} {label} fake/bare {statistics.median(ratios):.3f}x "
                    f"(range {min(ratios):.3f}-{max(ratios):.3f}, target >= {GOAL})   "
                    f"fake {statistics.median(fake_rps):,.0f} req/s, "
                    f"bare {statistics.median(bare_rps):,.0f} req/s"
                )


# -- memory --------------------------------------------------------------------------------------------------


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def bench_memory(load: LoadGenerator, count: int) -> None:
    from telecrm.testing import FakeTelecrm

    # One lead upserted over and over: its data does not grow, so whatever grows is what the fake keeps.
    with FakeTelecrm.running(async_rate_limit=None) as fake:
        template = _request(
            "POST",
            f"/enterprise/{fake.enterprise_id}/autoupdatelead",
            fake.async_token,
            {"fields": {"phone": "919000000001", "name": "Bench Lead", "city": "Pune"}},
        )

        def measure() -> tuple[int, int]:
            fake.state.wait_idle(120)
            gc.collect()
            return tracemalloc.get_traced_memory()[0], _rss()

        tracemalloc.start()
        try:
            load.run(fake.port, template, 0, 10, warmup=0)
            traced0, rss0 = measure()
            load.run(fake.port, template, 0, count, warmup=0)
            traced1, rss1 = measure()
            load.run(fake.port, template, 0, count, warmup=0)
            traced2, rss2 = measure()
        finally:
            tracemalloc.stop()
        kept = len(fake.state.requests)
    print(
        f"memory: Async upserts of one lead, {count:,} then {count:,} more (tracemalloc on, so RSS is high)"
    )
    print(
        f"  first {count:,}: {round((traced1 - traced0) / count):,} B/request kept (Python), "
        f"RSS +{(rss1 - rss0) / 2**20:.1f} MiB"
    )
    print(
        f"  next {count:,}:  {round((traced2 - traced1) / count):,} B/request kept (Python), "
        f"RSS +{(rss2 - rss1) / 2**20:.1f} MiB; request log holds {kept:,} entries"
    )


# -- start-up ------------------------------------------------------------------------------------------------

_STARTUP_PROBE = """
import time
t0 = time.perf_counter()
import telecrm
t1 = time.perf_counter()
from telecrm.testing import FakeTelecrm
t2 = time.perf_counter()
running = FakeTelecrm.running()
running.__enter__()
t3 = time.perf_counter()
running.__exit__(None, None, None)
t4 = time.perf_counter()
again = FakeTelecrm.running()
again.__enter__()
t5 = time.perf_counter()
again.__exit__(None, None, None)
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
"""

# Installed packages have their bytecode cached; time that, not compiling from source.
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def bench_startup(runs: int) -> None:
    samples: list[list[float]] = []
    for index in range(runs + 1):
        output = subprocess.run(
            [sys.executable, "-c", _STARTUP_PROBE], capture_output=True, text=True, check=True, env=_ENV
        ).stdout
        if index:  # the first run writes the bytecode caches
            samples.append([float(value) for value in output.split()])
    client, fake, first, stop, again = (
        statistics.median(column) * 1e3 for column in zip(*samples, strict=True)
    )
    print(f"start-up: median of {runs} fresh interpreters")
    print(
        f"  import telecrm {client:.0f} ms + import telecrm.testing {fake:.0f} ms + first running() "
        f"{first:.0f} ms = {client + fake + first:.0f} ms to a serving fake"
    )
    print(f"  leaving the block {stop:.0f} ms; another running() in the same process {again:.0f} ms")


# -- main ----------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmarks `argv` asks for (default: the command line); bench/run.py can call `main([])`."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=21, help="paired throughput rounds (default 21)")
    parser.add_argument("--requests", type=int, default=1_000, help="requests per side per round")
    parser.add_argument("--memory-requests", type=int, default=20_000, help="upserts per memory phase")
    parser.add_argument("--startup-runs", type=int, default=5, help="fresh interpreters to time")
    parser.add_argument(
        "--only", choices=("throughput", "memory", "startup"), action="append", help="run only these"
    )
    args = parser.parse_args(argv)
    only = set(args.only or ("throughput", "memory", "startup"))
    load = LoadGenerator()
    try:
        steps: list[tuple[str, Callable[[], None]]] = [
            ("throughput", lambda: bench_throughput(load, args.rounds, args.requests)),
            ("memory", lambda: bench_memory(load, args.memory_requests)),
            ("startup", lambda: bench_startup(args.startup_runs)),
        ]
        for name, step in steps:
            if name in only:
                step()
    finally:
        load.close()


if __name__ == "__main__":
    main()
