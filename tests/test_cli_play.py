"""``grip-station play``: choosing the game, the targets and the storage from the database."""

from __future__ import annotations

import pytest

from games.registry import all_games
from hardware.frames import GRIP
from station.app.cli import main
from station.clinic.assessment import Hand
from station.clinic.exercise import Exercise, ForceLimits, Program, TargetKind
from station.commands.play import step_for
from station.storage import (
    InvalidRecord,
    add_player,
    add_trial,
    open_database,
    save_program,
    set_archived,
    start_assessment,
)

CAPACITY_N = 882.6


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    database = open_database(tmp_path / "station.db")
    yield database
    database.close()


def a_game(sensor: str = GRIP):
    games = [g for g in all_games().values() if g.sensor == sensor]
    if not games:
        pytest.skip(f"no {sensor} game registered yet")
    return games[0]


def test_an_unknown_game_is_one_sentence_listing_the_games(db, tmp_path, capsys):
    code = main(["--db", str(tmp_path / "station.db"), "play", "pong"])
    err = capsys.readouterr().err
    assert code == 2
    assert "no game called 'pong'" in err and "Traceback" not in err
    for key in all_games():
        assert key in err


def test_autoplay_on_replayed_forces_is_refused_with_what_to_use(db, tmp_path, capsys):
    game = a_game()
    recording = tmp_path / "squeeze.csv"
    recording.write_text("t_s,force_n\n0.0,1.0\n0.0125,2.0\n0.025,3.0\n")
    argv = ["--db", str(tmp_path / "station.db"), "--sensors", f"replay:{recording}"]
    code = main([*argv, "play", game.key, "--autoplay", "--seconds", "1"])
    assert code == 2
    assert "--sensors virtual" in capsys.readouterr().err


def test_a_guest_plays_the_gentle_default_and_is_told_nothing(db):
    game = a_game()
    step, notes = step_for(db, None, game)
    assert step.game == game and step.exercise_id is None
    assert step.exercise.target_value == 40.0 and notes == []


def test_an_archived_child_is_refused_with_how_to_bring_them_back(db):
    child = add_player(db, nickname="Mia", avatar="star", dominant_hand="left")
    archived = set_archived(db, child.id, True)
    with pytest.raises(InvalidRecord, match=f"players archive {child.id} --undo"):
        step_for(db, archived, a_game())


def test_a_child_with_a_program_and_a_test_plays_their_exercise_and_is_stored(db):
    game = a_game()
    child = add_player(db, nickname="Mia", avatar="star", dominant_hand="left")
    exercise = Exercise(GRIP, Hand.LEFT, TargetKind.PERCENT, 50.0, 3.0, 4, 2, 20.0)
    program = save_program(db, child.id, Program((exercise,), 3, ForceLimits(limit_n=90.0)))
    test = start_assessment(db, child.id, sensor=GRIP, hand="left")
    for number, peak in enumerate((110.0, 120.0, 115.0), start=1):
        add_trial(db, test.id, hand="left", trial_no=number, peak_n=peak, duration_s=3.0)
    step, notes = step_for(db, child, game)
    assert notes == []
    assert step.exercise == exercise and step.exercise_id == program.exercise_ids[0]


def test_a_child_never_tested_is_told_the_targets_come_from_a_quick_squeeze(db):
    game = a_game()
    child = add_player(db, nickname="Leo", avatar="star", dominant_hand="right")
    step, notes = step_for(db, child, game)
    assert step.exercise.hand == "right" and step.exercise_id is None
    text = " ".join(notes)
    assert "no grip exercise in a program" in text
    assert "quick hard squeeze" in text and f"assess {child.id}" in text
