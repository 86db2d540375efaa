"""The fake's ASGI application: both APIs' routes, typed-token auth, the Async rate limit and queue."""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Final, Literal

from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.types import Receive, Scope, Send

from telecrm.testing._faults import Fault, Faults, status_text
from telecrm.testing._store import ApiError, Json, RequestRecord, Store

SYNC_PREFIX: Final = "/autoupdate/v2"
ABORT: Final = "telecrm.testing.abort"
"""Key of the connection-abort callable the fake's server puts in each request's scope state."""

Api = Literal["sync", "async"]
_TRUNCATED: Final = b'{"data": [{"fields": {"name": "Ra'


@dataclass(frozen=True)
class _Call:
    """One parsed request, as a handler sees it."""

    path: dict[str, str]
    query: QueryParams
    body: bytes

    def json(self) -> Any:
        """The body as JSON (None when empty); 400 for anything that is not JSON."""
        if not self.body.strip():
            return None
        try:
            value = json.loads(self.body, parse_constant=_refuse_constant)
            # A lone surrogate escape ("\ud800") parses, but is not Unicode text: no answer could carry it.
            json.dumps(value, ensure_ascii=False).encode()
        except (ValueError, RecursionError):
            raise ApiError(400, "BAD_REQUEST", "Request body must be valid JSON") from None
        return value


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Python's parser would accept them and then fail to answer with them.
    raise ValueError(f"{name} is not valid JSON")


Handler = Callable[[Store, _Call], tuple[int, Json]]


def _flag(query: QueryParams, name: str) -> bool:
    return query.get(name, "").lower() == "true"


def _count(query: QueryParams, name: str, default: int, low: int, high: int | None, message: str) -> int:
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


def _skip(query: QueryParams) -> int:
    return _count(query, "skip", 0, 0, None, "Skip should be greater than or equal to 0")


def _limit(query: QueryParams, high: int) -> int:
    return _count(query, "limit", 10, 1, high, f"Limit should be between 1 and {high}")


# -- Sync handlers: parse the HTTP details, hand the rest to the store ---------------------------------------


def _get_lead(store: Store, call: _Call) -> tuple[int, Json]:
    include = _flag(call.query, "includeActions")
    # skip and limit only matter (and are only checked) when actions are included.
    skip = _skip(call.query) if include else 0
    limit = _limit(call.query, 100) if include else 10
    return 200, store.get_lead(call.path["leadId"], include_actions=include, skip=skip, limit=limit)


