"""Retries through the client: what is retried, how often, how long it waits, and what is never replayed.

Waits are recorded by the ``sleeps`` fixture instead of slept.
"""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from telecrm import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    CustomAction,
    InternalServerError,
    Lead,
    Payment,
    RateLimitError,
)

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool

LEAD = {"fields": {"phone": "919999999999"}}


def failure(status: int) -> dict[str, object]:
    return {"error": {"code": "SOME_CODE", "message": f"status {status}"}}


def get_lead(c):
    return c.leads.get("L1")


# --- what is retried --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "raised"),
    [
        (503, InternalServerError),
        (502, InternalServerError),
        (500, InternalServerError),
        (408, APIStatusError),
        (429, RateLimitError),
    ],
)
def test_a_get_is_retried_on_a_retryable_status_then_raises_it(client, server, sleeps, status, raised):
    server.reply(status, failure(status), times=3)

    with pytest.raises(raised) as caught:
        get_lead(client)

    assert caught.value.status_code == status
    assert len(server.requests) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (httpx.ConnectError, APIConnectionError),
        (httpx.ReadTimeout, APITimeoutError),
        (httpx.RemoteProtocolError, APIConnectionError),
    ],
)
def test_a_get_is_retried_on_a_transport_error_then_raises_its_sdk_type(
    client, server, sleeps, error, raised
):
    server.fail(error, times=3)

    with pytest.raises(raised) as caught:
        get_lead(client)

    assert isinstance(caught.value.__cause__, error)
    assert len(server.requests) == 3
    assert len(sleeps) == 2


def test_a_read_timeout_is_raised_as_a_timeout_which_is_a_connection_error(client, server):
    server.fail(httpx.ReadTimeout, times=3)

    with pytest.raises(APIConnectionError) as caught:
        get_lead(client)

    assert type(caught.value) is APITimeoutError


def test_a_retry_that_succeeds_returns_the_result(client, server, sleeps):
    server.reply(503, failure(503)).fail(httpx.ConnectError).reply(200, LEAD)

    lead = get_lead(client)

    assert lead == Lead(fields=LEAD["fields"], raw=LEAD)
    assert len(server.requests) == 3
    assert len(sleeps) == 2


