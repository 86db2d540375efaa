"""Actions: custom-action codes, action types, payment amounts, action values, update bodies and decoding."""

from __future__ import annotations

import pickle
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecrm import ActionType, Currency, CustomAction, Payment, PaymentStatus, TimelineEntry
from telecrm._actions import (
    action_from_api,
    action_type_filter,
    action_update_body,
    as_action,
    async_code,
    custom_action_code,
    format_amount,
    payment_amount,
    payment_status_update,
    sync_code,
    write_action,
)
from telecrm._errors import ValidationError
from telecrm._value import FrozenInstanceError

MAX_CODE = 10**18 - 1
# str.isdigit() and Decimal() accept these; the SDK must not.
ARABIC_INDIC_1001 = "\u0661\u0660\u0660\u0661"
ARABIC_INDIC_5000 = "\u0665\u0660\u0660\u0660"

# --- custom_action_code -----------------------------------------------------------------------------------


def test_custom_action_code_accepts_an_int() -> None:
    assert custom_action_code(1001) == 1001


def test_custom_action_code_accepts_a_bare_digit_string() -> None:
    assert custom_action_code("1001") == 1001


def test_custom_action_code_accepts_the_prefixed_form_read_back_from_the_workspace() -> None:
    assert custom_action_code("ACTION_1001") == 1001


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (True, "a bool is not a number"),
        (False, "a bool is not a number"),
        (0, "greater than 0"),
        (-5, "greater than 0"),
        ("0", "greater than 0"),
        ("ACTION_0", "greater than 0"),
        ("", "empty string"),
        ("ACTION_", "no number after 'ACTION_'"),
        ("abc", "use the action's numeric code, e.g. 1001"),
        ("ACTION_abc", "use the action's numeric code, e.g. 1001"),
        ("1001abc", "use the action's numeric code, e.g. 1001"),
        (" 1001", "whitespace"),
        ("1001\n", "whitespace"),
        ("ACTION_ 1001", "whitespace"),
        ("+1001", "sign"),
        ("-1001", "sign"),
        ("ACTION_+1001", "sign"),
        ("action_1001", "'ACTION_' in upper case"),
        ("Action_1001", "'ACTION_' in upper case"),
        (ARABIC_INDIC_1001, "digits 0-9"),
        ("ACTION_" + ARABIC_INDIC_1001, "digits 0-9"),
        ("01001", "leading zero"),
        ("ACTION_01001", "leading zero"),
        ("1" * 19, "too long"),
        (10**18, "too large"),
        (1001.0, "a float"),
        (None, "not NoneType"),
        (b"1001", "not bytes"),
    ],
)
def test_custom_action_code_refuses_with_the_reason(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(fragment)):
        custom_action_code(value)


def test_an_action_name_for_a_code_says_where_to_find_the_numeric_code() -> None:
    with pytest.raises(ValidationError) as caught:
        custom_action_code("Site Visit")

    assert str(caught.value) == (
        "'Site Visit' is not a custom action code: use the action's numeric code, e.g. 1001 (also '1001' or "
        "'ACTION_1001'), from the ID column of Settings → Custom Actions; client.workspace.custom_actions() "
        "lists each code with its name"
    )


@pytest.mark.parametrize(("value", "written"), [(" 1001", "1001"), ("ACTION_ 1001", "ACTION_1001")])
def test_a_code_with_whitespace_in_it_says_what_to_write_instead(value: str, written: str) -> None:
    with pytest.raises(ValidationError, match=f"contains whitespace: .*; write '{written}'$"):
        custom_action_code(value)


def test_leading_zero_message_names_the_code_to_write_instead() -> None:
    with pytest.raises(ValidationError, match="write 1001"):
        custom_action_code("01001")


@pytest.mark.parametrize("name", ["OUTGOING_CALL", "INCOMING_WHATSAPP_MSG", "LEAD_ASSIGNMENT"])
def test_a_built_in_type_is_refused_because_only_custom_and_payment_actions_can_be_written(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        custom_action_code(name)
    assert "only custom actions and payment actions can be written" in str(caught.value)
    assert "custom action" in str(caught.value).split("written")[1]


def test_payment_as_a_code_points_to_payment() -> None:
    with pytest.raises(ValidationError, match=re.escape("Payment(amount, currency, status)")):
        custom_action_code("PAYMENT")


def test_a_very_long_refused_value_is_shortened_in_the_message() -> None:
    with pytest.raises(ValidationError) as caught:
        custom_action_code("x" * 10_000)
    assert len(str(caught.value)) < 300


def test_validation_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        custom_action_code(0)


@given(st.integers(min_value=1, max_value=MAX_CODE))
def test_every_spelling_of_a_code_means_the_same_number(n: int) -> None:
    assert custom_action_code(n) == custom_action_code(str(n)) == custom_action_code(f"ACTION_{n}") == n


@given(st.integers(min_value=1, max_value=MAX_CODE))
def test_async_code_is_the_sync_code_with_the_prefix(n: int) -> None:
    assert async_code(n) == "ACTION_" + sync_code(n)


@given(st.text().filter(lambda s: re.fullmatch(r"(ACTION_)?[1-9][0-9]{0,17}", s) is None))
def test_text_that_is_not_digits_or_action_digits_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        custom_action_code(text)


def test_sync_code_is_the_bare_number() -> None:
    assert sync_code(1001) == "1001"


def test_async_code_is_prefixed() -> None:
    assert async_code(1001) == "ACTION_1001"


def test_sync_code_normalises_the_prefixed_form() -> None:
    assert sync_code("ACTION_1001") == "1001"


def test_async_code_normalises_the_bare_form() -> None:
    assert async_code("1001") == "ACTION_1001"


def test_sync_code_refuses_what_custom_action_code_refuses() -> None:
    with pytest.raises(ValidationError, match="greater than 0"):
        sync_code(0)


# --- ActionType -------------------------------------------------------------------------------------------


def test_action_type_has_the_30_documented_and_29_spec_only_types() -> None:
    assert len(ActionType) == 59


def test_action_type_values_are_their_names() -> None:
    assert all(member.value == member.name for member in ActionType)


def test_action_type_holds_no_sample_custom_codes() -> None:
    assert not any(member.value.isdigit() for member in ActionType)


def test_action_type_groups_follow_the_docs_order() -> None:
    assert list(ActionType.groups()) == [
        "Custom & payment",
        "Calls",
        "Messages",
        "Lead lifecycle",
        "Tasks & reminders",
        "Notes & system",
        "Other (spec only)",
    ]


def test_every_action_type_is_in_exactly_one_group() -> None:
    grouped = [member for members in ActionType.groups().values() for member in members]
    assert sorted(grouped) == sorted(ActionType)


def test_the_documented_groups_hold_30_types_and_the_spec_only_group_29() -> None:
    groups = ActionType.groups()
    assert sum(len(v) for k, v in groups.items() if k != "Other (spec only)") == 30
    assert len(groups["Other (spec only)"]) == 29


def test_payment_is_in_the_custom_and_payment_group() -> None:
    assert ActionType.groups()["Custom & payment"] == (ActionType.PAYMENT,)


def test_calls_group_holds_the_call_types() -> None:
    calls = ActionType.groups()["Calls"]
    assert ActionType.OUTGOING_CALL in calls
    assert ActionType.CALLER_DESK_OUTGOING_CALL in calls
    assert len(calls) == 14


def test_action_type_groups_cannot_be_modified() -> None:
    with pytest.raises(TypeError):
        ActionType.groups()["Calls"] = ()  # type: ignore[index]


# --- action_type_filter -----------------------------------------------------------------------------------


def test_filter_of_an_action_type_is_its_value() -> None:
    assert action_type_filter(ActionType.OUTGOING_CALL) == "OUTGOING_CALL"


def test_filter_of_an_int_code_is_the_bare_string() -> None:
    assert action_type_filter(1001) == "1001"


def test_filter_of_a_prefixed_code_is_normalised_to_the_bare_form() -> None:
    assert action_type_filter("ACTION_1001") == "1001"


def test_filter_of_a_bare_code_string_is_unchanged() -> None:
    assert action_type_filter("1001") == "1001"


def test_filter_of_a_custom_action_is_its_bare_code() -> None:
    assert action_type_filter(CustomAction(1001)) == "1001"


def test_filter_passes_through_a_type_the_enum_does_not_know() -> None:
    assert action_type_filter("BRAND_NEW_TYPE") == "BRAND_NEW_TYPE"


def test_filter_passes_through_a_known_type_given_as_a_string() -> None:
    assert action_type_filter("OUTGOING_CALL") == "OUTGOING_CALL"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("ACTION_", "no number"),
        ("action_1001", "upper case"),
        ("01001", "leading zero"),
        ("", "empty string"),
        (0, "greater than 0"),
        (True, "bool"),
    ],
)
def test_filter_refuses_a_malformed_custom_code(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        action_type_filter(value)  # type: ignore[arg-type]


# --- Currency and PaymentStatus ---------------------------------------------------------------------------


def test_currencies_are_the_documented_ones() -> None:
    assert [c.value for c in Currency] == [
        "INR",
        "USD",
        "PKR",
        "AED",
        "QAR",
        "SAR",
        "MYR",
        "AUD",
        "CAD",
        "SGD",
        "XOF",
    ]


def test_payment_statuses_are_the_documented_ones_without_paid() -> None:
    assert [s.value for s in PaymentStatus] == [
        "PENDING",
        "COMPLETED",
        "FAILED",
        "REFUNDED",
        "CANCELLED",
        "PROCESSING",
    ]


# --- payment_amount and format_amount ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("5000"), Decimal("5000")),
        (5000, Decimal("5000")),
        ("5000", Decimal("5000")),
        ("5000.50", Decimal("5000.50")),
        ("5E+3", Decimal("5E+3")),
        ("0.01", Decimal("0.01")),
        (".5", Decimal("0.5")),
        ("+7", Decimal("7")),
    ],
)
def test_payment_amount_accepts(value: object, expected: Decimal) -> None:
    assert payment_amount(value) == expected


