"""``client.team_members``: workspace users. The API has no member ids: members are addressed by email."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Unpack

from .. import _checks
from .._errors import ValidationError
from .._models import TeamMember, TeamMemberState
from .._operations import Operation, operation, page, segment
from .._pagination import AsyncPager, Page, Pager
from .._phones import normalize_phone
from .._raw_response import RawResponse
from .._requests import RequestOptions
from .._vocabulary import AVAILABILITY_STATES, TEAM_MEMBER_PHONE, TEAM_MEMBER_ROLES, TEAM_MEMBERS_PAGE_LIMIT
from ._base import AsyncResource, SyncResource, async_raw, raw

__all__ = ["AsyncTeamMembers", "AsyncTeamMembersWithRawResponse", "TeamMembers", "TeamMembersWithRawResponse"]


# --- requests ------------------------------------------------------------------------------------------


def list_team_members_page(
    enterprise_id: str, include_deleted: bool, skip: int, page_size: int
) -> Operation[Page[TeamMember]]:
    return operation(
        "sync",
        "GET",
        f"/enterprise/{segment(enterprise_id)}/team-members",
        page(TeamMember.from_api, skip, page_size),
        params={
            "skip": skip,
            "limit": page_size,
            "includeDeleted": _checks.flag(include_deleted, "include_deleted"),
        },
    )


def get_team_member(enterprise_id: str, email: str, include_deleted: bool) -> Operation[TeamMember]:
    return operation(
        "sync",
        "GET",
        f"/enterprise/{segment(enterprise_id)}/team-members/{segment(_checks.email(email))}",
        TeamMember.from_api,
        params={"includeDeleted": _checks.flag(include_deleted, "include_deleted")},
    )


def _phone_hint(value: object) -> str:
    """The fix for a team member's phone number written as people write it, if it is one."""
    if not isinstance(value, str):
        return ""
    try:
        return f": write it as {normalize_phone(value)!r} (telecrm.normalize_phone(...) does)"
    except ValidationError:
        return ""


def create_team_member(
    enterprise_id: str, name: str, email: str, phone_number: str, role: str, password: str | None
) -> Operation[TeamMember]:
    if not isinstance(phone_number, str) or not TEAM_MEMBER_PHONE.fullmatch(phone_number):
        raise ValidationError(
            f"phone_number must be 11 to 15 digits with the country code first, e.g. '919876543210' "
            f"(no '+', spaces or dashes), got {_checks.preview(phone_number)}{_phone_hint(phone_number)}"
        )
    if role not in TEAM_MEMBER_ROLES:
        raise ValidationError(
            f"role must be one of {', '.join(TEAM_MEMBER_ROLES)}, got {_checks.preview(role)}"
        )
    body = {
        "name": _checks.identifier(name, "name"),
        "email": _checks.email(email),
        "phone_number": phone_number,
        "role": role,
    }
    if password is not None:
        body["password"] = _checks.identifier(password, "password")
    path = f"/enterprise/{segment(enterprise_id)}/team-members"
    return operation("sync", "POST", path, TeamMember.from_api, json=body, creates=True, status=201)


def set_team_member_state(enterprise_id: str, email: str, state: str) -> Operation[TeamMemberState]:
    if state not in AVAILABILITY_STATES:
        raise ValidationError(
            f"state must be one of {', '.join(AVAILABILITY_STATES)}, got {_checks.preview(state)}"
        )

    def convert(data: Mapping[str, Any]) -> TeamMemberState:
        return TeamMemberState(
            email=_text_or_none(data.get("email")), status=_text_or_none(data.get("status")), raw=data
        )

    path = f"/enterprise/{segment(enterprise_id)}/teammember/state_change"
    return operation("sync", "POST", path, convert, json={"email": _checks.email(email), "state": state})


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


# --- resources -----------------------------------------------------------------------------------------


