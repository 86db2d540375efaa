"""A few small rounds of ``tools/ingest_adversary.py``: files with every kind of broken record are ingested
with no record lost and no run aborted (the ten-minute run is ``python tools/ingest_adversary.py``)."""

from __future__ import annotations

import pytest
from cli_support import Cli
from ingest_adversary import Totals, run_once


@pytest.mark.parametrize(("fmt", "seed"), [("jsonl", 2), ("csv", 3), ("jsonl", 4), ("csv", 5)])
def test_no_record_of_a_file_of_broken_records_is_lost_and_no_run_aborts(
    cli: Cli, fmt: str, seed: int
) -> None:
    cli.configure()
    totals = Totals()

    run_once(cli.fake, cli.tmp_path, fmt, records=60, seed=seed, totals=totals)

    assert totals.failures == []
    assert (totals.rounds, totals.lost, totals.aborted) == (1, 0, 0)
    assert totals.rows_read == totals.good + totals.invalid_with_reason
