"""Pagers through the client: which pages are requested, when, and where iteration stops."""

from __future__ import annotations

import itertools
import tracemalloc

import httpx
import pytest

from telecrm import APIResponseValidationError, Page

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool


def leads(count: int, start: int = 0) -> list[dict[str, object]]:
    return [{"fields": {"name": f"Lead {n}", "rank": n}} for n in range(start, start + count)]


def serve(items: list[dict[str, object]], *, total: bool = True, echo: bool = True):
    """A route answering ``skip``/``limit`` pages over ``items``, like the API does."""

    def route(request: httpx.Request) -> httpx.Response:
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        body: dict[str, object] = {"data": items[skip : skip + limit]}
        if total:
            body["total_count"] = len(items)
        if echo:
            body.update(skip=skip, limit=limit)
        return httpx.Response(200, json=body)

    return route


def requested(server) -> list[tuple[int, int]]:
    return [(int(r.url.params["skip"]), int(r.url.params["limit"])) for r in server.requests]


def test_leads_search_requests_each_page_once_and_yields_every_lead_in_order(client, server):
    server.route = serve(leads(250))

    found = list(client.leads.search(page_size=100))

    assert requested(server) == [(0, 100), (100, 100), (200, 100)]
    assert [lead.fields["rank"] for lead in found] == list(range(250))


def test_every_page_request_repeats_the_same_filters(client, server):
    server.route = serve(leads(150))

    list(client.leads.search(fields={"city": "Pune"}, page_size=100))

    assert [server.body(i) for i in range(2)] == [{"fields": {"city": "Pune"}}] * 2


def test_the_default_page_size_for_leads_is_100(client, server):
    server.route = serve(leads(3))

    list(client.leads.search())

    assert requested(server) == [(0, 100)]


def test_iteration_stops_exactly_at_total_count(client, server):
    server.route = serve(leads(200))

    assert len(list(client.leads.search(page_size=100))) == 200
    assert len(server.requests) == 2


def test_iteration_stops_at_an_empty_page(client, server):
    server.reply(200, {"data": leads(100), "total_count": 500, "skip": 0, "limit": 100})
    server.reply(200, {"data": [], "total_count": 500, "skip": 100, "limit": 100})

    assert len(list(client.leads.search())) == 100
    assert len(server.requests) == 2


def test_iteration_stops_at_a_short_page_when_there_is_no_total_count(client, server):
    server.route = serve(leads(130), total=False)

    assert len(list(client.leads.search(page_size=100))) == 130
    assert requested(server) == [(0, 100), (100, 100)]


def test_a_full_page_without_total_count_asks_for_the_next_one(client, server):
    server.route = serve(leads(200), total=False)

    assert len(list(client.leads.search(page_size=100))) == 200
    assert requested(server) == [(0, 100), (100, 100), (200, 100)]


def test_nothing_is_fetched_until_iteration_starts(client, server):
    server.route = serve(leads(5))

    pager = client.leads.search()

    assert server.requests == []
    next(iter(pager))
    assert len(server.requests) == 1


def test_the_next_page_is_fetched_only_when_the_current_one_is_used_up(client, server):
    server.route = serve(leads(150))
    found = iter(client.leads.search(page_size=100))

    for _ in range(100):
        next(found)
    assert len(server.requests) == 1

    next(found)
    assert len(server.requests) == 2


def test_a_pager_can_be_iterated_again_from_the_start(client, server):
    server.route = serve(leads(3))
    pager = client.leads.search()

    assert len(list(pager)) == len(list(pager)) == 3
    assert requested(server) == [(0, 100), (0, 100)]


def test_pages_yields_whole_pages_with_their_skip_limit_and_total(client, server):
    server.route = serve(leads(150))

    pages = list(client.leads.search(page_size=100).pages())

    assert [(p.skip, p.limit, p.total_count, len(p.items)) for p in pages] == [
        (0, 100, 150, 100),
        (100, 100, 150, 50),
    ]
    assert all(isinstance(page, Page) for page in pages)


def test_first_page_fetches_only_the_first_page(client, server):
    server.route = serve(leads(250))

    page = client.leads.search(page_size=100).first_page()

    assert (page.skip, page.total_count, len(page.items)) == (0, 250, 100)
    assert requested(server) == [(0, 100)]


def test_team_members_are_listed_in_pages_of_ten(client, server):
    members = [
        {"name": f"Member {n:02d}", "email": f"m{n}@acme.example", "status": "Active"} for n in range(15)
    ]
    server.route = serve(members)

    found = list(client.team_members.list())

    assert requested(server) == [(0, 10), (10, 10)]
    assert [member.email for member in found] == [f"m{n}@acme.example" for n in range(15)]
    assert all(r.url.params["includeDeleted"] == "false" for r in server.requests)


def test_actions_search_paginates_too(client, server):
    entries = [{"type": "OUTGOING_CALL", "n": n} for n in range(120)]
    server.route = serve(entries)

    found = list(client.actions.search("L1", page_size=50))

    assert requested(server) == [(0, 50), (50, 50), (100, 50)]
    assert [entry.raw["n"] for entry in found] == list(range(120))


