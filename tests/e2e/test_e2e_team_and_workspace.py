"""Team members and workspace metadata on the Sync API, `Telecrm` against the running fake."""

from __future__ import annotations

import pytest
from e2e_support import routes

from telecrm import (
    CustomAction,
    CustomActionDefinition,
    LeadStatus,
    LicenseLimitError,
    NotFoundError,
    TeamMember,
    TeamMemberLicense,
    TeamMemberNotFoundError,
    Telecrm,
    ValidationError,
)
from telecrm._value import evolve
from telecrm.testing import FakeTelecrm

PRIYA = "priya.sharma@sunriserealty.example"
DEEPAK = "deepak.kumar@sunriserealty.example"  # Deleted
LISTED = [  # every member but the deleted one, by name
    ("Anita Desai", "Active"),
    ("Arjun Nair", "Invited"),
    ("Priya Sharma", "Active"),
    ("Rahul Verma", "Working"),
    ("Sneha Iyer", "Inactive"),
    ("Vikram Singh", "On Leave"),
]


# --- team members ----------------------------------------------------------------------


def test_list_yields_members_who_are_not_deleted_sorted_by_name(client: Telecrm) -> None:
    members = list(client.team_members.list())

    assert [(m.name, m.status) for m in members] == LISTED


def test_list_with_deleted_members_includes_them(client: Telecrm) -> None:
    members = list(client.team_members.list(include_deleted=True))

    assert [m.name for m in members] == [
        "Anita Desai",
        "Arjun Nair",
        "Deepak Kumar",
        "Priya Sharma",
        "Rahul Verma",
        "Sneha Iyer",
        "Vikram Singh",
    ]


def test_list_fetches_pages_of_ten_until_every_member_is_seen(client: Telecrm, fake: FakeTelecrm) -> None:
    for n in range(4):  # fills the 10 seats: 6 seated members + 4
        client.team_members.create(
            f"Zoya Agent{n}", f"zoya{n}@sunriserealty.example", f"91982000010{n}", "CALLER"
        )
    before = len(fake.state.requests)

    members = list(client.team_members.list(include_deleted=True))

    assert [m.name for m in members][-4:] == [f"Zoya Agent{n}" for n in range(4)]
    assert len(members) == 11
    assert routes(fake)[before:] == ["GET /team-members", "GET /team-members"]


def test_list_of_exactly_one_full_page_makes_one_request(client: Telecrm, fake: FakeTelecrm) -> None:
    for n in range(4):
        client.team_members.create(
            f"Zoya Agent{n}", f"zoya{n}@sunriserealty.example", f"91982000010{n}", "CALLER"
        )
    before = len(fake.state.requests)

    members = list(client.team_members.list())

    assert len(members) == 10
    assert routes(fake)[before:] == ["GET /team-members"]


def test_get_finds_a_member_by_email_case_insensitively(client: Telecrm) -> None:
    member = client.team_members.get("  Priya.Sharma@SunriseRealty.example ")

    # `raw` (the body as sent) takes part in equality: compare the modelled attributes.
    assert evolve(member, raw={}) == TeamMember(
        email=PRIYA,
        name="Priya Sharma",
        status="Active",
        phone_number="919820000001",
        manager_name=None,
        manager_email=None,
        permission_template_name="Admin",
        license=TeamMemberLicense("ACTIVE", "GROWTH", "2021-01-01", "2022-01-01"),
    )


def test_get_of_a_deleted_member_needs_include_deleted(client: Telecrm) -> None:
    with pytest.raises(TeamMemberNotFoundError) as caught:
        client.team_members.get(DEEPAK)

    assert (caught.value.status_code, caught.value.code) == (404, "TEAM_MEMBER_NOT_FOUND")
    assert client.team_members.get(DEEPAK, include_deleted=True).status == "Deleted"


