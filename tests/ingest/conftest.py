"""Fixtures for bulk ingestion: clients pointed at the module's fake (``fake``, from ``tests/conftest.py``).

That fake enforces no Async rate limit unless a test starts its own: pacing is the client's job, and the
tests that check it say so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from bulk_records import settings_of

from telecrm import AsyncTelecrm, Telecrm
from telecrm.testing import FakeTelecrm


@pytest.fixture
def client(fake: FakeTelecrm) -> Iterator[Telecrm]:
    with Telecrm(**settings_of(fake)) as client:
        yield client


@pytest.fixture
async def async_client(fake: FakeTelecrm) -> AsyncIterator[AsyncTelecrm]:
    async with AsyncTelecrm(**settings_of(fake)) as client:
        yield client
