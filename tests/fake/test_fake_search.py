"""Lead search: exact case-insensitive matches, OR within a field, AND across fields, same-action filters."""

from __future__ import annotations

import httpx
import pytest

from telecrm.testing import FakeTelecrm


@pytest.fixture
def leads(sync: httpx.Client) -> dict[str, str]:
    """Three leads created in this order (so C is the newest), with the seed leads around them."""
    bodies = {
        "A": {
            "phone": "919100000001",
            "name": "Asha Rao",
            "city": "Pune",
            "status": "Interested",
            "rating": 3,
        },
        "B": {"phone": "919100000002", "name": "Bala Iyer", "city": "Mumbai", "status": "Interested"},
        "C": {"phone": "919100000003", "name": "Chitra Das", "city": "Pune", "status": "Follow Up"},
    }
    ids = {}
    for key, fields in bodies.items():
        ids[key] = sync.post("/lead", json={"fields": fields}).json()["lead_id"]
    return ids


def names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [lead["fields"].get("name") for lead in response.json()["data"]]


def test_empty_body_matches_every_lead_newest_first(sync: httpx.Client, leads: dict[str, str]) -> None:
    response = sync.post("/lead/search")
    assert names(response) == [
        "Chitra Das", "Bala Iyer", "Asha Rao", "Imran Sheikh", "Kavya Reddy", "Rohan Mehta"
    ]  # fmt: skip
    assert {k: v for k, v in response.json().items() if k != "data"} == {
        "total_count": 6,
        "skip": 0,
        "limit": 10,
    }


def test_match_is_exact_and_case_insensitive(sync: httpx.Client, leads: dict[str, str]) -> None:
    assert names(sync.post("/lead/search", json={"fields": {"city": "PUNE"}})) == [
        "Chitra Das", "Asha Rao", "Rohan Mehta"
    ]  # fmt: skip
    assert names(sync.post("/lead/search", json={"fields": {"city": "Pun"}})) == []


def test_array_is_or_within_a_field(sync: httpx.Client, leads: dict[str, str]) -> None:
    response = sync.post("/lead/search", json={"fields": {"status": ["follow up", "Won"]}})
    assert names(response) == ["Chitra Das", "Kavya Reddy"]


def test_fields_combine_with_and(sync: httpx.Client, leads: dict[str, str]) -> None:
    response = sync.post("/lead/search", json={"fields": {"city": "Pune", "status": "Interested"}})
    assert names(response) == ["Asha Rao", "Rohan Mehta"]


def test_phone_filter_matches_any_form_of_the_number(sync: httpx.Client, leads: dict[str, str]) -> None:
    assert names(sync.post("/lead/search", json={"fields": {"phone": "+919100000002"}})) == ["Bala Iyer"]
    assert names(sync.post("/lead/search", json={"fields": {"phone": "9100000002"}})) == ["Bala Iyer"]


def test_tags_filter_matches_any_tag(sync: httpx.Client) -> None:
    assert names(sync.post("/lead/search", json={"fields": {"interests": "3bhk"}})) == ["Rohan Mehta"]


def test_unknown_field_matches_nothing(sync: httpx.Client) -> None:
    assert names(sync.post("/lead/search", json={"fields": {"favourite_colour": "blue"}})) == []


def test_created_on_range_is_inclusive(sync: httpx.Client) -> None:
    # Seed leads were created on 02/01, 03/01 and 04/01/2026; a bound without a time means 00:00:00.
    window = {"from": "03/01/2026 09:40:00", "to": "04/01/2026 18:05:00"}
    assert names(sync.post("/lead/search", json={"fields": {"created_on": window}})) == [
        "Imran Sheikh", "Kavya Reddy"
    ]  # fmt: skip


def test_created_on_bounds_take_epoch_ms(sync: httpx.Client) -> None:
    # 1767312000000 is 02/01/2026 00:00:00 UTC, after Rohan Mehta's lead (10:15 at +05:30 is 04:45 UTC).
    window = {"from": 1767312000000}
    assert names(sync.post("/lead/search", json={"fields": {"created_on": window}})) == [
        "Imran Sheikh", "Kavya Reddy", "Rohan Mehta"
    ]  # fmt: skip


def test_action_filter_criteria_must_hold_for_the_same_action(
    sync: httpx.Client, telecrm_fake: FakeTelecrm, leads: dict[str, str]
) -> None:
    anita, rahul = "anita.desai@sunriserealty.example", "rahul.verma@sunriserealty.example"
    # A has an OUTGOING_CALL by Anita; B has an OUTGOING_CALL by Rahul and another action by Anita.
    telecrm_fake.state.add_timeline_entry(leads["A"], "OUTGOING_CALL", performed_by=anita)
    telecrm_fake.state.add_timeline_entry(leads["B"], "OUTGOING_CALL", performed_by=rahul)
    telecrm_fake.state.add_timeline_entry(leads["B"], "USER_NOTE", performed_by=anita)
    criteria = {"type": "OUTGOING_CALL", "performed_by": anita.upper()}
    assert names(sync.post("/lead/search", json={"actions": criteria})) == ["Asha Rao", "Rohan Mehta"]


def test_action_filter_type_takes_an_array_and_bare_custom_codes(sync: httpx.Client) -> None:
    response = sync.post("/lead/search", json={"actions": {"type": ["1001", "MISSED_CALL"]}})
    assert names(response) == ["Imran Sheikh", "Rohan Mehta"]


def test_action_filter_performed_at_takes_common_date_formats(sync: httpx.Client) -> None:
    # Kavya Reddy's payment is on 10/01/2026 12:00:00.
    window = {"from": "2026-01-10T00:00:00", "to": "10-01-2026 23:59:59"}
    assert names(sync.post("/lead/search", json={"actions": {"performed_at": window}})) == ["Kavya Reddy"]


def test_skip_and_limit_page_the_results(sync: httpx.Client, leads: dict[str, str]) -> None:
    response = sync.post("/lead/search", params={"skip": 1, "limit": 2})
    assert names(response) == ["Bala Iyer", "Asha Rao"]
    assert (response.json()["total_count"], response.json()["skip"], response.json()["limit"]) == (6, 1, 2)


def test_integral_decimal_paging_is_accepted(sync: httpx.Client) -> None:
    # The vendor spec types these as `number`, so generated clients send `skip=0.0&limit=10.0`.
    response = sync.post("/lead/search", params={"skip": "0.0", "limit": "10.0"})
    assert (response.json()["skip"], response.json()["limit"]) == (0, 10)


@pytest.mark.parametrize("limit", ["0", "101", "2.5"])
def test_limit_outside_1_to_100_is_400(sync: httpx.Client, limit: str) -> None:
    response = sync.post("/lead/search", params={"limit": limit})
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "BAD_REQUEST", "message": "Limit should be between 1 and 100"}
    }


def test_negative_skip_is_400(sync: httpx.Client) -> None:
    response = sync.post("/lead/search", params={"skip": "-1"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Skip should be greater than or equal to 0"


def test_rating_filter_outside_1_to_5_is_400_validation_error(sync: httpx.Client) -> None:
    response = sync.post("/lead/search", json={"fields": {"rating": [3, 7]}})
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "VALIDATION_ERROR", "message": "Rating value must be between 1 and 5"}
    }


def test_search_by_get_reads_a_lead_called_search(sync: httpx.Client) -> None:
    # The docs: criteria sent as GET query parameters give 404 or 405.
    response = sync.get("/lead/search", params={"phone": "919876500001"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "The lead with ID search was not found."


def test_unsupported_method_is_404(sync: httpx.Client) -> None:
    response = sync.delete("/lead/search")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
