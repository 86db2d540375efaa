"""``with_raw_response``: the :class:`RawResponse` a call returns then, and the switch that asks for it.

A module of its own: the resources turn the switch on (:mod:`telecrm.resources._base`), the transport reads it
and builds the value (:mod:`telecrm._transport`); neither needs the other's machinery for that.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Generic, TypeVar

import httpx

from ._errors import request_id_of
from ._value import Value, value

__all__ = ["RAW_RESPONSE", "RawResponse"]

T = TypeVar("T")


@value
class RawResponse(Value, Generic[T]):
    """What ``client.with_raw_response.<resource>.<method>(...)`` returns: the HTTP response and the value the
    method would have returned (``parse()``)."""

    http_response: httpx.Response
    """The ``httpx.Response`` (its body already read and decoded)."""
    parsed: T
    """The value the method returns without ``with_raw_response`` (also ``parse()``)."""

    @property
    def status_code(self) -> int:
        """The HTTP status of the response."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-Id`` (or ``Request-Id``), if it sent one."""
        return request_id_of(self.headers)

    def parse(self) -> T:
        """The value the method returns without ``with_raw_response``."""
        return self.parsed


#: Set by ``with_raw_response`` around one call: the transport then returns a :class:`RawResponse`.
RAW_RESPONSE: ContextVar[bool] = ContextVar("telecrm_raw_response", default=False)
