"""What stops a write, told apart: another program's lock, a full disk, no permission.

SQLite says "database is locked", "database or disk is full", "disk I/O error" or
"attempt to write a readonly database". A therapist needs to know which one it is, that
nothing saved was lost, and what to do; telling them to restore a backup of a healthy
database would be the worst answer. So these checks ask the operating system (free space,
write access, a read-only mount) and name the folder, the user and the size.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
from pathlib import Path

from station.storage.errors import CannotWriteNow, DatabaseBusy, DiskFull, ReadOnlyDatabase

WAL_PAGES = 1000
"""SQLite folds its write-ahead log back into the file at this many pages (the default)."""
ROOM_NEEDED_BYTES = 32 + WAL_PAGES * (4096 + 24) + 32 * 1024
"""Room to write at all: a write-ahead log at its largest (header, then 1000 frames of a
4 KiB page and a 24-byte frame header) and the 32 KiB ``-shm`` index beside it."""

_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_ACCESS_CODES = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN)
"""SQLite's answers to a folder it may not write or a disk with no room for the ``-shm``."""


def sidecar(path: Path, suffix: str) -> Path:
    """The database's ``-wal`` or ``-shm`` file."""
    return path.with_name(path.name + suffix)


def write_problem(path: Path) -> CannotWriteNow | None:
    """Why the station could not write the database at ``path`` now, or None if it can.

    Asked before play starts, so a game never begins on a database that cannot keep it.
    ``os.access`` answers for this process: root passes file modes but not a read-only
    mount, which is what SQLite will meet too.
    """
    folder = path.parent
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        return ReadOnlyDatabase(
            _read_only_text(
                path,
                "the disk holding it is mounted read-only",
                "remount that disk read-write (the kernel makes a card read-only after errors:"
                " check it with fsck first)",
            )
        )
    for place in (folder, path, sidecar(path, "-wal"), sidecar(path, "-shm")):
        if place.exists() and not os.access(place, os.W_OK):
            what = f"its folder {folder}" if place == folder else f"the file {place.name}"
            return ReadOnlyDatabase(_read_only_text(path, f"{what} is not writable for {_user()}"))
    free = free_bytes(folder)
    if free < ROOM_NEEDED_BYTES:
        return DiskFull(disk_full_text(path, free))
    return None


def is_busy(error: sqlite3.Error) -> bool:
    """Another connection holds the lock this statement needed."""
    return _code(error) in _BUSY_CODES


def storage_error(error: sqlite3.Error, path: Path) -> sqlite3.Error:
    """SQLite's ``error`` as a sentence when it is a lock, a full disk or no permission."""
    code = _code(error)
    if code in _BUSY_CODES:
        return DatabaseBusy(
            f"The database {path} is busy: another program (a second grip-station, or a "
            "database tool with unsaved changes) has been writing to it for longer than the "
            "station waits. Nothing was changed. Let that program finish, or close it, and "
            "try again."
        )
    if code == sqlite3.SQLITE_FULL:
        return DiskFull(disk_full_text(path, free_bytes(path.parent)))
    if code in _ACCESS_CODES:
        problem = write_problem(path)
        if problem is not None:
            return problem
        if code == sqlite3.SQLITE_READONLY:
            return ReadOnlyDatabase(_read_only_text(path, f"SQLite could not write it ({error})"))
    return error


def free_bytes(folder: Path) -> int:
    """Free space where the database lives; root may also use the blocks kept for it."""
    stats = os.statvfs(folder)
    blocks = stats.f_bfree if os.geteuid() == 0 else stats.f_bavail
    return blocks * stats.f_frsize


def disk_full_text(path: Path, free: int) -> str:
    """The full-disk sentence: how much is free and how much more the database needs."""
    safe = "Nothing saved so far was lost and the database is not damaged."
    if free >= ROOM_NEEDED_BYTES:
        return (
            f"SQLite found the database {path} full (database or disk is full), yet its disk "
            f"has {size_text(free)} free: a size limit or a quota stops it growing. {safe}"
        )
    return (
        f"The disk holding {path.absolute().parent} is full: {size_text(free)} free, and the "
        f"database needs at least {size_text(ROOM_NEEDED_BYTES - free)} more to write (room "
        f"for its write-ahead log). {safe} Free some space on that disk (old exports, crash "
        "logs), then try again."
    )


def size_text(count: int) -> str:
    """Bytes as a person reads them: 0 bytes, 850 KB, 4.2 MB."""
    if count < 1000:
        return f"{count} bytes"
    value, unit = count / 1000, "KB"
    for bigger in ("MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


def _read_only_text(path: Path, reason: str, fix: str = "") -> str:
    user, folder = _user(), path.absolute().parent
    fix = fix or (
        f"the user {user} must own (or be able to write) the folder {folder} and the "
        f"files in it, e.g. sudo chown -R {user} {folder} && sudo chmod -R u+rwX {folder}"
    )
    return (
        f"The database {path} cannot be written: {reason}. Nothing can be saved there, so "
        "play cannot start and changes are refused; players list, history, export and "
        f"report still read it. Fix: {fix}."
    )


def _code(error: sqlite3.Error) -> int:
    """The primary result code (``SQLITE_READONLY_DIRECTORY`` is a ``SQLITE_READONLY``)."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF


def _user() -> str:
    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a user the password database does not know (a container, a namespace)
        return str(uid)
