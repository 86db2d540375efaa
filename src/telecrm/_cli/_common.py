"""What every command shares: exit statuses, the errors for a problem with what the user asked for, and the
argparse types that check option values (so that a bad value is a usage error, exit status 2)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Final, TypeVar

from telecrm import ValidationError

__all__ = [
    "EXIT_ERROR",
    "EXIT_INCOMPLETE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "CommandError",
    "UsageError",
    "assignment",
    "at_least",
    "checked_by",
    "int_from",
    "rate",
]

EXIT_OK: Final = 0
EXIT_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_INCOMPLETE: Final = 3
"""Finished, but not everything went through (rejected or failed records, ignored actions, failed checks)."""
EXIT_INTERRUPTED: Final = 130

T = TypeVar("T")


class CommandError(Exception):
    """A problem with what the user asked for, reported as one line (e.g. an unreadable CSV header); the
    command exits with ``status``."""

    status: int = EXIT_ERROR

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class UsageError(CommandError):
    """The command line itself is wrong: options that do not go together, or that do not fit the file.
    Exit status 2, like argparse's own errors."""

    status = EXIT_USAGE


# --- argparse types: a refusal is argparse's usage error ---


def assignment(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` as ``(NAME, VALUE)``; the value may hold ``=``."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"takes NAME=VALUE, got {text!r}")
    return name, value


def at_least(low: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        value = _int(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {value}")
        return value

    return convert


def int_from(low: int, high: int, why: str = "") -> Callable[[str], int]:
    def convert(text: str) -> int:
        value = _int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {value}{why}")
        return value

    return convert


def rate(text: str) -> float:
    """Requests per hour: a finite number >= 0 (0: no pacing)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a number of requests per hour, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            f"takes a number of requests per hour >= 0 (0: no pacing), got {text}"
        )
    return value


def checked_by(check: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type from a check that raises ``ValidationError`` or ``CommandError``."""

    def convert(text: str) -> T:
        try:
            return check(text)
        except (ValidationError, CommandError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return convert


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a whole number, got {text!r}") from None
