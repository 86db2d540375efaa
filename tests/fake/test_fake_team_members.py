"""Team members: list, lookup, create with licence seats, availability."""

from __future__ import annotations

import httpx
import pytest

PRIYA = "priya.sharma@sunriserealty.example"
DEEPAK = "deepak.kumar@sunriserealty.example"
NEW = {"name": "Meera Joshi", "email": "meera.joshi@sunriserealty.example", "phone_number": "919820000099"}


def test_list_is_sorted_by_name_and_leaves_out_deleted_members(sync: httpx.Client) -> None:
    body = sync.get("/team-members").json()
    assert [member["name"] for member in body["data"]] == [
        "Anita Desai", "Arjun Nair", "Priya Sharma", "Rahul Verma", "Sneha Iyer", "Vikram Singh"
    ]  # fmt: skip
    assert (body["total_count"], body["skip"], body["limit"]) == (6, 0, 10)


def test_list_with_include_deleted_has_deleted_members(sync: httpx.Client) -> None:
    body = sync.get("/team-members", params={"includeDeleted": "true"}).json()
    assert body["total_count"] == 7
    assert [m["status"] for m in body["data"] if m["name"] == "Deepak Kumar"] == ["Deleted"]


def test_list_pages_with_skip(sync: httpx.Client) -> None:
    body = sync.get("/team-members", params={"skip": 4, "limit": 5}).json()
    assert [member["name"] for member in body["data"]] == ["Sneha Iyer", "Vikram Singh"]


@pytest.mark.parametrize("limit", ["0", "11"])
def test_list_limit_outside_1_to_10_is_400(sync: httpx.Client, limit: str) -> None:
    response = sync.get("/team-members", params={"limit": limit})
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "BAD_REQUEST", "message": "Limit should be between 1 and 10"}
    }


def test_get_matches_email_case_insensitively(sync: httpx.Client) -> None:
    response = sync.get(f"/team-members/{PRIYA.upper()}")
    assert response.status_code == 200
    assert response.json() == {
        "name": "Priya Sharma",
        "email": PRIYA,
        "status": "Active",
        "phone_number": "919820000001",
        "manager_name": None,
        "manager_email": None,
        "permission_template_name": "Admin",
        "license": {
            "status": "ACTIVE",
            "type": "GROWTH",
            "start_date": "2021-01-01",
            "end_date": "2022-01-01",
        },
    }


def test_get_reports_the_manager(sync: httpx.Client) -> None:
    body = sync.get("/team-members/anita.desai@sunriserealty.example").json()
    assert (body["manager_name"], body["manager_email"]) == (
        "Rahul Verma",
        "rahul.verma@sunriserealty.example",
    )


def test_get_deleted_member_is_404_without_include_deleted(sync: httpx.Client) -> None:
    response = sync.get(f"/team-members/{DEEPAK}")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "TEAM_MEMBER_NOT_FOUND", "message": "Team member not found"}}
    assert (
        sync.get(f"/team-members/{DEEPAK}", params={"includeDeleted": "true"}).json()["status"] == "Deleted"
    )


def test_get_with_surrounding_whitespace_misses(sync: httpx.Client) -> None:
    assert sync.get(f"/team-members/ {PRIYA}").status_code == 404


def test_get_with_a_malformed_email_is_400(sync: httpx.Client) -> None:
    response = sync.get("/team-members/priya")
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "BAD_REQUEST", "message": "Invalid email format"}}


def test_create_without_password_invites(sync: httpx.Client) -> None:
    response = sync.post("/team-members", json={**NEW, "role": "CALLER"})
    assert response.status_code == 201
    assert response.json() == {**NEW, "role": "CALLER", "status": "INVITED"}
    assert sync.get(f"/team-members/{NEW['email']}").json()["status"] == "Invited"


def test_create_with_password_is_active(sync: httpx.Client) -> None:
    response = sync.post("/team-members", json={**NEW, "role": "MANAGER", "password": "s3cret-Pass"})
    assert response.json()["status"] == "Active"


