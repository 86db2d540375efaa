"""``client.actions``: a lead's timeline on the Sync API. Only custom actions and payments can be written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Unpack

from .. import _checks
from .._actions import (
    CustomAction,
    Payment,
    TimelineEntry,
    action_from_api,
    action_type_filter,
    action_update_body,
    as_actions,
    payment_status_update,
    write_action,
)
from .._errors import ValidationError
from .._operations import Operation, operation, page, segment
from .._pagination import AsyncPager, Page, Pager
from .._raw_response import RawResponse
from .._requests import RequestOptions
from .._results import ActionBatchResult, action_batch_result
from .._vocabulary import ACTIONS_PAGE_LIMIT, ActionType, PaymentStatus
from ._base import AsyncResource, SyncResource, async_raw, raw

__all__ = ["Actions", "AsyncActions"]

Action = CustomAction | Payment
ActionInput = CustomAction | Payment | Mapping[str, Any]
TimelineItem = CustomAction | Payment | TimelineEntry
ActionTypeInput = ActionType | CustomAction | int | str


# --- requests ------------------------------------------------------------------------------------------


def create_actions(
    enterprise_id: str, lead_id: str, actions: Iterable[ActionInput], strict: bool
) -> Operation[ActionBatchResult]:
    _checks.flag(strict, "strict")
    sent = as_actions(actions)
    if not sent:
        raise ValidationError("actions must contain at least one action")

    def convert(data: Mapping[str, Any]) -> ActionBatchResult:
        result = action_batch_result(data, sent, lead_id)
        return result.raise_for_ignored() if strict else result

    body = {"actions": [write_action(action, api="sync") for action in sent]}
    return operation(
        "sync", "POST", f"{_lead_path(enterprise_id, lead_id)}/action", convert, json=body, creates=True
    )


def _lead_path(enterprise_id: str, lead_id: str) -> str:
    return f"/enterprise/{segment(enterprise_id)}/lead/{segment(_checks.identifier(lead_id, 'lead_id'))}"


def _action_path(enterprise_id: str, lead_id: str, action_id: str) -> str:
    return (
        f"{_lead_path(enterprise_id, lead_id)}/action/{segment(_checks.identifier(action_id, 'action_id'))}"
    )


def _written_action(data: Mapping[str, Any]) -> Action:
    action = action_from_api(data)
    if isinstance(action, TimelineEntry):
        raise ValueError(f"expected a custom or payment action, got type {action.type!r}")
    return action


def get_action(enterprise_id: str, lead_id: str, action_id: str) -> Operation[Action]:
    return operation("sync", "GET", _action_path(enterprise_id, lead_id, action_id), _written_action)


def _update_action(
    enterprise_id: str, lead_id: str, action_id: str, body: Mapping[str, Any]
) -> Operation[Action]:
    return operation(
        "sync", "POST", _action_path(enterprise_id, lead_id, action_id), _written_action, json=body
    )


def update_action(enterprise_id: str, lead_id: str, action_id: str, action: ActionInput) -> Operation[Action]:
    return _update_action(enterprise_id, lead_id, action_id, action_update_body(action))


def set_payment_status(
    enterprise_id: str, lead_id: str, action_id: str, status: PaymentStatus | str
) -> Operation[Action]:
    return _update_action(enterprise_id, lead_id, action_id, payment_status_update(status))


def action_search_body(
    lead_id: str,
    type: ActionTypeInput | None,
    created_on: _checks.RangeInput | None,
    performed_by: str | Sequence[str] | None,
) -> dict[str, Any]:
    _checks.identifier(lead_id, "lead_id")
    body: dict[str, Any] = {}
    if type is not None:
        body["type"] = action_type_filter(type)
    if created_on is not None:
        body["created_on"] = _checks.date_range(created_on, "created_on")
    if performed_by is not None:
        body["performed_by"] = _checks.one_or_many(
            performed_by, "performed_by", lambda item: _checks.identifier(item, "performed_by")
        )
    return body


def search_actions_page(
    enterprise_id: str, lead_id: str, body: Mapping[str, Any], skip: int, page_size: int
) -> Operation[Page[TimelineItem]]:
    return operation(
        "sync",
        "POST",
        f"{_lead_path(enterprise_id, lead_id)}/action/search",
        page(action_from_api, skip, page_size),
        params={"skip": skip, "limit": page_size},
        json=body,
    )


# --- resources -----------------------------------------------------------------------------------------


class Actions(SyncResource):
    """A lead's timeline on the Sync API. Only custom actions and payments can be written. Every method also
    takes the per-call options of :class:`~telecrm.RequestOptions`."""

    def create(
        self,
        lead_id: str,
        actions: Iterable[ActionInput],
        *,
        strict: bool = False,
        **options: Unpack[RequestOptions],
    ) -> ActionBatchResult:
        """Record actions on a lead. Each is processed on its own: ignored ones are reported on
        the result (or raised with ``strict=True``). Never retried unless provably not received."""
        return self._run(create_actions(self._enterprise_id, lead_id, actions, strict), options)

    def get(self, lead_id: str, action_id: str, **options: Unpack[RequestOptions]) -> Action:
        """A custom action or payment by id (built-in entries cannot be read one by one)."""
        return self._run(get_action(self._enterprise_id, lead_id, action_id), options)

    def update(
        self, lead_id: str, action_id: str, action: ActionInput, **options: Unpack[RequestOptions]
    ) -> Action:
        """Change a custom action's fields. Payments are immutable except their status: use
        :meth:`set_payment_status`."""
        return self._run(update_action(self._enterprise_id, lead_id, action_id, action), options)

    def set_payment_status(
        self, lead_id: str, action_id: str, status: PaymentStatus | str, **options: Unpack[RequestOptions]
    ) -> Action:
        """The only change a payment allows."""
        return self._run(set_payment_status(self._enterprise_id, lead_id, action_id, status), options)

    def search(
        self,
        lead_id: str,
        *,
        type: ActionTypeInput | None = None,
        created_on: _checks.RangeInput | None = None,
        performed_by: str | Sequence[str] | None = None,
        page_size: int = ACTIONS_PAGE_LIMIT,
        **options: Unpack[RequestOptions],
    ) -> Pager[TimelineItem]:
        """Every timeline entry of a lead matching all filters, newest first. Built-in entries
        (calls, messages...) come back as :class:`~telecrm.TimelineEntry`."""
        body = action_search_body(lead_id, type, created_on, performed_by)
        size = _checks.page_size(page_size, ACTIONS_PAGE_LIMIT)
        enterprise_id = self._enterprise_id
        return self._pager(
            lambda skip: search_actions_page(enterprise_id, lead_id, body, skip, size), options
        )


class AsyncActions(AsyncResource):
    """A lead's timeline on the Sync API (awaitable). See :class:`Actions`."""

    async def create(
        self,
        lead_id: str,
        actions: Iterable[ActionInput],
        *,
        strict: bool = False,
        **options: Unpack[RequestOptions],
    ) -> ActionBatchResult:
        """See :meth:`Actions.create`."""
        return await self._run(create_actions(self._enterprise_id, lead_id, actions, strict), options)

    async def get(self, lead_id: str, action_id: str, **options: Unpack[RequestOptions]) -> Action:
        """See :meth:`Actions.get`."""
        return await self._run(get_action(self._enterprise_id, lead_id, action_id), options)

    async def update(
        self, lead_id: str, action_id: str, action: ActionInput, **options: Unpack[RequestOptions]
    ) -> Action:
        """See :meth:`Actions.update`."""
        return await self._run(update_action(self._enterprise_id, lead_id, action_id, action), options)

    async def set_payment_status(
        self, lead_id: str, action_id: str, status: PaymentStatus | str, **options: Unpack[RequestOptions]
    ) -> Action:
        """See :meth:`Actions.set_payment_status`."""
        return await self._run(set_payment_status(self._enterprise_id, lead_id, action_id, status), options)

    def search(
        self,
        lead_id: str,
        *,
        type: ActionTypeInput | None = None,
        created_on: _checks.RangeInput | None = None,
        performed_by: str | Sequence[str] | None = None,
        page_size: int = ACTIONS_PAGE_LIMIT,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[TimelineItem]:
        """See :meth:`Actions.search`; iterate with ``async for``."""
        body = action_search_body(lead_id, type, created_on, performed_by)
        size = _checks.page_size(page_size, ACTIONS_PAGE_LIMIT)
        enterprise_id = self._enterprise_id
        return self._pager(
            lambda skip: search_actions_page(enterprise_id, lead_id, body, skip, size), options
        )


class ActionsWithRawResponse:
    """``client.with_raw_response.{name}``: the same methods, returning :class:`~telecrm.RawResponse`
    (pagers are not offered: iterate the resource itself)."""

    def __init__(self, resource: Actions) -> None:
        self.create: Callable[..., RawResponse[ActionBatchResult]] = raw(resource.create)
        self.get: Callable[..., RawResponse[Action]] = raw(resource.get)
        self.update: Callable[..., RawResponse[Action]] = raw(resource.update)
        self.set_payment_status: Callable[..., RawResponse[Action]] = raw(resource.set_payment_status)


class AsyncActionsWithRawResponse:
    """The awaitable :class:`ActionsWithRawResponse`."""

    def __init__(self, resource: AsyncActions) -> None:
        self.create: Callable[..., Awaitable[RawResponse[ActionBatchResult]]] = async_raw(resource.create)
        self.get: Callable[..., Awaitable[RawResponse[Action]]] = async_raw(resource.get)
        self.update: Callable[..., Awaitable[RawResponse[Action]]] = async_raw(resource.update)
        self.set_payment_status: Callable[..., Awaitable[RawResponse[Action]]] = async_raw(
            resource.set_payment_status
        )
