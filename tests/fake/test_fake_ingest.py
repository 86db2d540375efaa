"""The Async API: queued upserts processed in the background, its silent drops, and its rate limit."""

from __future__ import annotations

import time

import httpx
import pytest

from telecrm.testing import FakeTelecrm


def upsert(ingest: httpx.Client, body: object) -> httpx.Response:
    response = ingest.post("/autoupdatelead", json=body)
    assert response.status_code == 200
    assert response.json() == {"status": "QUEUED"}
    return response


def test_upsert_answers_queued_and_creates_the_lead_in_the_background(
    telecrm_fake: FakeTelecrm, ingest: httpx.Client
) -> None:
    upsert(ingest, {"fields": {"phone": "9123456789", "name": "Neha Gupta"}})
    telecrm_fake.state.wait_idle()
    lead = telecrm_fake.state.find_lead("+919123456789")
    assert lead is not None
    assert lead.fields == {"phone": "919123456789", "name": "Neha Gupta", "status": "Fresh"}
    [record] = telecrm_fake.state.ingested
    assert (record.outcome, record.lead_id, record.dropped) == ("created", lead.id, ())


def test_queued_is_answered_before_processing() -> None:
    with FakeTelecrm.running(ingest_delay=0.3) as fake, httpx.Client(base_url=fake.ingest_base_url) as client:
        response = client.post(
            f"/enterprise/{fake.enterprise_id}/autoupdatelead",
            json={"fields": {"phone": "9123456789"}},
            headers={"Authorization": f"Bearer {fake.async_token}"},
        )
        assert response.json() == {"status": "QUEUED"}
        assert fake.state.find_lead("9123456789") is None
        fake.state.wait_idle()
        assert fake.state.find_lead("9123456789") is not None


def test_wait_idle_times_out_while_upserts_are_queued() -> None:
    with FakeTelecrm.running(ingest_delay=5) as fake, httpx.Client(base_url=fake.ingest_base_url) as client:
        client.post(
            f"/enterprise/{fake.enterprise_id}/autoupdatelead",
            json={"fields": {"phone": "9123456789"}},
            headers={"Authorization": f"Bearer {fake.async_token}"},
        )
        with pytest.raises(TimeoutError, match=r"^1 Async upserts still queued after 0\.1 s$"):
            fake.state.wait_idle(0.1)


def test_upsert_updates_only_the_supplied_fields_of_the_matching_lead(
    telecrm_fake: FakeTelecrm, ingest: httpx.Client
) -> None:
    upsert(ingest, {"fields": {"phone": "+919876500001", "city": "Nashik"}})
    telecrm_fake.state.wait_idle()
    lead = telecrm_fake.state.lead("65a1f0c2e4b0a1b2c3d4e501")
    assert (lead.fields["city"], lead.fields["name"]) == ("Nashik", "Rohan Mehta")
    assert telecrm_fake.state.ingested[0].outcome == "updated"


