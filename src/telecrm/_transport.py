"""Sending one API call: URL and auth per API, per-call options, retries, a whole-attempt deadline, a capped
and bounded read of the body, typed errors, logging.

Resources build each :class:`~telecrm._operations.Operation` (request and decoding); this module owns what
happens in between. The generated ``sync_detailed`` functions are not used: they have no retries and no
default timeout, hand documented error statuses back as models, crash on statuses that are not IANA codes
(499, 520) and on non-JSON bodies, and their client's ``with_headers`` mutates the shared httpx client.

Sync and async share every decision through :class:`_Attempts`; only the waiting and the
I/O differ between :class:`SyncTransport` and :class:`AsyncTransport`.
"""

from __future__ import annotations

import functools
import json
import logging
import time
import zlib
from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from contextvars import ContextVar
from datetime import timedelta
from typing import Any, Final, Generic, Self, TypedDict, TypeVar, cast

import httpx

from ._checks import header_items, json_value, preview, query_value
from ._config import Settings
from ._deadline import deadline
from ._errors import (
    APIError,
    APIResponseValidationError,
    ClientClosedError,
    ValidationError,
    connection_error_from_exception,
    request_id_of,
    status_error_from_response,
)
from ._operations import Operation
from ._retry import RetryPolicy
from ._value import Value, evolve, value
from ._version import __version__

T = TypeVar("T")

logger = logging.getLogger("telecrm")

_USER_AGENT = f"telecrm-python/{__version__}"


class RequestOptions(TypedDict, total=False):
    """Per-call options every resource method takes as keyword arguments, for that call only.

    Keys of ``extra_query`` and ``extra_body`` replace the SDK's own, for what the SDK does not know yet.
    Their values are held to the rules every value is: query values are strings, numbers or bools; body
    values are JSON values as field values are (dates encoded).
    """

    extra_headers: Mapping[str, str]
    """Headers sent with this request, replacing the SDK's of the same name (any case); ``Authorization``
    cannot be set: each API gets its own token."""
    extra_query: Mapping[str, str | int | float | bool]
    """Query parameters added to the request."""
    extra_body: Mapping[str, Any]
    """Top-level keys added to the JSON body; refused (``ValidationError``) on a call without a JSON body."""
    timeout: float | httpx.Timeout
    """This call's timeout instead of the client's: each attempt, as a whole."""
    max_retries: int
    """This call's retries instead of the client's (0 to 20)."""


_OPTION_NAMES = frozenset(RequestOptions.__annotations__)


def check_options(options: Mapping[str, object]) -> RequestOptions:
    """``options`` as given to a resource method, checked before anything is sent, with ``extra_body`` in
    the form it is sent (dates encoded, as in any other JSON value)."""
    unknown = set(options) - _OPTION_NAMES
    if unknown:
        raise ValidationError(
            f"unknown option(s) {sorted(unknown)}; per-call options are {sorted(_OPTION_NAMES)}"
        )
    for name in ("extra_query", "extra_body"):
        value = options.get(name)
        if value is not None and (
            not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value)
        ):
            raise ValidationError(f"{name} must be a mapping with string keys, got {type(value).__name__}")
    given_headers = options.get("extra_headers")
    headers = header_items({} if given_headers is None else given_headers, "extra_headers")
    for key, value in cast(Mapping[str, object], options.get("extra_query") or {}).items():
        query_value(value, f"extra_query[{key!r}]")
    if any(name.lower() == "authorization" for name, _ in headers):
        raise ValidationError(
            "extra_headers cannot set Authorization: the client sends each API its own token"
        )
    checked = dict(options)
    if options.get("extra_body") is not None:
        checked["extra_body"] = json_value(options["extra_body"], "extra_body")
    return cast(RequestOptions, checked)


def settings_for(settings: Settings, options: RequestOptions) -> Settings:
    """The client's settings with this call's ``timeout`` and ``max_retries``, validated like the client's."""
    given: Mapping[str, Any] = options
    overrides = {name: given[name] for name in ("timeout", "max_retries") if given.get(name) is not None}
    return settings.with_overrides(**overrides) if overrides else settings