def _update_lead(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.update_lead(call.path["leadId"], call.json())


def _create_lead(store: Store, call: _Call) -> tuple[int, Json]:
    return 201, store.create_lead(call.json())


def _search_leads(store: Store, call: _Call) -> tuple[int, Json]:
    skip, limit = _skip(call.query), _limit(call.query, 100)
    return 200, store.search_leads(call.json(), skip=skip, limit=limit)


def _create_actions(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.create_actions(call.path["leadId"], call.json())


def _get_action(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.get_action(call.path["leadId"], call.path["actionId"])


def _update_action(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.update_action(call.path["leadId"], call.path["actionId"], call.json())


def _search_actions(store: Store, call: _Call) -> tuple[int, Json]:
    skip, limit = _skip(call.query), _limit(call.query, 100)
    return 200, store.search_actions(call.path["leadId"], call.json(), skip=skip, limit=limit)


def _list_team_members(store: Store, call: _Call) -> tuple[int, Json]:
    skip, limit = _skip(call.query), _limit(call.query, 10)
    return 200, store.list_team_members(
        skip=skip, limit=limit, include_deleted=_flag(call.query, "includeDeleted")
    )


def _create_team_member(store: Store, call: _Call) -> tuple[int, Json]:
    return 201, store.create_team_member(call.json())


def _get_team_member(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.get_team_member(call.path["email"], include_deleted=_flag(call.query, "includeDeleted"))


def _change_state(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.change_team_member_state(call.json())


def _custom_fields(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.custom_fields(detail=_flag(call.query, "detail"))


def _custom_field(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.custom_field(call.path["apiName"])


def _custom_actions(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.custom_actions(detail=_flag(call.query, "detail"))


def _custom_action(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.custom_action(call.path["code"])


def _metadata(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.metadata()


def _pipeline(store: Store, call: _Call) -> tuple[int, Json]:
    return 200, store.pipeline()


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


class FakeApp:
    """Both APIs on one ASGI app: the Sync API under `/autoupdate/v2`, the Async upsert at the root."""

    def __init__(self, store: Store, faults: Faults, *, ingest_delay: float) -> None:
        self.store = store
        self.faults = faults
        self.ingest_delay = ingest_delay
        self._queue: asyncio.Queue[_Queued] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping = asyncio.Event()
        enterprise = "/enterprise/{enterpriseId}"
        self.asgi = Starlette(
            routes=[
                Mount(
                    SYNC_PREFIX + enterprise,
                    routes=[
                        Route(path, _Operation(self, "sync", f"{method} {path}", handler), methods=[method])
                        for method, path, handler in SYNC_OPERATIONS
                    ],
                ),
                Route(
                    enterprise + "/autoupdatelead",
                    _Operation(self, "async", ASYNC_ROUTE, self._upsert),
                    methods=["POST"],
                ),
            ],
            exception_handlers={HTTPException: self._unrouted},
            lifespan=self._lifespan,
        )

    @asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        # Loop-bound objects are made anew each time the server starts.
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._queue = asyncio.Queue()
        worker = asyncio.create_task(self._ingest_worker(self._queue))
        try:
            yield
        finally:
            worker.cancel()

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

    async def _ingest_worker(self, queue: asyncio.Queue[_Queued]) -> None:
        while True:
            item = await queue.get()
            wait = item.due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.store.ingest(item.body, item.received_at, item.generation)

    def _upsert(self, store: Store, call: _Call) -> tuple[int, Json]:
        assert self._queue is not None, "the server runs the app's lifespan"
        try:
            body = call.json()
        except ApiError:
            # The Async API gives no feedback: a body that is not JSON is queued, and dropped by the worker.
            body = call.body.decode("utf-8", "replace")
        generation = store.enqueue()
        self._queue.put_nowait(_Queued(body, time.time(), time.monotonic() + self.ingest_delay, generation))
        return 200, {"status": "QUEUED"}

    async def _unrouted(self, request: Request, exc: Exception) -> Response:
        # Starlette raises 404, or 405 for a known path with another method. The API answers 404 to both: the
        # docs' example is `POST /team-members/state_change`, a path that exists for GET.
        self.store.log(
            RequestRecord(time.time(), request.method, request.url.path, None, None, None, None, 404, None)
        )
        return JSONResponse(
            {"error": {"code": "NOT_FOUND", "message": f"No route for {request.method} {request.url.path}"}},
            404,
        )


class _Operation:
    """One operation's ASGI endpoint: faults, auth, rate limit, the handler, the request log."""

    def __init__(self, app: FakeApp, api: Api, route: str, handler: Handler) -> None:
        self.app = app
        self.api = api
        self.route = route
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        store, faults = self.app.store, self.app.faults
        request = Request(scope, receive)
        arrived = time.time()
        token = _bearer(request.headers.get("authorization"))
        applied: str | None = None
        response: Response | None = None

        generation = store.generation
        # Read the body first: a client that gives up during an injected delay must still be
        # logged, and after it has gone the body can no longer be read.
        body = await request.body()
        fault = faults.draw(self.route, "before")
        if fault is not None and fault.kind == "latency":
            applied = "latency"
            waited = await self.app.pause(fault.delay)
            # Unless the server is stopping, or a reset while this request waited means another test owns the
            # fake now: then leave its state alone.
            fault = None if waited and store.generation == generation else Fault.drop()
        if fault is not None:
            applied = fault.kind
            response = _fault_response(fault, None)
        else:
            response = self._answer(request.path_params, request.query_params, body, token)
            fault = faults.draw(self.route, "after")
            if fault is not None:
                applied = fault.kind
                if fault.kind == "latency":
                    response = response if await self.app.pause(fault.delay) else None
                else:
                    response = _fault_response(fault, response)

        if store.generation == generation:
            store.log(
                RequestRecord(
                    at=arrived,
                    method=request.method,
                    path=request.url.path,
                    route=self.route,
                    api=self.api,
                    token=token,
                    token_kind=store.token_kind(token),
                    status=None if response is None else response.status_code,
                    fault=applied,
                )
            )
        if response is None:
            await _abort(scope, receive)
        else:
            await response(scope, receive, send)

    def _answer(self, path: dict[str, Any], query: QueryParams, body: bytes, token: str | None) -> Response:
        store = self.app.store
        enterprise_id = str(path["enterpriseId"])
        try:
            if enterprise_id != store.enterprise_id or token is None or store.token_kind(token) != self.api:
                raise ApiError(
                    401,
                    "NOT_AUTHORIZED",
                    f"Enterprise with ID {enterprise_id} not found or invalid access token. Please generate "
                    "a new one from the Website/API integrations section of the Telecrm app.",
                )
            if self.api == "async":
                wait = store.admit(token)
                if wait is not None:
                    raise ApiError(
                        429,
                        "RATE_LIMITED",
                        f"Rate limit of {store.async_rate_limit} requests per {store.rate_window:g} seconds "
                        "exceeded for this token",
                        headers={"Retry-After": str(max(1, math.ceil(wait)))},
                    )
            status, payload = self.handler(store, _Call({k: str(v) for k, v in path.items()}, query, body))
        except ApiError as exc:
            return JSONResponse(exc.body(), exc.status, headers=exc.headers)
        return JSONResponse(payload, status)


def _bearer(header: str | None) -> str | None:
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _fault_response(fault: Fault, processed: Response | None) -> Response | None:
    """The answer `fault` gives instead of `processed` (None if the request was not processed).

    None means: drop the connection. Latency faults only delay an answer and never come here.
    """
    if fault.kind == "drop":
        return None
    if fault.kind == "status":
        body = {"error": {"code": fault.code, "message": fault.message}}
        return JSONResponse(body, fault.status, headers=dict(fault.headers))
    if fault.kind == "malformed":
        if processed is None:
            return Response(_TRUNCATED, fault.status, media_type="application/json")
        real = bytes(processed.body)
        return Response(real[: len(real) // 2], processed.status_code, media_type="application/json")
    _, phrase = status_text(fault.status)
    page = (
        f"<html>\r\n<head><title>{fault.status} {phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{fault.status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )
    return Response(page, fault.status, media_type="text/html")


async def _abort(scope: Scope, receive: Receive) -> None:
    """Close the connection without a byte of response."""
    scope["state"][ABORT]()
    # Wait until the server has seen the connection go, or it would answer 500 for the response never started.
    async with asyncio.timeout(1):
        while (await receive())["type"] != "http.disconnect":
            pass
