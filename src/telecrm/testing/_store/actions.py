"""Actions (timeline entries): checking and storing custom and payment actions written on either API, the Sync
action operations (create, get, update, search), and built-in entries added by tests or seeded."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from telecrm.testing._field_rules import Rejected, normalise, parse_date, positive_amount, to_json
from telecrm.testing._store.errors import ApiError, Json, bad_request, object_with, remark
from telecrm.testing._store.filters import BadFilter, bounds, string_set
from telecrm.testing._store.records import ActionRecord
from telecrm.testing._store.shared import ActionRow, LeadRow, Shared, now_ms
from telecrm.testing._store.team_members import TeamMembers
from telecrm.testing._vocabulary import (
    BUILT_IN_ACTION_TYPES,
    CUSTOM_ACTION_PREFIX,
    DATE_FORMAT,
    DATE_TIME_FORMAT,
    PAYMENT_ACTION_TYPE,
    PAYMENT_CURRENCIES,
    PAYMENT_STATUSES,
)
from telecrm.testing._workspace import CustomActionDefinition, WorkspaceError, stable_id

Remarks = list[tuple[str, str]]
"""(path, remark) of each part of a write left out."""


class Actions:
    """The actions of the shared state's leads and the operations on them."""

    def __init__(self, shared: Shared, team_members: TeamMembers) -> None:
        self._shared = shared
        self._team_members = team_members

    # -- writing ---------------------------------------------------------------------------------------------

    def parse(
        self, raw: Any, path: str, *, api: Literal["sync", "async"]
    ) -> tuple[ActionRow | None, Remarks]:
        """Check one action of a write (at `path` in it); None with remarks when anything is wrong (it is
        IGNORED whole). The action has no id yet: `append` it once it has one."""
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
        rules, labels = self._shared.rules(), self._shared.labels
        for name, value in fields.items():
            if name not in schema:
                remarks.append(
                    (f"{path}.fields.{name}", f"Field is not defined on custom action {definition.code}")
                )
                continue
            try:
                stored[name] = normalise(schema[name], value, rules)
                labels.check_room(f"{definition.code}.{name}", schema[name], stored[name])
            except Rejected as exc:
                remarks.append((f"{path}.fields.{name}", exc.remark))
        created_on = self._created_on(raw, path, remarks)
        if remarks:
            return None, remarks
        for name, value in stored.items():
            labels.learn(f"{definition.code}.{name}", schema[name], value)
        if not definition.allow_predated:
            created_on = now_ms()
        return ActionRow("", str(definition.code), created_on, 0, fields=stored), []

    def _custom_action_for(
        self, kind: object, api: Literal["sync", "async"]
    ) -> CustomActionDefinition | None:
        if not isinstance(kind, str):
            return None
        custom_actions = self._shared.custom_actions
        if api == "async":
            # The Async API wants ACTION_<code>; a bare code is dropped silently.
            prefixed = kind.startswith(CUSTOM_ACTION_PREFIX)
            return custom_actions.get(kind.removeprefix(CUSTOM_ACTION_PREFIX)) if prefixed else None
        return custom_actions.get(kind)

    def _type_remark(self, kind: object, api: Literal["sync", "async"]) -> str:
        if not isinstance(kind, str) or not kind:
            return "Action type must be a string: a custom action code or PAYMENT"
        custom_actions = self._shared.custom_actions
        bare = kind.removeprefix(CUSTOM_ACTION_PREFIX)
        if api == "sync" and kind != bare and bare in custom_actions:
            return f"The Sync API takes bare custom action codes: send '{bare}', not '{kind}'"
        if api == "async" and kind in custom_actions:
            return (
                f"The Async API takes prefixed custom action codes: '{kind}' is dropped, send 'ACTION_{kind}'"
            )
        if is_built_in(kind):
            return "Only custom actions and payment actions can be created"
        return f"Custom action with code {kind} was not found."

    def _parse_payment(self, raw: dict[str, Any], path: str) -> tuple[ActionRow | None, Remarks]:
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
        return ActionRow("", PAYMENT_ACTION_TYPE, created_on, 0, payment=payment), []

    def _created_on(self, raw: dict[str, Any], path: str, remarks: Remarks) -> int:
        value = raw.get("created_on")
        if value is None:
            return now_ms()
        ms = parse_date(value, self._shared.tz)
        if ms is None:
            remarks.append(
                (
                    f"{path}.created_on",
                    f"created_on must be epoch milliseconds or {DATE_TIME_FORMAT}",
                )
            )
            return 0
        return ms

    def append(self, lead: LeadRow, action: ActionRow) -> None:
        """Store `action` on `lead`, after the lead's other actions."""
        action.seq = self._shared.next_seq()
        lead.actions.append(action)

    def write(self, lead: LeadRow, actions: list[Any]) -> tuple[list[Json], list[Json]]:
        """Append each valid action of a Sync write; return the per-action outcomes and the remarks, both in
        request order."""
        outcomes: list[Json] = []
        remarks: list[Json] = []
        for i, raw in enumerate(actions):
            action, problems = self.parse(raw, f"actions[{i}]", api="sync")
            if action is None:
                outcomes.append({"action_id": None, "status": "IGNORED"})
                remarks.extend(remark(where, text) for where, text in problems)
            else:
                action.id = self._shared.new_id()
                self.append(lead, action)
                outcomes.append({"action_id": action.id, "status": "CREATED"})
        return outcomes, remarks

    def seed(self, lead: LeadRow, index: int, raw: Any, where: str) -> None:
        """Store action `index` of a seed lead of the workspace, given at `where`; `WorkspaceError` if it is
        not one the API would have stored. Built-in types may be seeded: the API can only find those."""
        performed_by = raw.get("performed_by")
        if (
            performed_by is not None
            and self._team_members.find(str(performed_by), include_deleted=True) is None
        ):
            raise WorkspaceError(f"{where}.performed_by: not a team member's email")
        action_id = stable_id(lead.id, index)
        kind = raw.get("type")
        if is_built_in(kind):
            when = parse_date(raw.get("created_on", lead.created_on), self._shared.tz)
            if when is None:
                raise WorkspaceError(f"{where}.created_on: not epoch ms or {DATE_FORMAT}[ HH:mm[:ss]]")
            self.append(lead, ActionRow(action_id, str(kind), when, 0, performed_by))
            return
        action, remarks = self.parse(raw, where, api="sync")
        if action is None:
            raise WorkspaceError("; ".join(f"{at}: {text}" for at, text in remarks))
        action.id = action_id
        action.performed_by = performed_by
        self.append(lead, action)

    def add_timeline_entry(
        self, lead_id: str, kind: str, *, performed_by: str | None, created_on: int | str | None
    ) -> str:
        """Record a built-in action on a lead, as Telecrm would; returns its id. KeyError for an unknown lead,
        ValueError for anything else wrong."""
        shared = self._shared
        with shared.lock:
            lead = shared.leads.get(lead_id)
            if lead is None:
                raise KeyError(lead_id)
            if kind not in BUILT_IN_ACTION_TYPES:
                raise ValueError(
                    f"{kind!r} is not a built-in action type; write custom and payment actions via the API"
                )
            when = now_ms() if created_on is None else parse_date(created_on, shared.tz)
            if when is None:
                raise ValueError(f"created_on must be epoch ms or {DATE_FORMAT}[ HH:mm[:ss]]")
            if (
                performed_by is not None
                and self._team_members.find(performed_by, include_deleted=True) is None
            ):
                raise ValueError(f"{performed_by!r} is not a team member")
            action = ActionRow(shared.new_id(), kind, when, 0, performed_by)
            self.append(lead, action)
            return action.id

    # -- answering -------------------------------------------------------------------------------------------

    def json(self, action: ActionRow) -> Json:
        """`action` as the API answers it."""
        if action.payment is not None:
            return {"type": action.type, **action.payment}
        if action.type in BUILT_IN_ACTION_TYPES:
            return {"type": action.type}
        schema = {spec.name: spec.type for spec in self._shared.custom_actions[action.type].fields}
        tz = self._shared.tz
        return {
            "type": action.type,
            "fields": {name: to_json(schema[name], value, tz) for name, value in action.fields.items()},
        }

    def records(self, lead: LeadRow) -> tuple[ActionRecord, ...]:
        """The records of `lead`'s actions, oldest first."""
        return tuple(
            ActionRecord(
                id=a.id,
                type=a.type,
                created_on=a.created_on,
                performed_by=a.performed_by,
                fields=self.json(a).get("fields", {}),
                status=None if a.payment is None else a.payment["status"],
                currency=None if a.payment is None else a.payment["currency"],
                amount=None if a.payment is None else a.payment["amount"],
            )
            for a in sorted(lead.actions, key=lambda a: (a.created_on, a.seq))
        )

    # -- Sync operations -------------------------------------------------------------------------------------

    def create(self, lead_id: str, body: Any) -> Json:
        """`POST /lead/{leadId}/action`."""
        shared = self._shared
        with shared.lock:
            lead = shared.lead(lead_id, "Lead with ID {id} was not found.")
            actions = actions_of(body, required=True)
            refuse_built_ins(actions)
            outcomes, remarks = self.write(lead, actions)
            return {"lead_id": lead.id, "actions": outcomes, "remarks": remarks}

    def get(self, lead_id: str, action_id: str) -> Json:
        """`GET /lead/{leadId}/action/{actionId}`."""
        with self._shared.lock:
            lead = self._shared.lead(lead_id, "Lead with ID {id} was not found.")
            action = _find(lead, action_id, "Action with ID {id} was not found.")
            if action.type in BUILT_IN_ACTION_TYPES:
                raise bad_request("Only custom actions and payment actions can be retrieved")
            return self.json(action)

    def update(self, lead_id: str, action_id: str, body: Any) -> Json:
        """`POST /lead/{leadId}/action/{actionId}`: a custom action's fields, or a payment's status."""
        with self._shared.lock:
            lead = self._shared.lead(lead_id, "Lead with ID {id} was not found.")
            action = _find(lead, action_id, "Action with ID {id} was not found in the lead.")
            if action.type in BUILT_IN_ACTION_TYPES:
                raise bad_request("Only custom actions and payment actions can be updated")
            kind = object_with(body, "type", str)
            if kind != action.type:
                raise bad_request(f"Action type cannot be changed: this action's type is '{action.type}'")
            if action.payment is not None:
                _update_payment(action.payment, body)
            else:
                self._update_custom(action, object_with(body, "fields", dict, default={}))
            return self.json(action)

    def _update_custom(self, action: ActionRow, fields: dict[str, Any]) -> None:
        definition = self._shared.custom_actions[action.type]
        schema = {spec.name: spec.type for spec in definition.fields}
        rules, labels = self._shared.rules(), self._shared.labels
        stored: dict[str, Any] = {}
        for name, value in fields.items():
            if name not in schema:
                raise bad_request(f"Field '{name}' is not defined on custom action {definition.code}")
            try:
                stored[name] = normalise(schema[name], value, rules)
                labels.check_room(f"{definition.code}.{name}", schema[name], stored[name])
            except Rejected as exc:
                raise bad_request(f"Invalid value for field '{name}': {exc.remark}") from None
        for name, value in stored.items():
            labels.learn(f"{definition.code}.{name}", schema[name], value)
        action.fields.update(stored)

    def search(self, lead_id: str, body: Any, *, skip: int, limit: int) -> Json:
        """`POST /lead/{leadId}/action/search`: a page of the lead's actions, newest first."""
        shared = self._shared
        with shared.lock:
            lead = shared.lead(lead_id, "Lead with given ID was not found.")
            criteria = {} if body is None else body
            kind = criteria.get("type") if isinstance(criteria, dict) else None
            try:
                if not isinstance(criteria, dict) or not isinstance(kind, str | None):
                    raise BadFilter
                performers = string_set(criteria.get("performed_by"), "performed_by")
                low, high = bounds(criteria.get("created_on", {}), "created_on", shared.tz)
            except BadFilter:
                raise bad_request("Invalid filter") from None
            # performed_by takes team-member ids; actions record who performed them by email.
            emails = (
                None
                if performers is None
                else {m.email.casefold() for m in shared.members if m.id in performers}
            )
            matches = newest_first(
                action
                for action in lead.actions
                if (kind is None or action.type.casefold() == kind.casefold())
                and low <= action.created_on <= high
                and (emails is None or (action.performed_by or "").casefold() in emails)
            )
            return {
                "data": [self.json(a) for a in matches[skip : skip + limit]],
                "total_count": len(matches),
                "skip": skip,
                "limit": limit,
            }


