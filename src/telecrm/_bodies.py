"""Reading a response's body: undoing its ``Content-Encoding`` a chunk at a time, under the client's
``max_response_bytes`` cap and the attempt's deadline.

httpx's own decoder inflates each chunk whole, and its ``read()`` neither caps nor times a body as a whole,
so the transports (:mod:`telecrm._transport`) feed the raw chunks to a :class:`BodyReader` instead. A body
past the cap, or not what its ``Content-Encoding`` says, is an :class:`~telecrm.APIResponseValidationError`.
"""

from __future__ import annotations

import time
import zlib
from typing import Any, NoReturn

import httpx

from ._errors import APIResponseValidationError

__all__ = ["BodyReader", "completed", "read_already"]


class _TooLarge(Exception):
    """The body grew past ``max_response_bytes``."""


class _Undecodable(Exception):
    """The body is not what its ``Content-Encoding`` says."""


class _Inflater:
    """Undoes a response's ``Content-Encoding`` a chunk at a time, never letting one layer produce more than
    ``limit`` bytes from one chunk: httpx's own decoder inflates each received chunk whole, so a few hundred
    bytes of gzip-of-gzip could allocate gigabytes before any size check ran."""

    def __init__(self, encodings: str, limit: int) -> None:
        self.limit = limit
        self.layers: list[Any] = []
        self.deflate: list[bool] = []
        if not encodings:
            return
        for encoding in reversed([part.strip().lower() for part in encodings.split(",") if part.strip()]):
            if encoding == "identity":
                continue
            if encoding not in ("gzip", "x-gzip", "deflate"):
                raise _Undecodable(f"an encoding the client did not ask for ({encoding!r})")
            # 47: a gzip or zlib header, detected; 15: zlib-wrapped deflate (raw deflate is tried on error).
            self.layers.append(zlib.decompressobj(15 if encoding == "deflate" else 47))
            self.deflate.append(encoding == "deflate")

    def feed(self, data: bytes) -> bytes:
        if not self.layers:
            return data
        for index in range(len(self.layers)):
            data = self._run(index, data)
        return data

    def finish(self) -> None:
        if any(not layer.eof for layer in self.layers):
            raise _Undecodable("the compressed body is truncated")
        if any(layer.unused_data for layer in self.layers):
            raise _Undecodable("bytes follow the end of the compressed body")

    def _run(self, index: int, data: bytes) -> bytes:
        layer = self.layers[index]
        out: list[bytes] = []
        produced = 0
        try:
            while data:
                chunk = layer.decompress(data, self.limit + 1)
                produced += len(chunk)
                if produced > self.limit:
                    raise _TooLarge
                out.append(chunk)
                data = layer.unconsumed_tail
        except zlib.error as error:
            if self.deflate[index] and not out:  # "deflate" is often sent raw, without the zlib header
                self.deflate[index] = False
                self.layers[index] = zlib.decompressobj(-15)
                return self._run(index, data)
            raise _Undecodable(str(error)) from error
        return b"".join(out)


def _encoding_checked(response: httpx.Response, limit: int) -> str:
    """The ``Content-Encoding`` (``""`` if none), after refusing a declared length past ``limit``."""
    headers = response.headers
    encoding: str = headers.get("content-encoding", "")
    if not encoding:
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge
    return encoding


def _append(
    chunks: list[bytes], size: int, chunk: bytes, limit: int, at: float, request: httpx.Request
) -> int:
    size += len(chunk)
    if size > limit:
        raise _TooLarge
    chunks.append(chunk)
    if time.monotonic() > at:
        raise httpx.ReadTimeout("the response took longer than the call's timeout", request=request)
    return size


def _too_large(response: httpx.Response, limit: int) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"the {response.request.method} {response.request.url.path} response is larger than "
        f"max_response_bytes ({limit:,} bytes); raise it on the client if this answer is expected",
        status_code=response.status_code,
        body=b"",
    )


def _undecodable(response: httpx.Response, error: Exception) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"the {response.request.method} {response.request.url.path} response is not what its "
        f"Content-Encoding ({response.headers.get('content-encoding')}) says ({error})",
        status_code=response.status_code,
        body=b"",
    )


class BodyReader:
    """Reads one response's body as it arrives: inflated by the SDK, capped at ``limit`` bytes, and ended with
    a read timeout once the attempt's deadline ``at`` (a ``time.monotonic()`` instant) has passed.

    Raises ``APIResponseValidationError`` as soon as the body is known to be too large (a declared length
    past the cap is refused before any of it is read) or undecodable; ``httpx.ReadTimeout`` past ``at``.
    """

    def __init__(self, response: httpx.Response, limit: int, at: float) -> None:
        self.response = response
        self.limit = limit
        self.at = at
        self.chunks: list[bytes] = []
        self.size = 0
        try:
            self.inflater = _Inflater(_encoding_checked(response, limit), limit)
        except (_TooLarge, _Undecodable) as error:
            self._refuse(error)

    def feed(self, raw: bytes) -> None:
        """Take the next chunk as received."""
        try:
            self.size = _append(
                self.chunks, self.size, self.inflater.feed(raw), self.limit, self.at, self.response.request
            )
        except (_TooLarge, _Undecodable) as error:
            self._refuse(error)

    def body(self) -> bytes:
        """The whole body, decoded, once every chunk was fed."""
        try:
            self.inflater.finish()
        except _Undecodable as error:
            self._refuse(error)
        return b"".join(self.chunks)

    def _refuse(self, error: _TooLarge | _Undecodable) -> NoReturn:
        if isinstance(error, _TooLarge):
            raise _too_large(self.response, self.limit) from None
        raise _undecodable(self.response, error) from error


def read_already(response: httpx.Response, limit: int) -> bytes:
    """The body of a response a transport handed back read already (a lent client's ``MockTransport``), held
    to the same cap."""
    if len(response.content) > limit:
        raise _too_large(response, limit)
    return response.content


def completed(response: httpx.Response, body: bytes) -> httpx.Response:
    """``response`` with its (already decoded) body in memory, for users to read: an error's or a raw
    response's. Success answers are decoded from ``body`` without building it."""
    try:
        response.content  # noqa: B018  # read already (by a transport that hands back read bodies)
    except httpx.ResponseNotRead:
        pass
    else:
        return response
    headers = [(name, value) for name, value in response.headers.raw if name.lower() != b"content-encoding"]
    completed = httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=response.request,
        extensions=response.extensions,
    )
    completed.elapsed = response.elapsed
    return completed
