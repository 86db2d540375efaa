"""The progress bar of ``telecrm ingest`` on stderr: records done of the total, rate, time left, and counts
of queued, invalid and failed records and of 429 answers (``rich``, the ``cli`` extra; loaded when shown)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from telecrm import IngestProgress

from ._render import console

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(total: int, title: str, *, dry_run: bool) -> Iterator[Callable[[IngestProgress], None]]:
    """A bar headed ``title`` for ``total`` records, shown while the context lasts; yields what updates it
    from ``upsert_many``'s progress (a dry run queues nothing, so shows no queued count)."""
    stderr = console(stderr=True)  # first: it explains a missing rich
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[counts]}"),
        console=stderr,
    )
    task = bar.add_task(title, total=total, rate="", counts="")

    def update(progress: IngestProgress) -> None:
        rate = progress.done / progress.elapsed if progress.elapsed > 0 else 0.0
        counts = f"queued {progress.queued}" if not dry_run else ""
        counts += f"  invalid {progress.invalid}  failed {progress.failed}"
        if progress.rate_limited:
            counts += f"  429s {progress.rate_limited}"
        bar.update(task, completed=progress.done, rate=f"{rate:,.1f} rec/s", counts=counts.strip())

    with bar:
        yield update
