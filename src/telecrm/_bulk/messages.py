"""How bulk ingestion words what went wrong: short, printable text for reports, journals and terminals."""

from __future__ import annotations

from typing import Final

__all__ = ["describe", "first_line", "printable"]

_MESSAGE_CHARS: Final = 300


def describe(exc: BaseException) -> str:
    """``TypeName: message`` for an exception of any kind, printable and short, even if its ``__str__``
    fails."""
    try:
        text = str(exc)
    except Exception:
        text = ""
    text = printable(text)
    if len(text) > _MESSAGE_CHARS:
        text = f"{text[: _MESSAGE_CHARS - 1]}…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def first_line(exc: BaseException | None) -> str:
    """The first line of :func:`describe` (empty for ``None``)."""
    return "" if exc is None else describe(exc).splitlines()[0]


def printable(text: str) -> str:
    """``text`` with anything that cannot be written as UTF-8 (a lone surrogate) escaped: reasons end up in
    SQLite, files and terminals."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
