"""``grip-station assess``: the whole guided test on virtual sensors and a simulated clock.

The protocol's real timings (3 s countdowns, 5 s squeezes, 15-60 s rests) all run; the
simulated clock only makes them pass without waiting.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hardware.recordings import BUNDLED_DIR
from hardware.sim_sources import ReplaySource
from hardware.spec import DEFAULT_SPECS
from station.app import sensors
from station.app.cli import main
from station.console.tables import force_text
from station.storage import (
    add_trial,
    latest_results,
    list_players,
    open_database,
    start_assessment,
    trial_trace,
    trials_of,
)

HAND_MAX_N = {spec.name: spec.capacity_n * 0.2 for spec in DEFAULT_SPECS}
"""The virtual hand squeezes up to a fifth of the cell's capacity (station.app.sensors)."""


@pytest.fixture
def clock(assess_clock):
    return assess_clock


@pytest.fixture
def db_path(mia_station):
    """Mia, and Lefty (player 2), who squeezes with the left hand."""
    assert main(["--db", str(mia_station), "players", "add", "Lefty", "--hand", "left"]) == 0
    return mia_station


def assess_cli(db_path, *args, sensors_mode="virtual"):
    return main(["--db", str(db_path), "--sensors", sensors_mode, "assess", *args])


def stored_trials(db_path):
    """Every stored trial, in the order they were committed."""
    db = open_database(db_path)
    try:
        rows = [t for a in db.query("SELECT id FROM assessments") for t in trials_of(db, a["id"])]
        return sorted(rows, key=lambda t: t.id), db
    except BaseException:
        db.close()
        raise


def answers(monkeypatch, *replies):
    """Type these answers at the successive prompts (an exception is raised, as Ctrl-C)."""
    queue = list(replies)

    def fake_input(prompt=""):
        reply = queue.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    monkeypatch.setattr("builtins.input", fake_input)


def test_a_whole_test_stores_three_trials_per_hand_with_sensible_peaks(db_path, clock, capsys):
    start_ns = clock.now_ns
    assert assess_cli(db_path, "Mia", "--sensor", "grip", "--yes") == 0
    out = capsys.readouterr().out
    assert "SIMULATED" in out and "90°" in out
    assert "Results" in out and "no earlier test" in out

    trials, db = stored_trials(db_path)
    try:
        assert sorted((t.hand, t.trial_no) for t in trials) == [
            (hand, n) for hand in ("left", "right") for n in (1, 2, 3)
        ]
        for trial in trials:
            assert 0.5 * HAND_MAX_N["grip"] < trial.peak_n < 1.1 * HAND_MAX_N["grip"]
            assert trial.duration_s >= 3.0  # the squeeze was held as ASHT asks
            assert len(trial_trace(db, trial.id)) > 300  # ~5 s at 80 samples per second
        assert trials[0].hand == "right"  # the dominant hand starts
        assert [t.hand for t in trials[:2]] == ["right", "left"]  # then they alternate
    finally:
        db.close()
    assert stop_reasons(db_path) == [None]  # ran to the end: no stop recorded
    # Six squeezes and countdowns of 8 s, and each hand's rests, passed on the clock.
    assert (clock.now_ns - start_ns) / 1e9 > 6 * 8


def stop_reasons(db_path):
    db = open_database(db_path)
    try:
        return [row["stop_reason"] for row in db.query("SELECT stop_reason FROM assessments")]
    finally:
        db.close()


