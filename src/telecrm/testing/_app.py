"""The fake's ASGI application: both APIs' routes, typed-token auth, the Async rate limit and queue.

A plain ASGI callable rather than a framework app: routing is a lookup on the path's segments and answers
are sent as two ASGI messages, so that serving a request costs little more than uvicorn's own work (see
bench/fake_server.py).
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal
from urllib.parse import parse_qsl

from telecrm.testing._faults import Fault, Faults, status_text
from telecrm.testing._store import Store
from telecrm.testing._store.errors import ApiError, Json
from telecrm.testing._store.records import TokenKind
from telecrm.testing._vocabulary import ACTION_PAGE_LIMIT, LEAD_PAGE_LIMIT, TEAM_MEMBER_PAGE_LIMIT

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SYNC_PREFIX: Final = "/autoupdate/v2"
ABORT: Final = "telecrm.testing.abort"
"""Key of the connection-abort callable the fake's server puts in each request's scope state."""
NOT_JSON: Final = "Content-Type must be application/json"
"""Why a body sent as anything but JSON (text/plain, a form, multipart) is refused, or dropped on Async."""

Api = Literal["sync", "async"]
_TRUNCATED: Final = b'{"data": [{"fields": {"name": "Ra'
# One encoder for every answer (json.dumps with options builds a new one per call): Starlette's JSONResponse
# settings.
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_JSON: Final = b"application/json"
_QUEUED: Final = _ENCODER.encode({"status": "QUEUED"}).encode()
"""The answer to every upsert, encoded once."""


class _Call:
    """One parsed request, as a handler sees it."""

    __slots__ = ("_query", "body", "content_type", "path", "query_string")

    def __init__(
        self, path: dict[str, str], query_string: bytes, body: bytes, content_type: bytes | None
    ) -> None:
        self.path = path
        self.query_string = query_string
        self.body = body
        self.content_type = content_type
        self._query: dict[str, str] | None = None

    @property
    def query(self) -> dict[str, str]:
        """The query parameters; a name given twice keeps its last value."""
        if self._query is None:
            # Most requests have no query string: none to parse.
            query = self.query_string
            self._query = dict(parse_qsl(query.decode("latin-1"), keep_blank_values=True)) if query else {}
        return self._query

    def json(self) -> Any:
        """The body as JSON (None when empty); 400 for a body that is not declared JSON or is not JSON."""
        if not self.body.strip():
            return None
        if not is_json_media_type(self.content_type):
            raise ApiError(400, "BAD_REQUEST", NOT_JSON)
        try:
            # What json.loads does with bytes, with one decoder for every request (loads with options builds a
            # new one per call).
            encoding = _encoding(self.body)
            value = _DECODER.decode(self.body.decode(encoding, "surrogatepass"))
            # A lone surrogate ("\ud800", or its encoded bytes) parses, but is not Unicode text: no answer
            # could carry it. Only a body that could hold one is checked.
            if encoding != "utf-8" or b"\\u" in self.body or b"\xed" in self.body:
                _ENCODER.encode(value).encode()
        except (ValueError, RecursionError):
            raise ApiError(400, "BAD_REQUEST", "Request body must be valid JSON") from None
        return value


def _encoding(body: bytes) -> str:
    """The encoding of a JSON body, as `json.detect_encoding` finds it."""
    start = body[:2]
    # Two ASCII bytes, neither NUL, are neither a byte order mark nor UTF-16 or UTF-32: detect_encoding says
    # UTF-8, and a body nearly always opens so ('{"').
    if start.isascii() and b"\0" not in start:
        return "utf-8"
    return json.detect_encoding(body)


def is_json_media_type(content_type: bytes | None) -> bool:
    """`application/json` or `application/<anything>+json`, with any parameters (`; charset=utf-8`)."""
    if content_type == _JSON:  # what nearly every client sends: no need to take it apart
        return True
    if content_type is None:
        return False
    media = content_type.partition(b";")[0].strip().lower()
    return media == _JSON or (media.startswith(b"application/") and media.endswith(b"+json"))


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Python's parser would accept them and then fail to answer with them.
    raise ValueError(f"{name} is not valid JSON")


_DECODER: Final = json.JSONDecoder(parse_constant=_refuse_constant)


Handler = Callable[[Store, _Call], tuple[int, Json | bytes]]
"""An operation's work: its status and answer, a JSON-ready value or JSON already encoded."""


