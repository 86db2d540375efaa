"""`FakeTelecrm.running()`: a context manager that starts the fake for the block and stops it after."""

from __future__ import annotations

import httpx
import pytest

from telecrm.testing import FakeTelecrm


def test_running_serves_inside_the_block_and_stops_after_it() -> None:
    with FakeTelecrm.running() as fake, fake.client() as client:
        assert client.workspace.metadata().name == "Sunrise Realty"
        url = fake.ingest_base_url

    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)


def test_using_running_without_with_says_to_use_a_with_block() -> None:
    running = FakeTelecrm.running()

    with pytest.raises(AttributeError) as raised:
        running.client()  # type: ignore[attr-defined]

    assert str(raised.value).startswith(
        "FakeTelecrm.running() is a context manager, not the fake: write "
        "`with FakeTelecrm.running() as fake:` and use `fake.client` inside the block"
    )
