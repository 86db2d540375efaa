"""The options of ``upsert_many``, written once: the keyword arguments, their defaults and their checks.

Every check runs before anything is read or sent, and every refusal is a :class:`ValidationError` naming the
option.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Final, TypedDict, TypeGuard

from .._checks import preview
from .._errors import ValidationError
from .._limiter import check_rate
from .._phones import resolve_region  # the check of ``default_region``, also the CLI's
from .._results import (  # at run time: `typing.get_type_hints(UpsertManyOptions)` must resolve
    DuplicatePolicy,
    IngestOutcome,
    IngestProgress,
)
from .._value import Value, value
from .._vocabulary import ASYNC_RATE_PER_HOUR
from .outputs import journal_files, refuse_overlapping_outputs

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "MAX_CONCURRENCY",
    "BulkOptions",
    "UpsertManyOptions",
    "bulk_options",
    "check_date_format",
    "resolve_region",
]

MAX_CONCURRENCY: Final = 256
"""The most requests ``upsert_many`` keeps in flight. Each one holds a connection (and, with ``Telecrm``, a
thread). The Async API takes 18,000 requests an hour per token, five a second: even answers that take two
seconds need ten in flight per token to keep up, so a larger value buys no speed, only sockets, threads and
memory (a million of them took 5 GB)."""
DEFAULT_MAX_ATTEMPTS: Final = 6
"""Requests made for one record before it is reported ``failed``."""


class UpsertManyOptions(TypedDict, total=False):
    """The keyword arguments of ``client.ingest.upsert_many`` (all optional).

    - ``tokens``: Async API tokens sharing the load (default: the client's ``ingest_token``).
    - ``rate_per_hour``: requests per hour per token (default: the client's ``rate_limiter``'s, else 18,000,
      the API's limit; ``math.inf``: unpaced).
    - ``concurrency``: requests in flight at once, exactly (at most 256: see ``MAX_CONCURRENCY``). Left
      out, it adapts: one to start with, more only while the latency observed says another request in
      flight raises throughput, never more than the pacing can use (the bulk ingestion guide says how).
    - ``journal``: a SQLite file recording each record's state, so an interrupted run can be resumed. Its
      directory must exist.
    - ``validate``: check every record against the workspace first (default ``True``; needs the Sync token).
    - ``dry_run``: check only, send nothing (default ``False``).
    - ``replay_actions``: retry a record with actions after a failure the server may have processed
      (default ``True``; the outcome then says ``possibly_duplicated``).
    - ``max_attempts``: requests per record before it fails (default 6).
    - ``on_progress``: called with an :class:`~telecrm.IngestProgress` each time a record is settled. If it
      raises, the run stops (nothing more is sent, requests on the wire are abandoned, the journal stays
      consistent) and ``upsert_many`` raises :class:`~telecrm.IngestStoppedError` carrying the report so far,
      with the callback's exception as its ``__cause__``.
    - ``on_outcome``: called with each record's :class:`~telecrm.IngestOutcome` as it is settled (in the order
      records settle, not input order). It sees every outcome, however large the run: a report of more than
      100,000 records keeps counts and a sample of problems only. If it raises, the run stops as for
      ``on_progress``.
    - ``normalize_phones``: rewrite phone numbers as people write them (``+91 98111 00401``,
      ``098111-00401``) into the API's form, country code + number, digits only, in every PHONE field of the
      workspace (default ``True``, as the API itself normalises phones; needs ``validate``). Off, a phone not
      already in that form is ``invalid``. See :func:`telecrm.normalize_phone`.
    - ``default_region``: the region a phone without a country code is read in (default:
      ``TELECRM_DEFAULT_REGION``, else ``"IN"``).
    - ``normalize_dates``: rewrite date values that are not in the workspace format (ISO 8601,
      ``12-03-2024``, ``12 Mar 2024``...) into it, day first, in the workspace's DATE fields and in actions'
      ``created_on`` (default ``True``; needs ``validate``). A value that cannot be read for certain is
      ``invalid`` with the reason (the bulk ingestion guide lists the rules). Emails are always trimmed
      and lower-cased. Each outcome lists the values rewritten (``rewrites``).
    - ``date_format``: with ``normalize_dates``, read every date string with this ``strptime`` format
      instead (e.g. ``"%m/%d/%Y"`` for a file that writes months first).
    - ``duplicates``: what to do with a record whose lead identifier an earlier record of the run had:
      ``"merge"`` (default: send it; the API updates the same lead, later values winning), ``"keep_first"``
      (do not send it: ``skipped``) or ``"reject"`` (``invalid``). Every such record's ``duplicate_of``
      names the earlier one, whichever is chosen.
    """

    tokens: Sequence[str] | None
    rate_per_hour: float
    concurrency: int
    journal: str | os.PathLike[str] | None
    validate: bool
    dry_run: bool
    replay_actions: bool
    max_attempts: int
    on_progress: Callable[[IngestProgress], None] | None
    on_outcome: Callable[[IngestOutcome], None] | None
    normalize_dates: bool
    date_format: str | None
    normalize_phones: bool
    default_region: str | None
    duplicates: DuplicatePolicy


@value
class BulkOptions(Value):
    """:class:`UpsertManyOptions` checked, with their defaults filled in."""

    tokens: tuple[str, ...] | None = None
    rate_per_hour: float = ASYNC_RATE_PER_HOUR
    concurrency: int | None = None
    journal: Path | None = None
    validate: bool = True
    dry_run: bool = False
    replay_actions: bool = True
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    on_progress: Callable[[IngestProgress], None] | None = None
    on_outcome: Callable[[IngestOutcome], None] | None = None
    normalize_dates: bool = True
    date_format: str | None = None
    normalize_phones: bool = True
    default_region: str = "IN"
    duplicates: DuplicatePolicy = "merge"


_NAMES: Final = frozenset(UpsertManyOptions.__annotations__)
_FLAGS: Final = ("validate", "dry_run", "replay_actions", "normalize_dates", "normalize_phones")
_NORMALIZING: Final = ("normalize_dates", "normalize_phones")
_DUPLICATES: Final = ("merge", "keep_first", "reject")


def bulk_options(given: Mapping[str, object]) -> BulkOptions:
    """The options as given to ``upsert_many``, checked before anything is read or sent."""
    unknown = set(given) - _NAMES
    if unknown:
        raise ValidationError(
            f"upsert_many got unknown option(s) {sorted(unknown)}; it takes {sorted(_NAMES)}"
        )
    options = {name: value for name, value in given.items() if value is not None}
    if "tokens" in options:
        options["tokens"] = _tokens(options["tokens"])
    options["rate_per_hour"] = check_rate(options.get("rate_per_hour", ASYNC_RATE_PER_HOUR))
    concurrency = options.get("concurrency")  # None: adapted while the run goes
    if concurrency is not None and (not _is_int(concurrency) or not 1 <= concurrency <= MAX_CONCURRENCY):
        raise ValidationError(
            f"concurrency must be an int from 1 to {MAX_CONCURRENCY}, got {preview(concurrency)}: the Async "
            "API takes five requests a second per token, so more in flight only costs connections and memory"
        )
    attempts = options.get("max_attempts", DEFAULT_MAX_ATTEMPTS)
    if not _is_int(attempts) or attempts < 1:
        raise ValidationError(f"max_attempts must be an int >= 1, got {preview(attempts)}")
    for name in _FLAGS:
        if name in options and not isinstance(options[name], bool):
            raise ValidationError(f"{name} must be True or False, got {preview(options[name])}")
    for name, takes in (("on_progress", "an IngestProgress"), ("on_outcome", "an IngestOutcome")):
        callback = options.get(name)
        if callback is not None and not callable(callback):
            raise ValidationError(f"{name} must be a callable taking {takes}, got {type(callback).__name__}")
    if "journal" in options:
        options["journal"] = _journal_path(options["journal"])
    if "date_format" in options:
        options["date_format"] = check_date_format(options["date_format"])
        if options.get("normalize_dates", True) is False:
            raise ValidationError(
                "date_format is used to normalise dates: it does not go with normalize_dates=False"
            )
    if options.get("validate") is False:
        for name in _NORMALIZING:
            if options.get(name):
                raise ValidationError(
                    f"{name} needs validate=True: the fields holding dates and phones are read from the "
                    "workspace"
                )
            options[name] = False  # no workspace, no field types: nothing is normalised
    options["default_region"] = resolve_region(options.get("default_region"))
    duplicates = options.get("duplicates", "merge")
    if duplicates not in _DUPLICATES:
        raise ValidationError(
            f"duplicates must be one of {', '.join(map(repr, _DUPLICATES))}, got {preview(duplicates)}"
        )
    return BulkOptions(**options)  # type: ignore[arg-type]


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _tokens(tokens: object) -> tuple[str, ...]:
    if (
        isinstance(tokens, str | bytes)
        or not isinstance(tokens, Sequence)
        or not all(isinstance(token, str) and token for token in tokens)
    ):
        raise ValidationError("tokens is a list of Async API tokens (non-empty strings), not a single string")
    if not tokens:
        raise ValidationError("tokens must not be empty (leave it out to use the client's ingest_token)")
    if len(set(tokens)) != len(tokens):
        raise ValidationError(
            "a token is listed twice: the limit is per token, so a repeated token would be paced "
            "twice as fast as its limit"
        )
    return tuple(tokens)


def _journal_path(value: object) -> Path:
    """The journal's path: a file (existing or not) in a directory that exists."""
    text = os.fspath(value) if isinstance(value, str | os.PathLike) else None
    if not isinstance(text, str):
        raise ValidationError(
            f"journal must be the path of a SQLite file (a str or os.PathLike), got {type(value).__name__}"
        )
    if not text.strip() or "\x00" in text:
        raise ValidationError(f"journal must be the path of a file, got {preview(text)}")
    path = Path(text)
    try:
        is_dir, parent_is_dir = path.is_dir(), path.parent.is_dir()
    except (OSError, ValueError) as exc:
        raise ValidationError(f"journal {preview(text)} cannot be used as a path: {exc}") from None
    if is_dir:
        raise ValidationError(
            f"journal {preview(text)} is a directory: name a file in it, e.g. "
            f"{str(path / 'ingest.journal')!r}"
        )
    if not parent_is_dir:
        raise ValidationError(
            f"journal {preview(text)}: the directory {str(path.parent)!r} does not exist; create it, or "
            "choose another path"
        )
    refuse_overlapping_outputs({}, journal_files(path))  # e.g. a -wal linked to the journal itself
    return path


_DIRECTIVE: Final = re.compile(r"%(.)")
_NEEDED: Final = (
    ("the day (%d)", frozenset("dj")),
    ("the month (%m, %b or %B)", frozenset("mbBj")),
    ("the year (%Y or %y)", frozenset("Yy")),
)


def check_date_format(value: object, name: str = "date_format") -> str:
    """A ``strptime`` format that reads a whole date (day, month and year), or ``ValidationError``."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a strptime format such as '%m/%d/%Y', got {preview(value)}")
    directives = set(_DIRECTIVE.findall(value.replace("%%", "")))
    missing = [what for what, codes in _NEEDED if not directives & codes]
    if missing:
        raise ValidationError(
            f"{name} {preview(value)} does not read {' or '.join(missing)}: a date read with it would be "
            "partly guessed"
        )
    sample = datetime(2001, 2, 3, 4, 5, 6)
    try:
        datetime.strptime(sample.strftime(value), value)
    except ValueError as exc:
        raise ValidationError(f"{name} {preview(value)} is not a strptime format: {exc}") from None
    return value
