"""Client configuration: arguments, then ``TELECRM_*`` environment variables, then defaults; checked once.

Tokens are held as ``Secret`` so that they never show up in a ``repr``, a log line or an exception message.
Each API has its own token and host; the transport asks ``Settings.require_token(api)`` per request, so the
Sync token only ever goes to ``base_url`` and the Async token only to ``ingest_base_url``.
"""

from __future__ import annotations

import enum
import ipaddress
import math
import os
import re
from collections.abc import Mapping
from typing import Final, Literal, final
from urllib.parse import urlsplit

import httpx

from ._checks import preview
from ._errors import ValidationError
from ._value import Value, evolve, field, value

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_INGEST_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Secret",
    "Settings",
    "resolve_settings",
]

DEFAULT_BASE_URL: Final = "https://next.telecrm.in/autoupdate/v2"
DEFAULT_INGEST_BASE_URL: Final = "https://next-api.telecrm.in"
DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
"""Largest response body the client reads (after decompression); a page of 100 leads is well under 1 MiB."""


class _Unset(enum.Enum):
    UNSET = enum.auto()


_UNSET: Final = _Unset.UNSET

_MAX_URL_CHARS: Final = 2048

# user:password@ in a URL, so that a refused URL can be quoted without its credentials
_USERINFO: Final = re.compile(r"(?<=://)[^/?#]*@")


