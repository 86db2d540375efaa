"""Preflight: which records the Async API would drop, and why, checked before anything is sent.

The schema is built from Sync API answers shaped like the fake's default workspace (a real-estate team whose
lead identifier is the phone).
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from telecrm import CustomAction, Payment, WorkspaceSchema
from telecrm._bulk.preflight import Preflight, split_record
from telecrm._models import CustomActionDefinition, CustomField, EnterpriseMetadata, Pipeline

FIELDS = [
    {"apiName": "name", "type": "TEXT", "isLeadid": False},
    {"apiName": "phone", "type": "PHONE", "isLeadid": True},
    {"apiName": "email", "type": "EMAIL"},
    {"apiName": "budget_lakhs", "type": "NUMBER"},
    {"apiName": "next_follow_up", "type": "DATE", "dateFormat": "DD/MM/YYYY", "timeFormat": "HH:mm:ss"},
    {"apiName": "lead_source", "type": "DROPDOWN", "options": [{"id": "1", "label": "Website"}]},
    {"apiName": "interests", "type": "TAGS"},
    {"apiName": "deal_value", "type": "MONEY"},
    {"apiName": "company_website", "type": "WEBSITE"},
    {"apiName": "customer_code", "type": "UNIQUE"},
    {"apiName": "loyalty_tier", "type": "SOMETHING_NEW"},
]
ACTIONS = [
    {
        "code": "ACTION_1001",
        "displayName": "Site Visit",
        "fieldSchema": {
            "note": {"type": "TEXT"},
            "visit_date": {"type": "DATE"},
            "outcome": {"type": "DROPDOWN", "options": ["Interested"]},
            "visited_with": {"type": "ACTIVE_USERS"},
        },
    },
    {"code": "ACTION_1002", "displayName": "Demo", "fieldSchema": {"attendees": {"type": "NUMBER"}}},
]
PIPELINE = {
    "leadStages": [
        {
            "stageid": "s1",
            "stageType": "OPEN",
            "activeStatuses": [{"statusid": 1, "label": "Fresh"}, {"statusid": 2, "label": "Follow Up"}],
            "archivedStatuses": [{"statusid": 3, "label": "Old Enquiry"}],
        }
    ],
    "activeLeadLostReasons": [{"reasonid": 4, "reasonLabel": "Budget Mismatch", "isDefault": True}],
    "archivedLeadLostReasons": [{"reasonid": 5, "reasonLabel": "Wrong Number"}],
}
PHONE = "919876543210"


@pytest.fixture(scope="module")
def schema() -> WorkspaceSchema:
    return WorkspaceSchema.from_api(
        [CustomField.from_api(item) for item in FIELDS],
        [CustomActionDefinition.from_api(item) for item in ACTIONS],
        Pipeline.from_api(PIPELINE),
    )


def reasons(schema: WorkspaceSchema, record: Any) -> tuple[str, ...]:
    return Preflight(schema).check(record).reasons


# --- valid values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Jane Doe"),
        ("email", "jane.doe@example.com"),
        ("rating", 1),
        ("rating", 5),
        ("status", "Follow Up"),
        ("lostReason", "Budget Mismatch"),
        ("assignee", "agent@company.example"),
        ("budget_lakhs", 85),
        ("budget_lakhs", 12.5),
        ("next_follow_up", 1672561800000),
        ("next_follow_up", "01/01/2023"),
        ("next_follow_up", "01/01/2023 10:30:00"),
        ("next_follow_up", date(2023, 1, 1)),
        ("next_follow_up", datetime(2023, 1, 1, 10, 30, tzinfo=UTC)),
        ("lead_source", "A brand new source"),  # unknown labels create an option
        ("interests", ["2BHK", "x" * 40]),
        ("interests", []),
        ("deal_value", "7500000"),
        ("deal_value", "1000.50"),
        ("company_website", "https://example.com/about"),
        ("customer_code", "CUST-04821"),
        ("loyalty_tier", {"anything": ["JSON"]}),  # a type this SDK does not know: passed through
    ],
)
def test_values_that_fit_their_field(schema: WorkspaceSchema, field: str, value: object) -> None:
    checked = Preflight(schema).check({"phone": PHONE, field: value})
    assert checked.reasons == ()
    assert checked.valid


@pytest.mark.parametrize("value", [PHONE, "+" + PHONE, "14155550100", "+447911123456"])
def test_phones_with_a_country_code(schema: WorkspaceSchema, value: str) -> None:
    assert reasons(schema, {"phone": value}) == ()


# --- invalid values: one reason each, naming the field ---------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("rating", 0, "0 is not a rating: an integer from 1 to 5"),
        ("rating", 6, "6 is not a rating"),
        ("rating", "3", "'3' is not a rating: an integer from 1 to 5 (a string such as '3' is dropped"),
        ("rating", True, "True is not a rating"),
        ("rating", 4.0, "4.0 is not a rating"),
        (
            "interests",
            "2BHK,Villa",
            "is a string: tags are a list of strings (a comma-separated string is dropped)",
        ),
        ("interests", ["ok", "x" * 41], "is longer than 40 characters"),
        ("interests", ["ok", ""], "expected a tag: a non-empty string"),
        ("interests", ["ok", 3], "expected a tag: a non-empty string, got int 3"),
        ("lead_source", "y" * 41, "is longer than 40 characters"),
        ("lead_source", "", "expected an option: a non-empty string"),
        ("next_follow_up", "2026-01-31T10:00:00Z", "(ISO 8601 is not parsed by the Async API)"),
        (
            "next_follow_up",
            "31/02/2026",
            "is not epoch milliseconds or a date in the workspace format DD/MM/YYYY",
        ),
        ("next_follow_up", "1/2/2026", "is not epoch milliseconds or a date"),
        ("next_follow_up", -5, "epoch milliseconds must be from 0"),
        ("next_follow_up", 1.5e12, "is a float"),
        ("email", "jane.example.com", "'jane.example.com' is not an email address"),
        ("assignee", "Anita", "'Anita' is not an email address"),
        ("phone", "99999", "'99999' is too short for a number in +91 (IN)"),
        ("phone", "98765 4321O", "'98765 4321O' has letters"),
        ("phone", 919876543210, "expected a string, got int 919876543210"),
        ("status", "Old Enquiry", "status 'Old Enquiry' is archived: only active ones can be written"),
        ("status", "Hot", "status 'Hot' is not active in the lead stage pipeline (Follow Up, Fresh)"),
        ("lostReason", "Wrong Number", "lost reason 'Wrong Number' is archived"),
        ("lostReason", "Aliens", "lost reason 'Aliens' is not active"),
        ("budget_lakhs", "85", "expected a number (int or float), got str '85'"),
        ("budget_lakhs", float("nan"), "the value is nan: JSON has no NaN or infinity"),
        ("budget_lakhs", 10**400, "the value is <an int of 1329 bits>, beyond ±9007199254740991"),
        ("name", "\ud800", "the value is not valid Unicode (it holds a lone surrogate): '\\ud800'"),
        ("name", b"Jane", "the value is of type bytes, which is not a JSON value"),
        ("budget_lakhs", Decimal("85"), "expected a number"),
        ("deal_value", 7500000, "is not money: a numeric string"),
        ("company_website", "not a site", "is not a link"),
        ("customer_code", 4821, "expected a string, got int 4821"),
        ("name", None, "null is not a value; leave the field out instead"),
        ("loyalty_tier", {1, 2}, "the value is of type set, which is not a JSON value"),
        (
            "loyalty_tier",
            functools.reduce(lambda inner, _: [inner], range(40), []),
            "more than 32 levels deep",
        ),
        ("Name", "Jane", "no field with this API name in the workspace (API names are case-sensitive)"),
    ],
)
def test_values_the_async_api_would_drop(
    schema: WorkspaceSchema, field: str, value: object, reason: str
) -> None:
    assert_one_reason(
        reasons(schema, {"phone": PHONE, field: value} if field != "phone" else {field: value}),
        f"fields.{field}: ",
        reason,
    )


def assert_one_reason(found: tuple[str, ...], prefix: str, reason: str) -> None:
    assert len(found) == 1, found
    assert found[0].startswith(prefix), found
    assert reason in found[0], found


def test_every_problem_is_reported_not_just_the_first(schema: WorkspaceSchema) -> None:
    found = reasons(
        schema,
        (
            {"name": 7, "rating": 9, "nope": 1},
            [CustomAction(1009), {"type": "OUTGOING_CALL"}, CustomAction(1001, {"note": 3, "mood": "x"})],
        ),
    )
    assert [reason.split(":")[0] for reason in found] == [
        "fields.name",
        "fields.rating",
        "fields.nope",
        "fields.phone",
        "actions[0].type",
        "actions[1]",
        "actions[2].fields.note",
        "actions[2].fields.mood",
    ]


# --- the lead identifier ---------------------------------------------------------------------------------


def test_a_record_without_the_identifier_would_be_dropped_whole(schema: WorkspaceSchema) -> None:
    assert reasons(schema, {"name": "Jane"}) == (
        "fields.phone: the lead identifier is missing; the Async API would drop the record",
    )


def test_the_identifier_comes_from_metadata_when_no_field_is_flagged() -> None:
    fields = [CustomField.from_api({"id": "f1", "apiName": "customer_code", "type": "UNIQUE"})]
    metadata = EnterpriseMetadata.from_api({"leadIdentifierFieldId": "f1"})
    schema = WorkspaceSchema.from_api(fields, [], Pipeline.from_api(PIPELINE), metadata)

    assert schema.identifier == "customer_code"
    assert reasons(schema, {"customer_code": "CUST-1"}) == ()


@pytest.mark.parametrize(
    ("first", "second"),
    [({"phone": PHONE}, {"phone": "+" + PHONE}), ({"phone": PHONE, "name": "a"}, ({"phone": PHONE}, []))],
)
def test_records_of_one_lead_share_a_key(schema: WorkspaceSchema, first: object, second: object) -> None:
    assert Preflight(schema).check(first).lead_key == Preflight(schema).check(second).lead_key is not None


# --- actions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        CustomAction(
            1001, {"note": "Site visit", "visit_date": "05/01/2026 16:30:00", "visited_with": "a@b.example"}
        ),
        CustomAction("ACTION_1002", {"attendees": 3}, created_on="01/01/2026 10:00:00"),
        {"type": "1001", "fields": {"outcome": "Interested"}},
        Payment("5000", "INR", "COMPLETED"),
        {"type": "PAYMENT", "amount": "5000.50", "currency": "USD", "status": "PENDING"},
    ],
)
def test_actions_that_fit_the_workspace(schema: WorkspaceSchema, action: object) -> None:
    checked = Preflight(schema).check(({"phone": PHONE}, [action]))
    assert checked.reasons == ()
    assert len(checked.actions) == 1


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        (
            CustomAction(1009),
            "actions[0].type: custom action 1009 is not defined in the workspace (defined: 1001, 1002)",
        ),
        (
            CustomAction(1001, {"mood": "x"}),
            "actions[0].fields.mood: not a field of custom action 1001 (fields: note,",
        ),
        (CustomAction(1002, {"attendees": "3"}), "actions[0].fields.attendees: expected a number"),
        (
            CustomAction(1001, {"visit_date": "2026-01-05"}),
            "actions[0].fields.visit_date: '2026-01-05' is not epoch",
        ),
        (
            CustomAction(1001, {"visited_with": "Anita"}),
            "actions[0].fields.visited_with: 'Anita' is not an email",
        ),
        (
            CustomAction(1001, created_on="2026-01-05T10:00:00"),
            "actions[0].created_on: '2026-01-05T10:00:00'",
        ),
        ({"type": "OUTGOING_CALL"}, "actions[0]: 'OUTGOING_CALL' is a built-in action type"),
        (
            {"type": "PAYMENT", "amount": "5000", "currency": "INR", "status": "PAID"},
            "'PAID' is not a payment",
        ),
        ({"type": "PAYMENT", "amount": "0", "currency": "INR", "status": "PENDING"}, "greater than 0"),
        ("1001", "actions[0]: an action is a CustomAction, a Payment or a dict"),
    ],
)
def test_actions_the_async_api_would_drop(schema: WorkspaceSchema, action: object, reason: str) -> None:
    found = reasons(schema, ({"phone": PHONE}, [action]))
    assert len(found) == 1, found
    assert reason in found[0], found


# --- record shapes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "fields", "actions"),
    [
        ({"phone": PHONE}, {"phone": PHONE}, ()),
        ({"fields": {"phone": PHONE}}, {"phone": PHONE}, ()),
        ({"fields": {"phone": PHONE}, "actions": [{"type": "1001"}]}, {"phone": PHONE}, ({"type": "1001"},)),
        (({"phone": PHONE}, [{"type": "1001"}]), {"phone": PHONE}, ({"type": "1001"},)),
        (({"phone": PHONE}, None), {"phone": PHONE}, ()),
    ],
)
def test_record_shapes(record: object, fields: dict[str, str], actions: tuple[object, ...]) -> None:
    assert split_record(record) == (fields, actions, [])


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ("phone=919876543210", "a record is a mapping of field API names to values"),
        ([("phone", PHONE)], "got list"),
        (({"phone": PHONE}, {"type": "1001"}), "actions: expected a list of actions, got dict"),
        (({"phone": PHONE}, "1001"), "actions: expected a list of actions, got str"),
    ],
)
def test_records_of_no_known_shape(schema: WorkspaceSchema, record: object, reason: str) -> None:
    assert any(reason in found for found in reasons(schema, record))


def test_a_workspace_with_another_date_format_refuses_naive_dates() -> None:
    fields = [
        CustomField.from_api({"apiName": "phone", "type": "PHONE", "isLeadid": True}),
        CustomField.from_api(
            {"apiName": "due", "type": "DATE", "dateFormat": "MM-DD-YYYY", "timeFormat": "HH:mm"}
        ),
    ]
    schema = WorkspaceSchema.from_api(fields, [], Pipeline.from_api(PIPELINE))

    assert reasons(schema, {"phone": PHONE, "due": "01-31-2026 10:30"}) == ()
    assert reasons(schema, {"phone": PHONE, "due": "31/01/2026"})[0].startswith(
        "fields.due: '31/01/2026' is not"
    )
    [reason] = reasons(schema, {"phone": PHONE, "due": date(2026, 1, 31)})
    assert "the workspace reads dates as MM-DD-YYYY, not DD/MM/YYYY: pass an aware datetime" in reason
    assert reasons(schema, {"phone": PHONE, "due": datetime(2026, 1, 31, tzinfo=UTC)}) == ()


def test_checked_fields_are_in_api_form(schema: WorkspaceSchema) -> None:
    checked = Preflight(schema).check({"phone": PHONE, "next_follow_up": datetime(2026, 1, 31, 9, 5)})
    assert checked.fields == {"phone": PHONE, "next_follow_up": "31/01/2026 09:05:00"}
