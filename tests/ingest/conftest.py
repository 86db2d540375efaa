"""Fixtures for bulk ingestion: a fake Telecrm over real sockets, and clients pointed at it.

The fake here enforces no Async rate limit unless a test starts its own: pacing is the client's job, and the
tests that check it say so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from bulk_records import settings_of

from telecrm import AsyncTelecrm, Telecrm
from telecrm.testing import FakeTelecrm


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeTelecrm]:
    with FakeTelecrm.running(async_rate_limit=None) as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeTelecrm) -> FakeTelecrm:
    """The module's fake, reset: its workspace's seed data, no faults, empty logs."""
    fake_server.reset()
    return fake_server


@pytest.fixture
def client(fake: FakeTelecrm) -> Iterator[Telecrm]:
    with Telecrm(**settings_of(fake)) as client:
        yield client


@pytest.fixture
async def async_client(fake: FakeTelecrm) -> AsyncIterator[AsyncTelecrm]:
    async with AsyncTelecrm(**settings_of(fake)) as client:
        yield client
