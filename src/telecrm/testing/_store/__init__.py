"""What a fake Telecrm remembers, and every API operation on it, independent of HTTP.

One store per resource, as in `telecrm.resources` (`leads`, `actions`, `team_members`, `workspace`, and
`ingest` for the Async API), plus the `tokens` (auth, rate limit) and the `request_log`, all over one
`Shared` state and its one lock. `Store` puts them together; the HTTP layer (`_app`, `_server`) calls them.
Operations take parsed JSON and return JSON-ready values, or raise `errors.ApiError` with the documented
status, code and message.

| module | concern |
|---|---|
| `shared` | the shared state and lock: lead and team tables, the `created_on` index, ids, value rules |
| `lead_fields` | checking, storing and answering a lead's field values |
| `leads`, `actions`, `team_members`, `workspace` | the Sync API's operations, one module per resource |
| `ingest` | processing the Async API's queued upserts |
| `tokens`, `request_log` | who may call, how often; what was called |
| `labels`, `filters`, `errors`, `records` | learnt options; search criteria; error answers; what tests read |
"""

from __future__ import annotations

from telecrm.testing._store.actions import Actions
from telecrm.testing._store.ingest import IngestQueue
from telecrm.testing._store.lead_fields import LeadFields
from telecrm.testing._store.leads import Leads
from telecrm.testing._store.request_log import RequestLog
from telecrm.testing._store.shared import Shared
from telecrm.testing._store.team_members import TeamMembers
from telecrm.testing._store.tokens import Tokens
from telecrm.testing._store.workspace import WorkspaceMetadata
from telecrm.testing._vocabulary import DEFAULT_LOG_LIMIT
from telecrm.testing._workspace import Workspace


class Store:
    """The fake's whole state: one store per resource over one shared state and lock."""

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
        shared = self._shared = Shared(workspace, enterprise_id=enterprise_id, log_limit=log_limit)
        self.enterprise_id: str = enterprise_id
        self.team_members: TeamMembers = TeamMembers(shared)
        self.actions: Actions = Actions(shared, self.team_members)
        fields = LeadFields(shared)
        self.leads: Leads = Leads(shared, fields, self.actions)
        self.workspace: WorkspaceMetadata = WorkspaceMetadata(shared)
        self.ingest: IngestQueue = IngestQueue(shared, fields, self.actions)
        self.tokens: Tokens = Tokens(
            shared,
            sync_token=sync_token,
            async_token=async_token,
            async_rate_limit=async_rate_limit,
            rate_window=rate_window,
        )
        self.request_log: RequestLog = RequestLog(shared)
        self.reset()

    @property
    def generation(self) -> int:
        """Counts resets: a request or upsert begun in an earlier generation leaves the state alone."""
        return self._shared.generation

    def reset(self) -> None:
        """Back to the workspace's initial data: seed leads and team, empty logs, only the initial tokens."""
        with self._shared.lock:
            self._shared.clear()
            self.ingest.clear()
            self.tokens.clear()
            self.request_log.clear()
            self.team_members.seed()
            self.leads.seed()
