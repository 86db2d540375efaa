"""What a fake Telecrm remembers, and every API operation on it, independent of HTTP.

Operations take parsed JSON and return JSON-ready values, or raise `ApiError` with the documented status,
code and message (telecrm-api.md, sections 5 and 8). Every operation runs under one lock: the server's event
loop thread writes while test threads read.
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, Literal

from telecrm.testing._generate import generated_leads
from telecrm.testing._field_rules import (
    Rejected,
    ValueRules,
    is_email,
    normalise,
    normalise_phone,
    parse_date,
    parse_loose_date,
    positive_amount,
    to_json,
)
from telecrm.testing._vocabulary import (
    BUILT_IN_ACTION_TYPES,
    CUSTOM_ACTION_PREFIX,
    DATE_FORMAT,
    DATE_TIME_FORMAT,
    DEFAULT_LOG_LIMIT,
    LISTED_FIELD_TYPES,
    MAX_FIELD_OPTIONS,
    MAX_TOKENS_PER_KIND,
    MEMBER_STATES,
    PAYMENT_ACTION_TYPE,
    PAYMENT_CURRENCIES,
    PAYMENT_STATUSES,
    ROLES,
    FieldType,
)
from telecrm.testing._workspace import (
    CustomActionDefinition,
    Field,
    TeamMemberSpec,
    Workspace,
    WorkspaceError,
    stable_id,
)

TokenKind = Literal["sync", "async"]
Json = dict[str, Any]

_PERMISSION_TEMPLATES: Final = {
    "ADMIN": "Admin",
    "MANAGER": "Manager",
    "CALLER": "Sales Agent",
    "MARKETING_USER": "Marketing",
}
_STATUS_COLORS: Final = {"OPEN": "#2F80ED", "WON": "#27AE60", "LOST": "#EB5757"}


class ApiError(Exception):
    """An error answer: `status` and the body `{"error": {"code", "message"[, "details"]}}`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}

    def body(self) -> Json:
        error: Json = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


def _bad_request(message: str, code: str = "BAD_REQUEST") -> ApiError:
    return ApiError(400, code, message)


class _BadFilter(Exception):
    """A search criterion of the wrong shape; each search endpoint words the 400 its own way."""


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


@dataclass(slots=True)
class _Action:
    id: str
    type: str
    created_on: int
    seq: int
    performed_by: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    payment: dict[str, str] | None = None


@dataclass(slots=True)
class _Lead:
    id: str
    created_on: int
    seq: int
    fields: dict[str, Any]
    actions: list[_Action] = field(default_factory=list)


@dataclass(slots=True)
class _Member:
    id: str
    name: str
    email: str
    phone_number: str
    role: str
    status: str
    manager_email: str | None
    license: dict[str, str] | None


Remarks = list[tuple[str, str]]


