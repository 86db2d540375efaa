"""Safety through the client: tokens stay secret and on their own host, URLs are safe, logs are clean."""

from __future__ import annotations

import logging
import re
from collections import defaultdict

import httpx
import pytest

from telecrm import (
    APIConnectionError,
    APIStatusError,
    AsyncTelecrm,
    CustomAction,
    NotFoundError,
    Telecrm,
    ValidationError,
)

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool

SYNC_TOKEN = "sync-tok-SECRET-1a2b3c"
ASYNC_TOKEN = "async-tok-SECRET-4d5e6f"
SYNC_PATH = "/autoupdate/v2/enterprise/ent-42"


# --- tokens out of sight ----------------------------------------------------------------


def test_the_client_repr_shows_no_token(client):
    text = repr(client)

    assert SYNC_TOKEN not in text
    assert ASYNC_TOKEN not in text
    assert text == (
        "Telecrm(enterprise_id='ent-42', base_url='https://next.telecrm.in/autoupdate/v2', "
        "ingest_base_url='https://next-api.telecrm.in')"
    )


def test_the_settings_repr_masks_both_tokens(client):
    text = repr(client._settings)

    assert SYNC_TOKEN not in text
    assert ASYNC_TOKEN not in text
    assert "token=Secret('****')" in text
    assert "ingest_token=Secret('****')" in text


def test_a_copys_repr_shows_no_token(client):
    copy = client.with_options(timeout=3, headers={"X-A": "1"})

    assert SYNC_TOKEN not in repr(copy) + repr(copy._settings)
    assert ASYNC_TOKEN not in repr(copy) + repr(copy._settings)


def test_the_async_client_repr_shows_no_token():
    client = AsyncTelecrm(enterprise_id="ent-42", token=SYNC_TOKEN, ingest_token=ASYNC_TOKEN)

    assert SYNC_TOKEN not in repr(client) + repr(client._settings)
    assert ASYNC_TOKEN not in repr(client) + repr(client._settings)


# --- each token to its own host -----------------------------------------------------------


def test_each_token_only_ever_goes_to_its_own_host(client, server):
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "next-api.telecrm.in":
            return httpx.Response(200, json={"status": "QUEUED"})
        if request.url.path.endswith("/lead"):
            return httpx.Response(201, json={"lead_id": "L1"})
        if request.url.path.endswith("/search"):
            return httpx.Response(200, json={"data": [], "total_count": 0, "skip": 0, "limit": 100})
        return httpx.Response(200, json={"fields": {}, "customFields": []})

    server.route = route

    client.ingest.upsert({"phone": "919999999999"}, [CustomAction(1001)])
    client.leads.create({"phone": "919999999999"})
    client.ingest.upsert({"phone": "919999999998"})
    client.leads.get("L1")
    list(client.leads.search())
    client.with_options(max_retries=0).ingest.upsert({"phone": "919999999997"})
    client.workspace.custom_fields()
    client.leads.update("L1", {"name": "x"})

    seen = defaultdict(set)
    for request in server.requests:
        seen[request.url.host].update(request.headers.get_list("authorization"))
    assert dict(seen) == {
        "next.telecrm.in": {f"Bearer {SYNC_TOKEN}"},
        "next-api.telecrm.in": {f"Bearer {ASYNC_TOKEN}"},
    }


def test_an_injected_http_clients_own_auth_does_not_replace_the_per_api_token(server):
    injected = httpx.Client(transport=httpx.MockTransport(server), auth=("proxy-user", "proxy-pass"))
    client = Telecrm(enterprise_id="ent-42", token=SYNC_TOKEN, ingest_token=ASYNC_TOKEN, http_client=injected)
    server.reply(200, {"fields": {}}).reply(200, {"status": "QUEUED"})

    client.leads.get("L1")
    client.ingest.upsert({"phone": "919999999999"})

    assert [r.headers["authorization"] for r in server.requests] == [
        f"Bearer {SYNC_TOKEN}",
        f"Bearer {ASYNC_TOKEN}",
    ]
    injected.close()


