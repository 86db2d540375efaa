"""Retries, time and broken answers, with faults injected into the running fake.

Reads are retried on 5xx, 429 and dropped connections; creates only when the server provably did not process
them (a 429), so nothing is ever created twice. Delays are recorded, not slept (`sleeps`).
"""

from __future__ import annotations

import email.utils
import socket
import time
from collections.abc import Callable

import pytest
from e2e_support import ROHAN, connection, routes

from telecrm import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    CustomAction,
    InternalServerError,
    RateLimitError,
    Telecrm,
)
from telecrm.testing import FakeTelecrm, Fault

NEW_LEAD = {"name": "Meera Pillai", "phone": "919811100001"}


def _statuses(fake: FakeTelecrm) -> list[int | None]:
    return [r.status for r in fake.state.requests]


def _wait_for(condition: Callable[[], bool], timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def _leads_with_phone(fake: FakeTelecrm, phone: str) -> int:
    return sum(lead.fields["phone"] == phone for lead in fake.state.leads)


# --- reads are retried -----------------------------------------------------------------


def test_a_read_succeeds_after_two_503s_with_exponential_backoff(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(503), route="GET /lead/{leadId}", times=2)

    lead = client.leads.get(ROHAN)

    assert lead.fields["name"] == "Rohan Mehta"
    assert _statuses(fake) == [503, 503, 200]
    assert len(sleeps) == 2
    assert 0.25 <= sleeps[0] <= 0.5  # half to all of 0.5 s
    assert 0.5 <= sleeps[1] <= 1.0  # half to all of 1 s


def test_a_read_that_keeps_failing_raises_after_max_retries(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(503), route="GET /metadata")

    with pytest.raises(InternalServerError) as caught:
        client.workspace.metadata()

    assert (caught.value.status_code, caught.value.code) == (503, "SERVICE_UNAVAILABLE")
    assert _statuses(fake) == [503, 503, 503]
    assert len(sleeps) == 2


def test_a_client_with_no_retries_makes_one_attempt(client: Telecrm, fake: FakeTelecrm) -> None:
    fake.faults.add(Fault.error(503), route="GET /metadata", times=1)

    with pytest.raises(InternalServerError):
        client.with_options(max_retries=0).workspace.metadata()

    assert _statuses(fake) == [503]


def test_a_read_honours_retry_after_in_seconds(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(503, retry_after=3), route="GET /lead-stage-pipeline", times=1)

    client.workspace.pipeline()

    assert sleeps == [3.0]


def test_a_read_honours_retry_after_ms(client: Telecrm, fake: FakeTelecrm, sleeps: list[float]) -> None:
    fake.faults.add(
        Fault.error(503, headers={"retry-after-ms": "250"}), route="GET /lead-stage-pipeline", times=1
    )

    client.workspace.pipeline()

    assert sleeps == [0.25]


def test_a_read_is_retried_after_a_dropped_connection(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.drop(), route="GET /team-members/{email}", times=1)

    member = client.team_members.get("priya.sharma@sunriserealty.example")

    assert member.name == "Priya Sharma"
    assert _statuses(fake) == [None, 200]
    assert len(sleeps) == 1


def test_a_read_that_times_out_is_retried(fake: FakeTelecrm) -> None:
    fake.faults.add(Fault.latency(1.0), route="GET /custom-fields", times=1)
    recorded: list[float] = []

    with Telecrm(**connection(fake, timeout=0.2)) as client:
        client._transport.sleep = recorded.append
        fields = client.workspace.custom_fields()

    assert fields[0].api_name == "name"
    assert len(recorded) == 1


# --- creates are never replayed when they may have been processed ----------------------


def test_a_create_answered_503_raises_after_one_request_and_creates_nothing(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(503), route="POST /lead", when="before")

    with pytest.raises(InternalServerError) as caught:
        client.leads.create(NEW_LEAD)

    assert caught.value.status_code == 503
    assert routes(fake) == ["POST /lead"]
    assert sleeps == []
    assert fake.state.find_lead("919811100001") is None


def test_a_create_dropped_after_processing_raises_and_the_lead_exists_exactly_once(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.drop(), route="POST /lead", when="after")

    with pytest.raises(APIConnectionError) as caught:
        client.leads.create(NEW_LEAD)

    assert not isinstance(caught.value, APITimeoutError)
    assert routes(fake) == ["POST /lead"]
    assert sleeps == []
    assert _leads_with_phone(fake, "919811100001") == 1
    assert len(fake.state.leads) == 4


def test_a_create_that_times_out_after_processing_is_not_replayed(fake: FakeTelecrm) -> None:
    fake.faults.add(Fault.latency(0.5), route="POST /lead", when="after", times=1)

    with Telecrm(**connection(fake, timeout=0.2)) as client, pytest.raises(APITimeoutError):
        client.leads.create(NEW_LEAD)

    assert _leads_with_phone(fake, "919811100001") == 1
    _wait_for(lambda: len(fake.state.requests) == 1)
    assert routes(fake) == ["POST /lead"]


def test_a_request_abandoned_during_injected_latency_is_still_logged(fake: FakeTelecrm) -> None:
    fake.faults.add(Fault.latency(0.3), route="POST /lead", times=1)

    with Telecrm(**connection(fake, timeout=0.1, max_retries=0)) as client, pytest.raises(APITimeoutError):
        client.leads.create(NEW_LEAD)

    _wait_for(lambda: len(fake.state.requests) == 1, timeout=1.0)
    assert [(r.route, r.fault) for r in fake.state.requests] == [("POST /lead", "latency")]


def test_a_rate_limited_create_is_retried_after_retry_after_and_creates_one_lead(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.rate_limited(retry_after=1), route="POST /lead", times=1)

    result = client.leads.create(NEW_LEAD)

    assert sleeps == [1.0]
    assert _statuses(fake) == [429, 201]
    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert stored.id == result.lead_id
    assert _leads_with_phone(fake, "919811100001") == 1


def test_an_action_create_dropped_after_processing_is_not_replayed(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.drop(), route="POST /lead/{leadId}/action", when="after")

    with pytest.raises(APIConnectionError):
        client.actions.create(ROHAN, [CustomAction(1001, {"note": "Second visit"})])

    assert sleeps == []
    notes = [a.fields.get("note") for a in fake.state.lead(ROHAN).actions]
    assert notes.count("Second visit") == 1


def test_a_team_member_create_answered_500_is_not_replayed(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(500), route="POST /team-members", when="after")

    with pytest.raises(InternalServerError):
        client.team_members.create("Zoya Khan", "zoya.khan@sunriserealty.example", "919820000010", "CALLER")

    assert routes(fake) == ["POST /team-members"]
    assert [m.email for m in fake.state.team_members].count("zoya.khan@sunriserealty.example") == 1


def test_an_upsert_without_actions_is_retried_on_503(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(503), route="POST /autoupdatelead", times=1)

    assert client.ingest.upsert({"phone": "919811100001"}).status == "QUEUED"

    assert _statuses(fake) == [503, 200]
    assert len(sleeps) == 1


def test_an_upsert_with_actions_is_not_retried_on_503(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(503), route="POST /autoupdatelead", times=1)

    with pytest.raises(InternalServerError):
        client.ingest.upsert({"phone": "919811100001"}, [CustomAction(1001)])

    assert _statuses(fake) == [503]
    assert sleeps == []
    assert fake.state.ingested == []


# --- broken answers --------------------------------------------------------------------


def test_a_truncated_200_body_on_a_read_raises_api_response_validation_error(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    fake.faults.add(Fault.malformed(), route="GET /metadata", times=1)

    with pytest.raises(APIResponseValidationError) as caught:
        client.workspace.metadata()

    assert caught.value.status_code == 200
    assert caught.value.body == '{"data": [{"fields": {"name": "Ra'
    assert _statuses(fake) == [200]


def test_a_truncated_answer_to_a_create_raises_and_the_lead_exists_once(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    fake.faults.add(Fault.malformed(), route="POST /lead", when="after", times=1)

    with pytest.raises(APIResponseValidationError) as caught:
        client.leads.create(NEW_LEAD)

    assert caught.value.status_code == 201
    assert _leads_with_phone(fake, "919811100001") == 1


def test_an_html_502_page_raises_internal_server_error_without_an_api_code(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.html(502), route="GET /lead-stage-pipeline")

    with pytest.raises(InternalServerError) as caught:
        client.workspace.pipeline()

    error = caught.value
    assert (error.status_code, error.code) == (502, None)
    assert error.message.startswith("<html> <head><title>502 Bad Gateway</title></head>")
    assert str(error).startswith("HTTP 502 Bad Gateway: <html>")
    assert _statuses(fake) == [502, 502, 502]


def test_an_html_502_page_on_a_create_raises_after_one_request(client: Telecrm, fake: FakeTelecrm) -> None:
    fake.faults.add(Fault.html(502), route="POST /lead")

    with pytest.raises(InternalServerError):
        client.leads.create(NEW_LEAD)

    assert _statuses(fake) == [502]


# --- server hints and limits -----------------------------------------------------------


def test_a_retry_after_http_date_is_honoured(client: Telecrm, fake: FakeTelecrm, sleeps: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    fake.faults.add(Fault.error(503, retry_after=when), route="GET /metadata", times=1)

    client.workspace.metadata()

    assert len(sleeps) == 1
    assert 3.0 <= sleeps[0] <= 5.0  # the date has one-second resolution


def test_a_retry_after_beyond_a_minute_is_capped(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.rate_limited(retry_after=600), route="GET /metadata", times=1)

    client.workspace.metadata()

    assert sleeps == [60.0]


def test_a_read_rate_limited_on_every_attempt_raises_rate_limit_error(
    client: Telecrm, fake: FakeTelecrm, sleeps: list[float]
) -> None:
    fake.faults.add(Fault.rate_limited(retry_after=2), route="GET /custom-actions")

    with pytest.raises(RateLimitError) as caught:
        client.workspace.custom_actions()

    assert (caught.value.code, caught.value.retry_after) == ("RATE_LIMITED", 2.0)
    assert sleeps == [2.0, 2.0]
    assert _statuses(fake) == [429, 429, 429]


def test_a_create_is_retried_when_the_connection_was_never_made(fake: FakeTelecrm) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorded: list[float] = []

    with Telecrm(**connection(fake, base_url=f"http://127.0.0.1:{port}/autoupdate/v2")) as client:
        client._transport.sleep = recorded.append
        with pytest.raises(APIConnectionError, match="ConnectError"):
            client.leads.create(NEW_LEAD)

    assert len(recorded) == 2  # max_retries attempts more: nothing can have been created


def test_the_async_rate_limit_retry_after_is_waited_out_for_real() -> None:
    waited: list[float] = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        time.sleep(seconds)

    with (
        FakeTelecrm.running(async_rate_limit=3, rate_window=1.0) as fake,
        Telecrm(**connection(fake)) as client,
    ):
        client._transport.sleep = sleep
        for n in range(4):
            assert client.ingest.upsert({"phone": f"91981110000{n}"}).status == "QUEUED"

        assert waited == [1.0]
        assert [r.status for r in fake.state.requests] == [200, 200, 200, 429, 200]
        fake.state.wait_idle()
        assert all(fake.state.find_lead(f"91981110000{n}") is not None for n in range(4))
