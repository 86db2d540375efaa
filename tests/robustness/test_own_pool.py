"""The connection pool a client builds for itself: calls skip ``httpx.Client.send`` (``telecrm._pool``), so
these pin what ``send`` would have given and what it must not.

Over real sockets (``hostile_server.py``), for both clients.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hostile_server import Conn, Request, refused_port, response
from test_hostile_server import ENTERPRISE_ID, FLAVORS, raised, run_call

from telecrm import APIConnectionError

pytestmark = pytest.mark.timeout(60)

METADATA = {"enterprise": {"id": ENTERPRISE_ID, "name": "Acme"}}
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


def _request(client: Any) -> Any:
    return client.request("GET", "/enterprise/{enterprise_id}/anything", cast_to=dict)


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_proxy_named_by_the_environment_carries_the_calls(flavor, serve, no_proxy_variables):
    def proxy(conn: Conn, request: Request) -> None:
        conn.send(response(200, {"through": "proxy"}))

    server = serve(proxy)
    no_proxy_variables.setenv("HTTP_PROXY", server.url)

    outcome = run_call(flavor, "http://localhost:1", _request)

    assert outcome.error is None
    assert outcome.value == {"through": "proxy"}
    assert [request.path for request in server.requests] == [
        f"http://localhost:1/enterprise/{ENTERPRISE_ID}/anything"
    ]


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("excluded", ["127.0.0.1", "localhost,127.0.0.1", "http://127.0.0.1"])
def test_a_host_named_by_no_proxy_is_reached_directly_while_a_proxy_is_set(
    flavor, excluded, serve, no_proxy_variables
):
    def api(conn: Conn, request: Request) -> None:
        conn.send(response(200, {"through": "direct"}))

    server = serve(api)
    no_proxy_variables.setenv("HTTP_PROXY", f"http://127.0.0.1:{refused_port()}")
    no_proxy_variables.setenv("NO_PROXY", excluded)

    outcome = run_call(flavor, server.url, _request)

    assert outcome.value == {"through": "direct"}


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_proxy_of_a_scheme_httpx_cannot_use_is_refused_as_httpx_refuses_it(flavor, no_proxy_variables):
    no_proxy_variables.setenv("HTTP_PROXY", "ftp://127.0.0.1:21")

    with pytest.raises(ValueError, match="Unknown scheme for proxy URL") as refused:
        httpx.Client()

    outcome = run_call(flavor, "http://127.0.0.1:1", _request)

    assert (type(outcome.error), str(outcome.error)) == (ValueError, str(refused.value))


@pytest.mark.parametrize("flavor", FLAVORS)
def test_without_a_proxy_the_calls_go_straight_to_the_server(flavor, serve, no_proxy_variables):
    def api(conn: Conn, request: Request) -> None:
        conn.send(response(200, {"through": "direct"}))

    server = serve(api)

    outcome = run_call(flavor, server.url, _request)

    assert outcome.value == {"through": "direct"}
    assert [request.path for request in server.requests] == [f"/enterprise/{ENTERPRISE_ID}/anything"]


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_cookie_the_server_sets_is_never_sent_back(flavor, serve, no_proxy_variables):
    def api(conn: Conn, request: Request) -> None:
        headers = (("Content-Type", "application/json"), ("Set-Cookie", "session=abc; Path=/"))
        conn.send(response(200, {}, headers))

    server = serve(api)

    def twice(client: Any) -> Any:
        if flavor == "sync":
            return [_request(client), _request(client)]

        async def both() -> list[Any]:
            return [await _request(client), await _request(client)]

        return both()

    outcome = run_call(flavor, server.url, twice)

    assert outcome.value == [{}, {}]
    assert [request.headers.get("cookie") for request in server.requests] == [None, None]


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_connection_error_names_the_request_it_failed(flavor, no_proxy_variables):
    url = f"http://127.0.0.1:{refused_port()}"

    error = raised(run_call(flavor, url, _request))

    assert type(error) is APIConnectionError
    assert error.request_method == "GET"
    assert error.request_url == f"{url}/enterprise/{ENTERPRISE_ID}/anything"
    assert f"(GET /enterprise/{ENTERPRISE_ID}/anything)" in str(error)
