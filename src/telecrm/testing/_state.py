"""The inspectable state of a running fake: what tests read (and the few things they may add)."""

from __future__ import annotations

from telecrm._presentation import present_as
from telecrm.testing._store import Store
from telecrm.testing._store.records import (
    IngestRecord,
    LeadRecord,
    RequestRecord,
    TeamMemberRecord,
    TokenKind,
)


class State:
    """What a fake Telecrm holds. Every read returns a snapshot copied under the fake's lock."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def leads(self) -> list[LeadRecord]:
        """Every lead, oldest first."""
        return self._store.leads.records()

    def lead(self, lead_id: str) -> LeadRecord:
        """The lead with this id (KeyError if there is none)."""
        return self._store.leads.record(lead_id)

    def find_lead(self, identifier: object) -> LeadRecord | None:
        """The lead whose identifier matches `identifier` as the API matches it (phones normalised)."""
        return self._store.leads.find(identifier)

    @property
    def team_members(self) -> list[TeamMemberRecord]:
        """Every team member, deleted ones included, in the order they were added."""
        return self._store.team_members.records()

    @property
    def requests(self) -> list[RequestRecord]:
        """The requests answered (or left unanswered) since start or the last reset, in arrival order.

        Each has its method, path, route, token, status, injected fault and `headers`. Only the newest
        `log_limit` are kept (a `FakeTelecrm` option, 10,000 by default). Count from it, e.g.
        `sum(r.api == "async" and r.status == 429 for r in fake.state.requests)`.
        """
        return self._store.request_log.records()

    @property
    def ingested(self) -> list[IngestRecord]:
        """What the background worker did with each Async upsert, in processing order (the newest
        `log_limit`)."""
        return self._store.ingest.records()

    def admitted(self, token: str) -> list[float]:
        """When each Async request on `token` was admitted under the rate limit (the newest `log_limit`), in
        `time.monotonic()` seconds: the clock the sliding window counts with. Empty without a rate limit.

        With `async_rate_limit=18_000 // k` and `rate_window=3600 / k`, the hour runs `k` times faster; the
        number of these times in any `rate_window` span is what the limit holds to at most `async_rate_limit`.
        """
        return self._store.tokens.admitted(token)

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Block until every queued Async upsert is processed; TimeoutError after `timeout` seconds."""
        self._store.ingest.wait_idle(timeout)

    def add_timeline_entry(
        self,
        lead_id: str,
        type: str,
        *,
        performed_by: str | None = None,
        created_on: int | str | None = None,
    ) -> str:
        """Record a built-in action (a call, a message, ...) on a lead as Telecrm would; returns its id.

        The API cannot write these; it can only find them by search. `performed_by` is a team member's email;
        `created_on` is epoch ms or `DD/MM/YYYY[ HH:mm:ss]` (default: now).
        """
        return self._store.actions.add_timeline_entry(
            lead_id, type, performed_by=performed_by, created_on=created_on
        )

    def generate_leads(self, count: int, *, seed: int = 0) -> None:
        """Add `count` made-up leads, with a value in nearly every field of the workspace (custom fields of
        every type; about one field in ten left out), created over the year before now, oldest first.

        The same `seed` gives the same leads, apart from `created_on`. The leads are stored directly, not
        through the API (50,000 take a few seconds); `telecrm-fake --seed-leads N` does the same at start.
        """
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"count must be a whole number >= 0, got {count!r}")
        self._store.leads.generate(count, seed)

    def issue_token(self, kind: TokenKind) -> str:
        """A new token of `kind` (a workspace holds at most 3 of each; ValueError beyond)."""
        return self._store.tokens.issue(kind)

    def revoke_token(self, token: str) -> None:
        """Revoke `token`: its next request gets 401 (KeyError if it is not a token of this fake)."""
        self._store.tokens.revoke(token)

    def delete_enterprise(self) -> None:
        """Lose the enterprise's record while its tokens still authenticate, until the next reset.

        The enterprise-metadata endpoints (custom fields, custom actions, metadata, pipeline) then answer
        `404 ENTERPRISE_NOT_FOUND`, as documented; the other endpoints carry on. A wrong enterprise id in the
        path is not this: like a bad token it is the universal 401 (telecrm-api.md section 3).
        """
        self._store.workspace.delete_enterprise()


# Public as telecrm.testing.State: it presents so in reprs, tracebacks and pickles.
present_as("telecrm.testing", globals(), ("State",))
