"""An SQLite connection that waits out another program's write lock, and says so.

SQLite's own busy timeout waits in silence and then fails with "database is locked";
a therapist at the terminal sees nothing for seconds, then a traceback. Here SQLite waits
in short slices: after the first, the connection announces the wait once (``Patience``'s
``notice``) and tries again until its patience runs out, then raises ``DatabaseBusy``.

A retry is only safe where the failed statement changed nothing: a statement run outside
a transaction, or the ``BEGIN`` of one. So a plain ``BEGIN`` (what sqlite-utils' ``atomic``
sends) becomes ``BEGIN IMMEDIATE``: the write lock is taken at the start of the
transaction, and no statement inside it can meet a lock, nor SQLite's unretryable
``SQLITE_BUSY_SNAPSHOT`` (a read snapshot that another writer made stale). A lock, a full
disk or a read-only file then reach the caller as ``StorageError`` sentences that are
also ``sqlite3.OperationalError``s (see ``faults``).
"""

from __future__ import annotations

import sqlite3
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from station.storage.faults import is_busy, storage_error

T = TypeVar("T")

BUSY_NOTICE = "the database is busy (another program is writing): waiting up to {wait_s:g} s..."


@dataclass(frozen=True, slots=True)
class Patience:
    """How long a connection waits for another program's write lock, and who hears of it."""

    wait_s: float = 5.0
    """Give up (``DatabaseBusy``) after waiting this long in all."""
    slice_s: float = 0.5
    """SQLite's own wait per try; a lock held longer than one slice is announced."""
    notice: Callable[[str], None] | None = None
    """Told once per wait that the station is waiting (a terminal prints it)."""


class PatientConnection(sqlite3.Connection):
    """Made by ``connect``; every statement runs through ``_Cursor``."""

    path: Path
    patience: Patience
    file_id: tuple[int, int] | None = None
    """(device, inode) of the file while this connection is open; see ``open_here``."""

    def close(self) -> None:
        self.file_id = None
        super().close()

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:
        return super().cursor(factory or _Cursor)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        # sqlite3.Connection.execute would make a plain cursor and bypass the retries.
        return self.cursor().execute(sql, parameters)

    def attempt(self, run: Callable[[], T]) -> T:
        """``run`` one statement; while it meets a lock where a retry is safe, wait again."""
        fresh = not self.in_transaction
        started = time.monotonic()
        announced = False
        while True:
            try:
                return run()
            except sqlite3.OperationalError as error:
                waited_s = time.monotonic() - started
                if not (fresh and is_busy(error)) or waited_s >= self.patience.wait_s:
                    translated = storage_error(error, self.path)
                    if translated is error:
                        raise
                    raise translated from error
                if self.in_transaction:  # the implicit BEGIN before the refused write
                    self.rollback()
                if not announced and self.patience.notice is not None:
                    self.patience.notice(BUSY_NOTICE.format(wait_s=self.patience.wait_s))
                announced = True


class _Cursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        statement = "BEGIN IMMEDIATE" if sql.strip().upper() == "BEGIN" else sql
        connection = cast(PatientConnection, self.connection)
        return connection.attempt(lambda: sqlite3.Cursor.execute(self, statement, parameters))


def connect(path: Path, patience: Patience, *, uri: str | None = None) -> PatientConnection:
    """A connection to ``path`` (or to the ``uri`` naming it, for read-only modes)."""
    conn = cast(
        PatientConnection,
        sqlite3.connect(
            uri or path, timeout=patience.slice_s, uri=uri is not None, factory=PatientConnection
        ),
    )
    conn.path = path
    conn.patience = patience
    conn.file_id = _file_id(path)  # SQLite has opened (or made) the file by now
    _LIVE.add(conn)
    return conn


_LIVE: weakref.WeakSet[PatientConnection] = weakref.WeakSet()


def open_here(path: Path) -> bool:
    """Whether a connection of this process has this very file open.

    Then nothing but SQLite may open the file: closing any other descriptor of it drops
    every POSIX lock the process holds on it, SQLite's included, and another program
    could then take itself for the last user and delete the write-ahead log.
    """
    wanted = _file_id(path)
    return wanted is not None and any(conn.file_id == wanted for conn in list(_LIVE))


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino
