"""Reading every lead of a ``created_on`` range without losing or doubling any while the workspace changes.

Lead search pages by offset, newest first, so a lead created while a long search is paged shifts every later
page by one: a lead is read twice, or (after a deletion) one is skipped. Reading in small ``created_on``
windows bounds that: a window is paged from its first page to its last, every page's ``total_count`` is
compared with the first one's, and a window whose count moved, or whose pages hold the same lead twice, is
read again. A range holding more than :data:`WINDOW_LEADS` leads is cut into shorter windows first. Windows
come out oldest first, each as a whole, so memory holds one window at a time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterator
from typing import Final

from telecrm import Lead, Pager, TelecrmError

__all__ = ["WINDOW_LEADS", "Window", "read_windows"]

WINDOW_LEADS: Final = 1_000
"""Most leads one window holds (ten pages of 100): a range with more is cut into shorter windows."""
_REREADS: Final = 5
"""Times a window whose count keeps moving is read again before it is cut in two (or, if it is a single
millisecond, before the export stops with an error)."""
_MAX_PARTS: Final = 64

Search = Callable[[int, int], Pager[Lead]]
"""Every lead created from ``low`` to ``high`` (epoch ms, both inclusive), newest first."""


class Window:
    """The leads created from ``low`` to ``high`` (epoch ms, inclusive), as one consistent read."""

    __slots__ = ("high", "leads", "low", "reads")

    def __init__(self, low: int, high: int, leads: list[Lead], reads: int) -> None:
        self.low, self.high, self.leads, self.reads = low, high, leads, reads


def read_windows(search: Search, low: int, high: int, key: Callable[[Lead], Hashable]) -> Iterator[Window]:
    """Every lead created from ``low`` to ``high`` (epoch ms, inclusive), window by window, oldest first.

    ``key`` gives a lead's identity (its identifier value): a window holding one twice was shifted while it
    was read, and is read again.
    """
    pending = [(low, high)]  # a stack: the oldest range on top
    while pending:
        start, end = pending.pop()
        reads = 0
        while True:
            reads += 1
            outcome = _read(search(start, end), end > start, key)
            if isinstance(outcome, list):
                yield Window(start, end, outcome, reads)
                break
            if outcome > WINDOW_LEADS or (reads >= _REREADS and end > start):
                parts = min(max(2, math.ceil(2 * outcome / WINDOW_LEADS)), _MAX_PARTS, end - start + 1)
                pending.extend(reversed(_split(start, end, parts)))
                break
            if reads >= _REREADS:
                raise TelecrmError(
                    f"the leads created at {start} (epoch ms) kept changing while they were read "
                    f"({reads} reads): run the export again"
                )


def _read(pager: Pager[Lead], splittable: bool, key: Callable[[Lead], Hashable]) -> list[Lead] | int:
    """The window's leads, or the count it had if it must be cut (too many) or read again (it moved:
    then the count is at most WINDOW_LEADS)."""
    leads: list[Lead] = []
    total: int | None = None
    for page in pager.pages():
        count = page.total_count if page.total_count is not None else len(page.items)
        if total is None:
            total = count
            if total > WINDOW_LEADS and splittable:
                return total
        elif count != total:
            return min(count, WINDOW_LEADS)
        leads.extend(page.items)
    if len(leads) != (total or 0) or len({key(lead) for lead in leads}) != len(leads):
        return min(total or 0, WINDOW_LEADS)
    return leads


def _split(start: int, end: int, parts: int) -> list[tuple[int, int]]:
    """``[start, end]`` cut into ``parts`` consecutive ranges of (nearly) equal length, oldest first."""
    length = end - start + 1
    bounds = [start + length * index // parts for index in range(parts + 1)]
    return [
        (bounds[index], bounds[index + 1] - 1) for index in range(parts) if bounds[index + 1] > bounds[index]
    ]
