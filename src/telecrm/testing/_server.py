"""`FakeTelecrm`: the fake served by uvicorn over real sockets, in a background thread."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
import time
from contextlib import AbstractContextManager
from os import PathLike
from typing import TYPE_CHECKING, Any, NoReturn, TypedDict, Unpack

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from telecrm._presentation import present_as
from telecrm.testing._app import ABORT, ROUTES, SYNC_PREFIX, FakeApp
from telecrm.testing._faults import Faults
from telecrm.testing._state import State
from telecrm.testing._store import Store
from telecrm.testing._vocabulary import DEFAULT_ASYNC_RATE_LIMIT, DEFAULT_LOG_LIMIT, DEFAULT_RATE_WINDOW
from telecrm.testing._workspace import Workspace

if TYPE_CHECKING:
    from telecrm import AsyncTelecrm, Telecrm

__all__ = ["DEFAULT_ASYNC_RATE_LIMIT", "DEFAULT_LOG_LIMIT", "FakeOptions", "FakeTelecrm"]


class FakeOptions(TypedDict, total=False):
    """Keyword options of `FakeTelecrm` and `FakeTelecrm.running`."""

    host: str
    port: int
    enterprise_id: str
    sync_token: str
    async_token: str
    async_rate_limit: int | None
    rate_window: float
    ingest_delay: float
    log_limit: int | None


class _AbortableH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus a way for the app to close its own connection without answering.

    ASGI has no "drop the connection" message; the `drop` fault needs one, so each connection puts its
    transport's `abort` in the scope state of its requests.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.app_state = {**self.app_state, ABORT: transport.abort}


class _Server(uvicorn.Server):
    """uvicorn's server, told to stop from another thread and waking for it at once, not at its next tick."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):  # uvicorn's loop: the Date header, should_exit
            counter = (counter + 1) % 864_000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    def exit_soon(self) -> None:
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed already
                loop.call_soon_threadsafe(wake.set)


class _Running(AbstractContextManager["FakeTelecrm"]):
    """What `FakeTelecrm.running()` returns: the fake is started on entering the `with` block."""

    def __init__(self, fake: FakeTelecrm) -> None:
        self._fake = fake

    def __enter__(self) -> FakeTelecrm:
        self._fake.start()
        return self._fake

    def __exit__(self, *exc_info: object) -> None:
        self._fake.stop()

    # Type checkers refuse `running().client()` already; at run time, say what to write instead.
    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> NoReturn:
            raise AttributeError(
                "FakeTelecrm.running() is a context manager, not the fake: write `with "
                f"FakeTelecrm.running() as fake:` and use `fake.{name}` inside the block (or "
                "FakeTelecrm(...).start() and .stop())"
            )


