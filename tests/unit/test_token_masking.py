"""A server that quotes the token it received back in an error never puts it in an exception: its message,
details, body and excerpts show ``***`` in its place."""

from __future__ import annotations

import httpx
import pytest

from telecrm import APIConnectionError, APIResponseValidationError, APIStatusError

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool

SYNC_TOKEN = "sync-tok-SECRET-1a2b3c"
ASYNC_TOKEN = "async-tok-SECRET-4d5e6f"
PHONE = {"phone": "919999999999"}


def _everything(error: Exception) -> str:
    body = getattr(error, "body", b"")
    details = getattr(error, "details", ())
    return " ".join(
        [str(error), repr(error), str(getattr(error, "message", "")), str(body), *map(str, details)]
    )


def test_a_token_quoted_in_an_error_message_and_details_is_masked(client, server):
    server.reply(
        401,
        {
            "error": {
                "code": "NOT_AUTHORIZED",
                "message": f"token {SYNC_TOKEN} is revoked",
                "details": [{"field": "auth", "message": f"Bearer {SYNC_TOKEN}"}],
            }
        },
    )

    with pytest.raises(APIStatusError) as caught:
        client.leads.get("L1")

    assert SYNC_TOKEN not in _everything(caught.value)
    assert caught.value.message == "token *** is revoked"
    assert caught.value.details[0].message == "***"


def test_a_token_quoted_in_an_html_error_page_is_masked_in_the_excerpt(client, server):
    server.reply(500, content=f"<html>bad request for Bearer {SYNC_TOKEN}</html>".encode(), times=3)

    with pytest.raises(APIStatusError) as caught:
        client.leads.get("L1", max_retries=0)

    assert SYNC_TOKEN not in _everything(caught.value)
    assert caught.value.message == "<html>bad request for ***</html>"


def test_a_token_quoted_in_an_unreadable_success_answer_is_masked(client, server):
    server.reply(200, {"status": f"ERROR for {ASYNC_TOKEN}"})

    with pytest.raises(APIResponseValidationError) as caught:
        client.ingest.upsert(PHONE, max_retries=0)

    assert ASYNC_TOKEN not in _everything(caught.value)
    assert "ERROR for ***" in caught.value.body


def test_a_token_quoted_in_a_protocol_error_is_masked(client, server):
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError(f"bad answer to {request.headers['authorization']}", request=request)

    server.route = answer

    with pytest.raises(APIConnectionError) as caught:
        client.leads.get("L1", max_retries=0)

    assert SYNC_TOKEN not in _everything(caught.value)
    assert "bad answer to ***" in str(caught.value)
