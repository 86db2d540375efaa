"""Operations: one prepared API call each, built by the resources and executed by the clients.

An :class:`Operation` holds the request (method, path, query, JSON body) and how the 2xx response becomes the
value the caller gets. The body is decoded once, straight from JSON into the SDK's values: going through the
generated ``telecrm_api`` models at run time cost a third of a search page's CPU and 30 ms of imports on the
first call. The generated package stays the source of truth for shapes: a test holds every operation's
request to the generated ``_get_kwargs`` and its decoding to the generated models, on every example in the
patched spec (``tests/spec/test_layer_matches_generated.py``).
"""

from __future__ import annotations

import codecs
import functools
import json as _json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, Generic, Literal, TypeVar, cast
from urllib.parse import quote

import httpx

from ._errors import APIResponseValidationError, mask_secrets, secrets_of
from ._pagination import ItemTexts, Page, decoded_page, has_id
from ._value import Value, make, value

__all__ = ["Api", "Operation", "PageReader", "operation", "page", "segment"]

T = TypeVar("T")
Api = Literal["sync", "async"]


@value
class Operation(Value, Generic[T]):
    """One prepared API call: the request arguments (``method``, ``url`` relative to the API's base URL,
    ``params``, ``json``, ``headers``) and how to turn the 2xx response into ``T``."""

    api: Api
    request: Mapping[str, Any]
    decode: Callable[[httpx.Response, bytes], T]
    """Turns a success answer (the response, and its body already read and decompressed) into ``T``."""
    #: A call that creates something is replayed only when it provably was not processed.
    creates: bool = False


@functools.lru_cache(maxsize=4096)
def segment(value: str) -> str:
    """A path segment, percent-encoded as the generated operations encode it (``quote(value, safe="")``).
    Cached: the workspace id is in every path, and a lead's id in each call about it."""
    return quote(value, safe="")


def _not_json(constant: str) -> object:
    """``NaN``, ``Infinity`` and ``-Infinity``, which Python's decoder takes but JSON does not have."""
    raise ValueError(f"{constant} is not a JSON value")


def _loads(body: bytes) -> Any:
    return _json.loads(body, parse_constant=_not_json)


def _decoder(convert: Callable[[Any], T], status: int) -> Callable[[httpx.Response, bytes], T]:
    read: Callable[[bytes], T] = (
        cast(Callable[[bytes], T], convert.read)
        if isinstance(convert, PageReader)
        else lambda body: convert(_loads(body))
    )

    def decode(response: httpx.Response, body: bytes) -> T:
        if response.status_code != status:
            raise APIResponseValidationError(
                f"the {response.request.method} {response.request.url.path} answer has status "
                f"{response.status_code}, where the API documents {status}",
                status_code=response.status_code,
                body=mask_secrets(body, secrets_of(response)),
            )
        if body[:3] == codecs.BOM_UTF8:
            body = body[3:]  # which JSON's RFC 8259 lets a reader ignore
        try:
            # Every success body of this API is a JSON object; checking the first byte refuses a list or a
            # page of HTML before parsing anything.
            if body[:1] != b"{" and body.lstrip()[:1] != b"{":
                raise TypeError("expected a JSON object")
            return read(body)
        except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError, RecursionError) as exc:
            secrets = secrets_of(response)  # what the answer quotes of the request's token is masked
            raise APIResponseValidationError(
                f"could not decode the {response.request.method} {response.request.url.path} response "
                f"({type(exc).__name__}: {mask_secrets(str(exc), secrets)})",
                status_code=response.status_code,
                body=mask_secrets(body, secrets),
            ) from exc

    return decode


def operation(
    api: Api,
    method: Literal["GET", "POST"],
    path: str,
    convert: Callable[[Any], T],
    *,
    params: Mapping[str, Any] | None = None,
    json: Mapping[str, Any] | None = None,
    creates: bool = False,
    status: int = 200,
) -> Operation[T]:
    """One call of ``api``: ``path`` relative to its base URL (segments already encoded with :func:`segment`),
    its query ``params`` and ``json`` body, ``convert`` turning the decoded JSON object into the result, and
    the success ``status`` the API documents (any other 2xx is an unreadable answer).

    The request is exactly what the generated operation's ``_get_kwargs`` builds and ``convert`` reads what
    its models decode: ``tests/spec/test_layer_matches_generated.py`` holds both to that, for every
    operation and every example in the patched spec.
    """
    request: dict[str, Any] = {"method": method, "url": path}
    if params:
        request["params"] = params
    if json is not None:
        request["json"] = json  # httpx sends it with Content-Type: application/json
    return make(Operation, api=api, request=request, decode=_decoder(convert, status), creates=creates)


