"""Sync actions: custom and payment writes, the ACTION_ rule, payment immutability, reads and search."""

from __future__ import annotations

import httpx
import pytest

from telecrm.testing import FakeTelecrm, Workspace

PAYMENT = {"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "10000"}
STATUSES = ("PENDING", "COMPLETED", "FAILED", "REFUNDED", "CANCELLED", "PROCESSING")
CURRENCIES = ("INR", "USD", "PKR", "AED", "QAR", "SAR", "MYR", "AUD", "CAD", "SGD", "XOF")


def create(sync: httpx.Client, lead_id: str, *actions: object) -> httpx.Response:
    return sync.post(f"/lead/{lead_id}/action", json={"actions": list(actions)})


def created_id(sync: httpx.Client, lead_id: str, action: object) -> str:
    response = create(sync, lead_id, action)
    [outcome] = response.json()["actions"]
    assert outcome["status"] == "CREATED", response.json()
    return str(outcome["action_id"])


def test_create_answers_200_with_outcomes_in_request_order(sync: httpx.Client, lead_id: str) -> None:
    response = create(sync, lead_id, {"type": "1001", "fields": {"note": "Demo scheduled"}}, PAYMENT)
    assert response.status_code == 200
    body = response.json()
    assert body["lead_id"] == lead_id
    assert [outcome["status"] for outcome in body["actions"]] == ["CREATED", "CREATED"]
    first, second = (outcome["action_id"] for outcome in body["actions"])
    assert len(first) == len(second) == 24
    assert first != second
    assert body["remarks"] == []


def test_each_action_is_processed_on_its_own(sync: httpx.Client, lead_id: str) -> None:
    response = create(sync, lead_id, {"type": "1001", "fields": {"outcome": "x" * 41}}, {"type": "1002"})
    assert [outcome["status"] for outcome in response.json()["actions"]] == ["IGNORED", "CREATED"]
    assert response.json()["actions"][0]["action_id"] is None
    assert response.json()["remarks"] == [
        {
            "field": "actions[0].fields.outcome",
            "status": "IGNORED",
            "remark": "Option must be a non-empty string of at most 40 characters",
        }
    ]


def test_prefixed_code_on_the_sync_api_is_ignored_with_a_remark(sync: httpx.Client, lead_id: str) -> None:
    response = create(sync, lead_id, {"type": "ACTION_1001", "fields": {"note": "Visit"}})
    assert response.json()["actions"] == [{"action_id": None, "status": "IGNORED"}]
    assert response.json()["remarks"] == [
        {
            "field": "actions[0].type",
            "status": "IGNORED",
            "remark": "The Sync API takes bare custom action codes: send '1001', not 'ACTION_1001'",
        }
    ]


def test_unknown_custom_code_is_ignored_with_a_remark(sync: httpx.Client, lead_id: str) -> None:
    response = create(sync, lead_id, {"type": "1004"})
    assert response.json()["remarks"] == [
        {
            "field": "actions[0].type",
            "status": "IGNORED",
            "remark": "Custom action with code 1004 was not found.",
        }
    ]


def test_field_not_in_the_action_schema_is_ignored_with_a_remark(sync: httpx.Client, lead_id: str) -> None:
    response = create(sync, lead_id, {"type": "1001", "fields": {"email": "a@b.example"}})
    assert response.json()["remarks"] == [
        {
            "field": "actions[0].fields.email",
            "status": "IGNORED",
            "remark": "Field is not defined on custom action 1001",
        }
    ]


@pytest.mark.parametrize("kind", ["OUTGOING_CALL", "INCOMING_WHATSAPP_MSG", "LEAD_ASSIGNMENT"])
def test_built_in_type_fails_the_whole_request(sync: httpx.Client, lead_id: str, kind: str) -> None:
    response = create(sync, lead_id, {"type": "1001"}, {"type": kind})
    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "BAD_REQUEST", "message": "Only custom actions and payment actions can be created"}
    }
    assert sync.get(f"/lead/{lead_id}", params={"includeActions": "true"}).json()["actions"] == []


