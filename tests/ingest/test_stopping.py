"""What stops a bulk run before its end, and how: a typed error carrying the report so far, never an
ExceptionGroup, and a journal that resumes without an unflagged duplicate."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_records import ingest_counts, phone, settings_of

from telecrm import (
    AsyncTelecrm,
    IngestProgress,
    IngestReport,
    IngestStoppedError,
    Telecrm,
    ValidationError,
)
from telecrm._bulk.journal import Journal
from telecrm.testing import FakeTelecrm

FAST = {"rate_per_hour": math.inf}
RECORDS = 20


def leads(count: int = RECORDS) -> list[dict[str, str]]:
    return [{"phone": phone(index)} for index in range(count)]


def fail_at(settled: int) -> Any:
    def on_progress(progress: IngestProgress) -> None:
        if progress.done == settled:
            raise ZeroDivisionError("the progress bar broke")

    return on_progress


def assert_resumed_without_loss_or_unflagged_duplicates(fake: FakeTelecrm, report: IngestReport) -> None:
    fake.state.wait_idle()
    counts = ingest_counts(fake)
    assert report.queued == RECORDS
    assert all(counts[phone(index)] >= 1 for index in range(RECORDS)), "a record was lost"
    duplicated = {index for index in range(RECORDS) if counts[phone(index)] > 1}
    assert duplicated <= {o.index for o in report.outcomes if o.possibly_duplicated}


def test_on_progress_raising_stops_the_run_with_the_report_so_far(client: Telecrm, tmp_path: Path) -> None:
    with pytest.raises(
        IngestStoppedError, match="on_progress raised ZeroDivisionError: the progress bar broke"
    ) as caught:
        client.ingest.upsert_many(
            leads(), on_progress=fail_at(3), concurrency=1, journal=tmp_path / "j", **FAST
        )

    report = caught.value.report
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
    assert report is not None
    assert [o.status for o in report.outcomes[:3]] == ["queued"] * 3
    assert 3 <= len(report) < RECORDS, "it stopped reading the input"
    unsettled = report.outcomes[3:]
    assert all(
        o.status == "failed" and "not settled: the ingestion stopped" in str(o.error) for o in unsettled
    )


def test_a_run_stopped_by_on_progress_resumes_from_its_journal(
    fake: FakeTelecrm, client: Telecrm, tmp_path: Path
) -> None:
    journal = tmp_path / "run.db"
    with pytest.raises(IngestStoppedError):
        client.ingest.upsert_many(leads(), on_progress=fail_at(5), concurrency=4, journal=journal, **FAST)

    resumed = client.ingest.upsert_many(leads(), journal=journal, **FAST)

    assert resumed.from_journal >= 5
    assert_resumed_without_loss_or_unflagged_duplicates(fake, resumed)


@pytest.mark.anyio
async def test_the_async_client_stops_the_same_way(async_client: AsyncTelecrm) -> None:
    with pytest.raises(IngestStoppedError) as caught:
        await async_client.ingest.upsert_many(leads(), on_progress=fail_at(2), concurrency=1, **FAST)

    assert caught.value.report is not None
    assert caught.value.report.queued >= 2


def test_records_that_raise_while_read_stop_the_run_with_the_records_read(client: Telecrm) -> None:
    def records() -> Iterator[dict[str, str]]:
        yield from leads(4)
        raise OSError("the network drive went away")

    with pytest.raises(
        IngestStoppedError, match="reading the records raised OSError: the network drive went away after 4"
    ) as caught:
        client.ingest.upsert_many(records(), **FAST)

    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.report is not None
    assert [o.status for o in caught.value.report.outcomes] == ["queued"] * 4


def test_ctrl_c_while_reading_records_propagates_and_releases_the_journal(
    client: Telecrm, tmp_path: Path
) -> None:
    def records() -> Iterator[dict[str, str]]:
        yield from leads(2)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        client.ingest.upsert_many(records(), journal=tmp_path / "run.db", **FAST)

    with Journal.open(tmp_path / "run.db", enterprise_id=client.enterprise_id) as journal:  # not locked
        assert journal.counts()["queued"] <= 2


def test_a_closed_client_is_refused_before_anything_is_sent(fake: FakeTelecrm) -> None:
    client = Telecrm(**settings_of(fake))
    client.close()

    with pytest.raises(ValidationError, match="the client is closed"):
        client.ingest.upsert_many(leads(1), **FAST)

    assert fake.state.requests == []


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (None, "records must be an iterable of records .* got NoneType"),
        (5, "records must be an iterable of records .* got int"),
        ("919876543210", "records must be an iterable of records .* got str"),
        ({"phone": "919876543210"}, r"got a single mapping; pass \[record\] for one"),
    ],
)
def test_records_that_are_not_an_iterable_of_records_are_refused(
    fake: FakeTelecrm, client: Telecrm, records: Any, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        client.ingest.upsert_many(records, **FAST)

    assert fake.state.requests == []


def test_a_bug_inside_the_engine_ends_in_a_typed_error_with_the_report_never_an_exception_group(
    client: Telecrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    from telecrm._bulk import engine

    def broken(self: Any, job: Any, outcome: Any) -> None:
        raise AssertionError("an engine bug")

    monkeypatch.setattr(engine.Engine, "_finish", broken)

    with pytest.raises(
        IngestStoppedError, match="stopped on an unexpected AssertionError: an engine bug"
    ) as caught:
        client.ingest.upsert_many(leads(3), **FAST)

    assert isinstance(caught.value.__cause__, AssertionError)
    assert caught.value.report is not None
    assert len(caught.value.report) >= 1
