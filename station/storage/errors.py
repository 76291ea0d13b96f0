"""Storage failures as sentences a therapist can act on, never a bare SQLite traceback."""

from __future__ import annotations

import sqlite3

EX_IOERR = 74
"""sysexits.h: an input/output error (here, a full disk)."""
EX_TEMPFAIL = 75
"""sysexits.h: a temporary failure; the same command may work later (a busy database)."""
EX_NOPERM = 77
"""sysexits.h: no permission (a read-only database or folder)."""


class StorageError(Exception):
    """Base of every storage failure; ``str(error)`` is meant for the person at the station."""


class DatabaseError(StorageError):
    """The database file cannot be used (damaged, foreign, too new, unreadable)."""


class InvalidRecord(StorageError, ValueError):
    """A value was refused before it reached the database; the message says why."""


class NotFound(StorageError, LookupError):
    """A player, session or other record asked for by id does not exist."""


class CannotWriteNow(StorageError, sqlite3.OperationalError):
    """Nothing was written and nothing is damaged: the same write can succeed later.

    Also an ``sqlite3.OperationalError``, so code that handles SQLite's own errors (such
    as sqlite-utils rolling a transaction back) treats it as it did before. ``exit_code``
    is what a command ends with.
    """

    exit_code = 2


class DatabaseBusy(CannotWriteNow):
    """Another program held the write lock for longer than the station waits."""

    exit_code = EX_TEMPFAIL


class DiskFull(CannotWriteNow):
    """The disk (or a size limit) leaves no room for the write."""

    exit_code = EX_IOERR


class ReadOnlyDatabase(CannotWriteNow):
    """The database, its folder or its disk cannot be written by this user."""

    exit_code = EX_NOPERM
