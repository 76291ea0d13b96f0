"""Opening the database: pragmas, the default place, refusing bad files, migrations."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlite_utils import Database

from station.clinic.difficulty import EngineSettings, level_from_history
from station.storage import (
    DatabaseError,
    InvalidRecord,
    add_player,
    add_trial,
    default_db_path,
    latest_results,
    list_players,
    mark_assessment_stopped,
    open_database,
    player_history,
    recent_reps,
    record_rep,
    trials_of,
)
from station.storage.schema import MIGRATIONS

NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _snapshot(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def _real_database(path, players=200):
    db = open_database(path)
    for number in range(players):
        add_player(
            db,
            nickname=f"Child {number}",
            avatar="owl",
            dominant_hand="left",
            notes="x" * 300,
            at=NOW,
        )
    db.close()


def test_connection_is_wal_full_sync_with_foreign_keys(tmp_path):
    db = open_database(tmp_path / "station.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO sessions (player_id, started_at) VALUES (99, '2025-01-01T00:00:00')"
        )
    db.close()


def test_default_database_lives_in_the_xdg_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_db_path()
    assert path.is_relative_to(tmp_path / "data" / "grip-station")
    db = open_database()
    db.close()
    assert path.is_file()


def test_missing_folders_are_created(tmp_path):
    path = tmp_path / "clinic" / "box 1" / "station.db"
    open_database(path).close()
    assert path.is_file()


def test_an_empty_file_becomes_a_new_database(tmp_path):
    path = tmp_path / "station.db"
    path.touch()
    db = open_database(path)
    assert list_players(db) == []
    db.close()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (os.urandom(8192), "not an SQLite file"),
        (b"Kim, 2016, right\nSam, 2015, left\n" * 50, "not an SQLite file"),
    ],
    ids=["random-bytes", "text-file"],
)
def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path, content, reason):
    path = tmp_path / "station.db"
    path.write_bytes(content)
    before = _snapshot(tmp_path)
    with pytest.raises(DatabaseError, match=reason) as refused:
        open_database(path)
    assert "left untouched" in str(refused.value)
    assert _snapshot(tmp_path) == before


def test_a_truncated_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "station.db"
    _real_database(path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    before = _snapshot(tmp_path)
    with pytest.raises(DatabaseError, match="is damaged"):
        open_database(path)
    assert _snapshot(tmp_path) == before


def test_a_database_with_a_scribbled_page_is_refused_and_left_untouched(tmp_path):
    """A page whose b-tree header was overwritten, as a failing SD card might leave it."""
    path = tmp_path / "station.db"
    _real_database(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    middle_page = (len(data) // page_size // 2) * page_size
    data[middle_page : middle_page + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    before = _snapshot(tmp_path)
    with pytest.raises(DatabaseError, match="damaged"):
        open_database(path)
    assert _snapshot(tmp_path) == before


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photos (name) VALUES ('beach.jpg')")
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(DatabaseError, match="is not a grip-station database") as refused:
        open_database(path)
    assert str(path) in str(refused.value) and "photos" in str(refused.value)
    assert "damaged" not in str(refused.value) and "backup" not in str(refused.value)
    assert _snapshot(tmp_path) == before


OTHER_PROGRAM_READS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM players").fetchone()
conn.close()
"""


def test_a_second_connection_here_leaves_another_program_unable_to_delete_the_log(tmp_path):
    """Opening the database again in this process (a visit's writer does, with the app's
    connection open) must not drop this process's locks: another program closing its
    connection would then take itself for the last one and delete the write-ahead log,
    with this process's committed changes in it."""
    path = tmp_path / "station.db"
    db = open_database(path)
    add_player(db, nickname="Kim", avatar="owl", dominant_hand="right")  # in the log only
    second = open_database(path)
    subprocess.run([sys.executable, "-c", OTHER_PROGRAM_READS, str(path)], check=True)
    assert (tmp_path / "station.db-wal").exists()
    assert [p.nickname for p in list_players(second)] == ["Kim"]
    add_player(db, nickname="Sam", avatar="fox", dominant_hand="left")
    second.close()
    db.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT count(*) FROM players").fetchone() == (2,)
    raw.close()


def test_a_folder_given_as_database_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="folder"):
        open_database(tmp_path)


def test_a_database_from_a_newer_station_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "station.db"
    db = open_database(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": MIGRATIONS.name, "name": "m999_from_the_future", "applied_at": "x"}
    )
    db.close()
    before = _snapshot(tmp_path)
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(path)
    assert _snapshot(tmp_path) == before


def test_an_older_schema_migrates_with_its_data_intact_and_a_backup(tmp_path):
    path = tmp_path / "station.db"
    newest = MIGRATIONS.pending(Database(memory=True))[-1].name
    old = Database(path)
    MIGRATIONS.apply(old, stop_before=newest)
    old.execute(
        "INSERT INTO players (id, nickname, nickname_key, avatar, birth_year, dominant_hand,"
        " created_at) VALUES (7, 'Ida', 'ida', 'owl', 2017, 'left', '2024-05-02T10:00:00+00:00')"
    )
    old.execute(
        "INSERT INTO sessions (id, player_id, started_at, ended_at)"
        " VALUES (3, 7, '2024-05-02T10:01:00+00:00', '2024-05-02T10:15:00+00:00')"
    )
    for rep_no, (peak, success) in enumerate([(40.0, 1), (55.5, 1), (38.0, 0)], start=1):
        old.execute(
            "INSERT INTO reps (session_id, set_no, rep_no, sensor, hand, target_n, band_low_n,"
            " band_high_n, peak_n, time_in_band_s, success, created_at)"
            " VALUES (3, 1, ?, 'grip', 'left', 40, 36, 44, ?, 2.0, ?, '2024-05-02T10:02:00')",
            [rep_no, peak, success],
        )
    old.close()

    db = open_database(path)
    assert MIGRATIONS.pending(db) == []
    assert [(p.id, p.nickname, p.birth_year) for p in list_players(db)] == [(7, "Ida", 2017)]
    [session] = player_history(db, 7)
    assert (session.session_id, session.reps, session.successes, session.peak_n) == (
        3,
        3,
        2,
        55.5,
    )
    db.close()
    backups = list(tmp_path.glob("station.db.before-upgrade-*"))
    assert len(backups) == 1
    backup = Database(backups[0])
    assert [m.name for m in MIGRATIONS.pending(backup)] == [newest]
    assert backup.execute("SELECT nickname FROM players").fetchall() == [("Ida",)]
    assert backup.execute("SELECT count(*) FROM reps").fetchone()[0] == 3
    backup.close()