def test_built_in_type_on_lead_create_is_400(sync: httpx.Client) -> None:
    response = sync.post(
        "/lead", json={"fields": {"phone": "919999999999"}, "actions": [{"type": "USER_NOTE"}]}
    )
    assert response.status_code == 400
    assert sync.post("/lead/search", json={"fields": {"phone": "919999999999"}}).json()["total_count"] == 0


def test_actions_on_lead_create_report_by_index(sync: httpx.Client) -> None:
    response = sync.post(
        "/lead",
        json={
            "fields": {"phone": "919999999999"},
            "actions": [{"type": "1001"}, {"type": "1003", "fields": 1}],
        },
    )
    assert [outcome["status"] for outcome in response.json()["actions"]] == ["CREATED", "IGNORED"]
    assert response.json()["remarks"] == [
        {"field": "actions[1].fields", "status": "IGNORED", "remark": "Fields must be an object"}
    ]


def test_payment_needs_all_four_fields(sync: httpx.Client, lead_id: str) -> None:
    response = create(sync, lead_id, {"type": "PAYMENT", "amount": "5000"})
    assert response.json()["actions"] == [{"action_id": None, "status": "IGNORED"}]
    assert response.json()["remarks"] == [
        {"field": "actions[0].status", "status": "IGNORED", "remark": "status is required"},
        {"field": "actions[0].currency", "status": "IGNORED", "remark": "currency is required"},
    ]


@pytest.mark.parametrize(
    ("change", "where", "remark"),
    [
        ({"status": "PAID"}, "status", f"status must be one of {', '.join(STATUSES)}"),
        ({"currency": "EUR"}, "currency", f"currency must be one of {', '.join(CURRENCIES)}"),
        ({"amount": "0"}, "amount", "amount must be a numeric string greater than 0"),
        ({"amount": "-5"}, "amount", "amount must be a numeric string greater than 0"),
        ({"amount": 5000}, "amount", "amount must be a numeric string greater than 0"),
        ({"amount": "5E+3"}, "amount", "amount must be a numeric string greater than 0"),
    ],
)  # fmt: skip
def test_payment_values_are_checked(
    sync: httpx.Client, lead_id: str, change: dict[str, object], where: str, remark: str
) -> None:
    response = create(sync, lead_id, {**PAYMENT, **change})
    assert response.json()["remarks"] == [
        {"field": f"actions[0].{where}", "status": "IGNORED", "remark": remark}
    ]


def test_created_on_takes_epoch_ms_or_the_workspace_format(
    sync: httpx.Client, telecrm_fake: FakeTelecrm, lead_id: str
) -> None:
    create(
        sync, lead_id, {"type": "1001", "created_on": 1672561800000}, {**PAYMENT, "created_on": "01/01/2023"}
    )
    assert [action.created_on for action in telecrm_fake.state.lead(lead_id).actions] == [
        1672511400000,  # 01/01/2023 00:00:00 at +05:30
        1672561800000,
    ]


def test_iso_created_on_is_ignored_with_a_remark(sync: httpx.Client, lead_id: str) -> None:
    response = create(sync, lead_id, {"type": "1001", "created_on": "2023-01-01T10:30:00Z"})
    assert response.json()["remarks"] == [
        {
            "field": "actions[0].created_on",
            "status": "IGNORED",
            "remark": "created_on must be epoch milliseconds or DD/MM/YYYY HH:mm:ss",
        }
    ]


def test_created_on_is_ignored_for_an_action_that_cannot_be_predated(
    sync: httpx.Client, telecrm_fake: FakeTelecrm, lead_id: str
) -> None:
    create(sync, lead_id, {"type": "1003", "created_on": "01/01/2023"})
    [action] = telecrm_fake.state.lead(lead_id).actions
    assert action.created_on > 1672511400000


def test_create_on_an_unknown_lead_is_404(sync: httpx.Client) -> None:
    response = create(sync, "62ab16e", {"type": "1001"})
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "LEAD_NOT_FOUND", "message": "Lead with ID 62ab16e was not found."}
    }


