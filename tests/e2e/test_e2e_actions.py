"""A lead's timeline on the Sync API, `Telecrm` against the running fake: create, get, update, payment
status, search; payments are immutable but for their status."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import httpx
import pytest
from e2e_support import KAVYA, ROHAN, routes

from telecrm import (
    ActionBatchResult,
    ActionNotFoundError,
    ActionType,
    BadRequestError,
    Currency,
    CustomAction,
    LeadNotFoundError,
    PartialSuccessError,
    Payment,
    PaymentStatus,
    Remark,
    Telecrm,
    TimelineEntry,
    ValidationError,
)
from telecrm.testing import FakeTelecrm

ANITA = "anita.desai@sunriserealty.example"


def _payment_id(fake: FakeTelecrm, lead_id: str) -> str:
    return next(a.id for a in fake.state.lead(lead_id).actions if a.type == "PAYMENT")


def _built_in_id(fake: FakeTelecrm, lead_id: str, type_: str) -> str:
    return next(a.id for a in fake.state.lead(lead_id).actions if a.type == type_)


# --- create ----------------------------------------------------------------------------


def test_create_appends_each_action_and_reports_its_id(client: Telecrm, fake: FakeTelecrm) -> None:
    demo = CustomAction(1002, {"demo_date": date(2026, 12, 5), "attendees": 3})
    payment = Payment(Decimal("5E+3"), "INR", "PENDING")

    result = client.actions.create(ROHAN, [demo, payment])

    assert isinstance(result, ActionBatchResult)
    assert result.lead_id == ROHAN
    assert result.ok
    assert [(o.action, o.status) for o in result.actions] == [(demo, "CREATED"), (payment, "CREATED")]
    stored = {a.id: a for a in fake.state.lead(ROHAN).actions}
    first, second = (stored[o.id] for o in result.actions if o.id is not None)
    assert (first.type, first.fields) == ("1002", {"demo_date": "05/12/2026 00:00:00", "attendees": 3})
    assert (second.type, second.amount, second.currency, second.status) == (
        "PAYMENT",
        "5000",
        "INR",
        "PENDING",
    )


def test_create_reports_an_invalid_action_as_ignored_and_keeps_the_others(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    bad = CustomAction(1001, {"visited_with": "stranger@mail.example"})
    good = CustomAction(1001, {"note": "Second visit"})

    result = client.actions.create(ROHAN, [bad, good])

    remark = Remark(
        "actions[0].fields.visited_with", "IGNORED", "Must be the email of a team member of the workspace"
    )
    assert [(o.status, o.id is None, o.remarks) for o in result.actions] == [
        ("IGNORED", True, (remark,)),
        ("CREATED", False, ()),
    ]
    assert result.remarks == (remark,)
    assert result.field_remarks == ()
    assert [a.fields for a in fake.state.lead(ROHAN).actions if a.type == "1001"][-1] == {
        "note": "Second visit"
    }


def test_create_strict_raises_partial_success_with_the_batch_result(client: Telecrm) -> None:
    with pytest.raises(PartialSuccessError) as caught:
        client.actions.create(ROHAN, [CustomAction(1099)], strict=True)

    result = caught.value.result
    assert isinstance(result, ActionBatchResult)
    assert result.remarks == (
        Remark("actions[0].type", "IGNORED", "Custom action with code 1099 was not found."),
    )


def test_create_on_an_unknown_lead_raises_lead_not_found(client: Telecrm) -> None:
    with pytest.raises(LeadNotFoundError):
        client.actions.create("65a1f0c2e4b0a1b2c3d4e5ff", [CustomAction(1001)])


# --- get -------------------------------------------------------------------------------


def test_get_returns_a_custom_action_with_its_fields_as_stored(client: Telecrm) -> None:
    created = client.actions.create(
        ROHAN, [CustomAction(1001, {"note": "Visited", "visit_date": datetime(2026, 11, 2, 15, 30)})]
    )

    action = client.actions.get(ROHAN, created.actions[0].action_id)

    assert action == CustomAction(1001, {"note": "Visited", "visit_date": "02/11/2026 15:30:00"})


def test_get_returns_a_payment_with_a_decimal_amount(client: Telecrm, fake: FakeTelecrm) -> None:
    payment = client.actions.get(KAVYA, _payment_id(fake, KAVYA))

    assert payment == Payment("250000", "INR", "COMPLETED")
    assert isinstance(payment, Payment)
    assert payment.amount == Decimal("250000")
    assert (payment.currency, payment.status) == (Currency.INR, PaymentStatus.COMPLETED)


def test_get_of_a_built_in_timeline_entry_is_refused_with_400(client: Telecrm, fake: FakeTelecrm) -> None:
    with pytest.raises(BadRequestError) as caught:
        client.actions.get(ROHAN, _built_in_id(fake, ROHAN, "OUTGOING_CALL"))

    assert caught.value.message == "Only custom actions and payment actions can be retrieved"


def test_get_of_an_unknown_action_raises_action_not_found(client: Telecrm) -> None:
    with pytest.raises(ActionNotFoundError) as caught:
        client.actions.get(ROHAN, "65a1f0c2e4b0a1b2c3d4e5ff")

    assert (caught.value.status_code, caught.value.code) == (404, "ACTION_NOT_FOUND")


# --- update ----------------------------------------------------------------------------


def test_update_changes_only_the_given_custom_action_fields(client: Telecrm) -> None:
    created = client.actions.create(ROHAN, [CustomAction(1001, {"note": "Visited", "outcome": "Interested"})])
    action_id = created.actions[0].action_id

    updated = client.actions.update(
        ROHAN, action_id, CustomAction("ACTION_1001", {"outcome": "Not Interested"})
    )

    assert updated == CustomAction(1001, {"note": "Visited", "outcome": "Not Interested"})
    assert client.actions.get(ROHAN, action_id) == updated


def test_update_with_an_invalid_field_value_is_refused_with_400(client: Telecrm) -> None:
    created = client.actions.create(ROHAN, [CustomAction(1002, {"attendees": 2})])

    with pytest.raises(BadRequestError) as caught:
        client.actions.update(ROHAN, created.actions[0].action_id, CustomAction(1002, {"attendees": "two"}))

    assert caught.value.message == "Invalid value for field 'attendees': Number is invalid"


# --- the payment lifecycle -------------------------------------------------------------


def test_a_pending_payment_becomes_completed_through_set_payment_status(client: Telecrm) -> None:
    created = client.leads.create(
        {"name": "Meera Pillai", "phone": "919811100001"}, [Payment("75000.50", "INR", "PENDING")]
    )
    payment_id = created.actions[0].action_id
    assert client.actions.get(created.lead_id or "", payment_id) == Payment("75000.50", "INR", "PENDING")

    changed = client.actions.set_payment_status(created.lead_id or "", payment_id, PaymentStatus.COMPLETED)

    assert changed == Payment("75000.50", "INR", "COMPLETED")
    assert client.actions.get(created.lead_id or "", payment_id) == Payment("75000.50", "INR", "COMPLETED")


def test_set_payment_status_refuses_paid_before_sending(client: Telecrm, fake: FakeTelecrm) -> None:
    with pytest.raises(ValidationError, match="COMPLETED"):
        client.actions.set_payment_status(KAVYA, _payment_id(fake, KAVYA), "PAID")

    assert fake.state.requests == []


@pytest.mark.parametrize(
    "change",
    [
        Payment("300000", "INR", "COMPLETED"),
        {"type": "PAYMENT", "amount": "300000", "status": "COMPLETED"},
        {"type": "PAYMENT", "currency": "USD", "status": "COMPLETED"},
    ],
    ids=["Payment", "dict-with-amount", "dict-with-currency"],
)
def test_update_changing_a_payment_amount_or_currency_is_refused_before_sending(
    client: Telecrm, fake: FakeTelecrm, change: object
) -> None:
    payment_id = _payment_id(fake, KAVYA)

    with pytest.raises(ValidationError, match="amount and currency never change"):
        client.actions.update(KAVYA, payment_id, change)  # type: ignore[arg-type]

    assert fake.state.requests == []
    stored = next(a for a in fake.state.lead(KAVYA).actions if a.id == payment_id)
    assert (stored.amount, stored.currency) == ("250000", "INR")


def test_a_raw_request_changing_a_payment_amount_gets_the_documented_400(
    raw_sync: httpx.Client, fake: FakeTelecrm
) -> None:
    payment_id = _payment_id(fake, KAVYA)

    response = raw_sync.post(
        f"/lead/{KAVYA}/action/{payment_id}",
        json={"type": "PAYMENT", "amount": "300000", "status": "COMPLETED"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "BAD_REQUEST",
            "message": "Cannot update amount, currency, or paymentid fields for existing payment action.",
        }
    }
    stored = next(a for a in fake.state.lead(KAVYA).actions if a.id == payment_id)
    assert (stored.amount, stored.status) == ("250000", "COMPLETED")


def test_set_payment_status_on_a_custom_action_is_refused_with_400(
    client: Telecrm, fake: FakeTelecrm
) -> None:
    visit_id = _built_in_id(fake, ROHAN, "1001")

    with pytest.raises(BadRequestError) as caught:
        client.actions.set_payment_status(ROHAN, visit_id, "COMPLETED")

    assert caught.value.message == "Action type cannot be changed: this action's type is '1001'"


# --- search ----------------------------------------------------------------------------


def test_search_yields_every_timeline_entry_newest_first(client: Telecrm) -> None:
    entries = list(client.actions.search(ROHAN))

    assert entries == [
        CustomAction(1001, {"note": "Liked the east-facing flat", "outcome": "Interested"}),
        TimelineEntry(ActionType.OUTGOING_CALL, {"type": "OUTGOING_CALL"}),
    ]


@pytest.mark.parametrize("type_", [ActionType.OUTGOING_CALL, "OUTGOING_CALL"])
def test_search_by_built_in_type_finds_only_that_type(client: Telecrm, type_: object) -> None:
    entries = list(client.actions.search(ROHAN, type=type_))  # type: ignore[arg-type]

    assert entries == [TimelineEntry(ActionType.OUTGOING_CALL, {"type": "OUTGOING_CALL"})]


@pytest.mark.parametrize("type_", [CustomAction(1001), 1001, "1001", "ACTION_1001"])
def test_search_by_custom_action_sends_the_bare_code(client: Telecrm, type_: object) -> None:
    entries = list(client.actions.search(ROHAN, type=type_))  # type: ignore[arg-type]

    assert [type(e).__name__ for e in entries] == ["CustomAction"]


def test_search_by_payment_type_finds_the_payment(client: Telecrm) -> None:
    assert list(client.actions.search(KAVYA, type=ActionType.PAYMENT)) == [
        Payment("250000", "INR", "COMPLETED")
    ]


def test_search_by_creation_range_keeps_entries_inside_it(client: Telecrm) -> None:
    # The visit was at 05/01/2026 16:30:00 and the call at 02/01/2026 11:00:00, workspace time.
    entries = list(client.actions.search(ROHAN, created_on={"from": date(2026, 1, 3)}))

    assert [type(e).__name__ for e in entries] == ["CustomAction"]


def test_search_by_performer_takes_team_member_ids(client: Telecrm, fake: FakeTelecrm) -> None:
    anita = next(m.id for m in fake.state.team_members if m.email == ANITA)
    priya = next(m.id for m in fake.state.team_members if m.email.startswith("priya"))

    assert len(list(client.actions.search(ROHAN, performed_by=anita))) == 2
    assert list(client.actions.search(ROHAN, performed_by=[priya])) == []


def test_search_pages_through_a_long_timeline(client: Telecrm, fake: FakeTelecrm) -> None:
    client.actions.create(ROHAN, [CustomAction(1001, {"note": f"Visit {n}"}) for n in range(5)])

    entries = list(client.actions.search(ROHAN, type=CustomAction(1001), page_size=2))

    assert [e.fields.get("note") for e in entries if isinstance(e, CustomAction)] == [
        "Visit 4",
        "Visit 3",
        "Visit 2",
        "Visit 1",
        "Visit 0",
        "Liked the east-facing flat",
    ]
    assert routes(fake).count("POST /lead/{leadId}/action/search") == 3
