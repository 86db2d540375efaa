"""What exports need from the fake: `created_on` in search results, exact inclusive `created_on` ranges over
many leads, and made-up leads in bulk (`state.generate_leads`, `telecrm-fake --seed-leads`)."""

from __future__ import annotations

import httpx
import pytest

from telecrm.testing import FakeTelecrm

STANDARD_AND_CUSTOM_TYPES = {
    "TEXT", "NUMBER", "EMAIL", "PHONE", "DATE", "DROPDOWN", "TAGS", "MONEY", "WEBSITE", "UNIQUE",
    "RATING", "STATUS", "LOST_REASON", "ACTIVE_USERS",
}  # fmt: skip


@pytest.fixture(scope="module")
def fake() -> FakeTelecrm:
    with FakeTelecrm.running() as running:
        running.state.generate_leads(600, seed=7)
        yield running


@pytest.fixture
def sync(fake: FakeTelecrm) -> httpx.Client:
    with httpx.Client(
        base_url=f"{fake.base_url}/enterprise/{fake.enterprise_id}",
        headers={"Authorization": f"Bearer {fake.sync_token}"},
        timeout=10,
    ) as client:
        yield client


def search(sync: httpx.Client, body: object, skip: int = 0, limit: int = 100) -> dict[str, object]:
    response = sync.post("/lead/search", params={"skip": skip, "limit": limit}, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


def test_search_results_carry_each_leads_created_on_in_epoch_ms(
    fake: FakeTelecrm, sync: httpx.Client
) -> None:
    created = {lead.fields["phone"]: lead.created_on for lead in fake.state.leads}

    page = search(sync, {}, limit=5)["data"]

    assert [item["fields"]["created_on"] for item in page] == [  # type: ignore[index]
        created[item["fields"]["phone"]]  # type: ignore[index]
        for item in page  # type: ignore[attr-defined]
    ]


def test_a_created_on_range_holds_both_bounds_to_the_millisecond(
    fake: FakeTelecrm, sync: httpx.Client
) -> None:
    oldest_first = sorted(fake.state.leads, key=lambda lead: lead.created_on)
    low, high = oldest_first[100].created_on, oldest_first[199].created_on
    inside = [lead for lead in oldest_first if low <= lead.created_on <= high]

    answer = search(sync, {"fields": {"created_on": {"from": low, "to": high}}}, limit=100)
    beyond = search(sync, {"fields": {"created_on": {"from": low + 1, "to": high - 1}}}, limit=1)

    assert answer["total_count"] == len(inside)
    assert beyond["total_count"] == len([lead for lead in inside if low < lead.created_on < high])


def test_range_pages_run_newest_first_without_gaps_or_repeats(fake: FakeTelecrm, sync: httpx.Client) -> None:
    leads = sorted(fake.state.leads, key=lambda lead: lead.created_on)
    body = {"fields": {"created_on": {"from": leads[0].created_on, "to": leads[-1].created_on}}}

    phones = [
        item["fields"]["phone"]  # type: ignore[index]
        for skip in range(0, len(leads), 100)
        for item in search(sync, body, skip=skip)["data"]  # type: ignore[attr-defined]
    ]

    assert sorted(phones) == sorted(lead.fields["phone"] for lead in leads)
    assert len(set(phones)) == len(leads)
    created = {lead.fields["phone"]: lead.created_on for lead in leads}
    assert [created[phone] for phone in phones] == sorted(created.values(), reverse=True)


def test_a_range_with_another_filter_counts_only_the_leads_matching_both(
    fake: FakeTelecrm, sync: httpx.Client
) -> None:
    leads = sorted(fake.state.leads, key=lambda lead: lead.created_on)[:300]
    low, high = leads[0].created_on, leads[-1].created_on
    wanted = [lead for lead in leads if lead.fields.get("status") == "Fresh"]

    answer = search(sync, {"fields": {"created_on": {"from": low, "to": high}, "status": "fresh"}})

    assert answer["total_count"] == len(wanted)


def test_generated_leads_hold_a_value_of_every_field_type(fake: FakeTelecrm) -> None:
    workspace_types = {field.api_name: field.type for field in fake.workspace.fields}

    seen = {workspace_types[name] for lead in fake.state.leads for name in lead.fields}

    assert seen >= STANDARD_AND_CUSTOM_TYPES


def test_generated_leads_have_distinct_identifiers_and_some_share_a_millisecond(fake: FakeTelecrm) -> None:
    leads = fake.state.leads

    assert len({lead.fields["phone"] for lead in leads}) == len(leads) == 603
    assert len({lead.created_on for lead in leads}) < len(leads)


def test_the_same_seed_generates_the_same_fields() -> None:
    with FakeTelecrm.running() as first, FakeTelecrm.running() as second:
        first.state.generate_leads(20, seed=3)
        second.state.generate_leads(20, seed=3)

        assert [lead.fields for lead in first.state.leads] == [lead.fields for lead in second.state.leads]


@pytest.mark.parametrize("count", [-1, 1.5, True, "3"])
def test_generate_leads_refuses_a_count_that_is_not_a_whole_number(fake: FakeTelecrm, count: object) -> None:
    with pytest.raises(ValueError, match="count must be a whole number"):
        fake.state.generate_leads(count)  # type: ignore[arg-type]