def newest_first(actions: Iterable[ActionRow]) -> list[ActionRow]:
    """`actions`, newest first: the order the API lists a lead's actions in."""
    return sorted(actions, key=lambda action: (action.created_on, action.seq), reverse=True)


def is_built_in(kind: object) -> bool:
    """Whether `kind` names a built-in action type (a call, a message, ...), which the API cannot write."""
    return isinstance(kind, str) and kind in BUILT_IN_ACTION_TYPES


def actions_of(body: Any, *, required: bool) -> list[Any]:
    """The `actions` array of a Sync write's body; 400 if it is mistyped, or if `required` and empty."""
    actions: list[Any] = object_with(body, "actions", list, default=... if required else [])
    if required and not actions:
        raise bad_request("'actions' must contain at least one action")
    return actions


def refuse_built_ins(actions: list[Any]) -> None:
    """400 for a Sync write with a built-in action type: it fails whole, before anything is created (Actions
    pitfalls, item 1)."""
    if any(isinstance(a, dict) and is_built_in(a.get("type")) for a in actions):
        raise bad_request("Only custom actions and payment actions can be created")


def _find(lead: LeadRow, action_id: str, message: str) -> ActionRow:
    action = next((a for a in lead.actions if a.id == action_id), None)
    if action is None:
        raise ApiError(404, "ACTION_NOT_FOUND", message.format(id=action_id))
    return action


def _update_payment(payment: dict[str, str], body: dict[str, Any]) -> None:
    # Only a payment's status may change (Actions pitfalls, item 3).
    if {"amount", "currency", "paymentid"} & set(body):
        raise bad_request("Cannot update amount, currency, or paymentid fields for existing payment action.")
    status = body.get("status")
    if status is not None:
        if status not in PAYMENT_STATUSES:
            raise bad_request(f"status must be one of {', '.join(PAYMENT_STATUSES)}")
        payment["status"] = status
