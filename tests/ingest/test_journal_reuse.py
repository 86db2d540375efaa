"""A journal reused with changed input, or damaged: no record it knows was queued is sent again unflagged.

Records are matched by content, so a changed input is matched record by record; a journal that lost part of
what it recorded (its end cut off) is refused with a `JournalError` before anything is sent.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from bulk_records import ingest_counts, phone

from telecrm import CustomAction, IngestReport, JournalError, Telecrm
from telecrm._bulk.journal import Journal
from telecrm.testing import FakeTelecrm

FAST = {"rate_per_hour": float("inf"), "concurrency": 32}
RECORDS = 100


def records() -> list[Any]:
    """Leads, a tenth with an action, and one record twice (a file may hold a row twice)."""
    made: list[Any] = [
        ({"phone": phone(i)}, [CustomAction(1001, {"note": f"visit {i}"})])
        if i % 10 == 0
        else {"phone": phone(i)}
        for i in range(RECORDS)
    ]
    return [*made, {"phone": phone(7)}]


def async_requests(fake: FakeTelecrm) -> int:
    return sum(request.api == "async" for request in fake.state.requests)


def unflagged_resends(report: IngestReport) -> list[int]:
    """Records sent by this run although an earlier run queued them, without a possible-duplicate flag."""
    return [
        o.index for o in report.outcomes if o.attempts and not o.from_journal and not o.possibly_duplicated
    ]


@pytest.fixture
def journal(client: Telecrm, fake: FakeTelecrm, tmp_path: Path) -> Path:
    """A journal of a finished run over `records()`; the fake reset after it (its logs empty)."""
    path = tmp_path / "run.db"
    report = client.ingest.upsert_many(records(), journal=path, **FAST)
    assert report.queued == RECORDS + 1
    fake.state.wait_idle()
    fake.reset()
    return path


def test_a_line_added_at_the_top_is_the_only_record_sent(
    client: Telecrm, fake: FakeTelecrm, journal: Path
) -> None:
    report = client.ingest.upsert_many([{"phone": phone(RECORDS)}, *records()], journal=journal, **FAST)

    assert (report.queued, report.from_journal, report.requests) == (RECORDS + 2, RECORDS + 1, 1)
    assert report.outcomes[0].attempts == 1
    assert async_requests(fake) == 1


def test_the_same_input_reversed_sends_nothing(client: Telecrm, fake: FakeTelecrm, journal: Path) -> None:
    report = client.ingest.upsert_many(records()[::-1], journal=journal, **FAST)

    assert (report.queued, report.from_journal, report.requests) == (RECORDS + 1, RECORDS + 1, 0)
    assert async_requests(fake) == 0


def test_a_record_given_in_another_shape_is_the_same_record(
    client: Telecrm, fake: FakeTelecrm, journal: Path
) -> None:
    reshaped = [
        {"fields": {"phone": phone(0)}, "actions": [{"type": "ACTION_1001", "fields": {"note": "visit 0"}}]}
    ]

    report = client.ingest.upsert_many(reshaped, journal=journal, **FAST)

    assert [(o.status, o.from_journal) for o in report.outcomes] == [("queued", True)]


def test_a_record_that_repeats_is_sent_once_more_when_the_input_holds_it_once_more(
    client: Telecrm, fake: FakeTelecrm, journal: Path
) -> None:
    report = client.ingest.upsert_many([*records(), {"phone": phone(7)}], journal=journal, **FAST)

    assert (report.from_journal, report.requests) == (RECORDS + 1, 1)
    assert report.outcomes[-1].attempts == 1


def test_changed_and_reordered_input_resends_no_queued_record_unflagged(
    client: Telecrm, fake: FakeTelecrm, journal: Path
) -> None:
    changed = records()[::-1]
    changed[5] = {"phone": phone(5), "name": "now with a name"}  # changed: a new request, sent
    del changed[9]  # removed
    changed.insert(0, {"phone": phone(RECORDS + 1)})  # added

    report = client.ingest.upsert_many(changed, journal=journal, **FAST)
    fake.state.wait_idle()

    assert unflagged_resends(report) == [0, 6]
    assert report.requests == 2
    assert sum(ingest_counts(fake).values()) == 2


# --- a damaged journal ------------------------------------------------------------------------------------


def snapshot_of_a_killed_run(tmp_path: Path, fake: FakeTelecrm) -> Path:
    """A journal as a run killed mid-way leaves it: its write-ahead log and index not yet folded in."""
    live = tmp_path / "live" / "run.db"
    live.parent.mkdir()
    copy = tmp_path / "copy" / "run.db"
    copy.parent.mkdir()
    from telecrm._bulk.digests import payload_digest

    with Journal.open(live, enterprise_id=fake.enterprise_id) as journal:
        for index in range(200):
            key = payload_digest({"phone": phone(index)}, [])
            journal.set(key, 0, index, "in_flight", attempts=1)
            journal.set(key, 0, index, "queued")
        for suffix in ("", "-wal", "-shm"):
            shutil.copy(f"{live}{suffix}", f"{copy}{suffix}")
    return copy


def test_a_journal_whose_log_was_cut_is_refused_before_sending(
    client: Telecrm, fake: FakeTelecrm, tmp_path: Path
) -> None:
    journal = snapshot_of_a_killed_run(tmp_path, fake)
    with open(f"{journal}-wal", "r+b") as log:
        log.truncate(log.seek(0, 2) - 1000)

    with pytest.raises(
        JournalError, match=r"is damaged \(its write-ahead log .* its end was cut off\)"
    ) as caught:
        client.ingest.upsert_many([{"phone": phone(index)} for index in range(200)], journal=journal, **FAST)

    assert "it can no longer tell which records were already sent" in str(caught.value)
    assert caught.value.path == str(journal)
    assert async_requests(fake) == 0


def test_a_log_with_a_torn_uncommitted_write_resumes(
    client: Telecrm, fake: FakeTelecrm, tmp_path: Path
) -> None:
    journal = snapshot_of_a_killed_run(tmp_path, fake)
    with open(f"{journal}-wal", "ab") as log:
        log.write(b"\x00\x00\x00\x02" + bytes(1500))  # a kill in the middle of writing a frame

    report = client.ingest.upsert_many(
        [{"phone": phone(index)} for index in range(201)], journal=journal, **FAST
    )

    assert (report.from_journal, report.requests) == (200, 1)


@pytest.mark.parametrize(
    ("cut", "detail"),
    [(1000, "not a whole number of 4096-byte pages"), (4096, "but its header says")],
    ids=["mid-page", "a whole page"],
)
def test_a_journal_cut_short_is_refused_before_sending(
    client: Telecrm, fake: FakeTelecrm, journal: Path, cut: int, detail: str
) -> None:
    with journal.open("r+b") as file:
        file.truncate(file.seek(0, 2) - cut)

    with pytest.raises(JournalError, match=f"is damaged .*{detail}"):
        client.ingest.upsert_many(records(), journal=journal, **FAST)

    assert async_requests(fake) == 0


def test_a_corrupt_journal_is_refused_before_sending(
    client: Telecrm, fake: FakeTelecrm, journal: Path
) -> None:
    with journal.open("r+b") as file:
        file.seek(4096)
        file.write(b"\xff" * 4096)  # its second page overwritten with garbage

    with pytest.raises(JournalError, match="is damaged"):
        client.ingest.upsert_many(records(), journal=journal, **FAST)

    assert async_requests(fake) == 0


# --- a journal that cannot be written --------------------------------------------------------------------


def test_a_read_only_journal_is_refused_before_sending(
    client: Telecrm, fake: FakeTelecrm, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect = sqlite3.connect
    # As a file without write permission opens (chmod does not stop root, who may run these tests).
    monkeypatch.setattr(
        sqlite3, "connect", lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw)
    )

    with pytest.raises(
        JournalError, match=r"cannot write the ingestion journal .* make it and its directory writable"
    ):
        client.ingest.upsert_many(records(), journal=journal, **FAST)

    assert async_requests(fake) == 0


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not stop root")
def test_a_journal_in_a_read_only_directory_is_refused_before_sending(
    client: Telecrm, fake: FakeTelecrm, tmp_path: Path
) -> None:
    directory = tmp_path / "read-only"
    directory.mkdir()
    directory.chmod(0o555)
    try:
        with pytest.raises(
            JournalError, match=r"cannot write the ingestion journal .* make it and its directory"
        ):
            client.ingest.upsert_many(records(), journal=directory / "run.db", **FAST)
    finally:
        directory.chmod(0o755)

    assert async_requests(fake) == 0


def test_a_full_disk_stops_the_run_with_the_report_so_far_and_the_journal_resumes(
    client: Telecrm, fake: FakeTelecrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "run.db"
    client.ingest.upsert_many(records()[:1], journal=path, **FAST)  # the journal exists, nearly empty
    connect = sqlite3.connect

    def with_a_full_disk(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite answers SQLITE_FULL beyond this
        return db

    monkeypatch.setattr(sqlite3, "connect", with_a_full_disk)
    with pytest.raises(
        JournalError, match=r"the disk is full: .* run again with the same journal to resume"
    ) as caught:
        client.ingest.upsert_many(records(), journal=path, **FAST)
    monkeypatch.undo()
    stopped = caught.value.report
    assert stopped is not None
    assert 0 < stopped.queued < RECORDS

    resumed = client.ingest.upsert_many(records(), journal=path, **FAST)
    fake.state.wait_idle()

    assert (resumed.queued, resumed.failed) == (RECORDS + 1, 0)
    # A queued state still staged when the disk filled was lost with the failed transaction: such a record is
    # still in flight in the journal, so it is resent, flagged.
    queued_before = [o.index for o in stopped.outcomes if o.status == "queued"]
    assert all(
        resumed.outcomes[i].from_journal or resumed.outcomes[i].possibly_duplicated for i in queued_before
    )
    counts = ingest_counts(fake)
    assert all(counts[phone(index)] >= 1 for index in range(RECORDS)), "nothing lost"
    duplicated = {index for index in range(RECORDS) if counts[phone(index)] > 1 + (index == 7)}
    assert duplicated <= {o.index for o in resumed.outcomes if o.possibly_duplicated}, "every resend flagged"
