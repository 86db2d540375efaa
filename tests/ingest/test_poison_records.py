"""One bad record never costs the run: whatever fails for one record becomes that record's outcome.

A record at fault is `invalid` with the reason, and nothing is sent for it; a record whose sending goes wrong
in an unexpected way is `failed`. Every other record is queued, and the report is complete.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from bulk_records import ingest_counts, phone, settings_of

from telecrm import Telecrm, TelecrmError
from telecrm.testing import FakeTelecrm

FAST = {"rate_per_hour": math.inf}


class Hostile(Mapping[str, Any]):
    """A mapping that breaks when read."""

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("cannot iterate me")

    def __len__(self) -> int:
        return 1


class Unprintable:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def nested(depth: int) -> list[Any]:
    return functools.reduce(lambda inner, _: [inner], range(depth), [])


def cycle() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


def poison(index: int) -> list[tuple[str, Any]]:
    """Every kind of record that once crashed a run or slipped through, each with a distinct phone."""
    p = phone(index)
    return [
        ("lone surrogate in a value", {"phone": p, "name": "\ud800"}),
        ("lone surrogate in a field name", {"phone": p, "na\udcffme": "x"}),
        ("int beyond 2**53", {"phone": p, "budget_lakhs": 10**400}),
        ("int beyond str digits", {"phone": p, "budget_lakhs": 10**5000}),
        ("NaN", {"phone": p, "budget_lakhs": math.nan}),
        ("infinity", {"phone": p, "budget_lakhs": -math.inf}),
        ("Decimal NaN", {"phone": p, "loyalty": Decimal("NaN")}),
        ("bytes", {"phone": p, "name": b"Asha"}),
        ("set", {"phone": p, "interests": {"2BHK"}}),
        ("object", {"phone": p, "city": object()}),
        ("unprintable object", {"phone": p, "city": Unprintable()}),
        ("nesting 10,000 deep", {"phone": p, "interests": nested(10_000)}),
        ("cycle", {"phone": p, "interests": cycle()}),
        ("int key", {"phone": p, 7: "seven"}),
        ("not a mapping", ["phone", p]),
        ("None", None),
        ("a mapping that breaks when read", Hostile()),
        ("actions not a list", {"fields": {"phone": p}, "actions": 5}),
        ("surrogate in an action", ({"phone": p}, [{"type": "1001", "fields": {"note": "\udc80"}}])),
        ("NaN in an action", ({"phone": p}, [{"type": "1001", "fields": {"note": math.nan}}])),
    ]


def interleaved(count_good: int) -> tuple[list[Any], dict[int, str]]:
    """Good records with every poison kind between them; the poison's indexes and kinds."""
    records: list[Any] = []
    kinds: dict[int, str] = {}
    for number, (kind, record) in enumerate(poison(1000)):
        records.append({"phone": phone(number)})
        kinds[len(records)] = kind
        records.append(record)
    records += [{"phone": phone(500 + index)} for index in range(count_good)]
    return records, kinds


@pytest.mark.parametrize("validate", [True, False], ids=["preflight", "no preflight"])
def test_every_kind_of_poison_record_is_invalid_and_the_run_completes(
    fake: FakeTelecrm, client: Telecrm, tmp_path: Path, validate: bool
) -> None:
    records, kinds = interleaved(count_good=5)

    report = client.ingest.upsert_many(records, validate=validate, journal=tmp_path / "run.db", **FAST)

    assert len(report) == len(records)
    assert [o.index for o in report.outcomes] == list(range(len(records)))
    statuses = {kinds[o.index]: o.status for o in report.outcomes if o.index in kinds}
    assert statuses == dict.fromkeys(kinds.values(), "invalid")
    assert all(o.reasons for o in report.outcomes if o.index in kinds)
    assert all(o.status == "queued" for o in report.outcomes if o.index not in kinds)
    fake.state.wait_idle()
    assert sum(ingest_counts(fake).values()) == len(records) - len(kinds), "no poison record was sent"


def test_reasons_say_what_is_wrong_in_printable_text(client: Telecrm) -> None:
    records = [{"phone": phone(1), "name": "\ud800"}, {"phone": phone(2), "budget_lakhs": 10**400}]

    first, second = client.ingest.upsert_many(records, **FAST).outcomes

    assert first.reasons == (
        "fields.name: the value is not valid Unicode (it holds a lone surrogate): '\\ud800'",
    )
    assert second.reasons == (
        "fields.budget_lakhs: the value is <an int of 1329 bits>, beyond ±9007199254740991: the server would "
        "round it; send a string if the digits matter",
    )


def test_a_record_whose_sending_raises_unexpectedly_fails_alone(fake: FakeTelecrm) -> None:
    def explode_on_the_second_lead(request: httpx.Request) -> None:
        if request.url.path.endswith("autoupdatelead") and phone(2).encode() in request.content:
            raise ValueError("a hook went wrong")

    with (
        httpx.Client(event_hooks={"request": [explode_on_the_second_lead]}) as pool,
        Telecrm(**settings_of(fake), http_client=pool) as client,
    ):
        report = client.ingest.upsert_many([{"phone": phone(i)} for i in range(4)], **FAST)

    assert [o.status for o in report.outcomes] == ["queued", "queued", "failed", "queued"]
    failed = report.outcomes[2]
    assert isinstance(failed.error, TelecrmError)
    assert str(failed.error) == "sending the record raised ValueError: a hook went wrong"
    assert (failed.attempts, failed.possibly_delivered) == (1, True)