def test_a_retry_resends_the_same_request(client, server):
    server.reply(503, failure(503)).reply(200, LEAD)

    client.leads.update("L1", {"status": "Won"})

    first, second = server.requests
    assert (first.method, first.url, first.content) == (second.method, second.url, second.content)
    assert first.headers["authorization"] == second.headers["authorization"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_a_client_error_is_not_retried(client, server, sleeps, status):
    server.reply(status, failure(status), times=3)

    with pytest.raises(APIStatusError):
        get_lead(client)

    assert len(server.requests) == 1
    assert sleeps == []


def test_the_default_is_two_retries(client, server):
    server.reply(503, failure(503), times=5)

    with pytest.raises(InternalServerError):
        get_lead(client)

    assert client.max_retries == 2
    assert len(server.requests) == 3


@pytest.mark.parametrize("max_retries", [0, 1, 5])
def test_a_call_makes_exactly_max_retries_plus_one_attempts(make_client, server, sleeps, max_retries):
    client = make_client(max_retries=max_retries)
    server.reply(503, failure(503), times=10)

    with pytest.raises(InternalServerError):
        get_lead(client)

    assert len(server.requests) == max_retries + 1
    assert len(sleeps) == max_retries


def test_with_options_max_retries_applies_to_the_copy(client, server, sleeps):
    copy = client.with_options(max_retries=4)
    copy._transport.sleep = sleeps.append
    server.reply(503, failure(503), times=10)

    with pytest.raises(InternalServerError):
        get_lead(copy)

    assert len(server.requests) == 5


def test_a_non_creating_post_is_retried_on_a_5xx(client, server):
    server.reply(503, failure(503)).reply(200, {"data": [], "total_count": 0, "skip": 0, "limit": 100})

    assert list(client.leads.search()) == []
    assert len(server.requests) == 2


# --- how long it waits --------------------------------------------------------------------


def test_without_a_server_hint_waits_grow_exponentially_with_jitter(make_client, server, sleeps):
    client = make_client(max_retries=3)
    server.reply(503, failure(503), times=4)

    with pytest.raises(InternalServerError):
        get_lead(client)

    first, second, third = sleeps
    assert 0.25 <= first <= 0.5
    assert 0.5 <= second <= 1.0
    assert 1.0 <= third <= 2.0


def test_retry_after_seconds_is_honoured(client, server, sleeps):
    server.reply(503, failure(503), headers={"Retry-After": "3"}).reply(200, LEAD)

    get_lead(client)

    assert sleeps == [3.0]


def test_retry_after_ms_is_honoured(client, server, sleeps):
    server.reply(429, failure(429), headers={"retry-after-ms": "1500"}).reply(200, LEAD)

    get_lead(client)

    assert sleeps == [1.5]


def test_retry_after_as_an_http_date_is_honoured(client, server, sleeps):
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.reply(503, failure(503), headers={"Retry-After": when}).reply(200, LEAD)

    get_lead(client)

    (delay,) = sleeps
    assert 28.0 < delay <= 30.0


def test_a_retry_after_hint_is_capped_at_a_minute(client, server, sleeps):
    server.reply(429, failure(429), headers={"Retry-After": "3600"}).reply(200, LEAD)

    get_lead(client)

    assert sleeps == [60.0]


# --- creates are never replayed unless provably not processed -------------------------------

CREATES = [
    pytest.param(lambda c: c.leads.create({"phone": "919999999999"}), id="leads.create"),
    pytest.param(lambda c: c.actions.create("L1", [CustomAction(1001)]), id="actions.create"),
    pytest.param(
        lambda c: c.team_members.create("Asha", "asha@acme.example", "919876543210", "CALLER"),
        id="team_members.create",
    ),
    pytest.param(
        lambda c: c.ingest.upsert({"phone": "919999999999"}, [Payment("10", "INR", "PENDING")]),
        id="ingest.upsert-with-actions",
    ),
]

MAYBE_PROCESSED = [
    pytest.param(lambda s: s.reply(503, failure(503), times=3), InternalServerError, id="503"),
    pytest.param(lambda s: s.reply(500, failure(500), times=3), InternalServerError, id="500"),
    pytest.param(lambda s: s.reply(408, failure(408), times=3), APIStatusError, id="408"),
    pytest.param(lambda s: s.fail(httpx.ReadTimeout, times=3), APITimeoutError, id="read-timeout"),
    pytest.param(
        lambda s: s.fail(httpx.RemoteProtocolError, times=3), APIConnectionError, id="protocol-error"
    ),
]


@pytest.mark.parametrize(("script", "raised"), MAYBE_PROCESSED)
@pytest.mark.parametrize("create", CREATES)
def test_a_create_is_not_replayed_when_the_server_may_have_processed_it(
    client, server, sleeps, create, script, raised
):
    script(server)

    with pytest.raises(raised):
        create(client)

    assert len(server.requests) == 1
    assert sleeps == []


NOT_PROCESSED = [
    pytest.param(lambda s: s.reply(429, failure(429), times=3), RateLimitError, id="429"),
    pytest.param(lambda s: s.fail(httpx.ConnectError, times=3), APIConnectionError, id="connect-error"),
]


@pytest.mark.parametrize(("script", "raised"), NOT_PROCESSED)
@pytest.mark.parametrize("create", CREATES)
def test_a_create_is_replayed_when_the_server_provably_did_not_process_it(
    client, server, sleeps, create, script, raised
):
    script(server)

    with pytest.raises(raised):
        create(client)

    assert len(server.requests) == 3
    assert len(sleeps) == 2


def test_a_create_replayed_after_a_429_returns_the_result(client, server):
    server.reply(429, failure(429), headers={"Retry-After": "1"}).reply(201, {"lead_id": "L1"})

    result = client.leads.create({"phone": "919999999999"})

    assert result.lead_id == "L1"
    assert len(server.requests) == 2


def test_an_ingest_upsert_without_actions_is_retried_on_a_5xx(client, server, sleeps):
    server.reply(503, failure(503), times=2).reply(200, {"status": "QUEUED"})

    queued = client.ingest.upsert({"phone": "919999999999"})

    assert queued.status == "QUEUED"
    assert len(server.requests) == 3


def test_an_ingest_upsert_without_actions_is_retried_after_a_read_timeout(client, server):
    server.fail(httpx.ReadTimeout).reply(200, {"status": "QUEUED"})

    assert client.ingest.upsert({"phone": "919999999999"}).status == "QUEUED"
    assert len(server.requests) == 2
