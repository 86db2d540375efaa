"""Dates in bulk input: spreadsheet formats rewritten into the workspace format, or refused, never guessed.

The Async API reads dates only as epoch milliseconds or in the workspace format (DD/MM/YYYY[ HH:mm:ss] here)
and drops anything else without a word. With `normalize_dates`, each rule of `telecrm._bulk.spreadsheet_dates`
is tested here, on its own; then through `upsert_many`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from bulk_records import phone

from telecrm import CustomAction, Payment, Telecrm, ValidationError
from telecrm._bulk.spreadsheet_dates import DateReader
from telecrm.testing import FakeTelecrm

DAY_FIRST = ("DD/MM/YYYY", "HH:mm:ss")
FAST = {"rate_per_hour": float("inf")}


def normalized(
    value: object, date_format: str | None = None, workspace: tuple[str, str] = DAY_FIRST
) -> object:
    return DateReader(date_format).normalize(value, *workspace)


def refusal(value: str, date_format: str | None = None, workspace: tuple[str, str] = DAY_FIRST) -> str:
    with pytest.raises(ValidationError) as caught:
        normalized(value, date_format, workspace)
    return str(caught.value)


# --- rule 1: already in the workspace format ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["12/03/2024", "12/03/2024 14:30:00", " 12/03/2024 "])
def test_a_date_in_the_workspace_format_is_kept(value: str) -> None:
    assert normalized(value) == value.strip()


@pytest.mark.parametrize("value", [1710201600000, datetime(2024, 3, 12), None, 5.5])
def test_values_that_are_not_strings_are_left_to_the_encoder(value: object) -> None:
    assert normalized(value) == value


# --- rule 3: digits only ---------------------------------------------------------------------------------


def test_digits_only_are_refused_as_either_a_timestamp_or_a_compact_date() -> None:
    assert refusal("20240312") == (
        "'20240312' is only digits: pass epoch milliseconds as a number, or write the date with separators "
        "(12/03/2024)"
    )


# --- rule 4: year first ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-12", "12/03/2024"),
        ("2024-03-12T14:30:05", "12/03/2024 14:30:05"),
        ("2024-03-12 14:30", "12/03/2024 14:30:00"),
        ("2024/03/12", "12/03/2024"),
        ("2024.3.2", "02/03/2024"),
    ],
)
def test_year_first_dates_are_unambiguous(value: str, expected: str) -> None:
    assert normalized(value) == expected


def test_an_iso_date_with_a_time_zone_is_sent_as_epoch_milliseconds() -> None:
    assert normalized("2024-03-12T10:00:00Z") == int(datetime(2024, 3, 12, 10, tzinfo=UTC).timestamp() * 1000)
    assert normalized("2024-03-12T15:30:00+05:30") == normalized("2024-03-12T10:00:00Z")


def test_an_impossible_iso_date_is_refused() -> None:
    assert refusal("2024-02-30").startswith("'2024-02-30' is not a valid ISO 8601 date")


# --- rule 5: numbers, year last, in the workspace's order ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/04/2024", "03/04/2024"),  # already the workspace format: 3 April
        ("3/4/2024", "03/04/2024"),
        ("12-03-2024", "12/03/2024"),
        ("12.03.2024", "12/03/2024"),
        ("12-03-2024 9:05", "12/03/2024 09:05:00"),
        ("12-03-2024 2:30 PM", "12/03/2024 14:30:00"),
        ("12-03-2024 12:00 am", "12/03/2024 00:00:00"),
    ],
)
def test_numeric_dates_are_read_day_first_like_the_workspace(value: str, expected: str) -> None:
    assert normalized(value) == expected


def test_numeric_dates_follow_a_month_first_workspace() -> None:
    assert normalized("3-4-2024", workspace=("MM/DD/YYYY", "HH:mm:ss")) == "03/04/2024"  # March 4
    assert normalized("12-25-2024", workspace=("MM/DD/YYYY", "HH:mm:ss")) == "12/25/2024"


def test_a_date_that_only_makes_sense_month_first_is_refused_not_swapped() -> None:
    assert refusal("12/25/2024") == (
        "'12/25/2024' is not a date written day first like the workspace's DD/MM/YYYY (there is no month "
        "25); if the file writes dates the other way round, say so with the date format '%m/%d/%Y'"
    )


def test_an_impossible_numeric_date_is_refused() -> None:
    assert refusal("31-02-2024") == "'31-02-2024' is not a date: day is out of range for month"


def test_an_unreadable_time_is_refused() -> None:
    assert refusal("12-03-2024 noon").startswith("'12-03-2024 noon' has a time this SDK cannot read ('noon')")


# --- rule 6: the month in words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12 Mar 2024", "12/03/2024"),
        ("12-Mar-2024", "12/03/2024"),
        ("March 12, 2024", "12/03/2024"),
        ("12th March 2024", "12/03/2024"),
        ("Tue, 12 Mar 2024 14:30", "12/03/2024 14:30:00"),
        ("Mar 12 2024 2:30 PM", "12/03/2024 14:30:00"),
    ],
)
def test_dates_with_the_month_in_words_are_unambiguous(value: str, expected: str) -> None:
    assert normalized(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("12 Mar", "'12 Mar' has no four-digit year"),
        ("Mar 2024", "'Mar 2024' is not a date this SDK can read for certain (it needs one day"),
        ("12 3 Mar 2024", "'12 3 Mar 2024' is not a date this SDK can read for certain"),
    ],
)
def test_a_date_in_words_missing_a_part_is_refused_not_completed_from_today(value: str, reason: str) -> None:
    assert refusal(value).startswith(reason)


# --- rule 7: two-digit years -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("03/04/24", "'03/04/24' has a 2-digit year: write the year in full"),
        ("12 Mar 24", "'12 Mar 24' has no four-digit year (a two-digit year: write the year in full)"),
    ],
)
def test_a_two_digit_year_is_refused(value: str, reason: str) -> None:
    assert refusal(value).startswith(reason)


# --- anything else ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["next monday", "soon", "", "12//2024"])
def test_anything_else_is_refused(value: str) -> None:
    assert "not a date" in refusal(value) or "empty" in refusal(value)


# --- rule 2: a forced format -----------------------------------------------------------------------------


def test_a_forced_format_reads_every_date_and_nothing_else() -> None:
    assert normalized("03/04/2024", "%m/%d/%Y") == "04/03/2024"  # April 3, although it fits DD/MM/YYYY
    assert normalized("12/25/2024 17:45", "%m/%d/%Y %H:%M") == "25/12/2024 17:45:00"
    assert refusal("2024-03-12", "%m/%d/%Y") == "'2024-03-12' does not match the date format '%m/%d/%Y'"


# --- writing the workspace format ------------------------------------------------------------------------


def test_dates_are_written_in_the_workspaces_own_format() -> None:
    assert normalized("2024-03-12T14:30:00", workspace=("YYYY-MM-DD", "HH:mm")) == "2024-03-12 14:30"


def test_a_workspace_format_this_sdk_cannot_write_is_said_so() -> None:
    assert refusal("2024-03-12", workspace=("DD MMM YYYY", "HH:mm:ss")).startswith(
        "the workspace writes dates as 'DD MMM YYYY', which this SDK cannot write"
    )


# --- through upsert_many ---------------------------------------------------------------------------------


def sent(fake: FakeTelecrm) -> list[dict[str, Any]]:
    fake.state.wait_idle()
    return [record.body for record in fake.state.ingested]


def test_upsert_many_normalizes_date_fields_and_action_dates_when_asked(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    records = [
        (
            {"phone": phone(1), "next_follow_up": "2026-03-09", "city": "2026-03-09"},
            [
                CustomAction(1001, {"visit_date": "9 Mar 2026"}, created_on="2026-03-09 10:30"),
                Payment("5", "INR", "PENDING", created_on="09-03-2026"),
            ],
        )
    ]

    report = client.ingest.upsert_many(records, normalize_dates=True, **FAST)

    assert report.queued == 1
    [body] = sent(fake)
    assert body["fields"] == {"phone": phone(1), "next_follow_up": "09/03/2026", "city": "2026-03-09"}
    assert [(a.get("fields"), a["created_on"]) for a in body["actions"]] == [
        ({"visit_date": "09/03/2026"}, "09/03/2026 10:30:00"),
        (None, "09/03/2026"),
    ]


def test_an_ambiguous_date_is_invalid_with_its_reason_and_not_sent(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    records = [
        {"phone": phone(1), "next_follow_up": "03/04/24"},
        {"phone": phone(2), "next_follow_up": "3/4/2024"},
    ]

    report = client.ingest.upsert_many(records, normalize_dates=True, **FAST)

    assert [o.status for o in report.outcomes] == ["invalid", "queued"]
    assert report.outcomes[0].reasons == (
        "fields.next_follow_up: '03/04/24' has a 2-digit year: write the year in full (is 24 1924 or 2024? "
        "and is it the year at all?)",
    )
    assert [body["fields"].get("next_follow_up") for body in sent(fake)] == ["03/04/2024"]


def test_with_normalize_dates_off_a_spreadsheet_date_is_invalid(client: Telecrm) -> None:
    [outcome] = client.ingest.upsert_many(
        [{"phone": phone(1), "next_follow_up": "2026-03-09"}], normalize_dates=False, **FAST
    ).outcomes

    assert outcome.status == "invalid"
    assert "(ISO 8601 is not parsed by the Async API)" in outcome.reasons[0]


def test_a_forced_date_format_applies_to_every_date(fake: FakeTelecrm, client: Telecrm) -> None:
    report = client.ingest.upsert_many(
        [{"phone": phone(1), "next_follow_up": "03/04/2024"}],
        normalize_dates=True,
        date_format="%m/%d/%Y",
        **FAST,
    )

    assert report.queued == 1
    assert sent(fake)[0]["fields"]["next_follow_up"] == "04/03/2024"
