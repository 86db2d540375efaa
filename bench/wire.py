"""Whether large answers come compressed (``gzip``).

The canned server runs with ``--gzip``: like a real server, it compresses an answer when the request's
``Accept-Encoding`` names gzip. Each client, built as users build it, fetches a search page of 100 leads; the
server reports the ``Accept-Encoding`` it received and the response body bytes it wrote. Raw httpx (which
asks for gzip by default) is shown for comparison. Goal: the SDK's page arrives compressed.
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Callable

import httpx
from _measure import Figure, verdict
from _scenario import SEARCH_CITY, Server, api_server

from telecrm import AsyncTelecrm, Telecrm


def _on_the_wire(server: Server, fetch: Callable[[], object]) -> tuple[str, int]:
    """(the request's Accept-Encoding, or "none"; response body bytes written) for one fetch."""
    before = server.stats()["body_bytes"]
    fetch()
    written = server.stats()["body_bytes"] - before
    headers = {name.lower(): value for name, value in server.last_request()["headers"]}
    return headers.get("accept-encoding", "none"), written


def _async_search(server: Server) -> None:
    async def search() -> None:
        async with AsyncTelecrm(**server.client_settings()) as client:
            [lead async for lead in client.leads.search(fields={"city": SEARCH_CITY})]

    asyncio.run(search())


def _figure(name: str, accept: str, written: int, plain: int, compressed: int) -> Figure:
    print(f"  {name:<13} Accept-Encoding: {accept:<14} {written:>7,} bytes", flush=True)
    return Figure(
        f"responses compressed ({name})",
        f"Accept-Encoding: {accept}; page of 100: {written:,} bytes (gzip: {compressed:,})",
        "compressed",
        verdict(written < plain),
    )


def bench_gzip() -> list[Figure]:
    with api_server(gzip=True) as server:
        body = server.recorded_body("POST", "/lead/search")
        plain, compressed = len(body), len(gzip.compress(body, 6, mtime=0))
        print(f"responses on the wire: a search page of 100 leads ({plain:,} bytes; gzip: {compressed:,})")
        with Telecrm(**server.client_settings()) as client, httpx.Client() as raw:
            contenders: dict[str, Callable[[], object]] = {
                "Telecrm": lambda: list(client.leads.search(fields={"city": SEARCH_CITY})),
                "AsyncTelecrm": lambda: _async_search(server),
            }
            figures = [
                _figure(name, *_on_the_wire(server, fetch), plain, compressed)
                for name, fetch in contenders.items()
            ]
            target = server.recorded("POST", "/lead/search")["target"]
            accept, written = _on_the_wire(
                server, lambda: raw.post(server.url + target, json={"fields": {"city": SEARCH_CITY}})
            )
            print(f"  {'raw httpx':<13} Accept-Encoding: {accept:<14} {written:>7,} bytes (for comparison)")
    return figures
