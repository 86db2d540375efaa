"""``with_options`` copies, closing, context managers and the per-request timeout."""

from __future__ import annotations

import httpx
import pytest

from telecrm import Telecrm, ValidationError

DEFAULT_TIMEOUT = {"connect": 10.0, "read": 30.0, "write": 30.0, "pool": 30.0}


# --- with_options -----------------------------------------------------------------------


def test_with_options_returns_a_new_client_with_the_new_timeout(client):
    copy = client.with_options(timeout=5)

    assert copy is not client
    assert isinstance(copy, Telecrm)
    assert copy.timeout == httpx.Timeout(5.0)


def test_with_options_leaves_the_original_timeout_unchanged(client):
    client.with_options(timeout=5)

    assert client.timeout == httpx.Timeout(30.0, connect=10.0)


def test_with_options_returns_a_copy_with_the_new_max_retries(client):
    copy = client.with_options(max_retries=7)

    assert (copy.max_retries, client.max_retries) == (7, 2)


def test_with_options_keeps_what_it_is_not_told_to_change(client):
    copy = client.with_options(max_retries=0)

    assert (copy.enterprise_id, copy.base_url, copy.ingest_base_url, copy.timeout) == (
        client.enterprise_id,
        client.base_url,
        client.ingest_base_url,
        client.timeout,
    )


def test_the_copys_requests_use_the_new_timeout(client, server):
    server.reply(200, {"fields": {}}, times=2)

    client.with_options(timeout=httpx.Timeout(5.0, connect=2.0)).leads.get("L1")
    client.leads.get("L1")

    copied, original = server.requests
    assert copied.extensions["timeout"] == {"connect": 2.0, "read": 5.0, "write": 5.0, "pool": 5.0}
    assert original.extensions["timeout"] == DEFAULT_TIMEOUT


def test_the_copy_sends_the_extra_headers_and_the_original_does_not(client, server):
    server.reply(200, {"fields": {}}, times=2)

    client.with_options(headers={"X-Request-Source": "nightly-import"}).leads.get("L1")
    client.leads.get("L1")

    copied, original = server.requests
    assert copied.headers["x-request-source"] == "nightly-import"
    assert "x-request-source" not in original.headers


def test_extra_headers_also_go_to_the_ingest_host(client, server):
    server.reply(200, {"status": "QUEUED"})

    client.with_options(headers={"X-Trace": "t-1"}).ingest.upsert({"phone": "919999999999"})

    assert server.last.headers["x-trace"] == "t-1"


def test_chained_copies_merge_their_headers(client, server):
    server.reply(200, {"fields": {}})

    client.with_options(headers={"X-A": "1"}).with_options(headers={"X-B": "2"}).leads.get("L1")

    assert (server.last.headers["x-a"], server.last.headers["x-b"]) == ("1", "2")


def test_extra_headers_cannot_replace_the_token(client, server):
    server.reply(200, {"fields": {}})

    client.with_options(headers={"Authorization": "Bearer other"}).leads.get("L1")

    assert server.last.headers.get_list("authorization") == ["Bearer sync-tok-SECRET-1a2b3c"]


class _NoTruthValue:
    """Neither a mapping nor a value with a truth value: ``bool()`` of it raises, as numpy arrays do."""

    def __bool__(self) -> bool:
        raise ValueError("the truth value of this object is ambiguous")


@pytest.mark.parametrize("headers", [_NoTruthValue(), 0, "", []])
def test_headers_that_are_not_a_mapping_are_refused_even_without_a_truth_value(client, headers):
    with pytest.raises(ValidationError, match=r"^headers must be a mapping of header name to value"):
        client.with_options(headers=headers)


def test_the_copy_shares_the_same_http_client(client):
    copy = client.with_options(timeout=5)

    assert copy._http is client._http


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"timeout": 0}, id="timeout-0"),
        pytest.param({"timeout": float("inf")}, id="timeout-inf"),
        pytest.param({"timeout": httpx.Timeout(None)}, id="timeout-none"),
        pytest.param({"max_retries": -1}, id="max-retries-negative"),
        pytest.param({"max_retries": 1.5}, id="max-retries-float"),
    ],
)
def test_with_options_refuses_invalid_settings(client, options):
    with pytest.raises(ValidationError):
        client.with_options(**options)

    assert (client.timeout, client.max_retries) == (httpx.Timeout(30.0, connect=10.0), 2)


# --- closing ----------------------------------------------------------------------------


@pytest.fixture
def own_pool_client() -> Telecrm:
    """A client that created its own httpx.Client (nothing is sent in these tests)."""
    return Telecrm(enterprise_id="ent-42", token="t")


def test_closing_a_copy_does_not_close_the_shared_pool(own_pool_client):
    copy = own_pool_client.with_options(timeout=5)

    copy.close()

    assert own_pool_client._http.is_closed is False
    own_pool_client.close()


def test_a_client_used_as_a_context_manager_closes_its_own_pool(own_pool_client):
    with own_pool_client as entered:
        pool = entered._http

    assert entered is own_pool_client
    assert pool.is_closed is True


def test_close_closes_the_clients_own_pool(own_pool_client):
    own_pool_client.close()

    assert own_pool_client._http.is_closed is True


def test_a_context_manager_does_not_close_an_injected_http_client():
    injected = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"fields": {}})))

    with Telecrm(enterprise_id="ent-42", token="t", http_client=injected) as client:
        client.leads.get("L1")

    assert injected.is_closed is False
    injected.close()


def test_a_copy_used_as_a_context_manager_does_not_close_the_pool(own_pool_client):
    with own_pool_client.with_options(max_retries=0):
        pass

    assert own_pool_client._http.is_closed is False
    own_pool_client.close()


# --- timeouts ---------------------------------------------------------------------------


def test_every_request_carries_the_finite_default_timeout(client, server):
    server.reply(200, {"fields": {}})

    client.leads.get("L1")

    assert server.last.extensions["timeout"] == DEFAULT_TIMEOUT


def test_a_configured_timeout_is_the_per_request_timeout(make_client, server):
    client = make_client(timeout=12.5)
    server.reply(200, {"status": "QUEUED"})

    client.ingest.upsert({"phone": "919999999999"})

    assert server.last.extensions["timeout"] == {"connect": 12.5, "read": 12.5, "write": 12.5, "pool": 12.5}


def test_an_injected_http_client_without_a_timeout_still_gets_a_finite_one(server):
    injected = httpx.Client(transport=httpx.MockTransport(server), timeout=None)
    server.reply(200, {"fields": {}})

    Telecrm(enterprise_id="ent-42", token="t", http_client=injected).leads.get("L1")

    assert server.last.extensions["timeout"] == DEFAULT_TIMEOUT
    injected.close()
