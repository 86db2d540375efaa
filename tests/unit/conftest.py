"""Fixtures for the client tests: a scripted fake server on ``httpx.MockTransport`` and clients wired to it.

Nothing here touches the network: every client gets an injected ``httpx.Client`` / ``httpx.AsyncClient``
whose transport is a :class:`Server`, and its retry ``sleep`` is replaced by a recorder so that retries never
wait for real.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from telecrm import AsyncTelecrm, Telecrm

ENTERPRISE_ID = "ent-42"
SYNC_TOKEN = "sync-tok-SECRET-1a2b3c"
ASYNC_TOKEN = "async-tok-SECRET-4d5e6f"
SYNC_BASE = "https://next.telecrm.in/autoupdate/v2"
INGEST_BASE = "https://next-api.telecrm.in"

Answer = Callable[[httpx.Request], httpx.Response]


class Server:
    """A ``MockTransport`` handler that records every request and answers from a script.

    ``reply``/``fail`` queue one answer each, consumed in order; when the queue is empty the ``route``
    function (if set) answers, else ``200 {}``.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._script: list[Answer] = []
        self.route: Answer | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if self._script:
            return self._script.pop(0)(request)
        if self.route is not None:
            return self.route(request)
        return httpx.Response(200, json={})

    def reply(
        self,
        status: int = 200,
        json: Any = None,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> Server:
        def answer(request: httpx.Request) -> httpx.Response:
            if content is not None:
                return httpx.Response(status, content=content, headers=headers)
            return httpx.Response(status, json=json, headers=headers)

        self._script.extend([answer] * times)
        return self

    def fail(self, error: type[httpx.TransportError], *, times: int = 1) -> Server:
        def answer(request: httpx.Request) -> httpx.Response:
            raise error(f"simulated {error.__name__}", request=request)

        self._script.extend([answer] * times)
        return self

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def body(self, index: int = -1) -> Any:
        """The JSON body of a recorded request."""
        return json.loads(self.requests[index].content)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def sleeps() -> list[float]:
    """Every retry delay a client asked for, in order (recorded instead of slept)."""
    return []


@pytest.fixture
def make_client(server: Server, sleeps: list[float]) -> Iterator[Callable[..., Telecrm]]:
    """``make_client(**overrides)``: a ``Telecrm`` on the mock server with both tokens and recorded sleeps."""
    pools: list[httpx.Client] = []

    def make(**overrides: Any) -> Telecrm:
        pool = httpx.Client(transport=httpx.MockTransport(server))
        pools.append(pool)
        arguments: dict[str, Any] = {
            "enterprise_id": ENTERPRISE_ID,
            "token": SYNC_TOKEN,
            "ingest_token": ASYNC_TOKEN,
            "http_client": pool,
            **overrides,
        }
        client = Telecrm(**arguments)
        client._transport.sleep = sleeps.append
        return client

    yield make
    for pool in pools:
        pool.close()


@pytest.fixture
def client(make_client: Callable[..., Telecrm]) -> Telecrm:
    return make_client()


@pytest.fixture
def async_sleep(sleeps: list[float]) -> Callable[[float], Any]:
    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    return record


@pytest.fixture
async def make_async_client(
    server: Server, async_sleep: Callable[[float], Any]
) -> AsyncIterator[Callable[..., AsyncTelecrm]]:
    """The ``AsyncTelecrm`` twin of ``make_client``; the recorded sleep is an async callable."""
    pools: list[httpx.AsyncClient] = []

    def make(**overrides: Any) -> AsyncTelecrm:
        pool = httpx.AsyncClient(transport=httpx.MockTransport(server))
        pools.append(pool)
        arguments: dict[str, Any] = {
            "enterprise_id": ENTERPRISE_ID,
            "token": SYNC_TOKEN,
            "ingest_token": ASYNC_TOKEN,
            "http_client": pool,
            **overrides,
        }
        client = AsyncTelecrm(**arguments)
        client._transport.sleep = async_sleep
        return client

    yield make
    for pool in pools:
        await pool.aclose()
