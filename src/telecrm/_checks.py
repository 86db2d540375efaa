"""Generic argument checks, and the one way a value is previewed in a message.

Every check raises :class:`ValidationError` naming the argument, before anything is sent. Rules about one part
of the API live with that part (action codes and amounts in :mod:`telecrm._actions`, dates in
:mod:`telecrm._dates`); this module holds what every resource shares.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from ._dates import DateInput, encode_datetime, encode_range
from ._errors import ValidationError

__all__ = [
    "RangeInput",
    "date_range",
    "email",
    "field_values",
    "flag",
    "header_items",
    "identifier",
    "is_email",
    "json_value",
    "non_negative",
    "number",
    "one_or_many",
    "page_size",
    "preview",
    "query_value",
    "text",
]

RangeInput = Mapping[str, DateInput | None] | tuple[DateInput | None, DateInput | None]

_WHITESPACE: Final = re.compile(r"\s")
_PREVIEW_CHARS: Final = 60

MAX_SAFE_INTEGER: Final = 2**53 - 1
"""The largest integer a JavaScript server keeps exactly; beyond it numbers are silently rounded."""
MAX_DEPTH: Final = 32
"""How deeply lists and mappings may nest in one field value (no lead field needs more than two)."""
MAX_IDENTIFIER_CHARS: Final = 1024
"""Longest id, email or api name sent in a URL path (real ones are under 100 characters)."""


def preview(value: object) -> str:
    """``repr(value)``, shortened: values end up in exception messages and logs. Never raises, whatever the
    value (a 5,000-digit int, an object whose ``__repr__`` fails)."""
    if isinstance(value, str) and len(value) > _PREVIEW_CHARS:
        value = value[: _PREVIEW_CHARS - 3]
        suffix = "…"
    else:
        suffix = ""
    if isinstance(value, int) and value.bit_length() > 128:
        # repr() of an int of thousands of digits raises ValueError (the int max str digits limit).
        return f"<an int of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except Exception:  # a user's __repr__ may fail in any way; the message must still be built
        return f"<{type(value).__name__} object>"
    if suffix:
        return f"{text}{suffix}"
    return text if len(text) <= _PREVIEW_CHARS else f"{text[: _PREVIEW_CHARS - 1]}…"


def text(value: object, name: str) -> str:
    """A string that can be sent: valid Unicode (no lone surrogates) and no NUL."""
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string, got {type(value).__name__}")
    _unicode(value, name)
    if "\x00" in value:
        raise ValidationError(f"{name} contains a NUL character: {preview(value)}")
    return value


def _unicode(value: str, name: object) -> str:
    """``value`` if it is valid Unicode (no lone surrogate, which UTF-8 cannot carry)."""
    if value.isascii():  # a flag CPython keeps on every string: no need to encode it to know
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            f"{name} is not valid Unicode (it holds a lone surrogate): {preview(value)}"
        ) from None
    return value


class _Item:
    """The name of ``container[key]`` in a message, formatted only if a message needs it: checking a value
    must not cost a ``repr`` of every key it holds."""

    __slots__ = ("container", "key")

    def __init__(self, container: object, key: object) -> None:
        self.container = container
        self.key = key

    def __str__(self) -> str:
        return f"{self.container}[{preview(self.key)}]"


def number(value: int | float | Decimal, name: object) -> int | float:
    """``value`` as a JSON number the server reads back exactly, or ``ValidationError`` naming ``name``.

    The one rule for every number: the server keeps numbers as IEEE doubles, so an ``int`` (or an integral
    ``Decimal``) must lie within ±(2**53 - 1), and any other number must be exactly the double nearest to it
    (a ``Decimal`` of more digits than a double holds, or beyond its range, would arrive as another number).
    A number that would arrive changed is refused, never rounded in silence.
    """
    if isinstance(value, int):  # bool is handled by the caller: True is not a number here
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise ValidationError(
                f"{name} is {preview(value)}, beyond ±{MAX_SAFE_INTEGER}: the server would round it; "
                "send a string if the digits matter"
            )
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"{name} is {value}: JSON has no NaN or infinity")
        return value
    if not value.is_finite():
        raise ValidationError(f"{name} is {value}: JSON has no NaN or infinity")
    # No arithmetic in the context here (abs(), +): on a Decimal past the context's exponent range it traps.
    if value.is_zero():
        return 0
    exponent = value.as_tuple().exponent  # an int: the value is finite
    if (isinstance(exponent, int) and exponent >= 0) or value == value.to_integral_value():
        if value.adjusted() < 16 and value.copy_abs() <= MAX_SAFE_INTEGER:
            return int(value)
        raise ValidationError(
            f"{name} is {_decimal_preview(value)}, beyond ±{MAX_SAFE_INTEGER}: the server would round it; "
            "send a string if the digits matter"
        )
    # float() of an exponent far out of a double's range is 0.0 or inf anyway; skip building its digits.
    as_float = float(value) if -400 < value.adjusted() < 400 else math.copysign(0.0, 1)
    if Decimal(repr(as_float)) != value:
        arrives = repr(as_float) if math.isfinite(as_float) else "infinity"
        raise ValidationError(
            f"{name} is {_decimal_preview(value)}, which would arrive as {arrives}: a JSON number holds "
            "a double's 15-17 significant digits; send a string if the digits matter"
        )
    return as_float


def _decimal_preview(value: Decimal) -> str:
    """A Decimal in a message, short whatever its digits or exponent."""
    digits = len(value.as_tuple().digits)
    if digits > 40 or abs(value.adjusted()) > 40:
        return f"Decimal with {digits} digits, exponent {value.adjusted()}"
    return f"Decimal('{value}')"


def json_value(value: object, name: str | _Item, *, _depth: int = 0) -> object:
    """``value`` as the API takes a field value, or ``ValidationError`` naming ``name`` and what is wrong.

    A field value is a string of valid Unicode, a finite number (an ``int`` within JavaScript's exact range,
    a finite ``float`` or ``Decimal``), a ``bool``, ``None``, a ``date``/``datetime`` (encoded as the API
    reads dates, wherever it nests), or a list, tuple or string-keyed mapping of those.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _unicode(value, name)
    if isinstance(value, int | float | Decimal):
        return number(value, name)
    if isinstance(value, date):
        try:
            return encode_datetime(value)
        except ValidationError as exc:
            raise ValidationError(f"{name}: {exc}") from None
    if isinstance(value, list | tuple | Mapping):
        if _depth >= MAX_DEPTH:
            raise ValidationError(f"{name} nests lists or mappings more than {MAX_DEPTH} levels deep")
        if isinstance(value, Mapping):
            encoded: dict[str, object] = {}
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ValidationError(f"{name} has a key that is not a string: {preview(key)}")
                if not key.isascii() or "\x00" in key:
                    text(key, f"a key of {name}")  # the full check, named, only where it can fail
                encoded[key] = json_value(item, _Item(name, key), _depth=_depth + 1)
            return encoded
        return [json_value(item, _Item(name, index), _depth=_depth + 1) for index, item in enumerate(value)]
    raise ValidationError(
        f"{name} is of type {type(value).__name__}, which is not a JSON value: use a string, number, bool, "
        "None, date, or a list or mapping of those"
    )


