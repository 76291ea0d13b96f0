"""Erasing a child for good: every row of theirs goes, nobody else's does, and the file no
longer holds their name or their traces."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlite_utils import Database

from hardware.calibration import Calibration
from station.clinic.exercise import Exercise, Program
from station.storage import (
    NotFound,
    Trace,
    add_calibration,
    add_player,
    add_trial,
    delete_player,
    encode_trace,
    end_session,
    mark_assessment_stopped,
    open_database,
    record_game_score,
    record_pain_stop,
    record_rep,
    save_program,
    start_assessment,
    start_session,
)

NICKNAME = "Zephyrine"
NOTE = "prefers the left side of the table"
TRACE = Trace((0.0, 0.0125, 0.025, 0.0375), (1.5, 123.456789, 140.0625, 98.765432))
"""Distinctive samples, so their encoded bytes can be looked for in the file."""
OWNED_TABLES = {
    "players",
    "programs",
    "exercises",
    "sessions",
    "reps",
    "rep_traces",
    "session_totals",
    "game_scores",
    "pain_stops",
    "assessments",
    "trials",
}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "station.db"


@pytest.fixture
def db(path):
    database = open_database(path)
    yield database
    database.close()


def fill(db: Database, nickname: str, notes: str = "") -> int:
    """A child with a row in every table that can hold one of theirs."""
    player = add_player(
        db, nickname=nickname, avatar="fox", dominant_hand="left", birth_year=2016, notes=notes
    )
    exercise = Exercise(
        sensor="grip",
        hand="left",
        target_kind="percent",
        target_value=40.0,
        hold_s=3.0,
        reps=10,
        sets=2,
        rest_s=30.0,
    )
    program = save_program(db, player.id, Program((exercise,), days_per_week=3))
    session = start_session(db, player.id, program_id=program.id)
    for rep_no, peak in enumerate([41.0, 44.5, 39.0], start=1):
        record_rep(
            db,
            session.id,
            set_no=1,
            rep_no=rep_no,
            sensor="grip",
            hand="left",
            target_n=40.0,
            band_low_n=36.0,
            band_high_n=44.0,
            peak_n=peak,
            time_in_band_s=1.5,
            success=peak < 44.0,
            exercise_id=program.exercise_ids[0],
            game="balloon",
            trace=TRACE,
        )
    record_game_score(db, session.id, game="balloon", score=120, stars=2)
    record_pain_stop(
        db,
        session.id,
        scene="balloon",
        game="balloon",
        sensor="grip",
        hand="left",
        exercise_id=program.exercise_ids[0],
        last_force_n=30.0,
    )
    end_session(db, session.id)
    test = start_assessment(db, player.id, sensor="grip", hand="left")
    for number in (1, 2):
        add_trial(
            db, test.id, hand="left", trial_no=number, peak_n=150.0, duration_s=3.5, trace=TRACE
        )
    mark_assessment_stopped(db, test.id, "pain")
    return player.id


def tables(db: Database) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]


def snapshot(db: Database) -> dict[str, list[tuple]]:
    return {
        table: sorted(db.execute(f"SELECT * FROM [{table}]").fetchall(), key=repr)
        for table in tables(db)
    }


def file_bytes(path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_every_row_of_the_child_goes_and_everyone_elses_stays(db):
    other = fill(db, "Sam")
    add_calibration(db, Calibration("grip", 1200.0, 0.01, 5000.0, datetime(2025, 1, 6, tzinfo=UTC)))
    record_pain_stop(db, None, scene="attract")  # a guest's stop belongs to nobody
    before = snapshot(db)

    child = fill(db, NICKNAME, NOTE)
    erased = delete_player(db, child)

    assert snapshot(db) == before  # exactly the other child, the guest and the station
    assert set(erased.rows) == OWNED_TABLES
    assert erased.rows["players"] == 1 and erased.rows["reps"] == 3
    assert erased.rows["rep_traces"] == 3 and erased.rows["trials"] == 2
    assert (erased.player_id, erased.nickname, erased.scrubbed) == (child, NICKNAME, True)
    assert erased.total == sum(erased.rows.values())
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert other in {row[0] for row in db.execute("SELECT id FROM players")}


def test_no_column_anywhere_still_points_at_the_child(db):
    fill(db, "Sam")
    child = fill(db, NICKNAME, NOTE)
    owned_ids = {
        parent: {
            row[0] for row in db.execute(f"SELECT id FROM {parent} WHERE player_id = ?", [child])
        }
        for parent in ("sessions", "programs", "assessments")
    }
    owned_ids["players"] = {child}
    owned_ids["exercises"] = {
        row[0]
        for row in db.execute(
            "SELECT e.id FROM exercises e JOIN programs p ON p.id = e.program_id"
            " WHERE p.player_id = ?",
            [child],
        )
    }
    owned_ids["reps"] = {
        row[0]
        for row in db.execute(
            "SELECT r.id FROM reps r JOIN sessions s ON s.id = r.session_id WHERE s.player_id = ?",
            [child],
        )
    }
    delete_player(db, child)
    for table in tables(db):
        for link in db.execute("SELECT * FROM pragma_foreign_key_list(?)", [table]).fetchall():
            column, parent = link[3], link[2]
            if parent in owned_ids:
                values = {r[0] for r in db.execute(f"SELECT [{column}] FROM [{table}]")}
                assert not values & owned_ids[parent], f"{table}.{column} -> {parent}"
        for row in db.execute(f"SELECT * FROM [{table}]"):
            assert not any(isinstance(v, str) and NICKNAME in v for v in row), table


def test_the_name_notes_and_traces_are_gone_from_the_file_bytes(db, path):
    fill(db, "Sam")
    child = fill(db, NICKNAME, NOTE)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blob = encode_trace(TRACE)
    raw = file_bytes(path)
    assert NICKNAME.encode() in raw and NOTE.encode() in raw and blob in raw  # the test can fail

    delete_player(db, child)
    raw = file_bytes(path)
    assert NICKNAME.encode() not in raw
    assert NOTE.encode() not in raw
    assert blob in raw  # Sam's traces are the same samples, and stay
    assert b"Sam" in raw


def test_traces_of_the_child_alone_are_gone_from_the_file(db, path):
    child = fill(db, NICKNAME, NOTE)
    blob = encode_trace(TRACE)
    delete_player(db, child)
    assert blob not in file_bytes(path)
    assert not any(snapshot(db)[table] for table in OWNED_TABLES)


def test_a_failure_halfway_erases_nothing(db):
    child = fill(db, NICKNAME, NOTE)
    before = snapshot(db)
    db.execute(
        "CREATE TEMP TRIGGER refuse BEFORE DELETE ON main.sessions"
        " BEGIN SELECT RAISE(ABORT, 'card pulled'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="card pulled"):
        delete_player(db, child)
    db.execute("DROP TRIGGER refuse")
    assert snapshot(db) == before  # the reps and traces deleted before it came back


def test_an_unknown_player_is_refused(db):
    with pytest.raises(NotFound, match="no player number 42"):
        delete_player(db, 42)


def test_another_connection_reading_leaves_the_log_to_be_scrubbed_later(db, path):
    child = fill(db, NICKNAME, NOTE)
    db.execute("PRAGMA busy_timeout = 50")  # the checkpoint waits this long for the reader
    reader = sqlite3.connect(path)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM players").fetchone()  # holds a read snapshot
        erased = delete_player(db, child)
        assert not erased.scrubbed
    finally:
        reader.close()
    assert db.execute("SELECT count(*) FROM players").fetchone() == (0,)


def test_copies_made_before_an_upgrade_are_named(db, path):
    copy = path.with_name(path.name + ".before-upgrade-20250101T000000Z")
    copy.write_bytes(b"")
    assert delete_player(db, fill(db, NICKNAME)).backups == (copy,)
