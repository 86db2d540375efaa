"""Enums: none repeated, no `PAID`; responses open (a new value must not break a read),
requests closed (a typo is caught before anything is sent)."""

from collections import Counter
from typing import Any

import pytest
from specwalk import (
    all_schemas,
    get,
    holders,
    iter_subschemas,
    json_pointer,
    location,
    string_leaves,
    word,
)

STATE_CHANGE_BODY = (
    "paths",
    "/enterprise/{enterpriseId}/teammember/state_change",
    "post",
    "requestBody",
    "content",
    "application/json",
    "schema",
)

# The only closed enum a response may carry: the payment discriminator, which is how
# PaymentAction is told apart from custom and built-in actions.
RESPONSE_DISCRIMINATORS = {("components", "schemas", "PaymentAction", "properties", "type"): ["PAYMENT"]}

REQUEST_ENUMS = {
    ("components", "schemas", "PaymentStatusField"): [
        "PENDING",
        "COMPLETED",
        "FAILED",
        "REFUNDED",
        "CANCELLED",
        "PROCESSING",
    ],
    ("components", "schemas", "PaymentCurrencyField"): [
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
    ],
    ("components", "schemas", "CreateTeamMemberRequest", "properties", "role"): [
        "ADMIN",
        "MANAGER",
        "CALLER",
        "MARKETING_USER",
    ],
    (*STATE_CHANGE_BODY, "properties", "state"): ["Active", "Inactive", "On Leave", "Working"],
    ("components", "schemas", "InputPaymentAction", "properties", "type"): ["PAYMENT"],
    ("components", "schemas", "UpdatePaymentAction", "properties", "type"): ["PAYMENT"],
}


def enums(document: Any) -> list[tuple[str, list[Any]]]:
    return [(location(parts), schema["enum"]) for parts, schema in all_schemas(document) if "enum" in schema]


def reachable(document: Any, kinds: set[str]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Every schema that can appear in a body of the given kinds, following $refs."""
    seen: set[tuple[Any, ...]] = set()
    found = {}
    for kind, parts, holder in holders(document):
        if kind in kinds and "schema" in holder:
            for sub_parts, schema in iter_subschemas(
                document, (*parts, "schema"), holder["schema"], follow_refs=True, seen=seen
            ):
                found[sub_parts] = schema
    return found


def test_the_schema_walk_finds_enums(patched: Any) -> None:
    assert len(enums(patched)) >= len(REQUEST_ENUMS) + len(RESPONSE_DISCRIMINATORS)


def test_no_enum_repeats_a_value(patched: Any) -> None:
    repeated = {
        where: [value for value, n in Counter(map(repr, values)).items() if n > 1]
        for where, values in enums(patched)
        if len(set(map(repr, values))) != len(values)
    }
    assert repeated == {}, f"enums with repeated values (the generator crashes on them): {repeated}"


def test_no_enum_contains_paid(patched: Any) -> None:
    offenders = [where for where, values in enums(patched) if "PAID" in values]
    assert offenders == [], f"`PAID` is not a payment status (COMPLETED is); found in enums at {offenders}"


def test_no_example_mentions_paid(patched: Any) -> None:
    paid = word("PAID")
    offenders = []
    for parts, node in _example_values(patched):
        offenders += [f"{location(parts)}: {text!r}" for text in string_leaves(node) if paid.search(text)]
    assert offenders == [], "examples that use the non-existent status PAID:\n  " + "\n  ".join(offenders)


def _example_values(document: Any) -> list[tuple[tuple[Any, ...], Any]]:
    """Every value under an `example` or `examples` key anywhere in the document."""
    found = []

    def walk(node: Any, parts: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("example", "examples"):
                    found.append(((*parts, key), value))
                else:
                    walk(value, (*parts, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*parts, index))

    walk(document, ())
    return found


def test_response_schemas_have_no_closed_enums_except_the_payment_discriminator(patched: Any) -> None:
    response_schemas = reachable(patched, {"response-media"})
    closed = {
        location(parts): schema["enum"]
        for parts, schema in response_schemas.items()
        if "enum" in schema and RESPONSE_DISCRIMINATORS.get(parts) != schema["enum"]
    }
    assert closed == {}, (
        f"closed enums in response schemas (an unknown value would make the generated client raise): {closed}"
    )


def test_the_payment_discriminator_is_a_response_enum(patched: Any) -> None:
    response_schemas = reachable(patched, {"response-media"})
    for parts, values in RESPONSE_DISCRIMINATORS.items():
        assert parts in response_schemas, f"{location(parts)} is not reachable from any response"
        assert response_schemas[parts]["enum"] == values


@pytest.mark.parametrize("parts", list(REQUEST_ENUMS), ids=lambda parts: json_pointer(parts)[2:])
def test_request_enums_stay_closed(patched: Any, parts: tuple[Any, ...]) -> None:
    assert parts in reachable(patched, {"request-media"}), (
        f"{location(parts)} is not part of any request body"
    )
    enum = get(patched, parts).get("enum") or []
    added = [value for value in enum if value not in REQUEST_ENUMS[parts]]
    removed = [value for value in REQUEST_ENUMS[parts] if value not in enum]
    assert enum == REQUEST_ENUMS[parts], (
        f"{location(parts)} enum changed (added {added}, removed {removed}): teach the SDK's vocabulary "
        "(src/telecrm/_vocabulary.py) the change, then update REQUEST_ENUMS here"
    )