def identifier(value: object, name: str) -> str:
    """A non-empty string that can be a URL path segment (a lead id, an api name...)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string, got {preview(value)}")
    text(value, name)
    if len(value) > MAX_IDENTIFIER_CHARS:
        raise ValidationError(
            f"{name} is {len(value)} characters long; the API's are under {MAX_IDENTIFIER_CHARS}"
        )
    if value in {".", ".."}:
        # A dot segment survives percent-encoding and is resolved away by URL normalisation,
        # which would send the request to another endpoint (".." on an action id = the lead).
        raise ValidationError(f"{name} cannot be {value!r}")
    return value


_HEADER_NAME: Final = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_VALUE: Final = re.compile(r"[\t\x20-\x7e]*")


def header_items(headers: object, name: str) -> tuple[tuple[str, str], ...]:
    """Extra HTTP headers: names that are HTTP tokens, values of printable ASCII (no CR, LF or NUL, which
    would end the header or inject another)."""
    if not isinstance(headers, Mapping):
        raise ValidationError(
            f"{name} must be a mapping of header name to value, got {type(headers).__name__}"
        )
    items = []
    for key, value in headers.items():
        if not isinstance(key, str) or not _HEADER_NAME.fullmatch(key):
            raise ValidationError(f"{name} has a key that is not an HTTP header name: {preview(key)}")
        if not isinstance(value, str) or not _HEADER_VALUE.fullmatch(value):
            raise ValidationError(
                f"{name}[{key!r}] must be a string of printable ASCII (no line breaks), got {preview(value)}"
            )
        items.append((key, value))
    return tuple(items)


def query_value(value: object, name: str) -> str | int | float | bool:
    """A query parameter value: a string of valid Unicode, a finite number, or a bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return text(value, name)
    if isinstance(value, int | float):
        json_value(value, name)  # the same range as a JSON number
        return value
    raise ValidationError(f"{name} must be a string, number or bool, got {type(value).__name__}")


