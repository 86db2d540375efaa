"""Blocking calls run in daemon threads, their results handed to the event loop: how the bulk engine, written
for anyio, drives a sync client (see :class:`telecrm._bulk.port.SyncPort`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

__all__ = ["DaemonThreads"]

T = TypeVar("T")


class DaemonThreads:
    """Runs blocking calls in daemon threads and hands their results to the event loop.

    Not anyio's worker threads: the interpreter waits for those at exit, so a request abandoned when a run
    stops (Ctrl-C, ``on_progress`` raising) would hold the process for up to its timeout. A daemon thread
    finishes that request on its own, or dies with the process; either way its record stays ``in_flight`` in
    the journal and a resumed run resends it flagged. ``Telecrm`` runs the engine under ``anyio.run``, whose
    default backend is asyncio: results go back through ``call_soon_threadsafe``.
    """

    def __init__(self, size: int) -> None:
        import queue

        self._size = size
        self._started = 0
        self._busy = 0  # calls not finished, counted on the event loop's thread only
        self._work: queue.SimpleQueue[
            tuple[Callable[[], Any], asyncio.AbstractEventLoop, asyncio.Future[Any]] | None
        ] = queue.SimpleQueue()

    async def run(self, function: Callable[[], T]) -> T:
        import asyncio
        import threading

        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._busy += 1
        if self._started < min(self._busy, self._size):  # a thread per call at once, not one per call
            threading.Thread(target=self._serve, name="telecrm-ingest", daemon=True).start()
            self._started += 1
        self._work.put((function, loop, future))
        try:
            return await future
        finally:
            self._busy -= 1

    def close(self) -> None:
        for _ in range(self._started):
            self._work.put(None)
        self._started = 0

    def _serve(self) -> None:
        while (work := self._work.get()) is not None:
            function, loop, future = work
            if future.cancelled():
                continue  # abandoned before it started
            try:
                result = function()
            except BaseException as exc:  # handed to the awaiting task, whatever it is
                outcome: tuple[bool, Any] = (False, exc)
            else:
                outcome = (True, result)
            # A closed event loop raises RuntimeError: the run stopped without waiting for this call.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_resolve, future, outcome)


def _resolve(future: asyncio.Future[Any], outcome: tuple[bool, Any]) -> None:
    if future.done():  # cancelled meanwhile
        return
    succeeded, value = outcome
    if succeeded:
        future.set_result(value)
    elif isinstance(value, StopIteration):  # which a future refuses to carry
        future.set_exception(RuntimeError(f"the call raised {value!r}"))
    else:
        future.set_exception(value)
