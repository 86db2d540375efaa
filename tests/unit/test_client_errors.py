"""Error responses through the client: every status and code becomes its exception, and is raised.

Retries are switched off (``max_retries=0``) so each test sees exactly one response.
"""

from __future__ import annotations

import json

import httpx
import pytest

from telecrm import (
    ActionNotFoundError,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    CustomAction,
    ErrorDetail,
    InternalServerError,
    InvalidLeadError,
    LeadAlreadyExistsError,
    LeadNotFoundError,
    LicenseLimitError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    TeamMemberNotFoundError,
    TelecrmError,
)

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool

SYNC_TOKEN = "sync-tok-SECRET-1a2b3c"
ASYNC_TOKEN = "async-tok-SECRET-4d5e6f"

NOT_AUTHORIZED = {
    "error": {
        "code": "NOT_AUTHORIZED",
        "message": "Enterprise with ID ent-42 not found or invalid access token. Please generate a new one "
        "from the Website/API integrations section of the Telecrm app.",
    }
}


def error(code: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": message, **extra}}


@pytest.fixture
def client(make_client):
    return make_client(max_retries=0)


def get_lead(c):
    return c.leads.get("L1")


def create_lead(c):
    return c.leads.create({"phone": "919999999999"})


def update_lead(c):
    return c.leads.update("L1", {"phone": "919999999998"})


def get_action(c):
    return c.actions.get("L1", "A1")


def get_member(c):
    return c.team_members.get("asha@acme.example")


def create_member(c):
    return c.team_members.create("Asha", "asha@acme.example", "919876543210", "CALLER")


STATUS_CASES = [
    pytest.param(
        get_lead, 400, error("BAD_REQUEST", "Limit should be between 1 and 100"), BadRequestError, id="400"
    ),
    pytest.param(get_lead, 401, NOT_AUTHORIZED, AuthenticationError, id="401"),
    pytest.param(
        create_member, 402, error("BUY_LICENSE", "License seat limit reached"), LicenseLimitError, id="402"
    ),
    pytest.param(
        create_member,
        402,
        error("PLAN_LIMIT", "Upgrade your plan"),
        PaymentRequiredError,
        id="402-other-code",
    ),
    pytest.param(
        update_lead,
        403,
        error("INVALID_LEAD", "Cannot modify lead identifier field"),
        InvalidLeadError,
        id="403",
    ),
    pytest.param(
        create_member, 403, error("NOT_AUTHORIZED", "Not authorized"), PermissionDeniedError, id="403-other"
    ),
    pytest.param(
        get_lead,
        404,
        error("LEAD_NOT_FOUND", "The lead with ID L1 was not found."),
        LeadNotFoundError,
        id="404-lead",
    ),
    pytest.param(
        get_action,
        404,
        error("ACTION_NOT_FOUND", "Action with ID A1 was not found."),
        ActionNotFoundError,
        id="404-action",
    ),
    pytest.param(
        get_member,
        404,
        error("TEAM_MEMEBER_NOT_FOUND", "Team member not found"),
        TeamMemberNotFoundError,
        id="404-team-memeber-spec-spelling",
    ),
    pytest.param(
        get_member,
        404,
        error("TEAM_MEMBER_NOT_FOUND", "Team member not found"),
        TeamMemberNotFoundError,
        id="404-team-member-docs-spelling",
    ),
    pytest.param(
        lambda c: c.workspace.custom_field("contact_source"),
        404,
        error("NOT_FOUND", "Could not find custom field with apiName contact_source"),
        NotFoundError,
        id="404-other-code",
    ),
    pytest.param(
        create_lead,
        409,
        error("LEAD_ALREADY_EXISTS", "Lead with phone 919999999999 already exists."),
        LeadAlreadyExistsError,
        id="409-lead-exists",
    ),
    pytest.param(create_lead, 409, error("CONFLICT", "Conflict"), ConflictError, id="409-other"),
    pytest.param(get_lead, 429, error("RATE_LIMITED", "Too many requests"), RateLimitError, id="429"),
    pytest.param(get_lead, 500, error("INTERNAL", "Something went wrong"), InternalServerError, id="500"),
    pytest.param(get_lead, 520, error("UNKNOWN", "Origin error"), InternalServerError, id="520"),
    pytest.param(get_lead, 499, error("CLIENT_CLOSED", "Client closed request"), APIStatusError, id="499"),
]


@pytest.mark.parametrize(("call", "status", "body", "expected"), STATUS_CASES)
def test_an_error_status_raises_its_exception_class(client, server, call, status, body, expected):
    server.reply(status, body)

    with pytest.raises(expected) as caught:
        call(client)

    assert caught.value.status_code == status
    assert caught.value.code == body["error"]["code"]
    assert caught.value.message == body["error"]["message"]
    assert json.loads(caught.value.body) == body


def test_a_499_is_a_plain_api_status_error(client, server):
    server.reply(499, error("CLIENT_CLOSED", "Client closed request"))

    with pytest.raises(APIStatusError) as caught:
        get_lead(client)

    assert type(caught.value) is APIStatusError


def test_a_403_invalid_lead_is_both_invalid_lead_and_permission_denied(client, server):
    server.reply(403, error("INVALID_LEAD", "Cannot modify lead identifier field"))

    with pytest.raises(InvalidLeadError) as caught:
        update_lead(client)

    assert isinstance(caught.value, PermissionDeniedError)


def test_a_400_invalid_lead_is_both_invalid_lead_and_bad_request(client, server):
    server.reply(400, error("INVALID_LEAD", "Lead identifier field name 'phone' not found in request body."))

    with pytest.raises(InvalidLeadError) as caught:
        client.leads.create({"name": "No phone"})

    assert isinstance(caught.value, BadRequestError)


def test_buy_license_is_also_a_payment_required_error(client, server):
    server.reply(402, error("BUY_LICENSE", "License seat limit reached"))

    with pytest.raises(PaymentRequiredError) as caught:
        create_member(client)

    assert isinstance(caught.value, LicenseLimitError)


def test_a_429_carries_the_servers_retry_after(client, server):
    server.reply(429, error("RATE_LIMITED", "Too many requests"), headers={"Retry-After": "12"})

    with pytest.raises(RateLimitError) as caught:
        client.ingest.upsert({"phone": "919999999999"})

    assert caught.value.retry_after == 12.0


def test_error_details_are_kept(client, server):
    server.reply(
        400,
        error(
            "BAD_REQUEST",
            "Validation failed",
            details=[
                {"field": "phone_number", "message": "Invalid phone_number format."},
                {"field": "role", "message": "Invalid role."},
            ],
        ),
    )

    with pytest.raises(BadRequestError) as caught:
        create_member(client)

    assert caught.value.details == (
        ErrorDetail(field="phone_number", message="Invalid phone_number format."),
        ErrorDetail(field="role", message="Invalid role."),
    )


def test_the_exception_names_the_method_and_path_of_the_request(client, server):
    server.reply(404, error("LEAD_NOT_FOUND", "The lead with ID L1 was not found."))

    with pytest.raises(LeadNotFoundError) as caught:
        get_lead(client)

    assert str(caught.value) == (
        "404 LEAD_NOT_FOUND: The lead with ID L1 was not found. "
        "(GET /autoupdate/v2/enterprise/ent-42/lead/L1)"
    )


EVERY_OPERATION = [
    pytest.param(lambda c: c.leads.create({"phone": "919999999999"}), id="leads.create"),
    pytest.param(lambda c: c.leads.get("L1"), id="leads.get"),
    pytest.param(lambda c: c.leads.update("L1", {"name": "x"}), id="leads.update"),
    pytest.param(lambda c: list(c.leads.search()), id="leads.search"),
    pytest.param(lambda c: c.actions.create("L1", [CustomAction(1001)]), id="actions.create"),
    pytest.param(lambda c: c.actions.get("L1", "A1"), id="actions.get"),
    pytest.param(lambda c: c.actions.update("L1", "A1", CustomAction(1001)), id="actions.update"),
    pytest.param(
        lambda c: c.actions.set_payment_status("L1", "A1", "COMPLETED"), id="actions.set_payment_status"
    ),
    pytest.param(lambda c: list(c.actions.search("L1")), id="actions.search"),
    pytest.param(lambda c: list(c.team_members.list()), id="team_members.list"),
    pytest.param(lambda c: c.team_members.get("a@b.co"), id="team_members.get"),
    pytest.param(
        lambda c: c.team_members.create("A", "a@b.co", "919876543210", "CALLER"), id="team_members.create"
    ),
    pytest.param(lambda c: c.team_members.set_state("a@b.co", "Active"), id="team_members.set_state"),
    pytest.param(lambda c: c.workspace.custom_fields(), id="workspace.custom_fields"),
    pytest.param(lambda c: c.workspace.custom_field("source"), id="workspace.custom_field"),
    pytest.param(lambda c: c.workspace.custom_actions(), id="workspace.custom_actions"),
    pytest.param(lambda c: c.workspace.custom_action(1001), id="workspace.custom_action"),
    pytest.param(lambda c: c.workspace.metadata(), id="workspace.metadata"),
    pytest.param(lambda c: c.workspace.pipeline(), id="workspace.pipeline"),
    pytest.param(lambda c: c.ingest.upsert({"phone": "919999999999"}), id="ingest.upsert"),
]


@pytest.mark.parametrize("call", EVERY_OPERATION)
def test_every_operation_raises_a_documented_401_instead_of_returning_it(client, server, call):
    server.reply(401, NOT_AUTHORIZED)

    with pytest.raises(AuthenticationError) as caught:
        call(client)

    assert caught.value.code == "NOT_AUTHORIZED"
    assert len(server.requests) == 1


@pytest.mark.parametrize("call", EVERY_OPERATION)
def test_every_operation_raises_a_404_instead_of_returning_it(client, server, call):
    server.reply(404, error("ENTERPRISE_NOT_FOUND", "The enterprise with ID ent-42 was not found."))

    with pytest.raises(NotFoundError):
        call(client)


# --- bodies that are not the API's JSON ---------------------------------------------------


def test_an_html_502_page_is_an_internal_server_error_with_a_body_excerpt(client, server):
    server.reply(502, content=b"<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>")

    with pytest.raises(InternalServerError) as caught:
        get_lead(client)

    assert caught.value.status_code == 502
    assert caught.value.code is None
    assert caught.value.message == "<html><body><h1>502 Bad Gateway</h1> <p>nginx</p></body></html>"
    assert not isinstance(caught.value.__context__, json.JSONDecodeError)


def test_a_truncated_json_500_is_an_internal_server_error(client, server):
    server.reply(500, content=b'{"error": {"code": "INTER')

    with pytest.raises(InternalServerError) as caught:
        get_lead(client)

    assert caught.value.code is None
    assert caught.value.message == '{"error": {"code": "INTER'
    assert not isinstance(caught.value.__context__, json.JSONDecodeError)


def test_an_empty_error_body_still_gives_the_status_class(client, server):
    server.reply(404, content=b"")

    with pytest.raises(NotFoundError) as caught:
        get_lead(client)

    assert (caught.value.code, caught.value.message) == (None, "(empty body)")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"<html><body>Welcome to nginx!</body></html>", id="html"),
        pytest.param(b'{"fields": {"name": "Ja', id="truncated-json"),
        pytest.param(b'[{"fields": {"name": "Jane"}}]', id="json-list"),
        pytest.param(b'"just a string"', id="json-string"),
        pytest.param(b"", id="empty"),
    ],
)
def test_a_200_body_that_is_not_the_expected_object_raises_response_validation_error(client, server, content):
    server.reply(200, content=content)

    with pytest.raises(APIResponseValidationError) as caught:
        get_lead(client)

    assert caught.value.status_code == 200
    assert caught.value.body == content.decode()