def _flag(query: dict[str, str], name: str) -> bool:
    return query.get(name, "").lower() == "true"


def _count(query: dict[str, str], name: str, default: int, low: int, high: int | None, message: str) -> int:
    """An integer query parameter within [low, high]; 400 `message` otherwise.

    Integral decimals (`10.0`) pass: the vendor spec types lead-search paging as `number`, so generated
    clients send them that way.
    """
    text = query.get(name)
    if text is None:
        return default
    try:
        number = float(text)
    except ValueError:
        raise ApiError(400, "BAD_REQUEST", message) from None
    if not number.is_integer() or number < low or (high is not None and number > high):
        raise ApiError(400, "BAD_REQUEST", message)
    return int(number)


def _skip(query: dict[str, str]) -> int:
    return _count(query, "skip", 0, 0, None, "Skip should be greater than or equal to 0")


def _limit(query: dict[str, str], high: int) -> int:
    return _count(query, "limit", 10, 1, high, f"Limit should be between 1 and {high}")


# -- Sync handlers: parse the HTTP details, hand the rest to the store ---------------------------------------


def _get_lead(store: Store, call: _Call) -> tuple[int, Json]:
    include = _flag(call.query, "includeActions")
    # skip and limit only matter (and are only checked) when actions are included.
    skip = _skip(call.query) if include else 0
    limit = _limit(call.query, LEAD_PAGE_LIMIT) if include else 10
    return 200, store.leads.get(call.path["leadId"], include_actions=include, skip=skip, limit=limit)


