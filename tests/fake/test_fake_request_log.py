"""The request log: what each entry records, and how much of it the fake keeps."""

from __future__ import annotations

import httpx
import pytest

from telecrm.testing import FakeTelecrm


def test_each_request_is_logged_with_its_headers(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    sync.get("/metadata", headers={"X-Request-Id": "req-1"})
    [record] = telecrm_fake.state.requests
    assert record.headers["x-request-id"] == "req-1"


def test_logged_header_names_are_case_insensitive(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    sync.get("/metadata", headers={"X-Request-Id": "req-1"})
    [record] = telecrm_fake.state.requests
    assert record.headers["X-REQUEST-ID"] == "req-1"


def test_a_header_sent_twice_keeps_both_values(telecrm_fake: FakeTelecrm, sync: httpx.Client) -> None:
    sync.get("/metadata", headers=[("X-Tag", "a"), ("X-Tag", "b")])
    [record] = telecrm_fake.state.requests
    assert (record.headers["x-tag"], record.headers.getlist("x-tag")) == ("a", ["a", "b"])


def test_unrouted_requests_are_logged_with_their_headers(
    telecrm_fake: FakeTelecrm, sync: httpx.Client
) -> None:
    sync.get("/no-such-thing", headers={"X-Request-Id": "req-2"})
    [record] = telecrm_fake.state.requests
    assert (record.route, record.status, record.headers["x-request-id"]) == (None, 404, "req-2")


def client_of(fake: FakeTelecrm) -> httpx.Client:
    return httpx.Client(
        base_url=f"{fake.base_url}/enterprise/{fake.enterprise_id}",
        headers={"Authorization": f"Bearer {fake.sync_token}"},
        timeout=5,
    )


def test_the_log_keeps_the_newest_log_limit_requests() -> None:
    with FakeTelecrm.running(log_limit=2) as fake, client_of(fake) as sync:
        for path in ("/metadata", "/custom-fields", "/custom-actions"):
            sync.get(path)
        assert [record.route for record in fake.state.requests] == [
            "GET /custom-fields",
            "GET /custom-actions",
        ]


def test_the_ingest_log_keeps_the_newest_log_limit_upserts() -> None:
    with FakeTelecrm.running(log_limit=2) as fake:
        for phone in ("919000000001", "919000000002", "919000000003"):
            httpx.post(
                f"{fake.ingest_base_url}/enterprise/{fake.enterprise_id}/autoupdatelead",
                json={"fields": {"phone": phone}},
                headers={"Authorization": f"Bearer {fake.async_token}"},
            )
        fake.state.wait_idle()
        assert [record.body["fields"]["phone"] for record in fake.state.ingested] == [
            "919000000002",
            "919000000003",
        ]


def test_log_limit_zero_keeps_no_log() -> None:
    with FakeTelecrm.running(log_limit=0) as fake, client_of(fake) as sync:
        sync.get("/metadata")
        assert fake.state.requests == []


def test_log_limit_none_keeps_every_request() -> None:
    with FakeTelecrm.running(log_limit=None) as fake, client_of(fake) as sync:
        for _ in range(3):
            sync.get("/metadata")
        assert len(fake.state.requests) == 3


def test_a_negative_log_limit_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^log_limit must be >= 0, or None to keep every entry$"):
        FakeTelecrm(log_limit=-1)
