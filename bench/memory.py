"""Bulk ingestion's memory whatever the run's size (issue 18): peak RSS of a fresh interpreter running
``upsert_many`` over a generator of ``BENCH_MEMORY_RECORDS`` records (default 1,000,000; the goal is stated
for 10,000,000).

A dry run without preflight (``dry_run=True, validate=False``): every record goes through admission, its
checks, its outcome and the report, as in a real run, with no server to measure alongside; requests in
flight are bounded by the concurrency in a real run, so they add a constant, not a per-record cost. The
child reports its peak resident set size (``ru_maxrss``) before the run (after ``import telecrm`` and a
warm-up of 1,000 records) and after it: the difference is what the run's size costs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from _measure import Figure, verdict

GOAL_MB = 150


def _records() -> int:
    return int(os.environ.get("BENCH_MEMORY_RECORDS", "1000000"))


def bench_memory() -> list[Figure]:
    count = _records()
    print(
        f"bulk ingestion memory: a dry run of {count:,} generated records in a fresh interpreter", flush=True
    )
    completed = subprocess.run(
        [sys.executable, __file__, str(count)], capture_output=True, text=True, check=True
    )
    found = json.loads(completed.stdout.strip().splitlines()[-1])
    result = (
        f"peak RSS {found['peak_mb']:.0f} MB ({found['peak_mb'] - found['start_mb']:+.0f} MB over "
        f"{found['start_mb']:.0f} MB at start), report holds {found['kept']:,} outcomes, "
        f"{found['seconds']:.0f} s"
    )
    print(f"  {result}", flush=True)
    return [
        Figure(
            f"bulk memory, {count:,} records",
            result,
            f"<= {GOAL_MB} MB peak",
            verdict(found["peak_mb"] <= GOAL_MB),
        )
    ]


def _child(count: int) -> None:
    import resource
    import time

    from telecrm import Telecrm

    def records(n: int):  # type: ignore[no-untyped-def]
        return ({"phone": f"91{index:010d}", "name": "Lead"} for index in range(n))

    def peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    with Telecrm(enterprise_id="bench", token="sync-" + "x" * 20, ingest_token="async-" + "x" * 20) as client:
        options = {"dry_run": True, "validate": False}
        client.ingest.upsert_many(records(1000), **options)  # type: ignore[arg-type]
        start = peak_mb()
        began = time.monotonic()
        report = client.ingest.upsert_many(records(count), **options)  # type: ignore[arg-type]
        seconds = time.monotonic() - began
        assert len(report) == count, report
    print(
        json.dumps(
            {"start_mb": start, "peak_mb": peak_mb(), "kept": len(report.outcomes), "seconds": seconds}
        )
    )


if __name__ == "__main__":
    _child(int(sys.argv[1]))
