"""Opening the station database safely: checks first, then pragmas, then migrations.

An SD card in a clinic can lose power at any moment and a therapist may point
``--db`` at the wrong file. So an existing file is inspected through a read-only
connection before anything may write to it; a damaged or foreign file is refused
with a sentence and left byte-for-byte as it was. Every connection runs in WAL mode
with ``synchronous=FULL`` (a committed rep survives a power cut) and foreign keys on.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from station import paths
from station.storage.errors import DatabaseError
from station.storage.schema import APPLICATION_ID, MIGRATIONS

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

_ADVICE = "It was left untouched. Restore a backup, or start the station with --db and a new file."


def default_db_path() -> Path:
    return paths.default_db_path()


def open_database(path: str | Path | None = None) -> Database:
    """Open (creating if needed) and migrate the database; raise ``DatabaseError`` if unusable."""
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
    try:
        db = Database(target)
        _configure(db)
    except sqlite3.Error as error:
        raise DatabaseError(f"The database {target} cannot be opened ({error}).") from None
    try:
        _migrate(db, target)
    except sqlite3.Error as error:
        db.close()
        raise DatabaseError(
            f"The database {target} could not be brought up to date ({error}). {_ADVICE}"
        ) from None
    except BaseException:
        db.close()
        raise
    return db


def database_path(db: Database) -> Path:
    """The file behind an open database, for a second connection to the same file."""
    rows = db.execute("PRAGMA database_list").fetchall()
    return Path(next(row[2] for row in rows if row[1] == "main"))


def checkpoint(db: Database) -> None:
    """Fold the write-ahead log into the main file; call at the end of a session."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _configure(db: Database) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.enable_wal()
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")


def _inspect_existing(path: Path) -> None:
    """Refuse anything that is not a healthy grip-station database, without writing to it."""
    if not path.is_file():
        raise DatabaseError(f"{path} is a folder or device, not a database file.")
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
    problem = _read_only_check(path)
    if problem:
        raise DatabaseError(f"The database {path} is damaged ({problem}). {_ADVICE}")


def _read_only_check(path: Path) -> str:
    """Return what is wrong with the file, or '' when it may be opened for writing.

    Without a write-ahead log beside it the file is opened as immutable, which also
    keeps SQLite from creating -wal/-shm files next to a file we may refuse.
    """
    has_log = path.with_name(path.name + "-wal").exists()
    mode = "ro" if has_log else "ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    except sqlite3.Error as error:
        return str(error)
    try:
        verdict = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
        if verdict != ["ok"]:
            return "; ".join(verdict)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and tables:
            return "it is an SQLite database that belongs to another program"
    except sqlite3.Error as error:
        return str(error)
    finally:
        conn.close()
    return ""


def _migrate(db: Database, path: Path) -> None:
    # sqlite-utils has no public list of registered migrations; this is the one private read.
    known = {m.name for m in MIGRATIONS._migrations}
    applied = [m.name for m in MIGRATIONS.applied(db)]
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise DatabaseError(
            f"The database {path} was made by a newer version of the grip station "
            f"(it has {', '.join(unknown)}). Update the station software to open it."
        )
    if applied and MIGRATIONS.pending(db):
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
