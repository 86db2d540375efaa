"""Building one API call's request: the base URL and token of its API, the SDK's and the caller's headers,
the per-call options (:class:`RequestOptions`), and the JSON body, encoded once.

Requests are built from ready parts: URLs and header sets are cached per address and per token, so building
a request costs a fraction of what httpx's own ``build_request`` does. Pure: nothing here sends anything.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, Final, TypedDict, cast

import httpx

from ._checks import header_items, json_value, preview, query_value
from ._config import Settings
from ._errors import ValidationError
from ._operations import Operation
from ._version import __version__

__all__ = ["RequestOptions", "check_options", "prepared", "request_for", "settings_for"]

_USER_AGENT = f"telecrm-python/{__version__}"


class RequestOptions(TypedDict, total=False):
    """Per-call options every resource method takes as keyword arguments, for that call only.

    Keys of ``extra_query`` and ``extra_body`` replace the SDK's own, for what the SDK does not know yet.
    Their values are held to the rules every value is: query values are strings, numbers or bools; body
    values are JSON values as field values are (dates encoded).
    """

    extra_headers: Mapping[str, str]
    """Headers sent with this request, replacing the SDK's of the same name (any case); ``Authorization``
    cannot be set: each API gets its own token."""
    extra_query: Mapping[str, str | int | float | bool]
    """Query parameters added to the request."""
    extra_body: Mapping[str, Any]
    """Top-level keys added to the JSON body; refused (``ValidationError``) on a call without a JSON body."""
    timeout: float | httpx.Timeout
    """This call's timeout instead of the client's: each attempt, as a whole."""
    max_retries: int
    """This call's retries instead of the client's (0 to 20)."""


_OPTION_NAMES = frozenset(RequestOptions.__annotations__)


def check_options(options: Mapping[str, object]) -> RequestOptions:
    """``options`` as given to a resource method, checked before anything is sent, with ``extra_body`` in
    the form it is sent (dates encoded, as in any other JSON value)."""
    unknown = set(options) - _OPTION_NAMES
    if unknown:
        raise ValidationError(
            f"unknown option(s) {sorted(unknown)}; per-call options are {sorted(_OPTION_NAMES)}"
        )
    for name in ("extra_query", "extra_body"):
        value = options.get(name)
        if value is not None and (
            not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value)
        ):
            raise ValidationError(f"{name} must be a mapping with string keys, got {type(value).__name__}")
    given_headers = options.get("extra_headers")
    headers = header_items({} if given_headers is None else given_headers, "extra_headers")
    for key, value in cast(Mapping[str, object], options.get("extra_query") or {}).items():
        query_value(value, f"extra_query[{key!r}]")
    if any(name.lower() == "authorization" for name, _ in headers):
        raise ValidationError(
            "extra_headers cannot set Authorization: the client sends each API its own token"
        )
    checked = dict(options)
    if options.get("extra_body") is not None:
        checked["extra_body"] = json_value(options["extra_body"], "extra_body")
    return cast(RequestOptions, checked)


def settings_for(settings: Settings, options: RequestOptions) -> Settings:
    """The client's settings with this call's ``timeout`` and ``max_retries``, validated like the client's."""
    given: Mapping[str, Any] = options
    overrides = {name: given[name] for name in ("timeout", "max_retries") if given.get(name) is not None}
    return settings.with_overrides(**overrides) if overrides else settings


def _user_agent(theirs: str | None) -> str:
    if theirs is None or theirs.startswith("python-httpx/"):
        return _USER_AGENT
    return f"{theirs} {_USER_AGENT}"


