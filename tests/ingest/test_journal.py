"""The SQLite journal: one row per input record, what a resumed run skips and resends."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from bulk_records import ingest_counts, phone, settings_of

from telecrm import CustomAction, Telecrm, ValidationError
from telecrm._bulk.engine import record_digest
from telecrm._bulk.journal import Journal
from telecrm.testing import FakeTelecrm, Fault

FAST = {"rate_per_hour": float("inf")}


def test_states_are_kept_per_record(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        journal.set(0, "d0", "pending")
        journal.set(0, "d0", "in_flight", attempts=1, maybe_delivered=False)
        journal.set(1, "d1", "invalid", detail=journal.reasons_detail(["fields.rating: 9"]))
        journal.set(0, "d0", "queued")  # attempts kept from the row before
        assert journal.counts() == {"pending": 0, "in_flight": 0, "queued": 1, "invalid": 1, "failed": 0}
        entry = journal.get(0)
        assert entry is not None
        assert (entry.digest, entry.state, entry.attempts, entry.delivery_possible) == (
            "d0",
            "queued",
            1,
            False,
        )
        assert journal.get(2) is None


def test_a_record_in_flight_may_have_been_delivered(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        journal.set(0, "d0", "in_flight")
        journal.set(1, "d1", "pending", maybe_delivered=True)
        journal.set(2, "d2", "pending")
        assert [journal.get(i).delivery_possible for i in range(3)] == [True, True, False]  # type: ignore[union-attr]


def test_the_journal_uses_wal_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "run.db"
    with Journal.open(path, enterprise_id="e1") as journal:
        journal.set(0, "d0", "queued")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with Journal.open(path, enterprise_id="e1") as journal:
        assert journal.counts()["queued"] == 1


def test_a_journal_belongs_to_one_enterprise(tmp_path: Path) -> None:
    Journal.open(tmp_path / "run.db", enterprise_id="e1").close()
    with pytest.raises(ValidationError, match="into enterprise 'e1', not 'e2': use another journal file"):
        Journal.open(tmp_path / "run.db", enterprise_id="e2")


def test_one_run_at_a_time(tmp_path: Path) -> None:
    with (
        Journal.open(tmp_path / "run.db", enterprise_id="e1"),
        pytest.raises(ValidationError, match="is in use by another ingestion run"),
    ):
        Journal.open(tmp_path / "run.db", enterprise_id="e1")
    Journal.open(tmp_path / "run.db", enterprise_id="e1").close()  # free again once closed


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n" * 100, encoding="utf-8")
    with pytest.raises(ValidationError, match="is not an ingestion journal"):
        Journal.open(path, enterprise_id="e1")


def test_record_digests_are_stable_and_tell_records_apart() -> None:
    record = (
        {"phone": phone(1), "due": datetime(2026, 1, 1, tzinfo=UTC), "amount": Decimal("5.10")},
        [CustomAction(1001, {"note": "x"})],
    )
    same = (
        {"amount": Decimal("5.10"), "due": datetime(2026, 1, 1, tzinfo=UTC), "phone": phone(1)},
        [CustomAction("ACTION_1001", {"note": "x"})],
    )
    assert record_digest(record) == record_digest(same)
    assert record_digest({"phone": phone(1)}) != record_digest({"phone": phone(2)})
    assert record_digest({"n": 1}) != record_digest({"n": "1"})
    # Values JSON cannot order still get a digest.
    assert record_digest({1: "a", "b": 2}) == record_digest({1: "a", "b": 2})


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
        for index, record in enumerate(records):
            journal.set(index, record_digest(record), "in_flight", attempts=1)

    report = client.ingest.upsert_many(records, journal=path, **FAST)

    assert [(o.status, o.possibly_duplicated, o.attempts) for o in report.outcomes] == [
        ("queued", True, 1),
        ("queued", True, 1),
    ]
    with Journal.open(path, enterprise_id=fake.enterprise_id) as journal:
        assert journal.get(1).attempts == 2  # type: ignore[union-attr]


def test_without_replay_actions_in_flight_actions_are_not_resent(
    fake: FakeTelecrm, client: Telecrm, tmp_path: Path
) -> None:
    path = tmp_path / "run.db"
    record = ({"phone": phone(1)}, [CustomAction(1001)])
    with Journal.open(path, enterprise_id=fake.enterprise_id) as journal:
        journal.set(0, record_digest(record), "in_flight", attempts=1)

    [outcome] = client.ingest.upsert_many([record], journal=path, replay_actions=False, **FAST).outcomes

    assert (outcome.status, outcome.attempts, outcome.possibly_delivered) == ("failed", 0, True)
    assert "it was in flight when an earlier run stopped" in str(outcome.error)


def test_a_dry_run_leaves_the_journal_alone(client: Telecrm, tmp_path: Path) -> None:
    client.ingest.upsert_many([{"phone": phone(1)}], journal=tmp_path / "run.db", dry_run=True)
    assert not (tmp_path / "run.db").exists()


def test_a_journal_of_another_enterprise_is_refused_before_sending(fake: FakeTelecrm, tmp_path: Path) -> None:
    Journal.open(tmp_path / "run.db", enterprise_id="someone-else").close()
    with Telecrm(**settings_of(fake)) as client, pytest.raises(ValidationError, match="use another journal"):
        client.ingest.upsert_many([{"phone": phone(1)}], journal=tmp_path / "run.db")
    assert not [r for r in fake.state.requests if r.api == "async"]
