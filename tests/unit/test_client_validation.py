"""Bad input is refused on the client: ``ValidationError``, a ``ValueError``, and nothing is sent."""

from __future__ import annotations

import httpx
import pytest

from telecrm import CustomAction, Payment, Telecrm, ValidationError

PHONE = {"phone": "919999999999"}
EMAIL = "asha@acme.example"


def case(call, id):
    return pytest.param(call, id=id)


BAD_CALLS = [
    # leads.create
    case(lambda c: c.leads.create([("phone", "1")]), "leads.create-fields-not-a-mapping"),
    case(lambda c: c.leads.create({}), "leads.create-fields-empty"),
    case(lambda c: c.leads.create({"": "x"}), "leads.create-field-name-empty"),
    case(lambda c: c.leads.create(PHONE, "ACTION_1001"), "leads.create-actions-is-a-string"),
    case(lambda c: c.leads.create(PHONE, {"type": "1001"}), "leads.create-actions-is-a-mapping"),
    case(lambda c: c.leads.create(PHONE, [42.0]), "leads.create-action-is-a-float"),
    case(lambda c: c.leads.create(PHONE, [{"fields": {}}]), "leads.create-action-dict-without-type"),
    case(lambda c: c.leads.create(PHONE, [{"type": "1001", "note": "x"}]), "leads.create-action-unknown-key"),
    case(lambda c: c.leads.create(PHONE, [{"type": "ACTION_"}]), "leads.create-code-without-number"),
    case(lambda c: c.leads.create(PHONE, [{"type": "action_1001"}]), "leads.create-code-lower-case-prefix"),
    case(lambda c: c.leads.create(PHONE, [{"type": 0}]), "leads.create-code-zero"),
    case(lambda c: c.leads.create(PHONE, [{"type": True}]), "leads.create-code-bool"),
    case(
        lambda c: c.leads.create(
            PHONE, [{"type": "PAYMENT", "amount": 5.0, "currency": "INR", "status": "PENDING"}]
        ),
        "leads.create-float-amount",
    ),
    case(
        lambda c: c.leads.create(
            PHONE, [{"type": "PAYMENT", "amount": "0", "currency": "INR", "status": "PENDING"}]
        ),
        "leads.create-zero-amount",
    ),
    case(
        lambda c: c.leads.create(
            PHONE, [{"type": "PAYMENT", "amount": "1,000", "currency": "INR", "status": "PENDING"}]
        ),
        "leads.create-amount-with-separator",
    ),
    case(
        lambda c: c.leads.create(
            PHONE, [{"type": "PAYMENT", "amount": "10", "currency": "inr", "status": "PENDING"}]
        ),
        "leads.create-lower-case-currency",
    ),
    case(
        lambda c: c.leads.create(PHONE, [{"type": "PAYMENT", "amount": "10", "currency": "INR"}]),
        "leads.create-payment-without-status",
    ),
    # leads.get
    case(lambda c: c.leads.get(""), "leads.get-empty-lead-id"),
    case(lambda c: c.leads.get("   "), "leads.get-blank-lead-id"),
    case(lambda c: c.leads.get(None), "leads.get-lead-id-none"),
    case(lambda c: c.leads.get(123), "leads.get-lead-id-int"),
    case(lambda c: c.leads.get("L1", limit=0), "leads.get-limit-0"),
    case(lambda c: c.leads.get("L1", limit=101), "leads.get-limit-101"),
    case(lambda c: c.leads.get("L1", limit=True), "leads.get-limit-bool"),
    case(lambda c: c.leads.get("L1", skip=-1), "leads.get-skip-negative"),
    case(lambda c: c.leads.get("L1", skip="0"), "leads.get-skip-str"),
    # leads.update
    case(lambda c: c.leads.update("", {"name": "x"}), "leads.update-empty-lead-id"),
    case(lambda c: c.leads.update("L1", "name=x"), "leads.update-fields-not-a-mapping"),
    case(lambda c: c.leads.update("L1", {}), "leads.update-fields-empty"),
    # leads.search
    case(lambda c: c.leads.search(page_size=0), "leads.search-page-size-0"),
    case(lambda c: c.leads.search(page_size=101), "leads.search-page-size-101"),
    case(lambda c: c.leads.search(page_size=50.0), "leads.search-page-size-float"),
    case(lambda c: c.leads.search(fields="status=Fresh"), "leads.search-fields-not-a-mapping"),
    case(lambda c: c.leads.search(fields={"status": []}), "leads.search-empty-list-filter"),
    case(lambda c: c.leads.search(fields={"": "x"}), "leads.search-empty-field-name"),
    case(lambda c: c.leads.search(fields={"created_on": "last week"}), "leads.search-created-on-not-a-range"),
    case(lambda c: c.leads.search(fields={"created_on": {"since": 1}}), "leads.search-created-on-bad-key"),
    case(
        lambda c: c.leads.search(fields={"created_on": (None, None)}),
        "leads.search-created-on-open-both-ends",
    ),
    case(lambda c: c.leads.search(actions={}), "leads.search-actions-empty"),
    case(
        lambda c: c.leads.search(actions={"kind": "OUTGOING_CALL"}), "leads.search-unknown-action-filter-key"
    ),
    case(lambda c: c.leads.search(actions=["OUTGOING_CALL"]), "leads.search-actions-not-a-mapping"),
    case(lambda c: c.leads.search(actions={"type": []}), "leads.search-empty-type-list"),
    case(
        lambda c: c.leads.search(actions={"performed_by": "asha"}), "leads.search-performed-by-not-an-email"
    ),
    case(lambda c: c.leads.search(actions={"performed_at": (2000, 1000)}), "leads.search-reversed-range"),
    # actions.create
    case(lambda c: c.actions.create("", [CustomAction(1001)]), "actions.create-empty-lead-id"),
    case(lambda c: c.actions.create("L1", []), "actions.create-no-actions"),
    case(lambda c: c.actions.create("L1", "1001"), "actions.create-actions-is-a-string"),
    case(lambda c: c.actions.create("L1", CustomAction(1001)), "actions.create-single-action-not-a-list"),
    case(lambda c: c.actions.create("L1", [{"type": "OUTGOING_CALL"}]), "actions.create-built-in-type"),
    # actions.get
    case(lambda c: c.actions.get("", "A1"), "actions.get-empty-lead-id"),
    case(lambda c: c.actions.get("L1", ""), "actions.get-empty-action-id"),
    # actions.update
    case(lambda c: c.actions.update("L1", "", CustomAction(1001)), "actions.update-empty-action-id"),
    case(lambda c: c.actions.update("L1", "A1", Payment("1", "INR", "PENDING")), "actions.update-payment"),
    case(
        lambda c: c.actions.update("L1", "A1", {"type": "PAYMENT", "status": "COMPLETED", "amount": "2"}),
        "actions.update-payment-amount",
    ),
    case(
        lambda c: c.actions.update("L1", "A1", CustomAction(1001, created_on="01/01/2024")),
        "actions.update-created-on",
    ),
    case(
        lambda c: c.actions.update("L1", "A1", {"type": "1001", "created_on": 1}),
        "actions.update-dict-created-on",
    ),
    case(lambda c: c.actions.update("L1", "A1", "1001"), "actions.update-not-an-action"),
    # actions.set_payment_status
    case(lambda c: c.actions.set_payment_status("L1", "P1", "PAID"), "set_payment_status-paid"),
    case(lambda c: c.actions.set_payment_status("L1", "P1", "completed"), "set_payment_status-lower-case"),
    case(lambda c: c.actions.set_payment_status("L1", "P1", "SETTLED"), "set_payment_status-unknown"),
    case(lambda c: c.actions.set_payment_status("", "P1", "COMPLETED"), "set_payment_status-empty-lead-id"),
    # actions.search
    case(lambda c: c.actions.search("L1", page_size=0), "actions.search-page-size-0"),
    case(lambda c: c.actions.search("L1", page_size=101), "actions.search-page-size-101"),
    case(lambda c: c.actions.search("L1", performed_by=[]), "actions.search-empty-performed-by"),
    case(lambda c: c.actions.search("L1", performed_by=""), "actions.search-blank-performed-by"),
    case(lambda c: c.actions.search("L1", created_on="today"), "actions.search-created-on-not-a-range"),
    case(lambda c: c.actions.search("L1", type="ACTION_x"), "actions.search-bad-custom-code"),
    # team_members
    case(lambda c: c.team_members.list(page_size=0), "team_members.list-page-size-0"),
    case(lambda c: c.team_members.list(page_size=11), "team_members.list-page-size-11"),
    case(lambda c: c.team_members.get("not-an-email"), "team_members.get-invalid-email"),
    case(lambda c: c.team_members.get("asha@acme"), "team_members.get-email-without-dot"),
    case(lambda c: c.team_members.get(""), "team_members.get-empty-email"),
    case(
        lambda c: c.team_members.create("Asha", EMAIL, "+919876543210", "CALLER"),
        "team_members.create-phone-plus",
    ),
    case(
        lambda c: c.team_members.create("Asha", EMAIL, "91 98765 43210", "CALLER"),
        "team_members.create-phone-spaces",
    ),
    case(
        lambda c: c.team_members.create("Asha", EMAIL, "91-9876-5432-10", "CALLER"),
        "team_members.create-phone-dashes",
    ),
    case(
        lambda c: c.team_members.create("Asha", EMAIL, 919876543210, "CALLER"),
        "team_members.create-phone-int",
    ),
    case(
        lambda c: c.team_members.create("Asha", EMAIL, "919876543210", "OWNER"),
        "team_members.create-unknown-role",
    ),
    case(
        lambda c: c.team_members.create("Asha", EMAIL, "919876543210", "caller"),
        "team_members.create-lower-role",
    ),
    case(
        lambda c: c.team_members.create("Asha", "asha", "919876543210", "CALLER"),
        "team_members.create-bad-email",
    ),
    case(
        lambda c: c.team_members.create("", EMAIL, "919876543210", "CALLER"), "team_members.create-empty-name"
    ),
    case(
        lambda c: c.team_members.create("Asha", EMAIL, "919876543210", "CALLER", password=""),
        "team_members.create-empty-password",
    ),
    case(lambda c: c.team_members.set_state(EMAIL, "Busy"), "team_members.set_state-unknown-state"),
    case(lambda c: c.team_members.set_state(EMAIL, "active"), "team_members.set_state-lower-case-state"),
    case(lambda c: c.team_members.set_state("asha", "Active"), "team_members.set_state-bad-email"),
    # workspace
    case(lambda c: c.workspace.custom_field(""), "workspace.custom_field-empty-api-name"),
    case(lambda c: c.workspace.custom_action("ACTION_"), "workspace.custom_action-no-number"),
    case(lambda c: c.workspace.custom_action("abc"), "workspace.custom_action-not-a-code"),
    case(lambda c: c.workspace.custom_action(0), "workspace.custom_action-zero"),
    case(lambda c: c.workspace.custom_action(-1001), "workspace.custom_action-negative"),
    case(lambda c: c.workspace.custom_action(True), "workspace.custom_action-bool"),
    case(lambda c: c.workspace.custom_action("01001"), "workspace.custom_action-leading-zero"),
    # ingest.upsert
    case(lambda c: c.ingest.upsert([("phone", "1")]), "ingest.upsert-fields-not-a-mapping"),
    case(lambda c: c.ingest.upsert({}), "ingest.upsert-fields-empty"),
    case(lambda c: c.ingest.upsert(PHONE, "ACTION_1001"), "ingest.upsert-actions-is-a-string"),
    case(lambda c: c.ingest.upsert(PHONE, [{"type": "INCOMING_CALL"}]), "ingest.upsert-built-in-type"),
    case(
        lambda c: c.ingest.upsert(
            PHONE, [{"type": "PAYMENT", "amount": 0.1, "currency": "INR", "status": "PENDING"}]
        ),
        "ingest.upsert-float-amount",
    ),
]