def test_an_up_to_date_database_is_not_backed_up_again(tmp_path):
    path = tmp_path / "station.db"
    open_database(path).close()
    open_database(path).close()
    assert list(tmp_path.glob("*.before-upgrade-*")) == []


def test_reps_from_before_the_level_column_read_back_and_new_reps_keep_their_level(tmp_path):
    path = tmp_path / "station.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="m003_rep_level")
    assert "level" not in old["reps"].columns_dict
    old.execute(
        "INSERT INTO players (id, nickname, nickname_key, avatar, birth_year, dominant_hand,"
        " created_at) VALUES (4, 'Noa', 'noa', 'cat', 2016, 'right', '2024-06-01T09:00:00+00:00')"
    )
    old.execute(
        "INSERT INTO sessions (id, player_id, started_at) VALUES (2, 4, ?)", [NOW.isoformat()]
    )
    for rep_no, success in enumerate([1, 1, 0, 1], start=1):
        old.execute(
            "INSERT INTO reps (session_id, set_no, rep_no, sensor, hand, target_n, band_low_n,"
            " band_high_n, peak_n, time_in_band_s, success, created_at)"
            " VALUES (2, 1, ?, 'grip', 'right', 40, 36, 44, 41, 2.0, ?, ?)",
            [rep_no, success, NOW.isoformat()],
        )
    old.close()

    db = open_database(path)
    before = recent_reps(db, 4, sensor="grip", hand="right", limit=10)
    assert [(r.rep_no, r.success, r.level) for r in before] == [
        (1, True, None),
        (2, True, None),
        (3, False, None),
        (4, True, None),
    ]
    settings = EngineSettings()
    replayed = settings.start_level + 3 * settings.step_up - settings.step_down
    assert level_from_history(before, settings) == pytest.approx(replayed)

    added = record_rep(
        db,
        2,
        set_no=1,
        rep_no=5,
        sensor="grip",
        hand="right",
        target_n=45.0,
        band_low_n=41.0,
        band_high_n=49.0,
        peak_n=46.0,
        time_in_band_s=2.5,
        success=False,
        level=0.8,
    )
    after = recent_reps(db, 4, sensor="grip", hand="right", limit=10)
    assert after == [*before, added]
    assert added.level == 0.8
    # The stored level wins over replaying the four older reps.
    assert level_from_history(after, settings) == pytest.approx(0.8 - settings.step_down)
    assert player_history(db, 4)[0].reps == 5
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE reps SET level = 1.5 WHERE id = ?", [added.id])
    db.close()


def test_tests_from_before_the_stop_reason_keep_their_trials_and_read_as_not_stopped(tmp_path):
    path = tmp_path / "station.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="m004_assessment_stop_reason")
    assert "stop_reason" not in old["assessments"].columns_dict
    old.execute(
        "INSERT INTO players (id, nickname, nickname_key, avatar, dominant_hand, created_at)"
        " VALUES (5, 'Eli', 'eli', 'owl', 'right', '2024-06-01T09:00:00+00:00')"
    )
    for test_id, day, peaks in ((1, "2024-06-01", [90, 95, 100]), (2, "2024-07-01", [60, 62])):
        old.execute(
            "INSERT INTO assessments (id, player_id, sensor, hand, protocol, created_at)"
            " VALUES (?, 5, 'grip', 'right', 'ASHT-2015', ?)",
            [test_id, f"{day}T10:00:00+00:00"],
        )
        for number, peak in enumerate(peaks, start=1):
            old.execute(
                "INSERT INTO trials (assessment_id, hand, trial_no, peak_n, duration_s,"
                " created_at) VALUES (?, 'right', ?, ?, 3.5, ?)",
                [test_id, number, peak, f"{day}T10:0{number}:00+00:00"],
            )
    old.close()

    db = open_database(path)
    assert [t.peak_n for t in trials_of(db, 1)] == [90, 95, 100]
    assert [t.peak_n for t in trials_of(db, 2)] == [60, 62]
    [result] = latest_results(db, 5)
    # The older test had all three trials; the newer two-trial one does not replace it.
    assert (result.assessment.id, result.best_n, result.assessment.stop_reason) == (1, 100, None)
    assert result.newer_partial is not None and result.newer_partial.assessment.id == 2
    assert mark_assessment_stopped(db, 2, "pain").stop_reason == "pain"
    with pytest.raises(InvalidRecord, match="stopped"):
        add_trial(db, 2, hand="right", trial_no=3, peak_n=64.0, duration_s=3.0)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE assessments SET stop_reason = '' WHERE id = 1")
    db.close()
