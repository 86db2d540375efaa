"""The SQLite journal: one row per record, known by its content; what a resumed run skips and resends."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bulk_records import ingest_counts, phone, settings_of

from telecrm import CustomAction, JournalError, Payment, Telecrm
from telecrm._bulk.digests import payload_digest, record_digest, request_digest
from telecrm._bulk.journal import STAGED_LIMIT, Journal
from telecrm.resources.ingest import upsert_lead
from telecrm.testing import FakeTelecrm, Fault

FAST = {"rate_per_hour": float("inf")}


def async_requests(fake: FakeTelecrm) -> int:
    return sum(request.api == "async" for request in fake.state.requests)


def test_states_are_kept_per_record(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        journal.set("d0", 0, 0, "pending")
        journal.set("d0", 0, 0, "in_flight", attempts=1, maybe_delivered=False)
        journal.set("d1", 0, 1, "invalid", detail=journal.reasons_detail(["fields.rating: 9"]))
        journal.set("d0", 0, 5, "queued")  # attempts kept from the row before; the position is the latest
        assert journal.counts() == {"pending": 0, "in_flight": 0, "queued": 1, "invalid": 1, "failed": 0}
        entry = journal.get("d0", 0)
        assert entry is not None
        assert (entry.index, entry.state, entry.attempts, entry.delivery_possible) == (5, "queued", 1, False)
        assert journal.get("d0", 1) is None


def test_a_record_in_flight_may_have_been_delivered(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        journal.set("d0", 0, 0, "in_flight")
        journal.set("d1", 0, 1, "pending", maybe_delivered=True)
        journal.set("d2", 0, 2, "pending")
        assert [journal.get(f"d{i}", 0).delivery_possible for i in range(3)] == [True, True, False]  # type: ignore[union-attr]


def test_a_new_journal_held_no_record_when_opened(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        journal.set("d0", 0, 0, "in_flight")

        assert journal.had_records is False


def test_a_journal_reopened_after_a_run_held_records_when_opened(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        journal.stage("d0", 0, 0, "queued")

    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        assert journal.had_records is True


def test_the_journal_uses_wal_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    with Journal.open(path, enterprise_id="e1") as journal:
        journal.set("d0", 0, 0, "queued")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with Journal.open(path, enterprise_id="e1") as journal:
        assert journal.counts()["queued"] == 1


def committed_states(path: Path) -> dict[int, str]:
    """Each record's state as another process would find it on disk now: what a kill -9 would leave."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return dict(db.execute("SELECT idx, state FROM records ORDER BY idx").fetchall())