@pytest.mark.parametrize("call", BAD_CALLS)
def test_bad_input_raises_validation_error_and_sends_nothing(client, server, call):
    with pytest.raises(ValidationError):
        call(client)

    assert server.requests == []


def test_validation_error_is_a_value_error(client):
    with pytest.raises(ValueError, match="lead_id"):
        client.leads.get("")


def test_a_validation_error_says_what_was_wrong(client):
    with pytest.raises(ValidationError, match=r"role must be one of ADMIN, MANAGER, CALLER, MARKETING_USER"):
        client.team_members.create("Asha", EMAIL, "919876543210", "OWNER")


def test_a_team_member_phone_with_plus_is_refused_with_the_expected_form(client):
    with pytest.raises(ValidationError, match=r"11 to 15 digits.*'919876543210'.*no '\+'"):
        client.team_members.create("Asha", EMAIL, "+919876543210", "CALLER")


def test_team_members_allow_at_most_ten_per_page(client):
    with pytest.raises(ValidationError, match=r"from 1 to 10"):
        client.team_members.list(page_size=11)


def test_leads_get_limit_error_names_the_limit_argument(client):
    with pytest.raises(ValidationError, match=r"^limit "):
        client.leads.get("L1", limit=101)


def test_actions_search_refuses_an_empty_lead_id_when_called(client, server):
    with pytest.raises(ValidationError, match=r"lead_id"):
        client.actions.search("")

    assert server.requests == []


