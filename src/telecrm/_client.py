"""The client objects users construct: :class:`Telecrm` and :class:`AsyncTelecrm`."""

from __future__ import annotations

import functools
import json as json_module
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, Unpack, overload
from urllib.parse import quote

import httpx

from ._checks import flag, header_items, json_value, preview, query_value, text
from ._config import Settings, resolve_settings
from ._errors import APIResponseValidationError, ValidationError
from ._limiter import RateLimiter, limiter_key
from ._operations import Api, Operation
from ._requests import RequestOptions
from ._retry import RetryPolicy
from ._transport import AsyncTransport, SyncTransport
from ._value import evolve
from .resources.actions import Actions, ActionsWithRawResponse, AsyncActions, AsyncActionsWithRawResponse
from .resources.ingest import AsyncIngest, AsyncIngestWithRawResponse, Ingest, IngestWithRawResponse
from .resources.leads import AsyncLeads, AsyncLeadsWithRawResponse, Leads, LeadsWithRawResponse
from .resources.team_members import (
    AsyncTeamMembers,
    AsyncTeamMembersWithRawResponse,
    TeamMembers,
    TeamMembersWithRawResponse,
)
from .resources.workspace import (
    AsyncWorkspace,
    AsyncWorkspaceWithRawResponse,
    Workspace,
    WorkspaceWithRawResponse,
)

if TYPE_CHECKING:
    from ._pool import OwnPool

T = TypeVar("T")
HttpClient = TypeVar("HttpClient", httpx.Client, httpx.AsyncClient)

# Both hosts share one pool; the Async API's bulk paths run many requests at once.
_DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


Transport = TypeVar("Transport", SyncTransport, AsyncTransport)


def _per_token(own: Transport, tokens: Sequence[str] | None) -> list[Transport]:
    quiet = own.replace(policy=evolve(own.policy, max_retries=0))
    if tokens is None:
        return [quiet]
    return [quiet.replace(settings=evolve(quiet.settings, ingest_token=token)) for token in tokens]


def _configure_logging(level: str | None) -> None:
    if level is None:
        return
    logging.getLogger("telecrm").setLevel(logging.DEBUG if level == "debug" else logging.INFO)
    # Print through the root logger only if the application has not set logging up itself;
    # adding a handler of our own would print every line twice in an application that has.
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s")


_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_MAX_PATH_CHARS = 8192


def _json_body(response: httpx.Response, body: bytes) -> Any:
    if not body.strip():
        return None
    try:
        return json_module.loads(body)
    except (ValueError, RecursionError) as exc:
        raise APIResponseValidationError(
            f"the {response.request.method} {response.request.url.path} response is not JSON ({exc})",
            status_code=response.status_code,
            body=body,
        ) from exc


def _raw_operation(
    enterprise_id: str,
    method: str,
    path: str,
    api: Api,
    params: Mapping[str, Any] | None,
    json: Any,
    cast_to: Callable[[Any], Any] | None,
    creates: bool | None,
) -> Operation[Any]:
    """The operation behind ``client.request``: checked like every other, decoded by ``cast_to``."""
    verb = method.upper() if isinstance(method, str) else ""
    if verb not in _METHODS:
        raise ValidationError(f"method must be one of {sorted(_METHODS)}, got {preview(method)}")
    if not isinstance(api, str) or api not in ("sync", "async"):
        raise ValidationError(f"api must be 'sync' or 'async', got {preview(api)}")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValidationError(
            f"path must start with '/', relative to the API's base URL, got {preview(path)}"
        )
    text(path, "path")
    if len(path) > _MAX_PATH_CHARS:
        raise ValidationError(f"path is {len(path)} characters long; an API path is under {_MAX_PATH_CHARS}")
    if params is not None:
        if not isinstance(params, Mapping) or not all(isinstance(key, str) for key in params):
            raise ValidationError(f"params must be a mapping with string keys, got {type(params).__name__}")
        for key, item in params.items():
            query_value(item, f"params[{key!r}]")
    if json is not None:
        json = json_value(json, "json")
    if cast_to is not None and not callable(cast_to):
        raise ValidationError(f"cast_to must be a callable taking the decoded JSON, got {preview(cast_to)}")
    if creates is not None:
        flag(creates, "creates")
    request: dict[str, Any] = {
        "method": verb,
        "url": path.replace("{enterprise_id}", quote(enterprise_id, safe="")),
        "params": dict(params) if params else None,
    }
    if json is not None:
        request["json"] = json
    convert = cast_to or (lambda value: value)

    def decode(response: httpx.Response, content: bytes) -> Any:
        body = _json_body(response, content)
        try:
            return convert(body)
        except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError, RecursionError) as exc:
            raise APIResponseValidationError(
                f"cast_to could not convert the {verb} {path} response ({type(exc).__name__}: {exc})",
                status_code=response.status_code,
                body=content,
            ) from exc

    # Unless told otherwise, a POST may create something, so it is replayed only when provably not processed.
    return Operation(api, request, decode, verb == "POST" if creates is None else creates)


