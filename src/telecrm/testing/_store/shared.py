"""The state every resource's store shares, and the one lock over it: leads with their actions and the
indexes over them, the team, learnt labels, the value rules, ids and the clock.

The server's event loop thread writes while test threads read: every operation holds `Shared.lock`.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any

from telecrm.testing._field_rules import ValueRules
from telecrm.testing._store.errors import ApiError
from telecrm.testing._store.labels import Labels
from telecrm.testing._workspace import CustomActionDefinition, Field, Workspace


@dataclass(slots=True)
class ActionRow:
    """A stored timeline entry. `created_on` is epoch ms; `seq` orders entries created in the same ms."""

    id: str
    type: str
    created_on: int
    seq: int
    performed_by: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    payment: dict[str, str] | None = None


@dataclass(slots=True)
class LeadRow:
    """A stored lead: its fields as stored (dates in epoch ms), its actions in the order they were added."""

    id: str
    created_on: int
    seq: int
    fields: dict[str, Any]
    actions: list[ActionRow] = field(default_factory=list)


@dataclass(slots=True)
class MemberRow:
    """A stored team member."""

    id: str
    name: str
    email: str
    phone_number: str
    role: str
    status: str
    manager_email: str | None
    license: dict[str, str] | None


def now_ms() -> int:
    """The current time in epoch ms."""
    return time.time_ns() // 1_000_000


class Shared:
    """What the resources' stores share: the workspace, the lead and team tables, learnt labels, the lock."""

    def __init__(self, workspace: Workspace, *, enterprise_id: str, log_limit: int | None) -> None:
        self.workspace = workspace
        self.enterprise_id = enterprise_id
        self.log_limit = log_limit
        """How many entries each log keeps (None: all)."""
        self.lock: threading.RLock = threading.RLock()
        self.tz: timezone = workspace.tz
        self.fields: dict[str, Field] = {f.api_name: f for f in workspace.fields}
        """The workspace's lead fields by `apiName`."""
        self.custom_actions: dict[str, CustomActionDefinition] = {
            str(a.code): a for a in workspace.custom_actions
        }
        """The workspace's custom actions by bare code."""
        self._random = os.urandom(5)
        self._counter = itertools.count(int.from_bytes(os.urandom(3), "big"))
        self._seq = itertools.count()
        self.generation: int = 0
        """Counts resets: work begun before one (a queued upsert, a request in flight) leaves state alone."""
        self.clear()

    def clear(self) -> None:
        """Forget every lead, member and learnt label; start a new generation (the caller holds the lock)."""
        self.generation += 1
        self.enterprise_deleted = False
        self.leads: dict[str, LeadRow] = {}
        self.by_identifier: dict[str, str] = {}
        """Lead id by the lead's identifier, as `lead_fields.key_of` makes it."""
        # Every lead as (created_on, seq, id), oldest first: searches slice a created_on range out of it and
        # read it backwards (newest first) instead of sorting every lead on every page.
        self.by_created: list[tuple[int, int, str]] = []
        self.labels: Labels = Labels(self.workspace)
        self.members: list[MemberRow] = []
        self._rules: ValueRules | None = None

    def new_id(self) -> str:
        """A new id, laid out like a MongoDB ObjectId as Telecrm's ids are: seconds, random, counter."""
        count = next(self._counter) & 0xFFFFFF
        return (int(time.time()).to_bytes(4, "big") + self._random + count.to_bytes(3, "big")).hex()

    def next_seq(self) -> int:
        """The next number of the order in which leads and actions are stored."""
        return next(self._seq)

    def rules(self) -> ValueRules:
        """What field values are checked against besides their type: the pipeline, the team."""
        # Built once per team change: every field of every write is checked against it.
        if self._rules is None:
            pipeline = self.workspace.pipeline
            self._rules = ValueRules(
                country_code=self.workspace.default_country_code,
                tz=self.tz,
                active_statuses=pipeline.active_statuses,
                archived_statuses=pipeline.archived_statuses,
                active_lost_reasons=pipeline.active_lost_reasons,
                archived_lost_reasons=pipeline.archived_lost_reasons,
                members={m.email.casefold(): m.email for m in self.members if m.status != "Deleted"},
            )
        return self._rules

    def team_changed(self) -> None:
        """Say that the team changed: the value rules (which members a field may name) are made anew."""
        self._rules = None

    def lead(self, lead_id: str, message: str) -> LeadRow:
        """The lead with this id; 404 `LEAD_NOT_FOUND` saying `message` (with `{id}`) if there is none."""
        lead = self.leads.get(lead_id)
        if lead is None:
            raise ApiError(404, "LEAD_NOT_FOUND", message.format(id=lead_id))
        return lead
