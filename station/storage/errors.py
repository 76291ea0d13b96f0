"""Storage failures as sentences a therapist can act on, never a bare SQLite traceback."""

from __future__ import annotations


class StorageError(Exception):
    """Base of every storage failure; ``str(error)`` is meant for the person at the station."""


class DatabaseError(StorageError):
    """The database file cannot be used (damaged, foreign, too new, unreadable)."""


class InvalidRecord(StorageError, ValueError):
    """A value was refused before it reached the database; the message says why."""


class NotFound(StorageError, LookupError):
    """A player, session or other record asked for by id does not exist."""
