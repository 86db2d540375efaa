"""``client.ingest.workspace_schema()``: the workspace as preflight checks records against it, read once and
shared with ``upsert_many``; and what stays the same for the journal as the engine is rearranged (record
digests, the journal's state machine)."""

from __future__ import annotations

import json
import math
import pickle
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bulk_records import phone, settings_of, valid_record

import telecrm
from telecrm import (
    AsyncTelecrm,
    CustomAction,
    IngestOutcome,
    LocalRateLimiter,
    Payment,
    Queued,
    SchemaField,
    Telecrm,
    TelecrmError,
    WorkspaceSchema,
)
from telecrm._bulk.digests import payload_digest, record_digest, request_digest
from telecrm._bulk.journal import Journal
from telecrm._bulk.options import bulk_options
from telecrm._bulk.port import SyncPort
from telecrm._bulk.run import upsert_many_sync
from telecrm._checks import field_values
from telecrm._config import resolve_settings
from telecrm.resources.ingest import checked_upsert
from telecrm.testing import FakeTelecrm, Fault

FAST = {"rate_per_hour": math.inf}
SCHEMA_PATHS = ("/custom-fields", "/custom-actions", "/lead-stage-pipeline", "/metadata")


def schema_reads(fake: FakeTelecrm) -> list[str]:
    return [r.path for r in fake.state.requests if r.api == "sync" and r.path.endswith(SCHEMA_PATHS)]


# --- the schema --------------------------------------------------------------------------------------------


def test_the_schema_holds_the_workspaces_fields_identifier_and_actions(client: Telecrm) -> None:
    schema = client.ingest.workspace_schema()

    assert isinstance(schema, telecrm.WorkspaceSchema)
    assert schema.identifier == "phone"
    assert schema.fields["phone"] == SchemaField("phone", "PHONE")
    assert schema.field_type("rating") == "RATING"
    assert schema.field_type("no_such_field") is None
    assert 1001 in schema.actions


