"""A real ingesting process, killed with SIGKILL again and again and started again with the same journal.

The fake runs in the test process; the ingestion runs in a child process (`ingest_child.py`) against the
fake's URL. A quarter of the answers come late (after the fake has processed the request), so that records
are in flight when a kill lands, some of them already processed.

Each run is killed at a seeded random point: once the fake has answered a random number of its requests.
So that no run can finish before the test gets round to killing it, however busy the machine, the fake stops
answering a little later (its requests hang unprocessed until the test ends). Wherever a kill lands, the
final run must lose nothing and flag every record that may have been delivered twice.
"""

from __future__ import annotations

import json
import os
import random
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
KILLS = 4
RATE_PER_HOUR = 200 * 3600  # 200 a second
ROUTE = "POST /autoupdatelead"
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


def answered(fake: FakeTelecrm) -> int:
    return sum(request.route == ROUTE for request in fake.state.requests)


def test_killed_at_random_points_and_resumed_loses_nothing_and_flags_every_resend(tmp_path: Path) -> None:
    journal = tmp_path / "ingest.db"
    valid = [index for index in range(RECORDS) if index % 10 != 9]
    invalid = [index for index in range(RECORDS) if index % 10 == 9]
    rng = random.Random(20260101)
    in_flight_at_kills: set[int] = set()
    kills = 0
    with FakeTelecrm.running(async_rate_limit=None) as fake:
        fake.faults.add(Fault.latency(0.25), route=ROUTE, when="after", rate=0.25, seed=7)
        environment = {
            **os.environ,
            "TELECRM_ENTERPRISE_ID": fake.enterprise_id,
            "TELECRM_SYNC_TOKEN": fake.sync_token,
            "TELECRM_ASYNC_TOKEN": fake.async_token,
            "TELECRM_BASE_URL": fake.base_url,
            "TELECRM_INGEST_BASE_URL": fake.ingest_base_url,
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        }
        for _ in range(KILLS):
            stall_after = rng.randrange(30, 70)
            kill_after = answered(fake) + rng.randrange(1, stall_after)
            answering = fake.faults.add(Fault.latency(0), route=ROUTE, times=stall_after)
            hanging = fake.faults.add(Fault.latency(600), route=ROUTE)  # unprocessed until the fake stops
            child = run_child(journal, environment)
            deadline = time.monotonic() + 60
            while answered(fake) < kill_after:
                assert child.poll() is None, f"a run ended before it could be killed: {child.communicate()}"
                assert time.monotonic() < deadline, "a run made no progress"
                time.sleep(0.005)
            os.kill(child.pid, signal.SIGKILL)
            assert child.wait(timeout=10) == -signal.SIGKILL
            child.communicate()
            kills += 1
            in_flight_at_kills |= journal_states(journal).get("in_flight", set())
            fake.faults.remove(answering)
            fake.faults.remove(hanging)
        queued_before = journal_states(journal).get("queued", set())

        fake.faults.clear()
        final = run_child(journal, environment)
        stdout, stderr = final.communicate(timeout=60)
        assert final.returncode == 0, stderr
        report = json.loads(stdout.strip().splitlines()[-1])
        fake.state.wait_idle(timeout=30)
        counts = ingest_counts(fake)

    # The final run settles every record: nothing lost, the queued ones not sent again.
    assert (report["queued"], report["invalid"], report["failed"]) == (len(valid), len(invalid), 0)
    assert report["from_journal"] == len(queued_before)
    assert report["requests"] == len(valid) - len(queued_before)
    # Every record in flight at a kill is flagged as possibly duplicated, and only those.
    assert set(report["possibly_duplicated"]) == in_flight_at_kills
    lost = [index for index in valid if counts[phone(index)] == 0]
    duplicated = {index for index in valid if counts[phone(index)] > 1}
    unflagged = duplicated - in_flight_at_kills
    assert lost == []
    assert not any(counts[phone(index)] for index in invalid)
    assert unflagged == set()
    assert journal_states(journal).keys() == {"queued", "invalid"}
    print(
        f"\n{kills} kills survived; {len(in_flight_at_kills)} records in flight at a kill; {len(lost)} lost, "
        f"{len(duplicated)} delivered twice, {len(unflagged)} of them unflagged"
    )
