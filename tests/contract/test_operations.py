"""Every operation, called through the public API with realistic values, against Prism.

A test fails if Prism finds the request invalid (sl-violations header or a 422) or the
response it would have to serve invalid (500 under --errors): see conftest.Violations.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from telecrm import (
    ActionType,
    AsyncTelecrm,
    CustomAction,
    CustomActionDefinition,
    CustomField,
    Payment,
    Telecrm,
    TimelineEntry,
)

LEAD_ID = "603d2b2f9b1e8a001c8e4f5c"
ACTION_ID = "603d2b2f9b1e8a001c8e4f5d"


def test_create_lead_with_custom_action_and_payment(client: Telecrm) -> None:
    result = client.leads.create(
        {
            "name": "Jane Doe",
            "phone": "919999999999",
            "email": "jane.doe@example.com",
            "rating": 4,
            "status": "Fresh",
            "tags": ["VIP", "Returning"],
            "follow_up": datetime(2026, 1, 31, 10, 30, tzinfo=UTC),
            "visit_date": date(2026, 2, 1),
        },
        actions=[
            CustomAction("ACTION_1001", {"note": "Site visit completed"}, created_on=date(2026, 1, 1)),
            Payment(Decimal("5E+3"), "INR", "PENDING", created_on=1767225600000),
        ],
    )
    assert result.lead_id == "603d2b2f9b1e8a001c8e4f5c"
    assert [outcome.status for outcome in result.actions] == ["CREATED", "IGNORED"]


def test_get_lead_with_actions_page(client: Telecrm) -> None:
    lead = client.leads.get(LEAD_ID, include_actions=True, skip=0, limit=100)
    assert lead.fields["name"] == "John"
    assert lead.fields["rating"] == 3
    assert lead.actions_limit == 10
    (payment,) = lead.actions
    assert isinstance(payment, Payment)
    assert payment.amount == Decimal("5000")


def test_update_lead(client: Telecrm) -> None:
    lead = client.leads.update(LEAD_ID, {"name": "Jane Roe", "rating": 5, "tags": ["Hot"]})
    assert lead.fields["phone"] == "+919999999999"
    assert lead.actions == ()


def test_search_leads_with_field_and_action_filters(client: Telecrm) -> None:
    pager = client.leads.search(
        fields={
            "phone": ["919999999999", "919999999998"],
            "status": "Won",
            "created_on": (date(2026, 1, 1), datetime(2026, 3, 31, 23, 59, 59)),
        },
        actions={
            "type": [ActionType.OUTGOING_CALL, CustomAction(1001)],
            "performed_by": "agent@example.com",
            "performed_at": {"from": 1767225600000, "to": datetime(2026, 3, 31, tzinfo=UTC)},
        },
        page_size=100,
    )
    page = pager.first_page()
    assert (page.skip, page.limit, page.total_count) == (0, 100, 1)  # Prism serves the example page


def test_search_leads_iterates_pages(client: Telecrm) -> None:
    leads = list(itertools.islice(client.leads.search(page_size=50), 3))
    assert len(leads) == 1  # the spec's example: one lead, total_count 1


def test_create_actions(client: Telecrm) -> None:
    result = client.actions.create(
        LEAD_ID,
        [CustomAction(1001, {"note": "Follow-up call"}), Payment("1500.50", "INR", "COMPLETED")],
    )
    assert result.lead_id == LEAD_ID
    assert result.ignored[0].index == 1


def test_get_action(client: Telecrm) -> None:
    action = client.actions.get(LEAD_ID, ACTION_ID)
    assert isinstance(action, Payment)
    assert action.status == "COMPLETED"


def test_update_custom_action(client: Telecrm) -> None:
    # Prism answers with the response schema's example, which is a payment.
    action = client.actions.update(LEAD_ID, ACTION_ID, CustomAction(1001, {"note": "Done"}))
    assert isinstance(action, Payment)


def test_set_payment_status(client: Telecrm) -> None:
    action = client.actions.set_payment_status(LEAD_ID, ACTION_ID, "COMPLETED")
    assert isinstance(action, Payment)
    assert action.currency == "INR"


def test_search_actions_with_filters(client: Telecrm) -> None:
    page = client.actions.search(
        LEAD_ID,
        type=ActionType.OUTGOING_CALL,
        created_on=(datetime(2026, 4, 1), datetime(2026, 4, 30, 23, 59, 59)),
        performed_by=["5f8a1b2c3d4e5f6a7b8c9d0e"],
        page_size=100,
    ).first_page()
    assert all(isinstance(item, CustomAction | Payment | TimelineEntry) for item in page.items)


def test_search_actions_by_custom_code(client: Telecrm) -> None:
    assert client.actions.search(LEAD_ID, type="ACTION_1001").first_page().total_count == 1


def test_list_team_members_including_deleted(client: Telecrm) -> None:
    page = client.team_members.list(include_deleted=True).first_page()
    assert page.items[0].email == "jane.doe@example.com"
    assert page.items[0].license is not None


def test_get_team_member_by_email(client: Telecrm) -> None:
    member = client.team_members.get("Jane.Doe+sales@example.com", include_deleted=True)
    assert member.status == "Working"


def test_create_team_member(client: Telecrm) -> None:
    member = client.team_members.create(
        "John Doe", "john.doe@example.com", "919876543210", "CALLER", "s3cret-pass"
    )
    assert member.email == "john.doe@example.com"


def test_set_team_member_state(client: Telecrm) -> None:
    state = client.team_members.set_state("jane.doe@example.com", "On Leave")
    assert (state.email, state.status) == ("string", "string")  # Prism's schema-generated body


@pytest.mark.parametrize("detail", [False, True])
def test_list_custom_fields(client: Telecrm, detail: bool) -> None:
    (field,) = client.workspace.custom_fields(detail=detail)
    assert isinstance(field, CustomField)
    assert field.api_name == "contact_source"
    assert field.options == ("string",)  # Prism serves the detailed shape's example for both modes


def test_get_custom_field(client: Telecrm) -> None:
    assert client.workspace.custom_field("contact_source").api_name == "contact_source"


@pytest.mark.parametrize("detail", [False, True])
def test_list_custom_actions(client: Telecrm, detail: bool) -> None:
    (action,) = client.workspace.custom_actions(detail=detail)
    assert isinstance(action, CustomActionDefinition)
    assert (action.code, action.display_name) == (1001, "Site Visit")


def test_get_custom_action_by_code(client: Telecrm) -> None:
    assert client.workspace.custom_action(1001).code == 1001


def test_get_enterprise_metadata(client: Telecrm) -> None:
    assert client.workspace.metadata().name == "Acme Corporation"


def test_get_lead_stage_pipeline(client: Telecrm) -> None:
    pipeline = client.workspace.pipeline()
    assert pipeline.active_status_labels == {"New Lead"}
    assert pipeline.active_lost_reason_labels == {"Price too high"}


def test_async_ingest_upsert_with_actions(client: Telecrm) -> None:
    queued = client.ingest.upsert(
        {"phone": "919999999999", "name": "Jane Doe", "rating": 3},
        actions=[CustomAction(1001, {"note": "Form submitted"}), Payment("999", "INR", "PENDING")],
    )
    assert queued.status == "QUEUED"


@pytest.mark.anyio
async def test_async_client_creates_a_lead_and_pages_team_members(async_client: AsyncTelecrm) -> None:
    result = await async_client.leads.create({"phone": "919999999999"}, [CustomAction(1002)])
    assert result.lead_id == "603d2b2f9b1e8a001c8e4f5c"
    page = await async_client.team_members.list().first_page()
    assert page.total_count == 42


def test_the_violation_check_sees_an_invalid_request(client: Telecrm, violations: Any) -> None:
    # Sent around the SDK on purpose: `rating` must be an integer.
    client._http.post(
        f"{client.base_url}/enterprise/{client.enterprise_id}/lead",
        json={"fields": {"phone": "919999999999", "rating": "five"}},
        headers={"Authorization": "Bearer t"},
    )
    assert len(violations.seen) == 1
    assert "fields.rating must be integer" in violations.seen[0]
    violations.seen.clear()