def test_prefixed_custom_action_and_payment_are_appended_in_order(
    telecrm_fake: FakeTelecrm, ingest: httpx.Client
) -> None:
    payment = {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000"}
    upsert(ingest, {"fields": {"phone": "9123456789"}, "actions": [{"type": "ACTION_1001"}, payment]})
    telecrm_fake.state.wait_idle()
    lead = telecrm_fake.state.find_lead("9123456789")
    assert lead is not None
    assert [(a.type, a.amount) for a in lead.actions] == [("1001", None), ("PAYMENT", "5000")]


def test_bare_custom_code_is_dropped_but_the_lead_is_upserted(
    telecrm_fake: FakeTelecrm, ingest: httpx.Client
) -> None:
    upsert(ingest, {"fields": {"phone": "9123456789"}, "actions": [{"type": "1001"}, {"type": 1001}]})
    telecrm_fake.state.wait_idle()
    lead = telecrm_fake.state.find_lead("9123456789")
    assert lead is not None
    assert lead.actions == ()
    assert telecrm_fake.state.ingested[0].dropped == (
        (
            "actions[0].type",
            "The Async API takes prefixed custom action codes: '1001' is dropped, send 'ACTION_1001'",
        ),
        ("actions[1].type", "Action type must be a string: a custom action code or PAYMENT"),
    )


def test_payload_without_the_identifier_is_dropped_whole(
    telecrm_fake: FakeTelecrm, ingest: httpx.Client
) -> None:
    upsert(ingest, {"fields": {"name": "No Phone"}, "actions": [{"type": "ACTION_1001"}]})
    telecrm_fake.state.wait_idle()
    [record] = telecrm_fake.state.ingested
    assert (record.outcome, record.lead_id) == ("dropped", None)
    assert record.dropped == (("", "Lead identifier field name 'phone' not found in request body."),)
    assert len(telecrm_fake.state.leads) == 3


def test_body_that_is_not_json_is_queued_and_dropped(telecrm_fake: FakeTelecrm, ingest: httpx.Client) -> None:
    response = ingest.post("/autoupdatelead", content=b"phone=9123456789")
    assert response.json() == {"status": "QUEUED"}
    telecrm_fake.state.wait_idle()
    assert telecrm_fake.state.ingested[0].outcome == "dropped"


def test_invalid_fields_and_iso_dates_are_dropped_silently(
    telecrm_fake: FakeTelecrm, ingest: httpx.Client
) -> None:
    upsert(
        ingest,
        {
            "fields": {
                "phone": "9123456789",
                "rating": "3",
                "next_follow_up": "2026-01-01T10:30:00Z",
                "city": "Goa",
            }
        },
    )
    telecrm_fake.state.wait_idle()
    lead = telecrm_fake.state.find_lead("9123456789")
    assert lead is not None
    assert lead.fields == {"phone": "919123456789", "city": "Goa", "status": "Fresh"}
    assert [where for where, _ in telecrm_fake.state.ingested[0].dropped] == [
        "fields.rating",
        "fields.next_follow_up",
    ]


def test_rate_limit_answers_429_with_retry_after() -> None:
    with (
        FakeTelecrm.running(async_rate_limit=3, rate_window=60) as fake,
        httpx.Client(
            base_url=f"{fake.ingest_base_url}/enterprise/{fake.enterprise_id}",
            headers={"Authorization": f"Bearer {fake.async_token}"},
        ) as client,
    ):
        statuses = [
            client.post("/autoupdatelead", json={"fields": {"phone": "9123456789"}}).status_code
            for _ in range(4)
        ]
        response = client.post("/autoupdatelead", json={"fields": {"phone": "9123456789"}})
    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert response.json() == {
        "error": {
            "code": "RATE_LIMITED",
            "message": "Rate limit of 3 requests per 60 seconds exceeded for this token",
        }
    }


def test_rate_limit_is_per_token() -> None:
    with FakeTelecrm.running(async_rate_limit=1, rate_window=60) as fake:
        second = fake.state.issue_token("async")
        url = f"{fake.ingest_base_url}/enterprise/{fake.enterprise_id}/autoupdatelead"
        body = {"fields": {"phone": "9123456789"}}
        statuses = [
            httpx.post(url, json=body, headers={"Authorization": f"Bearer {token}"}).status_code
            for token in (fake.async_token, second, fake.async_token)
        ]
    assert statuses == [200, 200, 429]


def test_rate_window_slides() -> None:
    with (
        FakeTelecrm.running(async_rate_limit=2, rate_window=0.3) as fake,
        httpx.Client(
            base_url=f"{fake.ingest_base_url}/enterprise/{fake.enterprise_id}",
            headers={"Authorization": f"Bearer {fake.async_token}"},
        ) as client,
    ):
        body = {"fields": {"phone": "9123456789"}}
        first = [client.post("/autoupdatelead", json=body).status_code for _ in range(3)]
        time.sleep(0.35)
        later = client.post("/autoupdatelead", json=body).status_code
        log = fake.state.requests
    assert (first, later) == ([200, 200, 429], 200)
    assert [r.status for r in log] == [200, 200, 429, 200]


def test_rate_limit_can_be_switched_off() -> None:
    with (
        FakeTelecrm.running(async_rate_limit=None) as fake,
        httpx.Client(
            base_url=f"{fake.ingest_base_url}/enterprise/{fake.enterprise_id}",
            headers={"Authorization": f"Bearer {fake.async_token}"},
        ) as client,
    ):
        statuses = {
            client.post("/autoupdatelead", json={"fields": {"phone": "9123456789"}}).status_code
            for _ in range(50)
        }
    assert statuses == {200}


def test_sync_api_has_no_rate_limit() -> None:
    with (
        FakeTelecrm.running(async_rate_limit=1, rate_window=60) as fake,
        httpx.Client(
            base_url=f"{fake.base_url}/enterprise/{fake.enterprise_id}",
            headers={"Authorization": f"Bearer {fake.sync_token}"},
        ) as client,
    ):
        assert {client.get("/metadata").status_code for _ in range(5)} == {200}
