"""Output files that must not overwrite an input or each other, checked once for the library and the CLI.

A file written by an ingestion run (the CLI's rejects file, the journal and the files SQLite keeps beside it)
that is also the input, or another output, destroys it: ``--rejects leads.csv`` would truncate the input
before it is read again, ``--rejects`` naming the journal would make the next resume refuse it. Names are
compared after resolving symbolic links, and files by device and inode, so a hard link or a symbolic link to
the input is caught too. The check runs before anything is opened for writing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .._errors import ValidationError

__all__ = ["journal_files", "refuse_overlapping_outputs"]


def journal_files(journal: str | os.PathLike[str]) -> dict[str, Path]:
    """The files a journal at ``journal`` writes: the database, and SQLite's log and index beside it."""
    path = Path(journal)
    return {
        "the journal": path,
        "the journal's write-ahead log": Path(f"{path}-wal"),
        "the journal's shared-memory index": Path(f"{path}-shm"),
    }


def refuse_overlapping_outputs(inputs: Mapping[str, Path], outputs: Mapping[str, Path]) -> None:
    """``ValidationError`` naming both if any output is an input or another output (by resolved path, or by
    device and inode for files that exist); keys are how the message names each path."""
    seen: list[tuple[str, Path, str, tuple[int, int] | None]] = [
        (name, path, *_identity(path)) for name, path in inputs.items()
    ]
    for name, path in outputs.items():
        real, inode = _identity(path)
        for other, other_path, other_real, other_inode in seen:
            if real == other_real or (inode is not None and inode == other_inode):
                how = "is" if real == other_real else "is the same file as"
                raise ValidationError(
                    f"{name} ({str(path)!r}) {how} {other} ({str(other_path)!r}): writing it would destroy "
                    f"{other}; choose another path"
                )
        seen.append((name, path, real, inode))


def _identity(path: Path) -> tuple[str, tuple[int, int] | None]:
    real = os.path.realpath(path)
    try:
        info = os.stat(real)
    except OSError:  # not there yet (or unreadable): only its name can be compared
        return real, None
    return real, (info.st_dev, info.st_ino)
