"""Counters shared by the fuzz tests and the session summary (see ``conftest.py``)."""

from __future__ import annotations

import collections
import os
import threading

import attrs
from hypothesis import HealthCheck, Phase, settings


@attrs.define
class FuzzStats:
    #: Public calls made (constructors, resource methods, ``request``, ``with_options``), one per call.
    calls: int = 0
    #: Of those, how many returned a value / raised ValidationError / raised another TelecrmError.
    outcomes: collections.Counter[str] = attrs.field(factory=collections.Counter)
    #: Raw exceptions (anything not a TelecrmError, or a ValidationError after a request was sent), by bug id;
    #: ``"NEW"`` for one no known bug explains (the test that saw it fails).
    raw: collections.Counter[str] = attrs.field(factory=collections.Counter)
    #: Outcomes per target ("leads.create returned"...), and the commonest refusals, for TELECRM_FUZZ_DEBUG=1.
    by_target: collections.Counter[str] = attrs.field(factory=collections.Counter)
    refusals: collections.Counter[str] = attrs.field(factory=collections.Counter)
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def record(self, outcome: str, bug: str | None = None, target: str = "", detail: str = "") -> None:
        with self.lock:
            self.calls += 1
            self.outcomes[outcome] += 1
            self.by_target[f"{target} {outcome}"] += 1
            if bug is not None:
                self.raw[bug] += 1
            if detail:
                self.refusals[f"{target}: {detail[:70]}"] += 1

    def report_lines(self) -> list[str]:
        total_raw = sum(self.raw.values())
        known = {bug: count for bug, count in self.raw.items() if bug != "NEW"}
        lines = [
            f"fuzz: {self.calls} calls made, {total_raw} raw exceptions seen "
            f"({sum(known.values())} from known bugs, {self.raw.get('NEW', 0)} new)",
            "fuzz outcomes: " + ", ".join(f"{name}={count}" for name, count in sorted(self.outcomes.items())),
        ]
        if os.environ.get("TELECRM_FUZZ_DEBUG") == "1":
            lines += [f"  {count:6d} {key}" for key, count in sorted(self.by_target.items())]
            lines += [f"  {count:6d} {key}" for key, count in self.refusals.most_common(40)]
        if known:
            lines.append(
                "fuzz raw exceptions by known bug: "
                + ", ".join(f"{bug}={count}" for bug, count in sorted(known.items()))
            )
        return lines


STATS = FuzzStats()


#: `make fuzz` (TELECRM_FUZZ=1) runs many random examples per test; `make test` a few derandomized ones.
FUZZ = os.environ.get("TELECRM_FUZZ") == "1"
EXAMPLES = int(os.environ.get("TELECRM_FUZZ_EXAMPLES", "600")) if FUZZ else 25
#: The hypothesis settings of every fuzz test.
PROFILE = settings(
    max_examples=EXAMPLES,
    derandomize=not FUZZ,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=list(HealthCheck),
    print_blob=FUZZ,
)
