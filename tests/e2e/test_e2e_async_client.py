"""`AsyncTelecrm` against the running fake: every resource method, awaited, and the same guarantees as
`Telecrm` (partial success, typed errors, retries that never duplicate a create)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from e2e_support import IMRAN, KAVYA, ROHAN, SEED_PHONES, connection, routes

from telecrm import (
    ActionType,
    APIConnectionError,
    APIResponseValidationError,
    AsyncPager,
    AsyncTelecrm,
    AuthenticationError,
    CustomAction,
    InternalServerError,
    InvalidLeadError,
    LeadAlreadyExistsError,
    PartialSuccessError,
    Payment,
    PermissionDeniedError,
    RateLimitError,
    Remark,
    TeamMemberNotFoundError,
    TimelineEntry,
    ValidationError,
)
from telecrm.testing import FakeTelecrm, Fault

pytestmark = pytest.mark.anyio

PRIYA = "priya.sharma@sunriserealty.example"


async def _collect(pager: AsyncPager[object]) -> list[object]:
    return [item async for item in pager]


# --- leads -----------------------------------------------------------------------------


async def test_create_returns_the_lead_id_and_the_action_outcomes(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    result = await async_client.leads.create(
        {"name": "Meera Pillai", "phone": "919811100001"}, [CustomAction(1001, {"note": "Walk-in"})]
    )

    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert result.lead_id == stored.id
    assert [(o.id, o.status) for o in result.actions] == [(stored.actions[0].id, "CREATED")]
    assert result.ok


async def test_create_with_a_bad_rating_and_a_bad_action_field_reports_both(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    result = await async_client.leads.create(
        {"name": "Meera Pillai", "phone": "919811100001", "rating": 0},
        [CustomAction(1001, {"note": "Walk-in"}), CustomAction(1001, {"outcome": ""})],
    )

    assert result.remarks == (
        Remark("fields.rating", "IGNORED", "Rating must be between 1 and 5"),
        Remark(
            "actions[1].fields.outcome",
            "IGNORED",
            "Option must be a non-empty string of at most 40 characters",
        ),
    )
    assert [(o.status, o.id is None) for o in result.actions] == [
        ("CREATED", False),
        ("IGNORED", True),
    ]
    assert fake.state.find_lead("919811100001") is not None


async def test_create_strict_raises_partial_success_with_the_result(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    with pytest.raises(PartialSuccessError) as caught:
        await async_client.leads.create({"phone": "919811100001", "rating": 9}, strict=True)

    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert caught.value.result.lead_id == stored.id
    assert [r.field for r in caught.value.result.remarks] == ["fields.rating"]


@pytest.mark.parametrize("phone", ["+919876500002", "919876500002", "9876500002"])
async def test_create_of_an_existing_phone_raises_lead_already_exists(
    async_client: AsyncTelecrm, phone: str
) -> None:
    with pytest.raises(LeadAlreadyExistsError) as caught:
        await async_client.leads.create({"phone": phone})

    assert caught.value.message == "Lead with phone 919876500002 already exists."


async def test_get_returns_fields_and_the_timeline_newest_first(async_client: AsyncTelecrm) -> None:
    lead = await async_client.leads.get(IMRAN, include_actions=True)

    assert dict(lead.fields) == {
        "name": "Imran Sheikh",
        "phone": "919876500003",
        "status": "Lost",
        "lostReason": "Budget Mismatch",
        "lead_source": "Facebook Ads",
    }
    assert lead.actions == (TimelineEntry(ActionType.MISSED_CALL, {"type": "MISSED_CALL"}),)


async def test_update_changes_only_the_given_fields(async_client: AsyncTelecrm) -> None:
    lead = await async_client.leads.update(KAVYA, {"rating": 5, "interests": ["Villa"]})

    assert (lead.fields["rating"], lead.fields["interests"], lead.fields["status"]) == (5, ["Villa"], "Won")


async def test_update_touching_the_identifier_raises_invalid_lead_403(async_client: AsyncTelecrm) -> None:
    with pytest.raises(InvalidLeadError) as caught:
        await async_client.leads.update(KAVYA, {"phone": "919876500099"})

    assert isinstance(caught.value, PermissionDeniedError)
    assert caught.value.status_code == 403


async def test_search_yields_every_lead_across_pages_newest_first(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    phones = [f"9198111{n:05d}" for n in range(9)]
    for phone in phones:
        await async_client.leads.create({"phone": phone})

    found = [lead.fields["phone"] async for lead in async_client.leads.search(page_size=4)]

    assert found == [*phones[::-1], *SEED_PHONES]
    assert routes(fake).count("POST /lead/search") == 3


# --- actions ---------------------------------------------------------------------------


async def test_actions_create_get_and_update_a_custom_action(async_client: AsyncTelecrm) -> None:
    created = await async_client.actions.create(ROHAN, [CustomAction(1002, {"attendees": 2})])
    action_id = created.actions[0].action_id

    updated = await async_client.actions.update(ROHAN, action_id, CustomAction(1002, {"attendees": 4}))

    assert updated == CustomAction(1002, {"attendees": 4})
    assert await async_client.actions.get(ROHAN, action_id) == CustomAction(1002, {"attendees": 4})


async def test_the_payment_lifecycle_ends_completed(async_client: AsyncTelecrm) -> None:
    created = await async_client.actions.create(IMRAN, [Payment(Decimal("1200.00"), "AED", "PENDING")])
    payment_id = created.actions[0].action_id
    assert await async_client.actions.get(IMRAN, payment_id) == Payment("1200.00", "AED", "PENDING")

    changed = await async_client.actions.set_payment_status(IMRAN, payment_id, "COMPLETED")

    assert changed == Payment("1200.00", "AED", "COMPLETED")
    assert await async_client.actions.get(IMRAN, payment_id) == Payment("1200.00", "AED", "COMPLETED")


async def test_changing_a_payment_amount_is_refused_before_sending(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    payment_id = next(a.id for a in fake.state.lead(KAVYA).actions if a.type == "PAYMENT")

    with pytest.raises(ValidationError):
        await async_client.actions.update(KAVYA, payment_id, Payment("1", "INR", "COMPLETED"))

    assert fake.state.requests == []


async def test_actions_search_filters_by_type_and_date(async_client: AsyncTelecrm) -> None:
    everything = await _collect(async_client.actions.search(KAVYA))
    payments = await _collect(async_client.actions.search(KAVYA, type=ActionType.PAYMENT))
    recent = await _collect(async_client.actions.search(KAVYA, created_on=(date(2026, 1, 4), None)))

    assert everything == [
        Payment("250000", "INR", "COMPLETED"),
        TimelineEntry(ActionType.INCOMING_WHATSAPP_MSG, {"type": "INCOMING_WHATSAPP_MSG"}),
    ]
    assert payments == [Payment("250000", "INR", "COMPLETED")]
    assert recent == payments


# --- team members ----------------------------------------------------------------------


async def test_team_members_list_yields_members_sorted_by_name(async_client: AsyncTelecrm) -> None:
    names = [member.name async for member in async_client.team_members.list()]

    assert names == ["Anita Desai", "Arjun Nair", "Priya Sharma", "Rahul Verma", "Sneha Iyer", "Vikram Singh"]


async def test_team_members_list_pages_by_ten(async_client: AsyncTelecrm, fake: FakeTelecrm) -> None:
    for n in range(4):
        await async_client.team_members.create(
            f"Zoya Agent{n}", f"zoya{n}@sunriserealty.example", f"91982000010{n}", "CALLER"
        )
    before = len(fake.state.requests)

    members = [m async for m in async_client.team_members.list(include_deleted=True)]

    assert len(members) == 11
    assert routes(fake)[before:] == ["GET /team-members", "GET /team-members"]


async def test_team_members_get_create_and_set_state(async_client: AsyncTelecrm) -> None:
    created = await async_client.team_members.create(
        "Zoya Khan", "zoya.khan@sunriserealty.example", "919820000010", "CALLER", password="S3cure-pass"
    )
    state = await async_client.team_members.set_state("ZOYA.KHAN@sunriserealty.example", "Working")
    fetched = await async_client.team_members.get("zoya.khan@sunriserealty.example")

    assert (created.status, state.status, fetched.status) == ("Active", "Working", "Working")
    assert (fetched.name, fetched.phone_number) == ("Zoya Khan", "919820000010")


async def test_team_members_get_of_a_deleted_member_raises_not_found(async_client: AsyncTelecrm) -> None:
    with pytest.raises(TeamMemberNotFoundError):
        await async_client.team_members.get("deepak.kumar@sunriserealty.example")


# --- workspace -------------------------------------------------------------------------


async def test_workspace_custom_fields_and_one_field(async_client: AsyncTelecrm) -> None:
    fields = await async_client.workspace.custom_fields(detail=True)
    budget = await async_client.workspace.custom_field("budget_lakhs")

    assert len(fields) == 13
    assert (budget.type, budget.description) == ("NUMBER", "Budget in lakh rupees")
    assert budget == next(f for f in fields if f.api_name == "budget_lakhs")


async def test_workspace_custom_actions_and_one_action(async_client: AsyncTelecrm) -> None:
    actions = await async_client.workspace.custom_actions()
    callback = await async_client.workspace.custom_action("ACTION_1000")

    assert [a.code for a in actions] == [1001, 1002, 1003, 1000]
    assert (callback.code, callback.display_name, callback.source) == (1000, "Callback Requested", "SYSTEM")
    assert dict(callback.field_schema) == {"preferred_time": {"type": "TEXT"}}


async def test_workspace_metadata_and_pipeline(async_client: AsyncTelecrm, fake: FakeTelecrm) -> None:
    metadata = await async_client.workspace.metadata()
    pipeline = await async_client.workspace.pipeline()

    assert (metadata.id, metadata.name) == (fake.enterprise_id, "Sunrise Realty")
    assert [stage.type for stage in pipeline.stages] == ["OPEN", "WON", "LOST"]
    assert "Booking Done" in pipeline.active_status_labels


# --- ingest ----------------------------------------------------------------------------


async def test_ingest_upsert_keeps_a_custom_action_by_writing_action_prefix(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    queued = await async_client.ingest.upsert(
        {"phone": "919811100001"}, [CustomAction(1003, {"note": "Quote"})]
    )

    assert queued.status == "QUEUED"
    fake.state.wait_idle()
    stored = fake.state.find_lead("919811100001")
    assert stored is not None
    assert [(a.type, a.fields) for a in stored.actions] == [("1003", {"note": "Quote"})]


async def test_a_sync_token_on_the_async_api_raises_authentication_error(fake: FakeTelecrm) -> None:
    async with AsyncTelecrm(**connection(fake, ingest_token=fake.sync_token)) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.ingest.upsert({"phone": "919811100001"})

    assert caught.value.code == "NOT_AUTHORIZED"


async def test_an_async_token_on_the_sync_api_raises_authentication_error(fake: FakeTelecrm) -> None:
    async with AsyncTelecrm(**connection(fake, token=fake.async_token)) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.workspace.metadata()

    assert caught.value.status_code == 401


async def test_the_upsert_beyond_the_async_rate_limit_raises_rate_limit_error() -> None:
    with FakeTelecrm.running(async_rate_limit=3, rate_window=30.0) as fake:
        async with AsyncTelecrm(**connection(fake, max_retries=0)) as client:
            for n in range(3):
                await client.ingest.upsert({"phone": f"91981110000{n}"})
            with pytest.raises(RateLimitError) as caught:
                await client.ingest.upsert({"phone": "919811100003"})

    assert caught.value.retry_after == 30.0


# --- retries and broken answers --------------------------------------------------------


async def test_a_read_succeeds_after_two_503s(
    async_client: AsyncTelecrm, fake: FakeTelecrm, async_sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(503), route="GET /lead/{leadId}", times=2)

    lead = await async_client.leads.get(ROHAN)

    assert lead.fields["name"] == "Rohan Mehta"
    assert [r.status for r in fake.state.requests] == [503, 503, 200]
    assert len(async_sleeps) == 2


async def test_a_create_answered_503_raises_after_one_request_and_creates_nothing(
    async_client: AsyncTelecrm, fake: FakeTelecrm, async_sleeps: list[float]
) -> None:
    fake.faults.add(Fault.error(503), route="POST /lead")

    with pytest.raises(InternalServerError):
        await async_client.leads.create({"phone": "919811100001"})

    assert routes(fake) == ["POST /lead"]
    assert async_sleeps == []
    assert fake.state.find_lead("919811100001") is None


async def test_a_create_dropped_after_processing_exists_exactly_once(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    fake.faults.add(Fault.drop(), route="POST /lead", when="after")

    with pytest.raises(APIConnectionError):
        await async_client.leads.create({"phone": "919811100001"})

    assert routes(fake) == ["POST /lead"]
    assert sum(lead.fields["phone"] == "919811100001" for lead in fake.state.leads) == 1


async def test_a_rate_limited_create_waits_retry_after_and_creates_one_lead(
    async_client: AsyncTelecrm, fake: FakeTelecrm, async_sleeps: list[float]
) -> None:
    fake.faults.add(Fault.rate_limited(retry_after=1), route="POST /lead", times=1)

    await async_client.leads.create({"phone": "919811100001"})

    assert async_sleeps == [1.0]
    assert [r.status for r in fake.state.requests] == [429, 201]
    assert sum(lead.fields["phone"] == "919811100001" for lead in fake.state.leads) == 1


async def test_a_truncated_body_raises_api_response_validation_error(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    fake.faults.add(Fault.malformed(), route="GET /custom-actions", times=1)

    with pytest.raises(APIResponseValidationError):
        await async_client.workspace.custom_actions()


async def test_an_html_502_raises_internal_server_error(
    async_client: AsyncTelecrm, fake: FakeTelecrm
) -> None:
    fake.faults.add(Fault.html(502), route="GET /metadata")

    with pytest.raises(InternalServerError) as caught:
        await async_client.workspace.metadata()

    assert (caught.value.status_code, caught.value.code) == (502, None)
    assert len(fake.state.requests) == 3
