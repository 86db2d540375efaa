"""Answers that look like success but are not what the API documents are refused, never taken as success:
an Async upsert answered with anything but ``{"status": "QUEUED"}``, and JSON's missing constants."""

from __future__ import annotations

import math

import pytest

from telecrm import APIResponseValidationError, Queued

pytestmark = pytest.mark.over_both_pools  # each test runs on a lent client and on the own pool

PHONE = {"phone": "919999999999"}
NOT_QUEUED = [
    pytest.param({}, id="empty-object"),
    pytest.param({"status": "ERROR"}, id="error-status"),
    pytest.param({"error": {"code": "BAD", "message": "no"}}, id="error-object"),
    pytest.param({"status": None}, id="null-status"),
]


@pytest.mark.parametrize("answer", NOT_QUEUED)
def test_an_upsert_answered_without_queued_is_an_unreadable_answer(client, server, answer):
    server.reply(200, answer)

    with pytest.raises(APIResponseValidationError, match=r"not the Async API's acceptance"):
        client.ingest.upsert(PHONE, max_retries=0)


def test_an_upsert_answered_queued_is_queued(client, server):
    server.reply(200, {"status": "QUEUED"})

    assert client.ingest.upsert(PHONE) == Queued(status="QUEUED", raw={"status": "QUEUED"})


@pytest.mark.lent_client_only("bulk ingestion takes a second a run; tests/ingest runs it on the own pool")
@pytest.mark.parametrize("answer", NOT_QUEUED)
def test_upsert_many_reports_a_record_answered_without_queued_as_failed(client, server, answer):
    server.reply(200, answer, times=2)

    report = client.ingest.upsert_many([PHONE], validate=False, rate_per_hour=math.inf, max_attempts=2)

    [outcome] = report.outcomes
    assert (outcome.status, outcome.attempts, outcome.possibly_delivered) == ("failed", 2, True)
    assert isinstance(outcome.error, APIResponseValidationError)


@pytest.mark.lent_client_only("bulk ingestion takes a second a run; tests/ingest runs it on the own pool")
def test_upsert_many_journals_a_record_answered_without_queued_as_resendable(client, server, tmp_path):
    journal = tmp_path / "run.journal"
    server.reply(200, {}, times=1)
    client.ingest.upsert_many(
        [PHONE], validate=False, rate_per_hour=math.inf, max_attempts=1, journal=journal
    )
    server.reply(200, {"status": "QUEUED"})

    report = client.ingest.upsert_many([PHONE], validate=False, rate_per_hour=math.inf, journal=journal)

    [outcome] = report.outcomes
    assert (outcome.status, outcome.from_journal, outcome.possibly_duplicated) == ("queued", False, True)
    assert len(server.requests) == 2


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_success_body_holding_a_non_json_constant_is_an_unreadable_answer(client, server, constant):
    server.reply(200, content=f'{{"fields": {{"name": {constant}}}}}'.encode())

    with pytest.raises(APIResponseValidationError, match=rf"{constant} is not a JSON value"):
        client.leads.get("L1", max_retries=0)


def test_a_success_body_opening_with_a_utf8_byte_order_mark_is_read(client, server):
    server.reply(200, content=b'\xef\xbb\xbf{"data": [{"fields": {"name": "Asha"}}], "total_count": 1}')

    [lead] = list(client.leads.search())

    assert lead.fields == {"name": "Asha"}


def test_a_page_whose_total_count_is_a_boolean_has_no_total(client, server):
    server.reply(200, {"data": [{"fields": {"name": "Asha"}}], "total_count": True})

    page = client.leads.search(page_size=100).first_page()

    assert page.total_count is None
