"""Operations: one prepared API call each, built by the resources and executed by the clients.

An :class:`Operation` holds the request (method, path, query, JSON body) and how the 2xx response becomes the
value the caller gets. The body is decoded once, straight from JSON into the SDK's values: going through the
generated ``telecrm_api`` models at run time cost a third of a search page's CPU and 30 ms of imports on the
first call. The generated package stays the source of truth for shapes: a test holds every operation's
request to the generated ``_get_kwargs`` and its decoding to the generated models, on every example in the
patched spec (``tests/spec/test_layer_matches_generated.py``).
"""

from __future__ import annotations

import functools
import json as _json
from collections.abc import Callable, Mapping
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote

import httpx

from ._errors import APIResponseValidationError, mask_secrets, secrets_of
from ._pagination import Page
from ._value import Value, make, value

__all__ = ["Api", "Operation", "operation", "page", "segment"]

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


def _decoder(convert: Callable[[Any], T], status: int) -> Callable[[httpx.Response, bytes], T]:
    def decode(response: httpx.Response, body: bytes) -> T:
        if response.status_code != status:
            raise APIResponseValidationError(
                f"the {response.request.method} {response.request.url.path} answer has status "
                f"{response.status_code}, where the API documents {status}",
                status_code=response.status_code,
                body=mask_secrets(body, secrets_of(response)),
            )
        try:
            # Every success body of this API is a JSON object; checking the first byte refuses a list or a
            # page of HTML before parsing anything.
            if body[:1] != b"{" and body.lstrip()[:1] != b"{":
                raise TypeError("expected a JSON object")
            return convert(_json.loads(body, parse_constant=_not_json))
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


def page(convert: Callable[[Any], T], skip: int, size: int) -> Callable[[Mapping[str, Any]], Page[T]]:
    """Decode a list page. ``skip`` and ``limit`` are the ones requested: the server's echo
    of them is optional (action search does not document it) and must not steer paging."""

    def decode(data: Mapping[str, Any]) -> Page[T]:
        total = data.get("total_count")
        return Page(
            items=tuple(convert(item) for item in data.get("data") or ()),
            skip=skip,
            limit=size,
            total_count=total if isinstance(total, int) else None,
        )

    return decode
