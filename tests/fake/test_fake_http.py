"""HTTP the fake must refuse or survive: bodies not sent as JSON, a body cut short, HEAD."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from telecrm.testing import FakeTelecrm

LEAD = b'{"fields": {"phone": "919999999999"}}'
NOT_JSON = {"error": {"code": "BAD_REQUEST", "message": "Content-Type must be application/json"}}
# The same JSON text under the content types a client gets wrong: what a JSON body parser would not read.
WRONG_TYPES = {
    "text/plain": {"Content-Type": "text/plain"},
    "form": {"Content-Type": "application/x-www-form-urlencoded"},
    "multipart": {"Content-Type": "multipart/form-data; boundary=b"},
    "none": {},
}


@pytest.mark.parametrize("headers", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_sync_post_whose_body_is_not_declared_json_is_400_and_creates_nothing(
    telecrm_fake: FakeTelecrm, sync: httpx.Client, headers: dict[str, str]
) -> None:
    response = sync.post("/lead", content=LEAD, headers=headers)

    assert (response.status_code, response.json()) == (400, NOT_JSON)
    assert telecrm_fake.state.find_lead("919999999999") is None


def test_sync_update_whose_body_is_not_declared_json_is_400_and_changes_nothing(
    telecrm_fake: FakeTelecrm, sync: httpx.Client, lead_id: str
) -> None:
    body = b'{"fields": {"city": "Goa"}}'
    response = sync.post(f"/lead/{lead_id}", content=body, headers={"Content-Type": "text/plain"})

    assert (response.status_code, response.json()) == (400, NOT_JSON)
    assert "city" not in telecrm_fake.state.lead(lead_id).fields


def test_json_with_a_charset_parameter_is_json(sync: httpx.Client) -> None:
    response = sync.post("/lead", content=LEAD, headers={"Content-Type": "application/json; charset=utf-8"})

    assert response.status_code == 201


def test_search_without_a_body_needs_no_content_type(sync: httpx.Client) -> None:
    response = sync.post("/lead/search", headers={"Content-Type": "text/plain"})

    assert (response.status_code, response.json()["total_count"]) == (200, 3)


def test_async_upsert_sent_as_a_form_is_queued_and_dropped_unread(
    telecrm_fake: FakeTelecrm, ingest: httpx.Client
) -> None:
    response = ingest.post(
        "/autoupdatelead", content=LEAD, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.json() == {"status": "QUEUED"}
    telecrm_fake.state.wait_idle()
    [record] = telecrm_fake.state.ingested
    assert (record.outcome, record.dropped) == ("dropped", (("", "Content-Type must be application/json"),))
    assert telecrm_fake.state.find_lead("919999999999") is None


def short_body(fake: FakeTelecrm) -> bytes:
    """A create-lead request that declares 100 bytes of body and carries 10."""
    return (
        f"POST /autoupdate/v2/enterprise/{fake.enterprise_id}/lead HTTP/1.1\r\n"
        f"Host: {fake.host}:{fake.port}\r\nAuthorization: Bearer {fake.sync_token}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        '{"fields":'
    ).encode()


def send_and_half_close(fake: FakeTelecrm, request: bytes) -> bytes:
    """Send `request`, shut the sending side, and return all the server sends before closing."""
    with socket.create_connection((fake.host, fake.port), timeout=5) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


def test_short_body_and_half_close_is_closed_without_an_answer_or_a_traceback(
    telecrm_fake: FakeTelecrm, sync: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        received = send_and_half_close(telecrm_fake, short_body(telecrm_fake))
        # Answered after the short request was dealt with: whatever it logged is logged by now.
        assert sync.get("/metadata").status_code == 200

    assert received == b""
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert telecrm_fake.state.find_lead("919999999999") is None


def test_short_body_is_logged_as_unanswered(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    send_and_half_close(telecrm_fake, short_body(telecrm_fake))
    sync.get("/metadata")  # answered after the short request was dealt with

    assert [(r.route, r.status) for r in telecrm_fake.state.requests] == [
        ("POST /lead", None),
        ("GET /metadata", 200),
    ]


def test_head_is_a_get_without_a_body(sync: httpx.Client) -> None:
    response = sync.head("/metadata")

    assert (response.status_code, response.content) == (200, b"")
    assert int(response.headers["content-length"]) == len(sync.get("/metadata").content)
