"""A page read straight from its body (the fast reading that keeps each item's JSON text for the stuck-pager
check) decodes exactly as ``json.loads`` does, and refuses exactly what it refuses."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from telecrm._operations import page

#: What the decoder turns into ``APIResponseValidationError`` (a page whose ``data`` is no list...).
REFUSALS = (ValueError, KeyError, TypeError, AttributeError, RecursionError)

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)
PAGE_OBJECTS = st.dictionaries(
    st.sampled_from(["data", "total_count", "skip", "limit", "x", ""]) | st.text(max_size=4),
    JSON_VALUES | st.lists(st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=3), max_size=4),
    max_size=5,
)
LAYOUTS = st.fixed_dictionaries(
    {
        "indent": st.sampled_from([None, 0, 2, "\t", " \r\n"]),
        "separators": st.sampled_from([(",", ":"), (", ", ": "), (" ,\n", " :\t")]),
        "ensure_ascii": st.booleans(),
    }
)


def decoded(body: bytes) -> tuple[str, Any]:
    """What a page of ``body`` holds (its items and total) when read fast, or the error that refused it."""
    reader = page(lambda item: item, 0, 100)
    try:
        result = reader.read(body)
    except REFUSALS as exc:
        return "refused", type(exc)
    return "page", (result.items, result.total_count)


def decoded_by_json(body: bytes) -> tuple[str, Any]:
    reader = page(lambda item: item, 0, 100)
    try:
        data = json.loads(body, parse_constant=lambda constant: (_ for _ in ()).throw(ValueError(constant)))
    except ValueError as exc:
        return "refused", type(exc)
    if not isinstance(data, dict):
        return "not an object", None
    try:
        result = reader(data)
    except REFUSALS as exc:
        return "refused", type(exc)
    return "page", (result.items, result.total_count)


@given(PAGE_OBJECTS, LAYOUTS)
def test_a_page_in_any_layout_decodes_as_json_loads_decodes_it(
    data: dict[str, Any], layout: dict[str, Any]
) -> None:
    body = json.dumps(data, **layout).encode()

    assert decoded(body) == decoded_by_json(body)


@given(PAGE_OBJECTS, st.data())
def test_a_damaged_page_is_read_as_json_loads_reads_it(data: dict[str, Any], draw: st.DataObject) -> None:
    body = bytearray(json.dumps(data, separators=(",", ":")).encode())
    for _ in range(draw.draw(st.integers(1, 3))):
        at = draw.draw(st.integers(0, len(body)))
        if draw.draw(st.booleans()) and at < len(body):
            del body[at]
        else:
            body[at:at] = draw.draw(
                st.sampled_from([b"{", b"}", b"[", b"]", b",", b":", b'"', b" ", b"1", b"\\"])
            )

    expected = decoded_by_json(bytes(body))
    if expected[0] == "not an object":
        return  # the decoder's caller refuses a body that is not an object; not this reading's concern
    assert decoded(bytes(body)) == expected
