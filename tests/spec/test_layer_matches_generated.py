"""The hand-written layer builds requests and decodes responses itself (once, straight from JSON); the
generated ``telecrm_api`` package stays the source of truth for their shapes.

For every operation: the request the layer builds is the one the generated ``_get_kwargs`` builds from the
same arguments, its JSON body round-trips unchanged through the generated request model, and every 2xx
example of the patched spec decodes to the same value whether the layer reads the example directly or the
generated model's reading of it.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from specwalk import deref, operations

from telecrm import CustomAction, Payment
from telecrm._operations import Operation
from telecrm.resources import actions, ingest, leads, team_members, workspace

E = "ent 1/é"  # a workspace id that needs percent-encoding, as path segments below do too
LEAD = "L/1 ?#"
ACTION = "A 9"
EMAIL = "Asha.K+1@example.com"

SEARCH = leads.lead_search_body(
    {"status": ["Won", "Lost"], "created_on": (date(2024, 1, 1), None), "city": "Pune"},
    {"type": [CustomAction(1001), "OUTGOING_CALL"], "performed_by": "a@b.co", "performed_at": {"from": 1}},
)
ACTION_SEARCH = actions.action_search_body(LEAD, "PAYMENT", (1, datetime(2024, 1, 2, 3, 4, 5)), ["a@b.co"])
WRITES = [
    CustomAction(1001, {"note": "x", "when": date(2024, 3, 1)}),
    Payment(Decimal("5E+3"), "INR", "PENDING"),
]

# operationId -> (the layer's operation, the generated module, its _get_kwargs arguments, the body model)
CASES: dict[str, tuple[Operation[Any], str, dict[str, Any], str | None]] = {
    "createLead": (
        leads.create_lead(E, {"phone": "919999999999", "joined": date(2024, 1, 2)}, WRITES, False),
        "leads.create_lead",
        {},
        "input_lead.InputLead",
    ),
    "getLead": (
        leads.get_lead(E, LEAD, True, 5, 20),
        "leads.get_lead",
        {"lead_id": LEAD, "include_actions": True, "skip": 5, "limit": 20},
        None,
    ),
    "updateLead": (
        leads.update_lead(E, LEAD, {"rating": 4, "tags": ["a", "b"]}),
        "leads.update_lead",
        {"lead_id": LEAD},
        "input_lead_update.InputLeadUpdate",
    ),
    "searchLeads": (
        leads.search_leads_page(E, SEARCH, 200, 50),
        "leads.search_leads",
        {"skip": 200, "limit": 50},
        "search_lead.SearchLead",
    ),
    "createActions": (
        actions.create_actions(E, LEAD, WRITES, False),
        "actions.create_actions",
        {"lead_id": LEAD},
        "create_actions_body.CreateActionsBody",
    ),
    "getAction": (
        actions.get_action(E, LEAD, ACTION),
        "actions.get_action",
        {"lead_id": LEAD, "action_id": ACTION},
        None,
    ),
    "updateAction": (
        actions.update_action(E, LEAD, ACTION, CustomAction(1002, {"note": "y"})),
        "actions.update_action",
        {"lead_id": LEAD, "action_id": ACTION},
        "update_custom_action.UpdateCustomAction",
    ),
    "updateAction (payment status)": (
        actions.set_payment_status(E, LEAD, ACTION, "COMPLETED"),
        "actions.update_action",
        {"lead_id": LEAD, "action_id": ACTION},
        "update_payment_action.UpdatePaymentAction",
    ),
    "searchActions": (
        actions.search_actions_page(E, LEAD, ACTION_SEARCH, 0, 100),
        "actions.search_actions",
        {"lead_id": LEAD, "skip": 0, "limit": 100},
        "search_lead_action.SearchLeadAction",
    ),
    "listTeamMembers": (
        team_members.list_team_members_page(E, True, 10, 10),
        "team_members.list_team_members",
        {"include_deleted": True, "skip": 10, "limit": 10},
        None,
    ),
    "getTeamMember": (
        team_members.get_team_member(E, EMAIL, False),
        "team_members.get_team_member",
        {"email": EMAIL, "include_deleted": False},
        None,
    ),
    "createTeamMember": (
        team_members.create_team_member(E, "Asha", EMAIL, "919876543210", "CALLER", "s3cret"),
        "team_members.create_team_member",
        {},
        "create_team_member_request.CreateTeamMemberRequest",
    ),
    "setTeamMemberState": (
        team_members.set_team_member_state(E, EMAIL, "On Leave"),
        "team_members.set_team_member_state",
        {},
        "set_team_member_state_body.SetTeamMemberStateBody",
    ),
    "listCustomFields": (
        workspace.list_custom_fields(E, True),
        "enterprise.list_custom_fields",
        {"detail": True},
        None,
    ),
    "getCustomField": (
        workspace.get_custom_field(E, "budget lakhs"),
        "enterprise.get_custom_field",
        {"api_name": "budget lakhs"},
        None,
    ),
    "listCustomActions": (
        workspace.list_custom_actions(E, False),
        "enterprise.list_custom_actions",
        {"detail": False},
        None,
    ),
    "getCustomAction": (
        workspace.get_custom_action(E, 1001),
        "enterprise.get_custom_action",
        {"code": "ACTION_1001"},
        None,
    ),
    "getEnterpriseMetadata": (workspace.get_metadata(E), "enterprise.get_enterprise_metadata", {}, None),
    "getLeadStagePipeline": (workspace.get_pipeline(E), "enterprise.get_lead_stage_pipeline", {}, None),
    "upsertLead": (
        ingest.upsert_lead(E, {"phone": "919999999999"}, WRITES),
        "ingest.upsert_lead",
        {},
        "async_lead_upsert.AsyncLeadUpsert",
    ),
}


def _generated(module: str) -> Any:
    return importlib.import_module(f"telecrm_api.api.{module}")


def _model(name: str) -> Any:
    module, _, cls = name.rpartition(".")
    return getattr(importlib.import_module(f"telecrm_api.models.{module}"), cls)


def _normalised(request: dict[str, Any]) -> dict[str, Any]:
    return {
        "method": request["method"].upper(),
        "url": request["url"],
        "params": dict(request.get("params") or {}),
        "json": request.get("json"),
        # The generated operations name the JSON body's Content-Type; httpx adds the same one to the layer's.
        "headers": {
            name: value
            for name, value in (request.get("headers") or {}).items()
            if (name, value) != ("Content-Type", "application/json") or request.get("json") is None
        },
    }


def test_every_operation_of_the_patched_spec_has_a_case(patched):
    cases = {name.split(" ")[0] for name in CASES}
    names = {operation.name for operation in operations(patched)}

    assert sorted(names - cases) == [], f"operations with no case in CASES: {sorted(names - cases)}"
    assert sorted(cases - names) == [], f"cases of operations gone from the spec: {sorted(cases - names)}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_layer_builds_the_request_the_generated_operation_builds(name):
    operation, module, arguments, body_model = CASES[name]
    body = _model(body_model).from_dict(operation.request["json"]) if body_model else None
    generated = _generated(module)._get_kwargs(E, **arguments, **({"body": body} if body is not None else {}))

    assert _normalised(dict(operation.request)) == _normalised(generated)


@pytest.mark.parametrize("name", sorted(name for name in CASES if CASES[name][3]))
def test_the_layers_json_body_round_trips_unchanged_through_the_generated_request_model(name):
    operation, _, _, body_model = CASES[name]

    assert _model(body_model).from_dict(operation.request["json"]).to_dict() == operation.request["json"]


def _success_examples(document: Any) -> list[tuple[str, str, Any]]:
    found = []
    for operation in operations(document):
        for status, response in operation.node.get("responses", {}).items():
            if not str(status).startswith("2"):
                continue
            _, response = deref(document, (*operation.parts, "responses", status), response)
            media = (response.get("content") or {}).get("application/json") or {}
            values = [media["example"]] if "example" in media else []
            values += [entry.get("value") for entry in (media.get("examples") or {}).values()]
            if "schema" in media:
                _, schema = deref(document, (), media["schema"])
                if "example" in schema:
                    values.append(schema["example"])
                values.append(_synthesised(document, media["schema"]))
            found += [(operation.name, str(status), value) for value in values if value is not None]
    return found


def _synthesised(document: Any, schema: Any, depth: int = 0) -> Any:
    """A value for ``schema`` built from its examples where it has them (as Prism builds a mock response),
    and from its declared types where it does not, so every operation's success shape is exercised."""
    _, schema = deref(document, (), schema)
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    for combinator in ("allOf",):
        if combinator in schema:
            merged: dict[str, Any] = {}
            for part in schema[combinator]:
                value = _synthesised(document, part, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            return _synthesised(document, schema[combinator][0], depth + 1)
    kind = schema.get("type", "object" if "properties" in schema else None)
    if kind == "object" and depth < 6:
        return {
            name: _synthesised(document, sub, depth + 1)
            for name, sub in (schema.get("properties") or {}).items()
        }
    if kind == "array" and depth < 6:
        return [_synthesised(document, schema.get("items") or {}, depth + 1)]
    return {"string": "x", "integer": 1, "number": 1.5, "boolean": True}.get(kind or "")


def _response(status: str, body: Any) -> httpx.Response:
    return httpx.Response(int(status), json=body, request=httpx.Request("GET", "http://127.0.0.1/x"))


def test_every_operation_has_a_success_example(patched):
    documented = {operation_id for operation_id, _, _ in _success_examples(patched)}

    assert sorted(documented) == sorted(operation.name for operation in operations(patched))


def pytest_generate_tests(metafunc):
    if "success_example" in metafunc.fixturenames:
        from specwalk import PATCHED_SPEC, load

        examples = _success_examples(load(PATCHED_SPEC))
        metafunc.parametrize(
            "success_example",
            examples,
            ids=[f"{op}-{status}-{index}" for index, (op, status, _) in enumerate(examples)],
        )


def test_every_success_example_decodes_the_same_directly_and_through_the_generated_models(success_example):
    operation_id, status, example = success_example
    names = [name for name in CASES if name.split(" ")[0] == operation_id]
    assert names, f"{operation_id} has no case in CASES: wrap it, then add its case"
    name = names[0]
    operation, module, _, _ = CASES[name]
    from telecrm_api.client import Client

    generated = _generated(module)._parse_response(
        client=Client(base_url="", raise_on_unexpected_status=True), response=_response(status, example)
    )

    direct, through_models = _response(status, example), _response(status, generated.to_dict())

    assert operation.decode(direct, direct.content) == operation.decode(
        through_models, through_models.content
    )
