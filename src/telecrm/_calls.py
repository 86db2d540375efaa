"""Every operation, prepared once for both clients.

Each function validates its arguments (raising :class:`ValidationError` before anything is
sent), builds the request with the generated operation's ``_get_kwargs`` from a generated
request model, and says how the 2xx response becomes the value the caller gets.
``Telecrm`` and ``AsyncTelecrm`` differ only in how they execute the returned
:class:`Call`. Generated modules are imported on first use so ``import telecrm`` stays cheap.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any, TypeVar

import httpx

from ._actions import (
    ActionType,
    CustomAction,
    Payment,
    PaymentStatus,
    TimelineEntry,
    action_from_api,
    action_type_filter,
    action_update_body,
    as_action,
    async_code,
    custom_action_code,
    payment_status_update,
    write_action,
)
from ._dates import DateInput, encode_date_value, encode_range
from ._errors import APIResponseValidationError, ValidationError
from ._models import (
    CustomActionDefinition,
    CustomField,
    EnterpriseMetadata,
    Lead,
    Pipeline,
    Queued,
    TeamMember,
    TeamMemberState,
)
from ._pagination import Page
from ._results import ActionBatchResult, LeadCreateResult, action_batch_result, lead_create_result
from ._transport import Api, Call

T = TypeVar("T")

LEADS_PAGE_LIMIT = 100
ACTIONS_PAGE_LIMIT = 100
TEAM_MEMBERS_PAGE_LIMIT = 10
TEAM_MEMBER_ROLES = ("ADMIN", "MANAGER", "CALLER", "MARKETING_USER")
AVAILABILITY_STATES = ("Active", "Inactive", "On Leave", "Working")

_TEAM_PHONE = re.compile(r"[1-9][0-9]{7,14}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

RangeInput = Mapping[str, DateInput | None] | tuple[DateInput | None, DateInput | None]


# --- the generated package -------------------------------------------------------------


def _operation(name: str) -> ModuleType:
    return importlib.import_module(f"telecrm_api.api.{name}")


def _model(name: str) -> Any:
    module, _, cls = name.rpartition(".")
    return getattr(importlib.import_module(f"telecrm_api.models.{module}"), cls)


@functools.cache
def _parse_client() -> Any:
    # _parse_response only reads `raise_on_unexpected_status` from its client argument.
    from telecrm_api.client import Client

    return Client(base_url="", raise_on_unexpected_status=True)


def _decoder(module: ModuleType, convert: Callable[[Any], T]) -> Callable[[httpx.Response], T]:
    def decode(response: httpx.Response) -> T:
        from telecrm_api.errors import UnexpectedStatus

        try:
            # Every success body of this API is a JSON object; the generated from_dict would
            # also accept a list (dict() of pairs) and return nonsense. Checking the first byte
            # spares parsing the body twice.
            if response.content.lstrip()[:1] != b"{":
                raise TypeError("expected a JSON object")
            return convert(module._parse_response(client=_parse_client(), response=response))
        except (ValueError, KeyError, TypeError, AttributeError, UnexpectedStatus) as exc:
            raise APIResponseValidationError(
                f"could not decode the {response.request.method} {response.request.url.path} response "
                f"({type(exc).__name__}: {exc})",
                status_code=response.status_code,
                body=response.content,
            ) from exc

    return decode


def _call(
    api: Api,
    operation: str,
    convert: Callable[[Any], T],
    *,
    creates: bool = False,
    **arguments: Any,
) -> Call[T]:
    module = _operation(operation)
    return Call(api, module._get_kwargs(**arguments), _decoder(module, convert), creates)


def _as_dict(model: Any) -> dict[str, Any]:
    return dict(model.to_dict())


# --- argument checks -------------------------------------------------------------------


def _identifier(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string, got {value!r}")
    if value in {".", ".."}:
        # A dot segment survives percent-encoding and is resolved away by URL normalisation,
        # which would send the request to another endpoint (".." on an action id = the lead).
        raise ValidationError(f"{name} cannot be {value!r}")
    return value


def _email(value: object, name: str = "email") -> str:
    text = _identifier(value, name).strip()
    if not _EMAIL.fullmatch(text):
        raise ValidationError(f"{name} is not an email address: {value!r}")
    return text


def _page_size(value: object, limit: int, name: str = "page_size") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
        raise ValidationError(f"{name} must be an integer from 1 to {limit}, got {value!r}")
    return value


def _skip(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"skip must be a non-negative integer, got {value!r}")
    return value


def _field_values(fields: object, *, allow_empty: bool = False) -> dict[str, Any]:
    if not isinstance(fields, Mapping):
        raise ValidationError(
            f"fields must be a mapping of field API name to value, got {type(fields).__name__}"
        )
    if not fields and not allow_empty:
        raise ValidationError("fields must not be empty")
    encoded = {}
    for name, value in fields.items():
        if not isinstance(name, str) or not name:
            raise ValidationError(f"field API names must be non-empty strings, got {name!r}")
        encoded[name] = encode_date_value(value)
    return encoded


def _actions(actions: object) -> tuple[CustomAction | Payment, ...]:
    if isinstance(actions, str | bytes | Mapping) or not isinstance(actions, Iterable):
        raise ValidationError(
            f"actions must be a sequence of CustomAction or Payment values, got {type(actions).__name__}"
        )
    return tuple(as_action(action) for action in actions)


def _range(value: object, name: str) -> dict[str, Any]:
    if isinstance(value, Mapping):
        unknown = set(value) - {"from", "to"}
        if unknown:
            raise ValidationError(f"{name} takes 'from' and 'to', not {sorted(unknown)}")
        return encode_range(value.get("from"), value.get("to"))
    if isinstance(value, tuple) and len(value) == 2:
        return encode_range(value[0], value[1])
    raise ValidationError(f"{name} must be a (from, to) tuple or a mapping with 'from'/'to', got {value!r}")


def _one_or_many(value: object, name: str, convert: Callable[[Any], Any]) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        if not value:
            raise ValidationError(f"{name} must not be an empty list")
        return [convert(item) for item in value]
    return convert(value)


# --- leads -----------------------------------------------------------------------------


def create_lead(
    enterprise_id: str,
    fields: Mapping[str, Any],
    actions: Iterable[CustomAction | Payment | Mapping[str, Any]],
    strict: bool,
) -> Call[LeadCreateResult]:
    sent = _actions(actions)
    body: dict[str, Any] = {"fields": _field_values(fields)}
    if sent:
        body["actions"] = [write_action(action, api="sync") for action in sent]

    def convert(model: Any) -> LeadCreateResult:
        result = lead_create_result(_as_dict(model), sent)
        return result.raise_for_ignored() if strict else result

    return _call(
        "sync",
        "leads.create_lead",
        convert,
        creates=True,
        enterprise_id=enterprise_id,
        body=_model("input_lead.InputLead").from_dict(body),
    )


def get_lead(enterprise_id: str, lead_id: str, include_actions: bool, skip: int, limit: int) -> Call[Lead]:
    return _call(
        "sync",
        "leads.get_lead",
        lambda model: Lead.from_api(_as_dict(model)),
        enterprise_id=enterprise_id,
        lead_id=_identifier(lead_id, "lead_id"),
        include_actions=bool(include_actions),
        skip=_skip(skip),
        limit=_page_size(limit, ACTIONS_PAGE_LIMIT, "limit"),
    )


def update_lead(enterprise_id: str, lead_id: str, fields: Mapping[str, Any]) -> Call[Lead]:
    return _call(
        "sync",
        "leads.update_lead",
        lambda model: Lead.from_api(_as_dict(model)),
        enterprise_id=enterprise_id,
        lead_id=_identifier(lead_id, "lead_id"),
        body=_model("input_lead_update.InputLeadUpdate").from_dict({"fields": _field_values(fields)}),
    )


_LEAD_ACTION_FILTER_KEYS = frozenset({"type", "performed_by", "performed_at"})


def lead_search_body(fields: Mapping[str, Any] | None, actions: Mapping[str, Any] | None) -> dict[str, Any]:
    """The lead-search body: per-field filters (a list means any of), plus an action filter
    whose criteria must all hold for the same action."""
    body: dict[str, Any] = {}
    if fields is not None:
        if not isinstance(fields, Mapping):
            raise ValidationError(f"fields must be a mapping of field API name to value(s), got {fields!r}")
        criteria: dict[str, Any] = {}
        for name, value in fields.items():
            if not isinstance(name, str) or not name:
                raise ValidationError(f"field API names must be non-empty strings, got {name!r}")
            if name == "created_on":
                criteria[name] = _range(value, "fields['created_on']")
            else:
                criteria[name] = _one_or_many(value, f"fields[{name!r}]", encode_date_value)
        body["fields"] = criteria
    if actions is not None:
        if not isinstance(actions, Mapping) or not actions:
            raise ValidationError(
                f"actions must be a mapping with type/performed_by/performed_at, got {actions!r}"
            )
        unknown = set(actions) - _LEAD_ACTION_FILTER_KEYS
        if unknown:
            raise ValidationError(
                f"unknown action filter(s) {sorted(unknown)}; use {sorted(_LEAD_ACTION_FILTER_KEYS)}"
            )
        action_criteria: dict[str, Any] = {}
        if "type" in actions:
            action_criteria["type"] = _one_or_many(actions["type"], "actions['type']", action_type_filter)
        if "performed_by" in actions:
            action_criteria["performed_by"] = _one_or_many(
                actions["performed_by"], "actions['performed_by']", lambda item: _email(item, "performed_by")
            )
        if "performed_at" in actions:
            action_criteria["performed_at"] = _range(actions["performed_at"], "actions['performed_at']")
        body["actions"] = action_criteria
    return body


def _page(convert: Callable[[Any], T], skip: int, size: int) -> Callable[[Any], Page[T]]:
    """Decode a list page. ``skip`` and ``limit`` are the ones requested: the server's echo
    of them is optional (action search does not document it) and must not steer paging."""

    def decode(model: Any) -> Page[T]:
        data = _as_dict(model)
        total = data.get("total_count")
        return Page(
            items=tuple(convert(item) for item in data.get("data") or ()),
            skip=skip,
            limit=size,
            total_count=total if isinstance(total, int) else None,
        )

    return decode


def search_leads_page(
    enterprise_id: str, body: Mapping[str, Any], skip: int, page_size: int
) -> Call[Page[Lead]]:
    return _call(
        "sync",
        "leads.search_leads",
        _page(Lead.from_api, skip, page_size),
        enterprise_id=enterprise_id,
        body=_model("search_lead.SearchLead").from_dict(body),
        skip=skip,
        limit=page_size,
    )


def leads_page_size(page_size: int) -> int:
    return _page_size(page_size, LEADS_PAGE_LIMIT)


# --- actions ---------------------------------------------------------------------------


def create_actions(
    enterprise_id: str,
    lead_id: str,
    actions: Iterable[CustomAction | Payment | Mapping[str, Any]],
    strict: bool,
) -> Call[ActionBatchResult]:
    sent = _actions(actions)
    if not sent:
        raise ValidationError("actions must contain at least one action")

    def convert(model: Any) -> ActionBatchResult:
        result = action_batch_result(_as_dict(model), sent)
        return result.raise_for_ignored() if strict else result

    return _call(
        "sync",
        "actions.create_actions",
        convert,
        creates=True,
        enterprise_id=enterprise_id,
        lead_id=_identifier(lead_id, "lead_id"),
        body=_model("create_actions_body.CreateActionsBody").from_dict(
            {"actions": [write_action(action, api="sync") for action in sent]}
        ),
    )


def _written_action(model: Any) -> CustomAction | Payment:
    action = action_from_api(_as_dict(model))
    if isinstance(action, TimelineEntry):
        raise ValueError(f"expected a custom or payment action, got type {action.type!r}")
    return action


def get_action(enterprise_id: str, lead_id: str, action_id: str) -> Call[CustomAction | Payment]:
    return _call(
        "sync",
        "actions.get_action",
        _written_action,
        enterprise_id=enterprise_id,
        lead_id=_identifier(lead_id, "lead_id"),
        action_id=_identifier(action_id, "action_id"),
    )


def _update_action(enterprise_id: str, lead_id: str, action_id: str, body: Mapping[str, Any]) -> Call[Any]:
    return _call(
        "sync",
        "actions.update_action",
        _written_action,
        enterprise_id=enterprise_id,
        lead_id=_identifier(lead_id, "lead_id"),
        action_id=_identifier(action_id, "action_id"),
        body=_update_body_model(body),
    )


def _update_body_model(body: Mapping[str, Any]) -> Any:
    if body.get("type") == "PAYMENT":
        return _model("update_payment_action.UpdatePaymentAction").from_dict(body)
    return _model("update_custom_action.UpdateCustomAction").from_dict(body)


def update_action(
    enterprise_id: str, lead_id: str, action_id: str, action: CustomAction | Payment | Mapping[str, Any]
) -> Call[CustomAction | Payment]:
    return _update_action(enterprise_id, lead_id, action_id, action_update_body(action))


def set_payment_status(
    enterprise_id: str, lead_id: str, action_id: str, status: PaymentStatus | str
) -> Call[CustomAction | Payment]:
    return _update_action(enterprise_id, lead_id, action_id, payment_status_update(status))


def action_search_body(
    lead_id: str,
    type: ActionType | CustomAction | int | str | None,
    created_on: RangeInput | None,
    performed_by: str | Sequence[str] | None,
) -> dict[str, Any]:
    _identifier(lead_id, "lead_id")
    body: dict[str, Any] = {}
    if type is not None:
        body["type"] = action_type_filter(type)
    if created_on is not None:
        body["created_on"] = _range(created_on, "created_on")
    if performed_by is not None:
        body["performed_by"] = _one_or_many(
            performed_by, "performed_by", lambda item: _identifier(item, "performed_by")
        )
    return body


def search_actions_page(
    enterprise_id: str, lead_id: str, body: Mapping[str, Any], skip: int, page_size: int
) -> Call[Page[CustomAction | Payment | TimelineEntry]]:
    return _call(
        "sync",
        "actions.search_actions",
        _page(action_from_api, skip, page_size),
        enterprise_id=enterprise_id,
        lead_id=_identifier(lead_id, "lead_id"),
        body=_model("search_lead_action.SearchLeadAction").from_dict(body),
        skip=skip,
        limit=page_size,
    )


def actions_page_size(page_size: int) -> int:
    return _page_size(page_size, ACTIONS_PAGE_LIMIT)


# --- team members ----------------------------------------------------------------------


def list_team_members_page(
    enterprise_id: str, include_deleted: bool, skip: int, page_size: int
) -> Call[Page[TeamMember]]:
    return _call(
        "sync",
        "team_members.list_team_members",
        _page(TeamMember.from_api, skip, page_size),
        enterprise_id=enterprise_id,
        include_deleted=bool(include_deleted),
        skip=skip,
        limit=page_size,
    )


def team_members_page_size(page_size: int) -> int:
    return _page_size(page_size, TEAM_MEMBERS_PAGE_LIMIT)


def get_team_member(enterprise_id: str, email: str, include_deleted: bool) -> Call[TeamMember]:
    return _call(
        "sync",
        "team_members.get_team_member",
        lambda model: TeamMember.from_api(_as_dict(model)),
        enterprise_id=enterprise_id,
        email=_email(email),
        include_deleted=bool(include_deleted),
    )


def create_team_member(
    enterprise_id: str, name: str, email: str, phone_number: str, role: str, password: str | None
) -> Call[TeamMember]:
    if not isinstance(phone_number, str) or not _TEAM_PHONE.fullmatch(phone_number):
        raise ValidationError(
            f"phone_number must be digits only with the country code first, e.g. '919876543210' "
            f"(no '+', spaces or dashes), got {phone_number!r}"
        )
    if role not in TEAM_MEMBER_ROLES:
        raise ValidationError(f"role must be one of {', '.join(TEAM_MEMBER_ROLES)}, got {role!r}")
    body = {
        "name": _identifier(name, "name"),
        "email": _email(email),
        "phone_number": phone_number,
        "role": role,
    }
    if password is not None:
        body["password"] = _identifier(password, "password")
    return _call(
        "sync",
        "team_members.create_team_member",
        lambda model: TeamMember.from_api(_as_dict(model)),
        creates=True,
        enterprise_id=enterprise_id,
        body=_model("create_team_member_request.CreateTeamMemberRequest").from_dict(body),
    )


def set_team_member_state(enterprise_id: str, email: str, state: str) -> Call[TeamMemberState]:
    if state not in AVAILABILITY_STATES:
        raise ValidationError(f"state must be one of {', '.join(AVAILABILITY_STATES)}, got {state!r}")

    def convert(model: Any) -> TeamMemberState:
        data = _as_dict(model)
        return TeamMemberState(email=data.get("email"), status=data.get("status"), raw=data)

    return _call(
        "sync",
        "team_members.set_team_member_state",
        convert,
        enterprise_id=enterprise_id,
        body=_model("set_team_member_state_body.SetTeamMemberStateBody").from_dict(
            {"email": _email(email), "state": state}
        ),
    )


# --- workspace -------------------------------------------------------------------------


def list_custom_fields(enterprise_id: str, detail: bool) -> Call[tuple[CustomField, ...]]:
    return _call(
        "sync",
        "enterprise.list_custom_fields",
        lambda model: tuple(CustomField.from_api(item) for item in _as_dict(model).get("customFields") or ()),
        enterprise_id=enterprise_id,
        detail=bool(detail),
    )


def get_custom_field(enterprise_id: str, api_name: str) -> Call[CustomField]:
    return _call(
        "sync",
        "enterprise.get_custom_field",
        lambda model: CustomField.from_api(_as_dict(model)),
        enterprise_id=enterprise_id,
        api_name=_identifier(api_name, "api_name"),
    )


def list_custom_actions(enterprise_id: str, detail: bool) -> Call[tuple[CustomActionDefinition, ...]]:
    return _call(
        "sync",
        "enterprise.list_custom_actions",
        lambda model: tuple(
            CustomActionDefinition.from_api(item) for item in _as_dict(model).get("customActions") or ()
        ),
        enterprise_id=enterprise_id,
        detail=bool(detail),
    )


def get_custom_action(enterprise_id: str, code: int | str | CustomAction) -> Call[CustomActionDefinition]:
    number = code.code if isinstance(code, CustomAction) else custom_action_code(code)
    return _call(
        "sync",
        "enterprise.get_custom_action",
        lambda model: CustomActionDefinition.from_api(_as_dict(model)),
        enterprise_id=enterprise_id,
        code=async_code(number),
    )


def get_metadata(enterprise_id: str) -> Call[EnterpriseMetadata]:
    return _call(
        "sync",
        "enterprise.get_enterprise_metadata",
        lambda model: EnterpriseMetadata.from_api(_as_dict(model)),
        enterprise_id=enterprise_id,
    )


def get_pipeline(enterprise_id: str) -> Call[Pipeline]:
    return _call(
        "sync",
        "enterprise.get_lead_stage_pipeline",
        lambda model: Pipeline.from_api(_as_dict(model)),
        enterprise_id=enterprise_id,
    )


# --- the Async API ---------------------------------------------------------------------


def upsert_lead(
    enterprise_id: str,
    fields: Mapping[str, Any],
    actions: Iterable[CustomAction | Payment | Mapping[str, Any]],
) -> Call[Queued]:
    body: dict[str, Any] = {"fields": _field_values(fields)}
    sent = _actions(actions)
    if sent:
        body["actions"] = [write_action(action, api="async") for action in sent]

    def convert(model: Any) -> Queued:
        data = _as_dict(model)
        return Queued(status=str(data.get("status")), raw=data)

    return _call(
        "async",
        "ingest.upsert_lead",
        convert,
        # Field upserts are idempotent, but actions are appended to the timeline: a payload
        # with actions is replayed only when it provably never reached the server.
        creates=bool(sent),
        enterprise_id=enterprise_id,
        body=_model("async_lead_upsert.AsyncLeadUpsert").from_dict(body),
    )