def _user_agent(theirs: str | None) -> str:
    if theirs is None or theirs.startswith("python-httpx/"):
        return _USER_AGENT
    return f"{theirs} {_USER_AGENT}"


def request_for(
    call: Operation[Any],
    settings: Settings,
    headers: Mapping[str, str],
    options: RequestOptions | None = None,
    client_headers: httpx.Headers | None = None,
) -> httpx.Request:
    """The request for ``call``: the right base URL and token for its API, the client's and the call's
    headers, and the call's extra query and body."""
    base = settings.base_url if call.api == "sync" else settings.ingest_base_url
    # The token is chosen by the call's API, so a Sync token can never reach the Async host
    # (or the reverse): each host only ever sees its own token.
    token = settings.require_token(call.api)
    spec = call.request
    params = spec.get("params")
    body = spec.get("json")
    custom = {**headers}
    if options:
        if options.get("extra_query"):
            params = {**(params or {}), **options["extra_query"]}
        if options.get("extra_body"):
            if not isinstance(body, dict):
                raise ValidationError(f"extra_body: {spec['method'].upper()} {spec['url']} has no JSON body")
            body = {**body, **options["extra_body"]}
        custom.update(options.get("extra_headers") or {})
    theirs = next((value for name, value in custom.items() if name.lower() == "user-agent"), None)
    if theirs is None and client_headers is not None:
        theirs = client_headers.get("User-Agent")
    method = spec["method"].upper()
    url = _url(base + spec["url"], params)
    ready = _headers(url.netloc, token, _user_agent(theirs), tuple(custom.items()), method, body is not None)
    extensions = {"timeout": settings.timeout.as_dict()}
    if body is None:
        request = httpx.Request(method, url, headers=ready, stream=_NO_BODY, extensions=extensions)
    else:
        content = _encode_json(body).encode("utf-8")
        request = httpx.Request(
            method, url, headers=ready, stream=httpx.ByteStream(content), extensions=extensions
        )
        request.headers["Content-Length"] = str(len(content))
    request.read()  # the body is in memory: `request.content` works, as on any request httpx builds
    return request


def _url(address: str, params: Mapping[str, Any] | None) -> httpx.URL:
    # Query values are checked to be strings, numbers or bools, so the query is hashable.
    return _parsed_url(address, tuple(params.items()) if params else ())


@functools.lru_cache(maxsize=1024)
def _parsed_url(address: str, query: tuple[tuple[str, Any], ...]) -> httpx.URL:
    # Parsing and validating a URL is a third of the cost of building a request; most calls go to a few
    # addresses (a workspace's metadata, lead search, lead create, upsert), so each is parsed once.
    url = httpx.URL(address, params=query or None)
    url.host  # noqa: B018  # decodes an IDNA host, refusing one httpx cannot read (as building a request does)
    return url


#: The body httpx's ``json=`` sends (its own encoder settings): the SDK encodes it once, itself, so that a
#: request is built from ready headers (:func:`_headers`) instead of httpx working them out on every call.
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_NO_BODY: Final = httpx.ByteStream(b"")


@functools.lru_cache(maxsize=64)
def _headers(
    host: bytes,
    token: str,
    user_agent: str,
    custom: tuple[tuple[str, str], ...],
    method: str,
    has_json: bool,
) -> httpx.Headers:
    """The headers of every request to ``host`` with this token, these custom headers and this kind of body,
    as httpx would add them to the request (``Host`` first, then the rest; ``Content-Length`` is set per
    request). httpx copies them into each request. The caller's headers win over the SDK's of the same
    name, whatever its case, except ``Content-Length``, which is always the body's."""
    given = {name.lower() for name, _ in custom}
    headers = {} if "host" in given else {"Host": host.decode("ascii")}
    headers.update((name, value) for name, value in _SDK_HEADERS.items() if name.lower() not in given)
    headers.update(
        (name, value) for name, value in custom if name.lower() not in ("user-agent", "content-length")
    )
    headers["Authorization"] = f"Bearer {token}"
    headers["User-Agent"] = user_agent
    if has_json and "content-type" not in given:
        headers["Content-Type"] = "application/json"
    elif not has_json and method in ("POST", "PUT", "PATCH"):
        headers["Content-Length"] = "0"
    return httpx.Headers(headers)


