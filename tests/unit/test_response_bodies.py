"""Reading answers: bodies come inflated as their ``Content-Encoding`` says, within ``max_response_bytes``,
and a body that is not what it says is an unreadable answer, never a crash or a hang. Over a lent client and
over the client's own pool alike.
"""

from __future__ import annotations

import gzip
import json
import zlib

import httpx
import pytest
from conftest import ENTERPRISE_ID

from telecrm import APIResponseValidationError, InternalServerError

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool

METADATA = {"id": ENTERPRISE_ID, "name": "Acme"}
LIMIT = 4096


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


def _answer(server, status: int, body: bytes, encoding: str) -> None:
    """Every request answered with ``body`` as given: a stream, which httpx does not decode on its own, as
    it decodes the ``content=`` of a response it builds."""
    headers = {"Content-Encoding": encoding, "Content-Length": str(len(body))}
    server.route = lambda request: httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-15)),  # "deflate" as often sent: raw
        ("gzip, gzip", lambda data: gzip.compress(gzip.compress(data))),
        ("identity", lambda data: data),
    ],
    ids=["gzip", "deflate", "raw-deflate", "gzip-of-gzip", "identity"],
)
def test_a_compressed_answer_is_read_inflated(client, server, encoding, compress):
    _answer(server, 200, compress(_json(METADATA)), encoding)

    assert client.workspace.metadata().name == "Acme"


def test_an_answer_larger_than_max_response_bytes_is_refused(make_client, server):
    server.reply(200, content=_json({"id": ENTERPRISE_ID, "name": "x" * LIMIT}))

    with pytest.raises(APIResponseValidationError, match="larger than max_response_bytes"):
        make_client(max_response_bytes=LIMIT).workspace.metadata()


def test_a_compressed_answer_inflating_past_max_response_bytes_is_refused(make_client, server):
    bomb = gzip.compress(b" " * (LIMIT * 100) + _json(METADATA))  # a few hundred bytes on the wire
    _answer(server, 200, bomb, "gzip")

    with pytest.raises(APIResponseValidationError, match="larger than max_response_bytes"):
        make_client(max_response_bytes=LIMIT).workspace.metadata()


@pytest.mark.parametrize(
    ("encoding", "content"),
    [
        ("gzip", b"not gzip at all"),
        ("gzip", gzip.compress(_json(METADATA))[:-8]),
        ("br", b"\x1b\x00"),
    ],
    ids=["garbage", "truncated", "not-asked-for"],
)
def test_an_answer_that_is_not_what_its_encoding_says_is_unreadable(client, server, encoding, content):
    _answer(server, 200, content, encoding)

    with pytest.raises(APIResponseValidationError, match="Content-Encoding"):
        client.workspace.metadata()


def test_a_compressed_error_answer_keeps_its_inflated_body(client, server):
    _answer(server, 500, gzip.compress(_json({"message": "boom"})), "gzip")

    with pytest.raises(InternalServerError) as raised:
        client.workspace.metadata()

    assert raised.value.response.json() == {"message": "boom"}
