"""Lazy pagination over ``skip``/``limit`` endpoints.

Nothing is fetched until iteration starts, and each page is fetched only when the previous
one is used up. Iteration stops exactly at the last page: when ``skip + len(page)`` reaches
the server's ``total_count``, at an empty page, or (when the server gives no total) at a
page shorter than the page size. A server that ignores ``skip`` (it answers a page of items the last pages
already brought: the same page, reordered, rotated, or alternating pages) ends the iteration
with :class:`~telecrm.APIResponseValidationError` instead of looping forever.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, Generic, NoReturn, TypeVar

from ._errors import APIResponseValidationError
from ._value import JSONReady, make, value

T = TypeVar("T")


@value
class Page(Generic[T], JSONReady):
    """One page as the server returned it."""

    items: tuple[T, ...]
    skip: int
    limit: int
    #: How many items match in all; ``None`` if the server did not say.
    total_count: int | None

    def _after(self, seen: _SeenItems) -> Page[T]:
        """This page, checked to bring at least one item the last pages did not: a page of items already
        seen (the same page again, in any order, rotated, or an earlier page) means the server ignores
        ``skip``, and paging would never end (whatever ``total_count`` says). Only a page paging would go on
        from is checked (the last one ends it anyway), and a page of built-in timeline entries, which action
        search answers with their type alone, is left to the server's ``total_count``: such entries are
        alike, and a page of them repeats an earlier one on any lead with many calls."""
        if self.items and not seen.add(self._seen_as()):
            if self.total_count is not None and all(map(_alike, self.items)):
                return self  # entries nothing tells apart: only the server's total can say when they end
            raise APIResponseValidationError(
                f"the server answered skip={self.skip} with {len(self.items)} items all seen on the last "
                "pages: it ignores skip, so paging cannot go on",
                status_code=200,
                body=b"",
            )
        return self

    def _seen_as(self) -> frozenset[int] | ItemTexts:
        # Taken out of the page: only the pager's window of the last pages keeps the texts.
        texts: ItemTexts | None = self.__dict__.pop(_TEXTS, None)
        return texts if texts is not None else frozenset(map(_item_digest, self.items))

    def next_skip(self) -> int | None:
        """The ``skip`` of the following page, or ``None`` if this is the last one."""
        if not self.items:
            return None
        following = self.skip + len(self.items)
        if self.total_count is not None:
            return following if following < self.total_count else None
        return following if len(self.items) >= self.limit else None


class ItemTexts:
    """A decoded page's items as the server sent them, for the stuck-pager check: the JSON text of the page's
    item list and of its first item, and the decoded items until the page is remembered.

    What the check needs is worked out only when it asks: each item's own text (``split``), the canonical
    digest of the first item (:meth:`first_key`) and of every item (:meth:`canonical_digests`). Mostly the
    first item is not even a substring of the last pages, so it is new, and nothing else is looked at."""

    __slots__ = ("_digests", "_first_key", "decoded", "first", "split", "whole")

    def __init__(self, whole: str, first: str, split: Callable[[str], list[str]], decoded: list[Any]) -> None:
        self.whole = whole
        self.first = first
        self.split = split
        self.decoded: list[Any] | None = decoded
        self._digests: frozenset[int] | None = None
        self._first_key: int | None = None

    def digests(self) -> frozenset[int]:
        """A digest of each item's text (an item is the same item when the server sends the same text)."""
        if self._digests is None:
            self._digests = frozenset(hash(("json", text)) for text in self.split(self.whole))
        return self._digests

    def first_key(self) -> int:
        """The first item's canonical digest (see :func:`_canonical_digest`)."""
        if self._first_key is None:
            self._first_key = _canonical_digest(self._items()[0])
        return self._first_key

    def canonical_digests(self) -> frozenset[int]:
        """Every item's canonical digest."""
        return frozenset(map(_canonical_digest, self._items()))

    def _items(self) -> list[Any]:
        assert self.decoded is not None, "a remembered page keeps no decoded items"
        return self.decoded


#: One spelling of each JSON value: the same value however a server spaced, escaped or ordered it.
_CANONICAL: Final = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
)


def _canonical_digest(item: Any) -> int:
    """A digest of a decoded item that no spacing, escaping, key order or number spelling of the server
    changes: it is re-encoded with sorted keys and whole numbers written as integers."""
    return hash(("canonical", _CANONICAL.encode(_plain_numbers(item))))


def _plain_numbers(value: Any) -> Any:
    """``value`` with every whole float an int (``1.0`` and ``1``, ``-0.0`` and ``0`` are one number to
    Python, and must be one spelling to the canonical form)."""
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is dict:
        return {key: _plain_numbers(item) for key, item in value.items()}
    if kind is list:
        return [_plain_numbers(item) for item in value]
    return value


