"""What the fake answers to a write whose body is not sent as JSON is a status the patched spec documents.

Schemathesis sends only the media types the spec declares, so this is checked here: every POST operation,
with the same JSON text declared `text/plain`. The Sync API refuses it with 400 (documented on every Sync
POST); the Async API answers its only success, 200 QUEUED, and drops the body unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from telecrm.testing import FakeTelecrm

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "telecrm.patched.yaml"
ROHAN = "65a1f0c2e4b0a1b2c3d4e501"  # a seed lead of the default workspace, with a 1001 action
BODY = b'{"fields": {"phone": "919999999999"}}'


def post_operations() -> list[tuple[str, dict[str, Any]]]:
    """(path, operation) of every POST; an operation on the Async host is marked `async` (its path item has
    a server of its own)."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return [
        (path, {**item["post"], "async": "servers" in item})
        for path, item in spec["paths"].items()
        if "post" in item
    ]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelecrm]:
    with FakeTelecrm.running() as running:
        yield running


def url_for(fake: FakeTelecrm, path: str, operation: dict[str, Any]) -> str:
    [action] = [a for a in fake.state.lead(ROHAN).actions if a.type == "1001"]
    values = {"enterpriseId": fake.enterprise_id, "leadId": ROHAN, "actionId": action.id}
    filled = re.sub(r"\{(\w+)\}", lambda match: values[match[1]], path)
    base = fake.ingest_base_url if operation["async"] else fake.base_url
    return base + filled


@pytest.mark.parametrize(
    ("path", "operation"),
    post_operations(),
    ids=[op.get("operationId", path) for path, op in post_operations()],
)
def test_a_body_sent_as_text_is_answered_with_a_documented_status(
    fake: FakeTelecrm, path: str, operation: dict[str, Any]
) -> None:
    is_async = operation["async"]
    token = fake.async_token if is_async else fake.sync_token
    response = httpx.post(
        url_for(fake, path, operation),
        content=BODY,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/plain"},
    )

    assert str(response.status_code) in operation["responses"]
    if is_async:
        assert (response.status_code, response.json()) == (200, {"status": "QUEUED"})
    else:
        assert (response.status_code, response.json()) == (
            400,
            {"error": {"code": "BAD_REQUEST", "message": "Content-Type must be application/json"}},
        )
