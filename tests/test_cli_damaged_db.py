"""Databases edited behind the station's back (the sqlite3 tool, a buggy script, bit-rot).

Each is refused at the command line with one sentence that names the damage, exit 2 and
no traceback; where the station refuses the file, it is left byte for byte as it was.
"""

from __future__ import annotations

import gc
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from station.app.cli import main
from station.clinic.exercise import Exercise, ForceLimits, Program, TargetKind
from station.storage import (
    add_player,
    add_trial,
    end_session,
    open_database,
    save_program,
    start_assessment,
    start_session,
)
from tests.support.app import App
from tests.support.clinic import a_rep

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


@pytest.fixture
def played(db_path):
    """Mia's database after a max-force test, a program and one session with a rep."""
    db = open_database(db_path)
    test = start_assessment(db, 1, sensor="grip", hand="right", at=BORN)
    for number, peak in enumerate([101.0, 104.5, 99.0], start=1):
        add_trial(db, test.id, hand="right", trial_no=number, peak_n=peak, duration_s=3.0, at=BORN)
    exercise = Exercise("grip", "right", TargetKind.PERCENT, 40, 3, 5, 2, 10)
    save_program(db, 1, Program((exercise,), 3, ForceLimits()), at=BORN)
    session = start_session(db, 1, at=BORN)
    a_rep(db, session.id, at=BORN)
    end_session(db, session.id, at=BORN)
    db.close()
    return db_path


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
    """Run a command that must be refused; return its one line on standard error.

    A command that opened the file leaves its connection to the end of the process, as
    the ``grip-station`` process does; here the collector ends it before the files are
    compared (with it open, the write-ahead log and its index are still there).
    """
    before = files(db_path)
    code = main(["--db", str(db_path), *args])
    gc.collect()
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


SHOW = ["players", "show", "Mia"]
HISTORY = ["history", "Mia"]
REPORT = ["report", "Mia", "--out", "{out}"]
PLAY = ["play", "balloon", "--autoplay", "--player", "1", "--seconds", "1"]
LIST = ["players", "list"]


@dataclass(frozen=True)
class Damage:
    """A hand edit, the words that must name it, and the commands that read that row."""

    edits: tuple[str, ...]
    named: str
    commands: tuple[list[str], ...]


DAMAGES = {
    "player-created_at": Damage(
        ("UPDATE players SET created_at = '2099-13-45'",),
        "players row 1: created_at is '2099-13-45', which is not a date and time",
        (LIST, SHOW, HISTORY, REPORT, PLAY),
    ),
    "birth_year": Damage(
        ("UPDATE players SET birth_year = 1800",),  # "about 226 years old", or exit 70
        "players row 1: birth_year is 1800, but the station stores 1900 or more there",
        (LIST, SHOW, HISTORY, REPORT, PLAY),
    ),
    "session-started_at": Damage(
        ("PRAGMA ignore_check_constraints = ON", "UPDATE sessions SET started_at = 'garbage'"),
        "sessions row 1: started_at is 'garbage', which is not a date and time",
        (SHOW, HISTORY, REPORT, PLAY),
    ),
    "trial-peak": Damage(
        ("UPDATE trials SET peak_n = 1e308 WHERE id = 2",),
        "trials row 2: peak_n is 1e+308, but the station stores from 0 to 100000 there",
        (SHOW, HISTORY, REPORT, PLAY),
    ),
    "rep-peak": Damage(
        ("UPDATE reps SET peak_n = 1e999",),  # infinity; the trigger copies it to the totals
        "session_totals row with session_id 1: peak_n is inf, which is not a finite number",
        (SHOW, HISTORY, REPORT, PLAY),
    ),
    "exercise-hold": Damage(
        ("UPDATE exercises SET hold_s = 1e308",),
        "exercises row 1: Hold time can be at most 120 s, not 1e+308 s",
        (SHOW, REPORT, PLAY),
    ),
}
CASES = [
    pytest.param(damage, command, id=f"{name}-{' '.join(command[:2])}")
    for name, damage in DAMAGES.items()
    for command in damage.commands
]


@pytest.mark.parametrize(("damage", "command"), CASES)
def test_a_damaged_value_is_named_by_every_command_that_reads_it(
    played, tmp_path, capsys, damage, command
):
    """These used to end in "unexpected error" (exit 70): a ValueError from the time
    parser or the norms, an OverflowError in a mean."""
    hand_edit(played, *damage.edits)
    argv = [word.format(out=tmp_path / "out" / "mia.pdf") for word in command]
    err = refused(capsys, played, *argv)
    assert f"grip-station: The database is damaged at {damage.named}. Restore a backup" in err


def test_the_export_still_copies_a_damaged_row_out(played, tmp_path):
    """The way out of a damaged database: its rows as they are, for a maintainer."""
    hand_edit(played, "UPDATE players SET created_at = '2099-13-45'")
    assert main(["--db", str(played), "export", "--out", str(tmp_path / "csv")]) == 0
    assert "2099-13-45" in (tmp_path / "csv" / "players.csv").read_text()


def test_one_damaged_child_is_left_out_of_the_kiosk_s_picker_and_the_others_still_play(
    tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "station.db"
    db = open_database(path)
    for name in ("Ana", "Ben"):
        add_player(db, nickname=name, avatar="fox", dominant_hand="right")
    db.close()
    hand_edit(path, "UPDATE players SET created_at = '2099-13-45' WHERE nickname = 'Ben'")
    app = App(tmp_path)
    try:
        assert [p.nickname for p in app.ctx.players()] == ["Ana"]
    finally:
        app.close()
    assert "a player is not shown: The database is damaged at players row 2" in caplog.text
