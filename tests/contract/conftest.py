"""Stoplight Prism, started once per session on a free loopback port, serving the patched spec.

Prism validates every request against the spec (violations come back in its
``sl-violations`` header) and, with ``--errors``, answers 500 instead of serving a
response that breaks the spec. Every test gets a client whose HTTP responses are checked
for both.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from telecrm import AsyncTelecrm, Telecrm

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
SPEC = ROOT / "openapi" / "telecrm.patched.yaml"
ENTERPRISE_ID = "62ab16e0c3f4a5b6c7d8e9f0"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not PRISM.exists():
        pytest.fail("Prism is not installed: run `make setup` (npm ci)")
    port = _free_port()
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(PRISM), "mock", str(SPEC), "--errors", "-h", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the node children stop with it
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"Prism exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                httpx.get(f"{url}/enterprise/{ENTERPRISE_ID}/metadata", headers={"Authorization": "Bearer t"})
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Prism did not answer within 30 s:\n{log_path.read_text()}")
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Violations:
    """Every Prism complaint seen on a client's responses."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def record(self, response: httpx.Response) -> None:
        request = response.request
        where = f"{request.method} {request.url.path}"
        if "sl-violations" in response.headers:
            self.seen.append(f"{where}: request violation {response.headers['sl-violations']}")
        prefer = request.headers.get("Prefer", "")
        if response.status_code == 500 and "code=500" not in prefer:
            self.seen.append(f"{where}: response violation (500 under --errors): {response.text[:500]}")
        if response.status_code == 422 and "code=422" not in prefer:
            self.seen.append(f"{where}: request rejected (422): {response.text[:500]}")

    async def arecord(self, response: httpx.Response) -> None:
        self.record(response)


@pytest.fixture
def violations() -> Iterator[Violations]:
    found = Violations()
    yield found
    assert found.seen == [], "Prism reported violations:\n" + "\n".join(found.seen)


@pytest.fixture
def client(prism_url: str, violations: Violations) -> Iterator[Telecrm]:
    http = httpx.Client(event_hooks={"response": [violations.record]})
    # Prism ignores the spec's servers (paths are served from /) and accepts any bearer token.
    with (
        http,
        Telecrm(
            enterprise_id=ENTERPRISE_ID,
            token="sync-token",
            ingest_token="async-token",
            base_url=prism_url,
            ingest_base_url=prism_url,
            max_retries=0,
            http_client=http,
        ) as telecrm,
    ):
        yield telecrm


@pytest.fixture
async def async_client(prism_url: str, violations: Violations) -> AsyncIterator[AsyncTelecrm]:
    http = httpx.AsyncClient(event_hooks={"response": [violations.arecord]})
    async with http:
        yield AsyncTelecrm(
            enterprise_id=ENTERPRISE_ID,
            token="sync-token",
            ingest_token="async-token",
            base_url=prism_url,
            ingest_base_url=prism_url,
            max_retries=0,
            http_client=http,
        )