class PageReader(Generic[T]):
    """Decodes a list page (what :func:`page` returns): from its decoded JSON object, or (:meth:`read`) from
    the body itself, keeping the JSON text of its items for the pager's stuck-server check
    (:class:`~telecrm._pagination.ItemTexts`): a ``repr`` of every lead of a search page, which the check
    used to take, cost more than decoding the page."""

    __slots__ = ("convert", "size", "skip")

    def __init__(self, convert: Callable[[Any], T], skip: int, size: int) -> None:
        self.convert = convert
        self.skip = skip
        self.size = size

    def __call__(self, data: Mapping[str, Any]) -> Page[T]:
        return self._page(data, None)

    def read(self, body: bytes) -> Page[T]:
        """The page in ``body``, a JSON object, decoded as ``json.loads`` decodes it."""
        try:
            data, texts = _page_object(body.decode(_json.detect_encoding(body), "surrogatepass"))
        except (ValueError, StopIteration, IndexError):
            # Whatever the fast reading does not take, JSON's own decoder judges (its error, or its value).
            return self._page(_loads(body), None)
        return self._page(data, texts)

    def _page(self, data: Mapping[str, Any], texts: ItemTexts | None) -> Page[T]:
        items = tuple(self.convert(item) for item in data.get("data") or ())
        if items and has_id(items[0]):
            texts = None  # items with ids are told apart by their ids
        total = data.get("total_count")
        counted = total if isinstance(total, int) and not isinstance(total, bool) else None
        return decoded_page(items, self.skip, self.size, counted, texts)


_JSON: Final = _json.JSONDecoder(parse_constant=_not_json)
#: The C scanner ``json.loads`` runs: one JSON value from an index, and the index after it (set by
#: ``JSONDecoder.__init__``, which typeshed does not declare).
_scan: Final[Callable[[str, int], tuple[Any, int]]] = _JSON.scan_once  # type: ignore[attr-defined]
_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")


def _space(text: str, index: int) -> int:
    """The index of the first character at or after ``index`` that is not JSON whitespace."""
    return cast(re.Match[str], _WHITESPACE.match(text, index)).end()


def _after(text: str, index: int, expected: str) -> int:
    """The index of the next token after ``text[index]``, which must be ``expected``."""
    if text[index] != expected:
        raise ValueError(f"expected {expected!r} at {index}")
    return _space(text, index + 1)


def _page_object(text: str) -> tuple[dict[str, Any], ItemTexts | None]:
    """``text`` decoded as a JSON object, as ``json.loads`` decodes it, and the texts of the items of its
    ``data`` list (``None`` if it has none). Raises on anything else, for ``json.loads`` to judge."""
    index = _after(text, _space(text, 0), "{")
    data: dict[str, Any] = {}
    texts: ItemTexts | None = None
    while text[index] != "}" or data:
        if text[index] != '"':
            raise ValueError(f"expected a key at {index}")
        key, index = _scan(text, index)
        index = _after(text, _space(text, index), ":")
        start = index
        data[key], index = _scan(text, index)
        if key == "data":
            texts = (
                _item_texts(text, start, index, data[key]) if type(data[key]) is list and data[key] else None
            )
        index = _space(text, index)
        if text[index] == "}":
            break
        index = _after(text, index, ",")
    if _space(text, index + 1) != len(text):
        raise ValueError("extra data after the JSON object")
    return data, texts


def _item_texts(text: str, start: int, end: int, items: list[Any]) -> ItemTexts:
    """The texts of the (non-empty) JSON list ``text[start:end]``, decoded as ``items``: whole, and of its
    first element."""
    first = _space(text, start + 1)
    return ItemTexts(text[start:end], text[first : _scan(text, first)[1]], _element_texts, items)


def _element_texts(listed: str) -> list[str]:
    """The JSON text of each element of the (non-empty) JSON list ``listed``, as it is written there."""
    texts: list[str] = []
    index = _space(listed, 1)
    while True:
        start = index
        index = _scan(listed, index)[1]
        texts.append(listed[start:index])
        index = _space(listed, index)
        if listed[index] == "]":
            return texts
        index = _after(listed, index, ",")


def page(convert: Callable[[Any], T], skip: int, size: int) -> PageReader[T]:
    """Decode a list page. ``skip`` and ``limit`` are the ones requested: the server's echo
    of them is optional (action search does not document it) and must not steer paging."""
    return PageReader(convert, skip, size)
