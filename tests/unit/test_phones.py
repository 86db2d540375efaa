"""Phone numbers as people write them: ``telecrm.normalize_phone`` and the calls that apply it.

``data/phones.tsv`` is a corpus of messy phone strings (Indian mobiles and landlines in the forms
spreadsheets, web forms and ad exports hold; other countries; garbage), each with the number the API stores or
a piece of the reason it is refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import telecrm
from telecrm import Telecrm, ValidationError, normalize_phone

CORPUS = Path(__file__).with_name("data") / "phones.tsv"


def _corpus() -> list[tuple[str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        value, expected = line.split("\t")
        rows.append((value, expected))
    return rows


ROWS = _corpus()


def test_the_corpus_holds_at_least_200_strings_of_every_kind() -> None:
    accepted = [row for row in ROWS if not row[1].startswith("!")]
    refused = [row for row in ROWS if row[1].startswith("!")]
    assert len(ROWS) >= 200
    assert len({value for value, _ in ROWS}) == len(ROWS)
    assert len(refused) >= 40
    assert sum(not expected.startswith("91") for _, expected in accepted) >= 25


@pytest.mark.parametrize(("value", "expected"), ROWS, ids=[repr(value) for value, _ in ROWS])
def test_corpus(value: str, expected: str) -> None:
    if expected.startswith("!"):
        with pytest.raises(ValidationError) as refused:
            normalize_phone(value)
        assert expected[1:].strip() in str(refused.value)
    else:
        assert normalize_phone(value) == expected


# --- the region --------------------------------------------------------------------------------------------


def test_a_number_without_a_country_code_is_read_in_the_region_given() -> None:
    assert normalize_phone("050 123 4567", "AE") == "971501234567"
    assert normalize_phone("050 123 4567", "ae") == "971501234567"


def test_the_region_comes_from_the_environment_when_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELECRM_DEFAULT_REGION", "AE")
    assert normalize_phone("050 123 4567") == "971501234567"


def test_the_default_region_is_india(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELECRM_DEFAULT_REGION", raising=False)
    assert normalize_phone("098111 00401") == "919811100401"


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("India", "default_region must be a two-letter region code such as 'IN' or 'AE', got 'India'"),
        ("XX", "default_region 'XX' is not a region with phone numbers"),
        (91, "default_region must be a two-letter region code such as 'IN' or 'AE', got 91"),
    ],
)
def test_a_region_that_is_not_one_is_refused(region: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        normalize_phone("9811100401", region)  # type: ignore[arg-type]


def test_a_bad_region_in_the_environment_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELECRM_DEFAULT_REGION", "ZZZ")
    with pytest.raises(ValidationError, match="TELECRM_DEFAULT_REGION must be a two-letter region code"):
        normalize_phone("9811100401")


# --- values that are not strings ---------------------------------------------------------------------------


def test_a_number_given_as_an_int_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError, match=r"got int \(write it as a string, so that a leading 0 or \+"):
        normalize_phone(9811100401)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, b"9811100401", 9.811100401e9, ["9811100401"], "\ud800"])
def test_other_values_are_a_validation_error(value: object) -> None:
    with pytest.raises(ValueError, match="phone number"):
        normalize_phone(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["919811100401\udcff\udcfe", "98111\u200b00401", "#9811100401", "98111*00401"]
)
def test_a_character_no_phone_number_holds_is_refused_not_skipped(value: str) -> None:
    # libphonenumber skips such characters: undecodable bytes of a file must not vanish into a valid number.
    with pytest.raises(ValidationError, match="which is no part of a phone number"):
        normalize_phone(value)


# --- the calls that send one record ------------------------------------------------------------------------


def test_leads_create_sends_the_phone_as_country_code_and_number(client: Telecrm, server) -> None:
    server.reply(201, {"lead_id": "L1", "actions": [], "remarks": []})
    client.leads.create({"phone": "+91 98111 00915", "email": "  Jane.Doe@Example.COM "})
    assert server.body()["fields"] == {"phone": "919811100915", "email": "jane.doe@example.com"}


def test_leads_create_refuses_an_impossible_phone_before_sending(client: Telecrm, server) -> None:
    with pytest.raises(
        ValidationError, match=r"fields\['phone'\]: '99999' is too short for a number in \+91"
    ):
        client.leads.create({"phone": "99999"})
    assert server.requests == []


def test_leads_create_refuses_a_malformed_email_before_sending(client: Telecrm, server) -> None:
    with pytest.raises(
        ValidationError, match=r"fields\['email'\]: 'jane.example.com' is not an email address"
    ):
        client.leads.create({"phone": "919811100915", "email": "jane.example.com"})
    assert server.requests == []


def test_leads_update_normalises_the_phone_too(client: Telecrm, server) -> None:
    server.reply(200, {"fields": {}})
    client.leads.update("L1", {"phone": "098111-00915"})
    assert server.body()["fields"] == {"phone": "919811100915"}


def test_ingest_upsert_normalises_the_phone_too(client: Telecrm, server) -> None:
    server.reply(200, {"status": "QUEUED"})
    client.ingest.upsert({"phone": "(0)98111-00915", "assignee": " Agent@Company.Example"})
    assert json.loads(server.last.content)["fields"] == {
        "phone": "919811100915",
        "assignee": "agent@company.example",
    }


def test_a_phone_given_as_a_number_is_refused_by_leads_create(client: Telecrm, server) -> None:
    with pytest.raises(ValidationError, match=r"fields\['phone'\] must be a string, got int"):
        client.leads.create({"phone": 919811100915})
    assert server.requests == []


def test_a_team_member_phone_written_as_people_write_it_is_refused_with_the_fix(
    client: Telecrm, server
) -> None:
    with pytest.raises(ValidationError, match=r"got '\+91 98765 43210': write it as '919876543210'"):
        client.team_members.create("Asha", "asha@acme.example", "+91 98765 43210", "CALLER")
    assert server.requests == []


def test_import_telecrm_offers_normalize_phone() -> None:
    assert telecrm.normalize_phone is normalize_phone
    assert "normalize_phone" in telecrm.__all__


# --- any text ----------------------------------------------------------------------------------------------

PHONE_LIKE = st.text(alphabet="0123456789 +-().", max_size=24)


@settings(max_examples=300, deadline=None)
@given(st.one_of(PHONE_LIKE, st.text(max_size=30)))
def test_any_text_is_a_number_in_the_api_form_that_reads_back_the_same_or_a_validation_error(
    value: str,
) -> None:
    try:
        phone = normalize_phone(value)
    except ValidationError:
        return
    assert re.fullmatch(r"\+[1-9][0-9]{6,9}|[1-9][0-9]{10,14}", phone), phone
    assert normalize_phone(phone) == phone