def test_create_without_a_password_invites_the_member(client: Telecrm, fake: FakeTelecrm) -> None:
    member = client.team_members.create(
        "Zoya Khan", "zoya.khan@sunriserealty.example", "919820000010", "CALLER"
    )

    assert (member.email, member.name, member.phone_number, member.role, member.status) == (
        "zoya.khan@sunriserealty.example",
        "Zoya Khan",
        "919820000010",
        "CALLER",
        "INVITED",
    )
    assert client.team_members.get("zoya.khan@sunriserealty.example").status == "Invited"


def test_create_with_a_password_makes_an_active_member(client: Telecrm) -> None:
    member = client.team_members.create(
        "Zoya Khan", "zoya.khan@sunriserealty.example", "919820000010", "MANAGER", password="S3cure-pass"
    )

    assert member.status == "Active"


def test_create_beyond_the_seat_limit_raises_license_limit(client: Telecrm, fake: FakeTelecrm) -> None:
    for n in range(4):
        client.team_members.create(
            f"Zoya Agent{n}", f"zoya{n}@sunriserealty.example", f"91982000010{n}", "CALLER"
        )

    with pytest.raises(LicenseLimitError) as caught:
        client.team_members.create("One Too Many", "extra@sunriserealty.example", "919820000199", "CALLER")

    assert (caught.value.status_code, caught.value.code) == (402, "BUY_LICENSE")
    assert len(fake.state.team_members) == 11


