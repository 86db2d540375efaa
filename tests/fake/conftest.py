"""Fixtures for the fake server's own tests: raw httpx clients over real sockets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Literal

import httpx
import pytest

from telecrm.testing import FakeTelecrm

Connect = Callable[..., httpx.Client]


def client_for(
    fake: FakeTelecrm, api: Literal["sync", "async"] = "sync", token: str | None = None
) -> httpx.Client:
    """A client rooted at the enterprise on `api`'s base URL, with that API's token (or `token`)."""
    base = fake.base_url if api == "sync" else fake.ingest_base_url
    default = fake.sync_token if api == "sync" else fake.async_token
    return httpx.Client(
        base_url=f"{base}/enterprise/{fake.enterprise_id}",
        headers={"Authorization": f"Bearer {token or default}"},
        timeout=5,
    )


@pytest.fixture
def connect(telecrm_fake: FakeTelecrm) -> Iterator[Connect]:
    """`connect(api="sync", token=None)`: a client for the session's fake, closed after the test."""
    with ExitStack() as stack:
        yield lambda *args, **kwargs: stack.enter_context(client_for(telecrm_fake, *args, **kwargs))


@pytest.fixture
def sync(connect: Connect) -> httpx.Client:
    return connect("sync")


@pytest.fixture
def ingest(connect: Connect) -> httpx.Client:
    return connect("async")


@pytest.fixture
def lead_id(sync: httpx.Client) -> str:
    """A fresh lead with phone 919000000001 and no actions."""
    response = sync.post("/lead", json={"fields": {"name": "Test Lead", "phone": "919000000001"}})
    assert response.status_code == 201
    return str(response.json()["lead_id"])