def request_for(
    call: Operation[Any],
    settings: Settings,
    headers: Mapping[str, str],
    options: RequestOptions | None = None,
    client_headers: httpx.Headers | None = None,
) -> httpx.Request:
    """The request for ``call``: the right base URL and token for its API, the client's and the call's
    headers, and the call's extra query and body."""
    base = settings.base_url if call.api == "sync" else settings.ingest_base_url
    # The token is chosen by the call's API, so a Sync token can never reach the Async host
    # (or the reverse): each host only ever sees its own token.
    token = settings.require_token(call.api)
    spec = call.request
    params = spec.get("params")
    body = spec.get("json")
    custom = {**headers}
    if options:
        if options.get("extra_query"):
            params = {**(params or {}), **options["extra_query"]}
        if options.get("extra_body"):
            if not isinstance(body, dict):
                raise ValidationError(f"extra_body: {spec['method'].upper()} {spec['url']} has no JSON body")
            body = {**body, **options["extra_body"]}
        custom.update(options.get("extra_headers") or {})
    theirs = next((value for name, value in custom.items() if name.lower() == "user-agent"), None)
    if theirs is None and client_headers is not None:
        theirs = client_headers.get("User-Agent")
    method = spec["method"].upper()
    url = _url(base + spec["url"], params)
    ready = _headers(url.netloc, token, _user_agent(theirs), tuple(custom.items()), method, body is not None)
    extensions = {"timeout": settings.timeout.as_dict()}
    if body is None:
        request = httpx.Request(method, url, headers=ready, stream=_NO_BODY, extensions=extensions)
    else:
        content = _encode_json(body).encode("utf-8")
        request = httpx.Request(
            method, url, headers=ready, stream=httpx.ByteStream(content), extensions=extensions
        )
        request.headers["Content-Length"] = str(len(content))
    request.read()  # the body is in memory: `request.content` works, as on any request httpx builds
    return request


def _url(address: str, params: Mapping[str, Any] | None) -> httpx.URL:
    # Query values are checked to be strings, numbers or bools, so the query is hashable.
    return _parsed_url(address, tuple(params.items()) if params else ())


@functools.lru_cache(maxsize=1024)
def _parsed_url(address: str, query: tuple[tuple[str, Any], ...]) -> httpx.URL:
    # Parsing and validating a URL is a third of the cost of building a request; most calls go to a few
    # addresses (a workspace's metadata, lead search, lead create, upsert), so each is parsed once.
    url = httpx.URL(address, params=query or None)
    url.host  # noqa: B018  # decodes an IDNA host, refusing one httpx cannot read (as building a request does)
    return url


#: The body httpx's ``json=`` sends (its own encoder settings): the SDK encodes it once, itself, so that a
#: request is built from ready headers (:func:`_headers`) instead of httpx working them out on every call.
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_NO_BODY: Final = httpx.ByteStream(b"")


@functools.lru_cache(maxsize=64)
def _headers(
    host: bytes,
    token: str,
    user_agent: str,
    custom: tuple[tuple[str, str], ...],
    method: str,
    has_json: bool,
) -> httpx.Headers:
    """The headers of every request to ``host`` with this token, these custom headers and this kind of body,
    as httpx would add them to the request (``Host`` first, then the rest; ``Content-Length`` is set per
    request). httpx copies them into each request. The caller's headers win over the SDK's of the same
    name, whatever its case, except ``Content-Length``, which is always the body's."""
    given = {name.lower() for name, _ in custom}
    headers = {} if "host" in given else {"Host": host.decode("ascii")}
    headers.update((name, value) for name, value in _SDK_HEADERS.items() if name.lower() not in given)
    headers.update(
        (name, value) for name, value in custom if name.lower() not in ("user-agent", "content-length")
    )
    headers["Authorization"] = f"Bearer {token}"
    headers["User-Agent"] = user_agent
    if has_json and "content-type" not in given:
        headers["Content-Type"] = "application/json"
    elif not has_json and method in ("POST", "PUT", "PATCH"):
        headers["Content-Length"] = "0"
    return httpx.Headers(headers)


_SDK_HEADERS: Final = {
    "Accept": "application/json",
    # Pages of leads compress well; the body is capped after decompression (max_response_bytes).
    "Accept-Encoding": "gzip, deflate",
}


def prepared(
    call: Operation[Any],
    settings: Settings,
    headers: Mapping[str, str],
    options: RequestOptions | None,
    client_headers: httpx.Headers,
) -> tuple[httpx.Request, Settings]:
    """The request for ``call`` and the settings it runs under (the client's, with the call's ``timeout``
    and ``max_retries``), after checking ``options``; ``ValidationError`` for any argument the request
    cannot be built from, before anything is sent."""
    if options:
        options = check_options(options)
        settings = settings_for(settings, options)
    try:
        return request_for(call, settings, headers, options, client_headers), settings
    except ValidationError:
        raise
    except (httpx.InvalidURL, UnicodeError, ValueError, TypeError, RecursionError) as error:
        # Every argument is checked where it is taken; this is the net under those checks: a request httpx
        # cannot build is the caller's input, refused before anything is sent.
        raise ValidationError(
            f"the request cannot be built from these arguments ({type(error).__name__}: "
            f"{preview(str(error))})"
        ) from error
