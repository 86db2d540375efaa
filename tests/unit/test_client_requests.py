"""Every resource method of ``Telecrm``: the exact request it sends, and the value it makes of the response.

Also the ``ACTION_`` rule and payment encoding end to end, as the transport sees them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

import telecrm
from telecrm import (
    ActionBatchResult,
    ActionType,
    Currency,
    CustomAction,
    CustomActionDefinition,
    CustomField,
    EnterpriseMetadata,
    Lead,
    LeadCreateResult,
    LeadStage,
    LeadStatus,
    LostReason,
    PartialSuccessError,
    Payment,
    PaymentStatus,
    Pipeline,
    Queued,
    Remark,
    TeamMember,
    TeamMemberLicense,
    TeamMemberState,
    Telecrm,
    TimelineEntry,
    ValidationError,
)

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool

SYNC = "https://next.telecrm.in/autoupdate/v2/enterprise/ent-42"
INGEST = "https://next-api.telecrm.in/enterprise/ent-42"

MEMBER = {
    "name": "Asha Rao",
    "email": "asha@acme.example",
    "status": "Active",
    "phone_number": "919876543210",
    "manager_name": "Vikram Shah",
    "manager_email": "vikram@acme.example",
    "permission_template_name": "Caller",
    "license": {"status": "ACTIVE", "type": "GROWTH", "start_date": "2024-01-01", "end_date": "2025-01-01"},
}


# --- common request shape ---------------------------------------------------------------


def test_a_sync_write_carries_bearer_token_json_content_type_accept_and_user_agent(client, server):
    server.reply(200, {"fields": {"name": "Jane"}})

    client.leads.update("L1", {"name": "Jane"})

    headers = server.last.headers
    assert headers["authorization"] == "Bearer sync-tok-SECRET-1a2b3c"
    assert headers["content-type"] == "application/json"
    assert headers["accept"] == "application/json"
    assert headers["user-agent"] == f"telecrm-python/{telecrm.__version__}"


def test_a_read_sends_no_body(client, server):
    server.reply(200, {"fields": {}})

    client.leads.get("L1")

    assert server.last.content == b""
    assert "content-type" not in server.last.headers


def _as_httpx_builds_it(sent: httpx.Request, json: Any = None) -> httpx.Request:
    own = {"host", "content-length", "content-type"}
    return httpx.Request(
        sent.method,
        sent.url,
        json=json,
        headers=[item for item in sent.headers.items() if item[0] not in own],
    )


def test_a_json_body_is_sent_byte_for_byte_as_httpx_json_sends_it(client, server):
    server.reply(200, {"fields": {}})
    fields = {
        "name": "Ananya Iyer \u0905\u0928\u0928\u094d\u092f\u093e",
        "note": 'a\nb"c',
        "n": 1.5,
        "tags": [],
    }

    client.leads.update("L1", fields)

    expected = _as_httpx_builds_it(server.last, {"fields": fields})
    assert server.last.content == expected.content
    assert sorted(server.last.headers.multi_items()) == sorted(expected.headers.multi_items())


def test_a_request_without_a_body_has_the_headers_httpx_gives_it(client, server):
    server.reply(200, {"fields": {}})

    client.leads.get("L1")

    expected = _as_httpx_builds_it(server.last)
    assert sorted(server.last.headers.multi_items()) == sorted(expected.headers.multi_items())


def test_a_content_length_in_extra_headers_is_replaced_by_the_bodys_own(client, server):
    server.reply(200, {"fields": {}})

    client.leads.update("L1", {"name": "Jane"}, extra_headers={"Content-Length": "1"})

    assert server.last.headers.get_list("content-length") == [str(len(server.last.content))]


# --- leads ------------------------------------------------------------------------------


def test_leads_create_posts_fields_and_sync_actions_to_lead(client, server):
    server.reply(201, {"lead_id": "L1", "actions": [{"action_id": "A1", "status": "CREATED"}]})

    client.leads.create(
        {"name": "Jane Doe", "phone": "919999999999", "rating": 3},
        [CustomAction(1001, {"note": "Site visit"}), Payment("5000", "INR", "PENDING")],
    )

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/lead"
    assert server.body() == {
        "fields": {"name": "Jane Doe", "phone": "919999999999", "rating": 3},
        "actions": [
            {"type": "1001", "fields": {"note": "Site visit"}},
            {"type": "PAYMENT", "amount": "5000", "currency": "INR", "status": "PENDING"},
        ],
    }


def test_leads_create_without_actions_sends_no_actions_key(client, server):
    server.reply(201, {"lead_id": "L1"})

    client.leads.create({"phone": "919999999999"})

    assert server.body() == {"fields": {"phone": "919999999999"}}


def test_leads_create_returns_lead_id_outcomes_in_request_order_and_remarks(client, server):
    server.reply(
        201,
        {
            "lead_id": "L1",
            "actions": [{"action_id": "A1", "status": "CREATED"}, {"action_id": None, "status": "IGNORED"}],
            "remarks": [
                {"field": "fields.rating", "status": "IGNORED", "remark": "Rating must be between 1 and 5"},
                {"field": "actions[1].fields.email", "status": "IGNORED", "remark": "Email is invalid"},
            ],
        },
    )
    visit = CustomAction(1001, {"note": "Site visit"})
    call = CustomAction(1002, {"email": "nope"})

    result = client.leads.create({"phone": "919999999999", "rating": 9}, [visit, call])

    assert isinstance(result, LeadCreateResult)
    assert result.lead_id == "L1"
    assert [(o.index, o.action, o.id, o.status) for o in result.actions] == [
        (0, visit, "A1", "CREATED"),
        (1, call, None, "IGNORED"),
    ]
    assert result.actions[0].remarks == ()
    assert result.actions[1].remarks == (Remark("actions[1].fields.email", "IGNORED", "Email is invalid"),)
    assert result.field_remarks == (Remark("fields.rating", "IGNORED", "Rating must be between 1 and 5"),)
    assert result.ok is False
    assert result.ignored == (result.actions[1],)


def test_leads_create_strict_raises_partial_success_with_the_result(client, server):
    server.reply(
        201,
        {"lead_id": "L1", "actions": [{"action_id": None, "status": "IGNORED"}]},
    )

    with pytest.raises(PartialSuccessError) as caught:
        client.leads.create({"phone": "919999999999"}, [CustomAction(1001)], strict=True)

    assert caught.value.result.lead_id == "L1"
    assert caught.value.result.actions[0].status == "IGNORED"


def test_leads_create_strict_returns_the_result_when_everything_was_created(client, server):
    server.reply(201, {"lead_id": "L1", "actions": [{"action_id": "A1", "status": "CREATED"}], "remarks": []})

    result = client.leads.create({"phone": "919999999999"}, [CustomAction(1001)], strict=True)

    assert result.ok is True


def test_leads_get_sends_include_actions_skip_and_limit_as_query(client, server):
    server.reply(200, {"fields": {}})

    client.leads.get("L1", include_actions=True, skip=20, limit=5)

    assert server.last.method == "GET"
    assert str(server.last.url) == f"{SYNC}/lead/L1?includeActions=true&skip=20&limit=5"


def test_leads_get_defaults_to_no_actions_skip_0_limit_10(client, server):
    server.reply(200, {"fields": {}})

    client.leads.get("L1")

    assert str(server.last.url) == f"{SYNC}/lead/L1?includeActions=false&skip=0&limit=10"


def test_leads_get_returns_fields_exactly_as_the_server_sent_them(client, server):
    fields = {
        "name": "Jane Doe",
        "phone": "919999999999",
        "rating": 3,
        "dob": "01/02/2020",
        "follow_up": "2024-01-01T10:00:00Z",
        "visits": 12,
        "budget": "5000",
        "tags": ["VIP", "Returning"],
        "score": 7.5,
        "notes": "  padded  ",
    }
    server.reply(200, {"fields": fields})

    lead = client.leads.get("L1")

    assert isinstance(lead, Lead)
    assert dict(lead.fields) == fields
    assert lead.actions == ()
    assert lead.actions_skip is None


def test_leads_get_decodes_the_timeline_page_into_custom_actions_payments_and_entries(client, server):
    server.reply(
        200,
        {
            "fields": {"phone": "919999999999"},
            "actions": [
                {"type": "1001", "fields": {"note": "Site visit"}},
                {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000"},
                {"type": "OUTGOING_CALL"},
            ],
            "actions_skip": 0,
            "actions_limit": 5,
        },
    )

    lead = client.leads.get("L1", include_actions=True, limit=5)

    assert lead.actions == (
        CustomAction(1001, {"note": "Site visit"}),
        Payment("5000", "INR", "COMPLETED"),
        TimelineEntry(type=ActionType.OUTGOING_CALL, raw={"type": "OUTGOING_CALL"}),
    )
    assert (lead.actions_skip, lead.actions_limit) == (0, 5)


def test_leads_update_posts_only_the_given_fields_to_the_lead(client, server):
    server.reply(200, {"fields": {"phone": "919999999999", "status": "Won"}})

    client.leads.update("L1", {"status": "Won"})

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/lead/L1"
    assert server.body() == {"fields": {"status": "Won"}}


def test_leads_update_returns_the_lead_as_the_server_sent_it(client, server):
    server.reply(200, {"fields": {"phone": "919999999999", "status": "Won", "visits": 3}})

    lead = client.leads.update("L1", {"status": "Won"})

    assert lead == Lead(fields={"phone": "919999999999", "status": "Won", "visits": 3}, raw=lead.raw)


def test_leads_search_posts_the_filters_with_skip_and_limit(client, server):
    server.reply(200, {"data": [], "total_count": 0, "skip": 0, "limit": 100})

    list(
        client.leads.search(
            fields={"status": ["Fresh", "Won"], "city": "Pune", "created_on": ("01/01/2024", "31/01/2024")},
            actions={
                "type": [ActionType.OUTGOING_CALL, CustomAction(1001), "ACTION_1002"],
                "performed_by": "asha@acme.example",
                "performed_at": {"from": 1704067200000},
            },
        )
    )

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/lead/search?skip=0&limit=100"
    assert server.body() == {
        "fields": {
            "status": ["Fresh", "Won"],
            "city": "Pune",
            "created_on": {"from": "01/01/2024", "to": "31/01/2024"},
        },
        "actions": {
            "type": ["OUTGOING_CALL", "1001", "1002"],
            "performed_by": "asha@acme.example",
            "performed_at": {"from": 1704067200000},
        },
    }


def test_leads_search_writes_phone_and_email_filters_as_creates_store_them(client, server):
    server.reply(200, {"data": [], "total_count": 0})

    list(
        client.leads.search(
            fields={"phone": ["+91 98111 00401", "(0091) 98111-00402"], "email": " Asha@Acme.Example"}
        )
    )

    assert server.body() == {
        "fields": {"phone": ["919811100401", "919811100402"], "email": "asha@acme.example"}
    }


def test_leads_search_sends_a_phone_filter_it_cannot_read_as_given(client, server):
    server.reply(200, {"data": [], "total_count": 0})

    list(client.leads.search(fields={"phone": "ext 12"}))

    assert server.body() == {"fields": {"phone": "ext 12"}}


def test_leads_search_without_filters_posts_an_empty_object(client, server):
    server.reply(200, {"data": [], "total_count": 0, "skip": 0, "limit": 100})

    list(client.leads.search())

    assert server.last.content == b"{}"


def test_leads_search_yields_leads_with_their_fields(client, server):
    server.reply(
        200,
        {
            "data": [{"fields": {"name": "A", "rating": 2}}, {"fields": {"name": "B", "dob": "02/02/2002"}}],
            "total_count": 2,
            "skip": 0,
            "limit": 100,
        },
    )

    leads = list(client.leads.search(fields={"city": "Pune"}))

    assert [dict(lead.fields) for lead in leads] == [
        {"name": "A", "rating": 2},
        {"name": "B", "dob": "02/02/2002"},
    ]


# --- actions ----------------------------------------------------------------------------


def test_actions_create_posts_sync_actions_to_the_lead(client, server):
    server.reply(200, {"lead_id": "L1", "actions": [{"action_id": "A1", "status": "CREATED"}]})

    client.actions.create("L1", [CustomAction("ACTION_1001", {"note": "Called back"})])

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/lead/L1/action"
    assert server.body() == {"actions": [{"type": "1001", "fields": {"note": "Called back"}}]}


def test_actions_create_returns_a_batch_result_with_one_outcome_per_action(client, server):
    server.reply(
        200,
        {
            "lead_id": "L1",
            "actions": [{"action_id": "A1", "status": "CREATED"}, {"action_id": None, "status": "IGNORED"}],
            "remarks": [{"field": "actions[1].amount", "status": "IGNORED", "remark": "amount is required"}],
        },
    )
    payment = Payment("100", "USD", "PENDING")

    result = client.actions.create("L1", [CustomAction(1001), payment])

    assert isinstance(result, ActionBatchResult)
    assert result.lead_id == "L1"
    assert [(o.id, o.status) for o in result.actions] == [("A1", "CREATED"), (None, "IGNORED")]
    assert result.actions[1].action is payment
    assert result.actions[1].remarks == (Remark("actions[1].amount", "IGNORED", "amount is required"),)


def test_actions_create_strict_raises_when_an_action_was_ignored(client, server):
    server.reply(200, {"lead_id": "L1", "actions": [{"action_id": None, "status": "IGNORED"}]})

    with pytest.raises(PartialSuccessError) as caught:
        client.actions.create("L1", [CustomAction(1001)], strict=True)

    assert isinstance(caught.value.result, ActionBatchResult)


def test_actions_get_fetches_the_action_by_lead_and_action_id(client, server):
    server.reply(200, {"type": "1001", "fields": {"note": "Site visit"}})

    client.actions.get("L1", "A1")

    assert server.last.method == "GET"
    assert str(server.last.url) == f"{SYNC}/lead/L1/action/A1"


def test_actions_get_returns_a_custom_action(client, server):
    server.reply(200, {"type": "1001", "fields": {"note": "Site visit", "visited_on": "01/01/2024"}})

    action = client.actions.get("L1", "A1")

    assert action == CustomAction(1001, {"note": "Site visit", "visited_on": "01/01/2024"})


def test_actions_get_returns_a_payment_with_a_decimal_amount(client, server):
    server.reply(200, {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000.50"})

    action = client.actions.get("L1", "A1")

    assert isinstance(action, Payment)
    assert action.amount == Decimal("5000.50")
    assert action.currency is Currency.INR
    assert action.status is PaymentStatus.COMPLETED


def test_actions_update_posts_the_custom_action_fields_with_the_bare_code(client, server):
    server.reply(200, {"type": "1001", "fields": {"note": "Rescheduled"}})

    client.actions.update("L1", "A1", CustomAction("ACTION_1001", {"note": "Rescheduled"}))

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/lead/L1/action/A1"
    assert server.body() == {"type": "1001", "fields": {"note": "Rescheduled"}}


def test_actions_update_returns_the_new_state(client, server):
    server.reply(200, {"type": "1001", "fields": {"note": "Rescheduled", "outcome": "Interested"}})

    action = client.actions.update("L1", "A1", {"type": "1001", "fields": {"note": "Rescheduled"}})

    assert action == CustomAction(1001, {"note": "Rescheduled", "outcome": "Interested"})


def test_actions_set_payment_status_posts_exactly_type_and_status(client, server):
    server.reply(200, {"type": "PAYMENT", "status": "REFUNDED", "currency": "INR", "amount": "5000"})

    client.actions.set_payment_status("L1", "P1", PaymentStatus.REFUNDED)

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/lead/L1/action/P1"
    assert server.body() == {"type": "PAYMENT", "status": "REFUNDED"}


def test_actions_set_payment_status_returns_the_payment(client, server):
    server.reply(200, {"type": "PAYMENT", "status": "REFUNDED", "currency": "INR", "amount": "5000"})

    payment = client.actions.set_payment_status("L1", "P1", "REFUNDED")

    assert payment == Payment("5000", "INR", "REFUNDED")


def test_actions_update_with_a_status_only_payment_dict_is_a_status_change(client, server):
    server.reply(200, {"type": "PAYMENT", "status": "CANCELLED", "currency": "INR", "amount": "5000"})

    client.actions.update("L1", "P1", {"type": "PAYMENT", "status": "CANCELLED"})

    assert server.body() == {"type": "PAYMENT", "status": "CANCELLED"}


def test_actions_search_posts_the_filters_with_skip_and_limit(client, server):
    server.reply(200, {"data": [], "total_count": 0, "skip": 0, "limit": 100})

    list(
        client.actions.search(
            "L1",
            type=CustomAction(1001),
            created_on={"from": "01/04/2026 00:00:00", "to": "30/04/2026 23:59:59"},
            performed_by=["u-1", "u-2"],
        )
    )

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/lead/L1/action/search?skip=0&limit=100"
    assert server.body() == {
        "type": "1001",
        "created_on": {"from": "01/04/2026 00:00:00", "to": "30/04/2026 23:59:59"},
        "performed_by": ["u-1", "u-2"],
    }


def test_actions_search_yields_timeline_entries_of_every_kind(client, server):
    server.reply(
        200,
        {
            "data": [
                {"type": "OUTGOING_CALL"},
                {"type": "1001", "fields": {"note": "Visit"}},
                {"type": "PAYMENT", "status": "PENDING", "currency": "USD", "amount": "10"},
                {"type": "SOME_NEW_TYPE"},
            ],
            "total_count": 4,
            "skip": 0,
            "limit": 100,
        },
    )

    entries = list(client.actions.search("L1", type=ActionType.OUTGOING_CALL))

    assert entries == [
        TimelineEntry(type=ActionType.OUTGOING_CALL, raw={"type": "OUTGOING_CALL"}),
        CustomAction(1001, {"note": "Visit"}),
        Payment("10", "USD", "PENDING"),
        TimelineEntry(type="SOME_NEW_TYPE", raw={"type": "SOME_NEW_TYPE"}),
    ]
    assert server.body() == {"type": "OUTGOING_CALL"}


# --- team members -----------------------------------------------------------------------


def test_team_members_list_gets_pages_of_ten_with_include_deleted(client, server):
    server.reply(200, {"data": [MEMBER], "total_count": 1, "skip": 0, "limit": 10})

    members = list(client.team_members.list(include_deleted=True))

    assert server.last.method == "GET"
    assert str(server.last.url) == f"{SYNC}/team-members?skip=0&limit=10&includeDeleted=true"
    assert [member.email for member in members] == ["asha@acme.example"]


def test_team_members_get_fetches_by_trimmed_email(client, server):
    server.reply(200, MEMBER)

    client.team_members.get("  asha@acme.example ")

    assert server.last.method == "GET"
    assert str(server.last.url) == f"{SYNC}/team-members/asha%40acme.example?includeDeleted=false"


def test_team_members_get_returns_the_member_with_licence(client, server):
    server.reply(200, MEMBER)

    member = client.team_members.get("asha@acme.example", include_deleted=True)

    assert member == TeamMember(
        email="asha@acme.example",
        name="Asha Rao",
        status="Active",
        phone_number="919876543210",
        role=None,
        manager_name="Vikram Shah",
        manager_email="vikram@acme.example",
        permission_template_name="Caller",
        license=TeamMemberLicense(
            status="ACTIVE", type="GROWTH", start_date="2024-01-01", end_date="2025-01-01"
        ),
        raw=MEMBER,
    )
    assert server.last.url.params["includeDeleted"] == "true"


def test_team_members_create_posts_the_new_member(client, server):
    server.reply(
        201,
        {
            "name": "Asha Rao",
            "email": "asha@acme.example",
            "phone_number": "919876543210",
            "role": "CALLER",
            "status": "INVITED",
        },
    )

    client.team_members.create("Asha Rao", "asha@acme.example", "919876543210", "CALLER")

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/team-members"
    assert server.body() == {
        "name": "Asha Rao",
        "email": "asha@acme.example",
        "phone_number": "919876543210",
        "role": "CALLER",
    }


def test_team_members_create_sends_a_password_when_given(client, server):
    server.reply(201, {"name": "Asha Rao", "email": "asha@acme.example", "status": "Active"})

    client.team_members.create("Asha Rao", "asha@acme.example", "919876543210", "ADMIN", password="s3cret!")

    assert server.body()["password"] == "s3cret!"


def test_team_members_create_returns_the_invited_member(client, server):
    server.reply(
        201,
        {
            "name": "Asha Rao",
            "email": "asha@acme.example",
            "phone_number": "919876543210",
            "role": "CALLER",
            "status": "INVITED",
        },
    )

    member = client.team_members.create("Asha Rao", "asha@acme.example", "919876543210", "CALLER")

    assert (member.name, member.email, member.phone_number, member.role, member.status) == (
        "Asha Rao",
        "asha@acme.example",
        "919876543210",
        "CALLER",
        "INVITED",
    )


def test_team_members_set_state_posts_email_and_state_to_teammember_state_change(client, server):
    server.reply(200, {"email": "asha@acme.example", "status": "On Leave"})

    state = client.team_members.set_state("asha@acme.example", "On Leave")

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{SYNC}/teammember/state_change"
    assert server.body() == {"email": "asha@acme.example", "state": "On Leave"}
    assert state == TeamMemberState(
        email="asha@acme.example", status="On Leave", raw={"email": "asha@acme.example", "status": "On Leave"}
    )


# --- workspace --------------------------------------------------------------------------


def test_workspace_custom_fields_decodes_the_summary_list_shape(client, server):
    server.reply(
        200,
        {
            "customFields": [
                {"type": "PHONE", "apiName": "phone", "lockAfterCreate": True, "isLeadid": True},
                {
                    "type": "DROPDOWN",
                    "apiName": "source",
                    "lockAfterCreate": False,
                    "isLeadid": False,
                    "options": ["Website", "Referral"],
                    "tags": [],
                },
            ]
        },
    )

    fields = client.workspace.custom_fields()

    assert str(server.last.url) == f"{SYNC}/custom-fields?detail=false"
    assert [
        (f.api_name, f.type, f.lock_after_create, f.is_lead_identifier, f.options, f.id) for f in fields
    ] == [
        ("phone", "PHONE", True, True, (), None),
        ("source", "DROPDOWN", False, False, ("Website", "Referral"), None),
    ]


def test_workspace_custom_fields_decodes_the_detailed_list_shape(client, server):
    server.reply(
        200,
        {
            "customFields": [
                {
                    "id": "f-1",
                    "type": "DATE",
                    "apiName": "dob",
                    "description": "Date of birth",
                    "lockAfterCreate": False,
                    "isLeadid": False,
                    "dateFormat": "DD/MM/YYYY",
                    "timeFormat": "HH:mm",
                },
                {
                    "id": "f-2",
                    "type": "DROPDOWN",
                    "apiName": "source",
                    "options": [{"id": "o-1", "label": "Website"}, {"id": "o-2", "label": "Referral"}],
                    "tags": [{"id": "t-1", "label": "VIP"}],
                },
            ]
        },
    )

    fields = client.workspace.custom_fields(detail=True)

    assert str(server.last.url) == f"{SYNC}/custom-fields?detail=true"
    assert fields[0] == CustomField(
        api_name="dob",
        type="DATE",
        lock_after_create=False,
        id="f-1",
        description="Date of birth",
        date_format="DD/MM/YYYY",
        time_format="HH:mm",
        raw=fields[0].raw,
    )
    assert (fields[1].options, fields[1].tags) == (("Website", "Referral"), ("VIP",))


def test_workspace_custom_field_fetches_one_field_by_api_name(client, server):
    server.reply(
        200, {"id": "f-2", "type": "DROPDOWN", "apiName": "source", "options": [{"id": "o", "label": "Web"}]}
    )

    field = client.workspace.custom_field("source")

    assert str(server.last.url) == f"{SYNC}/custom-fields/source"
    assert (field.api_name, field.type, field.id, field.options) == ("source", "DROPDOWN", "f-2", ("Web",))


def test_workspace_custom_actions_decodes_codes_as_numbers_and_keeps_system_codes(client, server):
    server.reply(
        200,
        {
            "customActions": [
                {"code": "ACTION_1001", "displayName": "Site visit", "score": 5, "source": "USER"},
                {"code": "INCOMING_CALL", "displayName": "Incoming call", "score": 1, "source": "SYSTEM"},
            ]
        },
    )

    actions = client.workspace.custom_actions()

    assert str(server.last.url) == f"{SYNC}/custom-actions?detail=false"
    assert [(a.code, a.display_name, a.score, a.source) for a in actions] == [
        (1001, "Site visit", 5, "USER"),
        ("INCOMING_CALL", "Incoming call", 1, "SYSTEM"),
    ]


def test_workspace_custom_actions_detail_sends_detail_true(client, server):
    server.reply(200, {"customActions": []})

    assert client.workspace.custom_actions(detail=True) == ()
    assert str(server.last.url) == f"{SYNC}/custom-actions?detail=true"


def test_workspace_custom_action_returns_the_definition(client, server):
    body = {
        "id": "ca-1",
        "displayName": "Site visit",
        "code": "ACTION_1001",
        "source": "USER",
        "description": "Visited the site",
        "score": 5,
        "fieldSchema": {
            "note": {"type": "TEXT"},
            "outcome": {"type": "DROPDOWN", "options": ["Interested", "Not Interested"]},
        },
        "allowPredatedActivity": {"enabled": True},
        "definitionType": "USER_DEFINED",
        "createdOn": 1700000000000,
    }
    server.reply(200, body)

    definition = client.workspace.custom_action(1001)

    assert definition == CustomActionDefinition(
        code=1001,
        display_name="Site visit",
        score=5,
        source="USER",
        field_schema=body["fieldSchema"],
        allows_predated_activity=True,
        id="ca-1",
        description="Visited the site",
        raw=body,
    )


def test_workspace_metadata_returns_the_enterprise(client, server):
    server.reply(
        200,
        {
            "name": "Acme Realty",
            "id": "ent-42",
            "creationTimeStamp": 1600000000000,
            "teamSize": "50-100",
            "industry": "Real estate",
            "website": "https://acme.example",
            "leadIdentifierFieldId": "phone",
            "integrations": ["WHATSAPP", "EMAIL", "SMS"],
        },
    )

    metadata = client.workspace.metadata()

    assert str(server.last.url) == f"{SYNC}/metadata"
    assert metadata == EnterpriseMetadata(
        id="ent-42",
        name="Acme Realty",
        lead_identifier_field="phone",
        integrations=("WHATSAPP", "EMAIL", "SMS"),
        created_at_ms=1600000000000,
        team_size="50-100",
        industry="Real estate",
        website="https://acme.example",
        raw=metadata.raw,
    )


def test_workspace_pipeline_returns_stages_statuses_and_lost_reasons(client, server):
    server.reply(
        200,
        {
            "leadStages": [
                {
                    "stageid": "s-1",
                    "stageType": "OPEN",
                    "visibility": True,
                    "activeStatuses": [{"statusid": 1, "label": "Fresh", "color": "#00ff00"}],
                    "archivedStatuses": [{"statusid": 2, "label": "Stale", "color": "#999999"}],
                },
                {
                    "stageid": "s-2",
                    "stageType": "WON",
                    "visibility": True,
                    "activeStatuses": [],
                    "archivedStatuses": [],
                },
            ],
            "activeLeadLostReasons": [{"reasonid": 1, "reasonLabel": "No Need", "isDefault": True}],
            "archivedLeadLostReasons": [{"reasonid": 2, "reasonLabel": "Budget", "isDefault": False}],
            "version": 7,
        },
    )

    pipeline = client.workspace.pipeline()

    assert str(server.last.url) == f"{SYNC}/lead-stage-pipeline"
    assert pipeline == Pipeline(
        stages=(
            LeadStage(
                id="s-1",
                type="OPEN",
                visible=True,
                active_statuses=(LeadStatus(label="Fresh", id=1, color="#00ff00"),),
                archived_statuses=(LeadStatus(label="Stale", id=2, color="#999999"),),
            ),
            LeadStage(id="s-2", type="WON", visible=True, active_statuses=(), archived_statuses=()),
        ),
        active_lost_reasons=(LostReason(label="No Need", id=1, is_default=True),),
        archived_lost_reasons=(LostReason(label="Budget", id=2, is_default=False),),
        version=7,
        raw=pipeline.raw,
    )
    assert pipeline.active_status_labels == frozenset({"Fresh"})


# --- ingest -----------------------------------------------------------------------------


def test_ingest_upsert_posts_to_the_ingest_host_with_the_async_token(client, server):
    server.reply(200, {"status": "QUEUED"})

    client.ingest.upsert({"phone": "919999999999", "name": "Jane"})

    assert server.last.method == "POST"
    assert str(server.last.url) == f"{INGEST}/autoupdatelead"
    assert server.last.headers["authorization"] == "Bearer async-tok-SECRET-4d5e6f"
    assert server.body() == {"fields": {"phone": "919999999999", "name": "Jane"}}


def test_ingest_upsert_returns_queued(client, server):
    server.reply(200, {"status": "QUEUED"})

    queued = client.ingest.upsert({"phone": "919999999999"})

    assert queued == Queued(status="QUEUED", raw={"status": "QUEUED"})


# --- the ACTION_ rule, end to end ----------------------------------------------------------

CODE_SPELLINGS = [1001, "1001", "ACTION_1001"]


@pytest.mark.parametrize("code", CODE_SPELLINGS)
def test_leads_create_writes_a_custom_action_code_bare(client, server, code):
    server.reply(201, {"lead_id": "L1"})

    client.leads.create({"phone": "919999999999"}, [CustomAction(code)])

    assert server.body()["actions"] == [{"type": "1001"}]


@pytest.mark.parametrize("code", CODE_SPELLINGS)
def test_actions_create_writes_a_custom_action_code_bare(client, server, code):
    server.reply(200, {"lead_id": "L1"})

    client.actions.create("L1", [CustomAction(code)])

    assert server.body()["actions"] == [{"type": "1001"}]


@pytest.mark.parametrize("code", CODE_SPELLINGS)
def test_actions_update_writes_a_custom_action_code_bare(client, server, code):
    server.reply(200, {"type": "1001"})

    client.actions.update("L1", "A1", CustomAction(code, {"note": "x"}))

    assert server.body()["type"] == "1001"


@pytest.mark.parametrize("code", CODE_SPELLINGS)
def test_ingest_upsert_writes_a_custom_action_code_with_the_action_prefix(client, server, code):
    server.reply(200, {"status": "QUEUED"})

    client.ingest.upsert({"phone": "919999999999"}, [CustomAction(code)])

    assert server.body()["actions"] == [{"type": "ACTION_1001"}]


@pytest.mark.parametrize("code", [*CODE_SPELLINGS, CustomAction(1001)])
def test_workspace_custom_action_puts_the_prefixed_code_in_the_path(client, server, code):
    server.reply(200, {"id": "ca-1", "displayName": "Site visit", "code": "ACTION_1001", "source": "USER"})

    client.workspace.custom_action(code)

    assert str(server.last.url) == f"{SYNC}/custom-actions/ACTION_1001"


@pytest.mark.parametrize("code", CODE_SPELLINGS)
def test_plain_dict_custom_actions_are_written_bare_on_sync(client, server, code):
    server.reply(201, {"lead_id": "L1"})

    client.leads.create({"phone": "919999999999"}, [{"type": code, "fields": {"note": "x"}}])

    assert server.body()["actions"] == [{"type": "1001", "fields": {"note": "x"}}]


@pytest.mark.parametrize("code", CODE_SPELLINGS)
def test_plain_dict_custom_actions_are_written_prefixed_on_ingest(client, server, code):
    server.reply(200, {"status": "QUEUED"})

    client.ingest.upsert({"phone": "919999999999"}, [{"type": code, "fields": {"note": "x"}}])

    assert server.body()["actions"] == [{"type": "ACTION_1001", "fields": {"note": "x"}}]


def test_a_plain_dict_payment_is_accepted(client, server):
    server.reply(200, {"lead_id": "L1"})

    client.actions.create(
        "L1", [{"type": "PAYMENT", "amount": "250.75", "currency": "AED", "status": "PROCESSING"}]
    )

    assert server.body()["actions"] == [
        {"type": "PAYMENT", "amount": "250.75", "currency": "AED", "status": "PROCESSING"}
    ]


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda c: c.leads.create({"phone": "919999999999"}, [{"type": "OUTGOING_CALL"}]),
            id="leads.create",
        ),
        pytest.param(lambda c: c.actions.create("L1", [{"type": "INCOMING_CALL"}]), id="actions.create"),
        pytest.param(lambda c: c.actions.update("L1", "A1", {"type": "USER_NOTE"}), id="actions.update"),
        pytest.param(
            lambda c: c.ingest.upsert({"phone": "919999999999"}, [{"type": "OUTGOING_SMS"}]),
            id="ingest.upsert",
        ),
        pytest.param(lambda c: c.workspace.custom_action("MISSED_CALL"), id="workspace.custom_action"),
    ],
)
def test_a_built_in_action_type_is_refused_with_a_hint_to_use_a_custom_action(client, server, call):
    with pytest.raises(ValidationError, match=r"built-in action type.*custom action"):
        call(client)

    assert server.requests == []


# --- payments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "sent"),
    [
        (Decimal("5E+3"), "5000"),
        (Decimal("5000.50"), "5000.50"),
        (5000, "5000"),
        ("1.5E+2", "150"),
        ("0.01", "0.01"),
    ],
)
def test_a_payment_amount_is_sent_as_a_plain_decimal_string(client, server, amount, sent):
    server.reply(200, {"lead_id": "L1"})

    client.actions.create("L1", [Payment(amount, "INR", "PENDING")])

    assert server.body()["actions"][0]["amount"] == sent


def test_a_payment_is_written_the_same_on_ingest(client, server):
    server.reply(200, {"status": "QUEUED"})

    client.ingest.upsert(
        {"phone": "919999999999"}, [Payment(Decimal("5E+3"), Currency.USD, PaymentStatus.COMPLETED)]
    )

    assert server.body()["actions"] == [
        {"type": "PAYMENT", "amount": "5000", "currency": "USD", "status": "COMPLETED"}
    ]


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.actions.set_payment_status("L1", "P1", "PAID"), id="set_payment_status"),
        pytest.param(
            lambda c: c.actions.update("L1", "P1", {"type": "PAYMENT", "status": "PAID"}), id="actions.update"
        ),
        pytest.param(
            lambda c: c.actions.create(
                "L1", [{"type": "PAYMENT", "amount": "1", "currency": "INR", "status": "PAID"}]
            ),
            id="actions.create",
        ),
        pytest.param(
            lambda c: c.ingest.upsert(
                {"phone": "919999999999"},
                [{"type": "PAYMENT", "amount": "1", "currency": "INR", "status": "PAID"}],
            ),
            id="ingest.upsert",
        ),
    ],
)
def test_paid_is_refused_with_a_hint_to_use_completed(client, server, call):
    with pytest.raises(ValidationError, match=r"'PAID' is not a payment status.*'COMPLETED'"):
        call(client)

    assert server.requests == []


@pytest.mark.parametrize(
    "update",
    [
        pytest.param(Payment("5000", "INR", "COMPLETED"), id="Payment"),
        pytest.param({"type": "PAYMENT", "status": "COMPLETED", "amount": "6000"}, id="dict-with-amount"),
        pytest.param({"type": "PAYMENT", "status": "COMPLETED", "currency": "USD"}, id="dict-with-currency"),
        pytest.param(
            {"type": "PAYMENT", "paymentid": "pay_1", "status": "COMPLETED"}, id="dict-with-paymentid"
        ),
    ],
)
def test_an_update_carrying_amount_or_currency_is_refused_before_sending(client, server, update):
    with pytest.raises(ValidationError, match=r"amount and currency never change.*set_payment_status"):
        client.actions.update("L1", "P1", update)

    assert server.requests == []


def test_a_client_built_from_the_public_api_has_every_documented_resource(client):
    assert isinstance(client, Telecrm)
    assert {"leads", "actions", "team_members", "workspace", "ingest"} <= set(vars(client))


@pytest.mark.timeout(60)  # linear: milliseconds; the quadratic pattern it replaced took hours on this value
def test_an_email_filter_of_a_megabyte_of_dots_is_judged_in_linear_time(client, server):
    server.reply(200, {"data": [], "total_count": 0})
    value = "a@" + "a." * 500_000 + "@"

    list(client.leads.search(fields={"email": value}))

    assert server.body() == {"fields": {"email": value}}


def test_leads_search_refuses_a_phone_filter_that_is_not_a_string(client, server):
    with pytest.raises(ValidationError, match=r"fields\['phone'\] must be a string, got int"):
        client.leads.search(fields={"phone": 9811100401})

    assert server.requests == []


def test_leads_search_refuses_a_default_region_that_is_not_one(client, server, monkeypatch):
    monkeypatch.setenv("TELECRM_DEFAULT_REGION", "india")

    with pytest.raises(ValidationError, match="TELECRM_DEFAULT_REGION must be a two-letter region code"):
        client.leads.search(fields={"phone": "050 123 4567"})

    assert server.requests == []
