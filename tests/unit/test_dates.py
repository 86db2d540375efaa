"""Dates: how datetimes, dates, epoch milliseconds and strings are written, and search ranges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from telecrm._dates import encode_date_value, encode_datetime, encode_range
from telecrm._errors import ValidationError

IST = timezone(timedelta(hours=5, minutes=30))

# --- encode_datetime --------------------------------------------------------------------------------------


def test_an_aware_datetime_is_sent_as_epoch_milliseconds() -> None:
    assert encode_datetime(datetime(2023, 1, 1, tzinfo=UTC)) == 1672531200000


def test_an_aware_datetime_in_another_zone_is_converted_to_the_same_instant() -> None:
    assert encode_datetime(datetime(2023, 1, 1, 5, 30, tzinfo=IST)) == 1672531200000


def test_epoch_milliseconds_keep_millisecond_precision() -> None:
    assert encode_datetime(datetime(2023, 1, 1, 0, 0, 0, 123999, tzinfo=UTC)) == 1672531200123


def test_the_epoch_itself_is_zero() -> None:
    assert encode_datetime(datetime(1970, 1, 1, tzinfo=UTC)) == 0


def test_an_aware_datetime_before_1970_is_refused() -> None:
    with pytest.raises(ValidationError, match="before 1970"):
        encode_datetime(datetime(1969, 12, 31, 23, 59, tzinfo=UTC))


def test_a_naive_datetime_is_sent_in_the_workspace_format_day_first() -> None:
    assert encode_datetime(datetime(2026, 1, 2, 3, 4, 5)) == "02/01/2026 03:04:05"


def test_a_naive_datetime_drops_microseconds() -> None:
    assert encode_datetime(datetime(2026, 12, 31, 23, 59, 59, 999999)) == "31/12/2026 23:59:59"


def test_a_date_is_sent_in_the_workspace_format() -> None:
    assert encode_datetime(date(2026, 4, 1)) == "01/04/2026"


def test_years_before_1000_are_zero_padded() -> None:
    assert encode_datetime(date(999, 1, 1)) == "01/01/0999"


def test_an_int_is_sent_as_epoch_milliseconds_unchanged() -> None:
    assert encode_datetime(1672561800000) == 1672561800000


def test_zero_epoch_milliseconds_is_accepted() -> None:
    assert encode_datetime(0) == 0


def test_a_string_is_sent_unchanged() -> None:
    assert encode_datetime("01/01/2023 10:30:00") == "01/01/2023 10:30:00"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (-1, "epoch milliseconds must be from 0"),
        (True, "not a date"),
        (False, "not a date"),
        (1.5, "pass epoch milliseconds as an int"),
        ("", "must not be blank"),
        ("   ", "must not be blank"),
        (None, "not NoneType"),
        ([2023, 1, 1], "not list"),
    ],
)
def test_encode_datetime_refuses_with_the_reason(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        encode_datetime(value)  # type: ignore[arg-type]


# --- encode_date_value ------------------------------------------------------------------------------------


def test_a_date_field_value_is_encoded() -> None:
    assert encode_date_value(date(2026, 4, 1)) == "01/04/2026"


def test_a_datetime_field_value_is_encoded() -> None:
    assert encode_date_value(datetime(2023, 1, 1, tzinfo=UTC)) == 1672531200000


@pytest.mark.parametrize("value", ["text", 3, 1.5, True, None, ["a"], {"k": "v"}])
def test_other_field_values_are_unchanged(value: object) -> None:
    assert encode_date_value(value) is value


# --- encode_range -----------------------------------------------------------------------------------------


def test_a_range_with_both_bounds() -> None:
    assert encode_range(date(2026, 4, 1), date(2026, 4, 30)) == {"from": "01/04/2026", "to": "30/04/2026"}


def test_a_range_with_only_from_leaves_to_out() -> None:
    assert encode_range(from_=1000) == {"from": 1000}


def test_a_range_with_only_to_leaves_from_out() -> None:
    assert encode_range(to="30/04/2026 23:59:59") == {"to": "30/04/2026 23:59:59"}


def test_a_range_with_no_bound_is_refused() -> None:
    with pytest.raises(ValidationError, match="needs from_, to, or both"):
        encode_range(None, None)


def test_a_range_encodes_each_bound_by_the_same_rules() -> None:
    assert encode_range(datetime(2023, 1, 1, tzinfo=UTC), datetime(2026, 4, 30, 23, 59, 59)) == {
        "from": 1672531200000,
        "to": "30/04/2026 23:59:59",
    }


def test_a_range_refuses_an_invalid_bound() -> None:
    with pytest.raises(ValidationError, match="float"):
        encode_range(1.5, None)  # type: ignore[arg-type]


def test_reversed_epoch_bounds_are_refused() -> None:
    with pytest.raises(ValidationError, match="reversed"):
        encode_range(2000, 1000)


def test_reversed_aware_datetime_and_epoch_bounds_are_refused() -> None:
    with pytest.raises(ValidationError, match="reversed"):
        encode_range(datetime(2023, 1, 1, tzinfo=UTC), 1000)


def test_reversed_dates_are_refused() -> None:
    with pytest.raises(ValidationError, match="reversed"):
        encode_range(date(2026, 4, 30), date(2026, 4, 1))


def test_reversed_naive_datetime_and_date_bounds_are_refused() -> None:
    with pytest.raises(ValidationError, match="reversed"):
        encode_range(datetime(2026, 4, 2, 0, 0), date(2026, 4, 1))


def test_equal_bounds_are_accepted() -> None:
    assert encode_range(1000, 1000) == {"from": 1000, "to": 1000}


def test_a_date_and_a_later_time_on_the_same_day_are_in_order() -> None:
    assert encode_range(date(2026, 4, 1), datetime(2026, 4, 1, 9, 0)) == {
        "from": "01/04/2026",
        "to": "01/04/2026 09:00:00",
    }


def test_absolute_and_workspace_local_bounds_are_not_compared() -> None:
    # The workspace time zone is unknown here, so the order of these two cannot be decided.
    assert encode_range(datetime(2030, 1, 1, tzinfo=UTC), date(2020, 1, 1)) == {
        "from": 1893456000000,
        "to": "01/01/2020",
    }


def test_string_bounds_are_not_compared() -> None:
    assert encode_range("31/12/2026", "01/01/2026") == {"from": "31/12/2026", "to": "01/01/2026"}