def _update_lead(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.leads.update(call.path["leadId"], call.json())


def _create_lead(store: Store, call: _Call) -> tuple[int, Json]:
    return 201, store.leads.create(call.json())


def _search_leads(store: Store, call: _Call) -> tuple[int, Json]:
    skip, limit = _skip(call.query), _limit(call.query, LEAD_PAGE_LIMIT)
    return 200, store.leads.search(call.json(), skip=skip, limit=limit)


def _create_actions(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.actions.create(call.path["leadId"], call.json())


def _get_action(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.actions.get(call.path["leadId"], call.path["actionId"])


def _update_action(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.actions.update(call.path["leadId"], call.path["actionId"], call.json())


def _search_actions(store: Store, call: _Call) -> tuple[int, Json]:
    skip, limit = _skip(call.query), _limit(call.query, ACTION_PAGE_LIMIT)
    return 200, store.actions.search(call.path["leadId"], call.json(), skip=skip, limit=limit)


def _list_team_members(store: Store, call: _Call) -> tuple[int, Json]:
    skip, limit = _skip(call.query), _limit(call.query, TEAM_MEMBER_PAGE_LIMIT)
    return 200, store.team_members.list(
        skip=skip, limit=limit, include_deleted=_flag(call.query, "includeDeleted")
    )


def _create_team_member(store: Store, call: _Call) -> tuple[int, Json]:
    return 201, store.team_members.create(call.json())


def _get_team_member(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.team_members.get(
        call.path["email"], include_deleted=_flag(call.query, "includeDeleted")
    )


def _change_state(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.team_members.set_state(call.json())


def _custom_fields(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.workspace.custom_fields(detail=_flag(call.query, "detail"))


def _custom_field(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.workspace.custom_field(call.path["apiName"])


def _custom_actions(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.workspace.custom_actions(detail=_flag(call.query, "detail"))


def _custom_action(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.workspace.custom_action(call.path["code"])


def _metadata(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.workspace.metadata()


def _pipeline(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.workspace.pipeline()


# Order matters where a literal segment shares a position with a parameter (`search` vs `{leadId}`).
SYNC_OPERATIONS: Final[tuple[tuple[str, str, Handler], ...]] = (
    ("POST", "/lead/search", _search_leads),
    ("POST", "/lead", _create_lead),
    ("GET", "/lead/{leadId}", _get_lead),
    ("POST", "/lead/{leadId}", _update_lead),
    ("POST", "/lead/{leadId}/action/search", _search_actions),
    ("POST", "/lead/{leadId}/action", _create_actions),
    ("GET", "/lead/{leadId}/action/{actionId}", _get_action),
    ("POST", "/lead/{leadId}/action/{actionId}", _update_action),
    ("GET", "/team-members", _list_team_members),
    ("POST", "/team-members", _create_team_member),
    ("GET", "/team-members/{email}", _get_team_member),
    ("POST", "/teammember/state_change", _change_state),
    ("GET", "/custom-fields", _custom_fields),
    ("GET", "/custom-fields/{apiName}", _custom_field),
    ("GET", "/custom-actions", _custom_actions),
    ("GET", "/custom-actions/{code}", _custom_action),
    ("GET", "/metadata", _metadata),
    ("GET", "/lead-stage-pipeline", _pipeline),
)
ASYNC_ROUTE: Final = "POST /autoupdatelead"
ROUTES: Final = (*(f"{method} {path}" for method, path, _ in SYNC_OPERATIONS), ASYNC_ROUTE)


@dataclass
class _Queued:
    body: Any
    received_at: float
    due: float
    generation: int
    refused: str | None


class _Reply:
    """An answer to send: status, body, its media type and any extra headers."""

    __slots__ = ("body", "headers", "media", "status")

    def __init__(
        self, status: int, body: bytes, media: bytes = _JSON, headers: Sequence[tuple[bytes, bytes]] = ()
    ) -> None:
        self.status = status
        self.body = body
        self.media = media
        self.headers = headers


def _json_reply(status: int, payload: Json | bytes, headers: dict[str, str] | None = None) -> _Reply:
    body = payload if isinstance(payload, bytes) else _ENCODER.encode(payload).encode()
    if not headers:
        return _Reply(status, body)
    return _Reply(
        status, body, _JSON, [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    )


class _ClientGone(Exception):
    """The client disconnected before its request's body was complete."""


class FakeApp:
    """Both APIs as one ASGI app: the Sync API under `/autoupdate/v2`, the Async upsert at the root."""

    def __init__(self, store: Store, faults: Faults, *, ingest_delay: float) -> None:
        self.store = store
        self.faults = faults
        self.ingest_delay = ingest_delay
        # Upserts waiting to be processed, oldest first, and the loop callback that will process the due ones.
        self._queue: deque[_Queued] = deque()
        self._drain: asyncio.Handle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping = asyncio.Event()
        # Sync routes by (segment count, method, first segment), each list in SYNC_OPERATIONS order: where a
        # literal segment shares a position with a parameter (`search` vs `{leadId}`) the first match wins.
        self._sync: dict[tuple[int, str, str], list[_SyncRoute]] = {}
        for method, path, handler in SYNC_OPERATIONS:
            route = _SyncRoute(path, _Operation(self, "sync", f"{method} {path}", handler))
            self._sync.setdefault((route.length, method, route.first), []).append(route)
        self._upsert_operation = _Operation(self, "async", ASYNC_ROUTE, self._upsert)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            found = self._route(scope["method"], scope["path"])
            if found is None:
                await self._unrouted(scope, send)
            else:
                operation, enterprise_id, path = found
                await operation(scope, receive, send, enterprise_id, path)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    def _route(self, method: str, path: str) -> tuple[_Operation, str, dict[str, str]] | None:
        """The operation for `method` on `path`, its enterprise id and path parameters; None for no route."""
        parts = path.split("/")
        if method == "HEAD":  # a GET without the body (the server leaves it out)
            method = "GET"
        # "/autoupdate/v2/enterprise/{enterpriseId}/..." -> ["", "autoupdate", "v2", "enterprise", id, ...]
        if len(parts) > 5 and parts[1] == "autoupdate" and parts[2] == "v2" and parts[3] == "enterprise":
            rest = parts[5:]
            if not parts[4]:
                return None
            for route in self._sync.get((len(rest), method, rest[0]), ()):
                values = route.match(rest)
                if values is not None:
                    return route.operation, parts[4], values
            return None
        # "/enterprise/{enterpriseId}/autoupdatelead"
        if len(parts) == 4 and parts[1] == "enterprise" and parts[2] and parts[3] == "autoupdatelead":
            return (self._upsert_operation, parts[2], {}) if method == "POST" else None
        return None

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # Loop-bound objects are made anew each time the server starts.
                self._loop = asyncio.get_running_loop()
                self._stopping = asyncio.Event()
                self._queue = deque()
                self._drain = None
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._drain is not None:
                    self._drain.cancel()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def stopping(self) -> None:
        """Cut short every injected delay (callable from any thread), so that stopping need not wait."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)

    async def pause(self, seconds: float) -> bool:
        """Wait `seconds`; False if the server began stopping meanwhile."""
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            return True
        return False

    def _schedule_drain(self) -> None:
        assert self._loop is not None, "the server runs the app's lifespan"
        wait = self._queue[0].due - time.monotonic()
        if wait > 0:
            self._drain = self._loop.call_later(wait, self._process_due)
        else:
            self._drain = self._loop.call_soon(self._process_due)

    def _process_due(self) -> None:
        """Process every queued upsert that is due, in arrival order (a loop callback, not a task)."""
        self._drain = None
        now = time.monotonic()
        while self._queue and self._queue[0].due <= now:
            item = self._queue.popleft()
            self.store.ingest.ingest(item.body, item.received_at, item.generation, refused=item.refused)
        if self._queue:
            self._schedule_drain()

    def _upsert(self, store: Store, call: _Call) -> tuple[int, bytes]:
        # The Async API gives no feedback: whatever the body, it is queued, and processing drops what it
        # cannot use. A body not sent as JSON is not read at all (as a JSON body parser would skip it).
        refused = None
        try:
            body = call.json()
        except ApiError as exc:
            body = call.body.decode("utf-8", "replace")
            refused = exc.message if exc.message == NOT_JSON else None
        generation = store.ingest.enqueue()
        self._queue.append(
            _Queued(body, time.time(), time.monotonic() + self.ingest_delay, generation, refused)
        )
        if self._drain is None:
            self._schedule_drain()
        return 200, _QUEUED

    async def _unrouted(self, scope: Scope, send: Send) -> None:
        # No route, or a known path with another method: the API answers 404 to both (the docs' example is
        # `POST /team-members/state_change`, a path that exists for GET).
        method, path = scope["method"], scope["path"]
        self.store.request_log.log(
            time.time(), method, path, None, None, None, None, 404, None, scope["headers"]
        )
        body = {"error": {"code": "NOT_FOUND", "message": f"No route for {method} {path}"}}
        await _send(send, _json_reply(404, body))


class _SyncRoute:
    """A Sync API path template below the enterprise (`lead/{leadId}/action`) and its operation."""

    __slots__ = ("first", "length", "literals", "operation", "parameters")

    def __init__(self, template: str, operation: _Operation) -> None:
        parts = template.strip("/").split("/")
        self.length = len(parts)
        self.first = parts[0]
        # (position, text) of each literal segment, (position, name) of each {parameter}.
        self.literals = tuple((i, part) for i, part in enumerate(parts) if not part.startswith("{"))
        self.parameters = tuple((i, part[1:-1]) for i, part in enumerate(parts) if part.startswith("{"))
        self.operation = operation

    def match(self, segments: list[str]) -> dict[str, str] | None:
        """The path parameters if `segments` (as many as the template's) fit it; None if they do not.

        A parameter matches any segment but an empty one.
        """
        for position, text in self.literals:
            if segments[position] != text:
                return None
        values = {}
        for position, name in self.parameters:
            value = segments[position]
            if not value:
                return None
            values[name] = value
        return values


class _Operation:
    """One operation's endpoint: faults, auth, rate limit, the handler, the request log."""

    def __init__(self, app: FakeApp, api: Api, route: str, handler: Handler) -> None:
        self.app = app
        self.api = api
        self.route = route
        self.handler = handler

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, enterprise_id: str, path: dict[str, str]
    ) -> None:
        app = self.app
        store, faults = app.store, app.faults
        arrived = time.time()
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        authorization = content_type = None
        for name, value in headers:
            if name == b"authorization" and authorization is None:
                authorization = value
            elif name == b"content-type" and content_type is None:
                content_type = value
        token = _bearer(authorization)
        kind = store.tokens.kind(token)
        applied: str | None = None
        reply: _Reply | None = None

        generation = store.generation
        # Read the body first: a client that gives up during an injected delay must still be logged, and after
        # it has gone the body can no longer be read.
        try:
            body = await _read_body(receive)
        except _ClientGone:
            # Nothing to answer, and nobody to answer it to: log the request as unanswered.
            self._log(store, generation, scope, arrived, token, kind, headers, None, None)
            return
        fault = faults.draw(self.route, "before")
        if fault is not None and fault.kind == "latency":
            applied = "latency"
            waited = await app.pause(fault.delay)
            # Unless the server is stopping, or a reset while this request waited means another test owns the
            # fake now: then leave its state alone.
            fault = None if waited and store.generation == generation else Fault.drop()
        if fault is not None:
            applied = fault.kind
            reply = _fault_reply(fault, None)
        else:
            call = _Call(path, scope["query_string"], body, content_type)
            reply = self._answer(enterprise_id, call, token, kind)
            fault = faults.draw(self.route, "after")
            if fault is not None:
                applied = fault.kind
                if fault.kind == "latency":
                    reply = reply if await app.pause(fault.delay) else None
                else:
                    reply = _fault_reply(fault, reply)

        self._log(store, generation, scope, arrived, token, kind, headers, reply, applied)
        if reply is None:
            await _abort(scope, receive)
        else:
            await _send(send, reply)

    def _log(
        self,
        store: Store,
        generation: int,
        scope: Scope,
        arrived: float,
        token: str | None,
        kind: TokenKind | None,
        headers: list[tuple[bytes, bytes]],
        reply: _Reply | None,
        fault: str | None,
    ) -> None:
        if store.generation == generation:
            status = None if reply is None else reply.status
            store.request_log.log(
                arrived,
                scope["method"],
                scope["path"],
                self.route,
                self.api,
                token,
                kind,
                status,
                fault,
                headers,
            )

    def _answer(self, enterprise_id: str, call: _Call, token: str | None, kind: TokenKind | None) -> _Reply:
        store = self.app.store
        try:
            if enterprise_id != store.enterprise_id or token is None or kind != self.api:
                # A bad, revoked or wrong-type token and a wrong enterprise id are the same 401.
                raise ApiError(
                    401,
                    "NOT_AUTHORIZED",
                    f"Enterprise with ID {enterprise_id} not found or invalid access token. Please generate "
                    "a new one from the Website/API integrations section of the Telecrm app.",
                )
            if self.api == "async":
                tokens = store.tokens
                wait = tokens.admit(token)
                if wait is not None:
                    # The docs say nothing of what comes back past the limit: this 429 (Retry-After, the
                    # usual error body) is the fake's assumption.
                    raise ApiError(
                        429,
                        "RATE_LIMITED",
                        f"Rate limit of {tokens.async_rate_limit} requests per {tokens.rate_window:g} "
                        "seconds exceeded for this token",
                        headers={"Retry-After": str(max(1, math.ceil(wait)))},
                    )
            status, payload = self.handler(store, call)
        except ApiError as exc:
            return _json_reply(exc.status, exc.body(), exc.headers)
        return _json_reply(status, payload)


async def _read_body(receive: Receive) -> bytes:
    """The whole request body; `_ClientGone` if the client disconnects first."""
    message = await receive()
    if message["type"] != "http.request":
        raise _ClientGone
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):
        return body
    chunks = [body]
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _ClientGone
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send(send: Send, reply: _Reply) -> None:
    headers = [(b"content-type", reply.media), (b"content-length", b"%d" % len(reply.body)), *reply.headers]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})


def _bearer(header: bytes | None) -> str | None:
    if header is None:
        return None
    scheme, _, token = header.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _fault_reply(fault: Fault, processed: _Reply | None) -> _Reply | None:
    """The answer `fault` gives instead of `processed` (None if the request was not processed).

    None means: drop the connection. Latency faults only delay an answer and never come here.
    """
    if fault.kind == "drop":
        return None
    if fault.kind == "status":
        body = {"error": {"code": fault.code, "message": fault.message}}
        return _json_reply(fault.status, body, dict(fault.headers))
    if fault.kind == "malformed":
        if processed is None:
            return _Reply(fault.status, _TRUNCATED)
        return _Reply(processed.status, processed.body[: len(processed.body) // 2])
    _, phrase = status_text(fault.status)
    page = (
        f"<html>\r\n<head><title>{fault.status} {phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{fault.status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )
    return _Reply(fault.status, page.encode(), b"text/html; charset=utf-8")


async def _abort(scope: Scope, receive: Receive) -> None:
    """Close the connection without a byte of response."""
    scope["state"][ABORT]()
    # Wait until the server has seen the connection go, or it would answer 500 for the response never started.
    async with asyncio.timeout(1):
        while (await receive())["type"] != "http.disconnect":
            pass