class _ClientBase(Generic[HttpClient]):
    _settings: Settings
    _http: HttpClient
    _owns_http: bool
    _headers: Mapping[str, str]

    #: The type an ``http_client`` lent to the client must have.
    _http_type: type[HttpClient]

    def __init__(
        self,
        *,
        enterprise_id: str | None = None,
        token: str | None = None,
        ingest_token: str | None = None,
        base_url: str | None = None,
        ingest_base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        max_response_bytes: int | None = None,
        http_client: HttpClient | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        given: dict[str, Any] = {
            "max_response_bytes": max_response_bytes,
            "enterprise_id": enterprise_id,
            "token": token,
            "ingest_token": ingest_token,
            "base_url": base_url,
            "ingest_base_url": ingest_base_url,
            "timeout": timeout,
            "max_retries": max_retries,
        }
        settings = resolve_settings(**{k: v for k, v in given.items() if v is not None}, environ=os.environ)
        _configure_logging(settings.log_level)
        if http_client is not None and not isinstance(http_client, self._http_type):
            raise ValidationError(
                f"http_client must be an httpx.{self._http_type.__name__} for "
                f"{type(self).__name__}, got {type(http_client).__name__}"
            )
        if rate_limiter is not None and (
            isinstance(rate_limiter, type) or not isinstance(rate_limiter, RateLimiter)
        ):
            raise ValidationError(
                "rate_limiter must implement telecrm.RateLimiter (a LocalRateLimiter, a RedisRateLimiter"
                f"...), got {type(rate_limiter).__name__}"
            )
        self._rate_limiter = rate_limiter
        if http_client is None:
            own = self._new_http()
            self._setup(settings, own.client, own.direct, True, {})
        else:
            self._setup(settings, http_client, None, False, {})

    def _setup(
        self,
        settings: Settings,
        http: HttpClient,
        direct: Any,
        owns_http: bool,
        headers: Mapping[str, str],
    ) -> None:
        self._settings = settings
        self._http = http
        self._direct = direct
        self._owns_http = owns_http
        self._headers = dict(headers)
        self._build_resources()

    def _build_resources(self) -> None:
        raise NotImplementedError

    # A method, not an annotated attribute: the annotation names a type that is imported for type checkers
    # only, and `typing.get_type_hints(Telecrm)` must still work.
    def _new_http(self) -> OwnPool[HttpClient, Any]:
        """The connection pool the client builds when none is lent to it."""
        raise NotImplementedError

    @property
    def enterprise_id(self) -> str:
        """The workspace (enterprise) every call goes to."""
        return self._settings.enterprise_id

    @property
    def base_url(self) -> str:
        """The Sync API's base URL."""
        return self._settings.base_url

    @property
    def ingest_base_url(self) -> str:
        """The Async API's base URL."""
        return self._settings.ingest_base_url

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of each attempt (as a whole, not only per read)."""
        return self._settings.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed call is retried, when retrying it is safe."""
        return self._settings.max_retries

    @property
    def rate_limiter(self) -> RateLimiter | None:
        """The limiter pacing this client's Async API sends (``ingest.upsert`` and ``upsert_many``), as given;
        ``None``: single upserts are not paced and each ``upsert_many`` run paces itself in the process."""
        return self._rate_limiter

    def _ingest_slot(self) -> tuple[RateLimiter, list[str]] | None:
        """For a single Async upsert: the limiter and the key of the client's Async token, or None."""
        if self._rate_limiter is None:
            return None
        token = self._settings.require_token("async")
        return self._rate_limiter, [limiter_key(self.enterprise_id, token)]

    @property
    def _pool(self) -> HttpClient:
        """The connection pool, shared by copies made with :meth:`with_options` (a cache key for what is
        read once per pool, such as the workspace schema bulk ingestion checks records against)."""
        return self._http

    def _copy(
        self,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        headers: Mapping[str, str] | None,
    ) -> Self:
        copy = object.__new__(type(self))
        overrides: dict[str, Any] = {}
        if timeout is not None:
            overrides["timeout"] = timeout
        if max_retries is not None:
            overrides["max_retries"] = max_retries
        merged = {**self._headers, **dict(header_items({} if headers is None else headers, "headers"))}
        # The copy shares the connection pool but never closes it: the original owns it.
        copy._rate_limiter = self._rate_limiter
        copy._setup(self._settings.with_overrides(**overrides), self._http, self._direct, False, merged)
        return copy

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(enterprise_id={self.enterprise_id!r}, base_url={self.base_url!r}, "
            f"ingest_base_url={self.ingest_base_url!r})"
        )


class Telecrm(_ClientBase[httpx.Client]):
    """Client for the Telecrm Sync and Async APIs.

    Arguments default to the ``TELECRM_*`` environment variables: ``TELECRM_ENTERPRISE_ID``,
    ``TELECRM_SYNC_TOKEN`` (``token``), ``TELECRM_ASYNC_TOKEN`` (``ingest_token``),
    ``TELECRM_BASE_URL``, ``TELECRM_INGEST_BASE_URL``; ``TELECRM_LOG=info|debug`` logs each
    request through the ``telecrm`` logger. Only ``enterprise_id`` is needed up front; a
    missing token is reported before the first call that needs it sends anything.

    ``timeout`` (seconds, or an ``httpx.Timeout``; default 30, connect 10) bounds each attempt as a
    whole, not only each read; ``max_retries`` (default 2) retries what is safe to retry;
    ``max_response_bytes`` (default 32 MiB) caps a response body after decompression.

    Without ``http_client`` the client keeps its own connection pool, which goes through the proxy
    the environment names (``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``), as httpx does.
    ``http_client`` lends its transport, limits and proxies to both hosts; the client still
    sets URLs, authentication and timeouts, and does not close a client it was given. Through a
    lent sync client (or a SOCKS proxy) the whole-attempt deadline is enforced while the body arrives,
    not while the status line and headers do (httpx offers no way to bound those as a whole):
    give its transport what it needs if a server may drip them.

    ``rate_limiter`` (a :class:`~telecrm.RateLimiter`) paces every Async API send of the client, single
    ``ingest.upsert`` calls and ``ingest.upsert_many`` runs alike, 1% under the API's limit per token: a
    :class:`~telecrm.RedisRateLimiter` holds the limit across every process sharing the tokens, a
    :class:`~telecrm.LocalRateLimiter` across the threads and clients of one process. Without one, single
    upserts are not paced and each ``upsert_many`` run paces itself.

    Use as a context manager, or call :meth:`close`; a closed client raises
    :class:`~telecrm.ClientClosedError`.
    """

    leads: Leads
    actions: Actions
    team_members: TeamMembers
    workspace: Workspace
    ingest: Ingest

    _http_type = httpx.Client

    def _new_http(self) -> OwnPool[httpx.Client, httpx.BaseTransport]:
        from ._pool import sync_pool

        return sync_pool(_DEFAULT_LIMITS)

    def _build_resources(self) -> None:
        self._transport = SyncTransport(
            self._http,
            self._settings,
            RetryPolicy(max_retries=self.max_retries),
            self._headers,
            direct=self._direct,
        )
        self.leads = Leads(self)
        self.actions = Actions(self)
        self.team_members = TeamMembers(self)
        self.workspace = Workspace(self)
        self.ingest = Ingest(self)

    @functools.cached_property
    def with_raw_response(self) -> TelecrmWithRawResponse:
        """The same resources, whose methods return a :class:`~telecrm.RawResponse`: the HTTP status, headers
        and request id with the parsed value, e.g. ``client.with_raw_response.leads.get("L1").headers``.
        Pagers (``search``, ``list``) are not offered here: iterate the resource itself."""
        return TelecrmWithRawResponse(self)

    def _execute(self, call: Operation[T], options: RequestOptions | None = None) -> T:
        return self._transport.execute(call, options)

    def _ingest_transports(self, tokens: Sequence[str] | None) -> list[SyncTransport]:
        """For bulk ingestion (its engine is the one caller): this client's transport without retries (the
        engine retries on its own terms), once per Async token. Only the token differs, so error mapping,
        logging and the rule that each host sees only its own token stay the transport's."""
        return _per_token(self._transport, tokens)

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        api: Api = ...,
        params: Mapping[str, Any] | None = ...,
        json: Any = ...,
        cast_to: Callable[[Any], T],
        creates: bool | None = ...,
        **options: Unpack[RequestOptions],
    ) -> T: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        api: Api = ...,
        params: Mapping[str, Any] | None = ...,
        json: Any = ...,
        cast_to: None = ...,
        creates: bool | None = ...,
        **options: Unpack[RequestOptions],
    ) -> Any: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        api: Api = "sync",
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        cast_to: Callable[[Any], Any] | None = None,
        creates: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> Any:
        """Call an endpoint the SDK does not wrap yet, with the client's authentication, base URL, retries,
        typed errors and logging.

        ``path`` is relative to the ``api``'s base URL (``"sync"``: the Sync API, ``"async"``: the Async
        API); ``{enterprise_id}`` in it is replaced by the client's. The JSON answer is returned as parsed, or
        passed to ``cast_to``. ``creates`` says whether the call creates something (default: ``True`` for
        POST), in which case it is replayed only when it provably never reached the server.

        >>> client.request("GET", "/enterprise/{enterprise_id}/metadata")  # doctest: +SKIP
        """
        return self._execute(
            _raw_operation(self.enterprise_id, method, path, api, params, json, cast_to, creates), options
        )

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Telecrm:
        """A copy with other settings (extra ``headers`` are sent on every request) that shares
        this client's connection pool. This client is left unchanged."""
        return self._copy(timeout, max_retries, headers)

    def close(self) -> None:
        """Close the connection pool (unless it came from ``http_client`` or this is a copy)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncTelecrm(_ClientBase[httpx.AsyncClient]):
    """The awaitable :class:`Telecrm`: same configuration, resources and methods; pagers are
    iterated with ``async for``. Use ``async with``, or await :meth:`close`."""

    leads: AsyncLeads
    actions: AsyncActions
    team_members: AsyncTeamMembers
    workspace: AsyncWorkspace
    ingest: AsyncIngest

    _http_type = httpx.AsyncClient

    def _new_http(self) -> OwnPool[httpx.AsyncClient, httpx.AsyncBaseTransport]:
        from ._pool import async_pool

        return async_pool(_DEFAULT_LIMITS)

    def _build_resources(self) -> None:
        self._transport = AsyncTransport(
            self._http,
            self._settings,
            RetryPolicy(max_retries=self.max_retries),
            self._headers,
            direct=self._direct,
        )
        self.leads = AsyncLeads(self)
        self.actions = AsyncActions(self)
        self.team_members = AsyncTeamMembers(self)
        self.workspace = AsyncWorkspace(self)
        self.ingest = AsyncIngest(self)

    @functools.cached_property
    def with_raw_response(self) -> AsyncTelecrmWithRawResponse:
        """See :attr:`Telecrm.with_raw_response`."""
        return AsyncTelecrmWithRawResponse(self)

    async def _execute(self, call: Operation[T], options: RequestOptions | None = None) -> T:
        return await self._transport.execute(call, options)

    def _ingest_transports(self, tokens: Sequence[str] | None) -> list[AsyncTransport]:
        """See :meth:`Telecrm._ingest_transports`."""
        return _per_token(self._transport, tokens)

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        api: Api = ...,
        params: Mapping[str, Any] | None = ...,
        json: Any = ...,
        cast_to: Callable[[Any], T],
        creates: bool | None = ...,
        **options: Unpack[RequestOptions],
    ) -> T: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        api: Api = ...,
        params: Mapping[str, Any] | None = ...,
        json: Any = ...,
        cast_to: None = ...,
        creates: bool | None = ...,
        **options: Unpack[RequestOptions],
    ) -> Any: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        api: Api = "sync",
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        cast_to: Callable[[Any], Any] | None = None,
        creates: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> Any:
        """See :meth:`Telecrm.request`."""
        return await self._execute(
            _raw_operation(self.enterprise_id, method, path, api, params, json, cast_to, creates), options
        )

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncTelecrm:
        """See :meth:`Telecrm.with_options`."""
        return self._copy(timeout, max_retries, headers)

    async def close(self) -> None:
        """See :meth:`Telecrm.close`."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


class TelecrmWithRawResponse:
    """``client.with_raw_response``: each resource's methods returning :class:`~telecrm.RawResponse`."""

    def __init__(self, client: Telecrm) -> None:
        self.leads = LeadsWithRawResponse(client.leads)
        self.actions = ActionsWithRawResponse(client.actions)
        self.team_members = TeamMembersWithRawResponse(client.team_members)
        self.workspace = WorkspaceWithRawResponse(client.workspace)
        self.ingest = IngestWithRawResponse(client.ingest)


class AsyncTelecrmWithRawResponse:
    """The awaitable :class:`TelecrmWithRawResponse`."""

    def __init__(self, client: AsyncTelecrm) -> None:
        self.leads = AsyncLeadsWithRawResponse(client.leads)
        self.actions = AsyncActionsWithRawResponse(client.actions)
        self.team_members = AsyncTeamMembersWithRawResponse(client.team_members)
        self.workspace = AsyncWorkspaceWithRawResponse(client.workspace)
        self.ingest = AsyncIngestWithRawResponse(client.ingest)
