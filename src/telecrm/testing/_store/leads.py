"""Leads: the Sync lead operations (create, get, update, search), the workspace's seed leads, made-up leads,
and the records tests read.

Search pages come from the `created_on` index (`Shared.by_created`): a page of an unfiltered or
`created_on`-only search is a slice of it, not a sort of every lead.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from typing import Any

from telecrm.testing._field_rules import normalise_phone, parse_date, parse_loose_date
from telecrm.testing._generate import generated_leads
from telecrm.testing._store.actions import Actions, actions_of, newest_first, refuse_built_ins
from telecrm.testing._store.errors import ApiError, Json, bad_request, object_with, remark
from telecrm.testing._store.filters import BadFilter, bounds, string_set
from telecrm.testing._store.lead_fields import LeadFields, key_of
from telecrm.testing._store.records import LeadRecord
from telecrm.testing._store.shared import ActionRow, LeadRow, Shared, now_ms
from telecrm.testing._vocabulary import DATE_FORMAT, FieldType
from telecrm.testing._workspace import SeedLead, WorkspaceError, stable_id


class Leads:
    """The leads of the shared state and the operations on them."""

    def __init__(self, shared: Shared, fields: LeadFields, actions: Actions) -> None:
        self._shared = shared
        self._fields = fields
        self._actions = actions

    # -- seeding and made-up leads ---------------------------------------------------------------------------

    def seed(self) -> None:
        """Store the workspace's seed leads (the caller holds the lock, after the team is seeded);
        `WorkspaceError` for one the API would not have stored."""
        for index, seed in enumerate(self._shared.workspace.leads):
            self._seed(index, seed)

    def _seed(self, index: int, seed: SeedLead) -> None:
        where = f"leads[{index}]"
        ms = now_ms() if seed.created_on is None else parse_date(seed.created_on, self._shared.tz)
        if ms is None:
            raise WorkspaceError(f"{where}.created_on: not epoch ms or {DATE_FORMAT}[ HH:mm[:ss]]")
        try:
            key, _ = self._fields.identifier(seed.fields)
        except ApiError as exc:
            raise WorkspaceError(f"{where}.fields: {exc.message}") from None
        accepted, rejected = self._fields.check(seed.fields, creating=True)
        if rejected:
            name, problem = rejected[0]
            raise WorkspaceError(f"{where}.fields.{name}: {problem.remark}")
        if key in self._shared.by_identifier:
            raise WorkspaceError(f"{where}: another seed lead has the same identifier")
        lead = self._fields.insert(accepted, key, ms, seed.id or stable_id("lead", index))
        for i, raw in enumerate(seed.actions):
            self._actions.seed(lead, i, raw, f"{where}.actions[{i}]")

    def generate(self, count: int, seed: int) -> None:
        """Add `count` made-up leads with a value in (nearly) every field, created over the past year.

        They are stored directly, not through the API: fast enough for the 50,000 leads an export test needs.
        """
        shared, fields = self._shared, self._fields
        with shared.lock:
            members = [m.email for m in shared.members if m.status != "Deleted"]
            first = len(shared.leads)
            for created_on, values in generated_leads(
                shared.workspace, members, first, count, now_ms(), seed
            ):
                stored = fields.as_stored(values)
                key = key_of(stored[fields.identifier_name])
                if key in shared.by_identifier:
                    raise ValueError(f"a lead with {fields.identifier_name} {key} exists already")
                fields.insert(stored, key, created_on, shared.new_id())

    # -- inspection ------------------------------------------------------------------------------------------

    def records(self) -> list[LeadRecord]:
        """Every lead, oldest first."""
        with self._shared.lock:
            return [self._record(lead) for lead in self._shared.leads.values()]

    def record(self, lead_id: str) -> LeadRecord:
        """The lead with this id (KeyError if there is none)."""
        with self._shared.lock:
            return self._record(self._shared.leads[lead_id])

    def find(self, identifier: object) -> LeadRecord | None:
        """The lead whose identifier matches `identifier` as the API matches it (phones normalised)."""
        shared = self._shared
        with shared.lock:
            try:
                key, _ = self._fields.identifier({self._fields.identifier_name: identifier})
            except ApiError:
                return None
            lead_id = shared.by_identifier.get(key)
            return None if lead_id is None else self._record(shared.leads[lead_id])

    def _record(self, lead: LeadRow) -> LeadRecord:
        return LeadRecord(
            id=lead.id,
            created_on=lead.created_on,
            fields=self._fields.json(lead),
            actions=self._actions.records(lead),
        )

    # -- Sync operations -------------------------------------------------------------------------------------

    def create(self, body: Any) -> Json:
        """`POST /lead`: a new lead, with remarks on the fields and actions left out."""
        shared, fields = self._shared, self._fields
        with shared.lock:
            values = object_with(body, "fields", dict, default={})
            actions = actions_of(body, required=False)
            key, stored = fields.identifier(values)
            if key in shared.by_identifier:
                existing = shared.leads[shared.by_identifier[key]].fields[fields.identifier_name]
                raise ApiError(
                    409,
                    "LEAD_ALREADY_EXISTS",
                    f"Lead with {fields.identifier_name} {existing} already exists.",
                )
            refuse_built_ins(actions)
            accepted, rejected = fields.check(values, creating=True, identifier_stored=stored)
            lead = fields.insert(accepted, key, now_ms(), shared.new_id())
            outcomes, action_remarks = self._actions.write(lead, actions)
            remarks = [remark(f"fields.{name}", problem.remark) for name, problem in rejected]
            return {"lead_id": lead.id, "actions": outcomes, "remarks": remarks + action_remarks}

    def get(self, lead_id: str, *, include_actions: bool, skip: int, limit: int) -> Json:
        """`GET /lead/{leadId}`, with a page of its actions (newest first) if asked."""
        with self._shared.lock:
            lead = self._shared.lead(lead_id, "The lead with ID {id} was not found.")
            result: Json = {"fields": self._fields.json(lead)}
            if include_actions:
                page = newest_first(lead.actions)[skip : skip + limit]
                result |= {
                    "actions": [self._actions.json(a) for a in page],
                    "actions_skip": skip,
                    "actions_limit": limit,
                }
            return result

    def update(self, lead_id: str, body: Any) -> Json:
        """`POST /lead/{leadId}`: 400 for an invalid value, unlike a create; unusable values are left out."""
        shared, fields = self._shared, self._fields
        with shared.lock:
            lead = shared.lead(lead_id, "Lead with ID {id} was not found.")
            values = object_with(body, "fields", dict)
            if fields.identifier_name in values:
                raise ApiError(403, "INVALID_LEAD", "Cannot modify lead identifier field")
            for name in values:
                spec = shared.fields.get(name)
                if spec is not None and spec.lock_after_create:
                    raise bad_request(f"Field '{name}' cannot be modified after creation")
            accepted, rejected = fields.check(values, creating=False, lead=lead)
            for name, problem in rejected:
                if problem.invalid:
                    raise bad_request(f"Invalid value for field '{name}': {problem.remark}")
            fields.apply(lead, accepted)
            return {"fields": fields.json(lead)}

    def search(self, body: Any, *, skip: int, limit: int) -> Json:
        """`POST /lead/search`: a page of the leads that match, newest first; each result's fields carry its
        `created_on` (epoch ms), which exports need to tell where they got to."""
        shared = self._shared
        with shared.lock:
            criteria = {} if body is None else body
            fields = object_with(criteria, "fields", dict, default={}, code="VALIDATION_ERROR")
            actions = object_with(criteria, "actions", dict, default=None, code="VALIDATION_ERROR")
            try:
                low, high = bounds(fields.get("created_on", {}), "fields.created_on", shared.tz)
                tests = [
                    self._field_test(name, wanted) for name, wanted in fields.items() if name != "created_on"
                ]
                if actions is not None:
                    tests.append(self._action_test(actions))
            except BadFilter as exc:
                raise bad_request(str(exc), "VALIDATION_ERROR") from None
            # The created_on range, newest first, straight from the index.
            order, leads = shared.by_created, shared.leads
            start = bisect.bisect_left(order, (low,))
            end = bisect.bisect_right(order, (high, math.inf))
            if tests:
                candidates = (leads[entry[2]] for entry in reversed(order[start:end]))
                matches = [lead for lead in candidates if all(t(lead) for t in tests)]
                total, page = len(matches), matches[skip : skip + limit]
            else:
                total = max(end - start, 0)
                first, last = end - skip, max(end - skip - limit, start)
                page = [leads[entry[2]] for entry in reversed(order[last:first])] if first > start else []
            answer = self._fields.json
            return {
                "data": [{"fields": {**answer(lead), "created_on": lead.created_on}} for lead in page],
                "total_count": total,
                "skip": skip,
                "limit": limit,
            }

    def _field_test(self, name: str, wanted: Any) -> Callable[[LeadRow], bool]:
        spec = self._shared.fields.get(name)
        kind: FieldType | None = None if spec is None else spec.type
        if kind == "DATE" and isinstance(wanted, dict):
            low, high = bounds(wanted, f"fields.{name}", self._shared.tz)
            return lambda lead: isinstance(lead.fields.get(name), int) and low <= lead.fields[name] <= high
        values = wanted if isinstance(wanted, list) else [wanted]
        if not values or not all(
            isinstance(v, str | int | float) and not isinstance(v, bool) for v in values
        ):
            raise BadFilter(f"Invalid filter for field '{name}'")
        if kind == "RATING" and not all(isinstance(v, int) and 1 <= v <= 5 for v in values):
            raise BadFilter("Rating value must be between 1 and 5")
        keys = {self._match_key(kind, v) for v in values}

        def test(lead: LeadRow) -> bool:
            stored = lead.fields.get(name)
            candidates = stored if isinstance(stored, list) else [stored]
            return stored is not None and any(self._match_key(kind, c) in keys for c in candidates)

        return test

    def _match_key(self, kind: FieldType | None, value: Any) -> object:
        # Searches are exact but case-insensitive; phones and dates compare by their normalised value.
        if kind == "PHONE":
            return normalise_phone(value, self._shared.workspace.default_country_code) or str(value)
        if kind == "DATE":
            return parse_loose_date(value, self._shared.tz)
        return value.casefold() if isinstance(value, str) else value

    def _action_test(self, criteria: dict[str, Any]) -> Callable[[LeadRow], bool]:
        types = string_set(criteria.get("type"), "actions.type")
        performers = string_set(criteria.get("performed_by"), "actions.performed_by")
        low, high = bounds(criteria.get("performed_at", {}), "actions.performed_at", self._shared.tz)

        def matches(action: ActionRow) -> bool:
            return (
                (types is None or action.type.casefold() in types)
                and (performers is None or (action.performed_by or "").casefold() in performers)
                and low <= action.created_on <= high
            )

        # Every criterion must hold for the same action.
        return lambda lead: any(matches(action) for action in lead.actions)