def test_pain_at_a_prompt_stops_the_test_and_keeps_the_trials_so_far(
    db_path, clock, capsys, monkeypatch
):
    answers(monkeypatch, "", "", "", " Pain ")
    assert assess_cli(db_path, "Mia", "--sensor", "grip") == 1
    out = capsys.readouterr().out
    assert "pain" in out.lower() and "stopped" in out
    trials, db = stored_trials(db_path)
    db.close()
    assert [(t.hand, t.trial_no) for t in trials] == [("right", 1), ("left", 1), ("right", 2)]
    assert stop_reasons(db_path) == ["pain"]

    assert main(["--db", str(db_path), "history", "Mia"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if " grip " in line]
    assert len(rows) == 2 and all("stopped: PAIN" in row for row in rows)


def test_ctrl_c_stops_the_test_and_keeps_the_finished_trial(db_path, clock, capsys, monkeypatch):
    answers(monkeypatch, "", KeyboardInterrupt())
    assert assess_cli(db_path, "Mia", "--sensor", "grip") == 1
    assert "Ctrl-C" in capsys.readouterr().out
    trials, db = stored_trials(db_path)
    db.close()
    assert [(t.hand, t.trial_no) for t in trials] == [("right", 1)]
    assert stop_reasons(db_path) == ["interrupted"]

    assert main(["--db", str(db_path), "history", "Mia"]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if " grip " in line]
    assert "stopped: interrupted" in row and "PAIN" not in row


def test_input_closing_at_a_prompt_is_stored_as_no_answer_not_pain(
    db_path, clock, capsys, monkeypatch
):
    answers(monkeypatch, "", EOFError())
    assert assess_cli(db_path, "Mia", "--sensor", "grip") == 1
    assert "no answer" in capsys.readouterr().out
    assert stop_reasons(db_path) == ["no answer"]


def test_pain_before_the_first_squeeze_is_still_on_record(db_path, clock, capsys, monkeypatch):
    answers(monkeypatch, "pain")
    assert assess_cli(db_path, "Mia", "--sensor", "grip") == 1
    trials, db = stored_trials(db_path)
    db.close()
    assert trials == [] and stop_reasons(db_path) == ["pain"]
    capsys.readouterr()
    assert main(["--db", str(db_path), "history", "Mia"]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if " grip " in line]
    assert "0 of 3" in row and "stopped: PAIN" in row


def test_a_pain_stop_does_not_replace_the_maximum_from_a_complete_test(
    db_path, clock, capsys, monkeypatch
):
    assert assess_cli(db_path, "Mia", "--sensor", "grip", "--hands", "right", "--yes") == 0
    _, db = stored_trials(db_path)
    mia = next(p for p in list_players(db) if p.nickname == "Mia")
    [complete] = latest_results(db, mia.id, simulated=True)  # the virtual hand squeezed
    db.close()
    answers(monkeypatch, "", "pain")
    assert assess_cli(db_path, "Mia", "--sensor", "grip", "--hands", "right") == 1
    capsys.readouterr()

    assert main(["--db", str(db_path), "players", "show", "Mia"]) == 0
    shown = capsys.readouterr().out
    [row] = [line for line in shown.splitlines() if line.startswith("grip ")]
    assert "SIMULATED, complete" in row and force_text(complete.best_n) in row
    assert "stopped: PAIN, 1 of 3 trials" in shown and "not used as the maximum" in shown


def test_a_test_on_simulated_sensors_is_marked_and_never_the_logged_maximum(db_path, clock, capsys):
    db = open_database(db_path)
    mia = next(p for p in list_players(db) if p.nickname == "Mia")
    real = start_assessment(
        db, mia.id, sensor="grip", hand="right", at=datetime(2025, 1, 10, 12, tzinfo=UTC)
    )
    for number in (1, 2, 3):
        add_trial(db, real.id, hand="right", trial_no=number, peak_n=50.0, duration_s=3.5)
    db.close()
    assert assess_cli(db_path, "Mia", "--sensor", "grip", "--hands", "right", "--yes") == 0
    out = capsys.readouterr().out
    # A rehearsal is not compared with the child's real test, nor does it replace it.
    assert "no earlier test to compare with" in out and "2025-01-10" not in out
    db = open_database(db_path)
    try:
        [logged] = latest_results(db, mia.id)
        [rehearsal] = latest_results(db, mia.id, simulated=True)
        assert (logged.assessment.id, logged.best_n, logged.simulated) == (real.id, 50.0, False)
        assert rehearsal.simulated and rehearsal.best_n > 100.0
    finally:
        db.close()

    assert main(["--db", str(db_path), "players", "show", "Mia"]) == 0
    shown = capsys.readouterr().out
    logged_part, simulated_part = shown.split("SIMULATED tests")
    assert force_text(50.0) in logged_part and force_text(rehearsal.best_n) not in logged_part
    assert force_text(rehearsal.best_n) in simulated_part
    assert "never a logged maximum" in simulated_part

    assert main(["--db", str(db_path), "history", "Mia"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if " grip " in line]
    assert len(rows) == 2
    assert "SIMULATED" not in rows[0] and "SIMULATED" in rows[1]
    assert "first test" in rows[1]  # a rehearsal is no change against the real test


def test_the_change_against_the_previous_test_is_judged_against_the_20_percent_error(
    db_path, clock, capsys
):
    db = open_database(db_path)
    mia = next(p for p in list_players(db) if p.nickname == "Mia")
    earlier = start_assessment(  # a rehearsal too, so the two compare like with like
        db,
        mia.id,
        sensor="grip",
        hand="right",
        simulated=True,
        at=datetime(2025, 1, 10, 12, tzinfo=UTC),
    )
    for number in (1, 2, 3):  # far weaker than the virtual hand
        add_trial(db, earlier.id, hand="right", trial_no=number, peak_n=50.0, duration_s=3.5)
    db.close()
    assert assess_cli(db_path, "Mia", "--sensor", "grip", "--hands", "right", "--yes") == 0
    out = capsys.readouterr().out
    assert "2025-01-10" in out and "beyond the 20% measurement error" in out


def test_one_hand_nhanes_rests_without_alternation(db_path, clock, capsys):
    start_ns = clock.now_ns
    args = ("Lefty", "--sensor", "pinch", "--pinch-type", "key", "--nhanes", "--no-alternate")
    assert assess_cli(db_path, *args, "--yes") == 0
    trials, db = stored_trials(db_path)
    db.close()
    # The left-handed child starts with the left hand, and does all three trials first.
    assert [t.hand for t in trials] == ["left"] * 3 + ["right"] * 3
    assert all(0.5 * HAND_MAX_N["pinch"] < t.peak_n for t in trials)
    # Two 60 s rests per hand were kept.
    assert (clock.now_ns - start_ns) / 1e9 >= 4 * 60
    assert "key" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (("Mia", "--sensor", "pinch"), "--pinch-type"),
        (("Mia", "--sensor", "grip", "--pinch-type", "tip"), "pinch sensor only"),
        (("Nobody", "--sensor", "grip"), "no player called"),
    ],
)
def test_a_test_that_cannot_start_is_refused_before_anything_is_stored(
    db_path, clock, capsys, args, complaint
):
    assert assess_cli(db_path, *args, "--yes") == 2
    assert complaint in capsys.readouterr().err
    trials, db = stored_trials(db_path)
    tests = db.execute("SELECT count(*) FROM assessments").fetchone()[0]
    db.close()
    assert (trials, tests) == ([], 0)


