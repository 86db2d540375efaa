"""The Async upsert (overlays/50-async-ingestion.yaml): another host, a queue receipt, and
custom action codes with the ACTION_ prefix that the Sync API must not get."""

import re
from typing import Any

import pytest

ASYNC_PATH = "/enterprise/{enterpriseId}/autoupdatelead"
ASYNC_HOST = "https://next-api.telecrm.in"


@pytest.fixture(scope="module")
def async_item(patched: Any) -> Any:
    return patched["paths"][ASYNC_PATH]


def test_async_operation_is_served_from_the_async_host(patched: Any, async_item: Any) -> None:
    assert [server["url"] for server in async_item["servers"]] == [ASYNC_HOST]
    assert ASYNC_HOST not in [server["url"] for server in patched["servers"]], "the Sync host list leaked"


def test_async_operation_is_a_tagged_post(async_item: Any) -> None:
    assert set(async_item) == {"servers", "parameters", "post"}
    assert async_item["post"]["operationId"] == "upsertLead"
    assert async_item["post"]["tags"] == ["ingest"]


def test_async_200_is_a_queue_receipt(patched: Any, async_item: Any) -> None:
    media = async_item["post"]["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"status": "QUEUED"}
    assert media["schema"] == {"$ref": "#/components/schemas/AsyncQueued"}
    assert patched["components"]["schemas"]["AsyncQueued"]["required"] == ["status"]


def test_async_operation_declares_401_and_429(async_item: Any) -> None:
    responses = async_item["post"]["responses"]
    assert responses["401"] == {"$ref": "#/components/responses/Unauthorized"}
    assert responses["429"] == {"$ref": "#/components/responses/TooManyRequests"}


def _pattern(patched: Any, *parts: str) -> re.Pattern[str]:
    node = patched["components"]["schemas"]
    for part in parts:
        node = node[part]
    return re.compile(node["pattern"])


@pytest.mark.parametrize(("code", "accepted"), [("ACTION_1001", True), ("1001", False), ("ACTION_", False)])
def test_async_custom_action_type_requires_the_action_prefix(patched: Any, code: str, accepted: bool) -> None:
    pattern = _pattern(patched, "AsyncCustomAction", "properties", "type")
    assert bool(pattern.search(code)) is accepted


@pytest.mark.parametrize(("code", "accepted"), [("1001", True), ("ACTION_1001", False), ("10a1", False)])
def test_sync_custom_action_code_forbids_the_action_prefix(patched: Any, code: str, accepted: bool) -> None:
    pattern = _pattern(patched, "CustomActionCode")
    assert bool(pattern.search(code)) is accepted
