"""``grip-station history`` and ``export``: what a therapist reads back and takes away."""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime, timedelta

import pytest

from station.app.cli import main
from station.storage import (
    EXPORT_COLUMNS,
    add_player,
    add_trial,
    end_session,
    mark_assessment_stopped,
    open_database,
    record_rep,
    start_assessment,
    start_session,
)

DAY = datetime(2025, 3, 3, 15, 0, tzinfo=UTC)
ODD_NICKNAME = "Zoë O'Neil-Ñ"
ODD_NOTES = 'says "hi", then leaves;\nsecond line, 🦊 = fox, 小明'


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """A scratch database; the XDG folders point into tmp so the real ones stay untouched."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "station.db"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


def cli(db_path, *args):
    return main(["--db", str(db_path), *args])


def play(db, player_id, outcomes, *, at, pain=False, sensor="grip", hand="right"):
    """One session of reps given as (peak_n, success) pairs."""
    session = start_session(db, player_id, at=at)
    for number, (peak, success) in enumerate(outcomes, start=1):
        record_rep(
            db,
            session.id,
            set_no=1,
            rep_no=number,
            sensor=sensor,
            hand=hand,
            target_n=40,
            band_low_n=30,
            band_high_n=50,
            peak_n=peak,
            time_in_band_s=1.5,
            success=success,
            at=at,
        )
    end_session(db, session.id, pain_stop=pain, pain_note="wrist" if pain else "", at=at)


def max_test(db, player_id, peaks, *, at, hand="right", stopped=None):
    test = start_assessment(db, player_id, sensor="grip", hand=hand, at=at)
    for number, peak in enumerate(peaks, start=1):
        add_trial(db, test.id, hand=hand, trial_no=number, peak_n=peak, duration_s=3.4, at=at)
    if stopped is not None:
        mark_assessment_stopped(db, test.id, stopped)


def test_history_lists_each_session_and_the_tests_with_their_change(db_path, db, capsys):
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    play(db, mia.id, [(45, True), (48, True), (52, True), (30, False)], at=DAY)
    play(db, mia.id, [(41, True), (20, False)], at=DAY + timedelta(days=2), pain=True)
    max_test(db, mia.id, [100, 100, 100], at=DAY - timedelta(days=30))
    max_test(db, mia.id, [130, 130, 130], at=DAY)  # +30%: beyond the error
    max_test(db, mia.id, [135, 135], at=DAY + timedelta(days=30), stopped="pain")  # +4%

    assert cli(db_path, "history", "Mia") == 0
    lines = capsys.readouterr().out.splitlines()
    first = next(line for line in lines if line.startswith("2025-03-03 "))
    assert "75%" in first and "52.0 N" in first and "PAIN" not in first
    second = next(line for line in lines if line.startswith("2025-03-05 "))
    assert "50%" in second and "PAIN STOP" in second
    tests = [line for line in lines if "grip" in line and "right" in line and "(" in line]
    assert "first test" in tests[-3]
    assert "+30%" in tests[-2] and "real change" in tests[-2]
    assert "+4%" in tests[-1] and "within the 20% error" in tests[-1]
    assert "2 of 3" in tests[-1] and "stopped: PAIN" in tests[-1]
    assert not any("stopped" in line for line in tests[:-1])


def test_history_tells_a_pain_stop_from_an_interruption_and_an_unexplained_short_test(
    db_path, db, capsys
):
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    max_test(db, mia.id, [100, 100, 100], at=DAY)
    max_test(db, mia.id, [60], at=DAY + timedelta(days=1), stopped="pain")
    max_test(db, mia.id, [104, 104], at=DAY + timedelta(days=2), stopped="interrupted")
    max_test(db, mia.id, [99, 98], at=DAY + timedelta(days=3))  # e.g. a power cut mid-test
    max_test(db, mia.id, [], at=DAY + timedelta(days=4), stopped="pain")

    assert cli(db_path, "history", "Mia") == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [
        next(line for line in lines if line.startswith(f"2025-03-0{day} ")) for day in (4, 5, 6, 7)
    ]
    pain, interrupted, unexplained, before_first = rows
    assert "stopped: PAIN" in pain and "1 of 3" in pain
    # The pain stop's 60 N is not the baseline: the next test is compared with the 100 N one.
    assert "+4%" in interrupted and "stopped: interrupted" in interrupted
    assert "PAIN" not in interrupted
    assert "not finished" in unexplained and "stopped" not in unexplained
    assert "0 of 3" in before_first and "stopped: PAIN" in before_first


def test_the_export_says_why_each_test_stopped(db_path, db, tmp_path):
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    max_test(db, mia.id, [100, 101, 102], at=DAY)
    max_test(db, mia.id, [60], at=DAY + timedelta(days=1), stopped="pain")
    max_test(db, mia.id, [], at=DAY + timedelta(days=2), stopped="interrupted")
    out = tmp_path / "report"
    assert cli(db_path, "export", "--out", str(out)) == 0
    header, rows = read_csv(out / "assessments.csv")
    assert tuple(header) == EXPORT_COLUMNS["assessments"]
    assert [(r["peak_n"], r["stop_reason"]) for r in rows] == [
        ("100.0", ""),
        ("101.0", ""),
        ("102.0", ""),
        ("60.0", "pain"),
        ("", "interrupted"),
    ]


def test_history_of_a_new_child_says_there_is_nothing_yet(db_path, db, capsys):
    add_player(db, nickname="New", avatar="fox", dominant_hand="left")
    assert cli(db_path, "history", "New") == 0
    out = capsys.readouterr().out
    assert "Sessions: none yet" in out and "Max-force tests: none yet" in out


def test_history_refuses_an_unknown_child_and_a_corrupt_database(db_path, capsys):
    open_database(db_path).close()
    assert cli(db_path, "history", "Nobody") == 2
    assert "Nobody" in capsys.readouterr().err
    junk = os.urandom(4096)
    db_path.unlink()
    db_path.write_bytes(junk)
    assert cli(db_path, "history", "Nobody") == 2
    assert "not an SQLite file" in capsys.readouterr().err
    assert db_path.read_bytes() == junk


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def test_an_empty_export_still_writes_every_header(db_path, tmp_path, capsys):
    open_database(db_path).close()
    out = tmp_path / "report"
    assert cli(db_path, "export", "--out", str(out)) == 0
    for kind, columns in EXPORT_COLUMNS.items():
        header, rows = read_csv(out / f"{kind}.csv")
        assert (tuple(header), rows) == (columns, [])
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.csv" for k in EXPORT_COLUMNS)


def test_odd_names_and_notes_come_back_from_the_csv_unchanged(db_path, db, tmp_path):
    zoe = add_player(db, nickname=ODD_NICKNAME, avatar="fox", dominant_hand="left", notes=ODD_NOTES)
    play(db, zoe.id, [(45, True), (20, False)], at=DAY)
    max_test(db, zoe.id, [90, 95, 100], at=DAY, hand="left")
    out = tmp_path / "report"
    assert cli(db_path, "export", "--out", str(out)) == 0

    _, players = read_csv(out / "players.csv")
    assert [(p["nickname"], p["notes"]) for p in players] == [(ODD_NICKNAME, ODD_NOTES)]
    _, reps = read_csv(out / "reps.csv")
    assert [(r["nickname"], float(r["peak_n"]), r["success"]) for r in reps] == [
        (ODD_NICKNAME, 45.0, "1"),
        (ODD_NICKNAME, 20.0, "0"),
    ]
    _, trials = read_csv(out / "assessments.csv")
    assert sorted(float(t["peak_n"]) for t in trials) == [90.0, 95.0, 100.0]
    _, sessions = read_csv(out / "sessions.csv")
    assert [(s["reps"], s["successes"]) for s in sessions] == [("2", "1")]


def test_export_of_one_child_leaves_the_others_out(db_path, db, tmp_path, capsys):
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    sam = add_player(db, nickname="Sam", avatar="owl", dominant_hand="right")
    play(db, mia.id, [(45, True)], at=DAY)
    play(db, sam.id, [(60, True), (61, True)], at=DAY)
    out = tmp_path / "sam"
    assert cli(db_path, "export", "--player", "Sam", "--out", str(out)) == 0
    assert "Sam" in capsys.readouterr().out
    for kind in ("players", "sessions", "reps"):
        _, rows = read_csv(out / f"{kind}.csv")
        assert rows and {row["nickname"] for row in rows} == {"Sam"}


def test_export_into_a_file_instead_of_a_folder_is_refused(db_path, tmp_path, capsys):
    target = tmp_path / "not-a-folder"
    target.write_text("keep me", encoding="utf-8")
    assert cli(db_path, "export", "--out", str(target)) == 2
    assert "folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"
