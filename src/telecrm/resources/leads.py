"""``client.leads``: create, read, update and search leads on the Sync API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from functools import partial
from typing import Any, Unpack

from .. import _checks
from .._actions import CustomAction, Payment, action_type_filter, as_actions, write_action
from .._errors import ValidationError
from .._fields import standard_field_values, standard_filter_value
from .._models import Lead
from .._operations import Operation, operation, page, segment
from .._pagination import AsyncPager, Page, Pager
from .._raw_response import RawResponse
from .._requests import RequestOptions
from .._results import LeadCreateResult, lead_create_result
from .._vocabulary import ACTIONS_PAGE_LIMIT, LEADS_PAGE_LIMIT
from ._base import AsyncResource, SyncResource, async_raw, raw

__all__ = ["AsyncLeads", "AsyncLeadsWithRawResponse", "Leads", "LeadsWithRawResponse"]

ActionInput = CustomAction | Payment | Mapping[str, Any]

_ACTION_FILTER_KEYS = frozenset({"type", "performed_by", "performed_at"})


# --- requests ------------------------------------------------------------------------------------------


def create_lead(
    enterprise_id: str, fields: Mapping[str, Any], actions: Iterable[ActionInput], strict: bool
) -> Operation[LeadCreateResult]:
    _checks.flag(strict, "strict")
    sent = as_actions(actions)
    body: dict[str, Any] = {"fields": standard_field_values(_checks.field_values(fields))}
    if sent:
        body["actions"] = [write_action(action, api="sync") for action in sent]

    def convert(data: Mapping[str, Any]) -> LeadCreateResult:
        result = lead_create_result(data, sent)
        return result.raise_for_ignored() if strict else result

    return operation(
        "sync",
        "POST",
        f"/enterprise/{segment(enterprise_id)}/lead",
        convert,
        json=body,
        creates=True,
        status=201,
    )


def get_lead(
    enterprise_id: str, lead_id: str, include_actions: bool, skip: int, limit: int
) -> Operation[Lead]:
    params = {
        "includeActions": _checks.flag(include_actions, "include_actions"),
        "skip": _checks.non_negative(skip, "skip"),
        "limit": _checks.page_size(limit, ACTIONS_PAGE_LIMIT, "limit"),
    }
    path = f"/enterprise/{segment(enterprise_id)}/lead/{segment(_checks.identifier(lead_id, 'lead_id'))}"
    return operation("sync", "GET", path, Lead.from_api, params=params)


def update_lead(enterprise_id: str, lead_id: str, fields: Mapping[str, Any]) -> Operation[Lead]:
    path = f"/enterprise/{segment(enterprise_id)}/lead/{segment(_checks.identifier(lead_id, 'lead_id'))}"
    body = {"fields": standard_field_values(_checks.field_values(fields))}
    return operation("sync", "POST", path, Lead.from_api, json=body)


def _filter_value(name: str, where: str, value: Any) -> Any:
    return standard_filter_value(name, _checks.json_value(value, name=where))


def lead_search_body(fields: Mapping[str, Any] | None, actions: Mapping[str, Any] | None) -> dict[str, Any]:
    """The lead-search body: per-field filters (a list means any of), plus an action filter
    whose criteria must all hold for the same action."""
    body: dict[str, Any] = {}
    if fields is not None:
        if not isinstance(fields, Mapping):
            raise ValidationError(
                f"fields must be a mapping of field API name to value(s), got {_checks.preview(fields)}"
            )
        criteria: dict[str, Any] = {}
        for name, value in fields.items():
            if not isinstance(name, str) or not name:
                raise ValidationError(
                    f"field API names must be non-empty strings, got {_checks.preview(name)}"
                )
            _checks.text(name, "a field API name")
            if name == "created_on":
                criteria[name] = _checks.date_range(value, "fields['created_on']")
            else:
                where = f"fields[{name!r}]"
                criteria[name] = _checks.one_or_many(value, where, partial(_filter_value, name, where))
        body["fields"] = criteria
    if actions is not None:
        if not isinstance(actions, Mapping) or not actions:
            raise ValidationError(
                "actions must be a mapping with type/performed_by/performed_at, "
                f"got {_checks.preview(actions)}"
            )
        unknown = set(actions) - _ACTION_FILTER_KEYS
        if unknown:
            raise ValidationError(
                f"unknown action filter(s) {sorted(map(_checks.preview, unknown))}; "
                f"use {sorted(_ACTION_FILTER_KEYS)}"
            )
        action_criteria: dict[str, Any] = {}
        if "type" in actions:
            action_criteria["type"] = _checks.one_or_many(
                actions["type"], "actions['type']", action_type_filter
            )
        if "performed_by" in actions:
            action_criteria["performed_by"] = _checks.one_or_many(
                actions["performed_by"],
                "actions['performed_by']",
                lambda item: _checks.email(item, "performed_by"),
            )
        if "performed_at" in actions:
            action_criteria["performed_at"] = _checks.date_range(
                actions["performed_at"], "actions['performed_at']"
            )
        body["actions"] = action_criteria
    return body


def search_leads_page(
    enterprise_id: str, body: Mapping[str, Any], skip: int, page_size: int
) -> Operation[Page[Lead]]:
    return operation(
        "sync",
        "POST",
        f"/enterprise/{segment(enterprise_id)}/lead/search",
        page(Lead.from_api, skip, page_size),
        params={"skip": skip, "limit": page_size},
        json=body,
    )


# --- resources -----------------------------------------------------------------------------------------


class Leads(SyncResource):
    """Leads on the Sync API. Every method also takes the per-call options of
    :class:`~telecrm.RequestOptions` (``extra_headers``, ``extra_query``, ``extra_body``, ``timeout``,
    ``max_retries``)."""

    def create(
        self,
        fields: Mapping[str, Any],
        actions: Iterable[ActionInput] = (),
        *,
        strict: bool = False,
        **options: Unpack[RequestOptions],
    ) -> LeadCreateResult:
        """Create a lead (``fields`` must hold the workspace's lead identifier), optionally with
        actions. Fields and actions the server ignores are reported on the result, not raised,
        unless ``strict=True`` (then :class:`~telecrm.PartialSuccessError`). A lead that already exists
        raises :class:`~telecrm.LeadAlreadyExistsError`. Never retried unless provably not received."""
        return self._run(create_lead(self._enterprise_id, fields, actions, strict), options)

    def get(
        self,
        lead_id: str,
        *,
        include_actions: bool = False,
        skip: int = 0,
        limit: int = 10,
        **options: Unpack[RequestOptions],
    ) -> Lead:
        """Fetch a lead; with ``include_actions`` also one page (``skip``/``limit`` ≤ 100) of its
        timeline, newest first."""
        return self._run(get_lead(self._enterprise_id, lead_id, include_actions, skip, limit), options)

    def update(self, lead_id: str, fields: Mapping[str, Any], **options: Unpack[RequestOptions]) -> Lead:
        """Change only the given fields. The lead identifier cannot change
        (:class:`~telecrm.InvalidLeadError`)."""
        return self._run(update_lead(self._enterprise_id, lead_id, fields), options)

    def search(
        self,
        *,
        fields: Mapping[str, Any] | None = None,
        actions: Mapping[str, Any] | None = None,
        page_size: int = LEADS_PAGE_LIMIT,
        **options: Unpack[RequestOptions],
    ) -> Pager[Lead]:
        """Every lead matching the filters, newest first, fetched page by page as you iterate.

        ``fields``: API name -> value, or a list of values (any of them); all fields must match
        (case-insensitive, exact). ``fields["created_on"]`` is a ``(from, to)`` range.
        ``actions``: ``type`` (ActionType, custom code, or a list), ``performed_by`` (email(s)),
        ``performed_at`` (a range) -- all satisfied by the same action.
        """
        body = lead_search_body(fields, actions)
        size = _checks.page_size(page_size, LEADS_PAGE_LIMIT)
        enterprise_id = self._enterprise_id
        return self._pager(lambda skip: search_leads_page(enterprise_id, body, skip, size), options)


class AsyncLeads(AsyncResource):
    """Leads on the Sync API (awaitable). See :class:`Leads`."""

    async def create(
        self,
        fields: Mapping[str, Any],
        actions: Iterable[ActionInput] = (),
        *,
        strict: bool = False,
        **options: Unpack[RequestOptions],
    ) -> LeadCreateResult:
        """See :meth:`Leads.create`."""
        return await self._run(create_lead(self._enterprise_id, fields, actions, strict), options)

    async def get(
        self,
        lead_id: str,
        *,
        include_actions: bool = False,
        skip: int = 0,
        limit: int = 10,
        **options: Unpack[RequestOptions],
    ) -> Lead:
        """See :meth:`Leads.get`."""
        return await self._run(get_lead(self._enterprise_id, lead_id, include_actions, skip, limit), options)

    async def update(
        self, lead_id: str, fields: Mapping[str, Any], **options: Unpack[RequestOptions]
    ) -> Lead:
        """See :meth:`Leads.update`."""
        return await self._run(update_lead(self._enterprise_id, lead_id, fields), options)

    def search(
        self,
        *,
        fields: Mapping[str, Any] | None = None,
        actions: Mapping[str, Any] | None = None,
        page_size: int = LEADS_PAGE_LIMIT,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Lead]:
        """See :meth:`Leads.search`; iterate with ``async for``."""
        body = lead_search_body(fields, actions)
        size = _checks.page_size(page_size, LEADS_PAGE_LIMIT)
        enterprise_id = self._enterprise_id
        return self._pager(lambda skip: search_leads_page(enterprise_id, body, skip, size), options)


class LeadsWithRawResponse:
    """``client.with_raw_response.{name}``: the same methods, returning :class:`~telecrm.RawResponse`
    (pagers are not offered: iterate the resource itself)."""

    def __init__(self, resource: Leads) -> None:
        self.create: Callable[..., RawResponse[LeadCreateResult]] = raw(resource.create)
        self.get: Callable[..., RawResponse[Lead]] = raw(resource.get)
        self.update: Callable[..., RawResponse[Lead]] = raw(resource.update)


class AsyncLeadsWithRawResponse:
    """The awaitable :class:`LeadsWithRawResponse`."""

    def __init__(self, resource: AsyncLeads) -> None:
        self.create: Callable[..., Awaitable[RawResponse[LeadCreateResult]]] = async_raw(resource.create)
        self.get: Callable[..., Awaitable[RawResponse[Lead]]] = async_raw(resource.get)
        self.update: Callable[..., Awaitable[RawResponse[Lead]]] = async_raw(resource.update)
