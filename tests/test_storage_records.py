"""Calibrations, max-force tests, programs, sessions, history and the export rows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from hardware.calibration import Calibration, CalibrationFileError, default_calibration
from hardware.spec import STANDARD_GRAVITY
from station.clinic.difficulty import DifficultyEngine, level_from_history
from station.clinic.exercise import Exercise, ForceLimits, Program, TargetKind
from station.storage import (
    EXPORT_COLUMNS,
    InvalidRecord,
    NotFound,
    StoredCalibration,
    Trace,
    add_calibration,
    add_player,
    add_trial,
    calibration_history,
    current_calibrations,
    current_program,
    end_session,
    export_rows,
    get_assessment,
    get_program,
    import_calibration_file,
    latest_results,
    logged_max,
    mark_assessment_stopped,
    open_database,
    pain_stops_of,
    player_history,
    recent_reps,
    record_pain_stop,
    record_rep,
    rep_trace,
    save_program,
    session_reps,
    start_assessment,
    start_session,
    trial_trace,
)
from station.storage._common import FORCE_LIMIT_N
from station.storage.schema import MIGRATIONS

DAY0 = datetime(2025, 1, 6, 15, 0, tzinfo=UTC)
GRIP_CAPACITY_N = 90 * STANDARD_GRAVITY


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "station.db")
    yield database
    database.close()


@pytest.fixture
def kim(db):
    return add_player(db, nickname="Kim", avatar="owl", dominant_hand="right", birth_year=2015)


def _rep(db, session_id, rep_no, *, peak, success, sensor="grip", hand="right", **extra):
    fields = {"target_n": 40.0, "band_low_n": 36.0, "band_high_n": 44.0, "time_in_band_s": 1.5}
    return record_rep(
        db,
        session_id,
        set_no=1,
        rep_no=rep_no,
        sensor=sensor,
        hand=hand,
        peak_n=peak,
        success=success,
        **{**fields, **extra},
    )


# calibrations ----------------------------------------------------------------------


def _calibration_file(tmp_path, sensors):
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"version": 1, "sensors": sensors}), encoding="utf-8")
    return path


GRIP_CAL = {
    "offset_counts": -81234,
    "newtons_per_count": 0.00021,
    "known_mass_g": 5000,
    "calibrated_at": "2024-11-02T08:00:00+00:00",
    "uncalibrated": False,
}
GRIP_MADE = datetime(2024, 11, 2, 8, 0, tzinfo=UTC)


def test_calibration_file_is_imported_once_then_renamed_not_deleted(db, tmp_path):
    pinch = {**GRIP_CAL, "newtons_per_count": 0.00005, "known_mass_g": 1000}
    path = _calibration_file(tmp_path, {"grip": GRIP_CAL, "pinch": pinch})
    original = path.read_bytes()
    added = import_calibration_file(db, path)
    assert sorted(c.calibration.sensor for c in added) == ["grip", "pinch"]
    assert not path.exists()
    assert (tmp_path / "calibration.json.imported").read_bytes() == original
    current = current_calibrations(db)
    assert current["grip"] == Calibration("grip", -81234, 0.00021, 5000.0, GRIP_MADE)
    assert current["pinch"].newtons_per_count == 0.00005
    assert [c.source for c in calibration_history(db, "grip")] == ["calibration.json"]

    # The same file put back (or a crash before the rename) adds nothing twice,
    # and an earlier .imported file is kept.
    path.write_bytes(original)
    assert import_calibration_file(db, path) == []
    assert len(calibration_history(db, "grip")) == 1
    assert (tmp_path / "calibration.json.imported").exists()
    assert (tmp_path / "calibration.json.imported.1").exists()


def test_no_calibration_file_means_nothing_to_import(db, tmp_path):
    assert import_calibration_file(db, tmp_path / "calibration.json") == []
    assert current_calibrations(db) == {}
    assert list(tmp_path.glob("calibration*")) == []


def test_a_calibration_comes_back_identical_from_the_database(db):
    made = Calibration("pinch", 12_000, 1 / 19_800, 500.0, DAY0)
    stored = add_calibration(db, made)
    assert stored == StoredCalibration(made, "station")
    assert current_calibrations(db) == {"pinch": made}
    assert calibration_history(db, "pinch") == [stored]


def test_newest_calibration_per_sensor_is_current(db, tmp_path):
    import_calibration_file(db, _calibration_file(tmp_path, {"grip": GRIP_CAL}))
    pinch = add_calibration(db, Calibration("pinch", 12_000, 1 / 19_800, 500.0, DAY0))
    newer = Calibration("grip", -80000, 0.00022, 5000.0, datetime(2025, 2, 1, tzinfo=UTC))
    add_calibration(db, newer)
    # entered later, but made earlier than the current one
    add_calibration(db, Calibration("grip", -1, 0.1, 5000.0, datetime(2024, 1, 1, tzinfo=UTC)))
    assert current_calibrations(db) == {"grip": newer, "pinch": pinch.calibration}
    assert len(calibration_history(db, "grip")) == 3


def test_a_nominal_default_is_never_stored_over_a_real_calibration(db):
    real = Calibration("grip", -81234, 0.00021, 5000.0, GRIP_MADE)
    add_calibration(db, real)
    nominal = default_calibration("grip", 4_866.0, now=GRIP_MADE + timedelta(days=1))
    with pytest.raises(InvalidRecord, match="nominal setting of the grip sensor") as refused:
        add_calibration(db, nominal)
    assert "known weight" in str(refused.value)
    with pytest.raises(InvalidRecord, match="which weight"):
        add_calibration(db, Calibration("grip", 0, 0.0002, None, GRIP_MADE + timedelta(days=2)))
    with pytest.raises(InvalidRecord, match="name of its sensor"):
        add_calibration(db, Calibration(" ", 0, 0.0002, 500.0, GRIP_MADE + timedelta(days=2)))
    assert current_calibrations(db) == {"grip": real}
    assert len(calibration_history(db, "grip")) == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"version": 2, "sensors": {}}), "version 2"),
        (json.dumps({"version": 1}), 'no "sensors"'),
        (json.dumps({"version": 1, "sensors": {"grip": {"offset_counts": 1}}}), "lacks"),
        (
            json.dumps({"version": 1, "sensors": {"grip": {**GRIP_CAL, "newtons_per_count": 0}}}),
            "newtons per count must be a positive number",
        ),
        (
            # the first sensor is fine: nothing at all is stored when the second is refused
            json.dumps(
                {
                    "version": 1,
                    "sensors": {"grip": GRIP_CAL, "pinch": {**GRIP_CAL, "uncalibrated": True}},
                }
            ),
            "nominal setting of the pinch sensor",
        ),
        (
            json.dumps({"version": 1, "sensors": {"grip": {**GRIP_CAL, "known_mass_g": None}}}),
            "which weight",
        ),
    ],
    ids=["bad-json", "version", "no-sensors", "incomplete", "zero-scale", "nominal", "no-mass"],
)
def test_a_bad_calibration_file_is_refused_and_keeps_its_name(db, tmp_path, content, reason):
    path = tmp_path / "calibration.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CalibrationFileError, match=reason) as refused:
        import_calibration_file(db, path)
    assert str(path) in str(refused.value)
    assert "left untouched" in str(refused.value)
    assert path.read_text(encoding="utf-8") == content
    assert sorted(p.name for p in tmp_path.glob("calibration*")) == ["calibration.json"]
    assert current_calibrations(db) == {}


# max-force assessments ---------------------------------------------------------------


def _test(db, player, at, peaks, *, sensor="grip", hand="both", pinch_type=None, simulated=False):
    test = start_assessment(
        db,
        player.id,
        sensor=sensor,
        hand=hand,
        pinch_type=pinch_type,
        simulated=simulated,
        at=at,
    )
    for side, values in peaks.items():
        for number, peak in enumerate(values, start=1):
            add_trial(db, test.id, hand=side, trial_no=number, peak_n=peak, duration_s=3.4, at=at)
    return test


def test_latest_result_per_sensor_and_hand_gives_mean_of_3_and_best(db, kim):
    _test(db, kim, DAY0, {"left": [60, 62, 64], "right": [70, 72, 74]})
    newer = _test(db, kim, DAY0 + timedelta(days=30), {"right": [80, 90, 85]}, hand="right")
    _test(db, kim, DAY0, {"right": [20, 22, 21]}, sensor="pinch", hand="right", pinch_type="key")
    results = {
        (r.assessment.sensor, r.assessment.pinch_type, r.hand): r
        for r in latest_results(db, kim.id)
    }
    assert set(results) == {
        ("grip", None, "left"),
        ("grip", None, "right"),
        ("pinch", "key", "right"),
    }
    left, right = results["grip", None, "left"], results["grip", None, "right"]
    assert (left.mean_n, left.best_n) == (62, 64)
    assert right.assessment.id == newer.id
    assert (right.mean_n, right.best_n) == (85, 90)
    assert [t.trial_no for t in right.trials] == [1, 2, 3]
    assert results["pinch", "key", "right"].best_n == 22


def _by_hand(db, player):
    return {(r.assessment.sensor, r.hand): r for r in latest_results(db, player.id)}


def test_a_pain_stop_with_fewer_trials_does_not_become_the_new_maximum(db, kim):
    full = _test(db, kim, DAY0, {"right": [70, 72, 74], "left": [60, 62, 64]})
    later = DAY0 + timedelta(days=7)
    # Alternating hands, pain after the right hand's third trial and the left hand's second.
    stopped = _test(db, kim, later, {"right": [90, 95, 100], "left": [40, 41]})
    mark_assessment_stopped(db, stopped.id, "pain")

    results = _by_hand(db, kim)
    right, left = results["grip", "right"], results["grip", "left"]
    # The right hand finished its three trials before the stop: that result stands.
    assert (right.assessment.id, right.best_n, right.complete) == (stopped.id, 100, True)
    assert right.assessment.stop_reason == "pain" and right.newer_partial is None
    # The left hand did not: its maximum stays on the older complete test, which says so.
    assert (left.assessment.id, left.best_n, left.complete) == (full.id, 64, True)
    assert left.newer_partial is not None
    assert left.newer_partial.assessment.id == stopped.id
    assert [t.peak_n for t in left.newer_partial.trials] == [40, 41]
    assert left.newer_partial.assessment.stop_reason == "pain"


def test_a_partial_test_is_the_maximum_only_until_a_complete_one_exists(db, kim):
    first = _test(db, kim, DAY0, {"right": [50, 55]}, hand="right")
    mark_assessment_stopped(db, first.id, "interrupted")
    [only] = latest_results(db, kim.id)
    assert (only.assessment.id, only.complete, only.best_n) == (first.id, False, 55)
    assert only.assessment.stop_reason == "interrupted"

    second = _test(db, kim, DAY0 + timedelta(days=1), {"right": [52, 53, 54]}, hand="right")
    [now] = latest_results(db, kim.id)
    # Lower than the partial test's best, yet complete: the complete test is the maximum.
    assert (now.assessment.id, now.complete, now.best_n) == (second.id, True, 54)
    assert now.newer_partial is None  # the partial test is older, so nothing is passed over


def test_a_simulated_test_is_kept_apart_and_never_becomes_the_logged_maximum(db, kim):
    real = _test(db, kim, DAY0, {"right": [50, 52, 54]}, hand="right")
    later = DAY0 + timedelta(days=3)
    rehearsal = _test(db, kim, later, {"right": [150, 160, 170]}, hand="right", simulated=True)
    stopped = _test(db, kim, later + timedelta(hours=1), {"right": [90]}, hand="right")
    mark_assessment_stopped(db, stopped.id, "pain")

    [logged] = latest_results(db, kim.id)
    assert (logged.assessment.id, logged.best_n, logged.simulated) == (real.id, 54, False)
    # The simulated test is not "a newer test passed over": only real tests are.
    assert logged.newer_partial is not None and logged.newer_partial.assessment.id == stopped.id
    [shown] = latest_results(db, kim.id, simulated=True)
    assert (shown.assessment.id, shown.best_n, shown.simulated) == (rehearsal.id, 170, True)
    assert get_assessment(db, rehearsal.id).simulated and not get_assessment(db, real.id).simulated

    assert logged_max([shown], "grip", "right") is None  # even when handed one
    assert logged_max([shown, logged], "grip", "right") is logged


def test_a_child_with_only_simulated_tests_has_no_logged_maximum(db, kim):
    _test(db, kim, DAY0, {"left": [60, 61, 62], "right": [70, 71, 72]}, simulated=True)
    assert latest_results(db, kim.id) == []
    assert logged_max(latest_results(db, kim.id, simulated=True), "grip", "left") is None


def test_tests_stored_before_the_sensor_source_column_count_as_real(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="m009_assessment_sensor_source")
    old.execute(
        "INSERT INTO players (id, nickname, nickname_key, avatar, dominant_hand, created_at)"
        " VALUES (4, 'Ada', 'ada', 'owl', 'left', '2024-06-01T09:00:00+00:00')"
    )
    old.execute(
        "INSERT INTO assessments (id, player_id, sensor, hand, protocol, created_at)"
        " VALUES (1, 4, 'grip', 'left', 'ASHT-2015', '2024-06-01T10:00:00+00:00')"
    )
    for number, peak in enumerate([80, 85, 90], start=1):
        old.execute(
            "INSERT INTO trials (assessment_id, hand, trial_no, peak_n, duration_s, created_at)"
            " VALUES (1, 'left', ?, ?, 3.5, '2024-06-01T10:01:00+00:00')",
            [number, peak],
        )
    old.close()

    db = open_database(path)
    try:
        [result] = latest_results(db, 4)
        assert (result.assessment.id, result.best_n, result.simulated) == (1, 90, False)
        assert logged_max([result], "grip", "left") is result
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE assessments SET sensor_source = 'emulated' WHERE id = 1")
    finally:
        db.close()


def test_a_stop_reason_is_committed_at_once_and_given_only_once(db, kim, tmp_path):
    test = _test(db, kim, DAY0, {"left": [60]}, hand="left")
    assert get_assessment(db, test.id).stop_reason is None
    assert mark_assessment_stopped(db, test.id, "  pain ").stop_reason == "pain"
    # Another connection (as after a power cut and a restart) already reads it.
    other = open_database(tmp_path / "station.db")
    try:
        assert get_assessment(other, test.id).stop_reason == "pain"
    finally:
        other.close()
    with pytest.raises(InvalidRecord, match=r"already stopped \(pain\)"):
        mark_assessment_stopped(db, test.id, "interrupted")
    with pytest.raises(InvalidRecord, match="was stopped"):
        add_trial(db, test.id, hand="left", trial_no=2, peak_n=61.0, duration_s=3.0)
    with pytest.raises(NotFound):
        mark_assessment_stopped(db, 999, "pain")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 41, "pain\nand more", None])
def test_an_unusable_stop_reason_is_refused_and_nothing_is_stored(db, kim, reason):
    test = _test(db, kim, DAY0, {"left": [60]}, hand="left")
    with pytest.raises(InvalidRecord, match="stop reason"):
        mark_assessment_stopped(db, test.id, reason)
    assert get_assessment(db, test.id).stop_reason is None


def test_trials_keep_flags_and_trace(db, kim):
    test = start_assessment(db, kim.id, sensor="grip", hand="left")
    trace = Trace((0.0, 0.0125, 0.025), (1.0, 150.25, 149.0))
    trial = add_trial(
        db,
        test.id,
        hand="left",
        trial_no=1,
        peak_n=150.25,
        duration_s=3.1,
        flags=["jerk"],
        trace=trace,
    )
    assert trial.flags == ("jerk",)
    assert trial_trace(db, trial.id) == trace


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"hand": "right"}, "for the left hand"),
        ({"peak_n": -3}, "at least 0"),
        ({"peak_n": float("nan")}, "must be a number"),
        ({"peak_n": 1e308}, "within 100000 N"),
        ({"trial_no": 0}, "Trial number"),
        ({"flags": ["No Plateau!"]}, "flags"),
    ],
)
def test_bad_trials_are_refused(db, kim, change, reason):
    test = start_assessment(db, kim.id, sensor="grip", hand="left")
    fields = {"hand": "left", "trial_no": 1, "peak_n": 100.0, "duration_s": 3.0, **change}
    with pytest.raises(InvalidRecord, match=reason):
        add_trial(db, test.id, **fields)


def test_a_trial_is_not_stored_twice(db, kim):
    test = start_assessment(db, kim.id, sensor="grip", hand="left")
    add_trial(db, test.id, hand="left", trial_no=1, peak_n=100.0, duration_s=3.0)
    with pytest.raises(InvalidRecord, match="already stored"):
        add_trial(db, test.id, hand="left", trial_no=1, peak_n=101.0, duration_s=3.0)


def test_pinch_tests_need_a_pinch_type_and_grip_tests_refuse_one(db, kim):
    with pytest.raises(InvalidRecord, match="pinch type"):
        start_assessment(db, kim.id, sensor="pinch", hand="left")
    with pytest.raises(InvalidRecord, match="Only a pinch test"):
        start_assessment(db, kim.id, sensor="grip", hand="left", pinch_type="tip")
    with pytest.raises(NotFound):
        start_assessment(db, 999, sensor="grip", hand="left")


# programs ------------------------------------------------------------------------------


def _exercise(**change):
    fields = {
        "sensor": "grip",
        "hand": "right",
        "target_kind": "percent",
        "target_value": 40.0,
        "hold_s": 3.0,
        "reps": 10,
        "sets": 2,
        "rest_s": 30.0,
    }
    return Exercise(**{**fields, **change})


def test_a_new_program_is_a_new_version_and_the_old_one_stays(db, kim):
    first = save_program(db, kim.id, Program([_exercise()], 3), at=DAY0)
    plan = Program(
        [_exercise(target_value=50.0), _exercise(sensor="pinch", pinch_type="tip", hand="left")],
        2,
        ForceLimits(limit_n=120.0, allow_above_80pct=True),
    )
    second = save_program(db, kim.id, plan, at=DAY0 + timedelta(days=14))
    current = current_program(db, kim.id)
    assert current == second
    assert current.program == plan
    assert [e.target_value for e in current.program.exercises] == [50.0, 40.0]
    assert current.program.exercises[1].pinch_type == "tip"
    assert current.program.limits == ForceLimits(120.0, True)
    assert len(set(current.exercise_ids)) == 2
    assert get_program(db, first.id).program == Program([_exercise()], 3)


def test_a_target_in_newtons_may_exceed_100(db, kim):
    stored = save_program(
        db, kim.id, Program([_exercise(target_kind="newtons", target_value=150.0)], 1)
    )
    assert stored.program.exercises[0].target_value == 150.0
    assert stored.program.exercises[0].target_kind is TargetKind.NEWTONS


def test_a_program_for_nobody_is_refused_and_not_stored(db, kim):
    with pytest.raises(NotFound):
        save_program(db, 999, Program([_exercise()], 3))
    assert db.execute("SELECT count(*) FROM programs").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM exercises").fetchone()[0] == 0
    assert current_program(db, kim.id) is None


# sessions, reps, history and export ----------------------------------------------------------


def test_reps_and_their_traces_read_back(db, kim):
    session = start_session(db, kim.id, at=DAY0)
    trace = Trace(tuple(i / 80 for i in range(400)), tuple(float(i % 50) for i in range(400)))
    rep = _rep(db, session.id, 1, peak=42.0, success=True, trace=trace, tracking_rmse_n=2.5)
    plain = _rep(db, session.id, 2, peak=30.0, success=False)
    assert session_reps(db, session.id) == [rep, plain]
    assert rep_trace(db, rep.id) == trace
    assert rep_trace(db, plain.id) is None


def test_no_reps_after_a_session_ended_and_pain_stop_is_kept(db, kim):
    session = start_session(db, kim.id, at=DAY0)
    ended = end_session(
        db,
        session.id,
        pain_stop=True,
        pain_note="sharp pain, thumb",
        at=DAY0 + timedelta(minutes=4),
    )
    assert (ended.pain_stop, ended.pain_note) == (True, "sharp pain, thumb")
    assert ended.ended_at == DAY0 + timedelta(minutes=4)
    with pytest.raises(InvalidRecord, match="has ended"):
        _rep(db, session.id, 1, peak=10.0, success=True)


def test_bad_rep_values_are_refused(db, kim):
    session = start_session(db, kim.id)
    with pytest.raises(InvalidRecord, match="low edge"):
        _rep(db, session.id, 1, peak=45.0, success=True, band_low_n=50.0, band_high_n=30.0)
    with pytest.raises(InvalidRecord, match="Target"):
        _rep(db, session.id, 1, peak=10.0, success=True, target_n=-1.0)
    for level in (-0.1, 1.5, float("nan")):
        with pytest.raises(InvalidRecord, match="Difficulty level"):
            _rep(db, session.id, 1, peak=10.0, success=True, level=level)
    # No load cell reads ten tonnes; a force read back beyond that is damage.
    with pytest.raises(InvalidRecord, match=r"Peak force .* within 100000 N"):
        _rep(db, session.id, 1, peak=2e5, success=True)
    with pytest.raises(InvalidRecord, match=r"Band low edge .* within 100000 N"):
        _rep(db, session.id, 1, peak=10.0, success=True, band_low_n=-1e6)
    assert session_reps(db, session.id) == []


def test_a_pain_stop_beyond_any_load_cell_is_kept_at_the_limit(db, kim):
    """A pain stop is never refused: its last force is kept within what reads back."""
    session = start_session(db, kim.id)
    record_pain_stop(db, session.id, scene="warm-up", last_force_n=1e300)
    [stop] = pain_stops_of(db, kim.id)
    assert stop.last_force_n == FORCE_LIMIT_N


def test_a_program_of_another_player_cannot_run_the_session(db, kim):
    other = add_player(db, nickname="Ola", avatar="cat", dominant_hand="left")
    program = save_program(db, other.id, Program([_exercise()], 2))
    with pytest.raises(InvalidRecord, match="another player"):
        start_session(db, kim.id, program_id=program.id)


def test_a_rep_names_an_exercise_of_the_sessions_own_program(db, kim):
    program = save_program(db, kim.id, Program([_exercise()], 2))
    newer = save_program(db, kim.id, Program([_exercise(hold_s=5.0)], 2))
    session = start_session(db, kim.id, program_id=program.id)
    rep = _rep(db, session.id, 1, peak=41.0, success=True, exercise_id=program.exercise_ids[0])
    assert rep.exercise_id == program.exercise_ids[0]
    with pytest.raises(InvalidRecord, match="not part of the program"):
        _rep(db, session.id, 2, peak=41.0, success=True, exercise_id=newer.exercise_ids[0])
    with pytest.raises(NotFound, match="no session number 999"):
        _rep(db, 999, 1, peak=41.0, success=True)


def test_history_counts_reps_success_and_peaks_per_session(db, kim):
    first = start_session(db, kim.id, at=DAY0)
    for number, (peak, ok) in enumerate([(40, True), (44, True), (30, False), (41, True)], 1):
        _rep(db, first.id, number, peak=peak, success=ok)
    _rep(db, first.id, 5, peak=18.5, success=False, sensor="pinch", hand="left")
    end_session(db, first.id, at=DAY0 + timedelta(minutes=15))
    empty = start_session(db, kim.id, at=DAY0 + timedelta(days=2))
    history = player_history(db, kim.id)
    assert [s.session_id for s in history] == [first.id, empty.id]
    summary = history[0]
    assert (summary.reps, summary.successes, summary.success_rate) == (5, 3, 0.6)
    assert summary.peak_n == 44
    peaks = {(p.sensor, p.hand): (p.reps, p.peak_n) for p in summary.peaks}
    assert peaks == {("grip", "right"): (4, 44), ("pinch", "left"): (1, 18.5)}
    assert (history[1].reps, history[1].success_rate, history[1].peak_n) == (0, None, None)


def test_history_stays_right_when_a_rep_is_fixed_or_removed_by_hand(db, kim):
    """A maintainer may correct a mistaken rep in the sqlite3 shell; totals must follow."""
    session = start_session(db, kim.id, at=DAY0)
    reps = [_rep(db, session.id, n, peak=40.0 + n, success=True) for n in (1, 2, 3)]
    db.execute("UPDATE reps SET peak_n = 80, success = 0 WHERE id = ?", [reps[0].id])
    db.execute("UPDATE reps SET hand = 'left' WHERE id = ?", [reps[1].id])
    db.execute("DELETE FROM reps WHERE id = ?", [reps[2].id])
    [summary] = player_history(db, kim.id)
    peaks = {(p.sensor, p.hand): (p.reps, p.successes, p.peak_n) for p in summary.peaks}
    assert peaks == {("grip", "right"): (1, 0, 80.0), ("grip", "left"): (1, 1, 42.0)}


def test_recent_reps_are_the_last_ones_of_that_sensor_and_hand(db, kim):
    session = start_session(db, kim.id)
    made = [_rep(db, session.id, n, peak=float(n), success=True) for n in range(1, 7)]
    _rep(db, session.id, 7, peak=99.0, success=True, hand="left")
    recent = recent_reps(db, kim.id, sensor="grip", hand="right", limit=3)
    assert recent == made[-3:]


def test_the_next_session_resumes_from_the_stored_level_not_a_replay(db, kim):
    """The app reads only a few recent reps; their stored level carries the whole past."""
    exercise = Exercise("grip", "right", "percent", 50.0, 3.0, 10, 1, 0.0)
    first = DifficultyEngine(200.0, exercise, capacity_n=GRIP_CAPACITY_N)
    session = start_session(db, kim.id)
    for rep_no, success in enumerate([True] * 6 + [False, True], start=1):
        plan = first.next_rep()
        record = first.record(plan.target_n if success else 0.6 * plan.target_n, success)
        stored = _rep(
            db,
            session.id,
            rep_no,
            peak=record.peak_n,
            success=success,
            target_n=plan.target_n,
            band_low_n=plan.band_low_n,
            band_high_n=plan.band_high_n,
            level=record.level,
        )
        assert stored.level == plan.level
    recent = recent_reps(db, kim.id, sensor="grip", hand="right", limit=3)
    second = DifficultyEngine(200.0, exercise, recent, capacity_n=GRIP_CAPACITY_N)
    assert second.level == pytest.approx(first.level)
    assert second.next_rep().target_n == pytest.approx(first.next_rep().target_n)
    replayed = level_from_history(replace(rep, level=None) for rep in recent)
    assert replayed != pytest.approx(first.level)  # without levels, 3 reps are not enough


def test_export_rows_for_one_player_or_all(db, kim):
    other = add_player(db, nickname="Ola", avatar="cat", dominant_hand="left")
    for player, peaks in ((kim, [50, 52, 51]), (other, [30, 31, 29])):
        _test(db, player, DAY0, {"left": peaks}, hand="left")
        session = start_session(db, player.id, at=DAY0)
        _rep(db, session.id, 1, peak=40.0, success=True)
        _rep(db, session.id, 2, peak=35.0, success=False)
    for kind, columns in EXPORT_COLUMNS.items():
        everyone = list(export_rows(db, kind))
        only_kim = list(export_rows(db, kind, kim.id))
        assert all(tuple(row) == columns for row in everyone), kind
        assert {row["player_id"] for row in everyone} == {kim.id, other.id}, kind
        assert {row["player_id"] for row in only_kim} == {kim.id}, kind
    assert [r["peak_n"] for r in export_rows(db, "assessments", kim.id)] == [50, 52, 51]
    assert {r["stop_reason"] for r in export_rows(db, "assessments")} == {None}
    [sessions] = export_rows(db, "sessions", other.id)
    assert (sessions["nickname"], sessions["reps"], sessions["successes"]) == ("Ola", 2, 1)
    with pytest.raises(InvalidRecord, match="Export can write"):
        list(export_rows(db, "traces"))


def test_the_export_keeps_stop_reasons_and_a_test_stopped_before_its_first_trial(db, kim):
    other = add_player(db, nickname="Ola", avatar="cat", dominant_hand="left")
    partial = _test(db, kim, DAY0, {"right": [50, 52]}, hand="right")
    mark_assessment_stopped(db, partial.id, "interrupted")
    early = _test(db, kim, DAY0 + timedelta(days=1), {}, hand="both")
    mark_assessment_stopped(db, early.id, "pain")
    _test(db, kim, DAY0 + timedelta(days=2), {}, hand="left")  # power cut: no trial, no reason
    mark_assessment_stopped(db, _test(db, other, DAY0, {}, hand="left").id, "pain")

    rows = list(export_rows(db, "assessments", kim.id))
    assert [(r["assessment_id"], r["hand"], r["peak_n"], r["stop_reason"]) for r in rows] == [
        (partial.id, "right", 50, "interrupted"),
        (partial.id, "right", 52, "interrupted"),
        (early.id, "both", None, "pain"),
    ]
    assert {r["player_id"] for r in export_rows(db, "assessments")} == {kim.id, other.id}