def test_a_success_status_the_operation_does_not_document_raises_response_validation_error(client, server):
    server.reply(204, content=b"")

    with pytest.raises(APIResponseValidationError) as caught:
        get_lead(client)

    assert caught.value.status_code == 204


def test_a_built_in_entry_returned_by_actions_get_raises_response_validation_error(client, server):
    server.reply(200, {"type": "OUTGOING_CALL"})

    with pytest.raises(APIResponseValidationError, match=r"expected a custom or payment action"):
        get_action(client)


def test_an_empty_json_list_on_leads_get_raises_instead_of_returning_an_empty_lead(client, server):
    server.reply(200, [])

    with pytest.raises(APIResponseValidationError):
        get_lead(client)


def test_a_list_shaped_create_response_raises_instead_of_inventing_a_lead_id(client, server):
    server.reply(201, [{"lead_id": "L1", "actions": []}])

    with pytest.raises(APIResponseValidationError):
        create_lead(client)


def test_a_json_list_on_a_search_page_raises_instead_of_ending_iteration(client, server):
    server.reply(200, [])

    with pytest.raises(APIResponseValidationError):
        list(client.leads.search())


# --- the token never shows --------------------------------------------------------------


def _texts(exc: BaseException) -> list[str]:
    texts = []
    seen: BaseException | None = exc
    while seen is not None:
        texts += [str(seen), repr(seen), repr(seen.args)]
        seen = seen.__cause__ or seen.__context__
    return texts


