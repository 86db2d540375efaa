"""A lead's field values: checking a write's fields against the workspace (types, the identifier, unique
fields, option limits), storing them with the indexes kept up to date, and answering them in the API's form.

The Sync lead operations, Async upserts, seeding and made-up leads all write through here: the value rules are
the same on both APIs (telecrm-api.md, section 6); only what happens to a rejected value differs.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import Any

from telecrm.testing._field_rules import Rejected, normalise, to_json
from telecrm.testing._store.errors import ApiError, Json
from telecrm.testing._store.shared import LeadRow, Shared
from telecrm.testing._workspace import Field


class LeadFields:
    """Reads and writes the fields of the shared state's leads."""

    def __init__(self, shared: Shared) -> None:
        self._shared = shared
        workspace = shared.workspace
        self.identifier_name: str = workspace.lead_identifier
        """The `apiName` of the workspace's lead identifier field."""
        self.locked: tuple[str, ...] = tuple(f.api_name for f in workspace.fields if f.lock_after_create)
        """The fields that cannot change once a lead is created."""
        self._date_fields = frozenset(f.api_name for f in workspace.fields if f.type == "DATE")
        # Dropdown and tags fields: the only ones whose values can add options, checked and learnt on writes.
        self._labelled = frozenset(f.api_name for f in workspace.fields if f.type in ("DROPDOWN", "TAGS"))
        pipeline = workspace.pipeline
        self._default_status = pipeline.active_statuses[0]
        self._lost_statuses = frozenset(
            s for st in pipeline.stages if st.type == "LOST" for s in st.active_statuses
        )

    def identifier(self, fields: Any) -> tuple[str, object]:
        """The normalised identifier of a create/upsert body's fields (the key leads are matched on) and its
        value as stored; ApiError 400 `INVALID_LEAD` when it is missing or invalid."""
        name = self.identifier_name
        value = fields.get(name) if isinstance(fields, dict) else None
        if value is None:
            raise ApiError(
                400, "INVALID_LEAD", f"Lead identifier field name '{name}' not found in request body."
            )
        try:
            stored = normalise(self._shared.fields[name].type, value, self._shared.rules())
        except Rejected as exc:
            raise ApiError(
                400, "INVALID_LEAD", f"Lead identifier field '{name}' is invalid: {exc.remark}"
            ) from None
        return key_of(stored), stored

    def check(
        self,
        fields: Mapping[str, Any],
        *,
        creating: bool,
        lead: LeadRow | None = None,
        identifier_stored: object = None,
    ) -> tuple[dict[str, Any], list[tuple[str, Rejected]]]:
        """Split `fields` into stored values and rejections, in request order; a new lead gets the pipeline's
        first status unless it names one.

        `identifier_stored`: the identifier's value as `identifier` stored it, if the caller has checked it.
        """
        shared = self._shared
        rules, specs, identifier = shared.rules(), shared.fields, self.identifier_name
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
                if name in self._labelled:
                    shared.labels.check_room(name, spec.type, stored)
            except Rejected as exc:
                rejected.append((name, exc))
            else:
                accepted[name] = stored
        if creating and "status" not in accepted:
            accepted["status"] = self._default_status
        return accepted, rejected

    def as_stored(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Valid `fields` as stored, with the default status (made-up leads; `Rejected` on a bad value)."""
        specs, rules = self._shared.fields, self._shared.rules()
        stored = {name: normalise(specs[name].type, value, rules) for name, value in fields.items()}
        stored.setdefault("status", self._default_status)
        return stored

    def _check_unique(self, spec: Field, stored: object, lead: LeadRow | None) -> None:
        key = key_of(stored)
        for other in self._shared.leads.values():
            if (
                other is not lead
                and spec.api_name in other.fields
                and key_of(other.fields[spec.api_name]) == key
            ):
                raise Rejected(f"Value must be unique: another lead has {spec.api_name} {stored}")

    def apply(self, lead: LeadRow, accepted: dict[str, Any]) -> None:
        """Write checked values to `lead`."""
        lead.fields.update(accepted)
        self._applied(lead, accepted)

    def _applied(self, lead: LeadRow, accepted: dict[str, Any]) -> None:
        """What follows from `accepted` being written to `lead`: new options, a lost lead's lost reason."""
        shared = self._shared
        # Each field has options of its own: the order they are learnt in does not matter.
        for name in accepted.keys() & self._labelled:
            shared.labels.learn(name, shared.fields[name].type, accepted[name])
        if lead.fields.get("status") in self._lost_statuses and "lostReason" not in lead.fields:
            lead.fields["lostReason"] = shared.workspace.pipeline.default_lost_reason

    def insert(self, accepted: dict[str, Any], key: str, created_on: int, lead_id: str) -> LeadRow:
        """A new lead with the checked values of `accepted`, which it takes over (callers make it fresh),
        under identifier `key`."""
        shared = self._shared
        lead = LeadRow(lead_id, created_on, shared.next_seq(), accepted)
        self._applied(lead, accepted)
        shared.leads[lead.id] = lead
        shared.by_identifier[key] = lead.id
        bisect.insort(shared.by_created, (created_on, lead.seq, lead.id))
        return lead

    def json(self, lead: LeadRow) -> Json:
        """`lead`'s fields as the API answers them."""
        # Only dates (epoch ms, answered in the workspace format) and tags (copied) differ from the store.
        answer = dict(lead.fields)
        for name, value in answer.items():
            if isinstance(value, list) or name in self._date_fields:
                answer[name] = to_json(self._shared.fields[name].type, value, self._shared.tz)
        return answer


def key_of(stored: object) -> str:
    """The key an identifier (or unique field) value matches on: exactly, but case-insensitively (phones are
    normalised, emails trimmed already)."""
    return str(stored).casefold()