def test_create_reports_every_problem_in_details(sync: httpx.Client) -> None:
    response = sync.post(
        "/team-members", json={"email": "meera", "phone_number": "+919820000099", "role": "BOSS"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "BAD_REQUEST",
            "message": "Validation failed",
            "details": [
                {"field": "name", "message": "name is required"},
                {"field": "email", "message": "Invalid email format"},
                {
                    "field": "phone_number",
                    "message": "Invalid phone_number format. Please provide a valid phone number with "
                    "country code (e.g. 919876543210)",
                },
                {
                    "field": "role",
                    "message": "Invalid role. Allowed roles: ADMIN, MANAGER, CALLER, MARKETING_USER",
                },
            ],
        }
    }


@pytest.mark.parametrize("phone", ["+91 98765 43210", "91-9876-5432-10", "+919876543210", "9876543210"])
def test_create_refuses_phone_numbers_that_are_not_digits_with_country_code(
    sync: httpx.Client, phone: str
) -> None:
    response = sync.post("/team-members", json={**NEW, "phone_number": phone, "role": "CALLER"})
    assert [detail["field"] for detail in response.json()["error"]["details"]] == ["phone_number"]


def test_create_beyond_the_licence_seats_is_402(sync: httpx.Client) -> None:
    # The default workspace has 10 seats and 6 members who are not deleted.
    for n in range(4):
        member = {
            "name": f"Agent {n}",
            "email": f"agent{n}@sunriserealty.example",
            "phone_number": "919820000100",
        }
        assert sync.post("/team-members", json={**member, "role": "CALLER"}).status_code == 201
    response = sync.post("/team-members", json={**NEW, "role": "CALLER"})
    assert response.status_code == 402
    assert response.json() == {"error": {"code": "BUY_LICENSE", "message": "License seat limit reached"}}


def test_state_change_answers_with_status(sync: httpx.Client) -> None:
    response = sync.post("/teammember/state_change", json={"email": PRIYA.upper(), "state": "On Leave"})
    assert response.status_code == 200
    assert response.json() == {"email": PRIYA, "status": "On Leave"}
    assert sync.get(f"/team-members/{PRIYA}").json()["status"] == "On Leave"


def test_state_change_with_an_unknown_state_is_400(sync: httpx.Client) -> None:
    response = sync.post("/teammember/state_change", json={"email": PRIYA, "state": "Invited"})
    assert response.status_code == 400
    assert (
        response.json()["error"]["message"]
        == "Invalid state. Allowed states: Active, Inactive, On Leave, Working"
    )


def test_state_change_of_a_deleted_member_is_404(sync: httpx.Client) -> None:
    response = sync.post("/teammember/state_change", json={"email": DEEPAK, "state": "Active"})
    assert response.status_code == 404


def test_state_change_path_with_a_hyphen_is_404(sync: httpx.Client) -> None:
    response = sync.post("/team-members/state_change", json={"email": PRIYA, "state": "Active"})
    assert response.status_code == 404


def test_a_member_never_assigned_a_licence_has_license_null(sync: httpx.Client) -> None:
    # Arjun Nair is Invited in the default workspace: he has never logged in.
    assert sync.get("/team-members/arjun.nair@sunriserealty.example").json()["license"] is None


def test_a_member_invited_without_password_has_no_licence(sync: httpx.Client) -> None:
    sync.post("/team-members", json={**NEW, "role": "CALLER"})
    assert sync.get(f"/team-members/{NEW['email']}").json()["license"] is None


def test_a_member_created_with_password_gets_an_active_licence(sync: httpx.Client) -> None:
    sync.post("/team-members", json={**NEW, "role": "CALLER", "password": "s3cret-Pass"})
    licence = sync.get(f"/team-members/{NEW['email']}").json()["license"]
    assert (licence["status"], licence["type"]) == ("ACTIVE", "GROWTH")


def test_create_refuses_a_phone_number_without_country_code(sync: httpx.Client) -> None:
    response = sync.post("/team-members", json={**NEW, "phone_number": "9820000099", "role": "CALLER"})
    assert (response.status_code, response.json()["error"]["details"]) == (
        400,
        [
            {
                "field": "phone_number",
                "message": "Invalid phone_number format. Please provide a valid phone number with "
                "country code (e.g. 919876543210)",
            }
        ],
    )
