"""The fake's own benchmark and the generator's wall time (``fake``, ``generate``).

fake
    ``bench/fake_server.py`` (written by the fake's owner) is run as it is, in a process of its own, and its
    output is shown here; it compares the fake's requests per second with a bare Starlette app (goal: at
    least 0.9x). Its CPU ratio per scenario, the memory it keeps per request once its log is full and its
    start-up time are read from that output into the summary.
generate
    ``make generate`` from a clean tree: the spec pipeline (``tools/pipeline.py generate``) run once in a
    scratch copy of its inputs (the vendor spec, the overlays, the generator's configuration and the tools,
    without ``generated/``), so that nothing in this worktree is rewritten. Wall time; goal at most 10 s.
relayout
    ``make update-spec``'s re-layout of a whitespace-collapsed vendor spec grown to 5 MB (today's spec plus
    generated component schemas, as tests/update/vendor_variants.py builds it) against today's layout, the
    case that did not finish in 10 minutes before issue 17. CPU time of one run (it is linear in the size,
    so one run says it); goal at most 30 s. The output must come back exactly, or the figure is a MISS.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import Figure, verdict
from _scenario import ROOT

FAKE_SCRIPT = ROOT / "bench" / "fake_server.py"
FAKE_TIMEOUT = 240
GENERATE_GOAL = 10.0
_PIPELINE_INPUTS = ("tools", "openapi", "overlays", "generator-config.yml", "pyproject.toml")


def bench_fake() -> list[Figure]:
    name, goal = "fake requests/s vs bare Starlette", ">= 0.9x"
    print(f"fake: python bench/fake_server.py (its own output follows), at most {FAKE_TIMEOUT} s", flush=True)
    try:
        completed = subprocess.run(
            [sys.executable, str(FAKE_SCRIPT)], capture_output=True, text=True, timeout=FAKE_TIMEOUT, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return [Figure(name, f"timed out after {FAKE_TIMEOUT} s", goal, "MISS")]
    output = (completed.stdout + completed.stderr).strip().splitlines()
    for line in output:
        print(f"  | {line}")
    if completed.returncode != 0:
        return [Figure(name, f"bench/fake_server.py exited {completed.returncode}", goal, "MISS")]
    figures = [
        Figure(
            f"fake vs bare Starlette, CPU: {found['scenario']}",
            f"{float(found['ratio']):.2f}x [{found['range']}]",
            goal,
            verdict(float(found["ratio"]) >= FAKE_GOAL),
        )
        for found in (_FAKE_RATIO.match(line) for line in output)
        if found is not None
    ]
    steady = next((found for found in map(_FAKE_STEADY.match, output) if found is not None), None)
    if steady is not None:
        kept = int(steady["bytes"].replace(",", ""))
        # tracemalloc's total moves by a few bytes either way as a long run settles
        bounded = abs(kept) <= STEADY_NOISE_BYTES
        figures.append(
            Figure(
                "fake memory kept per request, steady",
                f"{kept:,} B",
                f"bounded (|x| <= {STEADY_NOISE_BYTES} B)",
                verdict(bounded),
            )
        )
    ready = next((found for found in map(_FAKE_START.search, output) if found is not None), None)
    if ready is not None:
        figures.append(
            Figure("fake start-up, fresh interpreter", f"{ready['ms']} ms", "reported", verdict(None))
        )
    return figures or [Figure(name, "no ratio in bench/fake_server.py's output", goal, "FAIL")]


FAKE_GOAL = 0.9
_FAKE_RATIO = re.compile(
    r"^\s*(?P<scenario>\S.*?)\s+CPU\s+fake/bare (?P<ratio>[\d.]+)x \(range (?P<range>[\d.]+-[\d.]+)"
)
_FAKE_STEADY = re.compile(r"^\s*next [\d,]+:\s+(?P<bytes>-?[\d,]+) B/request kept")
STEADY_NOISE_BYTES = 16
_FAKE_START = re.compile(r"= (?P<ms>\d+) ms to a serving fake")


def bench_generate() -> list[Figure]:
    name = "make generate from a clean tree"
    with tempfile.TemporaryDirectory() as scratch:
        for entry in _PIPELINE_INPUTS:
            source = ROOT / entry
            if source.is_dir():
                shutil.copytree(source, Path(scratch) / entry, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, Path(scratch) / entry)
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "tools/pipeline.py", "generate"], capture_output=True, text=True, cwd=scratch
        )
        seconds = time.perf_counter() - started
    if completed.returncode != 0:
        print(f"generate failed:\n{completed.stdout}{completed.stderr}")
        return [Figure(name, f"failed (exit {completed.returncode})", f"<= {GENERATE_GOAL:g} s", "MISS")]
    print(f"generate: tools/pipeline.py generate in a clean scratch tree: {seconds:.1f} s wall", flush=True)
    return [
        Figure(name, f"{seconds:.1f} s wall", f"<= {GENERATE_GOAL:g} s", verdict(seconds <= GENERATE_GOAL))
    ]


RELAYOUT_GOAL = 30.0
RELAYOUT_SIZE = 5_000_000


def bench_relayout() -> list[Figure]:
    for helpers in (ROOT / "tools", ROOT / "tests" / "update"):
        if str(helpers) not in sys.path:
            sys.path.insert(0, str(helpers))
    import vendor_variants
    from relayout import collapse, relayout

    vendor = (ROOT / "openapi" / "telecrm.yaml").read_text(encoding="utf-8")
    large = vendor_variants.with_large_schemas(vendor, RELAYOUT_SIZE)
    published = collapse(large)
    started = time.process_time()
    laid_out = relayout(published, vendor)
    seconds = time.process_time() - started
    exact = laid_out == large
    return [
        Figure(
            f"re-layout of a {len(large) / 1e6:.1f} MB spec against the previous layout, CPU",
            f"{seconds:.1f} s" + ("" if exact else " (output differs from the layout)"),
            f"<= {RELAYOUT_GOAL:.0f} s",
            verdict(exact and seconds <= RELAYOUT_GOAL),
        )
    ]
