"""What a bulk run has settled so far: every outcome (bounded in memory), the counts, the progress and the
report."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from .._results import IngestOutcome, IngestProgress, IngestReport

__all__ = ["KEPT_OUTCOMES", "KEPT_PROBLEMS", "Tally"]

KEPT_OUTCOMES: Final = 100_000
"""Runs of up to this many records report every outcome; larger ones report counts and a sample of problems
(``on_outcome`` sees every outcome whatever the size), so memory stays bounded."""
KEPT_PROBLEMS: Final = 10_000
"""The problems (invalid and failed outcomes) a report of more than ``KEPT_OUTCOMES`` records keeps."""


class Tally:
    """The outcomes of a run of ``total`` records (``None``: unknown), as they are settled, and its
    requests."""

    def __init__(self, total: int | None, *, dry_run: bool) -> None:
        self.total = total
        self.dry_run = dry_run
        #: The outcomes of the first ``KEPT_OUTCOMES`` records, by index (None: not settled yet); past them
        #: only problems are kept, up to ``KEPT_PROBLEMS``: memory stays bounded whatever the run's size.
        self.outcomes: list[IngestOutcome | None] = []
        self.late_problems: list[IngestOutcome] = []
        self.read = 0
        self.started = time.monotonic()
        self.requests = 0
        self.rate_limited = 0
        self.counts = {"queued": 0, "invalid": 0, "failed": 0, "valid": 0, "skipped": 0}
        self.flags = {"possibly_duplicated": 0, "from_journal": 0, "duplicates": 0, "rewritten": 0}

    @property
    def settled(self) -> int:
        """How many records have their outcome."""
        return sum(self.counts.values())

    def read_one(self) -> None:
        """Count a record read from the input (its outcome comes later)."""
        if self.read < KEPT_OUTCOMES:
            self.outcomes.append(None)
        self.read += 1

    def add(self, outcome: IngestOutcome) -> None:
        """Count a record's outcome, keeping it if the report will hold it."""
        if outcome.index < KEPT_OUTCOMES:
            self.outcomes[outcome.index] = outcome
        elif outcome.status in ("invalid", "failed") and len(self.late_problems) < KEPT_PROBLEMS:
            self.late_problems.append(outcome)
        self.counts[outcome.status] += 1
        self.flags["possibly_duplicated"] += outcome.possibly_duplicated
        self.flags["from_journal"] += outcome.from_journal
        self.flags["duplicates"] += outcome.duplicate_of is not None
        self.flags["rewritten"] += len(outcome.rewrites)

    def progress(self) -> IngestProgress:
        """The counts so far, for ``on_progress``."""
        return IngestProgress(
            done=self.settled,
            total=self.total,
            queued=self.counts["queued"],
            invalid=self.counts["invalid"],
            failed=self.counts["failed"],
            requests=self.requests,
            rate_limited=self.rate_limited,
            elapsed=time.monotonic() - self.started,
        )

    def report(self, unsettled: Callable[[int], IngestOutcome], pending: list[int]) -> IngestReport:
        """Every record read so far, each with its outcome (for a run of more than ``KEPT_OUTCOMES`` records:
        counts, and the first ``KEPT_PROBLEMS`` problems). A record without one (only a run that stopped has
        them) gets ``unsettled(index)``; ``pending`` lists those past ``KEPT_OUTCOMES``, in order."""
        outcomes = [unsettled(index) if o is None else o for index, o in enumerate(self.outcomes)]
        records, counts = None, {}
        if self.read > KEPT_OUTCOMES:
            late = [unsettled(index) for index in pending if index >= KEPT_OUTCOMES]
            problems = [o for o in outcomes if o.status in ("invalid", "failed")]
            outcomes = sorted([*problems, *self.late_problems, *late], key=lambda o: o.index)[:KEPT_PROBLEMS]
            records, counts = self.read, {**self.counts, **self.flags}
            counts["failed"] += self.read - self.settled  # records a stop left unsettled
        return IngestReport(
            tuple(outcomes),
            elapsed=time.monotonic() - self.started,
            requests=self.requests,
            rate_limited=self.rate_limited,
            dry_run=self.dry_run,
            records=records,
            counts=counts,
        )
