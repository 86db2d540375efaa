"""Test data for bulk ingestion: valid leads, invalid ones of every kind, and what the fake made of them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from telecrm import CustomAction, Payment
from telecrm.testing import FakeTelecrm


def settings_of(fake: FakeTelecrm) -> dict[str, Any]:
    """Client arguments for ``fake``."""
    return {
        "enterprise_id": fake.enterprise_id,
        "token": fake.sync_token,
        "ingest_token": fake.async_token,
        "base_url": fake.base_url,
        "ingest_base_url": fake.ingest_base_url,
    }


def phone(index: int) -> str:
    """A distinct, valid phone number (country code 91) for each index."""
    return f"9170{index:08d}"


def valid_record(index: int) -> Any:
    """A valid record; every fifth one carries actions, in each of the accepted shapes in turn."""
    fields: dict[str, Any] = {"phone": phone(index), "name": f"Lead {index}", "city": "Pune"}
    if index % 3 == 0:
        fields["rating"] = 1 + index % 5
        fields["interests"] = ["2BHK", "Villa"]
    if index % 5 == 0:
        return (
            fields,
            [CustomAction(1001, {"note": f"visit {index}"}), Payment("2500.50", "INR", "PENDING")],
        )
    if index % 5 == 1:
        return {"fields": fields, "actions": [{"type": "ACTION_1002", "fields": {"attendees": 3}}]}
    return fields


# Each invalid record, and a piece of the reason it must be reported with.
INVALID_KINDS: list[tuple[dict[str, Any] | tuple[dict[str, Any], list[Any]], str]] = [
    ({"phone": "PHONE", "rating": 7}, "fields.rating: 7 is not a rating"),
    ({"phone": "PHONE", "favourite_colour": "teal"}, "fields.favourite_colour: no field with this API name"),
    ({"phone": "PHONE", "status": "Old Enquiry"}, "fields.status: status 'Old Enquiry' is archived"),
    ({"phone": "PHONE", "status": "Hot"}, "fields.status: status 'Hot' is not active"),
    (
        {"phone": "PHONE", "lostReason": "Wrong Number"},
        "fields.lostReason: lost reason 'Wrong Number' is archived",
    ),
    ({"phone": "PHONE", "interests": "2BHK,Villa"}, "fields.interests: '2BHK,Villa' is a string"),
    ({"phone": "PHONE", "interests": ["x" * 41]}, "is longer than 40 characters"),
    ({"phone": "PHONE", "lead_source": "y" * 41}, "fields.lead_source:"),
    (
        {"phone": "PHONE", "next_follow_up": "03/04/26"},
        "fields.next_follow_up: '03/04/26' has a 2-digit year",
    ),
    ({"phone": "PHONE", "email": "jane.example.com"}, "fields.email: 'jane.example.com' is not an email"),
    ({"name": "No Identifier"}, "fields.phone: the lead identifier is missing"),
    (({"phone": "PHONE"}, [CustomAction(1009)]), "actions[0].type: custom action 1009 is not defined"),
    (({"phone": "PHONE"}, [CustomAction(1001, {"mood": "happy"})]), "actions[0].fields.mood: not a field"),
    (({"phone": "PHONE"}, [{"type": "PAYMENT", "amount": "5"}]), "actions[0]: a payment needs the keys"),
]


def invalid_record(index: int, kind: int) -> tuple[Any, str]:
    """The ``kind``-th invalid record, with a phone made from ``index``; and the expected reason."""
    record, reason = INVALID_KINDS[kind % len(INVALID_KINDS)]
    if isinstance(record, tuple):
        fields, actions = record
        return ({**_with_phone(fields, index)}, list(actions)), reason
    return _with_phone(record, index), reason


def _with_phone(fields: dict[str, Any], index: int) -> dict[str, Any]:
    return {key: phone(index) if value == "PHONE" else value for key, value in fields.items()}


def ingest_counts(fake: FakeTelecrm) -> Counter[str]:
    """How many times the fake processed an upsert for each phone number."""
    counts: Counter[str] = Counter()
    for record in fake.state.ingested:
        body = record.body
        if isinstance(body, dict) and isinstance(body.get("fields"), dict):
            counts[str(body["fields"].get("phone"))] += 1
    return counts


def kill_test_record(index: int) -> Any:
    """Records for the killed-and-resumed run: every tenth is invalid, every fourth carries an action."""
    if index % 10 == 9:
        return {"phone": phone(index), "rating": 9}
    fields = {"phone": phone(index), "name": f"Lead {index}"}
    if index % 4 == 0:
        return {"fields": fields, "actions": [{"type": "1001", "fields": {"note": f"visit {index}"}}]}
    return fields
