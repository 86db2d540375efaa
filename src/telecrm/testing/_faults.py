"""Faults a test can inject into the fake's answers: latency, error statuses, drops, broken bodies."""

from __future__ import annotations

import fnmatch
import random
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Literal

from telecrm._presentation import present_as

FaultKind = Literal["latency", "status", "drop", "malformed", "html"]
When = Literal["before", "after"]


@dataclass(frozen=True)
class Fault:
    """What goes wrong with an answer. Build one with the class methods."""

    kind: FaultKind
    status: int = 200
    delay: float = 0.0
    code: str | None = None
    message: str | None = None
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def latency(cls, seconds: float) -> Fault:
        """Answer normally, `seconds` late."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        return cls("latency", delay=seconds)

    @classmethod
    def error(
        cls,
        status: int,
        *,
        retry_after: float | str | None = None,
        code: str | None = None,
        message: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Answer `status` with an API-style error body `{"error": {"code", "message"}}`.

        `code` and `message` default to the status's name and phrase (503 -> `SERVICE_UNAVAILABLE`, "Service
        Unavailable"). `retry_after` sets the `Retry-After` header: a number of seconds, or a string sent as
        given (e.g. an HTTP date). `headers` adds any others (e.g. `retry-after-ms`).
        """
        _check_status(status)
        name, phrase = status_text(status)
        extra = dict(headers or {})
        if retry_after is not None:
            extra["Retry-After"] = retry_after if isinstance(retry_after, str) else f"{retry_after:g}"
        return cls(
            "status",
            status=status,
            code=code or name,
            message=message or phrase,
            headers=tuple(extra.items()),
        )

    @classmethod
    def rate_limited(cls, retry_after: float | str = 1) -> Fault:
        """`429 RATE_LIMITED` with `Retry-After`, as the fake's own Async rate limit answers.

        The docs do not say what the real API sends past its limit: this status, header and body are the
        fake's assumption.
        """
        return cls.error(429, retry_after=retry_after, code="RATE_LIMITED", message="Rate limit exceeded")

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without answering: the client sees the server disconnect."""
        return cls("drop")

    @classmethod
    def malformed(cls, status: int = 200) -> Fault:
        """A JSON body cut short.

        Before processing it is a stock fragment with `status`; after processing it is the first half of the
        real answer, under the real status.
        """
        _check_status(status)
        return cls("malformed", status=status)

    @classmethod
    def html(cls, status: int = 502) -> Fault:
        """An HTML error page with `status`, as a proxy in front of the API would send."""
        _check_status(status)
        return cls("html", status=status)


def _check_status(status: int) -> None:
    if not 200 <= status <= 599:
        raise ValueError(f"status must be a final HTTP status (200-599), not {status}")


def status_text(status: int) -> tuple[str, str]:
    """The name and phrase of `status`; non-standard ones (520, 499) get `HTTP_520`, "Unknown Error"."""
    try:
        known = HTTPStatus(status)
    except ValueError:
        return f"HTTP_{status}", "Unknown Error"
    return known.name, known.phrase


@dataclass(eq=False)
class FaultRule:
    """One injected fault and where it strikes. `hits` counts the requests it struck."""

    fault: Fault
    route: str | None
    when: When
    remaining: int | None
    """How many more requests it strikes; None for no limit."""
    rate: float | None
    hits: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)

    def _matches(self, route: str) -> bool:
        return self.route is None or fnmatch.fnmatchcase(route, self.route)


class Faults:
    """The faults injected into a running fake, tried in the order they were added.

    Routes are named by method and path template below the enterprise, e.g. `POST /lead`,
    `GET /lead/{leadId}`, `POST /lead/{leadId}/action`, `POST /autoupdatelead` (the Async upsert). A pattern
    without a method matches every method; `*` and `?` are wildcards (`GET /custom-*`).
    """

    def __init__(self, routes: Iterable[str]) -> None:
        self._routes = tuple(routes)
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    @property
    def routes(self) -> tuple[str, ...]:
        """Every route name a pattern can match."""
        return self._routes

    @property
    def rules(self) -> list[FaultRule]:
        """Every fault rule in force, in the order they are matched."""
        with self._lock:
            return list(self._rules)

    def add(
        self,
        fault: Fault,
        *,
        route: str | None = None,
        when: When = "before",
        times: int | None = None,
        rate: float | None = None,
        seed: int | None = None,
    ) -> FaultRule:
        """Inject `fault` into requests on `route` (a pattern; None for every route).

        `when="before"`: the fault strikes before the fake looks at the request, so nothing is processed.
        `when="after"`: the fake processes the request first (a lead gets created, an upsert queued), then the
        fault replaces or delays the answer. `times` limits how many requests it strikes. `rate` strikes only
        that fraction of matching requests, drawn from a generator seeded with `seed`.
        """
        if route is not None:
            route = route if " " in route else f"* {route}"
            if not any(fnmatch.fnmatchcase(known, route) for known in self._routes):
                raise ValueError(f"route {route!r} matches none of: {', '.join(self._routes)}")
        if times is not None and times < 1:
            raise ValueError("times must be >= 1")
        if rate is not None and not 0 < rate <= 1:
            raise ValueError("rate must be in (0, 1]")
        rule = FaultRule(fault, route, when, times, rate, _random=random.Random(seed))
        with self._lock:
            self._rules.append(rule)
        return rule

    def remove(self, rule: FaultRule) -> None:
        """Stop one fault rule (as returned by ``add``)."""
        with self._lock:
            self._rules.remove(rule)

    def clear(self) -> None:
        """Stop every fault rule."""
        with self._lock:
            self._rules.clear()

    def draw(self, route: str, when: When) -> Fault | None:
        """The fault that strikes this request at this point, counting it; None if none does."""
        if not self._rules:  # the usual case, read without the lock: a list's length is read atomically
            return None
        with self._lock:
            for rule in self._rules:
                if rule.when != when or rule.remaining == 0 or not rule._matches(route):
                    continue
                if rule.rate is not None and rule._random.random() >= rule.rate:
                    continue
                rule.hits += 1
                if rule.remaining is not None:
                    rule.remaining -= 1
                return rule.fault
        return None


# Public as telecrm.testing.X: they present so in reprs, tracebacks and pickles.
present_as("telecrm.testing", globals(), ("Fault", "FaultRule", "Faults"))