def test_get_custom_action(sync: httpx.Client, lead_id: str) -> None:
    action = {"type": "1001", "fields": {"note": "Visit", "visit_date": "05/01/2026 16:30:00"}}
    action_id = created_id(sync, lead_id, action)
    assert sync.get(f"/lead/{lead_id}/action/{action_id}").json() == action


def test_get_payment_action(sync: httpx.Client, lead_id: str) -> None:
    action_id = created_id(sync, lead_id, PAYMENT)
    assert sync.get(f"/lead/{lead_id}/action/{action_id}").json() == PAYMENT


def test_get_built_in_action_is_400(sync: httpx.Client, telecrm_fake: FakeTelecrm, lead_id: str) -> None:
    action_id = telecrm_fake.state.add_timeline_entry(lead_id, "INCOMING_CALL")
    response = sync.get(f"/lead/{lead_id}/action/{action_id}")
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "BAD_REQUEST",
            "message": "Only custom actions and payment actions can be retrieved",
        }
    }


def test_get_unknown_action_is_404(sync: httpx.Client, lead_id: str) -> None:
    response = sync.get(f"/lead/{lead_id}/action/62ab16e")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "ACTION_NOT_FOUND", "message": "Action with ID 62ab16e was not found."}
    }


def test_payment_status_can_change(sync: httpx.Client, lead_id: str) -> None:
    action_id = created_id(sync, lead_id, PAYMENT)
    response = sync.post(
        f"/lead/{lead_id}/action/{action_id}", json={"type": "PAYMENT", "status": "COMPLETED"}
    )
    assert response.status_code == 200
    assert response.json() == {**PAYMENT, "status": "COMPLETED"}


@pytest.mark.parametrize("field", ["amount", "currency", "paymentid"])
def test_payment_amount_currency_and_paymentid_are_immutable(
    sync: httpx.Client, lead_id: str, field: str
) -> None:
    action_id = created_id(sync, lead_id, PAYMENT)
    body = {"type": "PAYMENT", "status": "COMPLETED", field: PAYMENT.get(field, "pay_123")}
    response = sync.post(f"/lead/{lead_id}/action/{action_id}", json=body)
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "BAD_REQUEST",
            "message": "Cannot update amount, currency, or paymentid fields for existing payment action.",
        }
    }
    assert sync.get(f"/lead/{lead_id}/action/{action_id}").json() == PAYMENT


def test_update_merges_custom_action_fields(sync: httpx.Client, lead_id: str) -> None:
    action_id = created_id(sync, lead_id, {"type": "1001", "fields": {"note": "Visit"}})
    response = sync.post(
        f"/lead/{lead_id}/action/{action_id}", json={"type": "1001", "fields": {"outcome": "Interested"}}
    )
    assert response.json() == {"type": "1001", "fields": {"note": "Visit", "outcome": "Interested"}}


def test_update_with_another_type_is_400(sync: httpx.Client, lead_id: str) -> None:
    action_id = created_id(sync, lead_id, {"type": "1001"})
    response = sync.post(f"/lead/{lead_id}/action/{action_id}", json={"type": "ACTION_1001"})
    assert response.status_code == 400
    assert (
        response.json()["error"]["message"] == "Action type cannot be changed: this action's type is '1001'"
    )


def test_update_unknown_action_is_404(sync: httpx.Client, lead_id: str) -> None:
    response = sync.post(f"/lead/{lead_id}/action/62ab16e", json={"type": "PAYMENT", "status": "FAILED"})
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "ACTION_NOT_FOUND", "message": "Action with ID 62ab16e was not found in the lead."}
    }


def test_action_search_covers_every_type_newest_first(
    sync: httpx.Client, telecrm_fake: FakeTelecrm, lead_id: str
) -> None:
    telecrm_fake.state.add_timeline_entry(lead_id, "OUTGOING_CALL", created_on="01/01/2026")
    create(sync, lead_id, {**PAYMENT, "created_on": "02/01/2026"})
    response = sync.post(f"/lead/{lead_id}/action/search")
    assert response.json() == {
        "data": [PAYMENT, {"type": "OUTGOING_CALL"}],
        "total_count": 2,
        "skip": 0,
        "limit": 10,
    }