def test_payment_amount_keeps_the_given_scale() -> None:
    assert str(payment_amount("5000.50")) == "5000.50"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (5000.5, "money is not binary floating point"),
        (0.1, "pass a str such as '5000.50' or a Decimal"),
        (True, "a bool is not a number"),
        (None, "not NoneType"),
        ([5000], "not list"),
        (0, "greater than 0"),
        (-1, "greater than 0"),
        ("0", "greater than 0"),
        ("-0.01", "greater than 0"),
        (Decimal("0E-5"), "greater than 0"),
        (Decimal("-5"), "greater than 0"),
        (Decimal("NaN"), "not a finite amount"),
        (Decimal("sNaN"), "not a finite amount"),
        (Decimal("Infinity"), "not a finite amount"),
        ("NaN", "not a plain decimal number"),
        ("Infinity", "not a plain decimal number"),
        (" 5000", "not a plain decimal number"),
        ("5000 ", "not a plain decimal number"),
        ("5_000", "not a plain decimal number"),
        ("5,000", "not a plain decimal number"),
        ("₹5000", "not a plain decimal number"),
        (ARABIC_INDIC_5000, "not a plain decimal number"),
        ("", "not a plain decimal number"),
        ("1E+999999999", "more than 40 digits"),
        (Decimal("1E-50"), "more than 40 digits"),
        (10**41, "more than 40 digits"),
    ],
)
def test_payment_amount_refuses_with_the_reason(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(fragment)):
        payment_amount(value)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("5E+3"), "5000"),
        (Decimal("5000.50"), "5000.50"),
        (Decimal("1E-2"), "0.01"),
        (Decimal("5.0E+3"), "5000"),
        (Decimal("1234.5678"), "1234.5678"),
    ],
)
def test_format_amount_writes_plain_decimal_notation(amount: Decimal, expected: str) -> None:
    assert format_amount(amount) == expected