_SDK_HEADERS: Final = {
    "Accept": "application/json",
    # Pages of leads compress well; the body is capped after decompression (max_response_bytes).
    "Accept-Encoding": "gzip, deflate",
}


class _Attempts:
    """The decisions of one call's retry loop, shared by the sync and async transports."""

    def __init__(self, call: Operation[Any], request: httpx.Request, policy: RetryPolicy) -> None:
        self.call = call
        self.request = request
        self.policy = policy
        self.retries = 0
        self.started = time.perf_counter()

    def after_response(self, response: httpx.Response) -> float | None:
        """Return the delay before a retry, or ``None`` when the response is final."""
        if response.is_success:
            self._log(response.status_code)
            return None
        if self.policy.retryable_status(response.status_code) and self.policy.should_retry(
            attempt=self.retries, creates=self.call.creates, status=response.status_code
        ):
            return self._next_delay(response.headers)
        self._log(response.status_code)
        return None

    def after_error(self, error: httpx.TransportError) -> float:
        """Return the delay before a retry, or raise the error as an SDK exception."""
        if self.policy.should_retry(attempt=self.retries, creates=self.call.creates, error=error):
            return self._next_delay(None)
        self._log(None)
        raise connection_error_from_exception(error) from error

    def _next_delay(self, headers: Mapping[str, str] | None) -> float:
        delay = self.policy.delay(self.retries, headers)
        self.retries += 1
        logger.debug("retrying %s %s in %.2fs", self.request.method, self.request.url.path, delay)
        return delay

    def _log(self, status: int | None) -> None:
        if logger.isEnabledFor(logging.INFO):
            elapsed = (time.perf_counter() - self.started) * 1000
            logger.info(
                "%s %s %s %.1fms retries=%d",
                self.request.method,
                self.request.url.path,
                status if status is not None else "error",
                elapsed,
                self.retries,
            )


def _start(
    call: Operation[Any],
    settings: Settings,
    policy: RetryPolicy,
    headers: Mapping[str, str],
    options: RequestOptions | None,
    client_headers: httpx.Headers,
) -> tuple[httpx.Request, _Attempts, Settings]:
    if options:
        options = check_options(options)
        settings = settings_for(settings, options)
        if settings.max_retries != policy.max_retries:
            policy = evolve(policy, max_retries=settings.max_retries)
    try:
        request = request_for(call, settings, headers, options, client_headers)
    except ValidationError:
        raise
    except (httpx.InvalidURL, UnicodeError, ValueError, TypeError, RecursionError) as error:
        # Every argument is checked where it is taken; this is the net under those checks: a request httpx
        # cannot build is the caller's input, refused before anything is sent.
        raise ValidationError(
            f"the request cannot be built from these arguments ({type(error).__name__}: "
            f"{preview(str(error))})"
        ) from error
    return request, _Attempts(call, request, policy), settings


def attempt_seconds(timeout: httpx.Timeout) -> float:
    """How long one attempt may take as a whole: the longest of its connect, read, write and pool timeouts
    (each is finite: the settings refuse anything else)."""
    return max(
        part for part in (timeout.connect, timeout.read, timeout.write, timeout.pool) if part is not None
    )


class _TooLarge(Exception):
    """The body grew past ``max_response_bytes``."""


class _Undecodable(Exception):
    """The body is not what its ``Content-Encoding`` says."""


