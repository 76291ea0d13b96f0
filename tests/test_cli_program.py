"""``grip-station program``: setting targets a child can meet, refusing the rest with a reason."""

from __future__ import annotations

import pytest

from station.app.cli import main
from station.storage import (
    add_trial,
    current_program,
    list_players,
    open_database,
    start_assessment,
)

GOOD = "sensor=grip,hand=right,target=40%,hold=3,reps=10,sets=2,rest=30"


@pytest.fixture
def db_path(mia_station):
    return mia_station


def cli(db_path, *args):
    return main(["--db", str(db_path), *args])


def set_program(db_path, *specs, days="3", extra=()):
    exercises = [part for spec in specs for part in ("--exercise", spec)]
    return cli(db_path, "program", "set", "Mia", *exercises, "--days-per-week", days, *extra)


def stored_program(db_path):
    db = open_database(db_path)
    try:
        return current_program(db, list_players(db)[0].id)
    finally:
        db.close()


def log_max(db_path, best_n, hand="right"):
    db = open_database(db_path)
    try:
        test = start_assessment(db, list_players(db)[0].id, sensor="grip", hand=hand)
        for number, peak in enumerate((best_n * 0.9, best_n * 0.95, best_n), start=1):
            add_trial(db, test.id, hand=hand, trial_no=number, peak_n=peak, duration_s=3.2)
    finally:
        db.close()


def test_a_program_is_saved_and_shown_with_todays_newtons(db_path, capsys):
    log_max(db_path, 150.0)
    pinch = "sensor=pinch,pinch=key,hand=left,target=25N,hold=2,reps=5,sets=1,rest=15"
    assert set_program(db_path, GOOD, pinch, extra=("--limit-n", "100")) == 0
    capsys.readouterr()

    assert cli(db_path, "program", "show", "Mia") == 0
    shown = capsys.readouterr().out
    assert "40% of max" in shown and "60.0 N" in shown  # 40% of the 150 N best
    assert "pinch (key)" in shown and "3 days a week" in shown and "100.0 N" in shown
    stored = stored_program(db_path)
    assert [e.sensor for e in stored.program.exercises] == ["grip", "pinch"]
    assert stored.program.limits.limit_n == 100.0
    assert stored.program.exercises[0].reps == 10 and stored.program.exercises[0].sets == 2


def test_a_program_before_any_test_is_kept_with_a_note_to_test_first(db_path, capsys):
    assert set_program(db_path, GOOD) == 0
    assert "no max-force test" in capsys.readouterr().out
    assert stored_program(db_path) is not None


def test_setting_again_makes_a_new_version_that_show_reads(db_path, capsys):
    set_program(db_path, GOOD)
    set_program(db_path, GOOD.replace("reps=10", "reps=6"), days="2")
    capsys.readouterr()
    cli(db_path, "program", "show", "Mia")
    shown = capsys.readouterr().out
    assert "2 days a week" in shown and "2 x 6 reps" in shown
    assert "2 x 10 reps" not in shown


@pytest.mark.parametrize(
    ("spec", "named"),
    [
        ("sensor=grip,hand=right,target=40%,hold=3,reps=10,sets=2", "rest"),
        ("sensor=grip,hand=right,tagret=40%,hold=3,reps=10,sets=2,rest=30", "'target'"),
        ("sensor=grip,hand=right,target=forty%,hold=3,reps=10,sets=2,rest=30", "target"),
        ("sensor=grip,hand=right,target=40%,hold=3,reps=ten,sets=2,rest=30", "reps"),
        ("sensor=grip,hand=rigth,target=40%,hold=3,reps=10,sets=2,rest=30", "Hand"),
        ("sensor=grip hand=right", "key=value"),
        ("sensor=grip,hand=right,target=-40%,hold=3,reps=10,sets=2,rest=30", "above 0"),
        ("sensor=grip,hand=right,target=40%,hold=-3,reps=10,sets=2,rest=30", "Hold time"),
        ("sensor=grip,hand=right,target=120%,hold=3,reps=10,sets=2,rest=30", "100%"),
        ("sensor=pinch,hand=right,target=40%,hold=3,reps=10,sets=2,rest=30", "pinch="),
    ],
    ids=[
        "missing-field",
        "misspelt-field",
        "target-not-a-number",
        "reps-not-a-number",
        "unknown-hand",
        "no-commas",
        "negative-target",
        "negative-hold",
        "above-100-percent",
        "pinch-without-type",
    ],
)
def test_a_bad_exercise_is_refused_naming_the_field_and_nothing_is_saved(
    db_path, capsys, spec, named
):
    assert set_program(db_path, GOOD, spec) == 2
    error = capsys.readouterr().err
    assert "Exercise 2" in error and named in error
    assert error.count("\n") == 1
    assert stored_program(db_path) is None


def test_a_newton_target_above_the_configured_sensor_capacity_is_refused(db_path, tmp_path, capsys):
    within_default = "sensor=grip,hand=right,target=600N,hold=3,reps=10,sets=2,rest=30"
    assert set_program(db_path, within_default) == 0  # the standard 90 kg cell reads 600 N
    config = tmp_path / "config" / "grip-station" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[sensors.grip]\ncapacity_kg = 50\n", encoding="utf-8")
    capsys.readouterr()

    assert set_program(db_path, within_default.replace("reps=10", "reps=4")) == 2
    assert "can measure" in capsys.readouterr().err  # 600 N is above a 50 kg (490 N) cell
    assert stored_program(db_path).program.exercises[0].reps == 10


def test_a_newton_target_above_the_childs_logged_max_is_refused(db_path, capsys):
    log_max(db_path, 150.0)
    assert set_program(db_path, GOOD.replace("40%", "160N")) == 2
    assert "logged maximum" in capsys.readouterr().err
    assert set_program(db_path, GOOD.replace("40%", "140N")) == 0


@pytest.mark.parametrize(
    ("extra", "named"),
    [(("--days-per-week", "8"), "--days-per-week"), (("--limit-n", "-5"), "--limit-n")],
)
def test_bad_program_settings_are_refused(db_path, capsys, extra, named):
    args = ["program", "set", "Mia", "--exercise", GOOD, "--days-per-week", "3", *extra]
    with pytest.raises(SystemExit) as refused:
        cli(db_path, *args)
    assert refused.value.code == 2
    assert f"error: argument {named}:" in capsys.readouterr().err
    assert stored_program(db_path) is None


def test_a_target_above_80_percent_is_shown_capped_unless_allowed(db_path, capsys):
    high = GOOD.replace("40%", "90%")
    set_program(db_path, high)
    assert "played at 80%" in capsys.readouterr().out
    set_program(db_path, high, extra=("--allow-above-80",))
    out = capsys.readouterr().out
    assert "played at 80%" not in out
    assert stored_program(db_path).program.limits.allow_above_80pct


def test_show_for_a_child_without_a_program_says_how_to_set_one(db_path, capsys):
    assert cli(db_path, "program", "show", "Mia") == 0
    assert "no program yet" in capsys.readouterr().out
    assert cli(db_path, "program", "show", "Nobody") == 2


def test_a_target_above_the_force_limit_is_refused_and_nothing_is_saved(db_path, capsys):
    spec = "sensor=grip,hand=right,target=500N,hold=3,reps=10,sets=2,rest=30"
    assert set_program(db_path, spec, extra=("--limit-n", "100")) == 2
    err = capsys.readouterr().err
    assert "above the program's force limit (100 N)" in err and "Traceback" not in err
    assert stored_program(db_path) is None