FAILURES = [
    pytest.param(lambda s: s.reply(401, NOT_AUTHORIZED), AuthenticationError, id="401"),
    pytest.param(lambda s: s.reply(500, content=b"<html>oops</html>"), InternalServerError, id="500-html"),
    pytest.param(lambda s: s.reply(429, error("RATE", "slow down")), RateLimitError, id="429"),
    pytest.param(lambda s: s.reply(200, content=b"<html>"), APIResponseValidationError, id="200-html"),
    pytest.param(lambda s: s.fail(httpx.ConnectError), APIConnectionError, id="connect-error"),
    pytest.param(lambda s: s.fail(httpx.ReadTimeout), APITimeoutError, id="read-timeout"),
    pytest.param(lambda s: s.fail(httpx.RemoteProtocolError), APIConnectionError, id="protocol-error"),
]


@pytest.mark.parametrize(("script", "expected"), FAILURES)
@pytest.mark.parametrize(
    "call", [get_lead, lambda c: c.ingest.upsert({"phone": "919999999999"})], ids=["sync", "ingest"]
)
def test_no_exception_text_contains_a_token(client, server, script, expected, call):
    script(server)

    with pytest.raises(expected) as caught:
        call(client)

    for text in _texts(caught.value):
        assert SYNC_TOKEN not in text
        assert ASYNC_TOKEN not in text


def test_a_missing_token_error_does_not_show_the_other_token(make_client, server):
    client = make_client(ingest_token=None)

    with pytest.raises(TelecrmError) as caught:
        client.ingest.upsert({"phone": "919999999999"})

    assert all(SYNC_TOKEN not in text for text in _texts(caught.value))
