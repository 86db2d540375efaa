"""Sync leads: create, identifier rules, remarks, get, update."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from telecrm.testing import FakeTelecrm, Workspace


def create(
    sync: httpx.Client, fields: dict[str, object], actions: list[object] | None = None
) -> httpx.Response:
    body: dict[str, object] = {"fields": fields}
    if actions is not None:
        body["actions"] = actions
    return sync.post("/lead", json=body)


def test_create_answers_201_with_lead_id_actions_and_remarks(sync: httpx.Client) -> None:
    response = create(sync, {"name": "Jane Doe", "phone": "919999999999"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"lead_id", "actions", "remarks"}
    assert len(body["lead_id"]) == 24
    assert int(body["lead_id"], 16) >= 0
    assert (body["actions"], body["remarks"]) == ([], [])


def test_created_lead_gets_the_default_status(sync: httpx.Client) -> None:
    lead_id = create(sync, {"phone": "919999999999"}).json()["lead_id"]
    assert sync.get(f"/lead/{lead_id}").json() == {"fields": {"phone": "919999999999", "status": "Fresh"}}


@pytest.mark.parametrize(
    "phone",
    [
        "+919999999999",
        "919999999999",
        "9999999999",
        " 9999999999 ",
        "+91 99999 99999",
        "+91-99999-99999",
        "099999 99999",
        "(0)99999-99999",
    ],
)
def test_identifier_phone_forms_are_the_same_lead(sync: httpx.Client, phone: str) -> None:
    assert create(sync, {"phone": "+919999999999"}).status_code == 201
    response = create(sync, {"phone": phone})
    assert response.status_code == 409
    assert response.json() == {
        "error": {"code": "LEAD_ALREADY_EXISTS", "message": "Lead with phone 919999999999 already exists."}
    }


def test_a_phone_written_with_spaces_is_found_by_its_digits(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    create(sync, {"phone": "+91 98111 00402"})
    lead = telecrm_fake.state.find_lead("098111-00402")
    assert lead is not None
    assert lead.fields["phone"] == "919811100402"


def test_bare_national_number_gets_the_default_country_code(sync: httpx.Client) -> None:
    lead_id = create(sync, {"phone": "9876543210"}).json()["lead_id"]
    assert sync.get(f"/lead/{lead_id}").json()["fields"]["phone"] == "919876543210"


def test_create_without_identifier_is_400_invalid_lead(sync: httpx.Client) -> None:
    response = create(sync, {"name": "Jane Doe"})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "INVALID_LEAD",
            "message": "Lead identifier field name 'phone' not found in request body.",
        }
    }


def test_create_with_too_short_identifier_is_400_invalid_lead(sync: httpx.Client) -> None:
    response = create(sync, {"phone": "99999"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "INVALID_LEAD",
        "message": "Lead identifier field 'phone' is invalid: Phone number is invalid",
    }


def test_invalid_field_is_ignored_with_a_remark_and_the_lead_still_created(
    sync: httpx.Client, telecrm_fake: FakeTelecrm
) -> None:
    response = create(sync, {"phone": "919999999999", "name": "Jane", "rating": "3"})
    assert response.status_code == 201
    assert response.json()["remarks"] == [
        {"field": "fields.rating", "status": "IGNORED", "remark": "Rating must be between 1 and 5"}
    ]
    lead = telecrm_fake.state.find_lead("9999999999")
    assert lead is not None
    assert lead.fields == {"phone": "919999999999", "name": "Jane", "status": "Fresh"}


@pytest.mark.parametrize(
    ("field", "value", "remark"),
    [
        ("rating", 6, "Rating must be between 1 and 5"),
        ("rating", True, "Rating must be between 1 and 5"),
        ("email", "jane.example.com", "Email is invalid"),
        ("alternate_phone", "99999", "Phone number is invalid"),
        ("budget_lakhs", "85", "Number is invalid"),
        ("next_follow_up", "2026-01-01T10:30:00Z", "Date must be epoch milliseconds or DD/MM/YYYY HH:mm:ss"),
        ("lead_source", "x" * 41, "Option must be a non-empty string of at most 40 characters"),
        ("interests", "VIP, Returning", "Tags must be a list of non-empty strings of at most 40 characters"),
        ("deal_value", 1000, "Money must be a numeric string"),
        ("company_website", "not a link", "Website is invalid"),
        ("assignee", "stranger@example.com", "Must be the email of a team member of the workspace"),
        (
            "assignee",
            "deepak.kumar@sunriserealty.example",
            "Must be the email of a team member of the workspace",
        ),
        ("status", "Junk", "Status 'Junk' is archived"),
        ("status", "Hot", "Status 'Hot' is not in the lead stage pipeline"),
        ("lostReason", "Wrong Number", "Lost reason 'Wrong Number' is archived"),
        ("favourite_colour", "blue", "Field is not defined in the workspace"),
    ],
)
def test_field_rules_by_type(sync: httpx.Client, field: str, value: object, remark: str) -> None:
    response = create(sync, {"phone": "919999999999", field: value})
    assert response.status_code == 201
    assert response.json()["remarks"] == [{"field": f"fields.{field}", "status": "IGNORED", "remark": remark}]


def test_valid_values_of_every_type_are_stored(sync: httpx.Client) -> None:
    fields = {
        "phone": "919999999999",
        "name": "Jane Doe",
        "email": "jane@mail.example",
        "rating": 5,
        "status": "Won",
        "assignee": "ANITA.DESAI@sunriserealty.example",
        "city": "Pune",
        "alternate_email": "jd@mail.example",
        "alternate_phone": "+919888888888",
        "budget_lakhs": 92.5,
        "next_follow_up": "15/02/2026",
        "lead_source": "Website",
        "interests": ["Villa", "Plot"],
        "deal_value": "9500000.50",
        "company_website": "https://jane.example/about",
        "customer_code": "CUST-0001",
    }
    response = create(sync, fields)
    assert response.json()["remarks"] == []
    stored = sync.get(f"/lead/{response.json()['lead_id']}").json()["fields"]
    assert stored == {
        **fields,
        "assignee": "anita.desai@sunriserealty.example",
        "alternate_phone": "919888888888",
        "next_follow_up": "15/02/2026 00:00:00",
    }


def test_dates_are_accepted_as_epoch_ms_and_returned_in_the_workspace_format(sync: httpx.Client) -> None:
    # 1672561800000 is 01/01/2023 08:30:00 UTC, 14:00:00 in the default workspace's +05:30.
    lead_id = create(sync, {"phone": "919999999999", "next_follow_up": 1672561800000}).json()["lead_id"]
    assert sync.get(f"/lead/{lead_id}").json()["fields"]["next_follow_up"] == "01/01/2023 14:00:00"


def test_unknown_dropdown_label_creates_an_option(sync: httpx.Client) -> None:
    create(sync, {"phone": "919999999999", "lead_source": "Instagram"})
    source = sync.get("/custom-fields/lead_source").json()
    assert [option["label"] for option in source["options"]][-1] == "Instagram"


def test_unique_field_refuses_a_value_another_lead_has(sync: httpx.Client) -> None:
    create(sync, {"phone": "919999999999", "customer_code": "CUST-1"})
    response = create(sync, {"phone": "919999999998", "customer_code": "cust-1"})
    assert response.json()["remarks"] == [
        {
            "field": "fields.customer_code",
            "status": "IGNORED",
            "remark": "Value must be unique: another lead has customer_code cust-1",
        }
    ]


def test_status_in_a_lost_stage_defaults_the_lost_reason(sync: httpx.Client) -> None:
    lead_id = create(sync, {"phone": "919999999999", "status": "Lost"}).json()["lead_id"]
    assert sync.get(f"/lead/{lead_id}").json()["fields"]["lostReason"] == "Unknown Reason"


def test_create_body_without_fields_object_is_400(sync: httpx.Client) -> None:
    response = sync.post("/lead", json={"fields": ["phone"]})
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "BAD_REQUEST", "message": "'fields' must be an object"}}


def test_body_that_is_not_json_is_400(sync: httpx.Client) -> None:
    response = sync.post("/lead", content=b'{"fields": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "BAD_REQUEST", "message": "Request body must be valid JSON"}}


def test_nan_is_not_json(sync: httpx.Client) -> None:
    response = sync.post(
        "/lead",
        content=b'{"fields": {"phone": "919999999999", "budget_lakhs": NaN}}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Request body must be valid JSON"


def test_get_lead_without_include_actions_has_no_action_keys(sync: httpx.Client, lead_id: str) -> None:
    assert set(sync.get(f"/lead/{lead_id}").json()) == {"fields"}


def test_get_unknown_lead_is_404(sync: httpx.Client) -> None:
    response = sync.get("/lead/62ab16e")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "LEAD_NOT_FOUND", "message": "The lead with ID 62ab16e was not found."}
    }


def test_get_lead_with_actions_pages_the_timeline_newest_first(
    sync: httpx.Client, telecrm_fake: FakeTelecrm, lead_id: str
) -> None:
    for day in ("01", "03", "02"):
        telecrm_fake.state.add_timeline_entry(lead_id, "OUTGOING_CALL", created_on=f"{day}/01/2026")
    sync.post(f"/lead/{lead_id}/action", json={"actions": [{"type": "1001", "created_on": "04/01/2026"}]})
    body = sync.get(f"/lead/{lead_id}", params={"includeActions": "true", "skip": 1, "limit": 2}).json()
    assert body["actions"] == [{"type": "OUTGOING_CALL"}, {"type": "OUTGOING_CALL"}]
    assert (body["actions_skip"], body["actions_limit"]) == (1, 2)
    newest = sync.get(f"/lead/{lead_id}", params={"includeActions": "true", "limit": 1}).json()
    assert newest["actions"] == [{"type": "1001", "fields": {}}]


@pytest.mark.parametrize("limit", ["0", "101", "ten"])
def test_get_lead_action_limit_outside_1_to_100_is_400(sync: httpx.Client, lead_id: str, limit: str) -> None:
    response = sync.get(f"/lead/{lead_id}", params={"includeActions": "true", "limit": limit})
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "BAD_REQUEST", "message": "Limit should be between 1 and 100"}
    }


def test_get_lead_ignores_paging_without_include_actions(sync: httpx.Client, lead_id: str) -> None:
    assert sync.get(f"/lead/{lead_id}", params={"limit": 500}).status_code == 200


def test_update_changes_only_the_supplied_fields(sync: httpx.Client, lead_id: str) -> None:
    response = sync.post(f"/lead/{lead_id}", json={"fields": {"city": "Mumbai", "rating": 2}})
    assert response.status_code == 200
    assert response.json() == {
        "fields": {
            "name": "Test Lead",
            "phone": "919000000001",
            "status": "Fresh",
            "city": "Mumbai",
            "rating": 2,
        }
    }


def test_update_touching_the_identifier_is_403(sync: httpx.Client, lead_id: str) -> None:
    response = sync.post(f"/lead/{lead_id}", json={"fields": {"phone": "919000000001", "city": "Pune"}})
    assert response.status_code == 403
    assert response.json() == {
        "error": {"code": "INVALID_LEAD", "message": "Cannot modify lead identifier field"}
    }
    assert "city" not in sync.get(f"/lead/{lead_id}").json()["fields"]


def test_update_with_an_invalid_value_is_400_and_changes_nothing(sync: httpx.Client, lead_id: str) -> None:
    response = sync.post(f"/lead/{lead_id}", json={"fields": {"city": "Pune", "rating": "3"}})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "BAD_REQUEST",
            "message": "Invalid value for field 'rating': Rating must be between 1 and 5",
        }
    }
    assert "city" not in sync.get(f"/lead/{lead_id}").json()["fields"]


def test_update_drops_an_archived_status_silently(sync: httpx.Client, lead_id: str) -> None:
    response = sync.post(f"/lead/{lead_id}", json={"fields": {"status": "Old Enquiry", "city": "Pune"}})
    assert response.status_code == 200
    assert response.json()["fields"]["status"] == "Fresh"
    assert response.json()["fields"]["city"] == "Pune"


def test_update_of_a_field_locked_after_create_is_400(sync: httpx.Client, lead_id: str) -> None:
    response = sync.post(f"/lead/{lead_id}", json={"fields": {"customer_code": "CUST-9"}})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Field 'customer_code' cannot be modified after creation"


def test_update_of_an_unknown_lead_is_404(sync: httpx.Client) -> None:
    response = sync.post("/lead/62ab16e", json={"fields": {"city": "Pune"}})
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "LEAD_NOT_FOUND", "message": "Lead with ID 62ab16e was not found."}
    }


def test_lone_surrogate_is_not_json(sync: httpx.Client) -> None:
    response = sync.post(
        "/lead",
        content=b'{"fields": {"phone": "919999999999", "name": "\\ud800"}}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Request body must be valid JSON"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16-le", "utf-16-be", "utf-16", "utf-32"])
def test_body_in_any_encoding_json_detects_is_read(sync: httpx.Client, encoding: str) -> None:
    text = '{"fields": {"phone": "919999999999", "name": "Zo\u00eb"}}'
    response = sync.post("/lead", content=text.encode(encoding), headers={"Content-Type": "application/json"})
    assert response.status_code == 201
    lead_id = response.json()["lead_id"]
    assert sync.get(f"/lead/{lead_id}").json()["fields"]["name"] == "Zo\u00eb"


def test_lone_surrogate_in_a_utf16_body_is_not_json(sync: httpx.Client) -> None:
    text = '{"fields": {"phone": "919999999999", "name": "\ud800"}}'
    response = sync.post(
        "/lead",
        content=text.encode("utf-16-le", "surrogatepass"),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Request body must be valid JSON"


def test_number_field_takes_integers_too_large_for_a_float(sync: httpx.Client) -> None:
    lead_id = create(sync, {"phone": "919999999999", "budget_lakhs": 10**400}).json()["lead_id"]
    assert sync.get(f"/lead/{lead_id}").json()["fields"]["budget_lakhs"] == 10**400


def new_labels(count: int) -> list[str]:
    return [f"Label {n:04d}" for n in range(count)]


def test_tags_that_would_take_a_field_past_1000_are_ignored_with_a_remark(sync: httpx.Client) -> None:
    # The default workspace's `interests` field has 6 tags: 995 new ones make 1,001.
    response = create(sync, {"phone": "919999999999", "interests": new_labels(995)})
    assert response.json()["remarks"] == [
        {
            "field": "fields.interests",
            "status": "IGNORED",
            "remark": "A field holds at most 1000 tags: it has 6, and this value would add 995",
        }
    ]
    assert len(sync.get("/custom-fields/interests").json()["tags"]) == 6


def test_tags_up_to_1000_per_field_are_created(sync: httpx.Client) -> None:
    response = create(sync, {"phone": "919999999999", "interests": new_labels(994)})
    assert response.json()["remarks"] == []
    assert len(sync.get("/custom-fields/interests").json()["tags"]) == 1000


@pytest.fixture
def full_dropdown() -> Iterator[httpx.Client]:
    """A client of a fake of its own whose one custom field, `source`, is a dropdown of 1,000 options."""
    workspace = Workspace.from_dict(
        {
            "custom_fields": [{"api_name": "source", "type": "DROPDOWN", "options": new_labels(1000)}],
            "leads": [],
        }
    )
    with (
        FakeTelecrm.running(workspace) as fake,
        httpx.Client(
            base_url=f"{fake.base_url}/enterprise/{fake.enterprise_id}",
            headers={"Authorization": f"Bearer {fake.sync_token}"},
            timeout=5,
        ) as client,
    ):
        yield client


def test_a_new_option_past_1000_per_dropdown_is_ignored_with_a_remark(full_dropdown: httpx.Client) -> None:
    response = create(full_dropdown, {"phone": "919999999999", "source": "One Too Many"})
    assert response.json()["remarks"] == [
        {
            "field": "fields.source",
            "status": "IGNORED",
            "remark": "A field holds at most 1000 options: it has 1000, and this value would add 1",
        }
    ]


def test_a_known_option_is_accepted_when_the_dropdown_is_full(full_dropdown: httpx.Client) -> None:
    response = create(full_dropdown, {"phone": "919999999999", "source": "Label 0999"})
    assert response.json()["remarks"] == []


def test_date_in_the_hh_mm_form_is_stored_at_the_whole_minute(sync: httpx.Client) -> None:
    lead_id = create(sync, {"phone": "919999999999", "next_follow_up": "15/02/2026 10:30"}).json()["lead_id"]
    assert sync.get(f"/lead/{lead_id}").json()["fields"]["next_follow_up"] == "15/02/2026 10:30:00"
