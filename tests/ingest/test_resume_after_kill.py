"""A real ingesting process, killed with SIGKILL mid-way and started again with the same journal.

The fake runs in the test process; the ingestion runs in a child process (`ingest_child.py`) against the
fake's URL. A quarter of the answers come late (after the fake has processed the request), so that some
records are in flight when the kill lands.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bulk_records import ingest_counts, phone

from telecrm.testing import FakeTelecrm, Fault

HERE = Path(__file__).resolve().parent
RECORDS = 400
RATE_PER_HOUR = 150 * 3600  # 150 a second: the first run takes seconds, long enough to be killed mid-way
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def journal_states(path: Path) -> dict[str, set[int]]:
    """Record indexes by state, read while (or after) another process writes the journal."""
    states: dict[str, set[int]] = {}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            for index, state in db.execute("SELECT idx, state FROM records"):
                states.setdefault(state, set()).add(index)
    except sqlite3.OperationalError:  # not created yet
        pass
    return states


def run_child(journal: Path, environment: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HERE / "ingest_child.py"), str(journal), str(RECORDS), str(RATE_PER_HOUR)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_killed_run_resumed_with_its_journal_loses_nothing(tmp_path: Path) -> None:
    journal = tmp_path / "ingest.db"
    valid = [index for index in range(RECORDS) if index % 10 != 9]
    invalid = [index for index in range(RECORDS) if index % 10 == 9]
    with FakeTelecrm.running(async_rate_limit=None) as fake:
        late = fake.faults.add(
            Fault.latency(0.25), route="POST /autoupdatelead", when="after", rate=0.25, seed=7
        )
        environment = {
            **os.environ,
            "TELECRM_ENTERPRISE_ID": fake.enterprise_id,
            "TELECRM_SYNC_TOKEN": fake.sync_token,
            "TELECRM_ASYNC_TOKEN": fake.async_token,
            "TELECRM_BASE_URL": fake.base_url,
            "TELECRM_INGEST_BASE_URL": fake.ingest_base_url,
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        }

        first = run_child(journal, environment)
        deadline = time.monotonic() + 30
        while len(journal_states(journal).get("queued", ())) < RECORDS // 4:
            assert first.poll() is None, (
                f"the first run ended before it could be killed: {first.communicate()}"
            )
            assert time.monotonic() < deadline, "the first run queued nothing"
            time.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait(timeout=10) == -signal.SIGKILL
        first.communicate()
        at_kill = journal_states(journal)
        queued, in_flight = at_kill.get("queued", set()), at_kill.get("in_flight", set())
        assert len(queued) < len(valid), "killed mid-way, not at the end"
        assert in_flight, "some records were in flight at the kill"

        fake.faults.remove(late)
        second = run_child(journal, environment)
        stdout, stderr = second.communicate(timeout=60)
        assert second.returncode == 0, stderr
        report = json.loads(stdout.strip().splitlines()[-1])
        fake.state.wait_idle(timeout=30)
        counts = ingest_counts(fake)

    # The resumed run settles every record: nothing lost, the queued ones not sent again.
    assert (report["queued"], report["invalid"], report["failed"]) == (len(valid), len(invalid), 0)
    assert report["from_journal"] == len(queued)
    assert report["requests"] == len(valid) - len(queued)
    # Records in flight at the kill were sent again, and the report says so.
    assert set(report["possibly_duplicated"]) == in_flight
    # At the fake: every valid record, none of the invalid ones, and duplicates only among those in flight.
    assert all(counts[phone(index)] >= 1 for index in valid)
    assert not any(counts[phone(index)] for index in invalid)
    assert {index for index in valid if counts[phone(index)] > 1} <= in_flight
    assert journal_states(journal).keys() == {"queued", "invalid"}
    print(f"\nkilled with {len(queued)} queued, {len(in_flight)} in flight; resumed: {report}")
