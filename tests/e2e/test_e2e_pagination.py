"""Lead search pages lazily through every match: each lead once, newest first, one request per page."""

from __future__ import annotations

import pytest
from e2e_support import SEED_PHONES, routes

from telecrm import Telecrm, ValidationError
from telecrm.testing import FakeTelecrm


def _create_leads(client: Telecrm, count: int) -> list[str]:
    """`count` new leads, created one after the other; returns their phones, newest first."""
    phones = [f"9198111{n:05d}" for n in range(count)]
    for phone in phones:
        client.leads.create({"name": f"Buyer {phone[-5:]}", "phone": phone})
    return phones[::-1]


def _searches(fake: FakeTelecrm) -> int:
    return routes(fake).count("POST /lead/search")


def test_search_with_a_small_page_size_yields_every_lead_once_newest_first(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    expected = [*_create_leads(client, 17), *SEED_PHONES]  # 20 leads

    found = [lead.fields["phone"] for lead in client.leads.search(page_size=7)]

    assert found == expected
    assert _searches(fake) == 3  # 7 + 7 + 6


def test_search_with_the_default_page_size_pages_past_100_leads(client: Telecrm, fake: FakeTelecrm) -> None:
    expected = [*_create_leads(client, 117), *SEED_PHONES]  # 120 leads

    found = [lead.fields["phone"] for lead in client.leads.search()]

    assert found == expected
    assert _searches(fake) == 2  # 100 + 20


def test_search_stops_without_an_extra_request_when_the_last_page_is_full(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    _create_leads(client, 11)  # 14 leads

    pages = [len(page.items) for page in client.leads.search(page_size=7).pages()]

    assert pages == [7, 7]
    assert _searches(fake) == 2


def test_search_pages_report_the_total_count(client: Telecrm) -> None:
    _create_leads(client, 9)

    first = client.leads.search(page_size=5).first_page()

    assert (len(first.items), first.skip, first.limit, first.total_count) == (5, 0, 5, 12)


def test_nothing_is_fetched_until_iteration_starts(client: Telecrm, fake: FakeTelecrm) -> None:
    pager = client.leads.search(fields={"status": "Won"})

    assert _searches(fake) == 0
    assert [lead.fields["name"] for lead in pager] == ["Kavya Reddy"]
    assert _searches(fake) == 1


def test_a_search_matching_nothing_makes_one_request(client: Telecrm, fake: FakeTelecrm) -> None:
    assert list(client.leads.search(fields={"city": "Atlantis"})) == []
    assert _searches(fake) == 1


@pytest.mark.parametrize("page_size", [0, 101])
def test_a_page_size_beyond_the_api_limit_is_refused_before_sending(
    client: Telecrm, fake: FakeTelecrm, page_size: int
) -> None:
    with pytest.raises(ValidationError, match="from 1 to 100"):
        client.leads.search(page_size=page_size)

    assert fake.state.requests == []