# Positive amounts of up to 21 significant digits from 1E-15 up: at most 40 digits written out, all accepted.
positive_amounts = st.builds(
    lambda significand, exponent: Decimal(significand).scaleb(exponent),
    st.integers(min_value=1, max_value=10**21 - 1),
    st.integers(min_value=-15, max_value=15),
)


@given(positive_amounts)
def test_every_accepted_amount_round_trips_through_its_plain_form(amount: Decimal) -> None:
    written = format_amount(payment_amount(amount))
    assert Decimal(written) == amount
    assert "E" not in written.upper()


@given(positive_amounts)
def test_the_string_form_of_an_amount_is_accepted_too(amount: Decimal) -> None:
    assert payment_amount(str(amount)) == amount


@given(st.floats())
def test_every_float_is_refused(value: float) -> None:
    with pytest.raises(ValidationError):
        payment_amount(value)


@given(st.one_of(st.integers(max_value=0), st.decimals(max_value=0, allow_nan=False, allow_infinity=False)))
def test_every_non_positive_amount_is_refused(value: int | Decimal) -> None:
    with pytest.raises(ValidationError, match="greater than 0"):
        payment_amount(value)


# --- CustomAction -----------------------------------------------------------------------------------------


def test_custom_action_stores_the_number_of_a_prefixed_code() -> None:
    assert CustomAction("ACTION_1001").code == 1001


def test_custom_action_refuses_a_built_in_type() -> None:
    with pytest.raises(ValidationError, match="only custom actions and payment actions can be written"):
        CustomAction("OUTGOING_CALL")


def test_custom_action_fields_default_to_empty() -> None:
    assert dict(CustomAction(1001).fields) == {}


def test_custom_action_fields_are_a_copy() -> None:
    given_fields: dict[str, object] = {"note": "Site visit"}
    action = CustomAction(1001, given_fields)
    given_fields["note"] = "changed"
    assert action.fields["note"] == "Site visit"


def test_custom_action_fields_cannot_be_modified() -> None:
    action = CustomAction(1001, {"note": "x"})
    with pytest.raises(TypeError):
        action.fields["note"] = "y"  # type: ignore[index]


def test_custom_action_is_frozen() -> None:
    action = CustomAction(1001)
    with pytest.raises(FrozenInstanceError):
        action.code = 1002  # type: ignore[misc]


@pytest.mark.parametrize("name", ["", 5, None])
def test_custom_action_refuses_a_field_name_that_is_not_a_non_empty_string(name: object) -> None:
    with pytest.raises(ValidationError, match="field API names must be non-empty strings"):
        CustomAction(1001, {name: "x"})  # type: ignore[dict-item]


def test_custom_action_refuses_fields_that_are_not_a_mapping() -> None:
    with pytest.raises(ValidationError, match="fields is a mapping"):
        CustomAction(1001, [("note", "x")])  # type: ignore[arg-type]


def test_custom_action_refuses_an_invalid_created_on_at_construction() -> None:
    with pytest.raises(ValidationError, match="float"):
        CustomAction(1001, created_on=1.5)  # type: ignore[arg-type]


def test_custom_actions_with_equal_values_are_equal_and_hash_alike() -> None:
    first, second = CustomAction(1001, {"a": 1}), CustomAction("ACTION_1001", {"a": 1})
    assert first == second
    assert hash(first) == hash(second)


def test_custom_action_to_sync_uses_the_bare_code() -> None:
    assert CustomAction(1001, {"note": "x"}).to_sync() == {"type": "1001", "fields": {"note": "x"}}


