"""The request log: every request the fake answered (or left unanswered), the newest `log_limit` of them."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Sequence
from typing import Any, Literal

from telecrm.testing._store.records import RequestRecord, TokenKind
from telecrm.testing._store.shared import Shared


class RequestLog:
    """Logged requests, oldest first."""

    def __init__(self, shared: Shared) -> None:
        self._shared = shared
        self.clear()

    def clear(self) -> None:
        """Forget every logged request (the caller holds the lock)."""
        # Each request as the tuple of RequestRecord's fields: a tuple is cheaper to make per request than a
        # frozen dataclass, and the collector stops tracking it. `records` makes the records.
        self._entries: deque[tuple[Any, ...]] = deque(maxlen=self._shared.log_limit)

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
        with self._shared.lock:
            self._entries.append(entry)

    def records(self) -> list[RequestRecord]:
        """The logged requests' records, in arrival order."""
        with self._shared.lock:
            entries = list(self._entries)
        return [_record(entry) for entry in entries]


def _record(entry: tuple[Any, ...]) -> RequestRecord:
    """The record of a log entry, its headers paired up again (they are logged flat)."""
    at, method, path, route, api, token, kind, status, fault, flat = entry
    headers = tuple(zip(flat[::2], flat[1::2], strict=True))
    return RequestRecord(at, method, path, route, api, token, kind, status, fault, headers)
