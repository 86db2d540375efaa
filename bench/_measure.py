"""What every benchmark shares: paired interleaved rounds, ratios with their range, the figures' format.

Fairness rules applied everywhere:

- Contenders alternate within each round, and the order rotates from round to round, so that drift on a
  noisy machine (frequency scaling, another process waking up) hits every contender alike.
- A ratio is the ratio of the contenders' medians over the rounds; its range is the lowest and highest of
  the per-round ratios, so a reader sees how much one run can be trusted.
- CPU time, not wall time, wherever the server or the machine's load would otherwise be counted: in-process
  ``time.process_time`` (every thread of this process, nothing of the server's process), or a child
  interpreter's own CPU.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = [
    "Figure",
    "Ratio",
    "cpu_rounds",
    "per_round_count",
    "ratio",
    "rounds",
    "verdict",
]


def rounds(default: int) -> int:
    """Rounds of a paired benchmark: ``default``, or ``BENCH_ROUNDS`` from the environment for all of them
    (e.g. ``BENCH_ROUNDS=3 make bench`` for a quick look, 21 for a careful one)."""
    given = os.environ.get("BENCH_ROUNDS")
    return max(1, int(given)) if given else default


@dataclass(frozen=True)
class Ratio:
    """``first`` over ``second``: the ratio of their medians, and the range of the per-round ratios."""

    first: float
    second: float
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.first / self.second

    def __str__(self) -> str:
        return f"{self.value:.2f}x [{self.low:.2f}-{self.high:.2f}]"


def ratio(first: Sequence[float], second: Sequence[float]) -> Ratio:
    """Paired samples (one of each per round) as a :class:`Ratio`."""
    per_round = [a / b for a, b in zip(first, second, strict=True)]
    return Ratio(statistics.median(first), statistics.median(second), min(per_round), max(per_round))


def cpu_rounds(
    contenders: dict[str, Callable[[], object]], *, rounds: int, per_round: int
) -> dict[str, list[float]]:
    """CPU seconds per call of each contender, one sample per round: each sample times ``per_round`` calls
    with ``time.process_time`` (this process only; a server in another process costs nothing here). The
    order of the contenders rotates from round to round. A collection runs before each sample so that one
    contender does not pay for the garbage of the other; collections during the sample are counted."""
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            call = contenders[name]
            gc.collect()
            started = time.process_time()
            for _ in range(per_round):
                call()
            samples[name].append((time.process_time() - started) / per_round)
    return samples


def per_round_count(call: Callable[[], object], *, target_seconds: float, most: int = 500) -> int:
    """How many calls make one sample of about ``target_seconds`` of CPU (at least 3, at most ``most``)."""
    started = time.process_time()
    for _ in range(3):
        call()
    each = max((time.process_time() - started) / 3, 1e-7)
    return max(3, min(most, round(target_seconds / each)))


def verdict(ok: bool | None) -> str:
    """The verdict column: ``ok``, ``MISS``, or ``info`` when a figure has no pass/fail goal."""
    return "info" if ok is None else ("ok" if ok else "MISS")


@dataclass(frozen=True)
class Figure:
    """One line of the final summary: what was measured, the result, its goal and the verdict."""

    name: str
    result: str
    goal: str
    verdict: str

    @classmethod
    def skipped(cls, name: str, goal: str, why: str) -> Figure:
        return cls(name, f"not measured: {why}", goal, "skip")

    def show(self) -> None:
        """Print the figure as soon as it is measured (the summary repeats it)."""
        print(f"  => {self.name}: {self.result}  (goal {self.goal}: {self.verdict})", flush=True)
