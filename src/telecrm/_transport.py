"""Sending one API call: the retry loop, a whole-attempt deadline, typed errors, logging.

Resources build each :class:`~telecrm._operations.Operation` (request and decoding); this module owns what
happens in between: the request is built by :mod:`telecrm._requests`, each attempt's body is read by
:mod:`telecrm._bodies`, and ``with_raw_response`` answers are :mod:`telecrm._raw_response` values. The
generated ``sync_detailed`` functions are not used: they have no retries and no default timeout, hand
documented error statuses back as models, crash on statuses that are not IANA codes (499, 520) and on
non-JSON bodies, and their client's ``with_headers`` mutates the shared httpx client.

Sync and async share every decision through :class:`_Attempts`; only the waiting and the
I/O differ between :class:`SyncTransport` and :class:`AsyncTransport`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from datetime import timedelta
from typing import Any, Generic, Self, TypeVar, cast

import httpx

from ._bodies import BodyReader, completed, read_already
from ._config import Settings
from ._deadline import deadline
from ._errors import APIError, ClientClosedError, connection_error_from_exception, status_error_from_response
from ._operations import Operation
from ._raw_response import RAW_RESPONSE, RawResponse
from ._requests import RequestOptions, prepared
from ._retry import RetryPolicy
from ._value import evolve

T = TypeVar("T")

logger = logging.getLogger("telecrm")


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
    request, settings = prepared(call, settings, headers, options, client_headers)
    if options and settings.max_retries != policy.max_retries:
        policy = evolve(policy, max_retries=settings.max_retries)
    return request, _Attempts(call, request, policy), settings


def attempt_seconds(timeout: httpx.Timeout) -> float:
    """How long one attempt may take as a whole: the longest of its connect, read, write and pool timeouts
    (each is finite: the settings refuse anything else)."""
    return max(
        part for part in (timeout.connect, timeout.read, timeout.write, timeout.pool) if part is not None
    )


def _set_elapsed(response: httpx.Response, started: float) -> None:
    """Set ``response.elapsed`` as ``client.send`` does when the body is closed, for the pool's own transport,
    which is called without ``send``."""
    response.elapsed = timedelta(seconds=time.perf_counter() - started)


def _closed(error: BaseException | None = None) -> ClientClosedError:
    return ClientClosedError(
        "the client is closed: build a new one, or keep this one open until every call has returned"
        + (f" ({type(error).__name__}: {error})" if error is not None else "")
    )


def _finish(call: Operation[T], response: httpx.Response, body: bytes) -> T:
    if not response.is_success:
        raise status_error_from_response(completed(response, body))
    return call.decode(response, body)


def _explained(call: Operation[Any], error: APIError) -> APIError:
    """For a create the server may have processed, say so: the caller must look before sending it again."""
    if call.creates and error.may_have_been_processed:
        error.args = (
            f"{error.args[0]}; the server may have processed this request, so check whether it was created "
            "before sending it again",
        )
    return error


def _result(call: Operation[T], response: httpx.Response, body: bytes) -> Any:
    try:
        value = _finish(call, response, body)
    except APIError as error:
        raise _explained(call, error) from error.__cause__
    return RawResponse(completed(response, body), value) if RAW_RESPONSE.get() else value


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
                    return response, read_already(response, limit)
                reader = BodyReader(response, limit, at)
                for raw in chunks:
                    reader.feed(raw)
                body = reader.body()
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
                        return response, read_already(response, limit)
                    reader = BodyReader(response, limit, at)
                    async for raw in chunks:
                        reader.feed(raw)
                    body = reader.body()
                finally:
                    await response.aclose()
                    if self.direct is not None:
                        _set_elapsed(response, started)
        except TimeoutError:
            raise httpx.ReadTimeout("the call took longer than its timeout", request=request) from None
        return response, body