def test_a_staged_state_is_not_on_disk_until_the_next_set(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    with Journal.open(path, enterprise_id="e1") as journal:
        journal.set("d0", 0, 0, "in_flight")
        journal.stage("d0", 0, 0, "queued")
        assert committed_states(path) == {0: "in_flight"}
        journal.set("d1", 0, 1, "in_flight")
        assert committed_states(path) == {0: "queued", 1: "in_flight"}


def test_closing_commits_what_is_staged(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    with Journal.open(path, enterprise_id="e1") as journal:
        journal.stage("d0", 0, 0, "invalid")
    assert committed_states(path) == {0: "invalid"}


def test_staged_states_are_committed_once_the_limit_is_reached(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    with Journal.open(path, enterprise_id="e1") as journal:
        for index in range(STAGED_LIMIT):
            journal.stage(f"d{index}", 0, index, "invalid")
        assert len(committed_states(path)) == STAGED_LIMIT


def test_a_staged_state_is_read_back_before_it_is_committed(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        journal.stage("d0", 0, 0, "failed", attempts=6)
        entry = journal.get("d0", 0)
        assert entry is not None
        assert (entry.state, entry.attempts) == ("failed", 6)


def test_each_request_leaves_only_once_its_record_is_in_flight_on_disk(
    fake: FakeTelecrm, client: Telecrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal's invariant: a kill at the moment any request arrives finds its record in flight (and the
    records settled before it queued, their states committed with that in-flight one)."""
    path = tmp_path / "run.db"
    on_disk_at_arrivals: list[dict[int, str]] = []
    draw = fake.faults.draw

    def observing(route: str, when: Any) -> Fault | None:
        if route == "POST /autoupdatelead" and when == "before":
            on_disk_at_arrivals.append(committed_states(path))
        return draw(route, when)

    monkeypatch.setattr(fake.faults, "draw", observing)
    client.ingest.upsert_many([{"phone": phone(i)} for i in range(3)], journal=path, concurrency=1, **FAST)

    assert on_disk_at_arrivals == [
        {0: "in_flight"},
        {0: "queued", 1: "in_flight"},
        {0: "queued", 1: "queued", 2: "in_flight"},
    ]


def test_every_state_is_on_disk_when_the_run_returns(client: Telecrm, tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    client.ingest.upsert_many([{"phone": phone(0)}, {"phone": "1"}], journal=path, **FAST)
    assert committed_states(path) == {0: "queued", 1: "invalid"}


def test_a_journal_belongs_to_one_enterprise(tmp_path: Path) -> None:
    Journal.open(tmp_path / "run.db", enterprise_id="e1").close()
    with pytest.raises(JournalError, match="into enterprise 'e1', not 'e2': use another journal file"):
        Journal.open(tmp_path / "run.db", enterprise_id="e2")


def test_one_run_at_a_time(tmp_path: Path) -> None:
    with (
        Journal.open(tmp_path / "run.db", enterprise_id="e1"),
        pytest.raises(JournalError, match="is in use by another ingestion run"),
    ):
        Journal.open(tmp_path / "run.db", enterprise_id="e1")
    Journal.open(tmp_path / "run.db", enterprise_id="e1").close()  # free again once closed


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 100, encoding="utf-8")
    with pytest.raises(JournalError, match="is not an ingestion journal"):
        Journal.open(path, enterprise_id="e1")


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (name TEXT)")
    with pytest.raises(JournalError, match="is a SQLite database, but not an ingestion journal"):
        Journal.open(path, enterprise_id="e1")
    with sqlite3.connect(path) as db:
        assert [row[0] for row in db.execute("SELECT name FROM sqlite_master")] == ["customers"]


# --- a record's identity ---------------------------------------------------------------------------------


def test_the_same_request_written_two_ways_has_one_digest() -> None:
    due = datetime(2026, 1, 1, tzinfo=UTC)
    assert payload_digest(
        {"phone": phone(1), "due": due, "n": Decimal("5")}, [CustomAction(1001, {"note": "x"})]
    ) == payload_digest({"n": 5, "due": due, "phone": phone(1)}, [CustomAction("ACTION_1001", {"note": "x"})])


def test_a_built_request_has_the_digest_of_its_record() -> None:
    fields = {"phone": phone(1), "due": datetime(2026, 1, 1, tzinfo=UTC), "n": Decimal("5")}
    actions = [CustomAction(1001, {"note": "x"}), Payment("5", "INR", "PENDING")]
    assert request_digest(upsert_lead("e1", fields, actions)) == payload_digest(fields, actions)
    assert request_digest(upsert_lead("e1", fields, [])) == payload_digest(fields, [])


def test_different_requests_have_different_digests() -> None:
    assert payload_digest({"phone": phone(1)}, []) != payload_digest({"phone": phone(2)}, [])
    assert payload_digest({"n": 1}, []) != payload_digest({"n": "1"}, [])
    assert payload_digest({"phone": phone(1)}, []) != payload_digest(
        {"phone": phone(1)}, [Payment("5", "INR", "PENDING")]
    )


def test_any_record_as_given_has_a_stable_digest() -> None:
    cycle: list[object] = []
    cycle.append(cycle)
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]

    class Unprintable:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    for record in ({1: "a", "b": 2}, {"n": 10**5000}, cycle, deep, {"x": Unprintable()}, "\ud800"):
        assert record_digest(record) == record_digest(record)


# --- resuming through upsert_many ------------------------------------------------------------------------


def test_a_second_run_with_the_journal_resends_nothing_already_queued(
    fake: FakeTelecrm, client: Telecrm, tmp_path: Path
) -> None:
    journal = tmp_path / "run.db"
    records = [{"phone": phone(i)} for i in range(10)] + [{"phone": "1"}]
    first = client.ingest.upsert_many(records, journal=journal, **FAST)
    second = client.ingest.upsert_many(records, journal=journal, **FAST)

    assert (first.queued, first.invalid, first.from_journal) == (10, 1, 0)
    assert (second.queued, second.invalid, second.from_journal, second.requests) == (10, 1, 10, 0)
    assert all(o.from_journal and o.attempts == 0 for o in second.outcomes[:10])
    fake.state.wait_idle()
    assert set(ingest_counts(fake).values()) == {1}


def test_failed_and_changed_records_are_sent_again(
    fake: FakeTelecrm, client: Telecrm, tmp_path: Path
) -> None:
    journal = tmp_path / "run.db"
    fake.faults.add(Fault.error(400), route="POST /autoupdatelead", times=1)
    records = [{"phone": phone(0)}, {"phone": phone(1)}, {"phone": phone(2)}]
    first = client.ingest.upsert_many(records, journal=journal, concurrency=1, **FAST)
    assert [o.status for o in first.outcomes] == ["failed", "queued", "queued"]

    records[2] = {"phone": phone(2), "name": "changed since"}
    second = client.ingest.upsert_many(records, journal=journal, **FAST)

    assert [(o.status, o.from_journal, o.attempts) for o in second.outcomes] == [
        ("queued", False, 1),
        ("queued", True, 0),
        ("queued", False, 1),
    ]


def test_records_in_flight_when_a_run_died_are_resent_and_counted(
    fake: FakeTelecrm, client: Telecrm, tmp_path: Path
) -> None:
    path = tmp_path / "run.db"
    records = [{"phone": phone(0)}, ({"phone": phone(1)}, [CustomAction(1001)])]
    with Journal.open(path, enterprise_id=fake.enterprise_id) as journal:  # as a killed run leaves it
        journal.set(payload_digest({"phone": phone(0)}, []), 0, 0, "in_flight", attempts=1)
        journal.set(payload_digest({"phone": phone(1)}, [CustomAction(1001)]), 0, 1, "in_flight", attempts=1)

    report = client.ingest.upsert_many(records, journal=path, **FAST)

    assert [(o.status, o.possibly_duplicated, o.attempts) for o in report.outcomes] == [
        ("queued", True, 1),
        ("queued", True, 1),
    ]
    with Journal.open(path, enterprise_id=fake.enterprise_id) as journal:
        assert journal.get(payload_digest({"phone": phone(1)}, [CustomAction(1001)]), 0).attempts == 2  # type: ignore[union-attr]


def test_without_replay_actions_in_flight_actions_are_not_resent(
    fake: FakeTelecrm, client: Telecrm, tmp_path: Path
) -> None:
    path = tmp_path / "run.db"
    with Journal.open(path, enterprise_id=fake.enterprise_id) as journal:
        journal.set(payload_digest({"phone": phone(1)}, [CustomAction(1001)]), 0, 0, "in_flight", attempts=1)

    [outcome] = client.ingest.upsert_many(
        [({"phone": phone(1)}, [CustomAction(1001)])], journal=path, replay_actions=False, **FAST
    ).outcomes

    assert (outcome.status, outcome.attempts, outcome.possibly_delivered) == ("failed", 0, True)
    assert "it was in flight when an earlier run stopped" in str(outcome.error)


def test_a_dry_run_leaves_the_journal_alone(client: Telecrm, tmp_path: Path) -> None:
    client.ingest.upsert_many([{"phone": phone(1)}], journal=tmp_path / "run.db", dry_run=True)
    assert not (tmp_path / "run.db").exists()


def test_a_journal_of_another_enterprise_is_refused_before_sending(fake: FakeTelecrm, tmp_path: Path) -> None:
    Journal.open(tmp_path / "run.db", enterprise_id="someone-else").close()
    with (
        Telecrm(**settings_of(fake)) as client,
        pytest.raises(JournalError, match="use another journal") as caught,
    ):
        client.ingest.upsert_many([{"phone": phone(1)}], journal=tmp_path / "run.db")
    assert caught.value.report is not None
    assert len(caught.value.report) == 0
    assert async_requests(fake) == 0


@pytest.mark.parametrize("alias", ["symlink", "hardlink"])
def test_a_journal_in_use_is_refused_through_another_name_for_the_same_file(
    tmp_path: Path, alias: str
) -> None:
    path = tmp_path / "run.db"
    other = tmp_path / "alias.db"
    with Journal.open(path, enterprise_id="e1"):
        if alias == "symlink":
            other.symlink_to(path)
        else:
            os.link(path, other)
        with pytest.raises(JournalError, match="is in use by another ingestion run"):
            Journal.open(other, enterprise_id="e1")


def test_a_journal_with_a_hard_link_is_refused_when_not_in_use(tmp_path: Path) -> None:
    Journal.open(tmp_path / "run.db", enterprise_id="e1").close()
    os.link(tmp_path / "run.db", tmp_path / "alias.db")

    with pytest.raises(JournalError, match=r"has another name \(a hard link\)"):
        Journal.open(tmp_path / "alias.db", enterprise_id="e1")


def test_a_journal_reached_through_a_symlink_keeps_its_log_beside_the_real_file(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    path = tmp_path / "real" / "run.db"
    (tmp_path / "link.db").symlink_to(path)

    with Journal.open(tmp_path / "link.db", enterprise_id="e1") as journal:
        journal.set("d", 0, 0, "queued")

        assert (tmp_path / "real" / "run.db-wal").exists()
        assert not (tmp_path / "link.db-wal").exists()


def test_a_run_leaves_no_lock_file_beside_the_journal(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        journal.set("d", 0, 0, "queued")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.db"]


def test_a_directory_at_the_journal_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match=r"is a directory, not a journal file"):
        Journal.open(tmp_path, enterprise_id="e1")


def test_a_fifo_at_the_journal_path_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    os.mkfifo(path)

    with pytest.raises(JournalError, match=r"is a FIFO, not a journal file"):
        Journal.open(path, enterprise_id="e1")


def test_a_device_at_the_journal_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match=r"'/dev/null' is a device, not a journal file"):
        Journal.open("/dev/null", enterprise_id="e1")
