"""What the vendor may add tomorrow does not break reading today: unknown fields are kept and
unknown values of response enums decode."""

from typing import Any

import httpx
import pytest
from telecrm_api import Client
from telecrm_api.api.actions import get_action
from telecrm_api.api.team_members import get_team_member
from telecrm_api.models import (
    CreateActionResponse,
    CreateLeadResponse,
    CustomActionDetailed,
    CustomActionSummary,
    CustomFieldDetailed,
    CustomFields,
    Lead,
    LeadStage,
    PaymentAction,
    Remark,
    TeamMemberList,
    TeamMemberResponse,
)

CLIENT = Client(base_url="https://api.example.test")


# --- unknown fields ------------------------------------------------------------------------------

UNKNOWN_FIELD_CASES = {
    "Lead": (Lead, {"fields": {"phone": "919999999999"}, "id": "603d2b2f9b1e8a001c8e4f5c", "score": 7}),
    "CreateLeadResponse": (
        CreateLeadResponse,
        {"lead_id": "603d", "actions": [], "remarks": [], "request_id": "r-1"},
    ),
    "TeamMemberResponse": (
        TeamMemberResponse,
        {"name": "Jane", "email": "jane@example.com", "team": "North"},
    ),
    "PaymentAction": (
        PaymentAction,
        {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000", "paymentid": "p_1"},
    ),
    "TeamMemberList": (TeamMemberList, {"data": [], "total_count": 0, "skip": 0, "limit": 10, "next": None}),
}


@pytest.mark.parametrize("case", list(UNKNOWN_FIELD_CASES))
def test_unknown_top_level_field_is_kept_and_written_back(case: str) -> None:
    model, body = UNKNOWN_FIELD_CASES[case]
    decoded = model.from_dict(body)
    assert decoded.additional_properties, f"{case} dropped its unknown fields"
    assert decoded.to_dict() == body


def test_unknown_fields_in_nested_models_are_kept() -> None:
    body = {
        "lead_id": "603d",
        "actions": [{"action_id": "a1", "status": "CREATED", "position": 0}],
        "remarks": [{"field": "fields.rating", "status": "IGNORED", "remark": "bad", "code": "R1"}],
    }
    decoded = CreateLeadResponse.from_dict(body)
    assert isinstance(decoded.actions, list)
    assert decoded.actions[0]["position"] == 0
    assert isinstance(decoded.remarks, list)
    assert decoded.remarks[0]["code"] == "R1"
    assert decoded.to_dict() == body


def test_unknown_fields_in_team_member_license_are_kept() -> None:
    body = {
        "data": [
            {"name": "Jane", "license": {"status": "ACTIVE", "type": "GROWTH", "seats": 3}, "zone": "IST"}
        ],
        "total_count": 1,
    }
    assert TeamMemberList.from_dict(body).to_dict() == body


def test_unknown_fields_in_lead_actions_are_kept() -> None:
    body = {
        "fields": {"phone": "919999999999"},
        "actions": [
            {"type": "PAYMENT", "status": "COMPLETED", "amount": "1", "currency": "INR", "paymentid": "p"},
            {"type": "1001", "fields": {"note": "x"}, "created_on": 1672569000000, "performed_by": "a@b.c"},
        ],
    }
    assert Lead.from_dict(body).to_dict() == body


def test_team_member_without_a_license_decodes() -> None:
    body = {"name": "Jane", "email": "jane@example.com", "status": "Invited", "license": None}
    response = httpx.Response(200, json=body)
    member = get_team_member._parse_response(client=CLIENT, response=response)
    assert isinstance(member, TeamMemberResponse)
    assert member.to_dict() == body


# --- unknown enum values -------------------------------------------------------------------------


def test_team_member_with_an_unknown_status_decodes() -> None:
    body = {"name": "Jane", "email": "jane@example.com", "status": "On Holiday"}
    member = get_team_member._parse_response(client=CLIENT, response=httpx.Response(200, json=body))
    assert isinstance(member, TeamMemberResponse)
    assert member.status == "On Holiday"
    assert member.to_dict() == body


def test_custom_field_with_an_unknown_type_decodes() -> None:
    body = {"id": "5f8a1b2c3d4e5f6a7b8c9d0e", "type": "RATING", "apiName": "satisfaction"}
    field = CustomFieldDetailed.from_dict(body)
    assert field.type_ == "RATING"
    assert field.to_dict() == body


def test_custom_field_list_with_an_unknown_type_decodes() -> None:
    body = {"customFields": [{"type": "RATING", "apiName": "satisfaction", "lockAfterCreate": False}]}
    assert CustomFields.from_dict(body).to_dict() == body


def test_lead_stage_with_an_unknown_stage_type_decodes() -> None:
    body = {"stageid": "s1", "stageType": "PAUSED", "activeStatuses": [], "archivedStatuses": []}
    stage = LeadStage.from_dict(body)
    assert stage.stage_type == "PAUSED"
    assert stage.to_dict() == body


def test_remark_with_an_unknown_status_decodes() -> None:
    body = {"field": "fields.rating", "status": "INFO", "remark": "Rounded to 5"}
    assert Remark.from_dict(body).status == "INFO"
    assert Remark.from_dict(body).to_dict() == body


def test_create_action_result_with_an_unknown_status_decodes() -> None:
    body = {"action_id": None, "status": "QUEUED"}
    assert CreateActionResponse.from_dict(body).status == "QUEUED"
    assert CreateActionResponse.from_dict(body).to_dict() == body


@pytest.mark.parametrize(
    "change", [{"status": "ON_HOLD"}, {"currency": "EUR"}, {"status": "ON_HOLD", "currency": "EUR"}]
)
def test_payment_with_an_unknown_status_or_currency_still_decodes_as_payment_action(
    change: dict[str, Any],
) -> None:
    body = {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000", **change}
    action = get_action._parse_response(client=CLIENT, response=httpx.Response(200, json=body))
    assert isinstance(action, PaymentAction)
    assert action.to_dict() == body


@pytest.mark.parametrize("model", [CustomActionSummary, CustomActionDetailed])
def test_custom_action_definition_with_an_unknown_source_decodes(model: Any) -> None:
    body = {"id": "a1", "code": "ACTION_1001", "displayName": "Site Visit", "score": 10, "source": "PARTNER"}
    if model is CustomActionSummary:
        del body["id"]
    definition = model.from_dict(body)
    assert definition.source == "PARTNER"
    assert definition.to_dict() == body
