"""Fixtures for the command line: one fake Telecrm per module, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cli_support import environment_for

from telecrm.testing import FakeTelecrm


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeTelecrm]:
    with FakeTelecrm.running(async_rate_limit=None) as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeTelecrm) -> FakeTelecrm:
    fake_server.reset()
    return fake_server


@pytest.fixture
def env(fake: FakeTelecrm) -> dict[str, str]:
    """The environment of a configured user: every TELECRM_* variable pointing at the fake."""
    return environment_for(fake)
