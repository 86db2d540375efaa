"""What every resource shares: its client, and how it runs an operation or pages through one.

Resources are typed against the concrete clients (as openai-python's are); the import is for type checkers
only, so a resource module never imports the client module at run time.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from .._operations import Operation
from .._pagination import AsyncPager, Page, Pager
from .._raw_response import RAW_RESPONSE, RawResponse
from .._requests import RequestOptions

if TYPE_CHECKING:
    from .._client import AsyncTelecrm, Telecrm

__all__ = ["AsyncResource", "SyncResource", "async_raw", "raw"]

T = TypeVar("T")
P = ParamSpec("P")


def raw(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """``method``, returning a :class:`~telecrm.RawResponse` (the HTTP response and the parsed value)."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW_RESPONSE.set(True)
        try:
            return method(*args, **kwargs)  # type: ignore[return-value]  # the transport wraps it
        finally:
            RAW_RESPONSE.reset(token)

    return call


def async_raw(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The awaitable form of :func:`raw`."""

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW_RESPONSE.set(True)
        try:
            return await method(*args, **kwargs)  # type: ignore[return-value]  # the transport wraps it
        finally:
            RAW_RESPONSE.reset(token)

    return call


class SyncResource:
    """A namespace of :class:`~telecrm.Telecrm` (``client.leads``...)."""

    def __init__(self, client: Telecrm) -> None:
        self._client = client

    @property
    def _enterprise_id(self) -> str:
        return self._client.enterprise_id

    def _run(self, operation: Operation[T], options: RequestOptions) -> T:
        return self._client._execute(operation, options)

    def _pager(self, page: Callable[[int], Operation[Page[T]]], options: RequestOptions) -> Pager[T]:
        return Pager(lambda skip: self._client._execute(page(skip), options))


class AsyncResource:
    """A namespace of :class:`~telecrm.AsyncTelecrm`."""

    def __init__(self, client: AsyncTelecrm) -> None:
        self._client = client

    @property
    def _enterprise_id(self) -> str:
        return self._client.enterprise_id

    async def _run(self, operation: Operation[T], options: RequestOptions) -> T:
        return await self._client._execute(operation, options)

    def _pager(self, page: Callable[[int], Operation[Page[T]]], options: RequestOptions) -> AsyncPager[T]:
        def fetch(skip: int) -> Awaitable[Page[T]]:
            return self._client._execute(page(skip), options)

        return AsyncPager(fetch)