def test_custom_action_to_async_uses_the_prefixed_code() -> None:
    assert CustomAction(1001, {"note": "x"}).to_async() == {"type": "ACTION_1001", "fields": {"note": "x"}}


def test_custom_action_without_fields_or_created_on_sends_only_the_type() -> None:
    assert CustomAction(1001).to_sync() == {"type": "1001"}


def test_custom_action_sends_created_on_in_api_form() -> None:
    action = CustomAction(1001, created_on=datetime(2026, 1, 2, 3, 4, 5))
    assert action.to_sync() == {"type": "1001", "created_on": "02/01/2026 03:04:05"}


def test_custom_action_sends_aware_created_on_as_epoch_milliseconds() -> None:
    action = CustomAction(1001, created_on=datetime(2023, 1, 1, tzinfo=UTC))
    assert action.to_async() == {"type": "ACTION_1001", "created_on": 1672531200000}


def test_custom_action_encodes_date_field_values_and_leaves_others_alone() -> None:
    action = CustomAction(1001, {"visit": date(2026, 3, 4), "count": 3, "tags": ["a"]})
    assert action.to_sync()["fields"] == {"visit": "04/03/2026", "count": 3, "tags": ["a"]}


# --- Payment ----------------------------------------------------------------------------------------------


def test_payment_takes_enum_values_given_as_strings() -> None:
    payment = Payment("5000", "INR", "COMPLETED")
    assert (payment.amount, payment.currency, payment.status) == (
        Decimal("5000"),
        Currency.INR,
        PaymentStatus.COMPLETED,
    )


def test_payment_takes_enum_members() -> None:
    payment = Payment(Decimal("10.50"), Currency.USD, PaymentStatus.PENDING)
    assert payment.currency is Currency.USD
    assert payment.status is PaymentStatus.PENDING


def test_payment_refuses_a_float_amount() -> None:
    with pytest.raises(ValidationError, match="money is not binary floating point"):
        Payment(5000.0, "INR", "COMPLETED")  # type: ignore[arg-type]


def test_payment_refuses_paid_with_a_hint_to_use_completed() -> None:
    with pytest.raises(
        ValidationError, match="'PAID' is not a payment status: a settled payment is 'COMPLETED'"
    ):
        Payment("5000", "INR", "PAID")


def test_payment_refuses_an_unknown_status_listing_the_allowed_ones() -> None:
    with pytest.raises(
        ValidationError, match="allowed: PENDING, COMPLETED, FAILED, REFUNDED, CANCELLED, PROCESSING"
    ):
        Payment("5000", "INR", "SETTLED")


def test_payment_refuses_an_unknown_currency_listing_the_allowed_ones() -> None:
    with pytest.raises(
        ValidationError, match="allowed: INR, USD, PKR, AED, QAR, SAR, MYR, AUD, CAD, SGD, XOF"
    ):
        Payment("5000", "EUR", "COMPLETED")


def test_payment_refuses_a_lower_case_currency_with_the_upper_case_hint() -> None:
    with pytest.raises(ValidationError, match=re.escape("upper case, e.g. 'INR'")):
        Payment("5000", "inr", "COMPLETED")


def test_payment_refuses_a_currency_that_is_not_a_string() -> None:
    with pytest.raises(ValidationError, match="a currency is a str"):
        Payment("5000", None, "COMPLETED")  # type: ignore[arg-type]


def test_payment_refuses_an_invalid_created_on() -> None:
    with pytest.raises(ValidationError, match="epoch milliseconds must be from 0"):
        Payment("5000", "INR", "COMPLETED", created_on=-1)


def test_payment_is_frozen() -> None:
    payment = Payment("5000", "INR", "COMPLETED")
    with pytest.raises(FrozenInstanceError):
        payment.amount = Decimal(1)  # type: ignore[misc]


def test_payment_to_sync_sends_the_amount_as_a_plain_string() -> None:
    assert Payment(Decimal("5E+3"), "INR", "COMPLETED").to_sync() == {
        "type": "PAYMENT",
        "amount": "5000",
        "currency": "INR",
        "status": "COMPLETED",
    }