def test_actions_search_with_an_empty_lead_id_sends_nothing_when_iterated(client, server):
    with pytest.raises(ValidationError, match=r"lead_id"):
        list(client.actions.search(""))

    assert server.requests == []


# --- missing tokens ---------------------------------------------------------------------


@pytest.fixture
def sync_only(make_client) -> Telecrm:
    return make_client(ingest_token=None)


@pytest.fixture
def async_only(make_client) -> Telecrm:
    return make_client(token=None)


def test_a_client_without_an_async_token_refuses_ingest_before_sending(sync_only, server):
    with pytest.raises(ValidationError, match=r"Async API needs a token: set TELECRM_ASYNC_TOKEN \(or pass"):
        sync_only.ingest.upsert(PHONE)

    assert server.requests == []


def test_a_client_without_a_sync_token_refuses_sync_calls_before_sending(async_only, server):
    with pytest.raises(ValidationError, match=r"Sync API needs a token: set TELECRM_SYNC_TOKEN \(or pass"):
        async_only.leads.get("L1")

    assert server.requests == []


def test_a_client_without_a_sync_token_refuses_to_page_a_search_before_sending(async_only, server):
    pager = async_only.leads.search()

    with pytest.raises(ValidationError, match=r"TELECRM_SYNC_TOKEN"):
        list(pager)

    assert server.requests == []


def test_a_client_with_only_the_async_token_can_still_ingest(async_only, server):
    server.reply(200, {"status": "QUEUED"})

    assert async_only.ingest.upsert(PHONE).status == "QUEUED"
    assert server.last.headers["authorization"] == "Bearer async-tok-SECRET-4d5e6f"


def test_a_client_with_only_the_sync_token_can_still_read(sync_only, server):
    server.reply(200, {"fields": {"phone": "919999999999"}})

    assert dict(sync_only.leads.get("L1").fields) == PHONE
    assert server.last.headers["authorization"] == "Bearer sync-tok-SECRET-1a2b3c"


def test_a_client_with_no_token_at_all_can_be_built():
    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(500))) as pool:
        client = Telecrm(enterprise_id="ent-42", http_client=pool)

        assert client.enterprise_id == "ent-42"
