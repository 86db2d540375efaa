"""The ingestion journal: what became of each input record, in SQLite, so that a killed run can resume.

One row per input record, keyed by its position in the input and a hash of its content. States:

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

A resumed run skips ``queued`` rows whose content hash still matches the input, and sends everything else;
``in_flight`` rows are sent again as possibly delivered twice. A row whose hash no longer matches is a
different record now and is treated as new.

Durability: WAL with ``synchronous=NORMAL`` survives the process being killed (committed transactions are in
the OS's hands), though not a power cut; each state change is its own transaction (about 20 µs). One run at a
time may use a journal: on POSIX an advisory lock on ``<journal>.lock`` refuses a second one, and it is
released by the OS however the holder dies.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, Self

import attrs

from .._errors import ValidationError

__all__ = ["Journal", "JournalEntry", "JournalState"]

JournalState = Literal["pending", "in_flight", "queued", "invalid", "failed"]
STATES: Final[tuple[JournalState, ...]] = ("pending", "in_flight", "queued", "invalid", "failed")
_SCHEMA_VERSION: Final = "1"

_SCHEMA: Final = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    idx INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ({", ".join(f"'{state}'" for state in STATES)})),
    attempts INTEGER NOT NULL DEFAULT 0,
    maybe_delivered INTEGER NOT NULL DEFAULT 0,
    detail TEXT,
    updated_at REAL NOT NULL
);
"""


@attrs.frozen
class JournalEntry:
    """A record's row: its content hash, state, attempts over all runs, whether an earlier request may have
    been processed, and the last reasons (JSON list) or error."""

    index: int
    digest: str
    state: JournalState
    attempts: int
    maybe_delivered: bool
    detail: str | None

    @property
    def delivery_possible(self) -> bool:
        """Whether the server may already hold this record: it was in flight, or an answer was lost."""
        return self.state == "in_flight" or self.maybe_delivered


class Journal:
    """An open journal. Use :meth:`open`, and close it (or use it as a context manager)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, lock: Any) -> None:
        self._db = connection
        self.path = path
        self._lock = lock

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, enterprise_id: str) -> Journal:
        """Open (or create) the journal at ``path`` for ``enterprise_id``.

        Raises :class:`ValidationError` if it belongs to another enterprise, is not a journal, or is in use by
        another run.
        """
        where = Path(path)
        lock = _lock(where)
        try:
            db = sqlite3.connect(where, isolation_level=None)  # autocommit: each statement commits
        except sqlite3.Error as exc:
            _unlock(lock)
            raise ValidationError(f"cannot open the ingestion journal {str(where)!r}: {exc}") from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not meta:
                db.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("version", _SCHEMA_VERSION),
                        ("enterprise_id", enterprise_id),
                        ("created_at", str(time.time())),
                    ],
                )
            elif meta.get("version") != _SCHEMA_VERSION:
                raise ValidationError(
                    f"{str(where)!r} is a journal of an unknown version {meta.get('version')!r}"
                )
            elif meta.get("enterprise_id") != enterprise_id:
                raise ValidationError(
                    f"the journal {str(where)!r} records an ingestion into enterprise "
                    f"{meta.get('enterprise_id')!r}, not {enterprise_id!r}: use another journal file"
                )
        except sqlite3.DatabaseError as exc:
            db.close()
            _unlock(lock)
            raise ValidationError(f"{str(where)!r} is not an ingestion journal ({exc})") from None
        except BaseException:
            db.close()
            _unlock(lock)
            raise
        return cls(db, where, lock)

    def close(self) -> None:
        self._db.close()
        _unlock(self._lock)
        self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- reading ---

    def get(self, index: int) -> JournalEntry | None:
        row = self._db.execute(
            "SELECT idx, digest, state, attempts, maybe_delivered, detail FROM records WHERE idx = ?",
            (index,),
        ).fetchone()
        if row is None:
            return None
        return JournalEntry(row[0], row[1], row[2], row[3], bool(row[4]), row[5])

    def counts(self) -> Mapping[JournalState, int]:
        """How many records are in each state."""
        found = dict(self._db.execute("SELECT state, COUNT(*) FROM records GROUP BY state").fetchall())
        return {state: int(found.get(state, 0)) for state in STATES}

    # --- writing: one transaction each ---

    def set(
        self,
        index: int,
        digest: str,
        state: JournalState,
        *,
        attempts: int | None = None,
        maybe_delivered: bool | None = None,
        detail: str | None = None,
    ) -> None:
        """Record ``state`` for the record at ``index``; ``attempts`` and ``maybe_delivered`` are kept from
        the previous row when not given."""
        self._db.execute(
            """
            INSERT INTO records (idx, digest, state, attempts, maybe_delivered, detail, updated_at)
            VALUES (?, ?, ?, COALESCE(?, 0), COALESCE(?, 0), ?, ?)
            ON CONFLICT (idx) DO UPDATE SET
                digest = excluded.digest,
                state = excluded.state,
                attempts = COALESCE(?, attempts),
                maybe_delivered = COALESCE(?, maybe_delivered),
                detail = excluded.detail,
                updated_at = excluded.updated_at
            """,
            (index, digest, state, attempts, maybe_delivered, detail, time.time(), attempts, maybe_delivered),
        )

    @staticmethod
    def reasons_detail(reasons: Sequence[str]) -> str:
        return json.dumps(list(reasons), ensure_ascii=False)


# --- one run per journal ---


def _lock(path: Path) -> Any:
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locks; one run at a time is then up to the caller
        return None
    handle = open(f"{path}.lock", "a", encoding="utf-8")  # noqa: SIM115 -- held open for the journal's lifetime
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ValidationError(
            f"the journal {str(path)!r} is in use by another ingestion run; wait for it to finish or use "
            "another journal"
        ) from None
    return handle


def _unlock(handle: Any) -> None:
    if handle is not None:
        handle.close()  # closing the file releases its flock
