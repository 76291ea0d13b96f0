"""Opening the station database safely: checks first, then pragmas, then migrations.

An SD card in a clinic can lose power at any moment and a therapist may point
``--db`` at the wrong file. So an existing file is inspected through a read-only
connection before anything may write to it; a damaged or foreign file, or one that lacks
a part of the schema its migrations made (``schema_check``), is refused with a sentence
and left byte-for-byte as it was. Every connection runs in WAL mode
with ``synchronous=FULL`` (a committed rep survives a power cut) and foreign keys on.

A database the station cannot write now (a read-only folder, file or disk, or a full
disk) is refused for writing before anything starts, with the reason and the fix
(``faults.write_problem``); ``open_read_only`` still lets the therapist's read-only
commands read it. Another program's write lock is waited out (``connection.Patience``).
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from station import paths
from station.storage.connection import Patience, connect, open_here
from station.storage.errors import CannotWriteNow, DatabaseError, StorageError
from station.storage.faults import sidecar, storage_error, write_problem
from station.storage.schema import APPLICATION_ID, MIGRATIONS, migration_names
from station.storage.schema_check import schema_problem

SQLITE_MAGIC = b"SQLite format 3\x00"
PATIENCE = Patience()
"""Waits of a connection nobody tuned: up to 5 s for a lock, in silence."""

_ADVICE = "It was left untouched. Restore a backup, or start the station with --db and a new file."

log = logging.getLogger(__name__)


def default_db_path() -> Path:
    return paths.default_db_path()


def open_database(path: str | Path | None = None, *, patience: Patience = PATIENCE) -> Database:
    """Open (creating if needed) and migrate the database for writing.

    Raises ``DatabaseError`` for a file that is not a healthy grip-station database, and
    ``CannotWriteNow`` (busy, full disk, read-only) when it cannot be written now.
    """
    target = Path(path) if path is not None else default_db_path()
    if target.exists():
        _inspect_existing(target)
    else:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(
                f"The folder for the database {target} cannot be created ({error.strerror})."
            ) from None
    problem = write_problem(target)
    if problem is not None:
        raise problem
    db = Database(connect(target, patience))
    try:
        _set_up(db, target)
    except BaseException:
        db.close()
        raise
    return db


def open_read_only(path: str | Path | None = None) -> Database:
    """Read a database the station cannot write now, changing no file.

    A database made by an older station is refused: bringing it up to date needs writing.
    """
    target = Path(path) if path is not None else default_db_path()
    if not target.exists():
        raise DatabaseError(f"There is no database at {target}.")
    _inspect_existing(target)
    db = Database(connect(target, PATIENCE, uri=_read_uri(target)))
    try:
        applied = _refuse_newer(db, target)
        if MIGRATIONS.pending(db):
            what = "was made by an older version of" if applied else "holds nothing yet for"
            raise DatabaseError(
                f"The database {target} {what} the grip station; it can be read once it has "
                "been brought up to date, which needs writing to it."
            )
    except BaseException:
        db.close()
        raise
    return db


def database_path(db: Database) -> Path:
    """The file behind an open database, for a second connection to the same file."""
    rows = db.execute("PRAGMA database_list").fetchall()
    return Path(next(row[2] for row in rows if row[1] == "main"))


def checkpoint(db: Database) -> None:
    """Fold the write-ahead log into the main file; call at the end of a session.

    Only tidiness: a full disk or another program's lock leaves the log as it is, every
    commit in it is safe, and SQLite folds it in later.
    """
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except CannotWriteNow as error:
        log.info("the write-ahead log stays as it is for now: %s", error)


def _set_up(db: Database, path: Path) -> None:
    """Pragmas, then migrations; SQLite's failures become sentences."""
    try:
        _configure(db)
    except sqlite3.Error as error:
        raise _refusal(error, path, f"The database {path} cannot be opened ({error}).") from None
    try:
        _migrate(db, path)
    except sqlite3.Error as error:
        raise _refusal(
            error, path, f"The database {path} could not be brought up to date ({error}). {_ADVICE}"
        ) from None


def _refusal(error: sqlite3.Error, path: Path, otherwise: str) -> StorageError:
    """A lock, a full disk or no permission as such (never "restore a backup"), else
    ``otherwise``."""
    translated = storage_error(error, path)
    return translated if isinstance(translated, StorageError) else DatabaseError(otherwise)


def _configure(db: Database) -> None:
    db.enable_wal()
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")


def _inspect_existing(path: Path) -> None:
    """Refuse anything that is not a healthy grip-station database, without writing to it.

    The header is read only if no connection of this process has the file open (see
    ``open_here``); one that has was checked when it opened.
    """
    if not path.is_file():
        raise DatabaseError(f"{path} is a folder or device, not a database file.")
    if not open_here(path):
        try:
            with path.open("rb") as handle:
                head = handle.read(len(SQLITE_MAGIC))
        except OSError as error:
            raise DatabaseError(f"The database {path} cannot be read ({error.strerror}).") from None
        if not head:
            return  # an empty file is a new database waiting for its tables
        if head != SQLITE_MAGIC:
            raise DatabaseError(
                f"{path} is not a grip-station database (not an SQLite file). {_ADVICE}"
            )
    try:
        problem = _look_inside(path)
    except sqlite3.Error as error:
        damaged = f"The database {path} is damaged ({error}). {_ADVICE}"
        raise _refusal(error, path, damaged) from None
    if problem:
        raise DatabaseError(problem)


def _look_inside(path: Path) -> str:
    """What is wrong with the SQLite file at ``path``, or '' when it is ours and healthy."""
    conn = connect(path, PATIENCE, uri=_read_uri(path))
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
        if verdict != ["ok"]:
            return f"The database {path} is damaged ({'; '.join(verdict)}). {_ADVICE}"
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 4"
            )
        ]
        if app_id != APPLICATION_ID and tables:
            return (
                f"{path} is not a grip-station database: it is an SQLite database of another "
                f"program (its tables: {', '.join(tables)}). It was left untouched. Give --db "
                "the station's own database, or a new file name to start one."
            )
        broken = schema_problem(conn)
    finally:
        conn.close()
    return f"The database {path} is damaged: {broken}. {_ADVICE}" if broken else ""


def _read_uri(path: Path) -> str:
    """A read-only URI for ``path`` that creates no ``-wal`` or ``-shm`` file if it can.

    ``mode=ro`` needs the ``-shm`` index of a WAL database and creates it when missing,
    which a read-only folder or a full disk refuses. With no ``-shm`` (no connection is
    open anywhere) and no log holding changes, the file is opened ``immutable``: SQLite
    then takes no lock and creates nothing, which is right for a file nobody is writing.
    """
    wal = sidecar(path, "-wal")
    live = sidecar(path, "-shm").exists() or (wal.exists() and wal.stat().st_size > 0)
    return f"{path.resolve().as_uri()}?mode={'ro' if live else 'ro&immutable=1'}"


def _refuse_newer(db: Database, path: Path) -> list[str]:
    """The migrations applied to ``db``; refuse one made by a newer station."""
    known = set(migration_names())
    applied = [m.name for m in MIGRATIONS.applied(db)]
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise DatabaseError(
            f"The database {path} was made by a newer version of the grip station "
            f"(it has {', '.join(unknown)}). Update the station software to open it."
        )
    return applied


def _migrate(db: Database, path: Path) -> None:
    if _refuse_newer(db, path) and MIGRATIONS.pending(db):
        _backup(db, path)
    MIGRATIONS.apply(db)


def _backup(db: Database, path: Path) -> Path:
    """Copy the database aside before changing its schema, never over an older copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    copy = path.with_name(f"{path.name}.before-upgrade-{stamp}")
    counter = 1
    while copy.exists():
        copy = path.with_name(f"{path.name}.before-upgrade-{stamp}-{counter}")
        counter += 1
    with sqlite3.connect(copy) as target:
        db.conn.backup(target)
    target.close()
    return copy
