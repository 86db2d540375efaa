"""The ingestion journal: what became of each input record, in SQLite, so that a killed run can resume.

A record is known by its content, not its position: one row per ``(digest, occurrence)``, where ``digest`` is
a hash of the request the record makes (its fields and actions as sent, so ``CustomAction(1001)`` and
``{"type": "ACTION_1001"}`` are the same record) and ``occurrence`` counts the records of the same content
before it in the input (a file may hold one row twice, and both are sent). So a resumed run matches records
one by one however the input changed: lines added, removed or moved, the file sorted or reversed. A record
whose content changed is a different request and is sent; one that did not is never sent again once queued.
Records that fail preflight are kept under a hash of the record as given (they make no request).

States:

- ``pending``: not sent yet, or its last request provably never reached the server (a record with no row
  yet is pending too: it was never sent);
- ``in_flight``: a request carrying it may be on the wire. Written *before* each send, so a run killed at any
  moment leaves every record it might have delivered in this state;
- ``queued``: the Async API answered ``QUEUED``. A resumed run never sends it again;
- ``invalid``: refused by preflight (checked again on resume: the workspace may have changed);
- ``failed``: gave up after the last attempt (sent again on resume).

Each row also keeps ``maybe_delivered``: an earlier request for the record may have been processed (it was
in flight when the run died, or its answer was lost to a timeout, a 5xx or a dropped connection). A later
delivery of such a record may duplicate it, and the report says so.

Durability. WAL with ``synchronous=NORMAL`` survives the process being killed at any moment (committed
transactions are in the OS's hands), though not a power cut. Writes are batched: :meth:`Journal.stage` holds a
change back, and :meth:`Journal.set` commits its own change together with every change staged before it, in
one transaction. So a kill always leaves the journal as it was after some prefix of the changes. The engine
writes ``in_flight`` with ``set`` before each send and stages every other state, which keeps this invariant:
*a record that any request may have carried is durably ``in_flight`` (or a later state) before the request
leaves*. A kill can lose only staged changes, and each of them leaves its record in an earlier state that is
safe to resume from: a record whose ``queued`` was lost is still ``in_flight``, so it is resent and flagged as
possibly duplicated; a lost ``pending``, ``failed`` or ``invalid`` leaves a record that is sent, or checked,
again.

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

import contextlib
import errno
import json
import os
import sqlite3
import stat
import struct
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Final, Literal, Self, TypeAlias

import attrs

from .._errors import JournalError

__all__ = ["STAGED_LIMIT", "Journal", "JournalEntry", "JournalState"]

JournalState = Literal["pending", "in_flight", "queued", "invalid", "failed"]
STATES: Final[tuple[JournalState, ...]] = ("pending", "in_flight", "queued", "invalid", "failed")
_SCHEMA_VERSION: Final = "2"

_SCHEMA: Final = f"""
CREATE TABLE records (
    digest TEXT NOT NULL,
    occurrence INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ({", ".join(f"'{state}'" for state in STATES)})),
    attempts INTEGER NOT NULL DEFAULT 0,
    maybe_delivered INTEGER NOT NULL DEFAULT 0,
    detail TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (digest, occurrence)
) WITHOUT ROWID;
"""

STAGED_LIMIT: Final = 1000
"""Staged changes that make :meth:`Journal.stage` commit on its own: memory stays bounded when many records
are settled without a send (a file of invalid records)."""

#: One staged change: the parameters of ``_UPSERT``.
_Row: TypeAlias = tuple[
    str, int, int, str, int | None, bool | None, str | None, float, int | None, bool | None
]

_UPSERT: Final = """
INSERT INTO records (digest, occurrence, idx, state, attempts, maybe_delivered, detail, updated_at)
VALUES (?, ?, ?, ?, COALESCE(?, 0), COALESCE(?, 0), ?, ?)
ON CONFLICT (digest, occurrence) DO UPDATE SET
    idx = excluded.idx,
    state = excluded.state,
    attempts = COALESCE(?, attempts),
    maybe_delivered = COALESCE(?, maybe_delivered),
    detail = excluded.detail,
    updated_at = excluded.updated_at