class _Inflater:
    """Undoes a response's ``Content-Encoding`` a chunk at a time, never letting one layer produce more than
    ``limit`` bytes from one chunk: httpx's own decoder inflates each received chunk whole, so a few hundred
    bytes of gzip-of-gzip could allocate gigabytes before any size check ran."""

    def __init__(self, encodings: str, limit: int) -> None:
        self.limit = limit
        self.layers: list[Any] = []
        self.deflate: list[bool] = []
        if not encodings:
            return
        for encoding in reversed([part.strip().lower() for part in encodings.split(",") if part.strip()]):
            if encoding == "identity":
                continue
            if encoding not in ("gzip", "x-gzip", "deflate"):
                raise _Undecodable(f"an encoding the client did not ask for ({encoding!r})")
            # 47: a gzip or zlib header, detected; 15: zlib-wrapped deflate (raw deflate is tried on error).
            self.layers.append(zlib.decompressobj(15 if encoding == "deflate" else 47))
            self.deflate.append(encoding == "deflate")

    def feed(self, data: bytes) -> bytes:
        if not self.layers:
            return data
        for index in range(len(self.layers)):
            data = self._run(index, data)
        return data

    def finish(self) -> None:
        if any(not layer.eof for layer in self.layers):
            raise _Undecodable("the compressed body is truncated")

    def _run(self, index: int, data: bytes) -> bytes:
        layer = self.layers[index]
        out: list[bytes] = []
        produced = 0
        try:
            while data:
                chunk = layer.decompress(data, self.limit + 1)
                produced += len(chunk)
                if produced > self.limit:
                    raise _TooLarge
                out.append(chunk)
                data = layer.unconsumed_tail
        except zlib.error as error:
            if self.deflate[index] and not out:  # "deflate" is often sent raw, without the zlib header
                self.deflate[index] = False
                self.layers[index] = zlib.decompressobj(-15)
                return self._run(index, data)
            raise _Undecodable(str(error)) from error
        return b"".join(out)


def _encoding_checked(response: httpx.Response, limit: int) -> str:
    """The ``Content-Encoding`` (``""`` if none), after refusing a declared length past ``limit``."""
    headers = response.headers
    encoding: str = headers.get("content-encoding", "")
    if not encoding:
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge
    return encoding


def _append(
    chunks: list[bytes], size: int, chunk: bytes, limit: int, at: float, request: httpx.Request
) -> int:
    size += len(chunk)
    if size > limit:
        raise _TooLarge
    chunks.append(chunk)
    if time.monotonic() > at:
        raise httpx.ReadTimeout("the response took longer than the call's timeout", request=request)
    return size


def _read_already(response: httpx.Response, limit: int) -> tuple[httpx.Response, bytes]:
    if len(response.content) > limit:
        raise _TooLarge
    return response, response.content


def _completed(response: httpx.Response, body: bytes) -> httpx.Response:
    """``response`` with its (already decoded) body in memory, for users to read: an error's or a raw
    response's. Success answers are decoded from ``body`` without building it."""
    try:
        response.content  # noqa: B018  # read already (by a transport that hands back read bodies)
    except httpx.ResponseNotRead:
        pass
    else:
        return response
    headers = [(name, value) for name, value in response.headers.raw if name.lower() != b"content-encoding"]
    completed = httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=response.request,
        extensions=response.extensions,
    )
    completed.elapsed = response.elapsed
    return completed


def _set_elapsed(response: httpx.Response, started: float) -> None:
    """Set ``response.elapsed`` as ``client.send`` does when the body is closed, for the pool's own transport,
    which is called without ``send``."""
    response.elapsed = timedelta(seconds=time.perf_counter() - started)


def _too_large(response: httpx.Response, limit: int) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"the {response.request.method} {response.request.url.path} response is larger than "
        f"max_response_bytes ({limit:,} bytes); raise it on the client if this answer is expected",
        status_code=response.status_code,
        body=b"",
    )


def _undecodable(response: httpx.Response, error: Exception) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"the {response.request.method} {response.request.url.path} response is not what its "
        f"Content-Encoding ({response.headers.get('content-encoding')}) says ({error})",
        status_code=response.status_code,
        body=b"",
    )


def _closed(error: BaseException | None = None) -> ClientClosedError:
    return ClientClosedError(
        "the client is closed: build a new one, or keep this one open until every call has returned"
        + (f" ({type(error).__name__}: {error})" if error is not None else "")
    )


def _finish(call: Operation[T], response: httpx.Response, body: bytes) -> T:
    if not response.is_success:
        raise status_error_from_response(_completed(response, body))
    return call.decode(response, body)


def _explained(call: Operation[Any], error: APIError) -> APIError:
    """For a create the server may have processed, say so: the caller must look before sending it again."""
    if call.creates and error.may_have_been_processed:
        error.args = (
            f"{error.args[0]}; the server may have processed this request, so check whether it was created "
            "before sending it again",
        )
    return error