class _SeenItems:
    """Which items the last pages brought, in memory bounded however long the paging goes.

    Items with ids (or pages not decoded from a body) are told apart by digests of their ids (or ``repr``),
    for as many pages as ``DIGEST_BUDGET`` digests hold. Items read from a body are told apart by their
    text over the last ``WINDOW`` pages (``TEXT_BUDGET`` characters at most): a page is new when its first
    item's text is nowhere in them, else when one of its items' texts is not. Text can only prove an item
    the same, not new: a server spelling the same items differently on every answer would look new forever,
    and so would one cycling through more pages than the window. So the canonical form of each page's first
    item is remembered for the last ``FIRSTS`` pages; a first item seen before switches the check to every
    item's canonical digest for the rest of the paging (a server repeating itself costs that CPU; a sound
    one does not get there unless a whole page shifted under it).
    """

    WINDOW: Final = 16
    TEXT_BUDGET: Final = 1_000_000
    DIGEST_BUDGET: Final = 100_000
    FIRSTS: Final = 1024

    def __init__(self) -> None:
        self._pages: deque[frozenset[int] | ItemTexts] = deque()
        self._counts: dict[int, int] = {}  # how many kept pages hold each digest, for O(1) lookups
        self._digest_count = 0
        self._text_pages = 0
        self._texts = 0
        self._firsts: deque[int] = deque(maxlen=self.FIRSTS)
        self._canonical = False

    def add(self, items: frozenset[int] | ItemTexts) -> bool:
        """Remember a page's items; whether any of them was not on the last pages."""
        if isinstance(items, ItemTexts):
            first_key = items.first_key()
            repeated = first_key in self._firsts
            self._firsts.append(first_key)
            if self._canonical:
                return self._remember(items.canonical_digests())
            if repeated:
                # Texts prove sameness soundly: a page they find all seen is the end. Otherwise the canonical
                # window starts with this page.
                new = self._new(items)
                self._canonical = True
                self._pages.clear()
                self._counts.clear()
                self._digest_count = self._text_pages = self._texts = 0
                self._remember(items.canonical_digests())
                return new
            items.decoded = None  # a remembered page keeps its texts, not its decoded items
        return self._remember(items)

    def _new(self, items: frozenset[int] | ItemTexts) -> bool:
        if isinstance(items, ItemTexts) and all(
            isinstance(page, ItemTexts) and items.first not in page.whole for page in self._pages
        ):
            return True  # its first item is nowhere in the last pages' text
        texts = [page for page in self._pages if isinstance(page, ItemTexts)]
        return any(
            digest not in self._counts and not any(digest in page.digests() for page in texts)
            for digest in _digests(items)
        )

    def _remember(self, items: frozenset[int] | ItemTexts) -> bool:
        new = self._new(items)
        self._pages.append(items)
        self._weigh(items, +1)
        while len(self._pages) > 1 and (
            self._text_pages > self.WINDOW
            or self._texts > self.TEXT_BUDGET
            or self._digest_count > self.DIGEST_BUDGET
        ):
            self._weigh(self._pages.popleft(), -1)
        return new

    def _weigh(self, page: frozenset[int] | ItemTexts, sign: int) -> None:
        if isinstance(page, ItemTexts):
            self._text_pages += sign
            self._texts += sign * len(page.whole)
            return
        self._digest_count += sign * len(page)
        for digest in page:
            count = self._counts.get(digest, 0) + sign
            if count:
                self._counts[digest] = count
            else:
                del self._counts[digest]


def _digests(items: frozenset[int] | ItemTexts) -> frozenset[int]:
    return items.digests() if isinstance(items, ItemTexts) else items


#: Where :func:`decoded_page` keeps a page's :class:`ItemTexts`: in the instance, outside its fields, so
#: they take no part in its equality, ``repr``, pickling or ``to_dict()``.
_TEXTS: Final = "_item_texts"


def _alike(item: object) -> bool:
    """Whether ``item`` carries nothing that tells it from another of its kind: a built-in timeline entry,
    which action search answers with its ``type`` alone (``{"type": "OUTGOING_CALL"}``)."""
    raw = getattr(item, "raw", None)
    return not has_id(item) and isinstance(raw, Mapping) and raw.keys() <= {"type"}


def has_id(item: object) -> bool:
    """Whether ``item`` has an id (a non-empty string), which tells it apart from other items."""
    identity = getattr(item, "id", None)
    return isinstance(identity, str) and bool(identity)


def _item_digest(item: object) -> int:
    """What tells ``item`` apart from other items of a pager when its text is not known: its id when it has
    one, else its ``repr``."""
    # Values holding mappings are not hashable, so an item is never hashed itself.
    return hash(("id", getattr(item, "id", None)) if has_id(item) else ("repr", repr(item)))


def decoded_page(
    items: tuple[T, ...], skip: int, limit: int, total_count: int | None, texts: ItemTexts | None
) -> Page[T]:
    """A page decoded from a response, with its items' texts when the decoder kept them."""
    page: Page[T] = make(Page, items=items, skip=skip, limit=limit, total_count=total_count)
    if texts is not None:
        page.__dict__[_TEXTS] = texts
    return page


def _unchecked(page: Page[T]) -> Page[T]:
    """A page no pager checks: it lets go of its items' texts."""
    page.__dict__.pop(_TEXTS, None)
    return page


class Pager(Generic[T]):
    """Iterate to get every item across pages; :meth:`pages` yields whole pages."""

    def __init__(self, fetch: Callable[[int], Page[T]]) -> None:
        self._fetch = fetch

    def pages(self) -> Iterator[Page[T]]:
        """Every page as it is fetched, for ``total_count`` or to handle items in batches."""
        skip: int | None = 0
        seen = _SeenItems()
        while skip is not None:
            page = self._fetch(skip)
            skip = page.next_skip()
            yield _unchecked(page) if skip is None else page._after(seen)

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def first_page(self) -> Page[T]:
        """Fetch only the first page (e.g. to read ``total_count``)."""
        return _unchecked(self._fetch(0))


class AsyncPager(Generic[T]):
    """``async for`` gives every item across pages; :meth:`pages` yields whole pages."""

    def __init__(self, fetch: Callable[[int], Awaitable[Page[T]]]) -> None:
        self._fetch = fetch

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every page as it is fetched, for ``total_count`` or to handle items in batches."""
        skip: int | None = 0
        seen = _SeenItems()
        while skip is not None:
            page = await self._fetch(skip)
            skip = page.next_skip()
            yield _unchecked(page) if skip is None else page._after(seen)

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
        return _unchecked(await self._fetch(0))
