"""The report of a large run holds counts and a bounded sample of problems; ``on_outcome`` sees every
outcome. (Memory itself is measured by ``make bench``, not asserted here.)"""

from __future__ import annotations

import math

import pytest
from bulk_records import phone

from telecrm import IngestOutcome, IngestStoppedError, Telecrm
from telecrm._bulk import tally

FAST = {"rate_per_hour": math.inf}


def records(count: int) -> list[dict[str, object]]:
    """Every fourth record is invalid (its phone is not text)."""
    return [{"phone": math.nan if index % 4 == 3 else phone(index)} for index in range(count)]


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tally, "KEPT_OUTCOMES", 10)
    monkeypatch.setattr(tally, "KEPT_PROBLEMS", 3)


def test_a_report_of_more_records_than_kept_holds_exact_counts(client: Telecrm, small_limits: None) -> None:
    report = client.ingest.upsert_many(records(40), **FAST)

    assert (len(report), report.queued, report.invalid, report.failed) == (40, 30, 10, 0)
    assert (report.complete, report.ok) == (False, False)


def test_a_report_of_more_records_than_kept_holds_the_first_problems_in_input_order(
    client: Telecrm, small_limits: None
) -> None:
    report = client.ingest.upsert_many(records(40), **FAST)

    assert [(o.index, o.status) for o in report.outcomes] == [(3, "invalid"), (7, "invalid"), (11, "invalid")]
    assert report.problems == report.outcomes


def test_on_outcome_sees_every_outcome_of_a_run_larger_than_the_report_keeps(
    client: Telecrm, small_limits: None
) -> None:
    seen: list[IngestOutcome] = []

    client.ingest.upsert_many(records(40), on_outcome=seen.append, **FAST)

    assert sorted(o.index for o in seen) == list(range(40))
    assert sum(o.status == "invalid" for o in seen) == 10


def test_a_run_within_the_limit_reports_every_outcome(client: Telecrm, small_limits: None) -> None:
    report = client.ingest.upsert_many(records(10), **FAST)

    assert (report.complete, report.records, dict(report.counts)) == (True, None, {})
    assert [o.index for o in report.outcomes] == list(range(10))


def test_an_on_outcome_that_raises_stops_the_run_with_the_report_so_far(client: Telecrm) -> None:
    def explode(outcome: IngestOutcome) -> None:
        raise RuntimeError("callback broke")

    with pytest.raises(
        IngestStoppedError, match=r"^on_outcome raised RuntimeError: callback broke"
    ) as caught:
        client.ingest.upsert_many(records(5), on_outcome=explode, **FAST)

    assert caught.value.report is not None
    assert isinstance(caught.value.__cause__, RuntimeError)


def messy_records(count: int) -> list[dict[str, object]]:
    """Each lead twice in a row, its phone written as people write it (``+91 70...``): every record is
    rewritten and every second one is a duplicate."""
    return [{"phone": f"+91 {phone(index // 2)[2:]}"} for index in range(count)]


def test_a_report_of_more_records_than_kept_counts_duplicates_skips_and_rewrites_as_a_full_one_does(
    client: Telecrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    def counted() -> tuple[int, ...]:
        report = client.ingest.upsert_many(messy_records(40), duplicates="keep_first", **FAST)
        return (len(report), report.queued, report.skipped, report.duplicates, report.rewritten, report.ok)

    full = counted()
    monkeypatch.setattr(tally, "KEPT_OUTCOMES", 10)
    monkeypatch.setattr(tally, "KEPT_PROBLEMS", 3)

    assert counted() == full == (40, 20, 20, 20, 40, True)