# --- base URLs --------------------------------------------------------------------------


@pytest.mark.parametrize("argument", ["base_url", "ingest_base_url"])
@pytest.mark.parametrize(
    "url", ["http://next.telecrm.in/autoupdate/v2", "http://10.0.0.5:8000", "ftp://x.example"]
)
def test_a_non_https_base_url_is_refused_unless_loopback(argument, url):
    with pytest.raises(ValidationError, match=r"not HTTPS|not an absolute http"):
        Telecrm(enterprise_id="ent-42", token="t", **{argument: url})


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"])
def test_a_loopback_http_base_url_is_accepted(url):
    client = Telecrm(enterprise_id="ent-42", token="t", base_url=url, ingest_base_url=url)

    assert (client.base_url, client.ingest_base_url) == (url, url)
    client.close()


def test_requests_go_to_a_loopback_base_url(make_client, server):
    client = make_client(base_url="http://127.0.0.1:8000/v2/", ingest_base_url="http://127.0.0.1:8001")
    server.reply(200, {"fields": {}}).reply(200, {"status": "QUEUED"})

    client.leads.get("L1")
    client.ingest.upsert({"phone": "919999999999"})

    assert [str(r.url).split("?")[0] for r in server.requests] == [
        "http://127.0.0.1:8000/v2/enterprise/ent-42/lead/L1",
        "http://127.0.0.1:8001/enterprise/ent-42/autoupdatelead",
    ]


def test_a_base_url_with_credentials_is_refused_without_echoing_them():
    with pytest.raises(ValidationError) as caught:
        Telecrm(enterprise_id="ent-42", token="t", base_url="https://user:hunter2@next.telecrm.in")

    assert "hunter2" not in str(caught.value)


# --- path segments ----------------------------------------------------------------------

AWKWARD = "a/b c?d#e+f"
AWKWARD_ENCODED = "a%2Fb%20c%3Fd%23e%2Bf"


@pytest.mark.parametrize(
    ("call", "path"),
    [
        pytest.param(lambda c: c.leads.get(AWKWARD), f"/lead/{AWKWARD_ENCODED}", id="leads.get"),
        pytest.param(
            lambda c: c.leads.update(AWKWARD, {"a": 1}), f"/lead/{AWKWARD_ENCODED}", id="leads.update"
        ),
        pytest.param(
            lambda c: c.actions.create(AWKWARD, [CustomAction(1001)]),
            f"/lead/{AWKWARD_ENCODED}/action",
            id="actions.create",
        ),
        pytest.param(
            lambda c: c.actions.get(AWKWARD, AWKWARD),
            f"/lead/{AWKWARD_ENCODED}/action/{AWKWARD_ENCODED}",
            id="actions.get",
        ),
        pytest.param(
            lambda c: c.actions.set_payment_status("L1", AWKWARD, "COMPLETED"),
            f"/lead/L1/action/{AWKWARD_ENCODED}",
            id="actions.set_payment_status",
        ),
        pytest.param(
            lambda c: list(c.actions.search(AWKWARD)),
            f"/lead/{AWKWARD_ENCODED}/action/search",
            id="actions.search",
        ),
        pytest.param(
            lambda c: c.team_members.get("a/b?c#d+e@acme.example"),
            "/team-members/a%2Fb%3Fc%23d%2Be%40acme.example",
            id="team_members.get",
        ),
        pytest.param(
            lambda c: c.workspace.custom_field(AWKWARD),
            f"/custom-fields/{AWKWARD_ENCODED}",
            id="custom_field",
        ),
    ],
)
def test_path_segments_are_percent_encoded_as_one_segment(client, server, call, path):
    server.reply(404, {"error": {"code": "NOT_FOUND", "message": "not found"}})

    with pytest.raises(NotFoundError):  # only the request matters here
        call(client)

    assert server.last.url.raw_path.decode().split("?")[0] == f"{SYNC_PATH}{path}"


