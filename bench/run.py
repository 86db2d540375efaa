"""Benchmarks of issue 13: every figure next to its goal, measured fairly, in one run (``make bench``).

    python bench/run.py                   every benchmark
    python bench/run.py per-call decode   some of them (names below)
    BENCH_ROUNDS=3 make bench             fewer paired rounds everywhere (a quick look; default 3-21)
    BENCH_INGEST_RECORDS=10000 make bench records per bulk-ingestion round (default 1,000)
    BENCH_EXPORT_LEADS=50000 make bench   leads of the larger export (default 40,000; the smaller: 5,000)

import       ``import telecrm`` / ``import httpx``, fresh interpreters of the clean runtime venv (startup.py)
cold-start   import + client + first call vs raw httpx doing the same call, same venv (startup.py)
per-call     CPU per call of every public operation vs a prebuilt request ``send`` + ``json.loads``
             (per_call.py)
decode       decoding a search page of 100 leads vs ``json.loads`` of the same bytes (per_call.py)
ingest       bulk ingestion: CPU per record and records/s, sync and async, at several concurrencies;
             the journal's wall-time cost (ingest.py)
rate-hold    bulk ingestion holds the Async rate limit, one and two tokens, against the fake (ingest.py)
limiter      the Redis rate limiter's CPU and round trips per send, on loopback (limiter.py)
memory       bulk ingestion's peak RSS over BENCH_MEMORY_RECORDS records (default 1,000,000) (memory.py)
normalize    what normalising messy phones, dates and emails costs per bulk record (normalize.py)
xlsx         reading an .xlsx: python-calamine (the reader used) vs openpyxl (normalize.py)
gzip         whether responses come compressed: Accept-Encoding and bytes on the wire (wire.py)
fake         ``bench/fake_server.py``, the fake's own benchmark, when it exists (tooling.py)
generate     ``make generate`` from a clean tree, wall time (tooling.py)
export       ``telecrm export`` into DuckDB against the fake: leads/s; peak memory at two sizes (export.py)
relayout     re-layout of a 5 MB whitespace-collapsed spec against the previous layout, CPU time (tooling.py)

Nothing here is a pass/fail test: these machines are noisy, so each ratio comes from paired rounds in which
the contenders alternate (drift hits both alike), is the ratio of their medians, and is shown with the range
of the per-round ratios. CPU time is used wherever wall time would count the server or the machine's load.
Every benchmark uses the SDK's public API only, so it measures whatever the code is when it runs. Each
module's docstring says what exactly is measured and why it is fair.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from _measure import Figure  # noqa: E402

Benchmark = Callable[[], list[Figure]]


def _lazy(module: str, function: str) -> Benchmark:
    """A benchmark imported only when it runs (``python bench/run.py gzip`` needs none of the others)."""

    def run() -> list[Figure]:
        result: list[Figure] = getattr(__import__(module), function)()
        return result

    return run


BENCHMARKS: dict[str, Benchmark] = {
    "import": _lazy("startup", "bench_import"),
    "cold-start": _lazy("startup", "bench_cold_start"),
    "per-call": _lazy("per_call", "bench_per_call"),
    "decode": _lazy("per_call", "bench_decode"),
    "ingest": _lazy("ingest", "bench_ingest"),
    "rate-hold": _lazy("ingest", "bench_rate_hold"),
    "limiter": _lazy("limiter", "bench_limiter"),
    "memory": _lazy("memory", "bench_memory"),
    "normalize": _lazy("normalize", "bench_normalize"),
    "xlsx": _lazy("normalize", "bench_xlsx"),
    "gzip": _lazy("wire", "bench_gzip"),
    "fake": _lazy("tooling", "bench_fake"),
    "generate": _lazy("tooling", "bench_generate"),
    "export": _lazy("export", "bench_export"),
    "relayout": _lazy("tooling", "bench_relayout"),
}
_NEEDS_RUNTIME = {"import", "cold-start"}


def _build_runtime() -> None:
    """Bring ``.build/runtime`` (the wheel of the current code in a clean venv) up to date, as ``make bench``
    does, so that ``python bench/run.py import`` never measures a stale wheel."""
    completed = subprocess.run(
        ["make", "--no-print-directory", "-s", ".build/runtime/.built"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        print(f"could not build .build/runtime:\n{completed.stdout}{completed.stderr}")


def _load() -> str:
    """The machine's load averages, next to its CPU count: figures from a loaded machine are noisier."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def summary(figures: list[Figure], seconds: float) -> None:
    """Every figure with its goal and verdict, as one table."""
    width = max(len(figure.name) for figure in figures)
    result_width = min(64, max(len(figure.result) for figure in figures))
    goal_width = max(len(figure.goal) for figure in figures)
    rule = "-" * (width + result_width + goal_width + 14)
    print(f"\nSummary ({seconds:.0f} s; at the end, {_load()})\n{rule}")
    print(f"{'figure':<{width}}  {'result':<{result_width}}  {'goal':<{goal_width}}  verdict")
    print(rule)
    for figure in figures:
        name, result, goal = figure.name, figure.result, figure.goal
        print(f"{name:<{width}}  {result:<{result_width}}  {goal:<{goal_width}}  {figure.verdict}")
    print(rule)
    missed = sum(figure.verdict == "MISS" for figure in figures)
    skipped = sum(figure.verdict == "skip" for figure in figures)
    print(f"{len(figures)} figures: {missed} missing their goal, {skipped} skipped")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of: {', '.join(BENCHMARKS)}")
    names = parser.parse_args().names or list(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    print(f"python {sys.version.split()[0]}; at the start, {_load()}")
    if _NEEDS_RUNTIME & set(names):
        _build_runtime()
    figures: list[Figure] = []
    for name in names:
        print(f"\n== {name}", flush=True)
        try:
            measured = BENCHMARKS[name]()
        except Exception as error:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            measured = [Figure(name, f"failed: {type(error).__name__}: {error}"[:120], "-", "FAIL")]
        figures += measured
    summary(figures, time.perf_counter() - started)
    if any(figure.verdict == "FAIL" for figure in figures):
        sys.exit(1)  # a benchmark that could not run is an error; a missed goal is a figure


if __name__ == "__main__":
    main()
