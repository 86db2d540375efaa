"""Benchmarks: each prints a ratio measured in paired rounds of one run.

    python bench/run.py            every benchmark
    python bench/run.py overhead   one of: overhead, import

These machines are noisy, so nothing here is a pass/fail test: each benchmark alternates
the two contenders round by round (so drift hits both alike) and reports the ratio of the
medians next to its target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ENTERPRISE_ID = "bench"
METADATA = {"id": ENTERPRISE_ID, "name": "Bench Co", "integrations": ["WHATSAPP"], "creationTimeStamp": 1}


@contextmanager
def loopback_server() -> Iterator[str]:
    """A tiny keep-alive HTTP server in its own process, answering every GET with METADATA."""
    process = subprocess.Popen(
        [sys.executable, str(HERE / "_echo_server.py"), json.dumps(METADATA)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def paired(
    first: Callable[[], None], second: Callable[[], None], *, rounds: int, per_round: int
) -> tuple[float, float]:
    """Median seconds per operation of ``first`` and ``second``, alternating each round."""
    a, b = [], []
    for index in range(rounds):
        order = [(first, a), (second, b)] if index % 2 == 0 else [(second, b), (first, a)]
        for operation, samples in order:
            started = time.perf_counter()
            for _ in range(per_round):
                operation()
            samples.append((time.perf_counter() - started) / per_round)
    return statistics.median(a), statistics.median(b)


def report(name: str, ratio: float, target: str, detail: str) -> None:
    print(f"{name:<28} {ratio:6.3f}x   target {target:<8} {detail}")


def bench_overhead() -> None:
    from telecrm import Telecrm

    with loopback_server() as url:
        raw = httpx.Client()
        headers = {"Authorization": "Bearer bench-token", "Accept": "application/json"}
        metadata_url = f"{url}/enterprise/{ENTERPRISE_ID}/metadata"
        client = Telecrm(
            enterprise_id=ENTERPRISE_ID, token="bench-token", base_url=url, http_client=httpx.Client()
        )

        def raw_call() -> None:
            response = raw.get(metadata_url, headers=headers)
            response.raise_for_status()
            response.json()

        def sdk_call() -> None:
            client.workspace.metadata()

        for _ in range(200):  # warm both pools and the lazy imports
            raw_call()
            sdk_call()
        sdk, plain = paired(sdk_call, raw_call, rounds=30, per_round=100)
        report(
            "per-call overhead",
            sdk / plain,
            "<= 1.05",
            f"telecrm {sdk * 1e6:.0f} us/call, raw httpx {plain * 1e6:.0f} us/call "
            f"(+{(sdk - plain) * 1e6:.1f} us)",
        )


_IMPORT_PROBE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


# Installed packages have their bytecode cached; with PYTHONDONTWRITEBYTECODE (set on some
# machines) every fresh interpreter would compile from source and time that instead.
_IMPORT_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _import_seconds(module: str) -> float:
    output = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        env=_IMPORT_ENV,
    ).stdout
    return float(output)


def bench_import() -> None:
    for module in ("telecrm", "httpx"):  # write the bytecode caches once
        _import_seconds(module)
    telecrm, plain = [], []
    for index in range(20):
        pair = [("telecrm", telecrm), ("httpx", plain)]
        for module, samples in pair if index % 2 == 0 else reversed(pair):
            samples.append(_import_seconds(module))
    ratio = statistics.median(telecrm) / statistics.median(plain)
    report(
        "import telecrm / httpx",
        ratio,
        "<= 1.35",
        f"telecrm {statistics.median(telecrm) * 1e3:.1f} ms, httpx {statistics.median(plain) * 1e3:.1f} ms",
    )


BENCHMARKS: dict[str, Callable[[], None]] = {
    "overhead": bench_overhead,
    "import": bench_import,
    "ingest": lambda: __import__("ingest").run(),  # bench/ingest.py: rate hold, bulk throughput
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of: {', '.join(BENCHMARKS)}")
    names = parser.parse_args().names or list(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    for name in names:
        BENCHMARKS[name]()


if __name__ == "__main__":
    main()