def test_after_reading_the_schema_upsert_many_reads_nothing_more_of_the_workspace(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    client.ingest.workspace_schema()
    read = schema_reads(fake)

    report = client.ingest.upsert_many([valid_record(index) for index in range(3)], **FAST)

    assert report.ok
    assert schema_reads(fake) == read
    assert len(read) in (3, 4)  # metadata only when no field is flagged as the identifier


@pytest.mark.anyio
async def test_an_async_client_reads_the_schema_once_for_both_too(
    fake: FakeTelecrm, async_client: AsyncTelecrm
) -> None:
    schema = await async_client.ingest.workspace_schema()
    read = schema_reads(fake)

    report = await async_client.ingest.upsert_many([valid_record(0)], **FAST)

    assert report.ok
    assert schema_reads(fake) == read
    assert schema == await async_client.ingest.workspace_schema()


def test_a_copy_made_with_options_shares_the_schema_read(fake: FakeTelecrm, client: Telecrm) -> None:
    schema = client.ingest.workspace_schema()
    read = schema_reads(fake)

    assert client.with_options(timeout=5).ingest.workspace_schema() is schema
    assert schema_reads(fake) == read


def test_upsert_many_reads_the_schema_that_workspace_schema_then_returns(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    client.ingest.upsert_many([valid_record(0)], dry_run=True)
    read = schema_reads(fake)

    client.ingest.workspace_schema()

    assert read
    assert schema_reads(fake) == read


def test_a_failed_schema_read_raises_the_api_error(fake: FakeTelecrm) -> None:
    fake.faults.add(Fault.error(403), route="GET /custom-fields")

    with Telecrm(**settings_of(fake), max_retries=0) as client, pytest.raises(telecrm.PermissionDeniedError):
        client.ingest.workspace_schema()


def test_a_schema_is_a_public_value_that_pickles_and_dumps_as_json(client: Telecrm) -> None:
    schema = client.ingest.workspace_schema()

    assert pickle.loads(pickle.dumps(schema)) == schema
    assert type(schema).__module__ == SchemaField.__module__ == "telecrm"
    assert json.loads(json.dumps(schema.to_dict()))["fields"]["phone"]["type"] == "PHONE"
    with pytest.raises(AttributeError):
        schema.identifier = "email"  # type: ignore[misc]


def test_a_schema_can_be_built_by_hand() -> None:
    schema = WorkspaceSchema(
        fields={"phone": SchemaField("phone", "PHONE")},
        identifier="phone",
        actions={},
        active_statuses=frozenset(),
    )

    assert schema.field_type("phone") == "PHONE"


# --- what a resumed run relies on ---------------------------------------------------------------------------

#: Digests written by telecrm before the engine was split: a journal of that version must still resume.
FIELDS = {
    "phone": "+919876543210",
    "n": Decimal("5.5"),
    "tags": ("a", "b"),
    "due": date(2024, 3, 12),
    "name": "Zoë",
}
ACTIONS = [CustomAction(1001, {"note": "x"}), Payment("5000", "INR", "PENDING")]


def test_record_digests_are_those_earlier_versions_wrote() -> None:
    refused = {"phone": "x", "d": datetime(2024, 1, 2, 3, 4, tzinfo=UTC), "s": {1, 2}}

    assert payload_digest(FIELDS, ACTIONS) == "cef195d752fc2f05a4b505762cbb564b"
    encoded = field_values(FIELDS)  # as preflight hands them to the request builder
    assert request_digest(checked_upsert("E1", encoded, ACTIONS)) == "cef195d752fc2f05a4b505762cbb564b"
    assert record_digest(refused) == "b3c873ba35ec0169fb6fa1781b015ca2"


def test_a_record_is_sent_with_its_fields_encoded_once_by_preflight(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    record = {"phone": phone(1), "next_follow_up": datetime(2026, 1, 31, 9, 5), "rating": 4}

    client.ingest.upsert_many([record], **FAST)

    fake.state.wait_idle()
    (ingested,) = fake.state.ingested
    assert ingested.body["fields"] == {
        "phone": phone(1),
        "next_follow_up": "31/01/2026 09:05:00",
        "rating": 4,
    }


def test_the_journal_refuses_a_move_its_state_machine_does_not_allow(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        key, previous = journal.admit("d0", 0)

        assert previous is None
        with pytest.raises(RuntimeError, match="from pending to queued"):
            journal.settled(key, IngestOutcome(0, "queued", attempts=1))  # never sent: cannot be queued
        journal.sent(key, 1, False)
        journal.settled(key, IngestOutcome(0, "queued", attempts=1))
        assert journal.get(*key).state == "queued"  # type: ignore[union-attr]


def test_a_journal_keys_records_of_the_same_content_by_occurrence(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "run.db", enterprise_id="e1") as journal:
        assert [journal.admit("d0", index)[0] for index in range(2)] == [("d0", 0), ("d0", 1)]


def test_a_record_not_replayed_fails_with_a_public_error(fake: FakeTelecrm, client: Telecrm) -> None:
    fake.faults.add(Fault.error(500), route="POST /autoupdatelead", when="after", times=1)

    report = client.ingest.upsert_many(
        [({"phone": phone(1)}, [CustomAction(1001)])], replay_actions=False, concurrency=1, **FAST
    )

    (outcome,) = report.outcomes
    assert outcome.status == "failed"
    assert type(outcome.error) is TelecrmError


# --- the port ----------------------------------------------------------------------------------------------


class _Sender:
    """Stands for a client's transport: records what it is asked to send, answers QUEUED."""

    def __init__(self) -> None:
        self.settings = resolve_settings(enterprise_id="E1", token="s", ingest_token="a", environ={})
        self.sent: list[Any] = []

    def execute(self, call: Any) -> Queued:
        self.sent.append(call.request["json"])
        return Queued(status="QUEUED", raw={"status": "QUEUED"})


def test_the_engine_runs_on_a_port_of_plain_callables_without_a_client() -> None:
    sender = _Sender()
    schema = WorkspaceSchema(
        fields={"phone": SchemaField("phone", "PHONE")},
        identifier="phone",
        actions={},
        active_statuses=frozenset(),
    )
    port = SyncPort(
        enterprise_id="E1",
        upsert=checked_upsert,
        schema=lambda: schema,
        senders=[sender],
        limiter=LocalRateLimiter(),
        closed=lambda: False,
        concurrency=1,
    )

    report = upsert_many_sync(
        port, [{"phone": phone(1)}, {"name": "x"}], bulk_options({"rate_per_hour": math.inf})
    )

    assert [o.status for o in report.outcomes] == ["queued", "invalid"]
    assert sender.sent == [{"fields": {"phone": phone(1)}}]
