"""The transport of a client's own pool (``telecrm._pool.DeadlineHTTPTransport``) is built on httpx's and
httpcore's public API alone, and behaves as ``httpx.HTTPTransport`` does, plus the call's deadline.

These tests fail loudly on an httpx or httpcore that changed what it relies on: the transport contract, the
errors httpcore raises, and the network backend a pool takes. Over loopback sockets, with no timing beyond
"a silent server never answers".
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpcore
import httpx
import pytest

from telecrm._deadline import deadline
from telecrm._pool import DeadlineHTTPTransport

LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=2)
_CORE_ERRORS = sorted(
    (
        getattr(httpcore, name)
        for name in httpcore.__all__
        if isinstance(getattr(httpcore, name), type)
        and issubclass(getattr(httpcore, name), Exception)
        # The pool retries it itself: it never leaves the pool (httpx does not map it either).
        and name != "ConnectionNotAvailable"
    ),
    key=lambda error: error.__name__,
)


@pytest.fixture
def transports() -> Iterator[dict[str, httpx.BaseTransport]]:
    ours, theirs = DeadlineHTTPTransport(LIMITS), httpx.HTTPTransport(limits=LIMITS)
    yield {"ours": ours, "httpx": theirs}
    ours.close()
    theirs.close()


def _listener() -> socket.socket:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(10)
    return server


def _serve_once(answer: Callable[[socket.socket], None]) -> str:
    """A server on a free port that answers one connection with ``answer`` and closes it."""
    server = _listener()

    def run() -> None:
        with server, server.accept()[0] as conn:
            conn.recv(65536)
            answer(conn)

    threading.Thread(target=run, daemon=True).start()
    return f"http://127.0.0.1:{server.getsockname()[1]}/"


def _refused_port() -> str:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def _error(transport: httpx.BaseTransport, url: str) -> Exception:
    request = httpx.Request("GET", url, extensions={"timeout": httpx.Timeout(5.0).as_dict()})
    try:
        response = transport.handle_request(request)
        try:
            b"".join(response.iter_raw())
        finally:
            response.close()
    except Exception as error:
        return error
    raise AssertionError(f"{transport} raised nothing")


ANSWER = b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-A: b\r\n\r\n{}"
ANSWERS: dict[str, Callable[[socket.socket], None]] = {
    "hangs up without answering": lambda conn: None,
    "sends no HTTP": lambda conn: conn.sendall(b"SSH-2.0-OpenSSH\r\n\r\n"),
    "ends the body early": lambda conn: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}"),
}


@pytest.mark.parametrize("answer", list(ANSWERS))
def test_a_broken_answer_raises_the_error_httpx_raises(answer: str, transports) -> None:
    errors = {name: _error(transport, _serve_once(ANSWERS[answer])) for name, transport in transports.items()}

    assert type(errors["ours"]) is type(errors["httpx"])
    assert isinstance(errors["ours"], httpx.TransportError)


def test_a_refused_connection_raises_the_error_httpx_raises(transports) -> None:
    errors = {name: _error(transport, _refused_port()) for name, transport in transports.items()}

    assert type(errors["ours"]) is type(errors["httpx"]) is httpx.ConnectError


def test_an_answer_reads_as_from_httpx(transports) -> None:
    bodies = {}
    for name, transport in transports.items():
        url = _serve_once(
            lambda conn: conn.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-A: b\r\n\r\n{}")
        )
        response = transport.handle_request(httpx.Request("GET", url))
        bodies[name] = (response.status_code, response.headers["X-A"], b"".join(response.iter_raw()))
        response.close()

    assert bodies["ours"] == bodies["httpx"] == (201, "b", b"{}")


@pytest.mark.parametrize("error", _CORE_ERRORS, ids=lambda error: error.__name__)
def test_every_httpcore_error_becomes_its_httpx_twin(error: type[Exception]) -> None:
    class Failing(httpcore.ConnectionPool):
        def handle_request(self, request: httpcore.Request) -> httpcore.Response:
            raise error("simulated")

    transport = DeadlineHTTPTransport(LIMITS)
    transport.pool = Failing()

    with pytest.raises(httpx.TransportError) as raised:
        transport.handle_request(httpx.Request("GET", "http://127.0.0.1/"))

    assert type(raised.value).__name__ == error.__name__
    assert type(raised.value.__cause__) is error


def test_the_calls_deadline_ends_an_attempt_the_server_never_answers() -> None:
    transport = DeadlineHTTPTransport(LIMITS)
    with _listener() as silent:  # accepts connections (the kernel's backlog) and never answers
        port = silent.getsockname()[1]
        request = httpx.Request(
            "GET", f"http://127.0.0.1:{port}/", extensions={"timeout": httpx.Timeout(30.0).as_dict()}
        )
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout), deadline(started + 0.2):
            transport.handle_request(request)

    assert time.monotonic() - started < 10  # the 30 s read timeout did not decide
    transport.close()
