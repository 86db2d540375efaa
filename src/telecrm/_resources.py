"""Resource namespaces: ``client.leads``, ``.actions``, ``.team_members``, ``.workspace``,
``.ingest``.

Each method is one line over :mod:`telecrm._calls`, where validation, request building and
decoding live once for both clients; the async classes differ only by ``await``.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import _calls, _ingest
from ._actions import ActionType, CustomAction, Payment, PaymentStatus, TimelineEntry
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
from ._pagination import AsyncPager, Page, Pager
from ._results import ActionBatchResult, LeadCreateResult
from ._transport import Call

if TYPE_CHECKING:
    from ._client import AsyncTelecrm, Telecrm

T = TypeVar("T")
Action = CustomAction | Payment
ActionInput = CustomAction | Payment | Mapping[str, Any]
TimelineItem = CustomAction | Payment | TimelineEntry


class _SyncHost(Protocol):
    @property
    def enterprise_id(self) -> str: ...

    def _execute(self, call: Call[T]) -> T: ...


class _AsyncHost(Protocol):
    @property
    def enterprise_id(self) -> str: ...

    async def _execute(self, call: Call[T]) -> T: ...


class _SyncResource:
    def __init__(self, client: _SyncHost) -> None:
        self._client = client

    def _pager(self, page: Callable[[int], Call[Page[T]]]) -> Pager[T]:
        return Pager(lambda skip: self._client._execute(page(skip)))


class _AsyncResource:
    def __init__(self, client: _AsyncHost) -> None:
        self._client = client

    def _pager(self, page: Callable[[int], Call[Page[T]]]) -> AsyncPager[T]:
        def fetch(skip: int) -> Awaitable[Page[T]]:
            return self._client._execute(page(skip))

        return AsyncPager(fetch)


# --- leads -----------------------------------------------------------------------------


class Leads(_SyncResource):
    """Leads on the Sync API."""

    def create(
        self, fields: Mapping[str, Any], actions: Iterable[ActionInput] = (), *, strict: bool = False
    ) -> LeadCreateResult:
        """Create a lead (``fields`` must hold the workspace's lead identifier), optionally with
        actions. Fields and actions the server ignores are reported on the result, not raised,
        unless ``strict=True`` (then :class:`PartialSuccessError`). A lead that already exists
        raises :class:`LeadAlreadyExistsError`. Never retried unless provably not received."""
        return self._client._execute(_calls.create_lead(self._client.enterprise_id, fields, actions, strict))

    def get(self, lead_id: str, *, include_actions: bool = False, skip: int = 0, limit: int = 10) -> Lead:
        """Fetch a lead; with ``include_actions`` also one page (``skip``/``limit`` ≤ 100) of its
        timeline, newest first."""
        return self._client._execute(
            _calls.get_lead(self._client.enterprise_id, lead_id, include_actions, skip, limit)
        )

    def update(self, lead_id: str, fields: Mapping[str, Any]) -> Lead:
        """Change only the given fields. The lead identifier cannot change
        (:class:`InvalidLeadError`)."""
        return self._client._execute(_calls.update_lead(self._client.enterprise_id, lead_id, fields))

    def search(
        self,
        *,
        fields: Mapping[str, Any] | None = None,
        actions: Mapping[str, Any] | None = None,
        page_size: int = _calls.LEADS_PAGE_LIMIT,
    ) -> Pager[Lead]:
        """Every lead matching the filters, newest first, fetched page by page as you iterate.

        ``fields``: API name -> value, or a list of values (any of them); all fields must match
        (case-insensitive, exact). ``fields["created_on"]`` is a ``(from, to)`` range.
        ``actions``: ``type`` (ActionType, custom code, or a list), ``performed_by`` (email(s)),
        ``performed_at`` (a range) -- all satisfied by the same action.
        """
        body = _calls.lead_search_body(fields, actions)
        size = _calls.leads_page_size(page_size)
        return self._pager(
            lambda skip: _calls.search_leads_page(self._client.enterprise_id, body, skip, size)
        )


class AsyncLeads(_AsyncResource):
    """Leads on the Sync API (awaitable)."""

    async def create(
        self, fields: Mapping[str, Any], actions: Iterable[ActionInput] = (), *, strict: bool = False
    ) -> LeadCreateResult:
        """See :meth:`Leads.create`."""
        return await self._client._execute(
            _calls.create_lead(self._client.enterprise_id, fields, actions, strict)
        )

    async def get(
        self, lead_id: str, *, include_actions: bool = False, skip: int = 0, limit: int = 10
    ) -> Lead:
        """See :meth:`Leads.get`."""
        return await self._client._execute(
            _calls.get_lead(self._client.enterprise_id, lead_id, include_actions, skip, limit)
        )

    async def update(self, lead_id: str, fields: Mapping[str, Any]) -> Lead:
        """See :meth:`Leads.update`."""
        return await self._client._execute(_calls.update_lead(self._client.enterprise_id, lead_id, fields))

    def search(
        self,
        *,
        fields: Mapping[str, Any] | None = None,
        actions: Mapping[str, Any] | None = None,
        page_size: int = _calls.LEADS_PAGE_LIMIT,
    ) -> AsyncPager[Lead]:
        """See :meth:`Leads.search`; iterate with ``async for``."""
        body = _calls.lead_search_body(fields, actions)
        size = _calls.leads_page_size(page_size)
        return self._pager(
            lambda skip: _calls.search_leads_page(self._client.enterprise_id, body, skip, size)
        )


# --- actions ---------------------------------------------------------------------------


class Actions(_SyncResource):
    """A lead's timeline on the Sync API. Only custom actions and payments can be written."""

    def create(
        self, lead_id: str, actions: Iterable[ActionInput], *, strict: bool = False
    ) -> ActionBatchResult:
        """Record actions on a lead. Each is processed on its own: ignored ones are reported on
        the result (or raised with ``strict=True``). Never retried unless provably not received."""
        return self._client._execute(
            _calls.create_actions(self._client.enterprise_id, lead_id, actions, strict)
        )

    def get(self, lead_id: str, action_id: str) -> Action:
        """A custom action or payment by id (built-in entries cannot be read one by one)."""
        return self._client._execute(_calls.get_action(self._client.enterprise_id, lead_id, action_id))

    def update(self, lead_id: str, action_id: str, action: ActionInput) -> Action:
        """Change a custom action's fields. Payments are immutable except their status: use
        :meth:`set_payment_status`."""
        return self._client._execute(
            _calls.update_action(self._client.enterprise_id, lead_id, action_id, action)
        )

    def set_payment_status(self, lead_id: str, action_id: str, status: PaymentStatus | str) -> Action:
        """The only change a payment allows."""
        return self._client._execute(
            _calls.set_payment_status(self._client.enterprise_id, lead_id, action_id, status)
        )

    def search(
        self,
        lead_id: str,
        *,
        type: ActionType | CustomAction | int | str | None = None,
        created_on: _calls.RangeInput | None = None,
        performed_by: str | Sequence[str] | None = None,
        page_size: int = _calls.ACTIONS_PAGE_LIMIT,
    ) -> Pager[TimelineItem]:
        """Every timeline entry of a lead matching all filters, newest first. Built-in entries
        (calls, messages...) come back as :class:`TimelineEntry`."""
        body = _calls.action_search_body(lead_id, type, created_on, performed_by)
        size = _calls.actions_page_size(page_size)
        return self._pager(
            lambda skip: _calls.search_actions_page(self._client.enterprise_id, lead_id, body, skip, size)
        )


class AsyncActions(_AsyncResource):
    """A lead's timeline on the Sync API (awaitable)."""

    async def create(
        self, lead_id: str, actions: Iterable[ActionInput], *, strict: bool = False
    ) -> ActionBatchResult:
        """See :meth:`Actions.create`."""
        return await self._client._execute(
            _calls.create_actions(self._client.enterprise_id, lead_id, actions, strict)
        )

    async def get(self, lead_id: str, action_id: str) -> Action:
        """See :meth:`Actions.get`."""
        return await self._client._execute(_calls.get_action(self._client.enterprise_id, lead_id, action_id))

    async def update(self, lead_id: str, action_id: str, action: ActionInput) -> Action:
        """See :meth:`Actions.update`."""
        return await self._client._execute(
            _calls.update_action(self._client.enterprise_id, lead_id, action_id, action)
        )

    async def set_payment_status(self, lead_id: str, action_id: str, status: PaymentStatus | str) -> Action:
        """See :meth:`Actions.set_payment_status`."""
        return await self._client._execute(
            _calls.set_payment_status(self._client.enterprise_id, lead_id, action_id, status)
        )

    def search(
        self,
        lead_id: str,
        *,
        type: ActionType | CustomAction | int | str | None = None,
        created_on: _calls.RangeInput | None = None,
        performed_by: str | Sequence[str] | None = None,
        page_size: int = _calls.ACTIONS_PAGE_LIMIT,
    ) -> AsyncPager[TimelineItem]:
        """See :meth:`Actions.search`; iterate with ``async for``."""
        body = _calls.action_search_body(lead_id, type, created_on, performed_by)
        size = _calls.actions_page_size(page_size)
        return self._pager(
            lambda skip: _calls.search_actions_page(self._client.enterprise_id, lead_id, body, skip, size)
        )


# --- team members ----------------------------------------------------------------------


class TeamMembers(_SyncResource):
    """Workspace users. The API has no member ids: members are addressed by email."""

    def list(
        self, *, include_deleted: bool = False, page_size: int = _calls.TEAM_MEMBERS_PAGE_LIMIT
    ) -> Pager[TeamMember]:
        """Every member, sorted by name, fetched page by page (at most 10 per page)."""
        size = _calls.team_members_page_size(page_size)
        return self._pager(
            lambda skip: _calls.list_team_members_page(
                self._client.enterprise_id, include_deleted, skip, size
            )
        )

    def get(self, email: str, *, include_deleted: bool = False) -> TeamMember:
        """One member by email (case-insensitive; surrounding spaces are trimmed)."""
        return self._client._execute(
            _calls.get_team_member(self._client.enterprise_id, email, include_deleted)
        )

    def create(
        self, name: str, email: str, phone_number: str, role: str, password: str | None = None
    ) -> TeamMember:
        """Add a member (``phone_number`` digits only, country code first). Without a password
        an invite is sent. Raises :class:`LicenseLimitError` when no seat is free."""
        return self._client._execute(
            _calls.create_team_member(self._client.enterprise_id, name, email, phone_number, role, password)
        )

    def set_state(self, email: str, state: str) -> TeamMemberState:
        """Set availability: Active, Inactive, On Leave or Working."""
        return self._client._execute(_calls.set_team_member_state(self._client.enterprise_id, email, state))


class AsyncTeamMembers(_AsyncResource):
    """Workspace users (awaitable)."""

    def list(
        self, *, include_deleted: bool = False, page_size: int = _calls.TEAM_MEMBERS_PAGE_LIMIT
    ) -> AsyncPager[TeamMember]:
        """See :meth:`TeamMembers.list`; iterate with ``async for``."""
        size = _calls.team_members_page_size(page_size)
        return self._pager(
            lambda skip: _calls.list_team_members_page(
                self._client.enterprise_id, include_deleted, skip, size
            )
        )

    async def get(self, email: str, *, include_deleted: bool = False) -> TeamMember:
        """See :meth:`TeamMembers.get`."""
        return await self._client._execute(
            _calls.get_team_member(self._client.enterprise_id, email, include_deleted)
        )

    async def create(
        self, name: str, email: str, phone_number: str, role: str, password: str | None = None
    ) -> TeamMember:
        """See :meth:`TeamMembers.create`."""
        return await self._client._execute(
            _calls.create_team_member(self._client.enterprise_id, name, email, phone_number, role, password)
        )

    async def set_state(self, email: str, state: str) -> TeamMemberState:
        """See :meth:`TeamMembers.set_state`."""
        return await self._client._execute(
            _calls.set_team_member_state(self._client.enterprise_id, email, state)
        )


# --- workspace -------------------------------------------------------------------------


class Workspace(_SyncResource):
    """Workspace definitions: fields, custom actions, pipeline, metadata. They change rarely;
    read them once and keep them."""

    def custom_fields(self, detail: bool = False) -> tuple[CustomField, ...]:
        """Every lead field; ``detail=True`` adds ids, descriptions and date formats."""
        return self._client._execute(_calls.list_custom_fields(self._client.enterprise_id, detail))

    def custom_field(self, api_name: str) -> CustomField:
        """One field, by its case-sensitive API name (detailed view)."""
        return self._client._execute(_calls.get_custom_field(self._client.enterprise_id, api_name))

    def custom_actions(self, detail: bool = False) -> tuple[CustomActionDefinition, ...]:
        """Every custom action type; ``detail=True`` adds field schemas."""
        return self._client._execute(_calls.list_custom_actions(self._client.enterprise_id, detail))

    def custom_action(self, code: int | str | CustomAction) -> CustomActionDefinition:
        """One custom action type by code (``1001`` or ``"ACTION_1001"``)."""
        return self._client._execute(_calls.get_custom_action(self._client.enterprise_id, code))

    def metadata(self) -> EnterpriseMetadata:
        return self._client._execute(_calls.get_metadata(self._client.enterprise_id))

    def pipeline(self) -> Pipeline:
        """Stages with active and archived statuses, and lost reasons."""
        return self._client._execute(_calls.get_pipeline(self._client.enterprise_id))


class AsyncWorkspace(_AsyncResource):
    """Workspace definitions (awaitable)."""

    async def custom_fields(self, detail: bool = False) -> tuple[CustomField, ...]:
        """See :meth:`Workspace.custom_fields`."""
        return await self._client._execute(_calls.list_custom_fields(self._client.enterprise_id, detail))

    async def custom_field(self, api_name: str) -> CustomField:
        """See :meth:`Workspace.custom_field`."""
        return await self._client._execute(_calls.get_custom_field(self._client.enterprise_id, api_name))

    async def custom_actions(self, detail: bool = False) -> tuple[CustomActionDefinition, ...]:
        """See :meth:`Workspace.custom_actions`."""
        return await self._client._execute(_calls.list_custom_actions(self._client.enterprise_id, detail))

    async def custom_action(self, code: int | str | CustomAction) -> CustomActionDefinition:
        """See :meth:`Workspace.custom_action`."""
        return await self._client._execute(_calls.get_custom_action(self._client.enterprise_id, code))

    async def metadata(self) -> EnterpriseMetadata:
        return await self._client._execute(_calls.get_metadata(self._client.enterprise_id))

    async def pipeline(self) -> Pipeline:
        """See :meth:`Workspace.pipeline`."""
        return await self._client._execute(_calls.get_pipeline(self._client.enterprise_id))


# --- the Async API ---------------------------------------------------------------------


class Ingest(_SyncResource):
    """The Async API: queued create-or-update of leads, for volume."""

    def upsert(self, fields: Mapping[str, Any], actions: Iterable[ActionInput] = ()) -> Queued:
        """Queue a create-or-update keyed on the lead identifier. Custom actions are sent as
        ``ACTION_<code>`` (a bare code would be dropped silently by the server). The answer
        only means "queued": nothing is validated server-side where you can see it."""
        return self._client._execute(_calls.upsert_lead(self._client.enterprise_id, fields, actions))

    def upsert_many(
        self,
        records: Iterable[Any],
        *,
        tokens: Sequence[str] | None = None,
        rate_per_hour: float = _ingest.DEFAULT_RATE_PER_HOUR,
        concurrency: int = _ingest.DEFAULT_CONCURRENCY,
        journal: str | os.PathLike[str] | None = None,
        validate: bool = True,
        dry_run: bool = False,
        replay_actions: bool = True,
        max_attempts: int = _ingest.DEFAULT_MAX_ATTEMPTS,
        on_progress: Callable[[_ingest.IngestProgress], None] | None = None,
    ) -> _ingest.IngestReport:
        """Queue many create-or-updates, losing none; returns an :class:`IngestReport` with one outcome per
        record, in input order.

        Each record is a mapping of field API names to values, an API-shaped ``{"fields": ...,
        "actions": [...]}``, or a ``(fields, actions)`` pair. With ``validate`` (the default) every record is
        first checked against the workspace, read once through the Sync API (so the Sync token is needed
        too): invalid ones are reported with every reason and never sent. ``dry_run`` checks, sends nothing.

        ``tokens`` (default: the client's ``ingest_token``) are Async tokens sharing the load, each paced to
        ``rate_per_hour`` (``math.inf``: unpaced), with ``concurrency`` requests in flight. 429 (honouring
        ``Retry-After``), 408, 5xx, timeouts and dropped connections are retried up to ``max_attempts`` times
        per record. A retry after a failure the server may have processed can deliver a record twice: the
        outcome then says ``possibly_duplicated``; with ``replay_actions=False`` records carrying actions
        (which would be duplicated on the timeline) are not retried after such a failure and end ``failed``.

        ``journal`` is a SQLite file recording each record's state: run again with the same input and journal
        after an interruption, nothing already queued is resent and nothing is lost. ``on_progress`` is called
        with an :class:`IngestProgress` each time a record is settled.
        """
        return _ingest.upsert_many_sync(
            _as_client(self._client),
            records,
            tokens=tokens,
            rate_per_hour=rate_per_hour,
            concurrency=concurrency,
            journal=journal,
            validate=validate,
            dry_run=dry_run,
            replay_actions=replay_actions,
            max_attempts=max_attempts,
            on_progress=on_progress,
        )


class AsyncIngest(_AsyncResource):
    """The Async API (awaitable)."""

    async def upsert(self, fields: Mapping[str, Any], actions: Iterable[ActionInput] = ()) -> Queued:
        """See :meth:`Ingest.upsert`."""
        return await self._client._execute(_calls.upsert_lead(self._client.enterprise_id, fields, actions))

    async def upsert_many(
        self,
        records: Iterable[Any],
        *,
        tokens: Sequence[str] | None = None,
        rate_per_hour: float = _ingest.DEFAULT_RATE_PER_HOUR,
        concurrency: int = _ingest.DEFAULT_CONCURRENCY,
        journal: str | os.PathLike[str] | None = None,
        validate: bool = True,
        dry_run: bool = False,
        replay_actions: bool = True,
        max_attempts: int = _ingest.DEFAULT_MAX_ATTEMPTS,
        on_progress: Callable[[_ingest.IngestProgress], None] | None = None,
    ) -> _ingest.IngestReport:
        """See :meth:`Ingest.upsert_many`; runs on the caller's event loop."""
        return await _ingest.upsert_many_async(
            _as_async_client(self._client),
            records,
            tokens=tokens,
            rate_per_hour=rate_per_hour,
            concurrency=concurrency,
            journal=journal,
            validate=validate,
            dry_run=dry_run,
            replay_actions=replay_actions,
            max_attempts=max_attempts,
            on_progress=on_progress,
        )


def _as_client(host: _SyncHost) -> Telecrm:
    # Bulk ingestion needs the client itself (settings, pool, transport), not just _execute.
    from ._client import Telecrm

    if not isinstance(host, Telecrm):
        raise TypeError(f"upsert_many needs a Telecrm client, not {type(host).__name__}")
    return host


def _as_async_client(host: _AsyncHost) -> AsyncTelecrm:
    from ._client import AsyncTelecrm

    if not isinstance(host, AsyncTelecrm):
        raise TypeError(f"upsert_many needs an AsyncTelecrm client, not {type(host).__name__}")
    return host
