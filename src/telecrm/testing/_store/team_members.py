"""Team members: the seeded team, the Sync team-member operations (list, get, create, change state) and
member lookup by email for the other resources."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from telecrm.testing._field_rules import is_email
from telecrm.testing._store.errors import ApiError, Json, bad_request
from telecrm.testing._store.records import TeamMemberRecord
from telecrm.testing._store.shared import MemberRow, Shared
from telecrm.testing._vocabulary import MEMBER_STATES, ROLES
from telecrm.testing._workspace import TeamMemberSpec, stable_id

_PERMISSION_TEMPLATES: Final = {
    "ADMIN": "Admin",
    "MANAGER": "Manager",
    "CALLER": "Sales Agent",
    "MARKETING_USER": "Marketing",
}


class TeamMembers:
    """The team of the shared state and the operations on it."""

    def __init__(self, shared: Shared) -> None:
        self._shared = shared

    def seed(self) -> None:
        """Set the team to the workspace's (the caller holds the lock, after `Shared.clear`)."""
        shared = self._shared
        shared.members = [self._seed_member(spec) for spec in shared.workspace.team_members]
        shared.team_changed()

    def _seed_member(self, spec: TeamMemberSpec) -> MemberRow:
        workspace = self._shared.workspace
        start = datetime.fromtimestamp(workspace.enterprise.created_on / 1000, UTC).date()
        return MemberRow(
            id=stable_id("member", spec.email.casefold()),
            name=spec.name,
            email=spec.email,
            phone_number=spec.phone_number,
            role=spec.role,
            status=spec.status,
            manager_email=spec.manager_email,
            # An invited member has not logged in yet, and has never been assigned a licence.
            license=None
            if spec.status == "Invited"
            else self._license(start, expired=spec.status == "Deleted"),
        )

    def _license(self, start: date, *, expired: bool) -> dict[str, str]:
        return {
            "status": "EXPIRED" if expired else "ACTIVE",
            "type": self._shared.workspace.license_type,
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=365)).isoformat(),
        }

    def find(self, email: str, *, include_deleted: bool) -> MemberRow | None:
        """The member with this email (case-insensitive), if any."""
        wanted = email.casefold()
        return next(
            (
                m
                for m in self._shared.members
                if m.email.casefold() == wanted and (include_deleted or m.status != "Deleted")
            ),
            None,
        )

    # -- inspection ------------------------------------------------------------------------------------------

    def records(self) -> list[TeamMemberRecord]:
        """Every member, deleted ones included, in the order they were added."""
        with self._shared.lock:
            return [_record(member) for member in self._shared.members]

    # -- Sync operations -------------------------------------------------------------------------------------

    def _json(self, member: MemberRow) -> Json:
        manager = (
            None if member.manager_email is None else self.find(member.manager_email, include_deleted=True)
        )
        return {
            "name": member.name,
            "email": member.email,
            "status": member.status,
            "phone_number": member.phone_number,
            "manager_name": None if manager is None else manager.name,
            "manager_email": member.manager_email,
            "permission_template_name": _PERMISSION_TEMPLATES[member.role],
            "license": None if member.license is None else dict(member.license),
        }

    def get(self, email: str, *, include_deleted: bool) -> Json:
        """`GET /team-members/{email}`."""
        with self._shared.lock:
            # Surrounding whitespace passes the format check but then matches nobody (a 404, as the docs say).
            if not is_email(email.strip()):
                raise bad_request("Invalid email format")
            member = self.find(email, include_deleted=include_deleted)
            if member is None:
                raise ApiError(404, "TEAM_MEMBER_NOT_FOUND", "Team member not found")
            return self._json(member)

    def create(self, body: Any) -> Json:
        """`POST /team-members`: a member who can log in at once with a password, else an invited one."""
        shared = self._shared
        with shared.lock:
            if not isinstance(body, dict):
                raise bad_request("Request body must be a JSON object")
            details = self._problems(body)
            if details:
                raise ApiError(400, "BAD_REQUEST", "Validation failed", details=details)
            seated = sum(m.status != "Deleted" for m in shared.members)
            if seated >= shared.workspace.license_seats:
                raise ApiError(402, "BUY_LICENSE", "License seat limit reached")
            status = "Active" if body.get("password") is not None else "Invited"
            shared.members.append(
                MemberRow(
                    id=shared.new_id(),
                    name=body["name"],
                    email=body["email"],
                    phone_number=body["phone_number"],
                    role=body["role"],
                    status=status,
                    manager_email=None,
                    # A licence is assigned when the member can log in: at once with a password, else never
                    # here (accepting the invitation is not modelled).
                    license=self._license(datetime.now(UTC).date(), expired=False)
                    if status == "Active"
                    else None,
                )
            )
            shared.team_changed()
            return {
                "name": body["name"],
                "email": body["email"],
                "phone_number": body["phone_number"],
                "role": body["role"],
                # The docs spell the invited status in capitals here, unlike everywhere else.
                "status": "Active" if status == "Active" else "INVITED",
            }

    def _problems(self, body: dict[str, Any]) -> list[dict[str, str]]:
        problems: list[dict[str, str]] = []
        for key in ("name", "email", "phone_number", "role"):
            if not isinstance(body.get(key), str) or not body[key].strip():
                problems.append({"field": key, "message": f"{key} is required"})
        given = {p["field"] for p in problems}
        if "email" not in given:
            if not is_email(body["email"]):
                problems.append({"field": "email", "message": "Invalid email format"})
            elif self.find(body["email"], include_deleted=False) is not None:
                problems.append({"field": "email", "message": "A team member with this email already exists"})
        if "phone_number" not in given and not _is_member_phone(body["phone_number"]):
            problems.append(
                {
                    "field": "phone_number",
                    "message": "Invalid phone_number format. Please provide a valid phone number with "
                    "country code (e.g. 919876543210)",
                }
            )
        if "role" not in given and body["role"] not in ROLES:
            problems.append({"field": "role", "message": f"Invalid role. Allowed roles: {', '.join(ROLES)}"})
        password = body.get("password")
        if password is not None and (not isinstance(password, str) or not password):
            problems.append({"field": "password", "message": "password must be a non-empty string"})
        return problems

    def set_state(self, body: Any) -> Json:
        """`POST /teammember/state_change`."""
        with self._shared.lock:
            if not isinstance(body, dict):
                raise bad_request("Request body must be a JSON object")
            email, state = body.get("email"), body.get("state")
            if not isinstance(email, str) or not is_email(email.strip()):
                raise bad_request("Invalid email format")
            if state not in MEMBER_STATES:
                raise bad_request(f"Invalid state. Allowed states: {', '.join(MEMBER_STATES)}")
            member = self.find(email, include_deleted=False)
            if member is None:
                raise ApiError(404, "TEAM_MEMBER_NOT_FOUND", "Team member not found")
            member.status = state
            self._shared.team_changed()
            return {"email": member.email, "status": state}

    def list(self, *, skip: int, limit: int, include_deleted: bool) -> Json:
        """`GET /team-members`: a page of members by name."""
        with self._shared.lock:
            members = sorted(
                (m for m in self._shared.members if include_deleted or m.status != "Deleted"),
                key=lambda m: (m.name.casefold(), m.email.casefold()),
            )
            return {
                "data": [self._json(m) for m in members[skip : skip + limit]],
                "total_count": len(members),
                "skip": skip,
                "limit": limit,
            }


def _record(member: MemberRow) -> TeamMemberRecord:
    return TeamMemberRecord(
        id=member.id,
        name=member.name,
        email=member.email,
        phone_number=member.phone_number,
        role=member.role,
        status=member.status,
        manager_email=member.manager_email,
        license=None if member.license is None else dict(member.license),
    )


def _is_member_phone(value: str) -> bool:
    # Team-member phones are digits only, country code first; "+", spaces and dashes are refused.
    return value.isascii() and value.isdigit() and 11 <= len(value) <= 15 and not value.startswith("0")
