"""What every resource shares: its client, and how it runs an operation or pages through one.

Resources are typed against the concrete clients (as openai-python's are); the import is for type checkers
only, so a resource module never imports the client module at run time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from .._operations import Operation
from .._pagination import AsyncPager, Page, Pager
from .._transport import RequestOptions

if TYPE_CHECKING:
    from .._client import AsyncTelecrm, Telecrm

__all__ = ["AsyncResource", "SyncResource"]

T = TypeVar("T")


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