@value
class RawResponse(Value, Generic[T]):
    """What ``client.with_raw_response.<resource>.<method>(...)`` returns: the HTTP response and the value the
    method would have returned (``parse()``)."""

    http_response: httpx.Response
    """The ``httpx.Response`` (its body already read and decoded)."""
    parsed: T
    """The value the method returns without ``with_raw_response`` (also ``parse()``)."""

    @property
    def status_code(self) -> int:
        """The HTTP status of the response."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-Id`` (or ``Request-Id``), if it sent one."""
        return request_id_of(self.headers)

    def parse(self) -> T:
        """The value the method returns without ``with_raw_response``."""
        return self.parsed


#: Set by ``with_raw_response`` around one call: the transport then returns a :class:`RawResponse`.
RAW_RESPONSE: ContextVar[bool] = ContextVar("telecrm_raw_response", default=False)


def _result(call: Operation[T], response: httpx.Response, body: bytes) -> Any:
    try:
        value = _finish(call, response, body)
    except APIError as error:
        raise _explained(call, error) from error.__cause__
    return RawResponse(_completed(response, body), value) if RAW_RESPONSE.get() else value


HttpClient = TypeVar("HttpClient", httpx.Client, httpx.AsyncClient)


HttpTransport = TypeVar("HttpTransport", httpx.BaseTransport, httpx.AsyncBaseTransport)


class _Transport(Generic[HttpClient, HttpTransport]):
    """What both transports hold: the pool, the settings, the retry policy, the client's extra headers and how
    to wait between attempts.

    ``direct`` is the pool's own ``httpx`` transport when the SDK built the pool (:mod:`telecrm._pool`): each
    attempt then goes to it without ``client.send``, whose cookies, auth and redirect handling the SDK does
    not use. A lent ``http_client`` is always used through ``send``, so its hooks, mounts and auth apply.
    """

    def __init__(
        self,
        client: HttpClient,
        settings: Settings,
        policy: RetryPolicy,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], Any] | None = None,
        *,
        direct: HttpTransport | None = None,
    ) -> None:
        self.client: HttpClient = client
        self.settings = settings
        self.policy = policy
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.sleep: Callable[[float], Any] = sleep if sleep is not None else self._default_sleep()
        self.direct: HttpTransport | None = direct

    def _default_sleep(self) -> Callable[[float], Any]:
        raise NotImplementedError

    def _pause_after(self, attempts: _Attempts, error: httpx.TransportError) -> float:
        """How long to wait before retrying after ``error``, or the SDK error it ends the call with."""
        error.request = attempts.request  # the pool's own transport raises without it (``send`` sets it)
        self._raise_if_closed(error)
        try:
            return attempts.after_error(error)
        except APIError as final:
            raise _explained(attempts.call, final) from error

    def _raise_if_closed(self, error: BaseException) -> None:
        """``ClientClosedError`` instead of ``error`` when the client was closed under the call."""
        if self.client.is_closed:
            raise _closed(error) from error

    def replace(self, *, settings: Settings | None = None, policy: RetryPolicy | None = None) -> Self:
        """This transport on the same pool with other settings or retry policy."""
        return type(self)(
            self.client,
            settings or self.settings,
            policy or self.policy,
            self.headers,
            self.sleep,
            direct=self.direct,
        )


class _BodyReader:
    """Reads one response's body as it arrives: inflated by the SDK, capped at ``limit`` bytes, and ended with
    a read timeout once the attempt's deadline ``at`` has passed."""

    def __init__(self, response: httpx.Response, limit: int, at: float) -> None:
        self.inflater = _Inflater(_encoding_checked(response, limit), limit)
        self.request = response.request
        self.limit = limit
        self.at = at
        self.chunks: list[bytes] = []
        self.size = 0

    def feed(self, raw: bytes) -> None:
        self.size = _append(
            self.chunks, self.size, self.inflater.feed(raw), self.limit, self.at, self.request
        )

    def body(self) -> bytes:
        self.inflater.finish()
        return b"".join(self.chunks)