"""

_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_WAL_MAGICS: Final = (0x377F0682, 0x377F0683)
_WAL_HEADER: Final = 32
_FRAME_HEADER: Final = 24
_WAL_VERSION: Final = 3007000


@attrs.frozen
class JournalEntry:
    """A record's row: its key, its position in the input of the run that last wrote it, state, attempts
    over all runs, whether an earlier request may have been processed, and the last reasons (JSON list) or
    error."""

    digest: str
    occurrence: int
    index: int
    state: JournalState
    attempts: int
    maybe_delivered: bool
    detail: str | None

    @property
    def delivery_possible(self) -> bool:
        """Whether the server may already hold this record: it was in flight, or an answer was lost."""
        return self.state == "in_flight" or self.maybe_delivered


class Journal:
    """An open journal. Use :meth:`open`, and close it (or use it as a context manager).

    Every method raises :class:`~telecrm.JournalError` (never an ``sqlite3`` or ``OSError``) when the
    journal cannot be read or written.
    """

    def __init__(
        self, connection: sqlite3.Connection, path: Path, lock: int | None, had_records: bool
    ) -> None:
        self._db = connection
        self.path = path
        self._lock = lock
        #: Changes held back by :meth:`stage`, in order, until the next commit, and the records they are of.
        #: A run reads each record's row before it writes it, so :meth:`get` rarely finds its record here and
        #: need not commit: the engine's one commit per record stays the ``in_flight`` one.
        self._staged: list[_Row] = []
        self._staged_keys: set[tuple[str, int]] = set()
        self._had_records = had_records

    @property
    def had_records(self) -> bool:
        """Whether the journal held any record when it was opened. A run that reads each record's row before
        it writes it need not read one from a journal that held none: every row is one it has not written."""
        return self._had_records

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, enterprise_id: str) -> Journal:
        """Open (or create) the journal at ``path`` for ``enterprise_id``.

        Raises :class:`~telecrm.JournalError` if it cannot be created or written, belongs to another
        enterprise, is not a journal, is damaged (see the module's notes), or is in use by another run.
        """
        where = Path(path)
        real, lock = _lock(where)
        db: sqlite3.Connection | None = None
        try:
            _check_files(real)
            # The real file: SQLite names its -wal and -shm files after the path it is given, and every
            # name that reaches the journal must find the same ones.
            db = sqlite3.connect(real, isolation_level=None)  # autocommit: each statement commits
            _prepare(db, where, enterprise_id)
            had_records = db.execute("SELECT EXISTS (SELECT 1 FROM records)").fetchone() == (1,)
        except BaseException as exc:
            if db is not None:
                db.close()
            _unlock(lock)
            if isinstance(exc, sqlite3.Error | OSError):
                raise _failure(where, exc, "opening it") from None
            raise
        return cls(db, where, lock, had_records)

    def close(self) -> None:
        """Commit what is staged, then close."""
        try:
            self.commit()
            self._db.close()
        except sqlite3.Error as exc:  # the last checkpoint failed: every committed state is in the log
            raise _failure(self.path, exc, "closing it") from None
        finally:
            _unlock(self._lock)
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- reading ---

    def get(self, digest: str, occurrence: int) -> JournalEntry | None:
        if (digest, occurrence) in self._staged_keys:
            self.commit()  # a change of its own waits: the row must show it
        try:
            row = self._db.execute(
                "SELECT digest, occurrence, idx, state, attempts, maybe_delivered, detail FROM records "
                "WHERE digest = ? AND occurrence = ?",
                (digest, occurrence),
            ).fetchone()
        except sqlite3.Error as exc:
            raise _failure(self.path, exc, "reading it") from None
        if row is None:
            return None
        return JournalEntry(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6])

    def counts(self) -> Mapping[JournalState, int]:
        """How many records are in each state."""
        self.commit()
        try:
            found = dict(self._db.execute("SELECT state, COUNT(*) FROM records GROUP BY state").fetchall())
        except sqlite3.Error as exc:
            raise _failure(self.path, exc, "reading it") from None
        return {state: int(found.get(state, 0)) for state in STATES}

    # --- writing: staged changes, committed together ---

    def set(
        self,
        digest: str,
        occurrence: int,
        index: int,
        state: JournalState,
        *,
        attempts: int | None = None,
        maybe_delivered: bool | None = None,
        detail: str | None = None,
    ) -> None:
        """Record ``state`` for a record (at ``index`` in this run's input) durably: when this returns, it
        and every change staged before it are committed. ``attempts`` and ``maybe_delivered`` are kept from
        the previous row when not given."""
        self.stage(
            digest,
            occurrence,
            index,
            state,
            attempts=attempts,
            maybe_delivered=maybe_delivered,
            detail=detail,
        )
        self.commit()

    def stage(
        self,
        digest: str,
        occurrence: int,
        index: int,
        state: JournalState,
        *,
        attempts: int | None = None,
        maybe_delivered: bool | None = None,
        detail: str | None = None,
    ) -> None:
        """Like :meth:`set`, but committed later: with the next :meth:`set` or :meth:`commit`, at
        :meth:`close`, or once ``STAGED_LIMIT`` changes wait. A kill before then loses it (see the module's
        notes for why that is safe for every state but ``in_flight``)."""
        self._staged_keys.add((digest, occurrence))
        self._staged.append(
            (
                digest,
                occurrence,
                index,
                state,
                attempts,
                maybe_delivered,
                detail,
                time.time(),
                attempts,
                maybe_delivered,
            )
        )
        if len(self._staged) >= STAGED_LIMIT:
            self.commit()

    def commit(self) -> None:
        """Commit every staged change, in the order staged, in one transaction."""
        if not self._staged:
            return
        # Taken off the stage whatever happens: changes a failed transaction dropped are lost as a kill would
        # lose them, which leaves their records in safe states; retrying them at close could commit an
        # ``in_flight`` for a request that was never sent.
        staged, self._staged = self._staged, []
        self._staged_keys.clear()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(_UPSERT, staged)
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:  # SQLite rolls some failures back itself (a full disk at COMMIT)
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")  # a failed transaction leaves no trace
            if isinstance(exc, sqlite3.Error):
                raise _failure(self.path, exc, "writing it") from None
            raise

    @staticmethod
    def reasons_detail(reasons: Sequence[str]) -> str:
        return json.dumps(list(reasons), ensure_ascii=False)


def _prepare(db: sqlite3.Connection, where: Path, enterprise_id: str) -> None:
    """Check an existing journal (or make a new one) and prove it can be written, before anything is sent."""
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    problems = [row[0] for row in db.execute("PRAGMA quick_check(5)").fetchall()]
    if problems != ["ok"]:
        raise _damaged(where, "; ".join(str(problem) for problem in problems))
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "meta" not in tables:
        raise JournalError(
            f"{str(where)!r} is a SQLite database, but not an ingestion journal: choose another journal path",
            path=str(where),
        )
    if not tables:
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(_SCHEMA)
        db.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("version", _SCHEMA_VERSION),
                ("enterprise_id", enterprise_id),
                ("created_at", str(time.time())),
            ],
        )
        db.execute("COMMIT")
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("version") != _SCHEMA_VERSION:
        raise JournalError(
            f"{str(where)!r} is a journal of another version ({meta.get('version')!r}, this telecrm "
            f"writes {_SCHEMA_VERSION!r}): finish its ingestion with the version that wrote it, or use a "
            "new journal",
            path=str(where),
        )
    if meta.get("enterprise_id") != enterprise_id:
        raise JournalError(
            f"the journal {str(where)!r} records an ingestion into enterprise "
            f"{meta.get('enterprise_id')!r}, not {enterprise_id!r}: use another journal file",
            path=str(where),
        )
    # Proves the journal can be written (a read-only file or directory fails here, not mid-run).
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('opened_at', ?)", (str(time.time()),))


# --- what SQLite would silently drop ---


def _check_files(where: Path) -> None:
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
        raise _damaged(where, f"it is {size} bytes long, not a whole number of {page_size}-byte pages")
    log = Path(f"{where}-wal")
    # Without a log (closed cleanly) everything is in the database file. With one, a checkpoint cut short
    # by a kill may have written the header before the pages: the log still holds them, and is checked.
    closed_cleanly = not (log.exists() and log.stat().st_size)
    if closed_cleanly and pages and change_counter == valid_for and size < pages * page_size:
        raise _damaged(where, f"it is {size} bytes long, but its header says {pages * page_size}")
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
        raise _damaged(
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


def _damaged(where: Path, detail: str) -> JournalError:
    return JournalError(
        f"the ingestion journal {str(where)!r} is damaged ({detail}): it can no longer tell which records "
        "were already sent, so it is not used. Keep it for reference; run again with a new journal only if "
        "sending records again is acceptable (fields are upserted again, actions would be duplicated)",
        path=str(where),
    )


_READ_ONLY: Final = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
_NO_SPACE: Final = frozenset({errno.ENOSPC, errno.EDQUOT})


def _failure(where: Path, exc: sqlite3.Error | OSError, doing: str) -> JournalError:
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
        return _damaged(where, detail)
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


def _lock(path: Path) -> tuple[Path, int]:
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
        raise _failure(path, exc, "opening it") from None
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(real, flags, 0o666)
    except OSError as exc:
        raise _failure(path, exc, "opening it") from None
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


def _unlock(descriptor: int | None) -> None:
    if descriptor is not None:
        os.close(descriptor)  # closing the file releases its flock
