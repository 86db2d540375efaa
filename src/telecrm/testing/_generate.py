"""Made-up leads in bulk, a value in every field of the workspace: for exports, benchmarks and demos.

Values are drawn from a seeded random generator, so the same seed gives the same leads (apart from
`created_on`, which is laid out over the year before the call). Values that must be unique (the lead
identifier, UNIQUE fields) are built from the lead's number.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from telecrm.testing._vocabulary import FieldType
from telecrm.testing._workspace import Workspace

_YEAR_MS: Final = 365 * 24 * 3600 * 1000
_WORDS: Final = ("Pune", "Mumbai", "Delhi", "Chennai", "Kochi", "Jaipur", "Indore", "Surat", "Nagpur", "Goa")
_OPTIONAL_SHARE: Final = 0.1
"""How often a field other than the identifier is left out of a lead."""
_SAME_MOMENT_EVERY: Final = 50
"""Every this many leads, one is created in the same millisecond as the one before (bulk imports do that)."""


def generated_leads(
    workspace: Workspace, members: Sequence[str], first: int, count: int, now_ms: int, seed: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    """`count` leads as `(created_on, fields)`, oldest first, numbered from `first`; `members` are the emails
    an assignee may be."""
    rng = random.Random(f"{seed}:{first}")
    pipeline = workspace.pipeline
    lost = {label for stage in pipeline.stages if stage.type == "LOST" for label in stage.active_statuses}
    start = now_ms - _YEAR_MS
    step = max(_YEAR_MS // max(count, 1), 1)
    created_on = start
    for offset in range(count):
        number = first + offset
        if offset % _SAME_MOMENT_EVERY != 1:
            created_on = start + offset * step + rng.randrange(step)
        fields: dict[str, Any] = {}
        for spec in workspace.fields:
            name = spec.api_name
            if (
                spec.type == "LOST_REASON"
                or (spec.type == "ACTIVE_USERS" and not members)
                or (name != workspace.lead_identifier and rng.random() < _OPTIONAL_SHARE)
            ):
                continue
            fields[name] = _VALUES[spec.type](rng, number, spec.options, members, pipeline.active_statuses)
        if fields.get("status") in lost:
            fields["lostReason"] = rng.choice(pipeline.active_lost_reasons)
        yield min(created_on, now_ms), fields


def _text(rng: random.Random, number: int, *_: Any) -> str:
    return f"{rng.choice(_WORDS)} {number}"


def _phone(rng: random.Random, number: int, *_: Any) -> str:
    return f"91{6_000_000_000 + number}"


def _email(rng: random.Random, number: int, *_: Any) -> str:
    return f"lead{number}@mail.example"


def _number(rng: random.Random, number: int, *_: Any) -> int | float:
    return rng.randrange(1, 10_000) if rng.random() < 0.5 else round(rng.uniform(0, 1000), 2)


def _date(rng: random.Random, number: int, *_: Any) -> str:
    moment = datetime(2026, 1, 1, tzinfo=UTC).timestamp() + rng.randrange(0, 365 * 24 * 60) * 60
    return datetime.fromtimestamp(moment, UTC).strftime("%d/%m/%Y %H:%M")


def _option(rng: random.Random, number: int, options: Sequence[str], *_: Any) -> str:
    return rng.choice(options) if options else f"Option {number % 7}"


def _tags(rng: random.Random, number: int, options: Sequence[str], *_: Any) -> list[str]:
    pool = list(options) or [f"tag{index}" for index in range(5)]
    return rng.sample(pool, rng.randint(1, min(3, len(pool))))


def _money(rng: random.Random, number: int, *_: Any) -> str:
    return f"{rng.randrange(1_000, 100_000_000)}.{rng.randrange(100):02d}"


def _website(rng: random.Random, number: int, *_: Any) -> str:
    return f"https://lead{number}.example"


def _unique(rng: random.Random, number: int, *_: Any) -> str:
    return f"C-{number:08d}"


def _rating(rng: random.Random, number: int, *_: Any) -> int:
    return rng.randint(1, 5)


def _status(rng: random.Random, number: int, options: Any, members: Any, statuses: Sequence[str]) -> str:
    return rng.choice(statuses)


def _member(rng: random.Random, number: int, options: Any, members: Sequence[str], *_: Any) -> str:
    return rng.choice(members)


_VALUES: Final[dict[FieldType, Callable[..., Any]]] = {
    "TEXT": _text,
    "NUMBER": _number,
    "EMAIL": _email,
    "PHONE": _phone,
    "DATE": _date,
    "DROPDOWN": _option,
    "TAGS": _tags,
    "MONEY": _money,
    "WEBSITE": _website,
    "UNIQUE": _unique,
    "RATING": _rating,
    "STATUS": _status,
    "LOST_REASON": _option,
    "ACTIVE_USERS": _member,
    "MEDIALINK": _website,
}
