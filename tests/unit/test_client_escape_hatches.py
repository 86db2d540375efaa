"""Per-call options, client.request, with_raw_response and the User-Agent, on the mock transport."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest

import telecrm
from telecrm import APIResponseValidationError, NotFoundError, RawResponse, ValidationError

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool

# The mock server's client (tests/unit/conftest.py) is for this workspace, with this Sync token.
ENTERPRISE_ID = "ent-42"
SYNC_TOKEN = "sync-tok-SECRET-1a2b3c"
UA = f"telecrm-python/{telecrm.__version__}"
METADATA = {"id": ENTERPRISE_ID, "name": "Acme"}


def test_extra_headers_are_sent_with_that_call_only(client, server):
    server.reply(200, METADATA, times=2)

    client.workspace.metadata(extra_headers={"X-Trace": "t1"})
    client.workspace.metadata()

    assert [request.headers.get("x-trace") for request in server.requests] == ["t1", None]


def test_an_extra_header_replaces_the_sdks_of_the_same_name_in_any_case(client, server):
    server.reply(200, METADATA)

    client.workspace.metadata(extra_headers={"accept": "application/json; v=2"})

    assert server.last.headers.get_list("accept") == ["application/json; v=2"]


def test_extra_headers_cannot_set_authorization(client, server):
    with pytest.raises(ValidationError, match="cannot set Authorization"):
        client.workspace.metadata(extra_headers={"authorization": "Bearer other"})

    assert server.requests == []


@pytest.mark.parametrize("given", [0, "", [], NotImplemented])
def test_extra_headers_that_are_not_a_mapping_are_refused_even_when_falsy(client, server, given):
    with pytest.raises(ValidationError, match="extra_headers must be a mapping"):
        client.workspace.metadata(extra_headers=given)

    assert server.requests == []


def test_extra_query_is_added_to_the_query(client, server):
    server.reply(200, {"customFields": []})

    client.workspace.custom_fields(extra_query={"beta": "1"})

    assert dict(server.last.url.params) == {"detail": "false", "beta": "1"}


def test_extra_body_adds_top_level_keys_to_the_json_body(client, server):
    server.reply(200, {"fields": {"name": "A"}})

    client.leads.update("L1", {"name": "A"}, extra_body={"source": "web"})

    assert server.body() == {"fields": {"name": "A"}, "source": "web"}


def test_extra_body_on_a_call_without_a_body_is_refused_before_sending(client, server):
    with pytest.raises(ValidationError, match="has no JSON body"):
        client.leads.get("L1", extra_body={"x": 1})

    assert server.requests == []


def test_an_unknown_per_call_option_is_refused(client, server):
    with pytest.raises(ValidationError, match="unknown option"):
        client.leads.get("L1", retries=3)  # type: ignore[call-arg]

    assert server.requests == []


@pytest.mark.lent_client_only("a request's timeout extension is not on the wire the own pool's server reads")
def test_a_per_call_timeout_is_the_one_sent_and_the_client_keeps_its_own(client, server):
    server.reply(200, METADATA, times=2)

    client.workspace.metadata(timeout=3)
    client.workspace.metadata()

    assert [request.extensions["timeout"]["read"] for request in server.requests] == [3.0, 30.0]


def test_per_call_max_retries_zero_makes_one_attempt(client, server):
    server.reply(503, {"error": {"code": "DOWN", "message": "down"}}, times=3)

    with pytest.raises(telecrm.InternalServerError):
        client.workspace.metadata(max_retries=0)

    assert len(server.requests) == 1


def test_the_user_agent_names_the_sdk_and_its_version(client, server):
    server.reply(200, METADATA)

    client.workspace.metadata()

    assert server.last.headers["user-agent"] == UA


def test_the_callers_user_agent_is_kept_and_the_sdks_appended(client, server):
    server.reply(200, METADATA)

    client.with_options(headers={"User-Agent": "acme-crm-sync/2.1"}).workspace.metadata()

    assert server.last.headers["user-agent"] == f"acme-crm-sync/2.1 {UA}"


def test_requests_accept_compressed_answers(client, server):
    server.reply(200, METADATA)

    client.workspace.metadata()

    assert server.last.headers["accept-encoding"] == "gzip, deflate"


def test_client_request_fills_in_the_enterprise_and_authenticates(client, server):
    server.reply(200, {"notes": []})

    answer = client.request("GET", "/enterprise/{enterprise_id}/lead/L1/notes", params={"limit": 5})

    assert answer == {"notes": []}
    assert (
        str(server.last.url)
        == f"https://next.telecrm.in/autoupdate/v2/enterprise/{ENTERPRISE_ID}/lead/L1/notes?limit=5"
    )
    assert server.last.headers["authorization"] == f"Bearer {SYNC_TOKEN}"


def test_client_request_converts_the_answer_with_cast_to(client, server):
    server.reply(200, METADATA)

    metadata = client.request(
        "GET", "/enterprise/{enterprise_id}/metadata", cast_to=telecrm.EnterpriseMetadata.from_api
    )

    assert metadata.name == "Acme"


def test_client_request_raises_the_typed_error_of_the_status(client, server):
    server.reply(404, {"error": {"code": "LEAD_NOT_FOUND", "message": "Lead not found"}})

    with pytest.raises(NotFoundError):
        client.request("GET", "/enterprise/{enterprise_id}/lead/NOPE/notes")


def test_client_request_does_not_replay_a_post_that_may_have_been_processed(client, server):
    server.fail(httpx.ReadTimeout, times=3)

    with pytest.raises(telecrm.APITimeoutError) as raised:
        client.request("POST", "/enterprise/{enterprise_id}/lead/L1/notes", json={"text": "hi"})

    assert (len(server.requests), raised.value.may_have_been_processed) == (1, True)


def test_client_request_replays_a_post_declared_not_creating(client, server):
    server.fail(httpx.ReadTimeout)
    server.reply(200, {"ok": True})

    answer = client.request("POST", "/enterprise/{enterprise_id}/lead/search", json={}, creates=False)

    assert (answer, len(server.requests)) == ({"ok": True}, 2)


def test_client_request_refuses_a_path_without_a_leading_slash(client, server):
    with pytest.raises(ValidationError, match="must start with '/'"):
        client.request("GET", "enterprise/x")

    assert server.requests == []


def test_client_request_with_a_non_json_answer_is_a_response_validation_error(client, server):
    server.reply(200, content=b"<html>ok</html>")

    with pytest.raises(APIResponseValidationError, match="not JSON"):
        client.request("GET", "/enterprise/{enterprise_id}/metadata")


def test_with_raw_response_returns_status_headers_request_id_and_the_parsed_value(client, server):
    server.reply(200, METADATA, headers={"X-Request-Id": "req-7"})

    raw = client.with_raw_response.workspace.metadata()

    assert isinstance(raw, RawResponse)
    assert (raw.status_code, raw.request_id, raw.parse().name) == (200, "req-7", "Acme")


def test_a_status_error_carries_the_response_and_the_request_id(client, server):
    server.reply(
        404, {"error": {"code": "LEAD_NOT_FOUND", "message": "no"}}, headers={"X-Request-Id": "req-9"}
    )

    with pytest.raises(NotFoundError) as raised:
        client.leads.get("L1")

    assert (raised.value.request_id, raised.value.response.status_code) == ("req-9", 404)


def test_a_create_dropped_after_sending_says_it_may_have_been_processed(client, server):
    server.fail(httpx.RemoteProtocolError)

    with pytest.raises(telecrm.APIConnectionError) as raised:
        client.leads.create({"phone": "919999999999"})

    assert raised.value.may_have_been_processed is True
    assert "may have processed this request" in str(raised.value)


def test_a_refused_create_says_it_was_not_processed(client, server):
    server.reply(409, {"error": {"code": "LEAD_ALREADY_EXISTS", "message": "exists"}})

    with pytest.raises(telecrm.LeadAlreadyExistsError) as raised:
        client.leads.create({"phone": "919999999999"})

    assert raised.value.may_have_been_processed is False
    assert "may have processed" not in str(raised.value)


def test_a_connection_never_made_was_not_processed(client, server):
    server.fail(httpx.ConnectError, times=3)

    with pytest.raises(telecrm.APIConnectionError) as raised:
        client.leads.create({"phone": "919999999999"})

    assert raised.value.may_have_been_processed is False


def test_extra_body_dates_are_encoded_like_any_field_value(client, server):
    server.reply(200, {"fields": {"name": "A"}})

    client.leads.update("L1", {"name": "A"}, extra_body={"follow_up": date(2024, 3, 9)})

    assert server.body() == {"fields": {"name": "A"}, "follow_up": "09/03/2024"}


def test_extra_body_decimals_are_sent_as_json_numbers_like_any_field_value(client, server):
    server.reply(200, {"fields": {"name": "A"}})

    client.leads.update("L1", {"name": "A"}, extra_body={"budget": Decimal("1.5"), "units": Decimal("4")})

    assert server.body() == {"fields": {"name": "A"}, "budget": 1.5, "units": 4}
