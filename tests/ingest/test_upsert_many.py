"""``client.ingest.upsert_many``: what it sends and refuses, how it retries and paces, what it reports."""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from bulk_records import ingest_counts, phone, settings_of, valid_record

from telecrm import (
    AsyncTelecrm,
    AuthenticationError,
    BadRequestError,
    CustomAction,
    IngestProgress,
    IngestReport,
    InternalServerError,
    Payment,
    RateLimitError,
    Telecrm,
    ValidationError,
)
from telecrm.testing import FakeTelecrm, Fault

ROUTE = "POST /autoupdatelead"
FAST = {"rate_per_hour": math.inf}


def async_requests(fake: FakeTelecrm) -> list[Any]:
    return [request for request in fake.state.requests if request.route == ROUTE]


# --- what is sent ----------------------------------------------------------------------------------------


def test_each_record_is_queued_and_reported_in_input_order(fake: FakeTelecrm, client: Telecrm) -> None:
    report = client.ingest.upsert_many([valid_record(index) for index in range(30)], **FAST)

    assert isinstance(report, IngestReport)
    assert [(o.index, o.status, o.attempts) for o in report.outcomes] == [(i, "queued", 1) for i in range(30)]
    assert (report.queued, report.invalid, report.failed, len(report), report.ok) == (30, 0, 0, 30, True)
    fake.state.wait_idle()
    assert ingest_counts(fake) == Counter({phone(index): 1 for index in range(30)})


