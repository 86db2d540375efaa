"""Generic argument checks, the one frozen mapping, and the one way a value is previewed in a message.

Every check raises :class:`ValidationError` naming the argument, before anything is sent. Rules about one part
of the API live with that part (action codes and amounts in :mod:`telecrm._actions`, dates in
:mod:`telecrm._dates`); this module holds what every resource shares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, final

from ._dates import DateInput, encode_date_value, encode_range
from ._errors import ValidationError

__all__ = [
    "FrozenMapping",
    "RangeInput",
    "date_range",
    "email",
    "field_values",
    "frozen_mapping",
    "identifier",
    "is_email",
    "non_negative",
    "one_or_many",
    "page_size",
    "preview",
]

RangeInput = Mapping[str, DateInput | None] | tuple[DateInput | None, DateInput | None]

_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PREVIEW_CHARS: Final = 60


@final
class FrozenMapping(Mapping[str, Any]):
    """A read-only copy of a mapping (shallow: nested values are shared).

    Unlike ``MappingProxyType`` it pickles, so values holding one can be sent to worker processes, and it
    compares equal to a ``dict`` with the same items. ``dict(mapping)`` gives a plain, JSON-ready copy.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[type[FrozenMapping], tuple[dict[str, Any]]]:
        return FrozenMapping, (self._data,)


_EMPTY: Final = FrozenMapping({})


def frozen_mapping(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only, picklable copy of ``data``; an existing :class:`FrozenMapping` is returned as it is."""
    if isinstance(data, FrozenMapping):
        return data
    return FrozenMapping(data) if data else _EMPTY


def preview(value: object) -> str:
    """``repr(value)``, shortened: values end up in exception messages and logs."""
    if isinstance(value, str) and len(value) > _PREVIEW_CHARS:
        return f"{value[: _PREVIEW_CHARS - 3]!r}…"
    text = repr(value)
    return text if len(text) <= _PREVIEW_CHARS else f"{text[: _PREVIEW_CHARS - 1]}…"


def identifier(value: object, name: str) -> str:
    """A non-empty string that can be a URL path segment (a lead id, an api name...)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string, got {preview(value)}")
    if value in {".", ".."}:
        # A dot segment survives percent-encoding and is resolved away by URL normalisation,
        # which would send the request to another endpoint (".." on an action id = the lead).
        raise ValidationError(f"{name} cannot be {value!r}")
    return value


def is_email(text: str) -> bool:
    """Whether ``text`` has the shape of an email address (the check the API itself makes)."""
    return _EMAIL.fullmatch(text) is not None


def email(value: object, name: str = "email") -> str:
    """An email address, surrounding spaces trimmed."""
    text = identifier(value, name).strip()
    if not is_email(text):
        raise ValidationError(f"{name} is not an email address: {preview(value)}")
    return text


def page_size(value: object, limit: int, name: str = "page_size") -> int:
    """An integer from 1 to ``limit``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
        raise ValidationError(f"{name} must be an integer from 1 to {limit}, got {preview(value)}")
    return value


def non_negative(value: object, name: str) -> int:
    """An integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{name} must be a non-negative integer, got {preview(value)}")
    return value


def field_values(fields: object, *, allow_empty: bool = False) -> dict[str, Any]:
    """Lead field values by API name, dates encoded for the wire."""
    if not isinstance(fields, Mapping):
        raise ValidationError(
            f"fields must be a mapping of field API name to value, got {type(fields).__name__}"
        )
    if not fields and not allow_empty:
        raise ValidationError("fields must not be empty")
    encoded = {}
    for name, value in fields.items():
        if not isinstance(name, str) or not name:
            raise ValidationError(f"field API names must be non-empty strings, got {preview(name)}")
        encoded[name] = encode_date_value(value)
    return encoded


def date_range(value: object, name: str) -> dict[str, Any]:
    """A search range: a ``(from, to)`` tuple or a mapping with ``from``/``to``."""
    if isinstance(value, Mapping):
        unknown = set(value) - {"from", "to"}
        if unknown:
            raise ValidationError(f"{name} takes 'from' and 'to', not {sorted(map(repr, unknown))}")
        return encode_range(value.get("from"), value.get("to"))
    if isinstance(value, tuple) and len(value) == 2:
        return encode_range(value[0], value[1])
    raise ValidationError(
        f"{name} must be a (from, to) tuple or a mapping with 'from'/'to', got {preview(value)}"
    )


def one_or_many(value: object, name: str, convert: Callable[[Any], Any]) -> Any:
    """One value, or a non-empty list of them (a search filter matching any of them)."""
    if isinstance(value, list | tuple | set | frozenset):
        if not value:
            raise ValidationError(f"{name} must not be an empty list")
        return [convert(item) for item in value]
    return convert(value)
