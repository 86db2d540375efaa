"""Incremental runs, full refreshes, `--since`, a run killed and resumed, leads created during a run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from export_support import destination_rows, environment, expected_rows, export

from telecrm import Telecrm
from telecrm.testing import FakeTelecrm


def create_leads(client: Telecrm, count: int, first: int) -> None:
    for number in range(first, first + count):
        client.leads.create({"phone": f"9188{number:08d}", "name": f"New {number}", "city": "Thane"})


def test_a_second_run_loads_only_the_leads_created_since(
    fake: FakeTelecrm, dlt_sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.state.generate_leads(1_000)
    export(capsys)
    with fake.client() as client:
        create_leads(client, 500, 0)

    summary = export(capsys)

    assert summary["rows"]["leads"] == 500
    assert summary["leads"] == {"loaded": 500, "new": 500, "merged": 0, "in_destination": 1_503}
    assert destination_rows(dlt_sandbox / "telecrm.duckdb") == expected_rows(fake)


def test_a_run_with_nothing_new_loads_no_lead(fake: FakeTelecrm, capsys: pytest.CaptureFixture[str]) -> None:
    export(capsys)

    summary = export(capsys)

    assert "leads" not in summary["rows"]
    assert summary["leads"]["in_destination"] == 3


def test_an_edit_to_an_old_lead_arrives_with_a_full_refresh_only(
    fake: FakeTelecrm, dlt_sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.state.generate_leads(300)
    export(capsys)
    old = fake.state.leads[10]
    with fake.client() as client:
        client.leads.update(old.id, {"city": "Edited"})
    database = dlt_sandbox / "telecrm.duckdb"

    export(capsys)
    stale = destination_rows(database)[old.fields["phone"]]["city"]
    summary = export(capsys, "--full-refresh")

    assert stale == old.fields["city"]
    assert destination_rows(database)[old.fields["phone"]]["city"] == "Edited"
    assert summary["leads"] == {"loaded": 303, "new": 0, "merged": 303, "in_destination": 303}


def test_since_reads_only_the_leads_created_from_then_on(
    fake: FakeTelecrm, dlt_sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.state.generate_leads(400)
    since = (datetime.now(UTC) - timedelta(days=90)).replace(microsecond=0)
    cut = int(since.timestamp() * 1000)

    export(capsys, "--since", since.isoformat())

    wanted = {lead.fields["phone"] for lead in fake.state.leads if lead.created_on >= cut}
    assert set(destination_rows(dlt_sandbox / "telecrm.duckdb")) == wanted
    assert 0 < len(wanted) < 403


def search_requests(fake: FakeTelecrm) -> int:
    return sum(record.path.endswith("/lead/search") for record in fake.state.requests)


def test_a_run_killed_at_a_random_page_and_run_again_ends_equal_to_the_fake(
    fake: FakeTelecrm, dlt_sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export(capsys)  # a first run, so that the killed one has loaded leads to keep
    fake.state.generate_leads(2_500)
    # The full refresh reads about 25 pages; kill it on one of them, chosen at random.
    kill_at = search_requests(fake) + random.randrange(1, 25)
    env = {**os.environ, **environment(fake)}
    process = subprocess.Popen(
        [sys.executable, "-m", "telecrm._cli", "export", "--full-refresh", "--no-progress"],
        env=env,
        cwd=dlt_sandbox,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while search_requests(fake) < kill_at and process.poll() is None:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, f"the run ended before page {kill_at}"

    export(capsys, "--full-refresh")

    assert destination_rows(dlt_sandbox / "telecrm.duckdb") == expected_rows(fake)


def test_leads_created_during_a_run_are_in_that_run_or_the_next(
    fake: FakeTelecrm, dlt_sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.state.generate_leads(3_000)
    done = threading.Event()
    created: list[str] = []

    def keep_creating() -> None:
        with fake.client() as client:
            number = 0
            while not done.is_set():
                phone = f"9177{number:08d}"
                client.leads.create({"phone": phone, "name": f"During {number}"})
                created.append(phone)
                number += 1

    writer = threading.Thread(target=keep_creating)
    writer.start()
    try:
        export(capsys)
    finally:
        done.set()
        writer.join()
    export(capsys)

    rows = destination_rows(dlt_sandbox / "telecrm.duckdb")
    assert created, "no lead was created while the export ran"
    assert set(created) <= set(rows)
    assert rows == expected_rows(fake)


def test_the_export_is_keyed_on_the_workspaces_lead_identifier(
    monkeypatch: pytest.MonkeyPatch, dlt_sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from telecrm.testing import Workspace

    workspace = Workspace.from_dict({"lead_identifier": "email", "leads": []})
    with FakeTelecrm.running(workspace) as fake:
        for name, value in environment(fake).items():
            monkeypatch.setenv(name, value)
        with fake.client() as client:
            client.leads.create({"email": "a@mail.example", "name": "A", "phone": "919000000001"})
            client.leads.create({"email": "b@mail.example", "name": "B", "phone": "919000000001"})
            export(capsys)
            client.leads.update(fake.state.leads[0].id, {"name": "A2"})
        export(capsys, "--full-refresh")

    with duckdb.connect(str(dlt_sandbox / "telecrm.duckdb"), read_only=True) as db:
        rows = db.execute("SELECT email, name FROM crm.leads ORDER BY email").fetchall()
    assert rows == [("a@mail.example", "A2"), ("b@mail.example", "B")]
