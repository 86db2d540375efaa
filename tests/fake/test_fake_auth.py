"""Typed tokens: each API takes only its own token type, and every failure is the same documented 401."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from telecrm.testing import FakeTelecrm

Connect = Callable[..., httpx.Client]


def unauthorized(enterprise_id: str) -> dict[str, object]:
    return {
        "error": {
            "code": "NOT_AUTHORIZED",
            "message": f"Enterprise with ID {enterprise_id} not found or invalid access token. Please "
            "generate a new one from the Website/API integrations section of the Telecrm app.",
        }
    }


def test_sync_token_works_on_the_sync_api(sync: httpx.Client) -> None:
    assert sync.get("/metadata").status_code == 200


def test_async_token_on_the_sync_api_is_401(telecrm_fake: FakeTelecrm, connect: Connect) -> None:
    response = connect("sync", telecrm_fake.async_token).get("/metadata")
    assert response.status_code == 401
    assert response.json() == unauthorized(telecrm_fake.enterprise_id)


def test_sync_token_on_the_async_api_is_401(telecrm_fake: FakeTelecrm, connect: Connect) -> None:
    response = connect("async", telecrm_fake.sync_token).post(
        "/autoupdatelead", json={"fields": {"phone": "919000000001"}}
    )
    assert response.status_code == 401
    assert response.json() == unauthorized(telecrm_fake.enterprise_id)
    telecrm_fake.state.wait_idle()
    assert telecrm_fake.state.ingested == []


def test_wrong_enterprise_id_is_the_same_401(telecrm_fake: FakeTelecrm) -> None:
    response = httpx.get(
        f"{telecrm_fake.base_url}/enterprise/62ab16e/metadata",
        headers={"Authorization": f"Bearer {telecrm_fake.sync_token}"},
    )
    assert response.status_code == 401
    assert response.json() == unauthorized("62ab16e")


def test_missing_authorization_is_401(telecrm_fake: FakeTelecrm) -> None:
    response = httpx.get(f"{telecrm_fake.base_url}/enterprise/{telecrm_fake.enterprise_id}/metadata")
    assert response.status_code == 401
    assert response.json() == unauthorized(telecrm_fake.enterprise_id)


def test_non_bearer_authorization_is_401(telecrm_fake: FakeTelecrm) -> None:
    response = httpx.get(
        f"{telecrm_fake.base_url}/enterprise/{telecrm_fake.enterprise_id}/metadata",
        headers={"Authorization": f"Token {telecrm_fake.sync_token}"},
    )
    assert response.status_code == 401


def test_revoked_token_is_401(telecrm_fake: FakeTelecrm, connect: Connect) -> None:
    token = telecrm_fake.state.issue_token("sync")
    client = connect("sync", token)
    assert client.get("/metadata").status_code == 200
    telecrm_fake.state.revoke_token(token)
    assert client.get("/metadata").status_code == 401


def test_a_workspace_holds_three_tokens_per_type(telecrm_fake: FakeTelecrm) -> None:
    telecrm_fake.state.issue_token("async")
    telecrm_fake.state.issue_token("async")
    with pytest.raises(ValueError, match=r"^a workspace holds at most 3 async tokens$"):
        telecrm_fake.state.issue_token("async")


def test_requests_are_logged_with_the_token_type(telecrm_fake: FakeTelecrm, connect: Connect) -> None:
    connect("sync", telecrm_fake.async_token).get("/metadata")
    [record] = telecrm_fake.state.requests
    assert (record.method, record.route, record.api, record.token, record.token_kind, record.status) == (
        "GET",
        "GET /metadata",
        "sync",
        telecrm_fake.async_token,
        "async",
        401,
    )
