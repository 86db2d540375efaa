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
one transaction. So a kill always leaves the journal as it was after some prefix of the changes. A record's
``in_flight`` is written with ``set`` before each send (:meth:`Journal.sent`) and every other state is staged,
which keeps this invariant: *a record that any request may have carried is durably ``in_flight`` (or a later
state) before the request leaves*. A kill can lose only staged changes, and each of them leaves its record
in an earlier state that is safe to resume from: a record whose ``queued`` was lost is still ``in_flight``, so
it is resent and flagged as possibly duplicated; a lost ``pending``, ``failed`` or ``invalid`` leaves a record
that is sent, or checked, again.

The state machine. The engine does not write states: it tells the journal what happened to a record
(:meth:`Journal.admit`, :meth:`~Journal.refuse`, :meth:`~Journal.sent`, :meth:`~Journal.unsent`,
:meth:`~Journal.settled`), and the journal moves the record's row as :data:`TRANSITIONS` allows, refusing any
other move. It also keeps what only it needs: each record's occurrence and the attempts earlier runs made.

A journal that has lost anything (its files cut short, by a copy taken mid-run, a full disk, a sync tool or
a power cut), or that another run is using, is refused before anything is sent: see
:mod:`telecrm._bulk.journal_files`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Final, Literal, Self, TypeAlias

import attrs

from .._errors import JournalError
from .._results import IngestOutcome
from .journal_files import check_files, damaged, failure, lock, unlock
from .messages import printable

__all__ = ["STAGED_LIMIT", "TRANSITIONS", "Journal", "JournalEntry", "JournalKey", "JournalState"]

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

JournalKey: TypeAlias = tuple[str, int]
"""A record's row: ``(digest, occurrence)``."""

TRANSITIONS: Final[Mapping[JournalState, frozenset[JournalState]]] = {
    # Where a record this run sends may go from each state: the one place for the rules the module's notes
    # explain. A record is followed from its admission (a row an earlier run left, or none: pending) until
    # it is settled; a move not listed here is a bug in the engine, and is refused.
    "pending": frozenset({"pending", "in_flight", "failed"}),
    "in_flight": frozenset({"in_flight", "pending", "queued", "failed"}),
    "invalid": frozenset({"pending"}),  # valid now: the workspace or the normalisation changed
    "failed": frozenset({"pending"}),
    "queued": frozenset(),  # never sent again: settled from the journal, with no move
}