def flag(value: object, name: str) -> bool:
    """A ``True``/``False`` argument (not any object with a truth value)."""
    if not isinstance(value, bool):
        raise ValidationError(f"{name} must be True or False, got {preview(value)}")
    return value


def is_email(text: str) -> bool:
    """Whether ``text`` has the shape of an email address (the check the API itself makes): ``local@domain``
    with one ``@``, a dot inside the domain, no whitespace. Checked in linear time: the pattern
    ``[^@\\s]+@[^@\\s]+\\.[^@\\s]+`` it equals backtracks quadratically on a long run of dots."""
    local, at, domain = text.partition("@")
    return (
        bool(at and local) and "@" not in domain and "." in domain[1:-1] and _WHITESPACE.search(text) is None
    )


def email(value: object, name: str = "email") -> str:
    """An email address, surrounding spaces trimmed."""
    text = identifier(value, name).strip()
    if not is_email(text):
        raise ValidationError(f"{name} is not an email address: {preview(value)}")
    return text


def normalize_email(value: str) -> str:
    """An email address as the API compares it: surrounding whitespace trimmed, lower-cased (the API matches
    emails case-insensitively, so the case carries nothing). ``ValidationError`` if it is not one."""
    text = value.strip()
    if not is_email(text):
        raise ValidationError(f"{preview(value)} is not an email address (local@domain.tld)")
    return text.lower()


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


def field_values(fields: object, *, allow_empty: bool = False, name: str = "fields") -> dict[str, Any]:
    """Field values by API name as the API takes them (see :func:`json_value`), dates encoded for the wire."""
    if not isinstance(fields, Mapping):
        raise ValidationError(
            f"{name} must be a mapping of field API name to value, got {type(fields).__name__}"
        )
    if not fields and not allow_empty:
        raise ValidationError(f"{name} must not be empty")
    encoded = {}
    for key, value in fields.items():
        if not isinstance(key, str) or not key:
            raise ValidationError(f"field API names must be non-empty strings, got {preview(key)}")
        text(key, "a field API name")
        encoded[key] = json_value(value, _Item(name, key))
    return encoded


def date_range(value: object, name: str) -> dict[str, Any]:
    """A search range: a ``(from, to)`` tuple or a mapping with ``from``/``to``."""
    if isinstance(value, Mapping):
        unknown = set(value) - {"from", "to"}
        if unknown:
            raise ValidationError(f"{name} takes 'from' and 'to', not {sorted(map(preview, unknown))}")
        bounds = (value.get("from"), value.get("to"))
    elif isinstance(value, tuple) and len(value) == 2:
        bounds = value
    else:
        raise ValidationError(
            f"{name} must be a (from, to) tuple or a mapping with 'from'/'to', got {preview(value)}"
        )
    try:
        return encode_range(*bounds)
    except ValidationError as exc:
        raise ValidationError(f"{name}: {exc}") from None


def one_or_many(value: object, name: str, convert: Callable[[Any], Any]) -> Any:
    """One value, or a non-empty list of them (a search filter matching any of them)."""
    if isinstance(value, list | tuple | set | frozenset):
        if not value:
            raise ValidationError(f"{name} must not be an empty list")
        return [convert(item) for item in value]
    return convert(value)
