"""Every operation of the patched spec is reachable from `import telecrm`, and every error status
it documents raises a typed error.

These are the invariants that make a vendor change visible: when the vendor adds an endpoint,
`make update-spec` regenerates `telecrm_api` and this suite says which operation has no public
method yet, instead of failing on a count. Only the public API is used here (`telecrm.Telecrm`,
`telecrm.AsyncTelecrm`, the error classes in `telecrm.__all__`): the layout of the private
modules is free to change.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from specwalk import deref, operations

import telecrm

SPEC_HELP = "see CONTRIBUTING.md, 'Wrapping a new endpoint'"


@dataclass(frozen=True)
class Wrapped:
    """The public method that calls an operation, and arguments that make it send a request."""

    method: str  # "resource.method" on the client
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


LEAD, ACTION, EMAIL = "603d2b2f9b1e8a001c8e4f5c", "62ab16e", "jane@example.com"

# operationId (after the overlays) -> the public method that wraps it.
WRAPPED: dict[str, Wrapped] = {
    "createLead": Wrapped("leads.create", ({"phone": "919999999999"},)),
    "getLead": Wrapped("leads.get", (LEAD,)),
    "updateLead": Wrapped("leads.update", (LEAD, {"name": "Jane"})),
    "searchLeads": Wrapped("leads.search"),
    "createActions": Wrapped("actions.create", (LEAD, [telecrm.CustomAction(1001, {"note": "x"})])),
    "getAction": Wrapped("actions.get", (LEAD, ACTION)),
    "updateAction": Wrapped("actions.update", (LEAD, ACTION, telecrm.CustomAction(1001, {"note": "x"}))),
    "searchActions": Wrapped("actions.search", (LEAD,)),
    "listTeamMembers": Wrapped("team_members.list"),
    "getTeamMember": Wrapped("team_members.get", (EMAIL,)),
    "createTeamMember": Wrapped("team_members.create", ("Jane", EMAIL, "919999999999", "CALLER")),
    "setTeamMemberState": Wrapped("team_members.set_state", (EMAIL, "Active")),
    "listCustomFields": Wrapped("workspace.custom_fields"),
    "getCustomField": Wrapped("workspace.custom_field", ("email",)),
    "listCustomActions": Wrapped("workspace.custom_actions"),
    "getCustomAction": Wrapped("workspace.custom_action", (1001,)),
    "getEnterpriseMetadata": Wrapped("workspace.metadata"),
    "getLeadStagePipeline": Wrapped("workspace.pipeline"),
    "upsertLead": Wrapped("ingest.upsert", ({"phone": "919999999999"},)),
}

# operationId -> why the public API does not wrap it (yet). `client.request(...)` reaches these.
NOT_WRAPPED: dict[str, str] = {}

# Documented error status -> the public exception a call raises for it.
STATUS_ERRORS: dict[str, type[telecrm.APIStatusError]] = {
    "400": telecrm.BadRequestError,
    "401": telecrm.AuthenticationError,
    "402": telecrm.PaymentRequiredError,
    "403": telecrm.PermissionDeniedError,
    "404": telecrm.NotFoundError,
    "409": telecrm.ConflictError,
    "429": telecrm.RateLimitError,
    "500": telecrm.InternalServerError,
    "502": telecrm.InternalServerError,
    "503": telecrm.InternalServerError,
    "504": telecrm.InternalServerError,
}


def _operation_ids(patched: Any) -> list[str]:
    return [op.node.get("operationId", op.label) for op in operations(patched)]


def _client(cls: type[Any], transport: Any) -> Any:
    http = (
        httpx.Client(transport=transport)
        if cls is telecrm.Telecrm
        else httpx.AsyncClient(transport=transport)
    )
    return cls(
        enterprise_id="e1", token="sync-token", ingest_token="async-token", http_client=http, max_retries=0
    )


def _resolve(client: Any, dotted: str) -> Callable[..., Any] | None:
    node = client
    for part in dotted.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node if callable(node) else None


def _never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"unexpected request {request.method} {request.url}")


def test_every_operation_is_wrapped_or_listed_as_not_wrapped(patched: Any) -> None:
    unaccounted = [
        op_id for op_id in _operation_ids(patched) if op_id not in WRAPPED and op_id not in NOT_WRAPPED
    ]
    assert unaccounted == [], (
        f"operations with no public method: {unaccounted}. Wrap each one in src/telecrm and add it to "
        "WRAPPED in tests/spec/test_spec_public_api.py, or add it to NOT_WRAPPED there with the reason "
        f"it is left to `client.request(...)` ({SPEC_HELP})."
    )


def test_every_listed_operation_is_in_the_patched_spec(patched: Any) -> None:
    known = set(_operation_ids(patched))
    gone = sorted(op_id for op_id in [*WRAPPED, *NOT_WRAPPED] if op_id not in known)
    assert gone == [], (
        f"operationIds listed in tests/spec/test_spec_public_api.py that the patched spec no longer has: "
        f"{gone}. The vendor removed or renamed them: retire the public method (a deprecation) or follow "
        "the rename, then remove the entry."
    )


def test_no_operation_is_both_wrapped_and_not_wrapped() -> None:
    assert sorted(set(WRAPPED) & set(NOT_WRAPPED)) == []


def test_every_not_wrapped_operation_gives_a_reason() -> None:
    assert [op_id for op_id, reason in NOT_WRAPPED.items() if not reason.strip()] == []


@pytest.mark.parametrize("client_class", [telecrm.Telecrm, telecrm.AsyncTelecrm], ids=["sync", "async"])
@pytest.mark.parametrize("op_id", sorted(WRAPPED))
def test_wrapped_operation_has_its_public_method(client_class: type[Any], op_id: str) -> None:
    client = _client(client_class, httpx.MockTransport(_never_called))
    method = _resolve(client, WRAPPED[op_id].method)
    assert method is not None, f"{client_class.__name__} has no {WRAPPED[op_id].method} (wraps {op_id})"
    if client_class is telecrm.AsyncTelecrm and not WRAPPED[op_id].method.endswith(("search", "list")):
        assert inspect.iscoroutinefunction(method), f"AsyncTelecrm.{WRAPPED[op_id].method} is not async"


def _documented_errors(patched: Any) -> list[tuple[str, str, Any]]:
    """(operationId, status, example body or None) for every 4xx/5xx an operation documents."""
    found = []
    for op in operations(patched):
        for status, response in op.node.get("responses", {}).items():
            if str(status)[0] not in "45":
                continue
            _, response = deref(patched, (*op.parts, "responses", status), response)
            media = response.get("content", {}).get("application/json", {})
            example = media.get("example")
            if example is None and media.get("examples"):
                first = next(iter(media["examples"].values()))
                example = deref(patched, (), first)[1].get("value")
            found.append((op.node.get("operationId", op.label), str(status), example))
    return found


def test_every_documented_error_status_maps_to_a_typed_error(patched: Any) -> None:
    unmapped = sorted({status for _, status, _ in _documented_errors(patched) if status not in STATUS_ERRORS})
    assert unmapped == [], (
        f"error statuses the spec documents with no typed error: {unmapped}. Give each a public "
        "exception in telecrm (an APIStatusError subclass, exported in __all__) and add it to "
        "STATUS_ERRORS in tests/spec/test_spec_public_api.py."
    )


@pytest.mark.parametrize("status", sorted(STATUS_ERRORS))
def test_typed_errors_are_public_status_errors(status: str) -> None:
    error = STATUS_ERRORS[status]
    assert error.__name__ in telecrm.__all__
    assert issubclass(error, telecrm.APIStatusError)


def _send(method: Callable[..., Any], wrapped: Wrapped) -> None:
    """Call the method; a pager sends its first request when iterated."""
    result = method(*wrapped.args, **wrapped.kwargs)
    if isinstance(result, telecrm.Pager):
        list(result)


def _error_cases() -> list[Any]:
    from specwalk import PATCHED_SPEC, load

    return [
        pytest.param(op_id, status, body, id=f"{op_id}-{status}")
        for op_id, status, body in _documented_errors(load(PATCHED_SPEC))
        if op_id in WRAPPED and status in STATUS_ERRORS
    ]


@pytest.mark.parametrize(("op_id", "status", "body"), _error_cases())
def test_documented_error_status_raises_its_typed_error(op_id: str, status: str, body: Any) -> None:
    payload = body if isinstance(body, dict) else {"error": {"code": "SOME_ERROR", "message": "documented"}}
    sent = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(int(status), json=payload)

    wrapped = WRAPPED[op_id]
    with _client(telecrm.Telecrm, httpx.MockTransport(respond)) as client:
        method = _resolve(client, wrapped.method)
        assert method is not None
        with pytest.raises(STATUS_ERRORS[status]) as raised:
            _send(method, wrapped)
    assert raised.value.status_code == int(status)
    assert len(sent) == 1
