"""The Async API (`ingest.upsert`), the `ACTION_` prefix rule, typed tokens and the Async rate limit."""

from __future__ import annotations

import httpx
import pytest
from e2e_support import KAVYA, ROHAN, connection

from telecrm import (
    AuthenticationError,
    CustomAction,
    Payment,
    Queued,
    RateLimitError,
    Telecrm,
    ValidationError,
)
from telecrm.testing import FakeTelecrm

NOT_AUTHORIZED = (
    "Enterprise with ID {} not found or invalid access token. Please generate a new one from the "
    "Website/API integrations section of the Telecrm app."
)


# --- upsert ----------------------------------------------------------------------------


def test_upsert_is_queued_and_creates_a_new_lead(client: Telecrm, fake: FakeTelecrm) -> None:
    queued = client.ingest.upsert({"name": "Meera Pillai", "phone": "9811100001", "city": "Kochi"})

    assert isinstance(queued, Queued)
    assert queued.status == "QUEUED"
    fake.state.wait_idle()
    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert stored.fields == {
        "name": "Meera Pillai",
        "phone": "919811100001",
        "city": "Kochi",
        "status": "Fresh",
    }


def test_upsert_of_an_existing_identifier_updates_only_the_given_fields(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    client.ingest.upsert({"phone": "+919876500001", "city": "Nagpur"})

    fake.state.wait_idle()
    fields = client.leads.get(ROHAN).fields
    assert (fields["city"], fields["name"], fields["status"]) == ("Nagpur", "Rohan Mehta", "Interested")
    assert len(fake.state.leads) == 3


def test_upsert_with_a_payment_appends_it_to_the_timeline(client: Telecrm, fake: FakeTelecrm) -> None:
    client.ingest.upsert({"phone": "919876500002"}, [Payment("1000", "INR", "PENDING")])

    fake.state.wait_idle()
    payments = [(a.amount, a.status) for a in fake.state.lead(KAVYA).actions if a.type == "PAYMENT"]
    assert payments == [("250000", "COMPLETED"), ("1000", "PENDING")]


def test_upsert_without_fields_is_refused_before_sending(client: Telecrm, fake: FakeTelecrm) -> None:
    with pytest.raises(ValidationError, match="fields must not be empty"):
        client.ingest.upsert({})

    assert fake.state.requests == []


# --- the ACTION_ prefix rule -----------------------------------------------------------


def test_a_raw_async_request_with_a_bare_code_loses_its_action(
    raw_ingest: httpx.Client, fake: FakeTelecrm
) -> None:
    response = raw_ingest.post(
        "/autoupdatelead",
        json={
            "fields": {"name": "Meera Pillai", "phone": "919811100001"},
            "actions": [{"type": "1001", "fields": {"note": "Walk-in visit"}}],
        },
    )

    assert (response.status_code, response.json()) == (200, {"status": "QUEUED"})
    fake.state.wait_idle()
    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert stored.actions == ()
    assert fake.state.ingested[-1].dropped == (
        (
            "actions[0].type",
            "The Async API takes prefixed custom action codes: '1001' is dropped, send 'ACTION_1001'",
        ),
    )


@pytest.mark.parametrize("code", [1001, "1001", "ACTION_1001"])
def test_upsert_writes_the_prefixed_code_so_the_action_is_kept(
    client: Telecrm, fake: FakeTelecrm, code: int | str
) -> None:
    client.ingest.upsert(
        {"name": "Meera Pillai", "phone": "919811100001"}, [CustomAction(code, {"note": "Walk-in visit"})]
    )

    fake.state.wait_idle()
    assert fake.state.ingested[-1].body["actions"] == [
        {"type": "ACTION_1001", "fields": {"note": "Walk-in visit"}}
    ]
    (found,) = client.leads.search(fields={"phone": "919811100001"})
    assert found.fields["name"] == "Meera Pillai"
    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    lead = client.leads.get(stored.id, include_actions=True)
    assert lead.actions == (CustomAction(1001, {"note": "Walk-in visit"}),)


def test_the_sync_api_writes_the_bare_code(client: Telecrm, fake: FakeTelecrm) -> None:
    result = client.leads.create(
        {"phone": "919811100001"}, [CustomAction("ACTION_1001", {"note": "Walk-in"})]
    )

    assert result.ok
    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert [a.type for a in stored.actions] == ["1001"]


# --- typed tokens ----------------------------------------------------------------------


def test_an_async_token_on_the_sync_api_raises_authentication_error(fake: FakeTelecrm) -> None:
    with (
        Telecrm(**connection(fake, token=fake.async_token)) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.leads.get(ROHAN)

    error = caught.value
    assert (error.status_code, error.code) == (401, "NOT_AUTHORIZED")
    assert error.message == NOT_AUTHORIZED.format(fake.enterprise_id)
    assert fake.async_token not in str(error)
    assert [(r.route, r.token_kind, r.status) for r in fake.state.requests] == [
        ("GET /lead/{leadId}", "async", 401)
    ]


def test_a_sync_token_on_the_async_api_raises_authentication_error(fake: FakeTelecrm) -> None:
    with (
        Telecrm(**connection(fake, ingest_token=fake.sync_token)) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.ingest.upsert({"phone": "919811100001"})

    assert (caught.value.status_code, caught.value.code) == (401, "NOT_AUTHORIZED")
    assert fake.sync_token not in str(caught.value)
    fake.state.wait_idle()
    assert fake.state.find_lead("919811100001") is None


def test_a_wrong_enterprise_id_raises_the_same_authentication_error(fake: FakeTelecrm) -> None:
    with (
        Telecrm(**connection(fake, enterprise_id="000000000000000000000000")) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.workspace.metadata()

    assert caught.value.message == NOT_AUTHORIZED.format("000000000000000000000000")


def test_a_revoked_token_raises_authentication_error(client: Telecrm, fake: FakeTelecrm) -> None:
    fake.state.revoke_token(fake.sync_token)

    with pytest.raises(AuthenticationError):
        client.workspace.pipeline()


def test_each_host_only_ever_sees_its_own_token(client: Telecrm, fake: FakeTelecrm) -> None:
    client.leads.get(ROHAN)
    client.ingest.upsert({"phone": "919811100001"})
    client.workspace.metadata()

    assert [(r.api, r.token_kind) for r in fake.state.requests] == [
        ("sync", "sync"),
        ("async", "async"),
        ("sync", "sync"),
    ]


def test_a_missing_ingest_token_is_refused_before_sending(fake: FakeTelecrm) -> None:
    with Telecrm(**connection(fake, ingest_token=None)) as client:
        client.leads.get(ROHAN)
        with pytest.raises(ValidationError, match="TELECRM_ASYNC_TOKEN"):
            client.ingest.upsert({"phone": "919811100001"})

    assert [r.api for r in fake.state.requests] == ["sync"]


# --- the Async rate limit --------------------------------------------------------------


def test_the_upsert_beyond_the_async_rate_limit_raises_rate_limit_error_with_retry_after() -> None:
    with (
        FakeTelecrm.running(async_rate_limit=3, rate_window=30.0) as fake,
        Telecrm(**connection(fake, max_retries=0)) as client,
    ):
        for n in range(3):
            assert client.ingest.upsert({"phone": f"91981110000{n}"}).status == "QUEUED"

        with pytest.raises(RateLimitError) as caught:
            client.ingest.upsert({"phone": "919811100003"})

        error = caught.value
        assert (error.status_code, error.code, error.retry_after) == (429, "RATE_LIMITED", 30.0)
        assert error.message == "Rate limit of 3 requests per 30 seconds exceeded for this token"
        fake.state.wait_idle()
        assert fake.state.find_lead("919811100003") is None
        assert [r.status for r in fake.state.requests] == [200, 200, 200, 429]