def test_payment_body_values_are_plain_strings_not_enum_members() -> None:
    body = Payment("5000", "INR", "COMPLETED").to_sync()
    assert type(body["currency"]) is str
    assert type(body["status"]) is str


def test_payment_to_async_is_the_same_as_to_sync() -> None:
    payment = Payment("5000.50", "INR", "PENDING", created_on=date(2026, 1, 31))
    assert payment.to_async() == payment.to_sync()


def test_payment_sends_created_on_when_given() -> None:
    body = Payment("1", "INR", "PENDING", created_on=date(2026, 1, 31)).to_sync()
    assert body["created_on"] == "31/01/2026"


def test_payment_status_update_is_type_and_status_only() -> None:
    assert payment_status_update("CANCELLED") == {"type": "PAYMENT", "status": "CANCELLED"}


def test_payment_status_update_refuses_paid() -> None:
    with pytest.raises(ValidationError, match="COMPLETED"):
        payment_status_update("PAID")


# --- as_action and write_action ---------------------------------------------------------------------------


def test_as_action_returns_an_action_unchanged() -> None:
    action = CustomAction(1001)
    assert as_action(action) is action


def test_as_action_reads_a_payment_dict() -> None:
    given_dict = {"type": "PAYMENT", "amount": "5000", "currency": "INR", "status": "PENDING"}
    assert as_action(given_dict) == Payment("5000", "INR", "PENDING")


def test_as_action_reads_a_custom_action_dict_in_either_spelling() -> None:
    assert as_action({"type": "ACTION_1001", "fields": {"a": 1}}) == CustomAction(1001, {"a": 1})
    assert as_action({"type": "1001", "created_on": 5}) == CustomAction(1001, created_on=5)


def test_as_action_validates_a_payment_dict_like_the_constructor() -> None:
    with pytest.raises(ValidationError, match="money is not binary floating point"):
        as_action({"type": "PAYMENT", "amount": 1.5, "currency": "INR", "status": "PENDING"})


def test_as_action_names_the_missing_payment_keys() -> None:
    with pytest.raises(
        ValidationError,
        match=re.escape("a payment needs the keys type, amount, currency, status; missing currency, status"),
    ):
        as_action({"type": "PAYMENT", "amount": "5"})


def test_as_action_refuses_unknown_keys() -> None:
    with pytest.raises(ValidationError, match=re.escape("unknown key(s) 'fileds' in a custom action")):
        as_action({"type": "1001", "fileds": {}})


def test_as_action_refuses_a_dict_without_type() -> None:
    with pytest.raises(ValidationError, match="needs a 'type'"):
        as_action({"fields": {}})


def test_as_action_refuses_a_built_in_type() -> None:
    with pytest.raises(ValidationError, match="only custom actions and payment actions can be written"):
        as_action({"type": "OUTGOING_CALL"})


def test_as_action_refuses_a_bare_code() -> None:
    with pytest.raises(ValidationError, match="an action is a CustomAction, a Payment or a dict"):
        as_action(1001)


def test_write_action_uses_the_code_form_of_each_api() -> None:
    action = CustomAction(1001)
    assert write_action(action, api="sync") == {"type": "1001"}
    assert write_action(action, api="async") == {"type": "ACTION_1001"}


# --- action_update_body -----------------------------------------------------------------------------------


def test_update_body_of_a_custom_action_is_type_and_fields() -> None:
    assert action_update_body(CustomAction("ACTION_1001", {"note": "x"})) == {
        "type": "1001",
        "fields": {"note": "x"},
    }


def test_update_body_of_a_custom_action_dict_uses_the_bare_code() -> None:
    assert action_update_body({"type": "ACTION_1001", "fields": {"note": "x"}}) == {
        "type": "1001",
        "fields": {"note": "x"},
    }


