"""Reading a created_on range window by window while the leads change under the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from telecrm import Lead, Page, Pager, TelecrmError
from telecrm.dlt._windows import WINDOW_LEADS, read_windows


class Leads:
    """Leads as (created_on, phone), searched newest first in pages of 100; `between_pages` runs after each
    page is served, to change the leads under the pager."""

    def __init__(self, created: list[int]) -> None:
        self.leads = [(moment, f"p{index}") for index, moment in enumerate(created)]
        self.between_pages: Callable[[int], None] = lambda served: None
        self.served = 0
        self.searches: list[tuple[int, int]] = []

    def search(self, low: int, high: int) -> Pager[Lead]:
        self.searches.append((low, high))

        def fetch(skip: int) -> Page[Lead]:
            matches = sorted(
                ((moment, phone) for moment, phone in self.leads if low <= moment <= high), reverse=True
            )
            items = tuple(Lead(fields={"phone": phone, "created_on": moment}) for moment, phone in matches)
            page = Page(items=items[skip : skip + 100], skip=skip, limit=100, total_count=len(matches))
            self.served += 1
            self.between_pages(self.served)
            return page

        return Pager(fetch)


def phone(lead: Lead) -> object:
    return lead.fields["phone"]


def read_all(leads: Leads, low: int = 0, high: int = 10**9) -> list[str]:
    return [
        str(phone(lead)) for window in read_windows(leads.search, low, high, phone) for lead in window.leads
    ]


def test_every_lead_of_the_range_is_read_once_oldest_window_first() -> None:
    leads = Leads(list(range(0, 5_000_000, 1_000)))

    phones = read_all(leads)

    assert sorted(phones) == sorted(phone for _, phone in leads.leads)
    windows = [search for search in leads.searches if search[1] - search[0] < 10**9]
    assert [low for low, _ in windows] == sorted(low for low, _ in windows)


def test_no_window_read_holds_more_than_the_window_size() -> None:
    leads = Leads(list(range(0, 5_000_000, 1_000)))

    sizes = [len(window.leads) for window in read_windows(leads.search, 0, 10**9, phone)]

    assert max(sizes) <= WINDOW_LEADS


def test_a_lead_created_inside_a_window_between_its_pages_makes_it_read_again() -> None:
    leads = Leads(list(range(100, 350)))  # three pages

    def create_once(served: int) -> None:
        if served == 1:
            leads.leads.append((349, "late"))

    leads.between_pages = create_once

    phones = read_all(leads, 0, 1_000)

    assert sorted(phones) == sorted(phone for _, phone in leads.leads)
    assert leads.searches == [(0, 1_000), (0, 1_000)]


def test_a_lead_deleted_and_one_created_between_pages_makes_the_window_read_again() -> None:
    leads = Leads(list(range(100, 350)))

    def swap_once(served: int) -> None:
        if served == 1:
            del leads.leads[0]
            leads.leads.append((349, "late"))

    leads.between_pages = swap_once

    phones = read_all(leads, 0, 1_000)

    assert sorted(phones) == sorted(phone for _, phone in leads.leads)
    assert len(leads.searches) == 2


def test_more_leads_than_a_window_in_one_millisecond_are_paged_all_the_same() -> None:
    leads = Leads([5] * (WINDOW_LEADS + 50))

    phones = read_all(leads, 0, 10)

    assert len(phones) == len(set(phones)) == WINDOW_LEADS + 50


def test_a_millisecond_that_never_stops_changing_ends_the_export_with_an_error() -> None:
    leads = Leads([5] * 150)
    leads.between_pages = lambda served: leads.leads.append((5, f"new{served}"))

    with pytest.raises(TelecrmError, match="kept changing"):
        read_all(leads, 5, 5)
