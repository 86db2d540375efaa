"""A small scripted HTTP/1.1 server on raw sockets, for answers no well-behaved server would give.

``HostileServer(handler)`` listens on ``127.0.0.1:0``; every connection gets a thread that reads requests and
passes each to ``handler(conn, request)``, which writes whatever bytes it likes (or none), drips them,
stalls, or closes the connection. ``stop()`` (also on leaving the ``with`` block) closes the listening socket
and every connection and joins the threads with a timeout, so a test never leaves a thread or a port behind.

Nothing here follows HTTP beyond reading a request: that is the point.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

_POLL = 0.05  # how often blocked socket calls look at the stop flag
_JOIN = 5.0  # how long stop() waits for each thread


@attrs.frozen
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class Closed(Exception):
    """The peer closed the connection, or the server is stopping."""


class Conn:
    """One accepted connection, with the helpers a handler needs."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock = sock
        self.stopping = stopping
        self._buffer = b""
        sock.settimeout(_POLL)

    # --- reading ---

    def _recv(self) -> bytes:
        while True:
            if self.stopping.is_set():
                raise Closed
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                continue
            except OSError as exc:
                raise Closed from exc
            if not data:
                raise Closed
            return data

    def read_request(self) -> Request | None:
        """The next request on this connection, or ``None`` when the client has gone."""
        try:
            while b"\r\n\r\n" not in self._buffer:
                self._buffer += self._recv()
            head, _, self._buffer = self._buffer.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            while len(self._buffer) < length:
                self._buffer += self._recv()
            body, self._buffer = self._buffer[:length], self._buffer[length:]
        except Closed:
            return None
        return Request(method, path, headers, body)

    # --- writing ---

    def send(self, data: bytes) -> None:
        if self.stopping.is_set():
            raise Closed
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise Closed from exc

    def send_chunks(self, chunks: Iterable[bytes]) -> None:
        for chunk in chunks:
            self.send(chunk)

    def drip(self, data: bytes, interval: float) -> None:
        """Send ``data`` one byte at a time, ``interval`` seconds apart (until stopped or the peer goes)."""
        for index in range(len(data)):
            self.send(data[index : index + 1])
            if self.stopping.wait(interval):
                raise Closed

    def stall(self, seconds: float) -> None:
        """Hold the connection open, sending nothing."""
        if self.stopping.wait(seconds):
            raise Closed

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()
        raise Closed


def head(
    status: int = 200,
    headers: Iterable[tuple[str, str]] = (),
    *,
    reason: str = "OK",
    length: int | None = None,
) -> bytes:
    """A status line and headers (``Content-Length: length`` if given), up to and including the blank line."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def response(
    status: int = 200,
    body: bytes | str | Any = b"",
    headers: Iterable[tuple[str, str]] = (("Content-Type", "application/json"),),
    *,
    reason: str = "OK",
) -> bytes:
    """A complete response with a correct ``Content-Length``; a non-bytes, non-str body is sent as JSON."""
    if isinstance(body, str):
        body = body.encode()
    elif not isinstance(body, bytes):
        body = json.dumps(body).encode()
    return head(status, headers, reason=reason, length=len(body)) + body


Handler = Callable[[Conn, Request], None]


class HostileServer:
    """Serves ``handler`` on a free loopback port until :meth:`stop`."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(_POLL)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(
            target=self._accept, name=f"hostile-accept-{self.port}", daemon=True
        )
        self._acceptor.start()

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._sockets)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            with self._lock:
                self._sockets.append(sock)
                self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        conn = Conn(sock, self._stopping)
        try:
            while True:
                request = conn.read_request()
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                self.handler(conn, request)
        except Closed:
            pass
        except BaseException as exc:  # a broken script: kept for the test to see, never silently lost
            self.errors.append(exc)
        finally:
            with contextlib.suppress(OSError):
                sock.close()

    def stop(self) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._acceptor.join(_JOIN)
        with self._lock:
            sockets, threads = list(self._sockets), list(self._threads)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()
        deadline = time.monotonic() + _JOIN
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [thread for thread in threads if thread.is_alive()]
        assert not alive, f"{len(alive)} connection thread(s) did not stop"
        assert self._acceptor.is_alive() is False

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextlib.contextmanager
def serving(handler: Handler) -> Iterator[HostileServer]:
    server = HostileServer(handler)
    try:
        yield server
    finally:
        server.stop()


def refused_port() -> int:
    """A loopback port nothing listens on (bound, then released): connecting to it is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port
