"""5,000 records, a tenth of them invalid and a tenth of the requests struck by faults: nothing is lost.

The accounting is exact. Every valid record reaches the fake; every invalid one is reported and never sent;
a record is processed twice only when a fault struck *after* the fake had processed its request (the client
cannot tell that answer from one lost before processing, so it retries), and each such record is reported as
possibly duplicated.
"""

from __future__ import annotations

import math
import time

import pytest
from bulk_records import ingest_counts, invalid_record, phone, valid_record

from telecrm import AsyncTelecrm
from telecrm.testing import FakeTelecrm, Fault

RECORDS = 5_000
ROUTE = "POST /autoupdatelead"


@pytest.mark.anyio
async def test_5000_records_with_faults_lose_nothing_and_count_every_duplicate(
    fake: FakeTelecrm, async_client: AsyncTelecrm
) -> None:
    records, expected_reasons = [], {}
    for index in range(RECORDS):
        if index % 10 == 7:  # a tenth of the input is invalid, of every kind in turn
            record, reason = invalid_record(index, index // 10)
            expected_reasons[index] = reason
        else:
            record = valid_record(index)
        records.append(record)
    # About a tenth of the requests fail. "before": nothing was processed; "after": processed, answer lost.
    before = [
        fake.faults.add(Fault.rate_limited(retry_after=0.05), route=ROUTE, rate=0.02, seed=1),
        fake.faults.add(Fault.error(503), route=ROUTE, rate=0.02, seed=2),
        fake.faults.add(Fault.drop(), route=ROUTE, rate=0.02, seed=3),
    ]
    after = [
        fake.faults.add(Fault.error(500), route=ROUTE, when="after", rate=0.02, seed=4),
        fake.faults.add(Fault.drop(), route=ROUTE, when="after", rate=0.01, seed=5),
        fake.faults.add(Fault.malformed(), route=ROUTE, when="after", rate=0.01, seed=6),
    ]

    started = time.perf_counter()
    report = await async_client.ingest.upsert_many(
        records, rate_per_hour=math.inf, concurrency=32, max_attempts=8
    )
    elapsed = time.perf_counter() - started
    fake.state.wait_idle(timeout=30)

    valid = [index for index in range(RECORDS) if index not in expected_reasons]
    assert [outcome.index for outcome in report.outcomes] == list(range(RECORDS))
    assert (report.queued, report.invalid, report.failed) == (len(valid), len(expected_reasons), 0)
    for index, reason in expected_reasons.items():
        outcome = report.outcomes[index]
        assert outcome.status == "invalid"
        assert outcome.attempts == 0
        assert any(reason in text for text in outcome.reasons), (index, outcome.reasons)

    counts = ingest_counts(fake)
    assert all(counts[phone(index)] >= 1 for index in valid), "a valid record is missing at the fake"
    assert not any(counts[phone(index)] for index in expected_reasons), "an invalid record was sent"

    # Each "after" fault made the fake process one request whose answer the client never saw: exactly one
    # extra processing, of a record the report marks as possibly duplicated.
    after_hits = sum(rule.hits for rule in after)
    assert after_hits > 0
    assert sum(counts[phone(index)] - 1 for index in valid) == after_hits
    processed_twice = {index for index in valid if counts[phone(index)] > 1}
    flagged = {outcome.index for outcome in report.outcomes if outcome.possibly_duplicated}
    assert processed_twice <= flagged
    # Flags are conservative only where the client truly could not know: a 503 or a dropped connection
    # *before* processing looks the same from outside.
    ambiguous_before = before[1].hits + before[2].hits
    assert len(flagged) <= after_hits + ambiguous_before

    requests = [r for r in fake.state.requests if r.route == ROUTE]
    assert report.requests == len(requests) == len(valid) + after_hits + sum(rule.hits for rule in before)
    assert report.rate_limited == before[0].hits
    assert sum(outcome.attempts for outcome in report.outcomes) == report.requests
    print(f"\n5,000 records, {len(requests)} requests, {after_hits} duplicates, {elapsed:.1f} s")
