"""Output: JSON for scripts, ``rich`` tables for people (``rich`` is the ``cli`` extra; loaded for tables)."""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from telecrm import CustomAction, Payment, TimelineEntry

if TYPE_CHECKING:
    from rich.console import Console


def emit_json(data: object) -> None:
    json.dump(jsonable(data), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def jsonable(value: object) -> object:
    """``value`` with SDK objects turned into JSON values: actions in their API shape, amounts as strings."""
    if isinstance(value, CustomAction | Payment):
        return jsonable({**value.to_sync(), **value.extra})
    if isinstance(value, TimelineEntry):
        return jsonable(value.raw)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


_UNWRAPPED_WIDTH: Final = 100_000
"""Columns given to output that is not a terminal (a file, a pipe): wide enough that no table cell wraps,
so that a number or an id is never split over two lines for the program or person reading it."""


def console(*, stderr: bool = False) -> Console:
    """A rich console on stdout (or stderr). On a terminal, tables fit its width; anywhere else they are as
    wide as their content (``COLUMNS`` is ignored there)."""
    try:
        from rich.console import Console
    except ImportError:
        from ._common import CommandError

        raise CommandError(
            "tables need the 'rich' package (the cli extra): pip install 'telecrm[cli]', or use --json"
        ) from None
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(
        file=stream,
        highlight=False,
        soft_wrap=False,
        width=None if terminal else _UNWRAPPED_WIDTH,
    )


def cell(value: object) -> str:
    """A value as a table cell: strings as they are, everything else as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(jsonable(value), ensure_ascii=False, separators=(", ", ": "))


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    out = console()  # first: it explains a missing rich
    from rich.table import Table

    grid = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        grid.add_row(*(cell(value) for value in row))
    out.print(grid)


def pairs(title: str | None, items: Iterable[tuple[str, object]]) -> None:
    """A two-column name/value table."""
    table(title, ("name", "value"), items)


def note(message: str) -> None:
    """A line for people (stderr), kept out of the data on stdout."""
    print(message, file=sys.stderr)
