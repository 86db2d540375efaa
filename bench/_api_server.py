"""A fast canned Telecrm for benchmarks: each route answers with a body recorded from the fake.

    python bench/_api_server.py ROUTES.json [--gzip]

Started by the benchmarks in a process of its own, so that serving costs the measured client no CPU. It
prints its port, then serves keep-alive HTTP/1.1 on 127.0.0.1 until terminated. Serving a request is a
dictionary look-up and one write: the server does as little as possible, so that the client's own cost is
what the benchmarks see (the fake itself, a full Starlette app, is benchmarked on its own).

ROUTES.json is ``{"routes": [{"method", "target", "status", "body"}]}`` (see ``_scenario.py``). A request
is answered by the route of the same method and target (path and query), else by the route of the same
method and path whatever the query; a page request (``skip`` > 0) that was not recorded is answered with an
empty page, so that paging ends; anything else is a 404.

``--gzip``: answer a request whose ``Accept-Encoding`` names gzip with a gzip-compressed body, as a real
server does. Without it every answer is identity-encoded, so that a client asking for compression and one
that does not get the same bytes (the per-call comparison needs exactly that).

Two paths serve the benchmarks themselves: ``GET /__bench__/last`` answers with the last request served
(method, target, headers, body) so that a raw-httpx baseline can replay exactly what the SDK sent, and
``GET /__bench__/stats`` with the number of requests served, connections accepted and body bytes written.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import sys
from typing import Any
from urllib.parse import parse_qsl

EMPTY_PAGE = b'{"data": [], "total_count": 0}'
NOT_FOUND = b'{"code": "NOT_FOUND", "message": "no route recorded for this request"}'
REASONS = {200: b"OK", 201: b"Created", 404: b"Not Found"}


def _response(status: int, body: bytes, encoding: str | None = None) -> bytes:
    head = [
        b"HTTP/1.1 %d %s" % (status, REASONS.get(status, b"OK")),
        b"content-type: application/json",
        b"content-length: %d" % len(body),
    ]
    if encoding:
        head.append(b"content-encoding: " + encoding.encode())
    return b"\r\n".join(head) + b"\r\n\r\n" + body


class Answer:
    """One route's answer, prepared once: identity-encoded and gzip-compressed."""

    def __init__(self, status: int, body: bytes) -> None:
        compressed = gzip.compress(body, 6, mtime=0)
        self.plain = _response(status, body)
        self.compressed = _response(status, compressed, "gzip")
        self.plain_size = len(body)
        self.compressed_size = len(compressed)


class Routes:
    """Every recorded answer, by (method, target) and by (method, path)."""

    def __init__(self, routes: list[dict[str, Any]], compress: bool) -> None:
        self.by_target: dict[tuple[str, str], Answer] = {}
        self.by_path: dict[tuple[str, str], Answer] = {}
        for route in routes:
            answer = Answer(route["status"], route["body"].encode())
            method, target = route["method"], route["target"]
            self.by_target[(method, target)] = answer
            self.by_path.setdefault((method, target.partition("?")[0]), answer)
        self.empty_page = Answer(200, EMPTY_PAGE)
        self.not_found = Answer(404, NOT_FOUND)
        self.compress = compress

    def answer(self, method: str, target: str) -> Answer:
        found = self.by_target.get((method, target))
        if found is not None:
            return found
        path, _, query = target.partition("?")
        if any(name == "skip" and value not in ("", "0") for name, value in parse_qsl(query)):
            return self.empty_page
        return self.by_path.get((method, path), self.not_found)


class Stats:
    """What the benchmarks can ask the server about itself."""

    def __init__(self) -> None:
        self.requests = 0
        self.connections = 0
        self.body_bytes = 0
        self.last: dict[str, Any] = {}


class Connection(asyncio.Protocol):
    """One keep-alive connection: parse each request as its bytes arrive, answer it in one write."""

    def __init__(self, routes: Routes, stats: Stats) -> None:
        self.routes = routes
        self.stats = stats
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.stats.connections += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            headers = [tuple(part.strip() for part in line.split(":", 1)) for line in head[1:] if ":" in line]
            fields = {name.lower(): value for name, value in headers}
            length = int(fields.get("content-length", "0"))
            if len(self.buffer) < end + 4 + length:
                return
            body = self.buffer[end + 4 : end + 4 + length]
            self.buffer = self.buffer[end + 4 + length :]
            method, target, _ = head[0].split(" ", 2)
            self.serve(method, target, headers, fields, body)

    def serve(
        self, method: str, target: str, headers: list[Any], fields: dict[str, str], body: bytes
    ) -> None:
        assert self.transport is not None
        if target.startswith("/__bench__/"):
            self.transport.write(self.about_me(target))
            return
        answer = self.routes.answer(method, target)
        compress = self.routes.compress and "gzip" in fields.get("accept-encoding", "")
        self.stats.requests += 1
        self.stats.body_bytes += answer.compressed_size if compress else answer.plain_size
        self.stats.last = {
            "method": method,
            "target": target,
            "headers": headers,
            "body": body.decode("utf-8"),
        }
        self.transport.write(answer.compressed if compress else answer.plain)

    def about_me(self, target: str) -> bytes:
        if target == "/__bench__/last":
            return _response(200, json.dumps(self.stats.last).encode())
        stats = self.stats
        about = {"requests": stats.requests, "connections": stats.connections, "body_bytes": stats.body_bytes}
        return _response(200, json.dumps(about).encode())


async def main(routes: Routes) -> None:
    stats = Stats()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(routes, stats), "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        recorded = json.load(file)["routes"]
    asyncio.run(main(Routes(recorded, compress="--gzip" in sys.argv[2:])))
