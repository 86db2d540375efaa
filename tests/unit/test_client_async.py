"""``AsyncTelecrm``: the same surface as ``Telecrm``, awaitable, with the same behaviour."""

from __future__ import annotations

import inspect

import httpx
import pytest

from telecrm import (
    APITimeoutError,
    AsyncPager,
    AsyncTelecrm,
    CustomAction,
    InternalServerError,
    LeadCreateResult,
    LeadNotFoundError,
    Payment,
    Queued,
    RateLimitError,
    Telecrm,
    ValidationError,
)

pytestmark = [pytest.mark.anyio, pytest.mark.over_both_pools]

RESOURCES = ("leads", "actions", "team_members", "workspace", "ingest")


def public_methods(resource: object) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(getattr(resource, name))
        for name in dir(resource)
        if not name.startswith("_") and callable(getattr(resource, name))
    }


@pytest.fixture
async def both():
    sync = Telecrm(enterprise_id="ent-42", token="t")
    asynchronous = AsyncTelecrm(enterprise_id="ent-42", token="t")
    yield sync, asynchronous
    sync.close()
    await asynchronous.close()


async def test_both_clients_expose_the_same_resources(both):
    sync, asynchronous = both

    assert all(hasattr(sync, name) and hasattr(asynchronous, name) for name in RESOURCES)
    assert {n for n in vars(sync) if not n.startswith("_")} == {
        n for n in vars(asynchronous) if not n.startswith("_")
    }


@pytest.mark.parametrize("resource", RESOURCES)
async def test_both_clients_resources_have_the_same_methods_and_parameters(both, resource):
    sync, asynchronous = both

    sync_methods = public_methods(getattr(sync, resource))
    async_methods = public_methods(getattr(asynchronous, resource))

    assert sync_methods.keys() == async_methods.keys()
    for name, signature in sync_methods.items():
        assert list(signature.parameters.values()) == list(async_methods[name].parameters.values()), name


async def test_every_async_method_that_calls_the_api_is_awaitable_and_pagers_are_not(both):
    _, asynchronous = both

    for resource in RESOURCES:
        for name in public_methods(getattr(asynchronous, resource)):
            method = getattr(getattr(asynchronous, resource), name)
            paging = (resource, name) in {
                ("leads", "search"),
                ("actions", "search"),
                ("team_members", "list"),
            }
            assert inspect.iscoroutinefunction(method) is not paging, f"{resource}.{name}"


async def test_both_clients_take_the_same_constructor_and_with_options_arguments():
    assert inspect.signature(Telecrm).parameters.keys() == inspect.signature(AsyncTelecrm).parameters.keys()
    assert (
        inspect.signature(Telecrm.with_options).parameters.keys()
        == inspect.signature(AsyncTelecrm.with_options).parameters.keys()
    )


# --- behaviour --------------------------------------------------------------------------


async def test_an_async_create_sends_the_request_and_returns_the_result(make_async_client, server):
    client = make_async_client()
    server.reply(201, {"lead_id": "L1", "actions": [{"action_id": "A1", "status": "CREATED"}]})

    result = await client.leads.create({"phone": "919999999999"}, [CustomAction("ACTION_1001")])

    assert isinstance(result, LeadCreateResult)
    assert (result.lead_id, result.actions[0].action_id) == ("L1", "A1")
    assert str(server.last.url) == "https://next.telecrm.in/autoupdate/v2/enterprise/ent-42/lead"
    assert server.last.headers["authorization"] == "Bearer sync-tok-SECRET-1a2b3c"
    assert server.body() == {"fields": {"phone": "919999999999"}, "actions": [{"type": "1001"}]}


async def test_an_async_ingest_upsert_writes_the_prefixed_code_with_the_async_token(
    make_async_client, server
):
    client = make_async_client()
    server.reply(200, {"status": "QUEUED"})

    queued = await client.ingest.upsert({"phone": "919999999999"}, [CustomAction(1001)])

    assert queued == Queued(status="QUEUED", raw={"status": "QUEUED"})
    assert str(server.last.url) == "https://next-api.telecrm.in/enterprise/ent-42/autoupdatelead"
    assert server.last.headers["authorization"] == "Bearer async-tok-SECRET-4d5e6f"
    assert server.body()["actions"] == [{"type": "ACTION_1001"}]


async def test_an_async_error_status_raises_its_exception_class(make_async_client, server):
    client = make_async_client(max_retries=0)
    server.reply(404, {"error": {"code": "LEAD_NOT_FOUND", "message": "The lead with ID L1 was not found."}})

    with pytest.raises(LeadNotFoundError) as caught:
        await client.leads.get("L1")

    assert caught.value.status_code == 404


