"""Every documented error status of every operation raises its typed error.

Prism serves the status asked for with ``Prefer: code=NNN`` (sent through
``with_options(headers=...)``) using the spec's example body, so the API error code in the
example decides the most specific class.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from overlay import load_yaml

from telecrm import (
    ActionNotFoundError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    CustomAction,
    InvalidLeadError,
    LeadAlreadyExistsError,
    LeadNotFoundError,
    LicenseLimitError,
    NotFoundError,
    Payment,
    PermissionDeniedError,
    RateLimitError,
    TeamMemberNotFoundError,
    Telecrm,
)

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "telecrm.patched.yaml"

LEAD = "603d2b2f9b1e8a001c8e4f5c"
ACTION = "603d2b2f9b1e8a001c8e4f5d"

OPERATIONS: dict[str, Callable[[Telecrm], Any]] = {
    "getLead": lambda c: c.leads.get(LEAD),
    "updateLead": lambda c: c.leads.update(LEAD, {"name": "Jane"}),
    "createLead": lambda c: c.leads.create({"phone": "919999999999"}),
    "searchLeads": lambda c: c.leads.search(fields={"rating": 3}).first_page(),
    "getAction": lambda c: c.actions.get(LEAD, ACTION),
    "updateAction": lambda c: c.actions.update(LEAD, ACTION, CustomAction(1001, {"note": "x"})),
    "createActions": lambda c: c.actions.create(LEAD, [Payment("10", "INR", "PENDING")]),
    "searchActions": lambda c: c.actions.search(LEAD, type="OUTGOING_CALL").first_page(),
    "setTeamMemberState": lambda c: c.team_members.set_state("jane.doe@example.com", "Working"),
    "listTeamMembers": lambda c: c.team_members.list().first_page(),
    "createTeamMember": lambda c: c.team_members.create("John", "john@example.com", "919876543210", "CALLER"),
    "getTeamMember": lambda c: c.team_members.get("jane.doe@example.com"),
    "listCustomFields": lambda c: c.workspace.custom_fields(),
    "getCustomField": lambda c: c.workspace.custom_field("contact_source"),
    "listCustomActions": lambda c: c.workspace.custom_actions(),
    "getCustomAction": lambda c: c.workspace.custom_action(1001),
    "getEnterpriseMetadata": lambda c: c.workspace.metadata(),
    "getLeadStagePipeline": lambda c: c.workspace.pipeline(),
    "upsertLead": lambda c: c.ingest.upsert({"phone": "919999999999"}),
}

EXPECTED: list[tuple[str, int, type[APIStatusError]]] = [
    ("getLead", 400, BadRequestError),
    ("getLead", 404, LeadNotFoundError),
    ("updateLead", 400, BadRequestError),
    ("updateLead", 403, InvalidLeadError),
    ("updateLead", 404, LeadNotFoundError),
    ("createLead", 400, InvalidLeadError),
    ("createLead", 409, LeadAlreadyExistsError),
    ("searchLeads", 400, BadRequestError),
    ("getAction", 400, BadRequestError),
    ("getAction", 404, ActionNotFoundError),
    ("updateAction", 400, BadRequestError),
    ("updateAction", 404, ActionNotFoundError),
    ("createActions", 400, BadRequestError),
    ("createActions", 404, LeadNotFoundError),
    ("searchActions", 400, BadRequestError),
    ("searchActions", 404, LeadNotFoundError),
    ("setTeamMemberState", 400, BadRequestError),
    ("setTeamMemberState", 404, TeamMemberNotFoundError),
    ("listTeamMembers", 400, BadRequestError),
    ("createTeamMember", 400, BadRequestError),
    ("createTeamMember", 402, LicenseLimitError),
    ("createTeamMember", 403, PermissionDeniedError),
    ("getTeamMember", 400, BadRequestError),
    ("getTeamMember", 404, TeamMemberNotFoundError),
    ("listCustomFields", 404, NotFoundError),
    ("getCustomField", 404, NotFoundError),
    ("listCustomActions", 404, NotFoundError),
    ("getCustomAction", 404, NotFoundError),
    ("getEnterpriseMetadata", 404, NotFoundError),
    ("getLeadStagePipeline", 404, NotFoundError),
    ("upsertLead", 429, RateLimitError),
] + [(operation, 401, AuthenticationError) for operation in OPERATIONS]


def _documented_errors() -> set[tuple[str, int]]:
    spec = load_yaml(SPEC)
    return {
        (operation["operationId"], int(status))
        for item in spec["paths"].values()
        for method, operation in item.items()
        if method in {"get", "post"}
        for status in operation["responses"]
        if int(status) >= 400
    }


def test_every_documented_error_status_is_exercised() -> None:
    assert {(operation, status) for operation, status, _ in EXPECTED} == _documented_errors()


@pytest.mark.parametrize(
    ("operation", "status", "error"), EXPECTED, ids=lambda v: str(getattr(v, "__name__", v))
)
def test_documented_error_status_raises_its_typed_error(
    client: Telecrm, operation: str, status: int, error: type[APIStatusError]
) -> None:
    prefer = client.with_options(headers={"Prefer": f"code={status}"})
    with pytest.raises(error) as raised:
        OPERATIONS[operation](prefer)
    assert raised.value.status_code == status
    assert raised.value.code is not None


def test_rate_limit_error_carries_retry_after(client: Telecrm) -> None:
    with pytest.raises(RateLimitError) as raised:
        client.with_options(headers={"Prefer": "code=429"}).ingest.upsert({"phone": "919999999999"})
    assert raised.value.retry_after == 0
