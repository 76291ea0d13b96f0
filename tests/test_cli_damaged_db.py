"""Databases edited behind the station's back (the sqlite3 tool, a buggy script, bit-rot).

Each is refused at the command line with one sentence that names the damage, exit 2 and
no traceback; where the station refuses the file, it is left byte for byte as it was.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from station.app.cli import main
from station.storage import add_player, open_database

BORN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """A healthy station database with one child; the XDG folders point into tmp."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "station.db"
    db = open_database(path)
    add_player(db, nickname="Mia", avatar="owl", dominant_hand="right", birth_year=2016, at=BORN)
    db.close()
    return path


def hand_edit(path, *statements):
    """What the sqlite3 tool does: the statements, committed, and the connection closed."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def files(path):
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}


def refused(capsys, db_path, *args):
    """Run a command that must be refused; return its one line on standard error."""
    before = files(db_path)
    code = main(["--db", str(db_path), *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert files(db_path) == before
    return err


@pytest.mark.parametrize(
    ("edit", "missing"),
    [
        ("DROP TABLE rep_traces", "its table rep_traces is missing"),
        ("DROP TABLE session_totals", "its table session_totals is missing"),
        ("ALTER TABLE reps DROP COLUMN level", "its column reps.level is missing"),
        ("DROP INDEX reps_session", "its index reps_session is missing"),
        ("DROP TRIGGER reps_count_insert", "its trigger reps_count_insert is missing"),
    ],
)
def test_a_part_of_the_schema_dropped_is_refused_by_name(db_path, capsys, edit, missing):
    hand_edit(db_path, edit)
    err = refused(capsys, db_path, "players", "list")
    assert f"The database {db_path} is damaged: {missing}. It was left untouched." in err
    assert "Restore a backup" in err


def test_play_on_a_database_without_rep_traces_stops_before_the_game(db_path, capsys):
    """It used to play, fail on the writer thread at the first rep, and exit 0."""
    hand_edit(db_path, "DROP TABLE rep_traces")
    argv = ["play", "balloon", "--autoplay", "--player", "Mia", "--seconds", "15"]
    err = refused(capsys, db_path, *argv)
    assert "its table rep_traces is missing" in err


def test_two_parts_dropped_are_both_named(db_path, capsys):
    hand_edit(db_path, "DROP INDEX reps_session", "DROP TRIGGER reps_count_delete")
    err = refused(capsys, db_path, "players", "list")
    assert "its index reps_session and its trigger reps_count_delete are missing" in err


def test_a_dropped_migration_record_is_refused_before_anything_is_written(db_path, capsys):
    """It used to add an empty record table, then fail at 'table players already exists'."""
    hand_edit(db_path, "DROP TABLE _sqlite_migrations")
    err = refused(capsys, db_path, "players", "list")
    assert "is damaged: it has the station's tables but not the record" in err
    assert "_sqlite_migrations" in err and "It was left untouched." in err
    with sqlite3.connect(db_path) as conn:
        assert not conn.execute(
            "SELECT 1 FROM sqlite_schema WHERE name = '_sqlite_migrations'"
        ).fetchall()
    conn.close()


def test_a_migration_missing_from_the_record_is_refused(db_path, capsys):
    hand_edit(db_path, "DELETE FROM _sqlite_migrations WHERE name = 'm003_rep_level'")
    err = refused(capsys, db_path, "players", "list")
    assert "its record of schema changes lacks m003_rep_level" in err


def test_a_last_migration_missing_from_the_record_is_refused_without_a_backup(db_path, capsys):
    """Applying it again would fail on its own columns, after copying the file aside."""
    hand_edit(db_path, "DELETE FROM _sqlite_migrations WHERE name = 'm010_session_owner'")
    err = refused(capsys, db_path, "players", "list")
    assert "its column sessions.interrupted and its column sessions.owner already exist" in err
    assert "ends before m010_session_owner" in err


def test_a_clinics_own_index_is_no_damage(db_path, capsys):
    hand_edit(db_path, "CREATE INDEX clinic_by_year ON players (birth_year)")
    assert main(["--db", str(db_path), "players", "list"]) == 0
    assert "Mia" in capsys.readouterr().out
