"""Tokens and the Async rate limit: which bearer tokens authenticate and for which API, issuing and revoking
them, and each Async token's sliding window of admitted requests."""

from __future__ import annotations

import os
import time
from collections import deque

from telecrm.testing._store.records import TokenKind
from telecrm.testing._store.shared import Shared
from telecrm.testing._vocabulary import MAX_TOKENS_PER_KIND


class Tokens:
    """The workspace's live tokens and their rate windows."""

    def __init__(
        self,
        shared: Shared,
        *,
        sync_token: str,
        async_token: str,
        async_rate_limit: int | None,
        rate_window: float,
    ) -> None:
        self._shared = shared
        self._initial: dict[str, TokenKind] = {sync_token: "sync", async_token: "async"}
        self.async_rate_limit = async_rate_limit
        """Async requests a token may make per `rate_window` seconds (None: no limit)."""
        self.rate_window = rate_window
        self.clear()

    def clear(self) -> None:
        """Back to the initial tokens, with fresh rate windows (the caller holds the lock)."""
        self._tokens = dict(self._initial)
        self._windows: dict[str, deque[float]] = {}
        # When each Async request was admitted, per token (the newest `log_limit`), on the clock `admit`
        # counts with: what a test of client-side pacing measures.
        self._admissions: dict[str, deque[float]] = {}

    def kind(self, token: str | None) -> TokenKind | None:
        """The API `token` is for, if it is a live token."""
        with self._shared.lock:
            return None if token is None else self._tokens.get(token)

    def issue(self, kind: TokenKind) -> str:
        """A new token of `kind` (a workspace holds at most 3 of each; ValueError beyond)."""
        with self._shared.lock:
            if sum(k == kind for k in self._tokens.values()) >= MAX_TOKENS_PER_KIND:
                raise ValueError(f"a workspace holds at most {MAX_TOKENS_PER_KIND} {kind} tokens")
            token = f"{self._shared.new_id()}:{os.urandom(16).hex()}"
            self._tokens[token] = kind
            return token

    def revoke(self, token: str) -> None:
        """Revoke `token` (KeyError if it is not live)."""
        with self._shared.lock:
            del self._tokens[token]

    def admit(self, token: str) -> float | None:
        """Count an Async request against its token's window.

        Returns None if admitted, else the seconds until it would be. Refused requests do not count.
        """
        if self.async_rate_limit is None:
            return None
        with self._shared.lock:
            now = time.monotonic()
            window = self._windows.get(token)
            if window is None:  # not setdefault, which would build a deque on every request
                window = self._windows[token] = deque()
            while window and window[0] <= now - self.rate_window:
                window.popleft()
            if len(window) >= self.async_rate_limit:
                return window[0] + self.rate_window - now
            window.append(now)
            admitted = self._admissions.get(token)
            if admitted is None:
                admitted = self._admissions[token] = deque(maxlen=self._shared.log_limit)
            admitted.append(now)
            return None

    def admitted(self, token: str) -> list[float]:
        """When each Async request on `token` was admitted (`time.monotonic()`), oldest first."""
        with self._shared.lock:
            return list(self._admissions.get(token, ()))