def test_every_accepted_record_shape_reaches_the_fake_with_its_actions(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    records = [
        {"phone": phone(1), "name": "Plain fields"},
        {"fields": {"phone": phone(2)}, "actions": [{"type": "1001", "fields": {"note": "api shape"}}]},
        (
            {"phone": phone(3)},
            [CustomAction("ACTION_1002", {"attendees": 2}), Payment("999", "INR", "COMPLETED")],
        ),
    ]

    assert client.ingest.upsert_many(records, **FAST).queued == 3

    fake.state.wait_idle()
    assert [r.dropped for r in fake.state.ingested] == [(), (), ()], "the fake dropped nothing"
    lead = fake.state.find_lead(phone(2))
    assert lead is not None
    assert [(a.type, a.fields) for a in lead.actions] == [("1001", {"note": "api shape"})]
    lead = fake.state.find_lead(phone(3))
    assert lead is not None
    assert [(a.type, a.amount) for a in lead.actions] == [("1002", None), ("PAYMENT", "999")]


def test_dates_are_sent_in_api_form(fake: FakeTelecrm, client: Telecrm) -> None:
    from datetime import date

    client.ingest.upsert_many([{"phone": phone(1), "next_follow_up": date(2026, 3, 9)}], **FAST)

    fake.state.wait_idle()
    [record] = fake.state.ingested
    assert record.body["fields"]["next_follow_up"] == "09/03/2026"
    assert record.dropped == ()


# --- what is refused -------------------------------------------------------------------------------------


def test_invalid_records_are_reported_with_every_reason_and_never_sent(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    records = [
        {"phone": phone(1), "name": "Fine"},
        {"phone": "98765", "rating": "3", "bogus": True, "status": "Junk"},
        ({"phone": phone(3)}, [CustomAction(1001, {"outcome": "x" * 41})]),
    ]

    report = client.ingest.upsert_many(records, **FAST)

    assert [o.status for o in report.outcomes] == ["queued", "invalid", "invalid"]
    second = report.outcomes[1]
    assert [reason.split(":")[0] for reason in second.reasons] == [
        "fields.phone",
        "fields.rating",
        "fields.bogus",
        "fields.status",
    ]
    assert isinstance(second.error, ValidationError)
    assert str(second.error).startswith("record 1 is invalid: fields.phone:")
    assert report.outcomes[2].reasons == (
        f"actions[0].fields.outcome: {'x' * 41!r} is longer than 40 characters",
    )
    assert len(async_requests(fake)) == 1


def test_without_validation_only_the_request_shape_is_checked(fake: FakeTelecrm) -> None:
    settings = {**settings_of(fake), "token": None}  # no Sync token: the workspace cannot be read
    with Telecrm(**settings) as client:
        report = client.ingest.upsert_many(
            [{"phone": phone(1), "rating": 9}, {}, ({"phone": phone(3)}, ["not an action"])],
            validate=False,
            **FAST,
        )

    assert [o.status for o in report.outcomes] == ["queued", "invalid", "invalid"]
    assert report.outcomes[1].reasons == ("fields must not be empty",)
    assert report.outcomes[2].reasons[0].startswith("actions[0]: an action is a CustomAction")


def test_dry_run_checks_every_record_and_sends_nothing(fake: FakeTelecrm, client: Telecrm) -> None:
    report = client.ingest.upsert_many([{"phone": phone(1)}, {"phone": phone(2), "rating": 0}], dry_run=True)

    assert [o.status for o in report.outcomes] == ["valid", "invalid"]
    assert (report.valid, report.invalid, report.queued, report.dry_run, report.ok) == (1, 1, 0, True, False)
    assert async_requests(fake) == []


def test_missing_tokens_are_reported_before_anything_is_sent(fake: FakeTelecrm) -> None:
    with (
        Telecrm(**{**settings_of(fake), "ingest_token": None}) as client,
        pytest.raises(ValidationError, match="TELECRM_ASYNC_TOKEN"),
    ):
        client.ingest.upsert_many([{"phone": phone(1)}])
    with (
        Telecrm(**{**settings_of(fake), "token": None}) as client,
        pytest.raises(ValidationError, match="validate=False"),
    ):
        client.ingest.upsert_many([{"phone": phone(1)}])
    assert fake.state.requests == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"tokens": "one-token"}, "not a single string"),
        ({"tokens": []}, "must not be empty"),
        ({"tokens": ["a", "a"]}, "listed twice"),
        ({"rate_per_hour": 0}, "rate_per_hour must be > 0"),
        ({"tokens": ["a", ""]}, "non-empty strings"),
        ({"concurrency": 0}, "concurrency must be an int from 1 to 256, got 0"),
        (
            {"concurrency": 10**6},
            "concurrency must be an int from 1 to 256, got 1000000: the Async API takes",
        ),
        ({"max_attempts": 0}, "max_attempts must be an int >= 1"),
        ({"on_progress": 5}, "on_progress must be a callable taking an IngestProgress, got int"),
        ({"journal": 5}, "journal must be the path of a SQLite file .*, got int"),
        (
            {"journal": "/no/such/dir/j"},
            "journal '/no/such/dir/j': the directory '/no/such/dir' does not exist",
        ),
        ({"journal": "/"}, "journal '/' is a directory: name a file in it"),
        ({"validate": "no"}, "validate must be True or False, got 'no'"),
        ({"normalize_dates": False, "date_format": "%m/%d/%Y"}, "does not go with normalize_dates=False"),
        ({"normalize_phones": True, "validate": False}, "normalize_phones needs validate=True"),
        ({"default_region": "India"}, "default_region must be a two-letter region code"),
        ({"default_region": "XX"}, "default_region 'XX' is not a region with phone numbers"),
        ({"duplicates": "first"}, "duplicates must be one of 'merge', 'keep_first', 'reject', got 'first'"),
        (
            {"normalize_dates": True, "date_format": "%m/%Y"},
            r"date_format '%m/%Y' does not read the day \(%d\)",
        ),
        ({"normalize_dates": True, "date_format": "%d/%m/%Y %Q"}, "is not a strptime format"),
        ({"normalize_dates": True, "validate": False}, "normalize_dates needs validate=True"),
    ],
)
def test_bad_options_are_refused_before_anything_is_sent(
    fake: FakeTelecrm, client: Telecrm, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        client.ingest.upsert_many([{"phone": phone(1)}], **options)

    assert fake.state.requests == []


def test_the_workspace_is_read_once_per_connection_pool(fake: FakeTelecrm, client: Telecrm) -> None:
    client.ingest.upsert_many([{"phone": phone(1)}], **FAST)
    client.with_options(timeout=5).ingest.upsert_many([{"phone": phone(2)}], **FAST)

    reads = Counter(request.route for request in fake.state.requests if request.api == "sync")
    assert reads == {"GET /custom-fields": 1, "GET /custom-actions": 1, "GET /lead-stage-pipeline": 1}


# --- retries ---------------------------------------------------------------------------------------------


def test_429_is_retried_after_its_retry_after(fake: FakeTelecrm, client: Telecrm) -> None:
    fake.faults.add(Fault.rate_limited(retry_after=0.4), route=ROUTE, times=1)

    report = client.ingest.upsert_many([{"phone": phone(1)}], **FAST)

    [outcome] = report.outcomes
    assert (outcome.status, outcome.attempts, outcome.possibly_duplicated) == ("queued", 2, False)
    assert report.rate_limited == 1
    first, second = async_requests(fake)
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.4


def test_a_5xx_after_processing_is_retried_and_reported_as_possibly_duplicated(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    fake.faults.add(Fault.error(502), route=ROUTE, when="after", times=1)

    [outcome] = client.ingest.upsert_many([{"phone": phone(1)}], **FAST).outcomes

    assert (outcome.status, outcome.attempts, outcome.possibly_duplicated) == ("queued", 2, True)
    fake.state.wait_idle()
    assert ingest_counts(fake)[phone(1)] == 2


def test_a_connection_never_made_is_not_a_possible_duplicate(fake: FakeTelecrm) -> None:
    attempts = 0

    def refuse_once(request: httpx.Request) -> None:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise httpx.ConnectError("refused", request=request)

    pool = httpx.Client(
        event_hooks={"request": [lambda r: refuse_once(r) if r.url.path.endswith("lead") else None]}
    )
    with pool, Telecrm(**settings_of(fake), http_client=pool) as client:
        [outcome] = client.ingest.upsert_many([{"phone": phone(1)}], **FAST).outcomes

    assert (outcome.status, outcome.attempts, outcome.possibly_duplicated) == ("queued", 2, False)


def test_a_refused_request_is_not_retried(fake: FakeTelecrm, client: Telecrm) -> None:
    fake.faults.add(Fault.error(400, code="BAD_REQUEST"), route=ROUTE, times=1)

    [outcome] = client.ingest.upsert_many([{"phone": phone(1)}], **FAST).outcomes

    assert (outcome.status, outcome.attempts) == ("failed", 1)
    assert isinstance(outcome.error, BadRequestError)


def test_after_max_attempts_the_last_error_is_reported(fake: FakeTelecrm, client: Telecrm) -> None:
    fake.faults.add(Fault.error(503, retry_after=0.01), route=ROUTE)

    report = client.ingest.upsert_many([{"phone": phone(1)}], max_attempts=3, **FAST)

    [outcome] = report.outcomes
    assert (outcome.status, outcome.attempts, outcome.possibly_delivered) == ("failed", 3, True)
    assert isinstance(outcome.error, InternalServerError)
    assert report.problems == (outcome,)


def test_replay_actions_false_never_resends_actions_that_may_have_been_delivered(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    fake.faults.add(Fault.error(500), route=ROUTE, when="after", times=2)
    records = [({"phone": phone(1)}, [CustomAction(1001)]), {"phone": phone(2)}]

    report = client.ingest.upsert_many(records, replay_actions=False, concurrency=1, **FAST)

    with_actions, fields_only = report.outcomes
    assert (with_actions.status, with_actions.attempts, with_actions.possibly_delivered) == (
        "failed",
        1,
        True,
    )
    assert "check the lead's timeline" in str(with_actions.error)
    assert (fields_only.status, fields_only.attempts, fields_only.possibly_duplicated) == ("queued", 2, True)
    fake.state.wait_idle()
    assert ingest_counts(fake) == {phone(1): 1, phone(2): 2}


# --- tokens and pacing -----------------------------------------------------------------------------------


def _counting_pool(seen: Counter[str]) -> httpx.Client:
    def count(request: httpx.Request) -> None:
        if request.url.path.endswith("/autoupdatelead"):
            seen[request.headers["Authorization"]] += 1

    return httpx.Client(event_hooks={"request": [count]})


def test_several_tokens_share_the_load(fake: FakeTelecrm) -> None:
    tokens = [fake.async_token, fake.state.issue_token("async"), fake.state.issue_token("async")]
    seen: Counter[str] = Counter()
    with _counting_pool(seen) as pool, Telecrm(**settings_of(fake), http_client=pool) as client:
        report = client.ingest.upsert_many([{"phone": phone(i)} for i in range(30)], tokens=tokens, **FAST)

    assert report.queued == 30
    assert seen == {f"Bearer {token}": 10 for token in tokens}


def test_a_refused_token_is_retired_and_the_others_carry_on(fake: FakeTelecrm) -> None:
    revoked = fake.state.issue_token("async")
    fake.state.revoke_token(revoked)
    seen: Counter[str] = Counter()
    with _counting_pool(seen) as pool, Telecrm(**settings_of(fake), http_client=pool) as client:
        report = client.ingest.upsert_many(
            [{"phone": phone(i)} for i in range(20)],
            tokens=[revoked, fake.async_token],
            concurrency=1,
            **FAST,
        )

    assert report.queued == 20
    assert seen[f"Bearer {revoked}"] == 1


def test_when_every_token_is_refused_records_fail_with_the_401(fake: FakeTelecrm) -> None:
    with Telecrm(**{**settings_of(fake), "ingest_token": "revoked:token"}) as client:
        report = client.ingest.upsert_many([{"phone": phone(i)} for i in range(5)], concurrency=1, **FAST)

    assert report.failed == 5
    assert all(isinstance(outcome.error, AuthenticationError) for outcome in report.outcomes)
    assert report.requests == 1, "once the only token is refused, nothing more is sent"


def test_each_token_is_paced_to_its_rate(fake: FakeTelecrm) -> None:
    tokens = [fake.async_token, fake.state.issue_token("async")]
    seen: Counter[str] = Counter()
    with _counting_pool(seen) as pool, Telecrm(**settings_of(fake), http_client=pool) as client:
        report = client.ingest.upsert_many(
            [{"phone": phone(i)} for i in range(21)], tokens=tokens, rate_per_hour=36_000
        )

    assert report.queued == 21
    # Ten a second per token, 1% under the limit: the tokens take 11 and 10 requests, and the 11 on one
    # token are 10 intervals of 1/9.9 s apart at least, so the run cannot have been shorter (a lower bound
    # holds on a busy machine too: waiting only ever makes a run longer).
    assert sorted(seen.values()) == [10, 11]
    assert report.elapsed >= 10 / 9.9


def test_a_429_holds_its_token_back_for_every_waiting_request(fake: FakeTelecrm) -> None:
    fake.faults.add(Fault.rate_limited(retry_after=0.3), route=ROUTE, times=1)
    with Telecrm(**settings_of(fake)) as client:
        report = client.ingest.upsert_many(
            [{"phone": phone(i)} for i in range(6)], concurrency=6, rate_per_hour=72_000
        )

    assert report.queued == 6
    assert report.rate_limited == 1, "slots booked before the 429 were not used during the pause"
    refused = next(r for r in async_requests(fake) if r.status == 429)
    assert all(r.at - refused.at >= 0.3 for r in async_requests(fake) if r.at > refused.at)


# --- order, progress, event loops ------------------------------------------------------------------------


def test_records_for_the_same_lead_are_applied_in_input_order(fake: FakeTelecrm, client: Telecrm) -> None:
    fake.faults.add(Fault.latency(0.3), route=ROUTE, times=1)  # slows the first request down
    records = [{"phone": phone(1), "name": "first"}]
    records += [{"phone": phone(i)} for i in range(2, 12)]
    records += [{"phone": "+" + phone(1), "name": "last"}]  # the same lead, written another way

    client.ingest.upsert_many(records, concurrency=8, **FAST)

    fake.state.wait_idle()
    lead = fake.state.find_lead(phone(1))
    assert lead is not None
    assert lead.fields["name"] == "last"


def test_progress_is_reported_once_per_record(client: Telecrm) -> None:
    seen: list[IngestProgress] = []

    client.ingest.upsert_many(
        [{"phone": phone(1)}, {"phone": "1"}, {"phone": phone(3)}], on_progress=seen.append, **FAST
    )

    assert [p.done for p in seen] == [1, 2, 3]
    assert seen[-1].total == 3
    assert (seen[-1].queued, seen[-1].invalid, seen[-1].failed) == (2, 1, 0)


def test_a_generator_of_records_is_streamed(client: Telecrm) -> None:
    def records() -> Iterator[dict[str, str]]:
        for index in range(5):
            yield {"phone": phone(index)}

    seen: list[IngestProgress] = []
    report = client.ingest.upsert_many(records(), on_progress=seen.append, **FAST)

    assert report.queued == 5
    assert seen[-1].total is None


@pytest.mark.anyio
async def test_the_async_client_runs_on_the_callers_event_loop(
    fake: FakeTelecrm, async_client: AsyncTelecrm
) -> None:
    report = await async_client.ingest.upsert_many([valid_record(index) for index in range(10)], **FAST)

    assert report.queued == 10


def test_the_sync_client_works_from_inside_a_running_event_loop(fake: FakeTelecrm) -> None:
    async def main() -> int:
        with Telecrm(**settings_of(fake)) as client:
            return client.ingest.upsert_many([{"phone": phone(1)}], **FAST).queued

    assert asyncio.run(main()) == 1


def test_rate_limit_error_is_kept_as_the_last_error(fake: FakeTelecrm, client: Telecrm) -> None:
    fake.faults.add(Fault.rate_limited(retry_after=0.01), route=ROUTE)

    [outcome] = client.ingest.upsert_many([{"phone": phone(1)}], max_attempts=2, **FAST).outcomes

    assert outcome.status == "failed"
    assert isinstance(outcome.error, RateLimitError)
    assert outcome.possibly_delivered is False


def test_a_rate_beyond_a_floats_range_is_a_validation_error(client):
    with pytest.raises(ValidationError, match=r"rate_per_hour must be > 0 and at most a float's range"):
        client.ingest.upsert_many([], rate_per_hour=10**400)
