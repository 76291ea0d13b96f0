"""``grip-station players``: what a therapist types, reads, and is refused."""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime, timedelta

import pytest

from station.app.cli import main
from station.console.tables import force_text
from station.storage import (
    add_trial,
    end_session,
    list_players,
    mark_assessment_stopped,
    open_database,
    record_rep,
    start_assessment,
    start_session,
)

TESTED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
KG = 9.80665


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """A scratch database; the XDG folders point into tmp so the real ones stay untouched."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "station.db"


def cli(db_path, *args):
    return main(["--db", str(db_path), *args])


def stored_players(db_path):
    db = open_database(db_path)
    try:
        return list_players(db, include_archived=True)
    finally:
        db.close()


def add_test(db_path, nickname, peaks_n, *, hand="right", at=TESTED, stopped=None):
    db = open_database(db_path)
    try:
        player = next(p for p in list_players(db) if p.nickname == nickname)
        test = start_assessment(db, player.id, sensor="grip", hand=hand, at=at)
        for number, peak in enumerate(peaks_n, start=1):
            add_trial(db, test.id, hand=hand, trial_no=number, peak_n=peak, duration_s=3.5, at=at)
        if stopped is not None:
            mark_assessment_stopped(db, test.id, stopped)
    finally:
        db.close()


def test_a_child_added_is_listed_and_shown(db_path, capsys):
    assert cli(db_path, "players", "add", "Zoé", "--hand", "left", "--birth-year", "2016") == 0
    assert cli(db_path, "players", "add", "Sam", "--hand", "right", "--notes", "shy") == 0
    capsys.readouterr()

    assert cli(db_path, "players", "list") == 0
    listing = capsys.readouterr().out
    assert "Zoé" in listing and "Sam" in listing and "left" in listing

    assert cli(db_path, "players", "show", "zoé") == 0  # any case finds the child
    shown = capsys.readouterr().out
    assert "Zoé" in shown and "Dominant hand: left" in shown and "2016" in shown
    assert "Max-force tests: none yet" in shown and "Program: none set" in shown
    [zoe] = [p for p in stored_players(db_path) if p.nickname == "Zoé"]
    assert (zoe.dominant_hand, zoe.birth_year, zoe.sex) == ("left", 2016, None)


def test_a_player_number_also_names_the_child(db_path, capsys):
    cli(db_path, "players", "add", "Mia", "--hand", "right")
    [mia] = stored_players(db_path)
    capsys.readouterr()
    assert cli(db_path, "players", "show", str(mia.id)) == 0
    assert "Mia" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("nickname", "complaint"),
    [("Mia 🦊", "cannot be shown"), ("", "nickname is needed"), ("x" * 200, "at most 40")],
    ids=["emoji", "empty", "200-characters"],
)
def test_unusable_nicknames_are_refused_in_one_sentence(db_path, capsys, nickname, complaint):
    assert cli(db_path, "players", "add", nickname, "--hand", "right") == 2
    error = capsys.readouterr().err
    assert complaint in error
    assert error.count("\n") == 1 and "Traceback" not in error
    assert stored_players(db_path) == []


def test_an_unknown_player_is_named_in_the_refusal(db_path, capsys):
    cli(db_path, "players", "add", "Mia", "--hand", "right")
    capsys.readouterr()
    assert cli(db_path, "players", "show", "Nobody") == 2
    assert "no player called 'Nobody'" in capsys.readouterr().err
    assert cli(db_path, "players", "archive", "999") == 2


def test_a_corrupt_database_is_refused_and_left_as_it_was(db_path, capsys):
    junk = os.urandom(8192)
    db_path.write_bytes(junk)
    for args in (["players", "list"], ["players", "add", "Mia", "--hand", "right"]):
        assert cli(db_path, *args) == 2
        error = capsys.readouterr().err
        assert str(db_path) in error and "not an SQLite file" in error
        assert error.count("\n") == 1
    assert db_path.read_bytes() == junk
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith("station")) == [
        "station.db"
    ]


def test_archiving_hides_a_child_from_the_list_and_undo_brings_them_back(db_path, capsys):
    cli(db_path, "players", "add", "Mia", "--hand", "right")
    cli(db_path, "players", "add", "Sam", "--hand", "right")
    assert cli(db_path, "players", "archive", "Mia") == 0
    capsys.readouterr()

    cli(db_path, "players", "list")
    assert "Mia" not in capsys.readouterr().out
    cli(db_path, "players", "list", "--all")
    assert "archived" in capsys.readouterr().out
    assert cli(db_path, "players", "show", "Mia") == 0  # history stays reachable
    assert "ARCHIVED" in capsys.readouterr().out

    assert cli(db_path, "players", "archive", "Mia", "--undo") == 0
    capsys.readouterr()
    cli(db_path, "players", "list")
    assert "Mia" in capsys.readouterr().out
    assert [p.archived for p in stored_players(db_path)] == [False, False]


def test_show_gives_mean_best_date_and_the_norms_band(db_path, capsys):
    # Born 2016, tested in 2025: about 9, the 6-9 row (P10 10 kg, P50 14 kg).
    cli(db_path, "players", "add", "Mia", "--hand", "right", "--birth-year", "2016")
    add_test(db_path, "Mia", [11 * KG, 12 * KG, 13 * KG])
    capsys.readouterr()
    assert cli(db_path, "players", "show", "Mia") == 0
    shown = capsys.readouterr().out
    assert "2025-03-01" in shown
    assert f"{12 * KG:.1f} N" in shown  # mean of 3
    assert f"{13 * KG:.1f} N" in shown  # best
    assert "P10-P50" in shown and "6-9" in shown


def maxima_row(shown, hand="right"):
    return next(line for line in shown.splitlines() if line.startswith(f"grip    {hand} "))


def test_show_keeps_the_complete_maximum_over_a_newer_pain_stop_and_says_so(db_path, capsys):
    cli(db_path, "players", "add", "Mia", "--hand", "right", "--birth-year", "2016")
    add_test(db_path, "Mia", [100, 110, 120])
    add_test(db_path, "Mia", [150, 160], at=TESTED + timedelta(days=7), stopped="pain")
    capsys.readouterr()
    assert cli(db_path, "players", "show", "Mia") == 0
    shown = capsys.readouterr().out
    row = maxima_row(shown)
    assert "2025-03-01" in row and "120.0 N" in row and "complete" in row
    assert "160.0 N" not in row
    note = next(line for line in shown.splitlines() if "not used as the maximum" in line)
    assert "2025-03-08" in note and "stopped: PAIN" in note and "2 of 3" in note
    # The norms are placed on the complete test's best, not on the stopped one.
    norms = next(line for line in shown.splitlines() if "right hand," in line and "about" in line)
    assert f"{120 / KG:.1f} kg" in norms


def test_show_falls_back_to_a_partial_test_only_when_there_is_no_complete_one(db_path, capsys):
    cli(db_path, "players", "add", "Sam", "--hand", "right")
    add_test(db_path, "Sam", [80, 90], stopped="interrupted")
    capsys.readouterr()
    cli(db_path, "players", "show", "Sam")
    shown = capsys.readouterr().out
    row = maxima_row(shown)
    assert "2 of 3" in row and "PARTIAL" in row and "stopped: interrupted" in row
    assert "90.0 N" in row and "provisional" in shown

    add_test(db_path, "Sam", [85, 86, 87], at=TESTED + timedelta(days=1))
    cli(db_path, "players", "show", "Sam")
    row = maxima_row(capsys.readouterr().out)
    assert "87.0 N" in row and "PARTIAL" not in row and "stopped" not in row


def test_show_reports_a_pain_stop_before_the_first_trial(db_path, capsys):
    cli(db_path, "players", "add", "Ida", "--hand", "left")
    add_test(db_path, "Ida", [], hand="left", stopped="pain")
    capsys.readouterr()
    cli(db_path, "players", "show", "Ida")
    shown = capsys.readouterr().out
    assert "no result yet" in shown
    assert "stopped: PAIN before its first trial" in shown


def test_show_says_plainly_when_the_norms_have_no_row_for_the_age(db_path, capsys):
    cli(db_path, "players", "add", "Teen", "--hand", "right", "--birth-year", "2008")
    cli(db_path, "players", "add", "Unknown", "--hand", "right")
    add_test(db_path, "Teen", [300, 310, 320])
    add_test(db_path, "Unknown", [100, 100, 100])
    capsys.readouterr()

    cli(db_path, "players", "show", "Teen")
    teen = capsys.readouterr().out
    assert "no data for age 17" in teen and "P10-P50" not in teen
    cli(db_path, "players", "show", "Unknown")
    assert "no birth year recorded" in capsys.readouterr().out


def test_show_suggests_a_retest_only_when_play_beats_the_max_by_more_than_ten_percent(
    db_path, capsys
):
    cli(db_path, "players", "add", "Mia", "--hand", "right")
    cli(db_path, "players", "add", "Sam", "--hand", "right")
    add_test(db_path, "Mia", [100, 110, 120])
    add_test(db_path, "Sam", [100, 110, 120])
    db = open_database(db_path)
    for player, peak in zip(list_players(db), (140.0, 125.0), strict=True):  # Mia, Sam
        session = start_session(db, player.id)
        record_rep(
            db,
            session.id,
            set_no=1,
            rep_no=1,
            sensor="grip",
            hand="right",
            target_n=50,
            band_low_n=40,
            band_high_n=60,
            peak_n=peak,
            time_in_band_s=2,
            success=True,
        )
        end_session(db, session.id)
    db.close()
    capsys.readouterr()

    cli(db_path, "players", "show", "Mia")
    assert "Re-test suggested" in capsys.readouterr().out  # 140 N is 17% above 120 N
    cli(db_path, "players", "show", "Sam")
    assert "Re-test suggested" not in capsys.readouterr().out  # 125 N is 4% above


def test_the_list_keeps_its_columns_straight_with_wide_characters(db_path, capsys):
    cli(db_path, "players", "add", "小明", "--hand", "left")
    cli(db_path, "players", "add", "Ann", "--hand", "right")
    capsys.readouterr()
    cli(db_path, "players", "list")
    rows = capsys.readouterr().out.splitlines()[1:]
    wide = next(row for row in rows if "小明" in row)
    narrow = next(row for row in rows if "Ann" in row)
    # 小明 is two characters but four terminal cells: its row pads with two spaces fewer.
    assert wide.index("left") + 2 == narrow.index("right")


def typed_back(monkeypatch, *replies):
    """Answer the confirmation prompt(s); an exception is raised instead, as Ctrl-D."""
    queue = list(replies)

    def answer(prompt=""):
        reply = queue.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    monkeypatch.setattr("builtins.input", answer)


def test_delete_erases_a_child_after_the_nickname_is_typed_back(db_path, capsys, monkeypatch):
    cli(db_path, "players", "add", "Zoé", "--hand", "left", "--notes", "likes the crab")
    cli(db_path, "players", "add", "Sam", "--hand", "right")
    add_test(db_path, "Zoé", [80.0, 82.0, 84.0])
    add_test(db_path, "Sam", [90.0, 91.0, 92.0])
    capsys.readouterr()

    typed_back(monkeypatch, " ZOÉ ")  # any case and spacing
    assert cli(db_path, "players", "delete", "Zoé") == 0
    out = capsys.readouterr().out
    assert "--export-to" in out  # the export was offered first
    assert "Deleted Zoé" in out and "1 players" in out and "3 trials" in out
    assert [p.nickname for p in stored_players(db_path)] == ["Sam"]
    assert "Zoé".encode() not in db_path.read_bytes()
    assert cli(db_path, "players", "show", "Sam") == 0
    assert force_text(92.0) in capsys.readouterr().out  # the other child is untouched


def test_delete_with_export_writes_the_childs_csv_files_first(db_path, tmp_path, capsys):
    cli(db_path, "players", "add", "Mia", "--hand", "right")
    cli(db_path, "players", "add", "Sam", "--hand", "right")
    add_test(db_path, "Mia", [70.0, 71.0, 72.0])
    out_dir = tmp_path / "for the family"
    assert cli(db_path, "players", "delete", "Mia", "--export-to", str(out_dir), "--yes") == 0
    assert "Exported Mia" in capsys.readouterr().out
    with (out_dir / "assessments.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [float(row["peak_n"]) for row in rows] == [70.0, 71.0, 72.0]
    with (out_dir / "players.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["nickname"] for row in csv.DictReader(handle)] == ["Mia"]
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "assessments.csv",
        "players.csv",
        "reps.csv",
        "sessions.csv",
    ]
    assert [p.nickname for p in stored_players(db_path)] == ["Sam"]


def test_an_export_that_cannot_be_written_deletes_nothing(db_path, tmp_path, capsys):
    cli(db_path, "players", "add", "Mia", "--hand", "right")
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert cli(db_path, "players", "delete", "Mia", "--export-to", str(blocker), "--yes") == 2
    assert "Nothing was deleted" in capsys.readouterr().err
    assert [p.nickname for p in stored_players(db_path)] == ["Mia"]


@pytest.mark.parametrize(
    ("reply", "complaint"),
    [("Mila", "does not match"), (EOFError(), "input closed")],
    ids=["wrong-name", "ctrl-d"],
)
def test_delete_without_the_right_nickname_keeps_the_child(
    db_path, capsys, monkeypatch, reply, complaint
):
    cli(db_path, "players", "add", "Mia", "--hand", "right")
    capsys.readouterr()
    typed_back(monkeypatch, reply)
    assert cli(db_path, "players", "delete", "Mia") == 2
    error = capsys.readouterr().err
    assert complaint in error and "not deleted" in error and "Traceback" not in error
    assert [p.nickname for p in stored_players(db_path)] == ["Mia"]


def test_deleting_a_player_who_does_not_exist_is_refused(db_path, capsys):
    cli(db_path, "players", "add", "Mia", "--hand", "right")
    capsys.readouterr()
    assert cli(db_path, "players", "delete", "Nobody", "--yes") == 2
    assert "no player called 'Nobody'" in capsys.readouterr().err
    assert [p.nickname for p in stored_players(db_path)] == ["Mia"]
