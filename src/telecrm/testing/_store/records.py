"""The records `State` hands to tests: snapshots of leads, actions, team members, requests and upserts, copied
under the fake's lock (changing one changes nothing in the fake)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from telecrm._presentation import present_as

TokenKind = Literal["sync", "async"]


@dataclass(frozen=True)
class ActionRecord:
    """A timeline entry as stored. `created_on` is epoch ms; payments have `status`, `currency`, `amount`."""

    id: str
    type: str
    created_on: int
    performed_by: str | None
    fields: dict[str, Any]
    status: str | None = None
    currency: str | None = None
    amount: str | None = None


@dataclass(frozen=True)
class LeadRecord:
    """A stored lead: `fields` as the API returns them, `actions` oldest first, `created_on` in epoch ms."""

    id: str
    created_on: int
    fields: dict[str, Any]
    actions: tuple[ActionRecord, ...]


@dataclass(frozen=True)
class TeamMemberRecord:
    """A stored team member.

    `id` is what action search's `performed_by` filter takes; no endpoint returns it.
    """

    id: str
    name: str
    email: str
    phone_number: str
    role: str
    status: str
    manager_email: str | None
    license: dict[str, str] | None


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the fake answered, or left unanswered.

    `status` is None for a dropped connection, or a client that went away before sending its whole body.
    """

    at: float
    """`time.time()` when the request arrived."""
    method: str
    path: str
    route: str | None
    """The operation's route, e.g. `POST /lead/{leadId}/action`; None for an unknown path."""
    api: Literal["sync", "async"] | None
    token: str | None
    """The bearer token the request carried, if any."""
    token_kind: TokenKind | None
    """The type of that token if it is one of the fake's live tokens, else None."""
    status: int | None
    fault: str | None
    """The kind of the injected fault that shaped the answer, if any."""
    raw_headers: Sequence[tuple[bytes, bytes]] = field(default=(), repr=False)
    """The request's headers as received: lower-case names, in order."""

    @property
    def headers(self) -> RequestHeaders:
        """The request's headers, looked up case-insensitively: `record.headers["User-Agent"]`."""
        return RequestHeaders(self.raw_headers)


class RequestHeaders(Mapping[str, str]):
    """Headers of a recorded request: a read-only mapping with case-insensitive names.

    A name sent more than once maps to its first value; `getlist(name)` gives them all.
    """

    __slots__ = ("_raw",)

    def __init__(self, raw: Sequence[tuple[bytes, bytes]]) -> None:
        self._raw = raw

    def getlist(self, name: str) -> list[str]:
        """Every value sent under `name`, in order."""
        try:
            wanted = name.lower().encode("latin-1")
        except UnicodeEncodeError:
            return []
        return [value.decode("latin-1") for key, value in self._raw if key == wanted]

    def __getitem__(self, name: str) -> str:
        values = self.getlist(name)
        if not values:
            raise KeyError(name)
        return values[0]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(key.decode("latin-1") for key, _ in self._raw))

    def __len__(self) -> int:
        return len({key for key, _ in self._raw})

    def __repr__(self) -> str:
        return f"RequestHeaders({dict(self)!r})"


@dataclass(frozen=True)
class IngestRecord:
    """What the background worker did with one Async upsert."""

    received_at: float
    body: Any
    outcome: Literal["created", "updated", "dropped"]
    lead_id: str | None
    dropped: tuple[tuple[str, str], ...]
    """(path, reason) of everything left out: the whole payload (path ""), fields, actions."""


# Public as telecrm.testing.X: they present so in reprs, tracebacks and pickles.
present_as(
    "telecrm.testing",
    globals(),
    ("ActionRecord", "IngestRecord", "LeadRecord", "RequestHeaders", "RequestRecord", "TeamMemberRecord"),
)
