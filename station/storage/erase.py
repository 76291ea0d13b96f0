"""Erasing a child for good, when a family asks: every row of theirs, then their bytes.

Which rows are theirs is read from the schema's foreign keys, not from a list kept by
hand: the player's row, every row that points at it (programs, sessions, assessments),
every row that points at those (exercises, reps, their traces, game scores, pain stops,
trials, session totals), and so on down, so a table a later migration adds is erased too
as long as it points at what it belongs to. All of it goes in one transaction: a power
cut leaves the child either whole or gone, never half-erased.

A DELETE only marks SQLite pages free; the nickname, notes and traces stay readable in
the file (and in the write-ahead log) until they are overwritten. So the deletion runs
with ``secure_delete`` (freed space is zeroed), then VACUUM rewrites the file from the
live rows only and a TRUNCATE checkpoint folds the log in and empties it. Copies made
before schema upgrades (``station.db.before-upgrade-*``, see ``db.py``) are old backups
of the whole file: they are named in the result for the therapist to delete, not
changed here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from station.storage.db import database_path
from station.storage.players import get_player

BACKUP_GLOB = "{name}.before-upgrade-*"
"""How ``db._backup`` names the copy it makes before a migration."""


@dataclass(frozen=True, slots=True)
class Erased:
    """What ``delete_player`` removed, for the therapist's confirmation."""

    player_id: int
    nickname: str
    rows: dict[str, int]
    """Rows removed per table (tables with none are left out)."""
    scrubbed: bool
    """True when the file and its log were rewritten; False when another connection (the
    station app, say) kept the log in use, so old bytes remain until it closes the file."""
    backups: tuple[Path, ...]
    """Pre-upgrade copies of the whole database, which still hold this child's data."""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def delete_player(db: Database, player_id: int) -> Erased:
    """Delete the player and everything that belongs to them, then scrub the file."""
    player = get_player(db, player_id)
    owned = _owned_tables(db)
    conditions = _conditions(owned)
    order = [table for table, _ in owned]
    params = {"player_id": player_id}
    secure = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")
    try:
        with db.atomic():
            counts = {
                table: db.execute(
                    f"SELECT count(*) FROM [{table}] WHERE {conditions[table]}", params
                ).fetchone()[0]
                for table in order
            }
            for table in reversed(order):  # children before the rows they point at
                db.execute(f"DELETE FROM [{table}] WHERE {conditions[table]}", params)
    finally:
        db.execute(f"PRAGMA secure_delete = {int(secure)}")
    try:
        db.execute("VACUUM")
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError:  # another connection is writing; the rows are gone anyway
        busy = 1
    path = database_path(db)
    backups = tuple(sorted(path.parent.glob(BACKUP_GLOB.format(name=path.name))))
    return Erased(
        player_id=player.id,
        nickname=player.nickname,
        rows={table: count for table, count in counts.items() if count},
        scrubbed=not busy,
        backups=backups,
    )


_Link = tuple[tuple[str, ...], str, tuple[str, ...]]
"""One foreign key: the child's columns, the parent table, the parent's columns."""


def _owned_tables(db: Database) -> list[tuple[str, list[_Link]]]:
    """Tables that hold a player's rows, each after every owned table it points at."""
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    links = {name: _links(db, name) for name in names}
    owned = {"players"}
    grew = True
    while grew:
        grew = False
        for name in names:
            if name not in owned and any(parent in owned for _, parent, _ in links[name]):
                owned.add(name)
                grew = True
    order = ["players"]
    while len(order) < len(owned):
        ready = [
            name
            for name in names
            if name in owned
            and name not in order
            and all(parent in order for _, parent, _ in links[name] if parent in owned)
        ]
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {sorted(owned - set(order))}")
        order.extend(ready)
    return [(name, [link for link in links[name] if link[1] in owned]) for name in order]


def _links(db: Database, table: str) -> list[_Link]:
    """The table's foreign keys; a key naming no parent column means the parent's key."""
    grouped: dict[int, list[tuple]] = {}
    for row in db.execute("SELECT * FROM pragma_foreign_key_list(?)", [table]):
        grouped.setdefault(row[0], []).append(row)
    found = []
    for rows in grouped.values():
        rows.sort(key=lambda row: row[1])
        parent = rows[0][2]
        targets = tuple(row[4] for row in rows)
        if any(target is None for target in targets):
            targets = tuple(
                row[1]
                for row in db.execute(
                    "SELECT * FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", [parent]
                )
            )
        found.append((tuple(row[3] for row in rows), parent, targets))
    return found


def _conditions(order: list[tuple[str, list[_Link]]]) -> dict[str, str]:
    """A WHERE clause per owned table: its rows that point at rows of the player's."""
    where = {"players": "id = :player_id"}
    for table, links in order[1:]:
        where[table] = " OR ".join(
            f"({', '.join(f'[{c}]' for c in columns)}) IN (SELECT "
            f"{', '.join(f'[{c}]' for c in targets)} FROM [{parent}] WHERE {where[parent]})"
            for columns, parent, targets in links
        )
    return where
