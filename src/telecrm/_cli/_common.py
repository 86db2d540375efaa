"""What every command shares: exit statuses and the error for a problem with what the user asked for."""

from __future__ import annotations

from typing import Final

__all__ = ["EXIT_ERROR", "EXIT_INCOMPLETE", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "CommandError"]

EXIT_OK: Final = 0
EXIT_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_INCOMPLETE: Final = 3
"""Finished, but not everything went through (rejected or failed records, ignored actions, failed checks)."""
EXIT_INTERRUPTED: Final = 130


class CommandError(Exception):
    """A problem with what the user asked for, reported as one line (e.g. an unreadable CSV header)."""
