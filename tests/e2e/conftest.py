"""End-to-end fixtures: the real clients against the session's fake Telecrm, over real sockets.

Each test gets the fake reset to the default workspace (`default_workspace.yaml`: Sunrise Realty, lead
identifier `phone`, custom actions 1000-1003, 10 seats, 7 team members, 3 seed leads). Retry waits are
recorded instead of slept: `sleeps` / `async_sleeps` list every delay a client asked for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from e2e_support import TIMEOUT, connection

from telecrm import AsyncTelecrm, Telecrm
from telecrm.testing import FakeTelecrm


@pytest.fixture
def fake(telecrm_fake: FakeTelecrm) -> FakeTelecrm:
    """The session's fake, reset to the default workspace."""
    return telecrm_fake


@pytest.fixture
def sleeps() -> list[float]:
    """Every retry delay the sync `client` asked for, in order (recorded, never slept)."""
    return []


@pytest.fixture
def client(fake: FakeTelecrm, sleeps: list[float]) -> Iterator[Telecrm]:
    with Telecrm(**connection(fake)) as client:
        client._transport.sleep = sleeps.append
        yield client


@pytest.fixture
def async_sleeps() -> list[float]:
    """Every retry delay the `async_client` asked for, in order (recorded, never slept)."""
    return []


@pytest.fixture
async def async_client(
    fake: FakeTelecrm, async_sleeps: list[float], anyio_backend: str
) -> AsyncIterator[AsyncTelecrm]:
    async def record(seconds: float) -> None:
        async_sleeps.append(seconds)

    async with AsyncTelecrm(**connection(fake)) as client:
        client._transport.sleep = record
        yield client


@pytest.fixture
def raw_sync(fake: FakeTelecrm) -> Iterator[httpx.Client]:
    """A plain httpx client on the Sync API, rooted at the enterprise, with the Sync token."""
    with httpx.Client(
        base_url=f"{fake.base_url}/enterprise/{fake.enterprise_id}",
        headers={"Authorization": f"Bearer {fake.sync_token}"},
        timeout=TIMEOUT,
    ) as http:
        yield http


@pytest.fixture
def raw_ingest(fake: FakeTelecrm) -> Iterator[httpx.Client]:
    """A plain httpx client on the Async API, rooted at the enterprise, with the Async token."""
    with httpx.Client(
        base_url=f"{fake.ingest_base_url}/enterprise/{fake.enterprise_id}",
        headers={"Authorization": f"Bearer {fake.async_token}"},
        timeout=TIMEOUT,
    ) as http:
        yield http
