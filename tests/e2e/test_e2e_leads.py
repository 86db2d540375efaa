"""Leads on the Sync API, `Telecrm` against the running fake: create, get, update, search."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from e2e_support import IMRAN, KAVYA, ROHAN, routes

from telecrm import (
    ActionType,
    CustomAction,
    InvalidLeadError,
    LeadAlreadyExistsError,
    LeadCreateResult,
    LeadNotFoundError,
    PartialSuccessError,
    Payment,
    PermissionDeniedError,
    Remark,
    Telecrm,
    TimelineEntry,
)
from telecrm.testing import FakeTelecrm

# --- create ----------------------------------------------------------------------------


def test_create_returns_the_new_lead_id_and_one_created_outcome_per_action(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    visit = CustomAction(1001, {"note": "Saw the show flat", "outcome": "Interested"})
    payment = Payment("50000", "INR", "PENDING")

    result = client.leads.create({"name": "Meera Pillai", "phone": "919811100001"}, [visit, payment])

    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert result.lead_id == stored.id
    assert [(o.index, o.action, o.status, o.remarks) for o in result.actions] == [
        (0, visit, "CREATED", ()),
        (1, payment, "CREATED", ()),
    ]
    assert [o.id for o in result.actions] == [a.id for a in stored.actions]
    assert result.ok
    assert result.remarks == ()
    assert result.raise_for_ignored() is result


def test_create_without_a_status_puts_the_lead_in_the_first_open_status(client: Telecrm) -> None:
    result = client.leads.create({"name": "Meera Pillai", "phone": "919811100001"})

    assert dict(client.leads.get(result.lead_id).fields) == {
        "name": "Meera Pillai",
        "phone": "919811100001",
        "status": "Fresh",
    }


def test_create_with_a_bad_rating_and_a_bad_action_field_reports_both_and_still_creates_the_lead(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    visit = CustomAction(1001, {"note": "Saw the show flat"})
    demo = CustomAction(1002, {"attendees": "many"})

    result = client.leads.create(
        {"name": "Meera Pillai", "phone": "919811100001", "rating": 7}, [visit, demo]
    )

    assert isinstance(result, LeadCreateResult)
    rating = Remark("fields.rating", "IGNORED", "Rating must be between 1 and 5")
    attendees = Remark("actions[1].fields.attendees", "IGNORED", "Number is invalid")
    assert result.remarks == (rating, attendees)
    assert result.field_remarks == (rating,)
    assert (rating.action_index, rating.field_name) == (None, "rating")
    assert (attendees.action_index, attendees.field_name) == (1, "attendees")
    assert [(o.status, o.remarks) for o in result.actions] == [("CREATED", ()), ("IGNORED", (attendees,))]
    assert result.actions[1].id is None
    assert result.ignored == (result.actions[1],)
    assert not result.ok
    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert stored.id == result.lead_id
    assert [a.type for a in stored.actions] == ["1001"]
    assert dict(client.leads.get(result.lead_id).fields) == {
        "name": "Meera Pillai",
        "phone": "919811100001",
        "status": "Fresh",
    }


def test_create_strict_raises_partial_success_with_the_result_and_the_lead_stays_created(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    with pytest.raises(PartialSuccessError) as caught:
        client.leads.create(
            {"name": "Meera Pillai", "phone": "919811100001", "rating": 7},
            [CustomAction(1002, {"attendees": "many"})],
            strict=True,
        )

    result = caught.value.result
    assert isinstance(result, LeadCreateResult)
    assert [r.field for r in result.remarks] == ["fields.rating", "actions[0].fields.attendees"]
    assert [(o.status, o.id) for o in result.actions] == [("IGNORED", None)]
    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert stored.id == result.lead_id
    assert stored.actions == ()


def test_create_strict_returns_the_result_when_nothing_was_ignored(client: Telecrm) -> None:
    result = client.leads.create({"name": "Meera Pillai", "phone": "919811100001"}, strict=True)

    assert result.ok
    assert result.actions == ()


@pytest.mark.parametrize("phone", ["919876500001", "+919876500001", "9876500001"])
def test_create_of_an_existing_phone_in_any_spelling_raises_lead_already_exists(
    client: Telecrm, fake: FakeTelecrm, phone: str
) -> None:
    with pytest.raises(LeadAlreadyExistsError) as caught:
        client.leads.create({"name": "Rohan Again", "phone": phone})

    error = caught.value
    assert (error.status_code, error.code) == (409, "LEAD_ALREADY_EXISTS")
    assert error.message == "Lead with phone 919876500001 already exists."
    assert routes(fake) == ["POST /lead"]
    assert len(fake.state.leads) == 3


def test_creating_the_same_lead_twice_keeps_one_lead(client: Telecrm, fake: FakeTelecrm) -> None:
    client.leads.create({"name": "Meera Pillai", "phone": "+919811100001"})

    with pytest.raises(LeadAlreadyExistsError):
        client.leads.create({"name": "Meera Pillai", "phone": "9811100001"})

    assert [lead.fields["phone"] for lead in fake.state.leads].count("919811100001") == 1


def test_create_without_the_identifier_raises_invalid_lead_400(client: Telecrm, fake: FakeTelecrm) -> None:
    with pytest.raises(InvalidLeadError) as caught:
        client.leads.create({"name": "No Phone"})

    assert (caught.value.status_code, caught.value.code) == (400, "INVALID_LEAD")
    assert caught.value.message == "Lead identifier field name 'phone' not found in request body."
    assert len(fake.state.leads) == 3


# --- get -------------------------------------------------------------------------------


def test_get_returns_the_fields_exactly_as_the_server_sent_them(client: Telecrm) -> None:
    lead = client.leads.get(ROHAN)

    assert dict(lead.fields) == {
        "name": "Rohan Mehta",
        "phone": "919876500001",
        "email": "rohan.mehta@mail.example",
        "status": "Interested",
        "rating": 4,
        "assignee": "anita.desai@sunriserealty.example",
        "city": "Pune",
        "budget_lakhs": 85,
        "lead_source": "99acres",
        "interests": ["2BHK", "3BHK"],
    }
    assert lead.actions == ()
    assert (lead.actions_skip, lead.actions_limit) == (None, None)


def test_get_with_actions_returns_the_timeline_newest_first(client: Telecrm) -> None:
    lead = client.leads.get(ROHAN, include_actions=True)

    assert lead.actions == (
        CustomAction(1001, {"note": "Liked the east-facing flat", "outcome": "Interested"}),
        TimelineEntry(ActionType.OUTGOING_CALL, {"type": "OUTGOING_CALL"}),
    )
    assert (lead.actions_skip, lead.actions_limit) == (0, 10)


def test_get_with_actions_pages_the_timeline_with_skip_and_limit(client: Telecrm) -> None:
    lead = client.leads.get(KAVYA, include_actions=True, skip=1, limit=1)

    assert lead.actions == (
        TimelineEntry(ActionType.INCOMING_WHATSAPP_MSG, {"type": "INCOMING_WHATSAPP_MSG"}),
    )
    assert (lead.actions_skip, lead.actions_limit) == (1, 1)


def test_get_of_an_unknown_lead_raises_lead_not_found(client: Telecrm) -> None:
    with pytest.raises(LeadNotFoundError) as caught:
        client.leads.get("65a1f0c2e4b0a1b2c3d4e5ff")

    assert (caught.value.status_code, caught.value.code) == (404, "LEAD_NOT_FOUND")
    assert caught.value.message == "The lead with ID 65a1f0c2e4b0a1b2c3d4e5ff was not found."


# --- update ----------------------------------------------------------------------------


def test_update_changes_only_the_given_fields_and_returns_the_lead(client: Telecrm) -> None:
    lead = client.leads.update(IMRAN, {"status": "Follow Up", "city": "Mumbai"})

    assert dict(lead.fields) == {
        "name": "Imran Sheikh",
        "phone": "919876500003",
        "status": "Follow Up",
        "lostReason": "Budget Mismatch",
        "lead_source": "Facebook Ads",
        "city": "Mumbai",
    }
    assert client.leads.get(IMRAN).fields == lead.fields


def test_update_writes_a_date_in_the_workspace_format_and_reads_it_back_as_sent(client: Telecrm) -> None:
    naive = client.leads.update(ROHAN, {"next_follow_up": date(2026, 12, 1)})
    aware = client.leads.update(KAVYA, {"next_follow_up": datetime(2026, 12, 1, 4, 30, tzinfo=UTC)})

    assert naive.fields["next_follow_up"] == "01/12/2026 00:00:00"
    assert aware.fields["next_follow_up"] == "01/12/2026 10:00:00"  # the workspace is at +05:30


@pytest.mark.parametrize("phone", ["919876500099", "919876500001"])
def test_update_touching_the_identifier_raises_invalid_lead_403_and_changes_nothing(
    client: Telecrm, fake: FakeTelecrm, phone: str
) -> None:
    with pytest.raises(InvalidLeadError) as caught:
        client.leads.update(ROHAN, {"phone": phone, "city": "Mumbai"})

    error = caught.value
    assert isinstance(error, PermissionDeniedError)
    assert (error.status_code, error.code) == (403, "INVALID_LEAD")
    assert error.message == "Cannot modify lead identifier field"
    assert fake.state.lead(ROHAN).fields["phone"] == "919876500001"
    assert fake.state.lead(ROHAN).fields["city"] == "Pune"


def test_update_of_an_unknown_lead_raises_lead_not_found(client: Telecrm) -> None:
    with pytest.raises(LeadNotFoundError) as caught:
        client.leads.update("65a1f0c2e4b0a1b2c3d4e5ff", {"city": "Mumbai"})

    assert caught.value.message == "Lead with ID 65a1f0c2e4b0a1b2c3d4e5ff was not found."


# --- search ----------------------------------------------------------------------------


def test_search_with_a_list_of_values_matches_any_of_them_newest_first(client: Telecrm) -> None:
    found = list(client.leads.search(fields={"status": ["Won", "Interested"]}))

    assert [lead.fields["name"] for lead in found] == ["Kavya Reddy", "Rohan Mehta"]


def test_search_by_phone_matches_every_spelling_of_the_number(client: Telecrm) -> None:
    found = list(client.leads.search(fields={"phone": "+919876500002"}))

    assert [lead.fields["name"] for lead in found] == ["Kavya Reddy"]


def test_search_action_criteria_must_hold_for_the_same_action(client: Telecrm) -> None:
    anita = "anita.desai@sunriserealty.example"

    by_visit = client.leads.search(actions={"type": CustomAction(1001), "performed_by": anita})
    by_message = client.leads.search(
        actions={"type": ActionType.INCOMING_WHATSAPP_MSG, "performed_by": anita}
    )

    assert [lead.fields["name"] for lead in by_visit] == ["Rohan Mehta"]
    assert list(by_message) == []


def test_search_by_creation_range_includes_both_bounds(client: Telecrm) -> None:
    # Kavya was created at 03/01/2026 09:40:00 and Imran at 04/01/2026 18:05:00, workspace time.
    found = client.leads.search(
        fields={"created_on": (datetime(2026, 1, 3, 9, 40), datetime(2026, 1, 4, 18, 5))}
    )

    assert [lead.fields["name"] for lead in found] == ["Imran Sheikh", "Kavya Reddy"]


def test_search_by_a_date_range_reads_dates_as_workspace_midnight(client: Telecrm) -> None:
    found = client.leads.search(fields={"created_on": (date(2026, 1, 3), date(2026, 1, 4))})

    assert [lead.fields["name"] for lead in found] == ["Kavya Reddy"]


def test_search_without_filters_yields_every_lead_newest_first(client: Telecrm, fake: FakeTelecrm) -> None:
    client.leads.create({"name": "Meera Pillai", "phone": "919811100001"})

    found = list(client.leads.search())

    assert [lead.fields["phone"] for lead in found] == [
        "919811100001",
        "919876500003",
        "919876500002",
        "919876500001",
    ]
    assert routes(fake).count("POST /lead/search") == 1
