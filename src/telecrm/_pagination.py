"""Lazy pagination over ``skip``/``limit`` endpoints.

Nothing is fetched until iteration starts, and each page is fetched only when the previous
one is used up. Iteration stops exactly at the last page: when ``skip + len(page)`` reaches
the server's ``total_count``, at an empty page, or (when the server gives no total) at a
page shorter than the page size. A server that ignores ``skip`` (it answers the same page
again) ends the iteration with :class:`~telecrm.APIResponseValidationError` instead of
looping forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Generic, NoReturn, TypeVar

from ._checks import JSONReady
from ._errors import APIResponseValidationError
from ._value import value

T = TypeVar("T")


@value
class Page(Generic[T], JSONReady):
    """One page as the server returned it."""

    items: tuple[T, ...]
    skip: int
    limit: int
    #: How many items match in all; ``None`` if the server did not say.
    total_count: int | None

    def after(self, previous: Page[T] | None) -> Page[T]:
        """This page, checked to be a new one: the same items again (in any order) mean the server ignored
        ``skip``. Without a ``total_count`` nothing else would end the paging."""
        if previous is not None and self.items and _repeats(self, previous):
            raise APIResponseValidationError(
                f"the server answered skip={self.skip} with the same {len(self.items)} items as skip="
                f"{previous.skip}: it ignores skip, so paging cannot go on",
                status_code=200,
                body=b"",
            )
        return self

    def next_skip(self) -> int | None:
        """The ``skip`` of the following page, or ``None`` if this is the last one."""
        if not self.items:
            return None
        following = self.skip + len(self.items)
        if self.total_count is not None:
            return following if following < self.total_count else None
        return following if len(self.items) >= self.limit else None


def _repeats(page: Page[T], previous: Page[T]) -> bool:
    if page.items == previous.items:
        return True
    if (
        page.total_count is not None
        or len(page.items) != len(previous.items)
        or page.items[0] not in previous.items
    ):
        return False
    # Values holding mappings are not hashable: compare the two pages as sorted lists of their reprs.
    return sorted(map(repr, page.items)) == sorted(map(repr, previous.items))


class Pager(Generic[T]):
    """Iterate to get every item across pages; :meth:`pages` yields whole pages."""

    def __init__(self, fetch: Callable[[int], Page[T]]) -> None:
        self._fetch = fetch

    def pages(self) -> Iterator[Page[T]]:
        """Every page as it is fetched, for ``total_count`` or to handle items in batches."""
        skip: int | None = 0
        page: Page[T] | None = None
        while skip is not None:
            page = self._fetch(skip).after(page)
            yield page
            skip = page.next_skip()

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def first_page(self) -> Page[T]:
        """Fetch only the first page (e.g. to read ``total_count``)."""
        return self._fetch(0)


class AsyncPager(Generic[T]):
    """``async for`` gives every item across pages; :meth:`pages` yields whole pages."""

    def __init__(self, fetch: Callable[[int], Awaitable[Page[T]]]) -> None:
        self._fetch = fetch

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every page as it is fetched, for ``total_count`` or to handle items in batches."""
        skip: int | None = 0
        page: Page[T] | None = None
        while skip is not None:
            page = (await self._fetch(skip)).after(page)
            yield page
            skip = page.next_skip()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    # Type checkers refuse `for` over an AsyncPager already; at run time, say what to write instead.
    if not TYPE_CHECKING:

        def __iter__(self) -> NoReturn:
            raise TypeError(
                "an AsyncPager is iterated with `async for`, inside an async function: `async for lead in "
                "client.leads.search(...)`; the sync Telecrm client's pagers take a plain `for`"
            )

    async def first_page(self) -> Page[T]:
        """Fetch only the first page (e.g. to read ``total_count``)."""
        return await self._fetch(0)