def test_create_with_a_phone_number_carrying_a_plus_is_refused_before_sending(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    with pytest.raises(ValidationError, match="11 to 15 digits"):
        client.team_members.create("Zoya Khan", "zoya.khan@sunriserealty.example", "+919820000010", "CALLER")

    assert fake.state.requests == []


def test_set_state_changes_availability(client: Telecrm) -> None:
    state = client.team_members.set_state(PRIYA, "On Leave")

    assert (state.email, state.status) == (PRIYA, "On Leave")
    assert dict(state.raw) == {"email": PRIYA, "status": "On Leave"}
    assert client.team_members.get(PRIYA).status == "On Leave"


def test_set_state_of_a_deleted_member_raises_team_member_not_found(client: Telecrm) -> None:
    with pytest.raises(TeamMemberNotFoundError):
        client.team_members.set_state(DEEPAK, "Active")


# --- workspace -------------------------------------------------------------------------


def test_custom_fields_lists_every_writable_lead_field(client: Telecrm) -> None:
    fields = client.workspace.custom_fields()

    assert [(f.api_name, f.type) for f in fields] == [
        ("name", "TEXT"),
        ("phone", "PHONE"),
        ("email", "EMAIL"),
        ("city", "TEXT"),
        ("alternate_email", "EMAIL"),
        ("alternate_phone", "PHONE"),
        ("budget_lakhs", "NUMBER"),
        ("next_follow_up", "DATE"),
        ("lead_source", "DROPDOWN"),
        ("interests", "TAGS"),
        ("deal_value", "MONEY"),
        ("company_website", "WEBSITE"),
        ("customer_code", "UNIQUE"),
    ]
    assert [f.api_name for f in fields if f.is_lead_identifier] == ["phone"]
    assert all(f.id is None for f in fields)


def test_custom_fields_in_detail_carry_ids_descriptions_and_date_formats(client: Telecrm) -> None:
    fields = {f.api_name: f for f in client.workspace.custom_fields(detail=True)}

    assert all(f.id for f in fields.values())
    assert fields["next_follow_up"].description == "When to call back"
    assert (fields["next_follow_up"].date_format, fields["next_follow_up"].time_format) == (
        "DD/MM/YYYY",
        "HH:mm",
    )
    assert fields["interests"].tags == ("1BHK", "2BHK", "3BHK", "Villa", "Plot", "Commercial")


def test_custom_field_returns_one_field_with_its_options(client: Telecrm) -> None:
    field = client.workspace.custom_field("lead_source")

    assert (field.api_name, field.type, field.description, field.is_lead_identifier) == (
        "lead_source",
        "DROPDOWN",
        "Where the lead came from",
        False,
    )
    assert field.options == (
        "Website",
        "Facebook Ads",
        "Google Ads",
        "99acres",
        "MagicBricks",
        "Walk-in",
        "Referral",
    )


def test_custom_field_names_are_case_sensitive(client: Telecrm) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.workspace.custom_field("Lead_Source")

    assert caught.value.message == "Could not find custom field with apiName Lead_Source"


def test_custom_actions_lists_every_code_as_a_number(client: Telecrm) -> None:
    actions = client.workspace.custom_actions()

    assert [(a.code, a.display_name, a.source) for a in actions] == [
        (1001, "Site Visit", "USER"),
        (1002, "Demo Booked", "USER"),
        (1003, "Quotation Sent", "USER"),
        (1000, "Callback Requested", "SYSTEM"),
    ]
    assert all(a.field_schema == {} for a in actions)


def test_custom_actions_in_detail_carry_field_schemas(client: Telecrm) -> None:
    actions = {a.code: a for a in client.workspace.custom_actions(detail=True)}

    assert dict(actions[1002].field_schema) == {
        "demo_date": {"type": "DATE"},
        "attendees": {"type": "NUMBER"},
        "meeting_link": {"type": "MEDIALINK"},
    }


@pytest.mark.parametrize("code", [1001, "1001", "ACTION_1001", CustomAction(1001)])
def test_custom_action_is_looked_up_by_any_spelling_of_its_code(client: Telecrm, code: object) -> None:
    action = client.workspace.custom_action(code)  # type: ignore[arg-type]

    assert isinstance(action, CustomActionDefinition)
    assert (action.code, action.display_name, action.score, action.allows_predated_activity) == (
        1001,
        "Site Visit",
        10,
        True,
    )
    assert dict(action.field_schema) == {
        "note": {"type": "TEXT"},
        "visit_date": {"type": "DATE"},
        "outcome": {"type": "DROPDOWN", "options": ["Interested", "Not Interested"]},
        "visited_with": {"type": "ACTIVE_USERS"},
    }


def test_custom_action_that_forbids_predating_says_so(client: Telecrm) -> None:
    assert client.workspace.custom_action(1003).allows_predated_activity is False


def test_custom_action_of_an_unknown_code_raises_not_found(client: Telecrm) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.workspace.custom_action(4242)

    assert caught.value.message == "Custom action with code ACTION_4242 was not found."


def test_metadata_describes_the_enterprise(client: Telecrm, fake: FakeTelecrm) -> None:
    metadata = client.workspace.metadata()

    assert (metadata.id, metadata.name, metadata.lead_identifier_field) == (
        fake.enterprise_id,
        "Sunrise Realty",
        "phone",
    )
    assert metadata.integrations == ("WHATSAPP", "EMAIL", "SMS")
    assert (metadata.created_at_ms, metadata.team_size, metadata.industry, metadata.website) == (
        1609459200000,
        "10-50",
        "Real Estate",
        "https://sunriserealty.example",
    )


def test_pipeline_lists_stages_statuses_and_lost_reasons(client: Telecrm) -> None:
    pipeline = client.workspace.pipeline()

    assert [
        (s.type, [x.label for x in s.active_statuses], [x.label for x in s.archived_statuses])
        for s in pipeline.stages
    ] == [
        ("OPEN", ["Fresh", "Interested", "Follow Up", "Site Visit Scheduled"], ["Old Enquiry"]),
        ("WON", ["Won", "Booking Done"], ["Token Paid"]),
        ("LOST", ["Lost"], ["Junk"]),
    ]
    assert pipeline.stages[0].active_statuses[0] == LeadStatus("Fresh", 1, "#2F80ED")
    assert pipeline.active_lost_reason_labels == {
        "Unknown Reason",
        "Budget Mismatch",
        "Location Issue",
        "Not Interested",
        "Bought Elsewhere",
    }
    assert [r.label for r in pipeline.active_lost_reasons if r.is_default] == ["Unknown Reason"]
    assert [r.label for r in pipeline.archived_lost_reasons] == ["Wrong Number"]
    assert "Old Enquiry" not in pipeline.active_status_labels