def test_update_body_refuses_a_payment() -> None:
    with pytest.raises(ValidationError, match="a payment's amount and currency never change"):
        action_update_body(Payment("5000", "INR", "COMPLETED"))


@pytest.mark.parametrize("key", ["amount", "currency", "paymentid"])
def test_update_body_refuses_a_payment_dict_that_changes_an_immutable_field(key: str) -> None:
    with pytest.raises(ValidationError, match=r"use set_payment_status.*or cancel it"):
        action_update_body({"type": "PAYMENT", "status": "COMPLETED", key: "x"})


def test_update_body_of_a_payment_status_dict_is_a_status_update() -> None:
    assert action_update_body({"type": "PAYMENT", "status": "REFUNDED"}) == {
        "type": "PAYMENT",
        "status": "REFUNDED",
    }


def test_update_body_refuses_paid_in_a_payment_status_dict() -> None:
    with pytest.raises(ValidationError, match="COMPLETED"):
        action_update_body({"type": "PAYMENT", "status": "PAID"})


def test_update_body_refuses_a_payment_dict_without_status() -> None:
    with pytest.raises(ValidationError, match="missing status"):
        action_update_body({"type": "PAYMENT"})


def test_update_body_refuses_created_on_on_a_custom_action() -> None:
    with pytest.raises(ValidationError, match="created_on cannot be updated"):
        action_update_body(CustomAction(1001, created_on=5))


def test_update_body_refuses_created_on_in_a_custom_action_dict() -> None:
    with pytest.raises(ValidationError, match="unknown key\\(s\\) 'created_on'"):
        action_update_body({"type": "1001", "created_on": 5})


def test_update_body_refuses_a_built_in_type() -> None:
    with pytest.raises(ValidationError, match="only custom actions and payment actions can be written"):
        action_update_body({"type": "OUTGOING_CALL"})


# --- action_from_api --------------------------------------------------------------------------------------


def test_a_custom_action_decodes_to_custom_action() -> None:
    assert action_from_api({"type": "1001", "fields": {"note": "x"}}) == CustomAction(1001, {"note": "x"})


def test_a_prefixed_custom_action_decodes_too() -> None:
    assert action_from_api({"type": "ACTION_1001"}) == CustomAction(1001)


def test_a_custom_action_keeps_unknown_keys_in_extra() -> None:
    decoded = action_from_api({"type": "1001", "fields": {}, "action_id": "a1", "icon": None})
    assert isinstance(decoded, CustomAction)
    assert dict(decoded.extra) == {"action_id": "a1", "icon": None}


def test_a_custom_action_keeps_created_on_as_sent() -> None:
    decoded = action_from_api({"type": "1001", "created_on": 1672531200000})
    assert isinstance(decoded, CustomAction)
    assert decoded.created_on == 1672531200000


def test_a_created_on_the_sdk_cannot_send_back_stays_in_extra() -> None:
    decoded = action_from_api({"type": "1001", "created_on": {"$date": 1}})
    assert isinstance(decoded, CustomAction)
    assert decoded.created_on is None
    assert dict(decoded.extra) == {"created_on": {"$date": 1}}


def test_a_payment_decodes_to_payment() -> None:
    data = {"type": "PAYMENT", "status": "COMPLETED", "currency": "INR", "amount": "5000"}
    assert action_from_api(data) == Payment("5000", "INR", "COMPLETED")


def test_a_payment_with_a_status_and_currency_the_sdk_does_not_know_decodes_as_strings() -> None:
    decoded = action_from_api({"type": "PAYMENT", "status": "PAID", "currency": "EUR", "amount": "1"})
    assert isinstance(decoded, Payment)
    assert (decoded.status, decoded.currency) == ("PAID", "EUR")
    assert type(decoded.status) is str


def test_a_payment_amount_sent_as_a_json_number_decodes_to_decimal() -> None:
    decoded = action_from_api({"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": 5000})
    assert isinstance(decoded, Payment)
    assert decoded.amount == Decimal("5000")


