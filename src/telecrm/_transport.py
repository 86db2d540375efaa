"""Sending one API call: URL and auth per API, retries, typed errors, logging.

The generated ``telecrm_api`` operations build each request (``_get_kwargs``) and decode
each success body (``_parse_response``); this module owns what happens in between. The
generated ``sync_detailed`` functions are not used because they have no retries and no
default timeout, hand documented error statuses back as models, crash on statuses that
are not IANA codes (499, 520) and on non-JSON bodies, and their client's ``with_headers``
mutates the shared httpx client.

Sync and async share every decision through :class:`_Attempts`; only the waiting and the
I/O differ between :class:`SyncTransport` and :class:`AsyncTransport`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Generic, Literal, TypeVar

import attrs
import httpx

from ._config import Settings
from ._errors import connection_error_from_exception, status_error_from_response
from ._retry import RetryPolicy

T = TypeVar("T")
Api = Literal["sync", "async"]

logger = logging.getLogger("telecrm")

_USER_AGENT = "telecrm-python"


@attrs.frozen
class Call(Generic[T]):
    """One prepared API call: the generated operation's request arguments (``_get_kwargs``)
    and how to turn the 2xx response into ``T``."""

    api: Api
    request: Mapping[str, Any]
    decode: Callable[[httpx.Response], T]
    #: A call that creates something is replayed only when it provably was not processed.
    creates: bool = False


def request_for(call: Call[Any], settings: Settings, headers: Mapping[str, str]) -> httpx.Request:
    base = settings.base_url if call.api == "sync" else settings.ingest_base_url
    # The token is chosen by the call's API, so a Sync token can never reach the Async host
    # (or the reverse): each host only ever sees its own token.
    token = settings.require_token(call.api)
    spec = call.request
    return httpx.Request(
        spec["method"].upper(),
        base + spec["url"],
        params=spec.get("params"),
        json=spec.get("json"),
        headers={
            **headers,
            **spec.get("headers", {}),
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "User-Agent": _USER_AGENT,
        },
        extensions={"timeout": settings.timeout.as_dict()},
    )


class _Attempts:
    """The decisions of one call's retry loop, shared by the sync and async transports."""

    def __init__(self, call: Call[Any], request: httpx.Request, policy: RetryPolicy) -> None:
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


def _finish(call: Call[T], response: httpx.Response) -> T:
    if not response.is_success:
        raise status_error_from_response(response)
    return call.decode(response)


@attrs.define
class SyncTransport:
    """Executes :class:`Call` objects on an ``httpx.Client``."""

    client: httpx.Client
    settings: Settings
    policy: RetryPolicy
    headers: Mapping[str, str] = attrs.field(factory=dict)
    sleep: Callable[[float], None] = time.sleep

    def execute(self, call: Call[T]) -> T:
        request = request_for(call, self.settings, self.headers)
        attempts = _Attempts(call, request, self.policy)
        while True:
            try:
                # auth=None: an injected client's own auth must never replace the per-API token.
                response = self.client.send(request, auth=None)
            except httpx.TransportError as error:
                self.sleep(attempts.after_error(error))
                continue
            delay = attempts.after_response(response)
            if delay is None:
                return _finish(call, response)
            self.sleep(delay)


async def _anyio_sleep(seconds: float) -> None:
    import anyio  # imported on first async retry only: keeps `import telecrm` light

    await anyio.sleep(seconds)


@attrs.define
class AsyncTransport:
    """Executes :class:`Call` objects on an ``httpx.AsyncClient``."""

    client: httpx.AsyncClient
    settings: Settings
    policy: RetryPolicy
    headers: Mapping[str, str] = attrs.field(factory=dict)
    sleep: Callable[[float], Any] = _anyio_sleep

    async def execute(self, call: Call[T]) -> T:
        request = request_for(call, self.settings, self.headers)
        attempts = _Attempts(call, request, self.policy)
        while True:
            try:
                response = await self.client.send(request, auth=None)
            except httpx.TransportError as error:
                await self.sleep(attempts.after_error(error))
                continue
            delay = attempts.after_response(response)
            if delay is None:
                return _finish(call, response)
            await self.sleep(delay)