class SyncTransport(_Transport[httpx.Client, httpx.BaseTransport]):
    """Executes :class:`Operation` objects on an ``httpx.Client``."""

    def _default_sleep(self) -> Callable[[float], Any]:
        return time.sleep

    def execute(self, call: Operation[T], options: RequestOptions | None = None) -> T:
        request, attempts, settings = _start(
            call, self.settings, self.policy, self.headers, options, self.client.headers
        )
        seconds, limit = attempt_seconds(settings.timeout), settings.max_response_bytes
        while True:
            if self.client.is_closed:
                raise _closed()
            try:
                response, body = self._attempt(request, time.monotonic() + seconds, limit)
            except httpx.TransportError as error:
                self.sleep(self._pause_after(attempts, error))
                continue
            except RuntimeError as error:
                self._raise_if_closed(error)
                raise
            delay = attempts.after_response(response)
            if delay is None:
                return _result(call, response, body)  # type: ignore[no-any-return]
            self.sleep(delay)

    def _attempt(self, request: httpx.Request, at: float, limit: int) -> tuple[httpx.Response, bytes]:
        with deadline(at):
            chunks: Iterable[bytes] | None
            if self.direct is not None:
                started = time.perf_counter()
                response = self.direct.handle_request(request)
                response.request = request
                chunks = cast(httpx.SyncByteStream, response.stream)
            else:
                # auth=None: an injected client's own auth must never replace the per-API token.
                response = self.client.send(request, auth=None, stream=True)
                # None: a transport that hands back a body it has read already.
                chunks = None if response.is_stream_consumed else response.iter_raw()
            try:
                if chunks is None:
                    return _read_already(response, limit)
                reader = _BodyReader(response, limit, at)
                for raw in chunks:
                    reader.feed(raw)
                body = reader.body()
            except _TooLarge:
                raise _too_large(response, limit) from None
            except _Undecodable as error:
                raise _undecodable(response, error) from error
            finally:
                response.close()
                if self.direct is not None:
                    _set_elapsed(response, started)
        return response, body


async def _anyio_sleep(seconds: float) -> None:
    import anyio  # imported on first async retry only: keeps `import telecrm` light

    await anyio.sleep(seconds)


class AsyncTransport(_Transport[httpx.AsyncClient, httpx.AsyncBaseTransport]):
    """Executes :class:`Operation` objects on an ``httpx.AsyncClient``."""

    def _default_sleep(self) -> Callable[[float], Any]:
        return _anyio_sleep

    async def execute(self, call: Operation[T], options: RequestOptions | None = None) -> T:
        request, attempts, settings = _start(
            call, self.settings, self.policy, self.headers, options, self.client.headers
        )
        seconds, limit = attempt_seconds(settings.timeout), settings.max_response_bytes
        while True:
            if self.client.is_closed:
                raise _closed()
            try:
                response, body = await self._attempt(request, seconds, limit)
            except httpx.TransportError as error:
                await self.sleep(self._pause_after(attempts, error))
                continue
            except RuntimeError as error:
                self._raise_if_closed(error)
                raise
            delay = attempts.after_response(response)
            if delay is None:
                return _result(call, response, body)  # type: ignore[no-any-return]
            await self.sleep(delay)

    async def _attempt(
        self, request: httpx.Request, seconds: float, limit: int
    ) -> tuple[httpx.Response, bytes]:
        import anyio

        at = time.monotonic() + seconds
        try:
            with anyio.fail_after(seconds):
                chunks: AsyncIterable[bytes] | None
                if self.direct is not None:
                    started = time.perf_counter()
                    response = await self.direct.handle_async_request(request)
                    response.request = request
                    chunks = cast(httpx.AsyncByteStream, response.stream)
                else:
                    response = await self.client.send(request, auth=None, stream=True)
                    chunks = None if response.is_stream_consumed else response.aiter_raw()
                try:
                    if chunks is None:
                        return _read_already(response, limit)
                    reader = _BodyReader(response, limit, at)
                    async for raw in chunks:
                        reader.feed(raw)
                    body = reader.body()
                except _TooLarge:
                    raise _too_large(response, limit) from None
                except _Undecodable as error:
                    raise _undecodable(response, error) from error
                finally:
                    await response.aclose()
                    if self.direct is not None:
                        _set_elapsed(response, started)
        except TimeoutError:
            raise httpx.ReadTimeout("the call took longer than its timeout", request=request) from None
        return response, body