@attrs.define
class _Followed:
    """A record of this run the journal follows until it is settled: its position in the input, its state,
    and the requests earlier runs made for it."""

    index: int
    state: JournalState
    earlier_attempts: int


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
        self, connection: sqlite3.Connection, path: Path, descriptor: int | None, had_records: bool
    ) -> None:
        self._db = connection
        self.path = path
        self._lock = descriptor
        #: Changes held back by :meth:`stage`, in order, until the next commit, and the records they are of.
        #: A run reads each record's row before it writes it, so :meth:`get` rarely finds its record here and
        #: need not commit: the engine's one commit per record stays the ``in_flight`` one.
        self._staged: list[_Row] = []
        self._staged_keys: set[tuple[str, int]] = set()
        self._had_records = had_records
        #: How many records of each digest this run's input held so far: the occurrence half of a key.
        self._seen: dict[str, int] = {}
        #: The records this run sends, from admission until settled.
        self._followed: dict[JournalKey, _Followed] = {}

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
        real, descriptor = lock(where)
        db: sqlite3.Connection | None = None
        try:
            check_files(real)
            # The real file: SQLite names its -wal and -shm files after the path it is given, and every
            # name that reaches the journal must find the same ones.
            db = sqlite3.connect(real, isolation_level=None)  # autocommit: each statement commits
            _prepare(db, where, enterprise_id)
            had_records = db.execute("SELECT EXISTS (SELECT 1 FROM records)").fetchone() == (1,)
        except BaseException as exc:
            if db is not None:
                db.close()
            unlock(descriptor)
            if isinstance(exc, sqlite3.Error | OSError):
                raise failure(where, exc, "opening it") from None
            raise
        return cls(db, where, descriptor, had_records)

    def close(self) -> None:
        """Commit what is staged, then close."""
        try:
            self.commit()
            self._db.close()
        except sqlite3.Error as exc:  # the last checkpoint failed: every committed state is in the log
            raise failure(self.path, exc, "closing it") from None
        finally:
            unlock(self._lock)
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
            raise failure(self.path, exc, "reading it") from None
        if row is None:
            return None
        return JournalEntry(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6])

    def counts(self) -> Mapping[JournalState, int]:
        """How many records are in each state."""
        self.commit()
        try:
            found = dict(self._db.execute("SELECT state, COUNT(*) FROM records GROUP BY state").fetchall())
        except sqlite3.Error as exc:
            raise failure(self.path, exc, "reading it") from None
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
                raise failure(self.path, exc, "writing it") from None
            raise

    @staticmethod
    def reasons_detail(reasons: Sequence[str]) -> str:
        """The ``detail`` of an invalid record: its reasons, as a JSON list."""
        return json.dumps(list(reasons), ensure_ascii=False)

    # --- a run's records: the state machine (TRANSITIONS) ---

    def admit(self, digest: str, index: int) -> tuple[JournalKey, JournalEntry | None]:
        """Follow the record at ``index`` whose request has ``digest``: its key, and the row an earlier run
        left for it (``None``: it was never sent). A record an earlier run queued is not followed: it is
        settled from the journal, never sent again. One in flight stays so until it is settled: if this run
        dies too, the next must still know it may have been delivered. Any other row becomes pending."""
        key = self._key(digest)
        previous = self.get(*key) if self.had_records else None
        if previous is None:
            self._followed[key] = _Followed(index, "pending", 0)  # no row: pending already
        elif previous.state != "queued":
            self._followed[key] = _Followed(index, previous.state, previous.attempts)
            if previous.state != "in_flight":
                self._move(key, "pending", maybe_delivered=previous.maybe_delivered)
        return key, previous

    def refuse(self, digest: str, index: int, reasons: Sequence[str]) -> None:
        """Record that preflight refused the record at ``index``, under ``digest``, the hash of the record as
        given (it makes no request, so it has no other identity, and is never followed)."""
        self.stage(*self._key(digest), index, "invalid", detail=self.reasons_detail(reasons))

    def sent(self, key: JournalKey, attempts: int, maybe_delivered: bool) -> None:
        """Commit that a request for the record may be on the wire, before it leaves (``attempts``: this run's
        requests for it, this one included): a run killed from here on may have delivered it. The one
        durable write of a record; every other move is staged and rides along with it."""
        self._move(key, "in_flight", attempts, maybe_delivered, durable=True)

    def unsent(self, key: JournalKey, attempts: int, maybe_delivered: bool) -> None:
        """The record's last request failed and it will be sent again (``maybe_delivered``: that request, or
        an earlier one, may have been processed all the same)."""
        self._move(key, "pending", attempts, maybe_delivered)

    def settled(self, key: JournalKey, outcome: IngestOutcome) -> None:
        """The record's ``outcome``, queued or failed: the journal stops following it."""
        self._move(
            key,
            "queued" if outcome.status == "queued" else "failed",
            outcome.attempts,
            outcome.possibly_duplicated or outcome.possibly_delivered,
            detail=None if outcome.error is None else printable(str(outcome.error)),
        )
        del self._followed[key]

    def _key(self, digest: str) -> JournalKey:
        occurrence = self._seen.get(digest, 0)
        self._seen[digest] = occurrence + 1
        return digest, occurrence

    def _move(
        self,
        key: JournalKey,
        state: JournalState,
        attempts: int | None = None,
        maybe_delivered: bool | None = None,
        *,
        detail: str | None = None,
        durable: bool = False,
    ) -> None:
        """Move a followed record to ``state`` (``attempts``: this run's, added to earlier runs'), if
        :data:`TRANSITIONS` allows it."""
        record = self._followed[key]
        if state not in TRANSITIONS[record.state]:
            raise RuntimeError(f"a journaled record cannot go from {record.state} to {state}")
        record.state = state
        total = None if attempts is None else record.earlier_attempts + attempts
        write = self.set if durable else self.stage
        write(*key, record.index, state, attempts=total, maybe_delivered=maybe_delivered, detail=detail)


def _prepare(db: sqlite3.Connection, where: Path, enterprise_id: str) -> None:
    """Check an existing journal (or make a new one) and prove it can be written, before anything is sent."""
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    problems = [row[0] for row in db.execute("PRAGMA quick_check(5)").fetchall()]
    if problems != ["ok"]:
        raise damaged(where, "; ".join(str(problem) for problem in problems))
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
