"""Building a client: arguments, then ``TELECRM_*`` variables, then defaults, as the requests show them."""

from __future__ import annotations

import httpx
import pytest

from telecrm import AsyncTelecrm, Telecrm, ValidationError


@pytest.fixture
def pool(server):
    with httpx.Client(transport=httpx.MockTransport(server)) as pool:
        yield pool


@pytest.fixture
def env(monkeypatch, clean_telecrm_environment):
    """Set TELECRM_* variables for the test (after clearing the developer's own)."""

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"TELECRM_{name}", value)

    return set_env


@pytest.mark.parametrize("client_type", [Telecrm, AsyncTelecrm])
def test_a_missing_enterprise_id_is_refused_at_construction_naming_the_variable(client_type):
    with pytest.raises(ValidationError, match=r"enterprise_id is required.*TELECRM_ENTERPRISE_ID"):
        client_type(token="t", ingest_token="i")


def test_an_empty_enterprise_id_variable_counts_as_missing(env):
    env(ENTERPRISE_ID="")

    with pytest.raises(ValidationError, match=r"TELECRM_ENTERPRISE_ID"):
        Telecrm(token="t")


def test_the_client_reads_every_setting_from_the_environment(env, pool, server):
    env(
        ENTERPRISE_ID="env-ent",
        SYNC_TOKEN="env-sync-token",
        ASYNC_TOKEN="env-async-token",
        BASE_URL="http://127.0.0.1:9000/v2",
        INGEST_BASE_URL="http://127.0.0.1:9001",
    )
    server.reply(200, {"fields": {}}).reply(200, {"status": "QUEUED"})
    client = Telecrm(http_client=pool)

    client.leads.get("L1")
    client.ingest.upsert({"phone": "919999999999"})

    sync, ingest = server.requests
    assert str(sync.url).split("?")[0] == "http://127.0.0.1:9000/v2/enterprise/env-ent/lead/L1"
    assert sync.headers["authorization"] == "Bearer env-sync-token"
    assert str(ingest.url) == "http://127.0.0.1:9001/enterprise/env-ent/autoupdatelead"
    assert ingest.headers["authorization"] == "Bearer env-async-token"


def test_arguments_override_the_environment(env, pool, server):
    env(
        ENTERPRISE_ID="env-ent",
        SYNC_TOKEN="env-sync-token",
        ASYNC_TOKEN="env-async-token",
        BASE_URL="http://127.0.0.1:9000/v2",
        INGEST_BASE_URL="http://127.0.0.1:9001",
    )
    server.reply(200, {"fields": {}}).reply(200, {"status": "QUEUED"})
    client = Telecrm(
        enterprise_id="arg-ent",
        token="arg-sync-token",
        ingest_token="arg-async-token",
        base_url="https://crm.example/v2",
        ingest_base_url="https://ingest.example",
        http_client=pool,
    )

    client.leads.get("L1")
    client.ingest.upsert({"phone": "919999999999"})

    sync, ingest = server.requests
    assert str(sync.url).split("?")[0] == "https://crm.example/v2/enterprise/arg-ent/lead/L1"
    assert sync.headers["authorization"] == "Bearer arg-sync-token"
    assert str(ingest.url) == "https://ingest.example/enterprise/arg-ent/autoupdatelead"
    assert ingest.headers["authorization"] == "Bearer arg-async-token"


def test_an_argument_overrides_only_its_own_variable(env, pool, server):
    env(ENTERPRISE_ID="env-ent", SYNC_TOKEN="env-sync-token")
    server.reply(200, {"fields": {}})

    Telecrm(token="arg-sync-token", http_client=pool).leads.get("L1")

    assert server.last.url.path == "/autoupdate/v2/enterprise/env-ent/lead/L1"
    assert server.last.headers["authorization"] == "Bearer arg-sync-token"


def test_without_base_url_settings_the_documented_hosts_are_used(env):
    env(ENTERPRISE_ID="env-ent")

    client = Telecrm()

    assert (client.base_url, client.ingest_base_url) == (
        "https://next.telecrm.in/autoupdate/v2",
        "https://next-api.telecrm.in",
    )
    client.close()


def test_the_default_timeout_is_finite_and_max_retries_is_two(env):
    env(ENTERPRISE_ID="env-ent")

    client = Telecrm()

    assert (client.timeout, client.max_retries) == (httpx.Timeout(30.0, connect=10.0), 2)
    client.close()


def test_a_non_https_base_url_from_the_environment_is_refused(env):
    env(ENTERPRISE_ID="env-ent", BASE_URL="http://next.telecrm.in/autoupdate/v2")

    with pytest.raises(ValidationError, match=r"not HTTPS"):
        Telecrm()


def test_an_unknown_telecrm_log_level_is_refused(env):
    env(ENTERPRISE_ID="env-ent", LOG="verbose")

    with pytest.raises(ValidationError, match=r"TELECRM_LOG must be 'info' or 'debug'"):
        Telecrm()


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param({"timeout": 0}, id="timeout-0"),
        pytest.param({"timeout": httpx.Timeout(5.0, read=None)}, id="timeout-unbounded-read"),
        pytest.param({"max_retries": -1}, id="max-retries-negative"),
        pytest.param({"enterprise_id": "ent 42"}, id="enterprise-id-with-space"),
        pytest.param({"token": "Bearer abc"}, id="token-with-bearer-prefix"),
        pytest.param({"token": "abc\n"}, id="token-with-newline"),
    ],
)
def test_invalid_arguments_are_refused_at_construction(arguments):
    with pytest.raises(ValidationError):
        Telecrm(**{"enterprise_id": "ent-42", **arguments})


def test_a_refused_token_is_not_quoted_in_the_error():
    with pytest.raises(ValidationError) as caught:
        Telecrm(enterprise_id="ent-42", token="Bearer sk-live-abc123")

    assert "sk-live-abc123" not in str(caught.value)
