"""Injected faults: latency, error statuses, 429, dropped connections, malformed and HTML bodies."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from telecrm.testing import FakeTelecrm, Fault

LEAD = {"fields": {"phone": "919999999999"}}


def leads_with_test_phone(telecrm_fake: FakeTelecrm) -> int:
    return sum(lead.fields["phone"] == "919999999999" for lead in telecrm_fake.state.leads)


def test_latency_delays_the_answer(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.latency(0.3), route="GET /metadata")
    started = time.monotonic()
    assert sync.get("/metadata").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_latency_after_processing_times_out_a_write_that_happened(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.latency(0.5), route="POST /lead", when="after")
    with pytest.raises(httpx.ReadTimeout):
        sync.post("/lead", json=LEAD, timeout=0.2)
    assert leads_with_test_phone(telecrm_fake) == 1


def test_error_status_strikes_the_given_number_of_times(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    rule = telecrm_fake.faults.add(Fault.error(503, retry_after=2), route="POST /lead", times=2)
    first, second, third = (sync.post("/lead", json=LEAD) for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 201)
    assert first.headers["retry-after"] == "2"
    assert first.json() == {"error": {"code": "SERVICE_UNAVAILABLE", "message": "Service Unavailable"}}
    assert (rule.hits, rule.remaining) == (2, 0)


def test_error_before_processing_changes_nothing(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.error(500), route="POST /lead")
    assert sync.post("/lead", json=LEAD).status_code == 500
    assert leads_with_test_phone(telecrm_fake) == 0


def test_error_after_processing_hides_a_write_that_happened(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.error(502), route="POST /lead", when="after")
    assert sync.post("/lead", json=LEAD).status_code == 502
    assert leads_with_test_phone(telecrm_fake) == 1


def test_rate_limited_fault_sends_retry_after(telecrm_fake: FakeTelecrm, ingest: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.rate_limited(retry_after=7), route="POST /autoupdatelead", times=1)
    response = ingest.post("/autoupdatelead", json=LEAD)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.json() == {"error": {"code": "RATE_LIMITED", "message": "Rate limit exceeded"}}


def test_error_can_carry_an_http_date_and_extra_headers(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    fault = Fault.error(429, retry_after="Wed, 21 Oct 2026 07:28:00 GMT", headers={"retry-after-ms": "1500"})
    telecrm_fake.faults.add(fault)
    response = sync.get("/metadata")
    assert (response.headers["retry-after"], response.headers["retry-after-ms"]) == (
        "Wed, 21 Oct 2026 07:28:00 GMT",
        "1500",
    )


def test_error_with_a_non_standard_status(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.error(520), route="GET /metadata")
    response = sync.get("/metadata")
    assert response.status_code == 520
    assert response.json() == {"error": {"code": "HTTP_520", "message": "Unknown Error"}}


def test_drop_before_processing_disconnects_and_changes_nothing(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.drop(), route="POST /lead", times=1)
    with pytest.raises(
        httpx.RemoteProtocolError, match=r"^Server disconnected without sending a response\.$"
    ):
        sync.post("/lead", json=LEAD)
    assert leads_with_test_phone(telecrm_fake) == 0
    assert sync.post("/lead", json=LEAD).status_code == 201


def test_drop_after_processing_disconnects_after_the_write(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.drop(), route="POST /lead", when="after")
    with pytest.raises(httpx.RemoteProtocolError):
        sync.post("/lead", json=LEAD)
    assert leads_with_test_phone(telecrm_fake) == 1


def test_drop_after_queueing_still_processes_the_upsert(
    telecrm_fake: FakeTelecrm, ingest: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.drop(), route="POST /autoupdatelead", when="after")
    with pytest.raises(httpx.RemoteProtocolError):
        ingest.post("/autoupdatelead", json=LEAD)
    telecrm_fake.state.wait_idle()
    assert leads_with_test_phone(telecrm_fake) == 1


def test_dropped_request_is_logged_without_a_status(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.drop())
    with pytest.raises(httpx.RemoteProtocolError):
        sync.get("/metadata")
    [record] = telecrm_fake.state.requests
    assert (record.status, record.fault) == (None, "drop")


def test_malformed_before_processing_is_a_truncated_200(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.malformed(), route="POST /lead")
    response = sync.post("/lead", json=LEAD)
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")
    with pytest.raises(ValueError, match="Unterminated string"):
        response.json()
    assert leads_with_test_phone(telecrm_fake) == 0


def test_malformed_after_processing_is_half_the_real_answer(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.malformed(), route="POST /lead", when="after")
    response = sync.post("/lead", json=LEAD)
    assert response.status_code == 201
    assert response.text.startswith('{"lead_id":"')
    with pytest.raises(ValueError, match="Unterminated string"):
        response.json()
    assert leads_with_test_phone(telecrm_fake) == 1


def test_html_error_page(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.html(504), route="GET /lead/{leadId}")
    response = sync.get("/lead/65a1f0c2e4b0a1b2c3d4e501")
    assert (response.status_code, response.headers["content-type"]) == (504, "text/html; charset=utf-8")
    assert "<title>504 Gateway Timeout</title>" in response.text


def test_route_pattern_without_method_matches_every_method(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.error(503), route="/lead/{leadId}")
    lead = "/lead/65a1f0c2e4b0a1b2c3d4e501"
    assert (sync.get(lead).status_code, sync.post(lead, json={"fields": {}}).status_code) == (503, 503)
    assert sync.post("/lead/search").status_code == 200


def test_route_pattern_takes_wildcards(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.error(503), route="GET /custom-*")
    statuses = [
        sync.get(path).status_code for path in ("/custom-fields", "/custom-actions/ACTION_1001", "/metadata")
    ]
    assert statuses == [503, 503, 200]


def test_route_pattern_matching_no_route_is_refused(telecrm_fake: FakeTelecrm) -> None:
    with pytest.raises(ValueError, match=r"^route 'POST /leads' matches none of: POST /lead/search, "):
        telecrm_fake.faults.add(Fault.drop(), route="POST /leads")


def test_rate_strikes_a_seeded_fraction_of_requests(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    def pattern() -> list[int]:
        telecrm_fake.reset()
        telecrm_fake.faults.add(Fault.error(503), route="GET /metadata", rate=0.3, seed=1)
        return [sync.get("/metadata").status_code for _ in range(40)]

    first = pattern()
    assert first == pattern()
    assert 4 <= first.count(503) <= 20


def test_faults_are_tried_in_the_order_added(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.error(502), route="GET /metadata", times=1)
    telecrm_fake.faults.add(Fault.error(503))
    assert [sync.get("/metadata").status_code for _ in range(2)] == [502, 503]


def test_latency_combines_with_an_error_after_processing(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    telecrm_fake.faults.add(Fault.latency(0.2))
    telecrm_fake.faults.add(Fault.error(500), when="after")
    started = time.monotonic()
    assert sync.get("/metadata").status_code == 500
    assert time.monotonic() - started >= 0.2


def test_reset_clears_faults(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    telecrm_fake.faults.add(Fault.error(503))
    telecrm_fake.reset()
    assert telecrm_fake.faults.rules == []
    assert sync.get("/metadata").status_code == 200


def test_faults_can_be_removed(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    rule = telecrm_fake.faults.add(Fault.error(503))
    telecrm_fake.faults.remove(rule)
    assert sync.get("/metadata").status_code == 200


def test_stopping_does_not_wait_out_injected_latency() -> None:
    outcome: list[BaseException] = []
    with FakeTelecrm.running() as fake:
        fake.faults.add(Fault.latency(30))

        def call() -> None:
            try:
                httpx.get(
                    f"{fake.base_url}/enterprise/{fake.enterprise_id}/metadata",
                    headers={"Authorization": f"Bearer {fake.sync_token}"},
                    timeout=10,
                )
            except httpx.TransportError as exc:
                outcome.append(exc)

        caller = threading.Thread(target=call)
        caller.start()
        while not fake.faults.rules[0].hits:
            time.sleep(0.01)
        stopping = time.monotonic()
    caller.join(5)
    assert time.monotonic() - stopping < 1
    assert [type(exc) for exc in outcome] == [httpx.RemoteProtocolError]