def test_a_payment_amount_the_sdk_cannot_parse_stays_a_string() -> None:
    decoded = action_from_api({"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "5,000"})
    assert isinstance(decoded, Payment)
    assert decoded.amount == "5,000"
    assert decoded.to_sync()["amount"] == "5,000"


def test_a_payment_keeps_unknown_keys_in_extra() -> None:
    decoded = action_from_api(
        {"type": "PAYMENT", "status": "PENDING", "currency": "INR", "amount": "1", "paymentid": "p1"}
    )
    assert isinstance(decoded, Payment)
    assert dict(decoded.extra) == {"paymentid": "p1"}


def test_a_payment_search_entry_with_only_a_type_decodes_to_a_timeline_entry() -> None:
    decoded = action_from_api({"type": "PAYMENT"})
    assert decoded == TimelineEntry(type=ActionType.PAYMENT, raw={"type": "PAYMENT"})


def test_a_built_in_entry_decodes_to_a_timeline_entry_with_its_action_type() -> None:
    decoded = action_from_api({"type": "OUTGOING_CALL", "duration": 30})
    assert isinstance(decoded, TimelineEntry)
    assert decoded.type is ActionType.OUTGOING_CALL
    assert dict(decoded.raw) == {"type": "OUTGOING_CALL", "duration": 30}


def test_an_entry_type_the_sdk_does_not_know_passes_through_as_a_string() -> None:
    decoded = action_from_api({"type": "HOLOGRAM_CALL"})
    assert isinstance(decoded, TimelineEntry)
    assert decoded.type == "HOLOGRAM_CALL"


@pytest.mark.parametrize("data", [{}, {"type": None}, {"type": ["x"]}, {"type": True}])
def test_an_entry_without_a_readable_type_decodes_with_type_none(data: dict[str, object]) -> None:
    decoded = action_from_api(data)
    assert isinstance(decoded, TimelineEntry)
    assert decoded.type is None


def test_a_custom_action_with_malformed_fields_decodes_to_a_timeline_entry() -> None:
    assert isinstance(action_from_api({"type": "1001", "fields": "oops"}), TimelineEntry)


def test_a_decoded_custom_action_can_be_written_back() -> None:
    decoded = action_from_api({"type": "1001", "fields": {"note": "x"}, "action_id": "a1"})
    assert isinstance(decoded, CustomAction)
    assert decoded.to_sync() == {"type": "1001", "fields": {"note": "x"}}


# --- pickling (values sent to worker processes) -----------------------------------------------------------


def test_a_custom_action_survives_pickling() -> None:
    action = CustomAction(1001, {"note": "x", "visit": date(2026, 1, 1)}, created_on=5)
    assert pickle.loads(pickle.dumps(action)) == action


def test_a_payment_survives_pickling() -> None:
    payment = Payment("5000.50", "INR", "PENDING")
    assert pickle.loads(pickle.dumps(payment)) == payment


def test_a_decoded_action_survives_pickling_with_its_extra_keys() -> None:
    decoded = action_from_api({"type": "PAYMENT", "status": "NEW", "currency": "INR", "amount": "1", "x": 1})
    copy = pickle.loads(pickle.dumps(decoded))
    assert copy == decoded
    assert isinstance(copy, Payment)
    assert dict(copy.extra) == {"x": 1}


def test_a_timeline_entry_survives_pickling() -> None:
    entry = action_from_api({"type": "OUTGOING_CALL", "duration": 30})
    assert pickle.loads(pickle.dumps(entry)) == entry


def test_a_custom_action_repr_shows_its_fields_as_a_dict() -> None:
    assert repr(CustomAction(1001, {"note": "x"})) == (
        "CustomAction(code=1001, fields={'note': 'x'}, created_on=None, extra={})"
    )


def test_a_custom_action_code_too_long_to_print_is_refused_with_validation_error() -> None:
    with pytest.raises(ValidationError, match="int of 16610 bits"):
        CustomAction(10**5000)
