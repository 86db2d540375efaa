"""Record identity for the journal: hashes of what a record sends, or of the record as given.

A record is known by its content, not its position (see :mod:`telecrm._bulk.journal`): the digest of a valid
record hashes the request body it makes (its fields and actions as the Async API receives them), so the same
record written two ways (a tuple or an API body, ``CustomAction(1001)`` or ``{"type": "ACTION_1001"}``) is
one record; a record preflight refused makes no request and is hashed as given. The text hashed is canonical
JSON (sorted keys, compact, not ASCII-escaped) and must never change: journals written by earlier versions
are resumed by these digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from .._actions import CustomAction, Payment
from .._checks import field_values, preview
from .._models import Queued
from .._operations import Operation

__all__ = ["payload_digest", "record_digest", "request_digest"]

#: ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``, with its encoder built
#: once: ``json.dumps`` builds one per call when given options (a quarter of a digest's cost).
_canonical_json: Final = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def request_digest(call: Operation[Queued]) -> str:
    """The digest of the request built for a checked record, read off its body: the body is encoded once,
    for the request, and hashed as it is."""
    body = call.request["json"]
    return _body_digest(body["fields"], body.get("actions", []))


def payload_digest(fields: Mapping[str, Any], actions: Sequence[CustomAction | Payment]) -> str:
    """:func:`request_digest` of the request ``fields`` and ``actions`` would make, without building it."""
    return _body_digest(field_values(fields, allow_empty=True), [a.to_async() for a in actions])


def _body_digest(fields: Mapping[str, Any], actions: Sequence[Mapping[str, object]]) -> str:
    text = _canonical_json({"fields": fields, "actions": actions})
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def record_digest(record: object) -> str:
    """A hash of a record as given (one that makes no request: preflight refused it). Never raises: a record
    JSON cannot hold (a cycle, an int of thousands of digits, a deep nest, a mapping that breaks when read)
    is hashed by a safe description."""
    try:
        text = json.dumps(
            record, sort_keys=True, separators=(",", ":"), default=_canonical, ensure_ascii=False
        )
    except Exception:  # whatever a record JSON cannot hold, or one that breaks when read, raises
        text = f"{type(record).__name__}:{preview(record)}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _canonical(value: object) -> object:
    if isinstance(value, CustomAction | Payment):
        return {"$action": value.to_async()}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(repr(item) for item in value)
    raise TypeError(type(value).__name__)