@final
class Secret:
    """A token. It prints as ``Secret('****')``; ``reveal()`` returns the value, for the Authorization header.

    A plain class rather than an attrs one, so that a generic dump of the settings cannot unpack it either.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The token itself. Never log it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('****')"

    __str__ = __repr__


def _enterprise_id(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"enterprise_id is a str, not {type(value).__name__}")
    if not value or not value.isascii() or not value.isprintable() or any(ch.isspace() for ch in value):
        raise ValidationError(
            f"enterprise_id {preview(value)} is not an enterprise ID (find it in Settings → Website and API)"
        )
    return value


def _secret(value: Secret | str | None) -> Secret | None:
    if value is None or isinstance(value, Secret):
        return value
    if not isinstance(value, str):
        raise ValidationError(f"a token is a str, not {type(value).__name__}")
    # The messages below never quote the token.
    if not value:
        raise ValidationError("a token must not be empty")
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValidationError(
            "a token must not contain whitespace or control characters: pass the token alone, without "
            "'Bearer ' or a trailing newline"
        )
    if not value.isascii():
        # It goes into the Authorization header, which carries ASCII only; API tokens are ASCII.
        raise ValidationError(
            "a token must be ASCII: this one holds other characters, so it was probably copied with "
            "something else attached"
        )
    return Secret(value)


def _base_url(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"a base URL is a str, not {type(value).__name__}")
    shown = preview(_USERINFO.sub("****@", value))
    if len(value) > _MAX_URL_CHARS or not value.isascii() or not value.isprintable():
        raise ValidationError(
            f"{shown} is not a base URL: it must be printable ASCII, at most {_MAX_URL_CHARS} characters"
        )
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError for a port out of range or not a number
        httpx.URL(value)  # what httpx would refuse when sending (a bad IDNA host, say) is refused here
    except ValueError:
        raise ValidationError(f"{shown} is not a valid URL") from None
    except Exception as error:  # httpx.InvalidURL, or the idna package's own errors
        raise ValidationError(f"{shown} is not a valid URL ({type(error).__name__})") from None
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            f"{shown}: a base URL must not carry credentials; pass the token as token= or ingest_token="
        )
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or port == 0
        or any(ch.isspace() for ch in value)
    ):
        raise ValidationError(f"{shown} is not an absolute http(s) URL such as {DEFAULT_BASE_URL!r}")
    if parts.query or parts.fragment:
        raise ValidationError(f"{shown}: a base URL has no query or fragment")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValidationError(
            f"{shown} is not HTTPS: tokens would travel in clear text. Plain http is allowed only for "
            "loopback hosts (localhost, 127.0.0.0/8, ::1), e.g. a local fake server"
        )
    return value.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_MAX_TIMEOUT: Final = 86_400.0


def _seconds(value: object) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and 0 < value <= _MAX_TIMEOUT
        and not (isinstance(value, float) and math.isnan(value))
    )


def _timeout(value: object) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        parts = {"connect": value.connect, "read": value.read, "write": value.write, "pool": value.pool}
        for name, seconds in parts.items():
            if not _seconds(seconds):
                raise ValidationError(
                    f"the {name} timeout must be a finite number of seconds > 0 and at most a day, got "
                    f"{preview(seconds)}: every call needs a finite timeout"
                )
        return value
    if not _seconds(value):
        raise ValidationError(
            f"timeout must be a finite number of seconds > 0 (at most a day) or an httpx.Timeout, got "
            f"{preview(value)}: every call needs a finite timeout"
        )
    return httpx.Timeout(float(value))  # type: ignore[arg-type]


_MAX_RETRIES_CAP: Final = 20


def _max_retries(value: object) -> int:
    # Capped: with backoff doubling to its ceiling, 20 retries already wait several minutes.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_RETRIES_CAP:
        raise ValidationError(
            f"max_retries must be an int from 0 to {_MAX_RETRIES_CAP}, got {preview(value)}"
        )
    return value


def _max_response_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1024:
        raise ValidationError(f"max_response_bytes must be an int >= 1024, got {preview(value)}")
    return value


def _log_level(value: object) -> Literal["info", "debug"] | None:
    if value is None:
        return None
    if value == "info":
        return "info"
    if value == "debug":
        return "debug"
    raise ValidationError(f"TELECRM_LOG must be 'info' or 'debug', got {value!r}")


@value
class Settings(Value):
    """Validated client configuration. Build it with ``resolve_settings``; every field is checked on creation.

    ``timeout`` is always finite; ``token`` (Sync) and ``ingest_token`` (Async) are optional here, because a
    client may use only one API, and are demanded by ``require_token`` before a request is sent.
    """

    enterprise_id: str = field(converter=_enterprise_id)
    token: Secret | None = field(default=None, converter=_secret)
    ingest_token: Secret | None = field(default=None, converter=_secret)
    base_url: str = field(default=DEFAULT_BASE_URL, converter=_base_url)
    ingest_base_url: str = field(default=DEFAULT_INGEST_BASE_URL, converter=_base_url)
    timeout: httpx.Timeout = field(default=DEFAULT_TIMEOUT, converter=_timeout, hash=False)
    max_retries: int = field(default=DEFAULT_MAX_RETRIES, converter=_max_retries)
    max_response_bytes: int = field(default=DEFAULT_MAX_RESPONSE_BYTES, converter=_max_response_bytes)
    log_level: Literal["info", "debug"] | None = field(default=None, converter=_log_level)
    stray_variables: tuple[str, ...] = field(default=(), repr=False, eq=False)
    """``TELECRM_*`` environment variables that were set but are not read (``TELECRM_TOKEN``): named, never
    shown, when a setting they may have been meant for is missing."""

    def require_token(self, api: Literal["sync", "async"]) -> str:
        """The token for ``api``; ``ValidationError`` saying how to provide it if it is missing."""
        if api == "sync":
            secret, argument, variable, name = self.token, "token", "TELECRM_SYNC_TOKEN", "Sync"
        else:
            secret, argument, variable, name = (
                self.ingest_token,
                "ingest_token",
                "TELECRM_ASYNC_TOKEN",
                "Async",
            )
        if secret is None:
            raise ValidationError(
                f"the {name} API needs a token: set {variable} (or pass {argument}=… to the client); create "
                f"one in Settings → Website and API → API token{_strays_note(self.stray_variables, variable)}"
            )
        return secret.reveal()

    def with_overrides(
        self,
        *,
        timeout: float | httpx.Timeout | _Unset = _UNSET,
        max_retries: int | _Unset = _UNSET,
    ) -> Settings:
        """A copy with a different ``timeout`` and/or ``max_retries``, validated like the original."""
        return evolve(
            self,
            timeout=self.timeout if timeout is _UNSET else timeout,
            max_retries=self.max_retries if max_retries is _UNSET else max_retries,
        )


def resolve_settings(
    *,
    enterprise_id: str | None = None,
    token: str | None = None,
    ingest_token: str | None = None,
    base_url: str | None = None,
    ingest_base_url: str | None = None,
    timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    environ: Mapping[str, str] = os.environ,
) -> Settings:
    """Client settings from the arguments, falling back to the environment, then to the defaults.

    Environment variables: ``TELECRM_ENTERPRISE_ID``, ``TELECRM_SYNC_TOKEN`` (``token``),
    ``TELECRM_ASYNC_TOKEN`` (``ingest_token``), ``TELECRM_BASE_URL``, ``TELECRM_INGEST_BASE_URL`` and
    ``TELECRM_LOG`` (``info`` or ``debug``). An argument always wins; an empty variable counts as unset.
    Raises ``ValidationError`` if ``enterprise_id`` is missing or any value is invalid.
    """

    def pick(argument: str | None, variable: str, default: str | None = None) -> str | None:
        return argument if argument is not None else environ.get(variable) or default

    strays = tuple(sorted(name for name in environ if name.startswith("TELECRM_") and name not in VARIABLES))
    resolved_id = pick(enterprise_id, "TELECRM_ENTERPRISE_ID")
    if resolved_id is None:
        raise ValidationError(
            "enterprise_id is required: set TELECRM_ENTERPRISE_ID (or pass enterprise_id=… to the "
            f"client); find it in Settings → Website and API{_strays_note(strays, 'TELECRM_ENTERPRISE_ID')}"
        )
    # Each value goes through its check here, so the settings hold the checked types.
    return Settings(
        enterprise_id=_enterprise_id(resolved_id),
        token=_secret(pick(token, "TELECRM_SYNC_TOKEN")),
        ingest_token=_secret(pick(ingest_token, "TELECRM_ASYNC_TOKEN")),
        base_url=_base_url(pick(base_url, "TELECRM_BASE_URL", DEFAULT_BASE_URL)),
        ingest_base_url=_base_url(pick(ingest_base_url, "TELECRM_INGEST_BASE_URL", DEFAULT_INGEST_BASE_URL)),
        timeout=_timeout(timeout),
        max_retries=_max_retries(max_retries),
        max_response_bytes=_max_response_bytes(max_response_bytes),
        log_level=_log_level(environ.get("TELECRM_LOG") or None),
        stray_variables=strays,
    )


VARIABLES: Final = frozenset(
    {
        "TELECRM_ENTERPRISE_ID",
        "TELECRM_SYNC_TOKEN",
        "TELECRM_ASYNC_TOKEN",
        "TELECRM_BASE_URL",
        "TELECRM_INGEST_BASE_URL",
        "TELECRM_LOG",
    }
)
"""The environment variables the SDK reads."""


# What a variable the SDK does not read must contain (as a part between underscores) to be named when each
# setting is missing: TELECRM_TOKEN and TELECRM_API_KEY look like tokens, TELECRM_FUZZ like neither.
_LOOKALIKE_PARTS: Final = {
    "TELECRM_ENTERPRISE_ID": frozenset({"ENTERPRISE", "ENTERPRISEID", "ID", "ACCOUNT", "WORKSPACE", "ORG"}),
    "TELECRM_SYNC_TOKEN": frozenset({"TOKEN", "KEY", "SECRET", "AUTH", "BEARER"}),
    "TELECRM_ASYNC_TOKEN": frozenset({"TOKEN", "KEY", "SECRET", "AUTH", "BEARER"}),
}


def _strays_note(strays: tuple[str, ...], wanted: str) -> str:
    """A note naming the variables set but not read that look meant for ``wanted`` (only names, never
    values), or ``""``."""
    lookalikes = [name for name in strays if _LOOKALIKE_PARTS[wanted] & set(name.split("_")[1:])]
    if not lookalikes:
        return ""
    one = len(lookalikes) == 1
    return (
        f" ({', '.join(lookalikes)} {'is' if one else 'are'} set, but the SDK does not read "
        f"{'it' if one else 'them'}: the variable is {wanted})"
    )