def test_hands_must_be_named_properly(db_path, clock):
    with pytest.raises(SystemExit) as exit_info:
        assess_cli(db_path, "Mia", "--sensor", "grip", "--hands", "right,middle")
    assert exit_info.value.code == 2


def test_sensors_that_fell_back_to_simulation_are_not_used_for_a_real_childs_test(
    db_path, tmp_path, capsys
):
    config = tmp_path / "config" / "grip-station" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('pin_factory = "mock"\n', encoding="utf-8")  # no HX711 can answer
    assert assess_cli(db_path, "Mia", "--sensor", "grip", "--yes", sensors_mode="auto") == 2
    assert "--sensors virtual" in capsys.readouterr().err
    trials, db = stored_trials(db_path)
    db.close()
    assert trials == []


def test_a_replay_with_no_file_for_the_tested_sensor_is_refused_before_anything_is_stored(
    db_path, clock, capsys, monkeypatch
):
    """One file feeds the grip only: a pinch test would time six silent trials of 0 N."""

    class ReplayOnTheSimulatedClock(ReplaySource):
        """Without the refusal, the test runs its two minutes of protocol in no time."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, clock=clock, **kwargs)

    monkeypatch.setattr(sensors, "ReplaySource", ReplayOnTheSimulatedClock)
    grip = BUNDLED_DIR / "edraki_power_grip_tracking.csv"
    args = ("Mia", "--sensor", "pinch", "--pinch-type", "tip", "--yes")
    assert assess_cli(db_path, *args, sensors_mode=f"replay:{grip}") == 2
    err = capsys.readouterr().err
    assert "the pinch sensor, and no force comes from it (only from grip)" in err
    assert "--sensors replay:grip.csv,pinch.csv" in err and "Traceback" not in err
    trials, db = stored_trials(db_path)
    tests = db.execute("SELECT count(*) FROM assessments").fetchone()[0]
    db.close()
    assert (trials, tests) == ([], 0)
