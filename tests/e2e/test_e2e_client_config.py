"""Client configuration end to end: the environment, a lent `http_client`, `with_options`, request logging,
and many concurrent calls on one `AsyncTelecrm`."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from e2e_support import ROHAN, TIMEOUT, connection

from telecrm import AsyncTelecrm, Telecrm
from telecrm.testing import FakeTelecrm


def test_a_client_built_from_the_environment_reaches_both_apis(
    fake: FakeTelecrm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELECRM_ENTERPRISE_ID", fake.enterprise_id)
    monkeypatch.setenv("TELECRM_SYNC_TOKEN", fake.sync_token)
    monkeypatch.setenv("TELECRM_ASYNC_TOKEN", fake.async_token)
    monkeypatch.setenv("TELECRM_BASE_URL", fake.base_url)
    monkeypatch.setenv("TELECRM_INGEST_BASE_URL", fake.ingest_base_url)

    with Telecrm() as client:
        assert client.workspace.metadata().id == fake.enterprise_id
        assert client.ingest.upsert({"phone": "919811100001"}).status == "QUEUED"


def test_a_lent_http_client_serves_both_hosts_but_never_its_own_url_or_auth(fake: FakeTelecrm) -> None:
    with httpx.Client(
        base_url="https://example.invalid",
        headers={"Authorization": "Bearer not-a-telecrm-token"},
        auth=("user", "password"),
    ) as http:
        with Telecrm(**connection(fake, http_client=http)) as client:
            client.leads.get(ROHAN)
            client.ingest.upsert({"phone": "919811100001"})
        assert not http.is_closed  # the client does not close what it was lent

    assert [(r.api, r.token_kind, r.status) for r in fake.state.requests] == [
        ("sync", "sync", 200),
        ("async", "async", 200),
    ]


def test_with_options_sends_extra_headers_and_leaves_the_original_unchanged(fake: FakeTelecrm) -> None:
    seen: list[str | None] = []

    def hook(request: httpx.Request) -> None:
        seen.append(request.headers.get("X-Request-Source"))

    with (
        httpx.Client(event_hooks={"request": [hook]}) as http,
        Telecrm(**connection(fake, http_client=http)) as client,
    ):
        client.with_options(headers={"X-Request-Source": "crm-sync"}, timeout=2.0).leads.get(ROHAN)
        client.leads.get(ROHAN)

        assert client.timeout == httpx.Timeout(TIMEOUT)

    assert seen == ["crm-sync", None]


def test_request_logging_names_method_path_and_status_and_never_a_token(
    fake: FakeTelecrm, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TELECRM_LOG", "info")
    logger = logging.getLogger("telecrm")
    level = logger.level
    try:
        with caplog.at_level(logging.INFO, logger="telecrm"), Telecrm(**connection(fake)) as client:
            client.leads.get(ROHAN)
            client.ingest.upsert({"phone": "919811100001"})
    finally:
        logger.setLevel(level)

    messages = [record.getMessage() for record in caplog.records if record.name == "telecrm"]
    assert [m.split(" ")[:3] for m in messages] == [
        ["GET", f"/autoupdate/v2/enterprise/{fake.enterprise_id}/lead/{ROHAN}", "200"],
        ["POST", f"/enterprise/{fake.enterprise_id}/autoupdatelead", "200"],
    ]
    assert all(m.endswith("retries=0") for m in messages)
    assert not any(fake.sync_token in m or fake.async_token in m for m in caplog.text.splitlines())


@pytest.mark.anyio
async def test_concurrent_creates_on_one_async_client_each_create_one_lead(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    phones = [f"9198111{n:05d}" for n in range(25)]

    results = await asyncio.gather(*(async_client.leads.create({"phone": phone}) for phone in phones))

    assert len({result.lead_id for result in results}) == 25
    assert all(fake.state.find_lead(phone) is not None for phone in phones)
    assert len(fake.state.leads) == 28
