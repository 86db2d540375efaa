"""Phones, emails and duplicates in bulk input: ``upsert_many`` normalises what people write, says what it
rewrote, and reports records of one lead.

Phones are rewritten in every PHONE field of the workspace (the standard ``phone`` and the custom
``alternate_phone`` here), read in the default region; emails are trimmed and lower-cased. Each rewrite is
listed on its record's outcome. A record whose lead identifier an earlier record of the run had is reported
with ``duplicate_of``, and merged (sent), skipped or rejected as asked.
"""

from __future__ import annotations

import pytest
from bulk_records import settings_of

from telecrm import Rewrite, Telecrm
from telecrm.testing import FakeTelecrm, Workspace

FAST = {"rate_per_hour": float("inf")}


def test_phones_in_every_phone_field_are_sent_as_country_code_and_number(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    report = client.ingest.upsert_many(
        [{"phone": "+91 98111 00401", "alternate_phone": "022-2345 6789", "name": "Asha"}], **FAST
    )
    fake.state.wait_idle()

    assert report.queued == 1
    lead = fake.state.find_lead("919811100401")
    assert lead is not None
    assert (lead.fields["phone"], lead.fields["alternate_phone"]) == ("919811100401", "912223456789")


def test_each_rewrite_is_listed_on_its_outcome(client: Telecrm) -> None:
    report = client.ingest.upsert_many(
        [
            {"phone": "919811100401", "email": "asha@example.com"},
            {"phone": "098111 00402", "email": " Ravi@Example.COM ", "next_follow_up": "2026-03-09"},
        ],
        **FAST,
    )

    assert report.outcomes[0].rewrites == ()
    assert report.outcomes[1].rewrites == (
        Rewrite("fields.phone", "098111 00402", "919811100402"),
        Rewrite("fields.email", " Ravi@Example.COM ", "ravi@example.com"),
        Rewrite("fields.next_follow_up", "2026-03-09", "09/03/2026"),
    )
    assert report.rewritten == 3


def test_a_phone_that_is_no_number_is_invalid_with_the_reason(client: Telecrm) -> None:
    [outcome] = client.ingest.upsert_many([{"phone": "99999", "name": "Short"}], **FAST).outcomes

    assert outcome.status == "invalid"
    assert outcome.reasons == ("fields.phone: '99999' is too short for a number in +91 (IN)",)


def test_with_normalize_phones_off_a_phone_not_in_the_api_form_is_invalid(client: Telecrm) -> None:
    [outcome] = client.ingest.upsert_many(
        [{"phone": "+91 98111 00401"}], normalize_phones=False, **FAST
    ).outcomes

    assert outcome.status == "invalid"
    assert outcome.reasons == (
        "fields.phone: '+91 98111 00401' is not written as country code + number, digits only: it reads as "
        "'919811100401' (normalising phones rewrites it)",
    )


def test_phones_without_a_country_code_are_read_in_the_default_region(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    client.ingest.upsert_many([{"phone": "050 123 4567"}], default_region="AE", **FAST)
    fake.state.wait_idle()

    assert fake.state.find_lead("971501234567") is not None


# --- duplicates --------------------------------------------------------------------------------------------

SAME_LEAD = [
    {"phone": "919811100401", "name": "First"},
    {"phone": "+91 98111 00402", "name": "Other"},
    {"phone": "098111-00401", "name": "Second"},
]


def test_a_record_of_a_lead_seen_earlier_in_the_run_is_merged_and_reported(
    fake: FakeTelecrm, client: Telecrm
) -> None:
    report = client.ingest.upsert_many(SAME_LEAD, **FAST)
    fake.state.wait_idle()

    assert [outcome.status for outcome in report.outcomes] == ["queued", "queued", "queued"]
    assert [outcome.duplicate_of for outcome in report.outcomes] == [None, None, 0]
    assert report.duplicates == 1
    lead = fake.state.find_lead("919811100401")
    assert lead is not None
    assert lead.fields["name"] == "Second"


def test_keep_first_skips_later_records_of_the_same_lead(fake: FakeTelecrm, client: Telecrm) -> None:
    report = client.ingest.upsert_many(SAME_LEAD, duplicates="keep_first", **FAST)
    fake.state.wait_idle()

    assert [outcome.status for outcome in report.outcomes] == ["queued", "queued", "skipped"]
    assert report.outcomes[2].duplicate_of == 0
    assert (report.skipped, report.ok) == (1, True)
    lead = fake.state.find_lead("919811100401")
    assert lead is not None
    assert lead.fields["name"] == "First"
    assert len(fake.state.ingested) == 2


def test_reject_makes_later_records_of_the_same_lead_invalid(fake: FakeTelecrm, client: Telecrm) -> None:
    report = client.ingest.upsert_many(SAME_LEAD, duplicates="reject", **FAST)

    outcome = report.outcomes[2]
    assert (outcome.status, outcome.duplicate_of) == ("invalid", 0)
    assert outcome.reasons == ("fields.phone: the same lead as record 0 of this run (duplicates='reject')",)
    assert report.ok is False


def test_an_invalid_record_is_nobody_s_first(client: Telecrm) -> None:
    report = client.ingest.upsert_many(
        [{"phone": "919811100401", "rating": 9}, {"phone": "9811100401"}], duplicates="reject", **FAST
    )

    assert [outcome.status for outcome in report.outcomes] == ["invalid", "queued"]
    assert report.outcomes[1].duplicate_of is None


@pytest.mark.parametrize("duplicates", ["merge", "keep_first"])
def test_a_dry_run_reports_duplicates_too(client: Telecrm, duplicates: str) -> None:
    report = client.ingest.upsert_many(SAME_LEAD, dry_run=True, duplicates=duplicates, **FAST)  # type: ignore[arg-type]

    assert report.outcomes[2].duplicate_of == 0
    assert report.outcomes[2].status == ("valid" if duplicates == "merge" else "skipped")


def test_with_email_as_identifier_duplicates_match_case_insensitively() -> None:
    workspace = Workspace.from_dict({"lead_identifier": "email", "leads": []})
    with (
        FakeTelecrm.running(workspace=workspace, async_rate_limit=None) as fake,
        Telecrm(**settings_of(fake)) as client,
    ):
        report = client.ingest.upsert_many(
            [{"email": "asha@example.com"}, {"email": " ASHA@example.com"}], **FAST
        )

    assert report.outcomes[1].duplicate_of == 0
