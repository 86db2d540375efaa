"""One rule for every number sent: it arrives exactly as given, or it is refused with the reason, naming the
field. Never rounded in silence (a Decimal used to be sent as the nearest float)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from telecrm import ValidationError

PHONE = {"phone": "919999999999"}


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (Decimal("12.5"), 12.5),
        (Decimal("0.1"), 0.1),
        (Decimal("1.10"), 1.1),
        (Decimal("-0"), 0),
        (Decimal("0E+1000000"), 0),
        (Decimal("123.000"), 123),
        (Decimal("9007199254740991"), 9007199254740991),
        (Decimal("1E+3"), 1000),
    ],
)
def test_a_decimal_a_double_carries_exactly_is_sent_as_that_number(client, server, value, sent):
    server.reply(200, {"status": "QUEUED"})

    client.ingest.upsert({**PHONE, "booking": value})

    body = json.loads(server.requests[-1].content)
    assert body["fields"]["booking"] == sent
    assert type(body["fields"]["booking"]) is type(sent)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal("9007199254740993"), r"is Decimal\('9007199254740993'\), beyond ±9007199254740991"),
        (Decimal("1e20"), r"is Decimal\('1E\+20'\), beyond ±9007199254740991"),
        (Decimal("1e999999"), r"is Decimal with 1 digits, exponent 999999, beyond"),
        (Decimal("-1e1000000"), r"is Decimal with 1 digits, exponent 1000000, beyond"),
        (Decimal("1e-999999"), r"is Decimal with 1 digits, exponent -999999, which would arrive as 0.0"),
        (
            Decimal("3.14159265358979323846"),
            r"is Decimal\(.3.14159265358979323846.\), which would arrive as 3.141592653589793",
        ),
    ],
)
def test_a_decimal_that_would_arrive_changed_is_refused_naming_the_field(client, server, value, message):
    with pytest.raises(ValidationError, match=rf"fields\['booking'\] {message}.*send a string if the digits"):
        client.ingest.upsert({**PHONE, "booking": value})

    assert server.requests == []


def test_leads_update_refuses_a_huge_decimal_naming_the_field(client, server):
    with pytest.raises(ValidationError, match=r"^fields\['my_field'\] is Decimal with 1 digits"):
        client.leads.update("L1", {"my_field": Decimal("1e999999")})

    assert server.requests == []


def test_leads_create_refuses_a_decimal_beyond_the_safe_integers(client, server):
    with pytest.raises(ValidationError, match=r"^fields\['amount'\] is Decimal\('9007199254740993'\)"):
        client.leads.create({**PHONE, "amount": Decimal("9007199254740993")})

    assert server.requests == []


def test_an_aware_datetime_before_1970_is_refused_naming_the_field(client, server):
    with pytest.raises(ValidationError, match=r"^fields\['visited'\]: 1960-01-01T00:00:00\+00:00 is before"):
        client.leads.update("L1", {"visited": datetime(1960, 1, 1, tzinfo=UTC)})

    assert server.requests == []


def test_a_reversed_search_range_is_refused_naming_the_argument(client, server):
    with pytest.raises(ValidationError, match=r"^fields\['created_on'\]: the date range is reversed"):
        client.leads.search(fields={"created_on": (datetime(2024, 2, 1), datetime(2024, 1, 1))})

    assert server.requests == []
