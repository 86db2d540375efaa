"""The options of ``upsert_many``, written once: the keyword arguments, their defaults and their checks."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, TypedDict

import attrs

from .._errors import ValidationError
from .._vocabulary import ASYNC_RATE_PER_HOUR

if TYPE_CHECKING:
    from .._results import IngestProgress

__all__ = ["DEFAULT_CONCURRENCY", "DEFAULT_MAX_ATTEMPTS", "BulkOptions", "UpsertManyOptions", "bulk_options"]

DEFAULT_CONCURRENCY: Final = 16
"""Requests in flight at once, across all tokens."""
DEFAULT_MAX_ATTEMPTS: Final = 6
"""Requests made for one record before it is reported ``failed``."""


class UpsertManyOptions(TypedDict, total=False):
    """The keyword arguments of ``client.ingest.upsert_many`` (all optional).

    - ``tokens``: Async API tokens sharing the load (default: the client's ``ingest_token``).
    - ``rate_per_hour``: requests per hour per token (default 18,000, the API's limit; ``math.inf``: unpaced).
    - ``concurrency``: requests in flight at once (default 16).
    - ``journal``: a SQLite file recording each record's state, so an interrupted run can be resumed.
    - ``validate``: check every record against the workspace first (default ``True``; needs the Sync token).
    - ``dry_run``: check only, send nothing (default ``False``).
    - ``replay_actions``: retry a record with actions after a failure the server may have processed
      (default ``True``; the outcome then says ``possibly_duplicated``).
    - ``max_attempts``: requests per record before it fails (default 6).
    - ``on_progress``: called with an :class:`~telecrm.IngestProgress` each time a record is settled.
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


@attrs.frozen
class BulkOptions:
    """:class:`UpsertManyOptions` checked, with their defaults filled in."""

    tokens: tuple[str, ...] | None = None
    rate_per_hour: float = ASYNC_RATE_PER_HOUR
    concurrency: int = DEFAULT_CONCURRENCY
    journal: str | os.PathLike[str] | None = None
    validate: bool = True
    dry_run: bool = False
    replay_actions: bool = True
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    on_progress: Callable[[IngestProgress], None] | None = None


_NAMES: Final = frozenset(UpsertManyOptions.__annotations__)


def bulk_options(given: Mapping[str, object]) -> BulkOptions:
    """The options as given to ``upsert_many``, checked before anything is read or sent."""
    unknown = set(given) - _NAMES
    if unknown:
        raise ValidationError(
            f"upsert_many got unknown option(s) {sorted(unknown)}; it takes {sorted(_NAMES)}"
        )
    options = {name: value for name, value in given.items() if value is not None or name in ("tokens",)}
    tokens = options.get("tokens")
    if tokens is not None:
        if (
            isinstance(tokens, str | bytes)
            or not isinstance(tokens, Sequence)
            or not all(isinstance(token, str) for token in tokens)
        ):
            raise ValidationError("tokens is a list of Async API tokens, not a single string")
        if not tokens:
            raise ValidationError("tokens must not be empty (leave it out to use the client's ingest_token)")
        if len(set(tokens)) != len(tokens):
            raise ValidationError(
                "a token is listed twice: the limit is per token, so a repeated token would be paced "
                "twice as fast as its limit"
            )
        options["tokens"] = tuple(tokens)
    rate = options.get("rate_per_hour", ASYNC_RATE_PER_HOUR)
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not rate > 0:
        raise ValidationError(f"rate_per_hour must be > 0 (math.inf for no pacing), got {rate!r}")
    options["rate_per_hour"] = float(rate)
    for name in ("concurrency", "max_attempts"):
        value = options.get(name, 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"{name} must be an int >= 1, got {value!r}")
    return BulkOptions(**options)  # type: ignore[arg-type]
