"""Whether a database has exactly the parts its record of migrations says it has.

A table dropped by hand (or by a buggy tool) passes SQLite's own checks, and the station
would fail only when it first writes there: mid-game, on the writer thread, losing the rep.
So at open the names of the tables, columns, indexes and triggers are compared with those
the same migrations make in an empty in-memory database, built once per process and per
migration level. A part that a migration not yet recorded would add (its record row
deleted) is refused too: that migration would fail. Other parts (a clinic's own index) are
left alone.
"""

from __future__ import annotations

import sqlite3
from functools import cache

from sqlite_utils import Database

from station.storage.schema import MIGRATIONS, known_migrations, migration_names

_RECORD = MIGRATIONS.migrations_table
"""The table where sqlite-utils records each migration applied."""
Part = tuple[str, str, str]
"""(kind, table, name): ('table', t, t), ('column', t, c), ('index', t, i), ('trigger', t, g)."""

_PARTS_SQL = """
SELECT type, tbl_name, name FROM sqlite_schema WHERE type IN ('table', 'index', 'trigger')
UNION ALL
SELECT 'column', m.name, c.name FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS c
WHERE m.type = 'table'
"""


def schema_problem(conn: sqlite3.Connection) -> str:
    """What is wrong with the schema of the database on ``conn``, as the end of a
    sentence ("its table x is missing"), or ''.

    '' too for a database of a newer station (its migrations are unknown here; opening
    it is refused for that) and for one holding none of the station's tables yet.
    """
    known = migration_names()
    applied = _applied(conn)
    if not set(applied) <= set(known):
        return ""
    have = _parts(conn)
    if not applied:
        return _unrecorded(known, have)
    skipped = [name for name in known[: len(applied)] if name not in applied]
    if skipped:
        return f"its record of schema changes lacks {', '.join(skipped)}"
    reached = _expected(len(applied))
    missing = _listed(reached - have)
    if missing:
        return f"{missing[0]} {'is' if missing[1] == 1 else 'are'} missing"
    ahead = _listed((_expected(len(known)) - reached) & have)
    if ahead:
        return (
            f"{ahead[0]} already {'exists' if ahead[1] == 1 else 'exist'}, yet its record of "
            f"schema changes ends before {known[len(applied)]}"
        )
    return ""


def _unrecorded(known: tuple[str, ...], have: frozenset[Part]) -> str:
    """A database with no migration recorded: new, unless the station's tables are there."""
    ours = {table for kind, table, _ in _expected(len(known)) if kind == "table"} - {_RECORD}
    if any(kind == "table" and table in ours for kind, table, _ in have):
        return (
            "it has the station's tables but not the record of how far its schema was "
            f"brought ({_RECORD})"
        )
    return ""


def _listed(parts: frozenset[Part]) -> tuple[str, int] | None:
    """``parts`` in words (not the columns, indexes and triggers of a listed table), and
    how many; None for none."""
    tables = {table for kind, table, _ in parts if kind == "table"}
    words = [_describe(p) for p in sorted(parts) if p[0] == "table" or p[1] not in tables]
    if not words:
        return None
    text = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return text, len(words)


def _applied(conn: sqlite3.Connection) -> list[str]:
    if not conn.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", [_RECORD]
    ).fetchone():
        return []
    rows = conn.execute(f"SELECT name FROM [{_RECORD}] WHERE migration_set = ?", [MIGRATIONS.name])
    return [name for (name,) in rows]


def _parts(conn: sqlite3.Connection) -> frozenset[Part]:
    return frozenset(conn.execute(_PARTS_SQL).fetchall())


@cache
def _expected(count: int) -> frozenset[Part]:
    """The parts the first ``count`` migrations make, in an empty in-memory database.

    The steps run outside a transaction (``Migrations.apply`` would wrap each in one):
    sqlite-utils then hands each script to SQLite whole instead of splitting it statement
    by statement, about 2 ms instead of 15 for all of them.
    """
    fresh = Database(memory=True)
    try:
        MIGRATIONS.ensure_migrations_table(fresh)
        for step in known_migrations()[:count]:
            step.fn(fresh)
        return _parts(fresh.conn)
    finally:
        fresh.close()


def _describe(part: Part) -> str:
    kind, table, name = part
    if kind == "column":
        return f"its column {table}.{name}"
    if name.startswith("sqlite_autoindex_"):
        return f"its unique constraint on {table} ({name})"
    return f"its {kind} {name}"