class TeamMembers(SyncResource):
    """Workspace users, addressed by email. Every method also takes the per-call options of
    :class:`~telecrm.RequestOptions`."""

    def list(
        self,
        *,
        include_deleted: bool = False,
        page_size: int = TEAM_MEMBERS_PAGE_LIMIT,
        **options: Unpack[RequestOptions],
    ) -> Pager[TeamMember]:
        """Every member, sorted by name, fetched page by page (at most 10 per page)."""
        size = _checks.page_size(page_size, TEAM_MEMBERS_PAGE_LIMIT)
        enterprise_id = self._enterprise_id
        return self._pager(
            lambda skip: list_team_members_page(enterprise_id, include_deleted, skip, size), options
        )

    def get(
        self, email: str, *, include_deleted: bool = False, **options: Unpack[RequestOptions]
    ) -> TeamMember:
        """One member by email (case-insensitive; surrounding spaces are trimmed)."""
        return self._run(get_team_member(self._enterprise_id, email, include_deleted), options)

    def create(
        self,
        name: str,
        email: str,
        phone_number: str,
        role: str,
        password: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TeamMember:
        """Add a member (``phone_number``: 11 to 15 digits, country code first, no ``+``, e.g.
        ``"919876543210"``). Without a password an invite is sent. Raises :class:`~telecrm.LicenseLimitError`
        when no seat is free."""
        return self._run(
            create_team_member(self._enterprise_id, name, email, phone_number, role, password), options
        )

    def set_state(self, email: str, state: str, **options: Unpack[RequestOptions]) -> TeamMemberState:
        """Set availability: Active, Inactive, On Leave or Working."""
        return self._run(set_team_member_state(self._enterprise_id, email, state), options)


class AsyncTeamMembers(AsyncResource):
    """Workspace users (awaitable). See :class:`TeamMembers`."""

    def list(
        self,
        *,
        include_deleted: bool = False,
        page_size: int = TEAM_MEMBERS_PAGE_LIMIT,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[TeamMember]:
        """See :meth:`TeamMembers.list`; iterate with ``async for``."""
        size = _checks.page_size(page_size, TEAM_MEMBERS_PAGE_LIMIT)
        enterprise_id = self._enterprise_id
        return self._pager(
            lambda skip: list_team_members_page(enterprise_id, include_deleted, skip, size), options
        )

    async def get(
        self, email: str, *, include_deleted: bool = False, **options: Unpack[RequestOptions]
    ) -> TeamMember:
        """See :meth:`TeamMembers.get`."""
        return await self._run(get_team_member(self._enterprise_id, email, include_deleted), options)

    async def create(
        self,
        name: str,
        email: str,
        phone_number: str,
        role: str,
        password: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> TeamMember:
        """See :meth:`TeamMembers.create`."""
        return await self._run(
            create_team_member(self._enterprise_id, name, email, phone_number, role, password), options
        )

    async def set_state(self, email: str, state: str, **options: Unpack[RequestOptions]) -> TeamMemberState:
        """See :meth:`TeamMembers.set_state`."""
        return await self._run(set_team_member_state(self._enterprise_id, email, state), options)


class TeamMembersWithRawResponse:
    """``client.with_raw_response.{name}``: the same methods, returning :class:`~telecrm.RawResponse`
    (pagers are not offered: iterate the resource itself)."""

    def __init__(self, resource: TeamMembers) -> None:
        self.get: Callable[..., RawResponse[TeamMember]] = raw(resource.get)
        self.create: Callable[..., RawResponse[TeamMember]] = raw(resource.create)
        self.set_state: Callable[..., RawResponse[TeamMemberState]] = raw(resource.set_state)


class AsyncTeamMembersWithRawResponse:
    """The awaitable :class:`TeamMembersWithRawResponse`."""

    def __init__(self, resource: AsyncTeamMembers) -> None:
        self.get: Callable[..., Awaitable[RawResponse[TeamMember]]] = async_raw(resource.get)
        self.create: Callable[..., Awaitable[RawResponse[TeamMember]]] = async_raw(resource.create)
        self.set_state: Callable[..., Awaitable[RawResponse[TeamMemberState]]] = async_raw(resource.set_state)
