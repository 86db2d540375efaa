"""The scripted :class:`~conftest.Server` behind a client's own connection pool: the default direct path.

A client built without ``http_client`` sends each attempt straight to its pool's transport
(``telecrm._pool``), through httpcore's HTTP/1.1 connection and the network backend. Here that backend's
bottom layer, the one that would open sockets, is an in-memory network: each connection parses the bytes
the client writes into an ``httpx.Request`` (h11, as a server would), hands it to the same ``Server`` the
``MockTransport`` tests use, and serves its ``httpx.Response`` back as HTTP/1.1 bytes. A scripted transport
error is raised by the connection as httpcore raises it (``httpcore.ReadTimeout`` for ``httpx.ReadTimeout``),
for the pool to turn back into httpx's.

Everything above the socket is the real thing: the SDK's transport and deadline backend for the sync client,
httpx's ``AsyncHTTPTransport`` for the async one, httpcore's pool and connections for both. No thread, no
port, no timing. ``https`` URLs stay as they are: the in-memory connection's TLS is a no-op.
"""

from __future__ import annotations

import contextlib
import functools
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import h11
import httpcore
import httpx

Handler = Callable[[httpx.Request], httpx.Response]

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


class _Connection:
    """One in-memory connection: what the client wrote, parsed into requests; what the server answered,
    queued as bytes for the client to read."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.scheme = "http"
        self.parser = h11.Connection(h11.SERVER)
        self.received: list[Any] = []
        self.answer = bytearray()
        self.failure: Exception | None = None
        self.ended = False  # the client read to the end of the connection: a socket would now be readable

    def write(self, data: bytes) -> None:
        if not data:
            return  # to h11, no data would mean the client closed the connection
        self.parser.receive_data(data)
        while (event := self.parser.next_event()) not in (h11.NEED_DATA, h11.PAUSED):
            self.received.append(event)
            if isinstance(event, h11.EndOfMessage):
                self._serve()

    def read(self, max_bytes: int) -> bytes:
        if self.failure is not None:
            raise self.failure
        chunk = bytes(self.answer[:max_bytes])
        del self.answer[:max_bytes]
        self.ended = not chunk
        return chunk

    def extra_info(self, info: str) -> Any:
        # No ssl_object: HTTP/1.1. "Readable" while idle only at its end, so the pool drops it as it drops a
        # socket the server closed (after an answer delimited by the connection's end).
        return self.ended if info == "is_readable" else None

    def _serve(self) -> None:
        head, *data, _ = self.received
        self.received = []
        self.parser = h11.Connection(h11.SERVER)  # one request per cycle: the client never pipelines
        headers = head.headers.raw_items()
        host = next(value for name, value in headers if name.lower() == b"host").decode("ascii")
        request = httpx.Request(
            head.method.decode("ascii"),
            f"{self.scheme}://{host}{head.target.decode('ascii')}",
            headers=headers,
            content=b"".join(bytes(part.data) for part in data),
        )
        try:
            response = self.handler(request)
        except httpx.TransportError as error:
            # The same error from httpcore, for the pool to map back as it maps a socket's.
            self.failure = getattr(httpcore, type(error).__name__)(str(error))
            return
        self.answer += _wire_bytes(response)  # once read, reads see the end of the connection


def _wire_bytes(response: httpx.Response) -> bytes:
    """``response`` as a server sends it: status line, headers as given, and the body as given (still
    compressed, if it says so)."""
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}".encode("ascii")]
    lines += [name + b": " + value for name, value in response.headers.raw]
    body = (
        b"".join(response.stream) if isinstance(response.stream, httpx.SyncByteStream) else response.content
    )
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class _Stream(httpcore.NetworkStream):
    def __init__(self, connection: _Connection) -> None:
        self.connection = connection

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.connection.read(max_bytes)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.connection.write(buffer)

    def close(self) -> None:
        pass

    def start_tls(self, *args: Any, **kwargs: Any) -> _Stream:
        self.connection.scheme = "https"
        return self

    def get_extra_info(self, info: str) -> Any:
        return self.connection.extra_info(info)


class _Network(httpcore.NetworkBackend):
    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    def connect_tcp(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        return _Stream(_Connection(self.handler))

    def sleep(self, seconds: float) -> None:
        raise AssertionError("httpcore never sleeps without connect retries")


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, connection: _Connection) -> None:
        self.connection = connection

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109  # httpcore's
        return self.connection.read(max_bytes)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        self.connection.write(buffer)

    async def aclose(self) -> None:
        pass

    async def start_tls(self, *args: Any, **kwargs: Any) -> _AsyncStream:
        self.connection.scheme = "https"
        return self

    def get_extra_info(self, info: str) -> Any:
        return self.connection.extra_info(info)


class _AsyncNetwork(httpcore.AsyncNetworkBackend):
    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    async def connect_tcp(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        return _AsyncStream(_Connection(self.handler))

    async def sleep(self, seconds: float) -> None:
        raise AssertionError("httpcore never sleeps without connect retries")


@functools.cache
def _unverified_context(*args: Any, **kwargs: Any) -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


@contextlib.contextmanager
def own_pool_on(handler: Handler, monkeypatch: Any) -> Iterator[None]:
    """While a client is built in this block, its own pool reaches ``handler`` over the in-memory network.

    The names are patched only while the pool is built: httpcore's public ones (the sync pool's deadline
    backend wraps an ``httpcore.SyncBackend()``, httpx's async transport builds an
    ``httpcore.AsyncConnectionPool``), and ``ssl.create_default_context``, as loading the CA bundle for a TLS
    the in-memory network never does would cost each test 30 ms. No proxy variable may route the calls through
    ``send``.
    """
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    with monkeypatch.context() as patch:
        patch.setattr(ssl, "create_default_context", _unverified_context)
        patch.setattr(httpcore, "SyncBackend", lambda: _Network(handler))
        patch.setattr(
            httpcore,
            "AsyncConnectionPool",
            functools.partial(httpcore.AsyncConnectionPool, network_backend=_AsyncNetwork(handler)),
        )
        yield
