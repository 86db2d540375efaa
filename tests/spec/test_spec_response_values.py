"""Response bodies the docs describe are valid against the response schemas (what Prism with
`--errors` and schemathesis' response_schema_conformance check)."""

from typing import Any

import pytest
from specwalk import SchemaChecker

SCHEMAS = ("components", "schemas")


def schema(name: str) -> tuple[str, ...]:
    return (*SCHEMAS, name)


@pytest.mark.parametrize(
    ("name", "body"),
    [
        pytest.param(
            "CreateLeadResponse",
            {"lead_id": "603d", "actions": [{"action_id": None, "status": "IGNORED"}]},
            id="ignored-action-without-id",
        ),
        pytest.param(
            "SearchLeadActionResults",
            {"data": [{"type": "OUTGOING_CALL", "duration": 30}], "total_count": 1},
            id="built-in-action-in-search",
        ),
        pytest.param(
            "SearchLeadActionResults",
            {"data": [{"type": "1001", "fields": {"note": "x"}}], "total_count": 1},
            id="custom-action-in-search",
        ),
        pytest.param(
            "LeadAction",
            {"type": "PAYMENT", "status": "ON_HOLD", "currency": "EUR", "amount": "5000"},
            id="payment-with-new-status-and-currency",
        ),
        pytest.param(
            "TeamMemberResponse",
            {"name": None, "email": "jane@example.com", "status": "On Holiday"},
            id="team-member-with-new-status",
        ),
        pytest.param("LeadStage", {"stageid": "s1", "stageType": "PAUSED"}, id="new-stage-type"),
        pytest.param("AsyncQueued", {"status": "QUEUED"}, id="async-receipt"),
    ],
)
def test_documented_response_body_is_schema_valid(checker: SchemaChecker, name: str, body: Any) -> None:
    assert checker.errors(schema(name), body) == []


def test_team_member_without_a_license_is_schema_valid(checker: SchemaChecker) -> None:
    body = {"name": "Jane", "email": "jane@example.com", "status": "Invited", "license": None}
    assert checker.errors(schema("TeamMemberResponse"), body) == []


def test_a_payment_response_is_not_mistaken_for_a_custom_action(checker: SchemaChecker) -> None:
    payment = {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000"}
    assert checker.errors(schema("PaymentAction"), payment) == []
    assert checker.errors(schema("CustomAction"), payment) != []