class FakeTelecrm:
    """A stateful in-memory Telecrm serving the Sync and Async APIs on one loopback port.

    Use `FakeTelecrm.running(...)` (a context manager), or `start()` and `stop()`. `client()` and
    `async_client()` give a `Telecrm` / `AsyncTelecrm` set up for it; any other client goes to `base_url`
    (Sync API) and `ingest_base_url` (Async API) with `enterprise_id`, `sync_token` and `async_token`.
    Inspect `state` (every request is logged with its headers); inject failures with `faults`; `reset()`
    between tests.

    `workspace` is a `Workspace`, a path to a YAML or JSON workspace file, or None for the default one.
    Options: `host` and `port` (default 127.0.0.1 and a free port); `enterprise_id`, `sync_token`,
    `async_token` (default: random); `async_rate_limit` and `rate_window`: each Async token may make at most
    that many requests in any `rate_window`-second span, a sliding window (default 18,000 per 3,600 s; None
    for no limit); beyond it the answer is 429 with `Retry-After`, and refused requests do not count. To run
    the API's hour `k` times faster, pass `async_rate_limit=18_000 // k, rate_window=3600 / k`;
    `state.admitted(token)` says when each request was admitted.
    `ingest_delay`: seconds an Async upsert waits in the queue before it is processed (default 0).
    `log_limit`: how many entries `state.requests` and `state.ingested` keep, the newest (default 10,000, so
    that a fake serving a long run holds bounded memory); None keeps every one.

    The fake's own assumptions, where the docs are silent: past the Async rate limit it answers
    `429 {"error": {"code": "RATE_LIMITED", ...}}` with `Retry-After` (the docs do not say what comes back);
    a POST body not sent as `application/json` is refused with `400 BAD_REQUEST` on the Sync API and, on
    the Async API, queued and dropped unread (no feedback, as for every other bad Async payload).
    """

    def __init__(
        self,
        workspace: Workspace | str | PathLike[str] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        enterprise_id: str | None = None,
        sync_token: str | None = None,
        async_token: str | None = None,
        async_rate_limit: int | None = DEFAULT_ASYNC_RATE_LIMIT,
        rate_window: float = DEFAULT_RATE_WINDOW,
        ingest_delay: float = 0.0,
        log_limit: int | None = DEFAULT_LOG_LIMIT,
    ) -> None:
        if not isinstance(workspace, Workspace):
            workspace = Workspace.default() if workspace is None else Workspace.load(workspace)
        if async_rate_limit is not None and async_rate_limit < 1:
            raise ValueError("async_rate_limit must be >= 1, or None for no limit")
        if rate_window <= 0 or ingest_delay < 0:
            raise ValueError("rate_window must be > 0 and ingest_delay >= 0")
        if log_limit is not None and log_limit < 0:
            raise ValueError("log_limit must be >= 0, or None to keep every entry")
        self.workspace: Workspace = workspace
        """What the fake serves: the enterprise, its fields, custom actions, pipeline, team and seed leads."""
        self.host: str = host
        """The address the fake listens on (`127.0.0.1` unless given)."""
        self.enterprise_id: str = enterprise_id or os.urandom(12).hex()
        self.sync_token: str = sync_token or _new_token()
        self.async_token: str = async_token or _new_token()
        self._store = Store(
            workspace,
            enterprise_id=self.enterprise_id,
            sync_token=self.sync_token,
            async_token=self.async_token,
            async_rate_limit=async_rate_limit,
            rate_window=rate_window,
            log_limit=log_limit,
        )
        self.state: State = State(self._store)
        self.faults: Faults = Faults(ROUTES)
        self._app = FakeApp(self._store, self.faults, ingest_delay=ingest_delay)
        self._requested_port = port
        self._port: int | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def running(
        cls, workspace: Workspace | str | PathLike[str] | None = None, **options: Unpack[FakeOptions]
    ) -> AbstractContextManager[FakeTelecrm]:
        """A context manager: `with FakeTelecrm.running() as fake:` starts a fake, gives it once it accepts
        connections, and stops it on leaving the block."""
        return _Running(cls(workspace, **options))

    @property
    def port(self) -> int:
        """The loopback port both APIs are served on."""
        if self._port is None:
            raise RuntimeError("the fake is not running")
        return self._port

    @property
    def base_url(self) -> str:
        """The Sync API's base URL (the real one is `https://next.telecrm.in/autoupdate/v2`)."""
        return f"http://{self.host}:{self.port}{SYNC_PREFIX}"

    @property
    def ingest_base_url(self) -> str:
        """The Async API's base URL (the real one is `https://next-api.telecrm.in`)."""
        return f"http://{self.host}:{self.port}"

    def client(self, **options: Any) -> Telecrm:
        """A `telecrm.Telecrm` for this fake: its enterprise id, both tokens and both base URLs.

        `options` are passed on (e.g. `max_retries=0`, `timeout=5`) and may override any of those. Close it
        when done (it is a context manager).
        """
        from telecrm import Telecrm

        return Telecrm(**(self._client_settings() | options))

    def async_client(self, **options: Any) -> AsyncTelecrm:
        """A `telecrm.AsyncTelecrm` for this fake, set up as `client()` sets up a `Telecrm`."""
        from telecrm import AsyncTelecrm

        return AsyncTelecrm(**(self._client_settings() | options))

    def _client_settings(self) -> dict[str, Any]:
        return {
            "enterprise_id": self.enterprise_id,
            "token": self.sync_token,
            "ingest_token": self.async_token,
            "base_url": self.base_url,
            "ingest_base_url": self.ingest_base_url,
        }

    def start(self, timeout: float = 10.0) -> None:
        """Serve in a background thread; return once the port accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the fake is already running")
        sock = _listening_socket(self.host, self._requested_port)
        config = uvicorn.Config(
            self._app,
            # h11 whatever else is installed: the fake behaves the same everywhere (bad requests, drops).
            http=_AbortableH11Protocol,
            ws="none",
            lifespan="on",
            loop="asyncio",
            log_config=None,
            log_level=None,
            access_log=False,
            # Nothing sits in front of the fake: no X-Forwarded-* headers to read on every request.
            proxy_headers=False,
            timeout_graceful_shutdown=1,
        )
        server = _Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="fake-telecrm", daemon=True
        )
        self._port = sock.getsockname()[1]
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                sock.close()
                raise RuntimeError("the fake Telecrm server did not start")
            time.sleep(0.005)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and join the server thread (in-flight requests get about a second to finish)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._app.stopping()
        server.exit_soon()
        thread.join(timeout)
        if thread.is_alive():
            raise RuntimeError("the fake Telecrm server did not stop")
        self._server = self._thread = None
        self._port = None

    def reset(self) -> None:
        """Forget everything since start: faults, leads, team changes, tokens, rate windows, logs, queue."""
        self.faults.clear()
        self._store.reset()


def _listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket, so the port (a free one, for port 0) is known before serving starts."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    # An explicit IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on connections accepted from such a
    # socket, and without it every two-write response waits out the peer's delayed ACK (about 40 ms).
    sock = socket.socket(family, kind, proto)
    if os.name == "posix":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def _new_token() -> str:
    # Shaped like the opaque colon-separated tokens seen in the wild.
    return f"{os.urandom(12).hex()}:{os.urandom(16).hex()}"


# Public as telecrm.testing.X: they present so in reprs, tracebacks and pickles.
present_as("telecrm.testing", globals(), ("FakeOptions", "FakeTelecrm"))
