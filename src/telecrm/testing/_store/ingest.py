"""The Async API's queue, store side: counting accepted upserts, processing each (creating or updating its
lead, dropping silently what it cannot use), the log of what was done, and waiting until none is pending.

The HTTP layer (`_app.FakeApp`) holds the queue itself and hands each upsert here when it is due.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any, Literal

from telecrm.testing._store.actions import Actions
from telecrm.testing._store.errors import ApiError
from telecrm.testing._store.lead_fields import LeadFields
from telecrm.testing._store.records import IngestRecord
from telecrm.testing._store.shared import Shared


class IngestQueue:
    """Processes Async upserts into the shared state's leads."""

    def __init__(self, shared: Shared, fields: LeadFields, actions: Actions) -> None:
        self._shared = shared
        self._fields = fields
        self._actions = actions
        self._idle = threading.Condition(shared.lock)
        with shared.lock:
            self.clear()

    def clear(self) -> None:
        """Forget every pending upsert and the log (the caller holds the lock), and wake `wait_idle`."""
        self._pending = 0
        self._idle.notify_all()
        # Each processed upsert as the tuple of IngestRecord's fields: a tuple is cheaper to make than a
        # frozen dataclass, and the collector stops tracking it. `records` makes the records.
        self._ingested: deque[tuple[Any, ...]] = deque(maxlen=self._shared.log_limit)

    def enqueue(self) -> int:
        """Count one accepted Async upsert as pending; returns the generation to hand back to `ingest`."""
        with self._shared.lock:
            self._pending += 1
            return self._shared.generation

    def ingest(self, body: Any, received_at: float, generation: int, *, refused: str | None = None) -> None:
        """Process one queued Async upsert (unless a reset has happened since it was queued).

        `refused`: why the body was not read at all (it was not sent as JSON); it is dropped whole.
        """
        with self._shared.lock:
            if generation != self._shared.generation:
                return
            try:
                if refused is not None:
                    self._ingested.append((received_at, body, "dropped", None, (("", refused),)))
                else:
                    self._ingested.append(self._upsert(body, received_at))
            finally:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.notify_all()

    def _upsert(self, body: Any, received_at: float) -> tuple[Any, ...]:
        """Apply one upsert; returns the fields of its `IngestRecord`."""
        shared, fields_of = self._shared, self._fields
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, dict):
            reason = "body must be a JSON object with a 'fields' object"
            return received_at, body, "dropped", None, (("", reason),)
        try:
            key, stored = fields_of.identifier(fields)
        except ApiError as exc:
            return received_at, body, "dropped", None, (("", exc.message),)
        lead_id = shared.by_identifier.get(key)
        lead = None if lead_id is None else shared.leads[lead_id]
        identifier = fields_of.identifier_name
        locked = [name for name in fields_of.locked if name in fields]
        # An update matches on the identifier, so it keeps its value; other locked fields are left out.
        changes = fields if lead is None else {k: v for k, v in fields.items() if k not in locked}
        accepted, rejected = fields_of.check(
            changes, creating=lead is None, lead=lead, identifier_stored=stored
        )
        left_out = [(f"fields.{name}", problem.remark) for name, problem in rejected]
        if lead is not None:
            left_out += [
                (f"fields.{n}", "Field cannot be modified after creation") for n in locked if n != identifier
            ]
        if lead is None:
            lead = fields_of.insert(accepted, key, int(received_at * 1000), shared.new_id())
            outcome: Literal["created", "updated"] = "created"
        else:
            fields_of.apply(lead, accepted)
            outcome = "updated"
        raw_actions = body.get("actions", [])
        if not isinstance(raw_actions, list):
            left_out.append(("actions", "actions must be an array"))
            raw_actions = []
        for i, raw in enumerate(raw_actions):
            action, problems = self._actions.parse(raw, f"actions[{i}]", api="async")
            if action is None:
                left_out.extend(problems)
            else:
                action.id = shared.new_id()
                self._actions.append(lead, action)
        return received_at, body, outcome, lead.id, tuple(left_out)

    def wait_idle(self, timeout: float) -> None:
        """Block until every queued upsert is processed; TimeoutError after `timeout` seconds."""
        with self._idle:
            if not self._idle.wait_for(lambda: self._pending == 0, timeout):
                raise TimeoutError(f"{self._pending} Async upserts still queued after {timeout} s")

    def records(self) -> list[IngestRecord]:
        """What was done with each processed upsert, oldest first (the newest `log_limit`)."""
        with self._shared.lock:
            return [IngestRecord(*entry) for entry in self._ingested]