class Store:
    """The fake's whole state: workspace data, leads, team, tokens, rate windows, logs, pending upserts."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        enterprise_id: str,
        sync_token: str,
        async_token: str,
        async_rate_limit: int | None,
        rate_window: float,
        log_limit: int | None = DEFAULT_LOG_LIMIT,
    ) -> None:
        self.workspace = workspace
        self.log_limit = log_limit
        self.enterprise_id = enterprise_id
        self.sync_token = sync_token
        self.async_token = async_token
        self.async_rate_limit = async_rate_limit
        self.rate_window = rate_window
        self.lock: threading.RLock = threading.RLock()
        self._idle = threading.Condition(self.lock)
        self._tz = workspace.tz
        self._fields = {f.api_name: f for f in workspace.fields}
        self._date_fields = frozenset(f.api_name for f in workspace.fields if f.type == "DATE")
        # Dropdown and tags fields: the only ones whose values can add options, checked and learnt on writes.
        self._labelled_fields = frozenset(
            f.api_name for f in workspace.fields if f.type in ("DROPDOWN", "TAGS")
        )
        self._locked_fields = tuple(f.api_name for f in workspace.fields if f.lock_after_create)
        pipeline = workspace.pipeline
        self._default_status = pipeline.active_statuses[0]
        self._lost_statuses = frozenset(
            s for st in pipeline.stages if st.type == "LOST" for s in st.active_statuses
        )
        self._actions = {str(a.code): a for a in workspace.custom_actions}
        self._random = os.urandom(5)
        self._counter = itertools.count(int.from_bytes(os.urandom(3), "big"))
        self._seq = itertools.count()
        self.generation: int = 0
        self.reset()

    # -- lifecycle -------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the workspace's initial data: seed leads and team, empty logs, only the initial tokens."""
        with self.lock:
            self.generation += 1
            self._pending = 0
            self._idle.notify_all()
            self.tokens: dict[str, TokenKind] = {self.sync_token: "sync", self.async_token: "async"}
            self._windows: dict[str, deque[float]] = {}
            # When each Async request was admitted, per token (the newest `log_limit`), on the clock `admit`
            # counts with: what a test of client-side pacing measures.
            self.admissions: dict[str, deque[float]] = {}
            # Each request as the tuple of RequestRecord's fields: a tuple is cheaper to make per request than
            # a frozen dataclass, and the collector stops tracking it. `State.requests` makes the records.
            self.requests: deque[tuple[Any, ...]] = deque(maxlen=self.log_limit)
            # Likewise each processed upsert, as the tuple of IngestRecord's fields.
            self.ingested: deque[tuple[Any, ...]] = deque(maxlen=self.log_limit)
            self.enterprise_deleted = False
            self.leads: dict[str, _Lead] = {}
            self._by_identifier: dict[str, str] = {}
            # Every lead as (created_on, seq, id), oldest first: searches slice a created_on range out of it
            # and read it backwards (newest first) instead of sorting every lead on every page.
            self._by_created: list[tuple[int, int, str]] = []
            # Known labels of each dropdown/tags field (`apiName`) and custom-action field (`code.name`), in
            # the order they were added: dicts as ordered sets.
            self._options: dict[str, dict[str, None]] = {
                f.api_name: dict.fromkeys(f.options) for f in self.workspace.fields
            }
            for action in self.workspace.custom_actions:
                for spec in action.fields:
                    self._options[f"{action.code}.{spec.name}"] = dict.fromkeys(spec.options)
            self.members: list[_Member] = [self._seed_member(spec) for spec in self.workspace.team_members]
            self._value_rules: ValueRules | None = None
            for index, seed in enumerate(self.workspace.leads):
                self._seed_lead(index, seed.id, seed.created_on, seed.fields, seed.actions)

    def _seed_member(self, spec: TeamMemberSpec) -> _Member:
        start = datetime.fromtimestamp(self.workspace.enterprise.created_on / 1000, UTC).date()
        return _Member(
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
            "type": self.workspace.license_type,
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=365)).isoformat(),
        }

    def _seed_lead(
        self, index: int, lead_id: str | None, created_on: object, fields: Any, actions: Iterable[Any]
    ) -> None:
        where = f"leads[{index}]"
        ms = self._now_ms() if created_on is None else parse_date(created_on, self._tz)
        if ms is None:
            raise WorkspaceError(f"{where}.created_on: not epoch ms or {DATE_FORMAT}[ HH:mm[:ss]]")
        try:
            key = self._identifier_key(fields)
        except ApiError as exc:
            raise WorkspaceError(f"{where}.fields: {exc.message}") from None
        accepted, rejected = self._check_fields(fields, creating=True)
        if rejected:
            name, problem = rejected[0]
            raise WorkspaceError(f"{where}.fields.{name}: {problem.remark}")
        if key in self._by_identifier:
            raise WorkspaceError(f"{where}: another seed lead has the same identifier")
        lead = self._insert_lead(accepted, key, ms, lead_id or stable_id("lead", index))
        for i, raw in enumerate(actions):
            path = f"{where}.actions[{i}]"
            kind = raw.get("type")
            performed_by = raw.get("performed_by")
            if performed_by is not None and self._member(str(performed_by), include_deleted=True) is None:
                raise WorkspaceError(f"{path}.performed_by: not a team member's email")
            if _is_built_in(kind):
                when = parse_date(raw.get("created_on", ms), self._tz)
                if when is None:
                    raise WorkspaceError(f"{path}.created_on: not epoch ms or {DATE_FORMAT}[ HH:mm[:ss]]")
                self._append(lead, _Action(stable_id(lead.id, i), str(kind), when, 0, performed_by))
                continue
            action, remarks = self._parse_action(raw, path, api="sync")
            if action is None:
                raise WorkspaceError("; ".join(f"{at}: {remark}" for at, remark in remarks))
            action.id = stable_id(lead.id, i)
            action.performed_by = performed_by
            self._append(lead, action)

    # -- ids, time, small lookups ----------------------------------------------------------------------------

    def _new_id(self) -> str:
        # Laid out like a MongoDB ObjectId, as Telecrm's ids are: seconds, per-process random, counter.
        count = next(self._counter) & 0xFFFFFF
        return (int(time.time()).to_bytes(4, "big") + self._random + count.to_bytes(3, "big")).hex()

    @staticmethod
    def _now_ms() -> int:
        return time.time_ns() // 1_000_000

    def _rules(self) -> ValueRules:
        # Built once per team change: every field of every write is checked against it.
        if self._value_rules is None:
            self._value_rules = self._make_rules()
        return self._value_rules

    def _make_rules(self) -> ValueRules:
        pipeline = self.workspace.pipeline
        return ValueRules(
            country_code=self.workspace.default_country_code,
            tz=self._tz,
            active_statuses=pipeline.active_statuses,
            archived_statuses=pipeline.archived_statuses,
            active_lost_reasons=pipeline.active_lost_reasons,
            archived_lost_reasons=pipeline.archived_lost_reasons,
            members={m.email.casefold(): m.email for m in self.members if m.status != "Deleted"},
        )

    def _lead(self, lead_id: str, message: str) -> _Lead:
        lead = self.leads.get(lead_id)
        if lead is None:
            raise ApiError(404, "LEAD_NOT_FOUND", message.format(id=lead_id))
        return lead

    def _member(self, email: str, *, include_deleted: bool) -> _Member | None:
        wanted = email.casefold()
        return next(
            (
                m
                for m in self.members
                if m.email.casefold() == wanted and (include_deleted or m.status != "Deleted")
            ),
            None,
        )

    # -- auth and rate limit ---------------------------------------------------------------------------------

    def token_kind(self, token: str | None) -> TokenKind | None:
        with self.lock:
            return None if token is None else self.tokens.get(token)

    def issue_token(self, kind: TokenKind) -> str:
        with self.lock:
            if sum(k == kind for k in self.tokens.values()) >= MAX_TOKENS_PER_KIND:
                raise ValueError(f"a workspace holds at most {MAX_TOKENS_PER_KIND} {kind} tokens")
            token = f"{self._new_id()}:{os.urandom(16).hex()}"
            self.tokens[token] = kind
            return token

    def revoke_token(self, token: str) -> None:
        with self.lock:
            del self.tokens[token]

    def admit(self, token: str) -> float | None:
        """Count an Async request against its token's window.

        Returns None if admitted, else the seconds until it would be. Refused requests do not count.
        """
        if self.async_rate_limit is None:
            return None
        with self.lock:
            now = time.monotonic()
            window = self._windows.get(token)
            if window is None:  # not setdefault, which would build a deque on every request
                window = self._windows[token] = deque()
            while window and window[0] <= now - self.rate_window:
                window.popleft()
            if len(window) >= self.async_rate_limit:
                return window[0] + self.rate_window - now
            window.append(now)
            admitted = self.admissions.get(token)
            if admitted is None:
                admitted = self.admissions[token] = deque(maxlen=self.log_limit)
            admitted.append(now)
            return None

    def log(
        self,
        at: float,
        method: str,
        path: str,
        route: str | None,
        api: Literal["sync", "async"] | None,
        token: str | None,
        token_kind: TokenKind | None,
        status: int | None,
        fault: str | None,
        headers: Sequence[tuple[bytes, bytes]],
    ) -> None:
        """Log one request (the fields of its `RequestRecord`)."""
        # The headers flattened (name, value, name, value, ...): a logged request keeps one tuple for them,
        # not one per header, which the garbage collector would count and scan (it runs less often this way).
        flat = tuple(itertools.chain.from_iterable(headers))
        entry = (at, method, path, route, api, token, token_kind, status, fault, flat)
        with self.lock:
            self.requests.append(entry)

    def request_records(self) -> list[RequestRecord]:
        with self.lock:
            entries = list(self.requests)
        return [_request_record(entry) for entry in entries]

    def ingest_records(self) -> list[IngestRecord]:
        with self.lock:
            return [IngestRecord(*entry) for entry in self.ingested]

    # -- lead fields -----------------------------------------------------------------------------------------

    def _identifier_key(self, fields: Any) -> str:
        """The normalised identifier of a create/upsert body's fields, or ApiError 400 INVALID_LEAD."""
        return self._identifier(fields)[0]

    def _identifier(self, fields: Any) -> tuple[str, object]:
        """`_identifier_key`, and the identifier's value as stored."""
        name = self.workspace.lead_identifier
        value = fields.get(name) if isinstance(fields, dict) else None
        if value is None:
            raise ApiError(
                400, "INVALID_LEAD", f"Lead identifier field name '{name}' not found in request body."
            )
        try:
            stored = normalise(self._fields[name].type, value, self._rules())
        except Rejected as exc:
            raise ApiError(
                400, "INVALID_LEAD", f"Lead identifier field '{name}' is invalid: {exc.remark}"
            ) from None
        return self._key_of(stored), stored

    def _key_of(self, stored: object) -> str:
        # Identifiers match exactly but case-insensitively; phones are already normalised, emails trimmed.
        return str(stored).casefold()

    def _check_fields(
        self,
        fields: dict[str, Any],
        *,
        creating: bool,
        lead: _Lead | None = None,
        identifier_stored: object = None,
    ) -> tuple[dict[str, Any], list[tuple[str, Rejected]]]:
        """Split `fields` into stored values and rejections, in request order.

        `identifier_stored`: the identifier's value as `_identifier` stored it, if the caller has checked it.
        """
        rules, specs, identifier = self._rules(), self._fields, self.workspace.lead_identifier
        accepted: dict[str, Any] = {}
        rejected: list[tuple[str, Rejected]] = []
        for name, value in fields.items():
            if name == identifier and identifier_stored is not None:
                accepted[name] = identifier_stored  # checked already: not normalised twice
                continue
            spec = specs.get(name)
            try:
                if spec is None:
                    raise Rejected("Field is not defined in the workspace", invalid=False)
                if value is None:
                    raise Rejected("Value must not be null")
                stored = normalise(spec.type, value, rules)
                if spec.type == "UNIQUE" and name != identifier:
                    self._check_unique(spec, stored, lead)
                if name in self._labelled_fields:
                    self._check_room(name, spec.type, stored)
            except Rejected as exc:
                rejected.append((name, exc))
            else:
                accepted[name] = stored
        if creating and "status" not in accepted:
            accepted["status"] = self._default_status
        return accepted, rejected

    def _check_unique(self, spec: Field, stored: object, lead: _Lead | None) -> None:
        key = self._key_of(stored)
        for other in self.leads.values():
            if (
                other is not lead
                and spec.api_name in other.fields
                and self._key_of(other.fields[spec.api_name]) == key
            ):
                raise Rejected(f"Value must be unique: another lead has {spec.api_name} {stored}")

    def _apply_fields(self, lead: _Lead, accepted: dict[str, Any]) -> None:
        lead.fields.update(accepted)
        self._fields_applied(lead, accepted)

    def _fields_applied(self, lead: _Lead, accepted: dict[str, Any]) -> None:
        """What follows from `accepted` being written to `lead`: new options, a lost lead's lost reason."""
        # Each field has options of its own: the order they are learnt in does not matter.
        for name in accepted.keys() & self._labelled_fields:
            self._learn_labels(name, self._fields[name].type, accepted[name])
        if lead.fields.get("status") in self._lost_statuses and "lostReason" not in lead.fields:
            lead.fields["lostReason"] = self.workspace.pipeline.default_lost_reason

    def _check_room(self, key: str, kind: FieldType, value: Any) -> None:
        """Reject a dropdown or tags value that would take its field past 1,000 options or tags."""
        if kind not in ("DROPDOWN", "TAGS"):
            return
        known = self._options.get(key, {})
        new = [label for label in dict.fromkeys(value if kind == "TAGS" else [value]) if label not in known]
        if new and len(known) + len(new) > MAX_FIELD_OPTIONS:
            what = "tags" if kind == "TAGS" else "options"
            raise Rejected(
                f"A field holds at most {MAX_FIELD_OPTIONS} {what}: it has {len(known)}, and this value "
                f"would add {len(new)}"
            )

    def _learn_labels(self, key: str, kind: FieldType, value: Any) -> None:
        # Unknown dropdown labels and tags create new options (telecrm-api.md section 6).
        if kind in ("DROPDOWN", "TAGS"):
            known = self._options.setdefault(key, {})
            known.update(dict.fromkeys(value if kind == "TAGS" else [value]))

    def _insert_lead(self, accepted: dict[str, Any], key: str, created_on: int, lead_id: str) -> _Lead:
        """A new lead with the fields of `accepted`, which it takes over (callers make it fresh)."""
        lead = _Lead(lead_id, created_on, next(self._seq), accepted)
        self._fields_applied(lead, accepted)
        self.leads[lead.id] = lead
        self._by_identifier[key] = lead.id
        bisect.insort(self._by_created, (created_on, lead.seq, lead.id))
        return lead

    def _fields_json(self, lead: _Lead) -> Json:
        # Only dates (epoch ms, answered in the workspace format) and tags (copied) differ from the store.
        answer = dict(lead.fields)
        for name, value in answer.items():
            if isinstance(value, list) or name in self._date_fields:
                answer[name] = to_json(self._fields[name].type, value, self._tz)
        return answer

    def _lead_json(self, lead: _Lead) -> Json:
        """A lead's `fields` as search results carry them: its fields, and when it was created (epoch ms),
        which exports need to tell where they got to."""
        return {**self._fields_json(lead), "created_on": lead.created_on}

    # -- actions ---------------------------------------------------------------------------------------------

    def _parse_action(
        self, raw: Any, path: str, *, api: Literal["sync", "async"]
    ) -> tuple[_Action | None, Remarks]:
        """Validate one action of a write; None with remarks when anything is wrong (it is IGNORED whole)."""
        if not isinstance(raw, dict):
            return None, [(path, "Action must be an object")]
        kind = raw.get("type")
        if kind == PAYMENT_ACTION_TYPE:
            return self._parse_payment(raw, path)
        definition = self._custom_action_for(kind, api)
        if definition is None:
            return None, [(f"{path}.type", self._type_remark(kind, api))]
        remarks: Remarks = []
        stored: dict[str, Any] = {}
        fields = raw.get("fields", {})
        if not isinstance(fields, dict):
            remarks.append((f"{path}.fields", "Fields must be an object"))
            fields = {}
        schema = {spec.name: spec.type for spec in definition.fields}
        rules = self._rules()
        for name, value in fields.items():
            if name not in schema:
                remarks.append(
                    (f"{path}.fields.{name}", f"Field is not defined on custom action {definition.code}")
                )
                continue
            try:
                stored[name] = normalise(schema[name], value, rules)
                self._check_room(f"{definition.code}.{name}", schema[name], stored[name])
            except Rejected as exc:
                remarks.append((f"{path}.fields.{name}", exc.remark))
        created_on = self._created_on(raw, path, remarks)
        if remarks:
            return None, remarks
        for name, value in stored.items():
            self._learn_labels(f"{definition.code}.{name}", schema[name], value)
        if not definition.allow_predated:
            created_on = self._now_ms()
        return _Action("", str(definition.code), created_on, 0, fields=stored), []

    def _custom_action_for(
        self, kind: object, api: Literal["sync", "async"]
    ) -> CustomActionDefinition | None:
        if not isinstance(kind, str):
            return None
        if api == "async":
            # The Async API wants ACTION_<code>; a bare code is dropped silently.
            prefixed = kind.startswith(CUSTOM_ACTION_PREFIX)
            return self._actions.get(kind.removeprefix(CUSTOM_ACTION_PREFIX)) if prefixed else None
        return self._actions.get(kind)

    def _type_remark(self, kind: object, api: Literal["sync", "async"]) -> str:
        if not isinstance(kind, str) or not kind:
            return "Action type must be a string: a custom action code or PAYMENT"
        bare = kind.removeprefix(CUSTOM_ACTION_PREFIX)
        if api == "sync" and kind != bare and bare in self._actions:
            return f"The Sync API takes bare custom action codes: send '{bare}', not '{kind}'"
        if api == "async" and kind in self._actions:
            return (
                f"The Async API takes prefixed custom action codes: '{kind}' is dropped, send 'ACTION_{kind}'"
            )
        if _is_built_in(kind):
            return "Only custom actions and payment actions can be created"
        return f"Custom action with code {kind} was not found."

    def _parse_payment(self, raw: dict[str, Any], path: str) -> tuple[_Action | None, Remarks]:
        remarks: Remarks = [
            (f"{path}.{key}", f"{key} is required")
            for key in ("status", "currency", "amount")
            if raw.get(key) is None
        ]
        missing = {where for where, _ in remarks}
        if f"{path}.status" not in missing and raw["status"] not in PAYMENT_STATUSES:
            remarks.append((f"{path}.status", f"status must be one of {', '.join(PAYMENT_STATUSES)}"))
        if f"{path}.currency" not in missing and raw["currency"] not in PAYMENT_CURRENCIES:
            remarks.append((f"{path}.currency", f"currency must be one of {', '.join(PAYMENT_CURRENCIES)}"))
        if f"{path}.amount" not in missing and not positive_amount(raw["amount"]):
            remarks.append((f"{path}.amount", "amount must be a numeric string greater than 0"))
        created_on = self._created_on(raw, path, remarks)
        if remarks:
            return None, remarks
        payment = {"status": raw["status"], "currency": raw["currency"], "amount": raw["amount"]}
        return _Action("", PAYMENT_ACTION_TYPE, created_on, 0, payment=payment), []

    def _created_on(self, raw: dict[str, Any], path: str, remarks: Remarks) -> int:
        value = raw.get("created_on")
        if value is None:
            return self._now_ms()
        ms = parse_date(value, self._tz)
        if ms is None:
            remarks.append(
                (
                    f"{path}.created_on",
                    f"created_on must be epoch milliseconds or {DATE_TIME_FORMAT}",
                )
            )
            return 0
        return ms

    def _append(self, lead: _Lead, action: _Action) -> None:
        action.seq = next(self._seq)
        lead.actions.append(action)

    def _write_actions(self, lead: _Lead, actions: list[Any]) -> tuple[list[Json], list[Json]]:
        """Append each valid action; return the per-action outcomes and the remarks, both in request order."""
        outcomes: list[Json] = []
        remarks: list[Json] = []
        for i, raw in enumerate(actions):
            action, problems = self._parse_action(raw, f"actions[{i}]", api="sync")
            if action is None:
                outcomes.append({"action_id": None, "status": "IGNORED"})
                remarks.extend(_remark(where, text) for where, text in problems)
            else:
                action.id = self._new_id()
                self._append(lead, action)
                outcomes.append({"action_id": action.id, "status": "CREATED"})
        return outcomes, remarks

    def _action_json(self, action: _Action) -> Json:
        if action.payment is not None:
            return {"type": action.type, **action.payment}
        if action.type in BUILT_IN_ACTION_TYPES:
            return {"type": action.type}
        schema = {spec.name: spec.type for spec in self._actions[action.type].fields}
        return {
            "type": action.type,
            "fields": {name: to_json(schema[name], value, self._tz) for name, value in action.fields.items()},
        }

    @staticmethod
    def _newest_first(items: Iterable[Any]) -> list[Any]:
        return sorted(items, key=lambda item: (item.created_on, item.seq), reverse=True)

    # -- Sync: leads -----------------------------------------------------------------------------------------

    def create_lead(self, body: Any) -> Json:
        with self.lock:
            fields = _object_with(body, "fields", dict, default={})
            actions = _actions_of(body, required=False)
            key, stored = self._identifier(fields)
            if key in self._by_identifier:
                existing = self.leads[self._by_identifier[key]].fields[self.workspace.lead_identifier]
                raise ApiError(
                    409,
                    "LEAD_ALREADY_EXISTS",
                    f"Lead with {self.workspace.lead_identifier} {existing} already exists.",
                )
            _refuse_built_ins(actions)
            accepted, rejected = self._check_fields(fields, creating=True, identifier_stored=stored)
            lead = self._insert_lead(accepted, key, self._now_ms(), self._new_id())
            outcomes, action_remarks = self._write_actions(lead, actions)
            remarks = [_remark(f"fields.{name}", problem.remark) for name, problem in rejected]
            return {"lead_id": lead.id, "actions": outcomes, "remarks": remarks + action_remarks}

    def get_lead(self, lead_id: str, *, include_actions: bool, skip: int, limit: int) -> Json:
        with self.lock:
            lead = self._lead(lead_id, "The lead with ID {id} was not found.")
            result: Json = {"fields": self._fields_json(lead)}
            if include_actions:
                page = self._newest_first(lead.actions)[skip : skip + limit]
                result |= {
                    "actions": [self._action_json(a) for a in page],
                    "actions_skip": skip,
                    "actions_limit": limit,
                }
            return result

    def update_lead(self, lead_id: str, body: Any) -> Json:
        with self.lock:
            lead = self._lead(lead_id, "Lead with ID {id} was not found.")
            fields = _object_with(body, "fields", dict)
            if self.workspace.lead_identifier in fields:
                raise ApiError(403, "INVALID_LEAD", "Cannot modify lead identifier field")
            for name in fields:
                spec = self._fields.get(name)
                if spec is not None and spec.lock_after_create:
                    raise _bad_request(f"Field '{name}' cannot be modified after creation")
            accepted, rejected = self._check_fields(fields, creating=False, lead=lead)
            for name, problem in rejected:
                if problem.invalid:
                    raise _bad_request(f"Invalid value for field '{name}': {problem.remark}")
            self._apply_fields(lead, accepted)
            return {"fields": self._fields_json(lead)}

    def search_leads(self, body: Any, *, skip: int, limit: int) -> Json:
        with self.lock:
            criteria = {} if body is None else body
            fields = _object_with(criteria, "fields", dict, default={}, code="VALIDATION_ERROR")
            actions = _object_with(criteria, "actions", dict, default=None, code="VALIDATION_ERROR")
            try:
                low, high = self._bounds(fields.get("created_on", {}), "fields.created_on")
                tests = [
                    self._field_test(name, wanted) for name, wanted in fields.items() if name != "created_on"
                ]
                if actions is not None:
                    tests.append(self._action_test(actions))
            except _BadFilter as exc:
                raise _bad_request(str(exc), "VALIDATION_ERROR") from None
            # The created_on range, newest first, straight from the index.
            order = self._by_created
            start = bisect.bisect_left(order, (low,))
            end = bisect.bisect_right(order, (high, math.inf))
            if tests:
                leads = (self.leads[entry[2]] for entry in reversed(order[start:end]))
                matches = [lead for lead in leads if all(t(lead) for t in tests)]
                total, page = len(matches), matches[skip : skip + limit]
            else:
                total = max(end - start, 0)
                first, last = end - skip, max(end - skip - limit, start)
                page = (
                    [self.leads[entry[2]] for entry in reversed(order[last:first])] if first > start else []
                )
            return {
                "data": [{"fields": self._lead_json(lead)} for lead in page],
                "total_count": total,
                "skip": skip,
                "limit": limit,
            }

    def _field_test(self, name: str, wanted: Any) -> Callable[[_Lead], bool]:
        spec = self._fields.get(name)
        kind: FieldType | None = None if spec is None else spec.type
        if kind == "DATE" and isinstance(wanted, dict):
            low, high = self._bounds(wanted, f"fields.{name}")
            return lambda lead: isinstance(lead.fields.get(name), int) and low <= lead.fields[name] <= high
        values = wanted if isinstance(wanted, list) else [wanted]
        if not values or not all(
            isinstance(v, str | int | float) and not isinstance(v, bool) for v in values
        ):
            raise _BadFilter(f"Invalid filter for field '{name}'")
        if kind == "RATING" and not all(isinstance(v, int) and 1 <= v <= 5 for v in values):
            raise _BadFilter("Rating value must be between 1 and 5")
        keys = {self._match_key(kind, v) for v in values}

        def test(lead: _Lead) -> bool:
            stored = lead.fields.get(name)
            candidates = stored if isinstance(stored, list) else [stored]
            return stored is not None and any(self._match_key(kind, c) in keys for c in candidates)

        return test

    def _match_key(self, kind: FieldType | None, value: Any) -> object:
        # Searches are exact but case-insensitive; phones and dates compare by their normalised value.
        if kind == "PHONE":
            return normalise_phone(value, self.workspace.default_country_code) or str(value)
        if kind == "DATE":
            return parse_loose_date(value, self._tz)
        return value.casefold() if isinstance(value, str) else value

    def _action_test(self, criteria: dict[str, Any]) -> Callable[[_Lead], bool]:
        types = _string_set(criteria.get("type"), "actions.type")
        performers = _string_set(criteria.get("performed_by"), "actions.performed_by")
        low, high = self._bounds(criteria.get("performed_at", {}), "actions.performed_at")

        def matches(action: _Action) -> bool:
            return (
                (types is None or action.type.casefold() in types)
                and (performers is None or (action.performed_by or "").casefold() in performers)
                and low <= action.created_on <= high
            )

        # Every criterion must hold for the same action.
        return lambda lead: any(matches(action) for action in lead.actions)

    def _bounds(self, value: Any, what: str) -> tuple[float, float]:
        """An inclusive `{from, to}` range in epoch ms; a missing bound is open."""
        if not isinstance(value, dict) or not set(value) <= {"from", "to"}:
            raise _BadFilter(f"'{what}' must be an object with 'from' and/or 'to'")
        low = float("-inf") if value.get("from") is None else parse_loose_date(value["from"], self._tz)
        high = float("inf") if value.get("to") is None else parse_loose_date(value["to"], self._tz)
        if low is None or high is None:
            raise _BadFilter(f"'{what}' bounds must be epoch milliseconds or dates")
        return low, high

    # -- Sync: actions ---------------------------------------------------------------------------------------

    def create_actions(self, lead_id: str, body: Any) -> Json:
        with self.lock:
            lead = self._lead(lead_id, "Lead with ID {id} was not found.")
            actions = _actions_of(body, required=True)
            _refuse_built_ins(actions)
            outcomes, remarks = self._write_actions(lead, actions)
            return {"lead_id": lead.id, "actions": outcomes, "remarks": remarks}

    def _find_action(self, lead: _Lead, action_id: str, message: str) -> _Action:
        action = next((a for a in lead.actions if a.id == action_id), None)
        if action is None:
            raise ApiError(404, "ACTION_NOT_FOUND", message.format(id=action_id))
        return action

    def get_action(self, lead_id: str, action_id: str) -> Json:
        with self.lock:
            lead = self._lead(lead_id, "Lead with ID {id} was not found.")
            action = self._find_action(lead, action_id, "Action with ID {id} was not found.")
            if action.type in BUILT_IN_ACTION_TYPES:
                raise _bad_request("Only custom actions and payment actions can be retrieved")
            return self._action_json(action)

    def update_action(self, lead_id: str, action_id: str, body: Any) -> Json:
        with self.lock:
            lead = self._lead(lead_id, "Lead with ID {id} was not found.")
            action = self._find_action(lead, action_id, "Action with ID {id} was not found in the lead.")
            if action.type in BUILT_IN_ACTION_TYPES:
                raise _bad_request("Only custom actions and payment actions can be updated")
            kind = _object_with(body, "type", str)
            if kind != action.type:
                raise _bad_request(f"Action type cannot be changed: this action's type is '{action.type}'")
            if action.payment is not None:
                _update_payment(action.payment, body)
            else:
                self._update_custom(action, _object_with(body, "fields", dict, default={}))
            return self._action_json(action)

    def _update_custom(self, action: _Action, fields: dict[str, Any]) -> None:
        definition = self._actions[action.type]
        schema = {spec.name: spec.type for spec in definition.fields}
        rules = self._rules()
        stored: dict[str, Any] = {}
        for name, value in fields.items():
            if name not in schema:
                raise _bad_request(f"Field '{name}' is not defined on custom action {definition.code}")
            try:
                stored[name] = normalise(schema[name], value, rules)
                self._check_room(f"{definition.code}.{name}", schema[name], stored[name])
            except Rejected as exc:
                raise _bad_request(f"Invalid value for field '{name}': {exc.remark}") from None
        for name, value in stored.items():
            self._learn_labels(f"{definition.code}.{name}", schema[name], value)
        action.fields.update(stored)

    def search_actions(self, lead_id: str, body: Any, *, skip: int, limit: int) -> Json:
        with self.lock:
            lead = self._lead(lead_id, "Lead with given ID was not found.")
            criteria = {} if body is None else body
            kind = criteria.get("type") if isinstance(criteria, dict) else None
            try:
                if not isinstance(criteria, dict) or not isinstance(kind, str | None):
                    raise _BadFilter
                performers = _string_set(criteria.get("performed_by"), "performed_by")
                low, high = self._bounds(criteria.get("created_on", {}), "created_on")
            except _BadFilter:
                raise _bad_request("Invalid filter") from None
            # performed_by takes team-member ids; actions record who performed them by email.
            emails = (
                None
                if performers is None
                else {m.email.casefold() for m in self.members if m.id in performers}
            )
            matches = self._newest_first(
                action
                for action in lead.actions
                if (kind is None or action.type.casefold() == kind.casefold())
                and low <= action.created_on <= high
                and (emails is None or (action.performed_by or "").casefold() in emails)
            )
            return {
                "data": [self._action_json(a) for a in matches[skip : skip + limit]],
                "total_count": len(matches),
                "skip": skip,
                "limit": limit,
            }

    # -- Sync: team members ----------------------------------------------------------------------------------

    def _member_json(self, member: _Member) -> Json:
        manager = (
            None if member.manager_email is None else self._member(member.manager_email, include_deleted=True)
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

    def list_team_members(self, *, skip: int, limit: int, include_deleted: bool) -> Json:
        with self.lock:
            members = sorted(
                (m for m in self.members if include_deleted or m.status != "Deleted"),
                key=lambda m: (m.name.casefold(), m.email.casefold()),
            )
            return {
                "data": [self._member_json(m) for m in members[skip : skip + limit]],
                "total_count": len(members),
                "skip": skip,
                "limit": limit,
            }

    def get_team_member(self, email: str, *, include_deleted: bool) -> Json:
        with self.lock:
            # Surrounding whitespace passes the format check but then matches nobody (a 404, as the docs say).
            if not is_email(email.strip()):
                raise _bad_request("Invalid email format")
            member = self._member(email, include_deleted=include_deleted)
            if member is None:
                raise ApiError(404, "TEAM_MEMBER_NOT_FOUND", "Team member not found")
            return self._member_json(member)

    def create_team_member(self, body: Any) -> Json:
        with self.lock:
            if not isinstance(body, dict):
                raise _bad_request("Request body must be a JSON object")
            details = self._member_problems(body)
            if details:
                raise ApiError(400, "BAD_REQUEST", "Validation failed", details=details)
            seated = sum(m.status != "Deleted" for m in self.members)
            if seated >= self.workspace.license_seats:
                raise ApiError(402, "BUY_LICENSE", "License seat limit reached")
            status = "Active" if body.get("password") is not None else "Invited"
            self._value_rules = None
            self.members.append(
                _Member(
                    id=self._new_id(),
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
            return {
                "name": body["name"],
                "email": body["email"],
                "phone_number": body["phone_number"],
                "role": body["role"],
                # The docs spell the invited status in capitals here, unlike everywhere else.
                "status": "Active" if status == "Active" else "INVITED",
            }

    def _member_problems(self, body: dict[str, Any]) -> list[dict[str, str]]:
        problems: list[dict[str, str]] = []
        for key in ("name", "email", "phone_number", "role"):
            if not isinstance(body.get(key), str) or not body[key].strip():
                problems.append({"field": key, "message": f"{key} is required"})
        given = {p["field"] for p in problems}
        if "email" not in given:
            if not is_email(body["email"]):
                problems.append({"field": "email", "message": "Invalid email format"})
            elif self._member(body["email"], include_deleted=False) is not None:
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

    def change_team_member_state(self, body: Any) -> Json:
        with self.lock:
            if not isinstance(body, dict):
                raise _bad_request("Request body must be a JSON object")
            email, state = body.get("email"), body.get("state")
            if not isinstance(email, str) or not is_email(email.strip()):
                raise _bad_request("Invalid email format")
            if state not in MEMBER_STATES:
                raise _bad_request(f"Invalid state. Allowed states: {', '.join(MEMBER_STATES)}")
            member = self._member(email, include_deleted=False)
            if member is None:
                raise ApiError(404, "TEAM_MEMBER_NOT_FOUND", "Team member not found")
            member.status = state
            self._value_rules = None
            return {"email": member.email, "status": state}

    # -- Sync: enterprise metadata ---------------------------------------------------------------------------

    def _enterprise_found(self) -> None:
        if self.enterprise_deleted:
            raise ApiError(
                404, "ENTERPRISE_NOT_FOUND", f"The enterprise with ID {self.enterprise_id} was not found."
            )

    def _field_json(self, spec: Field, *, detail: bool) -> Json:
        labels = list(self._options.get(spec.api_name, ()))
        options = labels if spec.type == "DROPDOWN" else []
        tags = labels if spec.type == "TAGS" else []
        item: Json = {
            "type": spec.type,
            "apiName": spec.api_name,
            "lockAfterCreate": spec.lock_after_create,
            "isLeadid": spec.api_name == self.workspace.lead_identifier,
        }
        if not detail:
            return item | {"options": list(options), "tags": list(tags)}

        def labelled(values: list[str]) -> list[Json]:
            return [{"id": stable_id("option", spec.api_name, label), "label": label} for label in values]

        item = {"id": spec.id, **item, "description": spec.description}
        item |= {"options": labelled(options), "tags": labelled(tags)}
        if spec.type == "DATE":
            item |= {"dateFormat": DATE_FORMAT, "timeFormat": self.workspace.time_format}
        return item

    def _listed_fields(self) -> Iterator[Field]:
        return (f for f in self.workspace.fields if f.type in LISTED_FIELD_TYPES)

    def custom_fields(self, *, detail: bool) -> Json:
        with self.lock:
            self._enterprise_found()
            return {"customFields": [self._field_json(f, detail=detail) for f in self._listed_fields()]}

    def custom_field(self, api_name: str) -> Json:
        with self.lock:
            self._enterprise_found()
            spec = next((f for f in self._listed_fields() if f.api_name == api_name), None)
            if spec is None:
                raise ApiError(404, "NOT_FOUND", f"Could not find custom field with apiName {api_name}")
            return self._field_json(spec, detail=True)

    def _custom_action_json(self, definition: CustomActionDefinition, *, detail: bool) -> Json:
        summary: Json = {
            "code": definition.prefixed_code,
            "displayName": definition.display_name,
            "score": definition.score,
            "source": definition.source,
        }
        if not detail:
            return summary
        schema: Json = {}
        for spec in definition.fields:
            schema[spec.name] = {"type": spec.type}
            if spec.type == "DROPDOWN":
                schema[spec.name]["options"] = list(self._options[f"{definition.code}.{spec.name}"])
        owner = self._owner()
        created = self.workspace.enterprise.created_on
        return {
            "id": definition.id,
            **summary,
            "icon": definition.icon,
            "description": definition.description,
            "fieldSchema": schema,
            "displaySchema": {"fields": [spec.name for spec in definition.fields]},
            "allowPredatedActivity": {"enabled": definition.allow_predated},
            "quickAdd": {"enabled": False},
            "definitionType": "USER_DEFINED" if definition.source == "USER" else "SYSTEM_DEFINED",
            "createdOn": created,
            "createdBy": owner,
            "modifiedOn": created,
            "modifiedBy": owner,
        }

    def _owner(self) -> str:
        admin = next((m for m in self.members if m.role == "ADMIN"), None)
        return "system" if admin is None else admin.email

    def custom_actions(self, *, detail: bool) -> Json:
        with self.lock:
            self._enterprise_found()
            return {
                "customActions": [
                    self._custom_action_json(a, detail=detail) for a in self.workspace.custom_actions
                ]
            }

    def custom_action(self, code: str) -> Json:
        with self.lock:
            self._enterprise_found()
            definition = next((a for a in self.workspace.custom_actions if a.prefixed_code == code), None)
            if definition is None:
                raise ApiError(404, "NOT_FOUND", f"Custom action with code {code} was not found.")
            return self._custom_action_json(definition, detail=True)

    def metadata(self) -> Json:
        enterprise = self.workspace.enterprise
        with self.lock:
            self._enterprise_found()
        return {
            "name": enterprise.name,
            "id": self.enterprise_id,
            "creationTimeStamp": enterprise.created_on,
            "teamSize": enterprise.team_size,
            "industry": enterprise.industry,
            "website": enterprise.website,
            "leadIdentifierFieldId": self.workspace.lead_identifier,
            "integrations": list(enterprise.integrations),
        }

    def pipeline(self) -> Json:
        pipeline = self.workspace.pipeline
        ids = itertools.count(1)

        def statuses(labels: Iterable[str], color: str) -> list[Json]:
            return [{"statusid": next(ids), "label": label, "color": color} for label in labels]

        def reasons(labels: Iterable[str]) -> list[Json]:
            return [
                {
                    "reasonid": next(ids),
                    "reasonLabel": label,
                    "isDefault": label == pipeline.default_lost_reason,
                }
                for label in labels
            ]

        with self.lock:
            self._enterprise_found()
            return {
                "leadStages": [
                    {
                        "stageid": stable_id("stage", index, stage.type),
                        "stageType": stage.type,
                        "visibility": stage.visible,
                        "activeStatuses": statuses(stage.active_statuses, _STATUS_COLORS[stage.type]),
                        "archivedStatuses": statuses(stage.archived_statuses, "#9E9E9E"),
                    }
                    for index, stage in enumerate(pipeline.stages)
                ],
                "activeLeadLostReasons": reasons(pipeline.active_lost_reasons),
                "archivedLeadLostReasons": reasons(pipeline.archived_lost_reasons),
                "creationTimestamp": self.workspace.enterprise.created_on,
                "modificationTimestamp": self.workspace.enterprise.created_on,
                "lastModifiedBy": self._owner(),
                "version": 1,
            }

    # -- Async: queued upserts -------------------------------------------------------------------------------

    def enqueue(self) -> int:
        """Count one accepted Async upsert as pending; returns the generation to hand back to `ingest`."""
        with self.lock:
            self._pending += 1
            return self.generation

    def ingest(self, body: Any, received_at: float, generation: int, *, refused: str | None = None) -> None:
        """Process one queued Async upsert (unless a reset has happened since it was queued).

        `refused`: why the body was not read at all (it was not sent as JSON); it is dropped whole.
        """
        with self.lock:
            if generation != self.generation:
                return
            try:
                if refused is not None:
                    self.ingested.append((received_at, body, "dropped", None, (("", refused),)))
                else:
                    self.ingested.append(self._upsert(body, received_at))
            finally:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.notify_all()

    def _upsert(self, body: Any, received_at: float) -> tuple[Any, ...]:
        """Apply one upsert; returns the fields of its `IngestRecord`."""
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, dict):
            reason = "body must be a JSON object with a 'fields' object"
            return received_at, body, "dropped", None, (("", reason),)
        try:
            key, stored = self._identifier(fields)
        except ApiError as exc:
            return received_at, body, "dropped", None, (("", exc.message),)
        lead_id = self._by_identifier.get(key)
        lead = None if lead_id is None else self.leads[lead_id]
        identifier = self.workspace.lead_identifier
        locked = [name for name in self._locked_fields if name in fields]
        # An update matches on the identifier, so it keeps its value; other locked fields are left out.
        changes = fields if lead is None else {k: v for k, v in fields.items() if k not in locked}
        accepted, rejected = self._check_fields(
            changes, creating=lead is None, lead=lead, identifier_stored=stored
        )
        left_out = [(f"fields.{name}", problem.remark) for name, problem in rejected]
        if lead is not None:
            left_out += [
                (f"fields.{n}", "Field cannot be modified after creation") for n in locked if n != identifier
            ]
        if lead is None:
            lead = self._insert_lead(accepted, key, int(received_at * 1000), self._new_id())
            outcome: Literal["created", "updated"] = "created"
        else:
            self._apply_fields(lead, accepted)
            outcome = "updated"
        raw_actions = body.get("actions", [])
        if not isinstance(raw_actions, list):
            left_out.append(("actions", "actions must be an array"))
            raw_actions = []
        for i, raw in enumerate(raw_actions):
            action, problems = self._parse_action(raw, f"actions[{i}]", api="async")
            if action is None:
                left_out.extend(problems)
            else:
                action.id = self._new_id()
                self._append(lead, action)
        return received_at, body, outcome, lead.id, tuple(left_out)

    def wait_idle(self, timeout: float) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._pending == 0, timeout):
                raise TimeoutError(f"{self._pending} Async upserts still queued after {timeout} s")

    # -- inspection ------------------------------------------------------------------------------------------

    def lead_record(self, lead: _Lead) -> LeadRecord:
        return LeadRecord(
            id=lead.id,
            created_on=lead.created_on,
            fields=self._fields_json(lead),
            actions=tuple(
                ActionRecord(
                    id=a.id,
                    type=a.type,
                    created_on=a.created_on,
                    performed_by=a.performed_by,
                    fields=self._action_json(a).get("fields", {}),
                    status=None if a.payment is None else a.payment["status"],
                    currency=None if a.payment is None else a.payment["currency"],
                    amount=None if a.payment is None else a.payment["amount"],
                )
                for a in sorted(lead.actions, key=lambda a: (a.created_on, a.seq))
            ),
        )

    def generate_leads(self, count: int, seed: int) -> None:
        """Add `count` made-up leads with a value in (nearly) every field, created over the past year.

        They are stored directly, not through the API: fast enough for the 50,000 leads an export test needs.
        """
        with self.lock:
            rules = self._rules()
            members = [m.email for m in self.members if m.status != "Deleted"]
            first = len(self.leads)
            for created_on, fields in generated_leads(
                self.workspace, members, first, count, self._now_ms(), seed
            ):
                stored = {
                    name: normalise(self._fields[name].type, value, rules) for name, value in fields.items()
                }
                stored.setdefault("status", self._default_status)
                key = self._key_of(stored[self.workspace.lead_identifier])
                if key in self._by_identifier:
                    raise ValueError(f"a lead with {self.workspace.lead_identifier} {key} exists already")
                self._insert_lead(stored, key, created_on, self._new_id())

    def find_lead(self, identifier: object) -> _Lead | None:
        try:
            key = self._identifier_key({self.workspace.lead_identifier: identifier})
        except ApiError:
            return None
        lead_id = self._by_identifier.get(key)
        return None if lead_id is None else self.leads[lead_id]

    def member_record(self, member: _Member) -> TeamMemberRecord:
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

    def add_timeline_entry(
        self, lead_id: str, kind: str, *, performed_by: str | None, created_on: int | str | None
    ) -> str:
        with self.lock:
            lead = self.leads.get(lead_id)
            if lead is None:
                raise KeyError(lead_id)
            if kind not in BUILT_IN_ACTION_TYPES:
                raise ValueError(
                    f"{kind!r} is not a built-in action type; write custom and payment actions via the API"
                )
            when = self._now_ms() if created_on is None else parse_date(created_on, self._tz)
            if when is None:
                raise ValueError(f"created_on must be epoch ms or {DATE_FORMAT}[ HH:mm[:ss]]")
            if performed_by is not None and self._member(performed_by, include_deleted=True) is None:
                raise ValueError(f"{performed_by!r} is not a team member")
            action = _Action(self._new_id(), kind, when, 0, performed_by)
            self._append(lead, action)
            return action.id


def _request_record(entry: tuple[Any, ...]) -> RequestRecord:
    """The record of a request-log entry, its headers paired up again (they are logged flat)."""
    at, method, path, route, api, token, kind, status, fault, flat = entry
    headers = tuple(zip(flat[::2], flat[1::2], strict=True))
    return RequestRecord(at, method, path, route, api, token, kind, status, fault, headers)


def _remark(where: str, text: str) -> Json:
    return {"field": where, "status": "IGNORED", "remark": text}


def _object_with(
    body: Any, key: str, kind: type[Any], *, default: Any = ..., code: str = "BAD_REQUEST"
) -> Any:
    """`body[key]` checked against `kind`; 400 if the body is not an object or the key is missing/mistyped."""
    if not isinstance(body, dict):
        raise _bad_request("Request body must be a JSON object", code)
    if key not in body or body[key] is None:
        if default is ...:
            raise _bad_request(f"'{key}' is required", code)
        return default
    value = body[key]
    if not isinstance(value, kind):
        names: dict[type[Any], str] = {dict: "an object", list: "an array", str: "a string"}
        raise _bad_request(f"'{key}' must be {names[kind]}", code)
    return value


def _actions_of(body: Any, *, required: bool) -> list[Any]:
    actions: list[Any] = _object_with(body, "actions", list, default=... if required else [])
    if required and not actions:
        raise _bad_request("'actions' must contain at least one action")
    return actions


def _update_payment(payment: dict[str, str], body: dict[str, Any]) -> None:
    # Only a payment's status may change (Actions pitfalls, item 3).
    if {"amount", "currency", "paymentid"} & set(body):
        raise _bad_request("Cannot update amount, currency, or paymentid fields for existing payment action.")
    status = body.get("status")
    if status is not None:
        if status not in PAYMENT_STATUSES:
            raise _bad_request(f"status must be one of {', '.join(PAYMENT_STATUSES)}")
        payment["status"] = status


def _refuse_built_ins(actions: list[Any]) -> None:
    # Writing a built-in type fails the whole request, before anything is created (Actions pitfalls, item 1).
    if any(isinstance(a, dict) and _is_built_in(a.get("type")) for a in actions):
        raise _bad_request("Only custom actions and payment actions can be created")


def _is_built_in(kind: object) -> bool:
    return isinstance(kind, str) and kind in BUILT_IN_ACTION_TYPES


def _string_set(value: Any, what: str) -> set[str] | None:
    """A filter that takes one string or an array of them, case-folded; None when absent."""
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) for v in values):
        raise _BadFilter(f"'{what}' must be a string or an array of strings")
    return {v.casefold() for v in values}


def _is_member_phone(value: str) -> bool:
    # Team-member phones are digits only, country code first; "+", spaces and dashes are refused.
    return value.isascii() and value.isdigit() and 11 <= len(value) <= 15 and not value.startswith("0")