async def test_async_bad_input_raises_validation_error_and_sends_nothing(make_async_client, server):
    client = make_async_client()

    with pytest.raises(ValidationError):
        await client.actions.set_payment_status("L1", "P1", "PAID")

    assert server.requests == []


async def test_an_async_get_is_retried_with_the_async_sleep(make_async_client, server, sleeps):
    client = make_async_client()
    server.reply(503, headers={"Retry-After": "2"}).fail(httpx.ConnectError).reply(200, {"fields": {"a": 1}})

    lead = await client.leads.get("L1")

    assert dict(lead.fields) == {"a": 1}
    assert len(server.requests) == 3
    assert sleeps[0] == 2.0
    assert len(sleeps) == 2


async def test_an_async_get_raises_after_max_retries(make_async_client, server, sleeps):
    client = make_async_client()
    server.reply(500, times=5)

    with pytest.raises(InternalServerError):
        await client.workspace.metadata()

    assert len(server.requests) == 3


async def test_an_async_create_is_not_replayed_after_a_read_timeout(make_async_client, server, sleeps):
    client = make_async_client()
    server.fail(httpx.ReadTimeout, times=3)

    with pytest.raises(APITimeoutError):
        await client.actions.create("L1", [Payment("10", "INR", "PENDING")])

    assert len(server.requests) == 1
    assert sleeps == []


async def test_an_async_create_is_replayed_after_a_429(make_async_client, server, sleeps):
    client = make_async_client()
    server.reply(429, times=3)

    with pytest.raises(RateLimitError):
        await client.team_members.create("Asha", "asha@acme.example", "919876543210", "CALLER")

    assert len(server.requests) == 3


async def test_async_with_options_copy_retries_with_its_own_max_retries(
    make_async_client, server, async_sleep
):
    copy = make_async_client().with_options(max_retries=4)
    copy._transport.sleep = async_sleep
    server.reply(503, times=10)

    with pytest.raises(InternalServerError):
        await copy.leads.get("L1")

    assert len(server.requests) == 5


async def test_async_for_iterates_a_two_page_search(make_async_client, server):
    client = make_async_client()

    def route(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        data = [{"fields": {"rank": n}} for n in range(skip, min(skip + 100, 150))]
        return httpx.Response(200, json={"data": data, "total_count": 150, "skip": skip, "limit": 100})

    server.route = route

    pager = client.leads.search(fields={"city": "Pune"})
    assert isinstance(pager, AsyncPager)
    assert server.requests == []
    ranks = [lead.fields["rank"] async for lead in pager]

    assert ranks == list(range(150))
    assert [r.url.params["skip"] for r in server.requests] == ["0", "100"]


async def test_async_pages_and_first_page(make_async_client, server):
    client = make_async_client()
    members = [{"name": f"M{n}", "email": f"m{n}@acme.example", "status": "Active"} for n in range(12)]

    def route(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        return httpx.Response(
            200, json={"data": members[skip : skip + 10], "total_count": 12, "skip": skip, "limit": 10}
        )

    server.route = route

    first = await client.team_members.list().first_page()
    pages = [page async for page in client.team_members.list().pages()]

    assert (len(first.items), first.total_count) == (10, 12)
    assert [len(page.items) for page in pages] == [10, 2]


async def test_async_with_closes_the_clients_own_pool():
    async with AsyncTelecrm(enterprise_id="ent-42", token="t") as client:
        pool = client._http

    assert pool.is_closed is True


async def test_async_with_does_not_close_an_injected_http_client():
    injected = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"fields": {}}))
    )

    async with AsyncTelecrm(enterprise_id="ent-42", token="t", http_client=injected) as client:
        await client.leads.get("L1")

    assert injected.is_closed is False
    await injected.aclose()


async def test_closing_an_async_copy_does_not_close_the_shared_pool():
    client = AsyncTelecrm(enterprise_id="ent-42", token="t")

    await client.with_options(timeout=5).close()

    assert client._http.is_closed is False
    await client.close()


async def test_an_async_client_without_an_async_token_refuses_ingest_before_sending(
    make_async_client, server
):
    client = make_async_client(ingest_token=None)

    with pytest.raises(ValidationError, match=r"TELECRM_ASYNC_TOKEN"):
        await client.ingest.upsert({"phone": "919999999999"})

    assert server.requests == []


async def test_a_plain_for_over_an_async_pager_says_to_use_async_for(make_async_client, server):
    client = make_async_client()

    with pytest.raises(TypeError, match=r"iterated with `async for`") as raised:
        for _ in client.leads.search():  # type: ignore[attr-defined]
            pass

    assert "async for lead in client.leads.search(...)" in str(raised.value)
    assert server.requests == []
