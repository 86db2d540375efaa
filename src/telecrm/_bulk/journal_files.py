"""The journal's files: a journal that cannot say which records were sent, or that is not this run's alone, is
refused before anything is sent, with a :class:`~telecrm.JournalError` that says what to do.

A damaged journal. A journal whose files were cut short, by a copy taken mid-run, a full disk, a sync tool,
or a power cut, would silently forget the last states it recorded, and a resumed run would send records
already queued as if they were new. So :meth:`Journal.open` refuses a journal that has lost anything, with a
:class:`~telecrm.JournalError`, before anything is sent:

- a database file shorter than its header says, or not a whole number of pages (its end was cut off);
- a write-ahead log (``<journal>-wal``) holding fewer committed changes than its index (``<journal>-shm``,
  which survives a kill) says were committed: SQLite itself would drop the missing tail without a word;
- anything ``PRAGMA quick_check`` finds.

A journal that cannot say which records were sent is not guessed around: it is refused, and the message says
what to do. Writes that fail mid-run (a full disk) stop the run with a ``JournalError`` too; the failed
transaction leaves no trace, so the journal resumes once the cause is fixed.

One run at a time may use a journal: on POSIX an advisory lock (``flock``) on the journal's database file
itself refuses a second one, whatever name reaches the file (a symbolic or hard link), and it is released by
the OS however the holder dies. Nothing but the journal and SQLite's ``-wal``/``-shm`` files is kept beside
it. A directory, FIFO or device at the journal path is refused at once, and so is a journal with a second name
(a hard link), whose log SQLite would keep under one name only.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import struct
from pathlib import Path
from typing import Final

from .._errors import JournalError

__all__ = ["check_files", "damaged", "failure", "lock", "unlock"]

_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_WAL_MAGICS: Final = (0x377F0682, 0x377F0683)
_WAL_HEADER: Final = 32
_FRAME_HEADER: Final = 24
_WAL_VERSION: Final = 3007000


# --- what SQLite would silently drop ---


def check_files(where: Path) -> None:
    """Refuse a journal whose database file or write-ahead log was cut short (see the module's notes)."""
    try:
        with where.open("rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        return  # a new journal
    if size == 0:
        return  # SQLite treats an empty file as a new database
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise JournalError(
            f"{str(where)!r} is not an ingestion journal (not a SQLite database): choose another "
            "journal path",
            path=str(where),
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, change_counter, valid_for = (
        int.from_bytes(header[28:32], "big"),
        header[24:28],
        header[92:96],
    )
    if page_size < 512 or size % page_size:
        raise damaged(where, f"it is {size} bytes long, not a whole number of {page_size}-byte pages")
    log = Path(f"{where}-wal")
    # Without a log (closed cleanly) everything is in the database file. With one, a checkpoint cut short
    # by a kill may have written the header before the pages: the log still holds them, and is checked.
    closed_cleanly = not (log.exists() and log.stat().st_size)
    if closed_cleanly and pages and change_counter == valid_for and size < pages * page_size:
        raise damaged(where, f"it is {size} bytes long, but its header says {pages * page_size}")
    _check_log(where)


def _check_log(where: Path) -> None:
    """Refuse a write-ahead log holding fewer committed frames than its index says were committed."""
    index = _read(Path(f"{where}-shm"), 136)
    if index is None or len(index) < 136:
        return  # no index: the last run closed the journal cleanly (or nothing can be compared)
    first, second = index[:48], index[48:96]
    version, is_init = struct.unpack_from("=I", first, 0)[0], first[12]
    if first != second or version != _WAL_VERSION or not is_init:
        return  # an index caught mid-update: SQLite rebuilds it from the log, and so cannot lose anything
    committed = struct.unpack_from("=I", first, 16)[0]
    backfilled = struct.unpack_from("=I", index, 96)[0]
    if committed <= backfilled:
        return  # every committed frame is already in the database file
    log = _read(Path(f"{where}-wal"), None) or b""
    frames, salts = _committed_frames(log)
    if salts != first[32:40]:
        frames = 0  # the log was replaced or its header lost: none of the frames the index counts are there
    if frames < committed:
        raise damaged(
            where,
            f"its write-ahead log {where!s}-wal holds {frames} committed frames, but {committed} were "
            "committed: its end was cut off",
        )


def _committed_frames(log: bytes) -> tuple[int, bytes | None]:
    """How many frames SQLite would recover from a write-ahead log (up to its last valid commit), and the
    log's salt; ``(0, None)`` for a log whose header is not valid."""
    if len(log) < _WAL_HEADER:
        return 0, None
    magic, version, page_size = struct.unpack_from(">III", log, 0)
    if magic not in _WAL_MAGICS or version != _WAL_VERSION or page_size < 512:
        return 0, None
    big_endian = bool(magic & 1)
    checksum = _checksum(log[:24], (0, 0), big_endian)
    if checksum != struct.unpack_from(">II", log, 24):
        return 0, None
    salts = log[16:24]
    frames = last_commit = 0
    offset = _WAL_HEADER
    while offset + _FRAME_HEADER + page_size <= len(log):
        page, commit = struct.unpack_from(">II", log, offset)
        if page == 0 or log[offset + 8 : offset + 16] != salts:
            break
        checksum = _checksum(log[offset : offset + 8], checksum, big_endian)
        checksum = _checksum(
            log[offset + _FRAME_HEADER : offset + _FRAME_HEADER + page_size], checksum, big_endian
        )
        if checksum != struct.unpack_from(">II", log, offset + 16):
            break
        frames += 1
        if commit:
            last_commit = frames
        offset += _FRAME_HEADER + page_size
    return last_commit, salts


def _checksum(data: bytes, start: tuple[int, int], big_endian: bool) -> tuple[int, int]:
    """SQLite's write-ahead log checksum (a Fletcher-like sum over pairs of 32-bit words)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    first, second = start
    for index in range(0, len(words), 2):
        first = (first + words[index] + second) & 0xFFFFFFFF
        second = (second + words[index + 1] + first) & 0xFFFFFFFF
    return first, second


def _read(path: Path, size: int | None) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read() if size is None else handle.read(size)
    except FileNotFoundError:
        return None


# --- errors that say what to do ---


def damaged(where: Path, detail: str) -> JournalError:
    return JournalError(
        f"the ingestion journal {str(where)!r} is damaged ({detail}): it can no longer tell which records "
        "were already sent, so it is not used. Keep it for reference; run again with a new journal only if "
        "sending records again is acceptable (fields are upserted again, actions would be duplicated)",
        path=str(where),
    )


_READ_ONLY: Final = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
_NO_SPACE: Final = frozenset({errno.ENOSPC, errno.EDQUOT})


def failure(where: Path, exc: sqlite3.Error | OSError, doing: str) -> JournalError:
    """The journal error for an SQLite or OS failure: what happened and what to do."""
    shown = repr(str(where))
    name = getattr(exc, "sqlite_errorname", "") or ""
    number = exc.errno if isinstance(exc, OSError) else None
    detail = f"{name or type(exc).__name__}: {exc}"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN")) or number in _READ_ONLY:
        message = (
            f"cannot write the ingestion journal {shown} while {doing} ({detail}): make it and its directory "
            f"writable (the journal also keeps {where.name}-wal and {where.name}-shm beside it), or choose "
            "another journal path"
        )
    elif name.startswith("SQLITE_FULL") or number in _NO_SPACE:
        message = (
            f"the disk is full: the ingestion journal {shown} could not be written ({detail}). It keeps the "
            "state of every record up to here: free some space, then run again with the same journal to "
            "resume"
        )
    elif name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return damaged(where, detail)
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        message = (
            f"the ingestion journal {shown} is locked by another program ({detail}): close it (a database "
            "browser?) and run again"
        )
    else:
        message = (
            f"the ingestion journal {shown} failed while {doing} ({detail}). It keeps the state of every "
            "record written before: fix the cause, then run again with the same journal to resume"
        )
    return JournalError(message, path=str(where))


# --- one run per journal ---


def lock(path: Path) -> tuple[Path, int]:
    """The journal's real file (symbolic links resolved), opened (created if new) and locked for this run.

    The lock is an advisory ``flock`` on the database file itself, so it follows the file whatever name
    reaches it (a symbolic link, a hard link), leaves nothing beside it, and is released by the OS however
    the holder dies. SQLite's own locks are POSIX record locks, which ``flock`` does not touch. Anything but
    a regular file at the path (a directory, a FIFO, a device) is refused before it is opened: reading a
    FIFO would block forever.
    """
    real = Path(os.path.realpath(path))
    try:
        _regular_file(path, os.stat(real).st_mode)
    except FileNotFoundError:
        pass  # a new journal
    except OSError as exc:
        raise failure(path, exc, "opening it") from None
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(real, flags, 0o666)
    except OSError as exc:
        raise failure(path, exc, "opening it") from None
    try:
        _regular_file(path, os.fstat(descriptor).st_mode)  # what was opened, should the path have changed
        try:
            import fcntl
        except ImportError:  # not POSIX: no advisory locks; one run at a time is then up to the caller
            return real, descriptor
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise JournalError(
                f"the journal {str(path)!r} is in use by another ingestion run; wait for it to finish or use "
                "another journal",
                path=str(path),
            ) from None
        if os.fstat(descriptor).st_nlink > 1:
            # SQLite names its write-ahead log after the name it was given: a run killed under one name leaves
            # committed states in a log the other name never reads, and would send those records again.
            raise JournalError(
                f"the journal {str(path)!r} has another name (a hard link): SQLite would keep its log under "
                "one name only and a resume under the other would forget records already sent. Copy it to a "
                "file of its own (cp, not ln) and use that",
                path=str(path),
            )
    except BaseException:
        os.close(descriptor)
        raise
    return real, descriptor


def _regular_file(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "a directory"
        if stat.S_ISDIR(mode)
        else "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise JournalError(
        f"the journal path {str(path)!r} is {kind}, not a journal file: choose the path of a file (a new one "
        "starts a new journal)",
        path=str(path),
    )


def unlock(descriptor: int | None) -> None:
    if descriptor is not None:
        os.close(descriptor)  # closing the file releases its flock
