"""A few small rounds of ``tools/ingest_adversary.py``: files with every kind of broken record are ingested
with no record lost and no run aborted (the ten-minute run is ``python tools/ingest_adversary.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ingest_adversary import Totals, run_once

from telecrm.testing import FakeTelecrm


@pytest.mark.parametrize(("fmt", "seed"), [("jsonl", 2), ("csv", 3), ("jsonl", 4), ("csv", 5)])
def test_no_record_of_a_file_of_broken_records_is_lost_and_no_run_aborts(
    fake: FakeTelecrm, env: dict[str, str], tmp_path: Path, monkeypatch: Any, fmt: str, seed: int
) -> None:
    for key, value in env.items():
        if key.startswith("TELECRM_"):
            monkeypatch.setenv(key, value)
    totals = Totals()

    run_once(fake, tmp_path, fmt, records=60, seed=seed, totals=totals)

    assert totals.failures == []
    assert (totals.rounds, totals.lost, totals.aborted) == (1, 0, 0)
    assert totals.rows_read == totals.good + totals.invalid_with_reason
