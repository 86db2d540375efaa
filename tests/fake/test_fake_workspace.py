"""Workspaces: the shipped default, and a user's own from YAML or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from telecrm.testing import FakeTelecrm, Workspace, WorkspaceError

SMALL = {
    "lead_identifier": "email",
    "default_country_code": "44",
    "custom_fields": [{"api_name": "plan", "type": "DROPDOWN", "options": ["Free", "Pro"]}],
    "custom_actions": [{"code": 2001, "display_name": "Trial Started", "fields": {"plan": {"type": "TEXT"}}}],
    "team_members": [
        {"name": "Sam Lee", "email": "sam@shop.example", "phone_number": "447700900001", "role": "ADMIN"}
    ],
    "leads": [],
}


def test_default_workspace_has_fields_of_every_listed_type() -> None:
    workspace = Workspace.default()
    assert {field.type for field in workspace.fields} == {
        "TEXT", "NUMBER", "EMAIL", "PHONE", "DATE", "DROPDOWN", "TAGS", "MONEY", "WEBSITE", "UNIQUE",
        "RATING", "STATUS", "ACTIVE_USERS", "LOST_REASON",
    }  # fmt: skip
    assert (workspace.lead_identifier, workspace.license_seats) == ("phone", 10)
    assert {member.status for member in workspace.team_members} >= {
        "Active",
        "Inactive",
        "Deleted",
        "Invited",
    }


def test_load_yaml(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text("lead_identifier: email\nleads: []\n", encoding="utf-8")
    workspace = Workspace.load(path)
    assert (workspace.lead_identifier, workspace.leads) == ("email", ())


def test_load_json(tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    workspace = Workspace.load(path)
    assert [f.api_name for f in workspace.custom_fields] == ["plan"]
    assert workspace.custom_actions[0].prefixed_code == "ACTION_2001"


def test_keys_left_out_keep_the_default(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text("license: {seats: 3}\nteam_members: []\n", encoding="utf-8")
    workspace = Workspace.load(path)
    assert (workspace.license_seats, workspace.pipeline) == (3, Workspace.default().pipeline)


def test_fake_serves_a_workspace_loaded_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    with (
        FakeTelecrm.running(path) as fake,
        httpx.Client(
            base_url=f"{fake.base_url}/enterprise/{fake.enterprise_id}",
            headers={"Authorization": f"Bearer {fake.sync_token}"},
        ) as client,
    ):
        assert client.post("/lead", json={"fields": {"email": "Ann@Mail.example"}}).status_code == 201
        duplicate = client.post("/lead", json={"fields": {"email": " ann@mail.example"}})
        missing = client.post("/lead", json={"fields": {"phone": "7700900123"}})
        assert client.get("/metadata").json()["leadIdentifierFieldId"] == "email"
    assert duplicate.json()["error"] == {
        "code": "LEAD_ALREADY_EXISTS",
        "message": "Lead with email Ann@Mail.example already exists.",
    }
    assert (
        missing.json()["error"]["message"] == "Lead identifier field name 'email' not found in request body."
    )


def test_unknown_top_level_key_is_refused() -> None:
    with pytest.raises(WorkspaceError, match=r"^workspace: unknown keys \['colour'\]"):
        Workspace.from_dict({"colour": "blue"})


def test_identifier_must_name_a_phone_email_text_or_unique_field() -> None:
    with pytest.raises(WorkspaceError, match=r"^lead_identifier: 'rating' must name a field of type "):
        Workspace.from_dict({"lead_identifier": "rating"})


def test_errors_name_the_offending_key() -> None:
    with pytest.raises(WorkspaceError, match=r"^custom_fields\[0\]\.type: 'COLOUR' is not one of "):
        Workspace.from_dict({"custom_fields": [{"api_name": "x", "type": "COLOUR"}]})


def test_time_format_is_hh_mm_or_hh_mm_ss() -> None:
    with pytest.raises(WorkspaceError, match=r"^time_format: 'hh:mm' is not one of HH:mm:ss, HH:mm$"):
        Workspace.from_dict({"time_format": "hh:mm"})


def test_more_than_1000_options_per_field_is_refused() -> None:
    options = [f"Option {n:04d}" for n in range(1001)]
    with pytest.raises(WorkspaceError, match=r"^custom_fields\.source\.options: more than 1000$"):
        Workspace.from_dict(
            {"custom_fields": [{"api_name": "source", "type": "DROPDOWN", "options": options}]}
        )


def test_more_members_than_seats_is_refused() -> None:
    with pytest.raises(WorkspaceError, match=r"^license\.seats: fewer seats than team members"):
        Workspace.from_dict({"license": {"seats": 2}})


def test_invalid_seed_lead_is_refused_when_the_fake_is_built() -> None:
    workspace = Workspace.from_dict({"leads": [{"fields": {"phone": "919999999999", "rating": 9}}]})
    with pytest.raises(WorkspaceError, match=r"^leads\[0\]\.fields\.rating: Rating must be between 1 and 5$"):
        FakeTelecrm(workspace)


def test_invalid_file_is_a_workspace_error(tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"workspace\.json: not valid JSON or YAML"):
        Workspace.load(path)


def test_seed_leads_keep_their_ids(sync: httpx.Client) -> None:
    response = sync.get("/lead/65a1f0c2e4b0a1b2c3d4e502", params={"includeActions": "true"})
    assert response.json()["fields"]["name"] == "Kavya Reddy"
    assert response.json()["actions"] == [
        {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "250000"},
        {"type": "INCOMING_WHATSAPP_MSG"},
    ]


def test_reset_restores_the_seed_data(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    sync.post("/lead/65a1f0c2e4b0a1b2c3d4e501", json={"fields": {"city": "Delhi"}})
    sync.post(
        "/teammember/state_change", json={"email": "priya.sharma@sunriserealty.example", "state": "Inactive"}
    )
    telecrm_fake.reset()
    assert telecrm_fake.state.lead("65a1f0c2e4b0a1b2c3d4e501").fields["city"] == "Pune"
    assert telecrm_fake.state.team_members[0].status == "Active"
    assert telecrm_fake.state.requests == []
