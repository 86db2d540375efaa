"""`with_raw_response` hands out a complete `httpx.Response`: everything httpx sets on one is readable."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from e2e_support import connection

from telecrm import AsyncTelecrm, NotFoundError, Telecrm
from telecrm.testing import FakeTelecrm


def test_a_raw_response_from_the_clients_own_pool_says_how_long_it_took(client: Telecrm) -> None:
    raw = client.with_raw_response.workspace.metadata()

    assert isinstance(raw.http_response.elapsed, timedelta)
    assert raw.http_response.elapsed >= timedelta(0)


def test_a_raw_response_through_a_lent_http_client_says_how_long_it_took(fake: FakeTelecrm) -> None:
    with httpx.Client() as http, Telecrm(**connection(fake, http_client=http)) as client:
        raw = client.with_raw_response.workspace.metadata()

    assert raw.http_response.elapsed >= timedelta(0)


def test_the_response_of_a_status_error_says_how_long_it_took(client: Telecrm) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.leads.get("65a1f0c2e4b0a1b2c3d4e5ff")

    assert raised.value.response.elapsed >= timedelta(0)


@pytest.mark.anyio
async def test_an_async_raw_response_says_how_long_it_took(async_client: AsyncTelecrm) -> None:
    raw = await async_client.with_raw_response.workspace.metadata()

    assert raw.http_response.elapsed >= timedelta(0)


@pytest.mark.anyio
async def test_an_async_raw_response_through_a_lent_http_client_says_how_long_it_took(
    fake: FakeTelecrm,
) -> None:
    async with httpx.AsyncClient() as http, AsyncTelecrm(**connection(fake, http_client=http)) as client:
        raw = await client.with_raw_response.workspace.metadata()

    assert raw.http_response.elapsed >= timedelta(0)
