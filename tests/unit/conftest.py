"""Fixtures for the client tests: a scripted fake server and clients wired to it.

Nothing here touches the network. By default every client gets a lent ``httpx.Client`` /
``httpx.AsyncClient`` whose transport is a ``MockTransport`` over the :class:`Server`. In a module marked
``over_both_pools``, every test using a client runs twice: with that lent client (``pool="lent"``), and
with the client's own pool, the default direct path, reaching the same server over an in-memory network
(``pool="own"``, :mod:`_direct`). Retry ``sleep`` is replaced by a recorder so that retries never wait.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from _direct import own_pool_on

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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "over_both_pools: run each client test over a lent MockTransport client and the own pool"
    )
    config.addinivalue_line(
        "markers", "lent_client_only(reason): in an over_both_pools module, a test only a lent client can run"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "pool" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        both = marked("over_both_pools") is not None and marked("lent_client_only") is None
        metafunc.parametrize("pool", ["lent", "own"] if both else ["lent"], indirect=True)


@pytest.fixture
def pool(request: pytest.FixtureRequest) -> str:
    """How clients reach the server: ``"lent"`` (a lent client on ``MockTransport``) or ``"own"`` (their own
    pool, over :mod:`_direct`)."""
    return str(request.param)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def sleeps() -> list[float]:
    """Every retry delay a client asked for, in order (recorded instead of slept)."""
    return []


@pytest.fixture
def make_client(
    server: Server, sleeps: list[float], pool: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Telecrm]]:
    """``make_client(**overrides)``: a ``Telecrm`` on the scripted server with both tokens and recorded
    sleeps (over the ``pool`` the test runs on)."""
    closing: list[httpx.Client | Telecrm] = []

    def make(**overrides: Any) -> Telecrm:
        arguments: dict[str, Any] = {
            "enterprise_id": ENTERPRISE_ID,
            "token": SYNC_TOKEN,
            "ingest_token": ASYNC_TOKEN,
        }
        if pool == "own" and "http_client" not in overrides:
            with own_pool_on(server, monkeypatch):
                client = Telecrm(**{**arguments, **overrides})
            assert client._transport.direct is not None, "the own pool is not on its direct path"
        else:
            lent = httpx.Client(transport=httpx.MockTransport(server))
            client = Telecrm(**{**arguments, "http_client": lent, **overrides})
            closing.append(lent)
        closing.append(client)
        client._transport.sleep = sleeps.append
        return client

    yield make
    for resource in closing:
        resource.close()


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
    server: Server,
    async_sleep: Callable[[float], Any],
    pool: str,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Callable[..., AsyncTelecrm]]:
    """The ``AsyncTelecrm`` twin of ``make_client``; the recorded sleep is an async callable."""
    closing: list[Callable[[], Awaitable[None]]] = []

    def make(**overrides: Any) -> AsyncTelecrm:
        arguments: dict[str, Any] = {
            "enterprise_id": ENTERPRISE_ID,
            "token": SYNC_TOKEN,
            "ingest_token": ASYNC_TOKEN,
        }
        if pool == "own" and "http_client" not in overrides:
            with own_pool_on(server, monkeypatch):
                client = AsyncTelecrm(**{**arguments, **overrides})
            assert client._transport.direct is not None, "the own pool is not on its direct path"
        else:
            lent = httpx.AsyncClient(transport=httpx.MockTransport(server))
            client = AsyncTelecrm(**{**arguments, "http_client": lent, **overrides})
            closing.append(lent.aclose)
        closing.append(client.close)
        client._transport.sleep = async_sleep
        return client

    yield make
    for close in closing:
        await close()
