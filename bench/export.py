"""``telecrm export`` into DuckDB against the fake: leads exported per second, and the export's peak memory
for two workspace sizes (its goal: bounded, the same whatever the number of leads).

The fake runs as its own process (``telecrm-fake --seed-leads N``), so neither its CPU nor its memory is
counted; each export runs as a child process into a new DuckDB file and dlt working folder, and its own peak
resident memory and CPU time come from ``wait4``. Leads per second is wall time (the export waits on the fake
as it would on Telecrm); CPU per lead is the exporter's alone.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _measure import Figure, verdict

_SIZES = (
    int(os.environ.get("BENCH_EXPORT_SMALL", "5000")),
    int(os.environ.get("BENCH_EXPORT_LEADS", "40000")),
)
_MEMORY_GOAL = 1.3
"""Peak memory of the large export over the small one's: bounded means about the same."""


def _serve(leads: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    fake = subprocess.Popen(
        [sys.executable, "-m", "telecrm.testing._cli", "--seed-leads", str(leads), "--log-limit", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert fake.stdout is not None
    stdout = fake.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    settings: dict[str, str] = {}
    while (line := lines.get(timeout=300).strip()) != "READY":
        name, _, value = line.partition("=")
        settings[name] = value
    return fake, settings


def _export(settings: dict[str, str], folder: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak resident KiB of one export."""
    env = {
        **os.environ,
        **settings,
        "DLT_DATA_DIR": str(folder / "dlt"),
        "RUNTIME__DLTHUB_TELEMETRY": "false",
    }
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "telecrm._cli", "export", "--to", f"duckdb:{folder / 'out.duckdb'}", "--json"],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"telecrm export exited with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def bench_export() -> list[Figure]:
    measured: dict[int, tuple[float, float, int]] = {}
    for leads in _SIZES:
        fake, settings = _serve(leads)
        try:
            with tempfile.TemporaryDirectory() as folder:
                measured[leads] = _export(settings, Path(folder))
        finally:
            fake.send_signal(signal.SIGTERM)
            fake.wait(timeout=30)
        wall, cpu, peak = measured[leads]
        print(
            f"  {leads:>7,} leads: {wall:6.1f} s wall, {cpu:6.1f} s CPU, peak {peak / 1024:,.0f} MiB",
            flush=True,
        )
    small, large = _SIZES
    wall, cpu, peak = measured[large]
    growth = peak / measured[small][2]
    return [
        Figure(
            f"export to DuckDB, leads/s ({large:,} leads, fake)",
            f"{large / wall:,.0f} leads/s wall; {cpu / large * 1e6:,.0f} us CPU per lead",
            "info",
            verdict(None),
        ),
        Figure(
            "export peak memory",
            f"{peak / 1024:,.0f} MiB for {large:,} leads, "
            f"{measured[small][2] / 1024:,.0f} MiB for {small:,}: {growth:.2f}x",
            f"<= {_MEMORY_GOAL}x (bounded)",
            verdict(growth <= _MEMORY_GOAL),
        ),
    ]