def test_pages_advance_by_the_requested_skip_when_the_server_does_not_echo_it(client, server):
    items = leads(250)

    def route(request: httpx.Request) -> httpx.Response:
        if len(server.requests) > 3:  # keep a looping pager finite
            return httpx.Response(200, json={"data": [], "total_count": 250})
        skip = int(request.url.params["skip"])
        return httpx.Response(200, json={"data": items[skip : skip + 100], "total_count": 250})

    server.route = route

    found = list(client.leads.search(page_size=100))

    assert requested(server) == [(0, 100), (100, 100), (200, 100)]
    assert len(found) == 250


def test_a_short_page_ends_iteration_even_when_the_server_echoes_no_limit(client, server):
    server.route = serve(leads(30), total=False, echo=False)

    assert len(list(client.leads.search(page_size=100))) == 30
    assert len(server.requests) == 1


def _pages(*pages: list[dict[str, object]]):
    """A route answering the given pages in turn, under a total that never ends the paging."""
    answers = iter(pages)
    return lambda request: httpx.Response(200, json={"data": next(answers), "total_count": 10**9})


def test_a_page_opening_with_a_lead_already_seen_but_bringing_a_new_one_goes_on(client, server):
    first, second, third = leads(3)
    server.route = _pages([first, second], [first, third], [])

    found = list(client.leads.search(page_size=2))

    assert [lead.fields["rank"] for lead in found] == [0, 1, 0, 2]


def test_a_page_of_leads_seen_on_the_last_pages_in_another_order_ends_in_an_error(client, server):
    first, second, third = leads(3)
    server.route = _pages([first, second], [third, first], [second, third])

    with pytest.raises(APIResponseValidationError, match="all seen on the last pages"):
        list(client.leads.search(page_size=2))

    assert len(server.requests) == 3


def test_the_pager_keeps_a_bounded_amount_of_the_pages_text_however_large_the_pages(client, server):
    # Pages of 100 leads of about 10,000 characters each, one of them astral (4 bytes a character).
    big = [{"fields": {"name": "\U0001f600" + "x" * 10_000, "rank": n}} for n in range(2_000)]
    server.route = serve(big, total=True)
    tracemalloc.start()
    try:
        held = []
        for page in client.leads.search(page_size=100).pages():
            held.append(tracemalloc.get_traced_memory()[0])
            del page
    finally:
        tracemalloc.stop()

    # Unbounded, the window of 16 pages would hold 16 x 100 x 40 kB = 64 MB of text.
    assert max(held) - held[0] < 24 * 1024 * 1024


def test_a_first_page_keeps_no_text_of_its_items(client, server):
    server.route = serve(leads(150))

    page = client.leads.search(page_size=100).first_page()

    assert sorted(vars(page)) == ["items", "limit", "skip", "total_count"]


def test_built_in_timeline_entries_alike_on_every_page_are_all_listed_up_to_the_total(client, server):
    # Action search answers a built-in entry with its type alone: on a lead with many calls, pages repeat.
    server.route = serve([{"type": "OUTGOING_CALL"}] * 6)

    found = list(client.actions.search("L1", page_size=2))

    assert len(found) == 6
    assert requested(server) == [(0, 2), (2, 2), (4, 2)]


def test_a_last_page_of_items_already_seen_ends_paging_without_an_error(client, server):
    server.route = serve([{"type": "OUTGOING_CALL"}] * 150, total=False)

    found = list(client.actions.search("L1"))

    assert len(found) == 150


def _cycling(pages: int, size: int):
    """A server that ignores skip and answers page after page of its own, going round ``pages`` pages; no
    total."""
    answers = itertools.count()

    def route(request: httpx.Request) -> httpx.Response:
        n = next(answers)
        assert n < 1_000, "the pager kept asking"
        first = (n % pages) * size
        items = [{"fields": {"rank": i}} for i in range(first, first + size)]
        return httpx.Response(200, json={"data": items})

    return route


def test_a_server_going_round_more_pages_than_the_window_ends_in_an_error(client, server):
    server.route = _cycling(pages=40, size=2)

    with pytest.raises(APIResponseValidationError, match="ignores skip"):
        list(client.leads.search(page_size=2))

    assert len(server.requests) <= 2 * 40 + 2


def test_a_server_spelling_whole_numbers_as_ints_or_floats_in_turn_ends_in_an_error(client, server):
    # The same lead on every answer, its eleven zeros written 0 or 0.0: 2,048 spellings of one value.
    answers = itertools.count()

    def route(request: httpx.Request) -> httpx.Response:
        n = next(answers)
        assert n < 1_000, "the pager kept asking"
        zeros = ",".join(f'"f{bit}":{"0.0" if n >> bit & 1 else "0"}' for bit in range(11))
        return httpx.Response(200, content=b'{"data":[{"fields":{' + zeros.encode() + b"}}]}")

    server.route = route

    with pytest.raises(APIResponseValidationError, match="ignores skip"):
        list(client.leads.search(page_size=1))

    assert len(server.requests) <= 3