def test_a_plus_in_an_email_is_not_turned_into_a_space(client, server):
    server.reply(200, {"name": "A", "email": "asha+crm@acme.example", "status": "Active"})

    client.team_members.get("asha+crm@acme.example")

    assert (
        server.last.url.raw_path.decode()
        == f"{SYNC_PATH}/team-members/asha%2Bcrm%40acme.example?includeDeleted=false"
    )


# --- logging ----------------------------------------------------------------------------


@pytest.fixture
def logged_client(monkeypatch, restore_telecrm_logger, clean_telecrm_environment, server, sleeps):
    """A client built with TELECRM_LOG=info in the environment."""

    def make(level: str = "info", **overrides) -> Telecrm:
        monkeypatch.setenv("TELECRM_LOG", level)
        pool = httpx.Client(transport=httpx.MockTransport(server))
        client = Telecrm(
            enterprise_id="ent-42", token=SYNC_TOKEN, ingest_token=ASYNC_TOKEN, http_client=pool, **overrides
        )
        client._transport.sleep = sleeps.append
        return client

    return make


def telecrm_messages(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "telecrm"]


def test_telecrm_log_info_logs_method_path_status_time_and_retries(logged_client, server, caplog):
    client = logged_client()
    server.reply(200, {"fields": {}})

    client.leads.get("L1")

    (message,) = telecrm_messages(caplog)
    assert re.fullmatch(rf"GET {SYNC_PATH}/lead/L1 200 \d+\.\dms retries=0", message)
    assert caplog.records[-1].levelno == logging.INFO


def test_the_log_line_counts_the_retries_made(logged_client, server, caplog):
    client = logged_client()
    server.reply(503, times=2).reply(200, {"status": "QUEUED"})

    client.ingest.upsert({"phone": "919999999999"})

    (message,) = telecrm_messages(caplog)
    assert re.fullmatch(r"POST /enterprise/ent-42/autoupdatelead 200 \d+\.\dms retries=2", message)


def test_a_failed_call_is_logged_with_its_final_status(logged_client, server, caplog):
    client = logged_client(max_retries=0)
    server.reply(404, {"error": {"code": "LEAD_NOT_FOUND", "message": "gone"}})

    with pytest.raises(NotFoundError):
        client.leads.get("L1")

    (message,) = telecrm_messages(caplog)
    assert re.fullmatch(rf"GET {SYNC_PATH}/lead/L1 404 \d+\.\dms retries=0", message)


def test_a_call_with_no_response_is_logged_as_error(logged_client, server, caplog):
    client = logged_client(max_retries=0)
    server.fail(httpx.ConnectError)

    with pytest.raises(APIConnectionError):
        client.leads.get("L1")

    (message,) = telecrm_messages(caplog)
    assert re.fullmatch(rf"GET {SYNC_PATH}/lead/L1 error \d+\.\dms retries=0", message)


def test_without_telecrm_log_the_client_leaves_the_telecrm_logger_alone(make_client, restore_telecrm_logger):
    logger = restore_telecrm_logger
    level, handlers = logger.level, list(logger.handlers)

    make_client()

    assert (logger.level, logger.handlers) == (level, handlers)


@pytest.mark.parametrize("level", ["info", "debug"])
def test_logs_never_contain_a_token(logged_client, server, caplog, level):
    client = logged_client(level)
    server.reply(503, headers={"Retry-After": "0"}).reply(200, {"fields": {}})
    server.reply(429, headers={"Retry-After": "0"}).reply(200, {"status": "QUEUED"})
    server.reply(401, {"error": {"code": "NOT_AUTHORIZED", "message": "bad token"}})

    client.leads.get("L1")
    client.ingest.upsert({"phone": "919999999999"})
    with pytest.raises(APIStatusError):
        client.leads.get("L2")

    assert len(telecrm_messages(caplog)) >= 3
    assert SYNC_TOKEN not in caplog.text
    assert ASYNC_TOKEN not in caplog.text