def test_action_search_filters_by_type_and_created_on(sync: httpx.Client, telecrm_fake: FakeTelecrm) -> None:
    rohan = "65a1f0c2e4b0a1b2c3d4e501"
    criteria = {"type": "1001", "created_on": {"from": "01/01/2026 00:00:00", "to": "31/01/2026 23:59:59"}}
    response = sync.post(f"/lead/{rohan}/action/search", json=criteria)
    assert response.json()["data"] == [
        {"type": "1001", "fields": {"note": "Liked the east-facing flat", "outcome": "Interested"}}
    ]


def test_action_search_performed_by_takes_team_member_ids(
    sync: httpx.Client, telecrm_fake: FakeTelecrm
) -> None:
    anita = next(m for m in telecrm_fake.state.team_members if m.name == "Anita Desai")
    rohan = "65a1f0c2e4b0a1b2c3d4e501"
    by_id = sync.post(f"/lead/{rohan}/action/search", json={"performed_by": [anita.id]}).json()
    by_email = sync.post(f"/lead/{rohan}/action/search", json={"performed_by": anita.email}).json()
    assert (by_id["total_count"], by_email["total_count"]) == (2, 0)


def test_action_search_with_an_array_type_is_400(sync: httpx.Client, lead_id: str) -> None:
    response = sync.post(f"/lead/{lead_id}/action/search", json={"type": ["1001"]})
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "BAD_REQUEST", "message": "Invalid filter"}}


def test_action_search_pages_with_skip_and_limit(sync: httpx.Client, lead_id: str) -> None:
    create(sync, lead_id, *({"type": "1002", "fields": {"attendees": n}} for n in range(3)))
    body = sync.post(f"/lead/{lead_id}/action/search", params={"skip": 1, "limit": 1}).json()
    assert body == {
        "data": [{"type": "1002", "fields": {"attendees": 1}}],
        "total_count": 3,
        "skip": 1,
        "limit": 1,
    }


def test_action_search_on_an_unknown_lead_is_404(sync: httpx.Client) -> None:
    response = sync.post("/lead/62ab16e/action/search")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "LEAD_NOT_FOUND", "message": "Lead with given ID was not found."}
    }


@pytest.mark.parametrize("kind", [[], ["1001"], 1001, None, {"code": "1001"}])
def test_action_type_that_is_not_a_string_is_ignored_with_a_remark(
    sync: httpx.Client, lead_id: str, kind: object
) -> None:
    response = create(sync, lead_id, {"type": kind})
    assert response.status_code == 200
    assert response.json()["remarks"] == [
        {
            "field": "actions[0].type",
            "status": "IGNORED",
            "remark": "Action type must be a string: a custom action code or PAYMENT",
        }
    ]


def test_a_new_option_past_1000_per_action_dropdown_is_ignored_with_a_remark() -> None:
    options = [f"Outcome {n:04d}" for n in range(1000)]
    workspace = Workspace.from_dict(
        {
            "custom_actions": [
                {
                    "code": 2001,
                    "display_name": "Call Outcome",
                    "fields": {"outcome": {"type": "DROPDOWN", "options": options}},
                }
            ],
            "leads": [],
        }
    )
    with (
        FakeTelecrm.running(workspace) as fake,
        httpx.Client(
            base_url=f"{fake.base_url}/enterprise/{fake.enterprise_id}",
            headers={"Authorization": f"Bearer {fake.sync_token}"},
            timeout=5,
        ) as sync,
    ):
        lead_id = sync.post("/lead", json={"fields": {"phone": "919999999999"}}).json()["lead_id"]
        response = create(sync, lead_id, {"type": "2001", "fields": {"outcome": "One Too Many"}})
    assert response.json()["remarks"] == [
        {
            "field": "actions[0].fields.outcome",
            "status": "IGNORED",
            "remark": "A field holds at most 1000 options: it has 1000, and this value would add 1",
        }
    ]
