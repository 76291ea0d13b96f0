"""The therapist's prescription: every refusal gives its reason, valid input is kept as typed."""

from __future__ import annotations

import pytest

from station.clinic.assessment import Hand
from station.clinic.exercise import (
    MAX_HOLD_S,
    MAX_REPS,
    MAX_REST_S,
    MAX_SETS,
    NO_LIMITS,
    Exercise,
    ForceLimits,
    InvalidExercise,
    Program,
    TargetKind,
)

GRIP_CAPACITY_N = 90 * 9.80665


def exercise(**change: object) -> Exercise:
    fields: dict[str, object] = {
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


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"target_value": -5.0}, "target must be above zero, not -5"),
        ({"target_value": 0.0}, "target must be above zero, not 0"),
        ({"target_value": float("nan")}, "target must be a number"),
        ({"target_value": True}, "target must be a number"),
        ({"target_value": "40"}, "target must be a number"),
        ({"target_value": 120.0}, r"above 100% of the child's maximum \(120% asked\)"),
        ({"target_kind": "kg"}, "'percent' of the child's maximum or in 'newtons', not 'kg'"),
        ({"hold_s": 0.0}, "Hold time must be above zero"),
        ({"hold_s": MAX_HOLD_S + 1}, "Hold time can be at most 120 s"),
        ({"reps": 0}, "Reps per set must be a whole number from 1 to 100"),
        ({"reps": MAX_REPS + 1}, "Reps per set must be a whole number from 1 to 100"),
        ({"sets": 2.5}, "Sets must be a whole number from 1 to 20"),
        ({"sets": MAX_SETS + 1}, "Sets must be a whole number"),
        ({"rest_s": -1.0}, "Rest time must be from 0 to 600 s, not -1 s"),
        ({"rest_s": MAX_REST_S * 10}, "Rest time must be from 0 to 600 s"),
        ({"rest_s": float("inf")}, "Rest time must be a number"),
        ({"sensor": "toe"}, "Sensor must be one of grip, pinch, not 'toe'"),
        ({"hand": "both"}, "Hand must be 'left' or 'right', not 'both'"),
        ({"pinch_type": "key"}, "pinch exercises only"),
        ({"sensor": "pinch", "pinch_type": "claw"}, "Pinch type must be one of tip, key, palmar"),
    ],
)
def test_invalid_exercises_are_refused_with_the_reason(change, reason):
    with pytest.raises(InvalidExercise, match=reason) as refused:
        exercise(**change)
    assert isinstance(refused.value, ValueError)


def test_the_edges_of_each_range_are_accepted():
    exercise(target_value=100.0, hold_s=MAX_HOLD_S, reps=MAX_REPS, sets=MAX_SETS, rest_s=0.0)
    exercise(reps=1, sets=1, rest_s=MAX_REST_S)
    exercise(sensor="pinch", pinch_type="palmar", hand="left")
    exercise(sensor="pinch")  # a pinch exercise need not name its grip


def test_plain_strings_from_storage_become_the_enums():
    stored = exercise(hand="left", target_kind="newtons")
    assert stored.hand is Hand.LEFT
    assert stored.target_kind is TargetKind.NEWTONS
    assert stored == Exercise("grip", Hand.LEFT, TargetKind.NEWTONS, 40.0, 3.0, 10, 2, 30.0)


def test_a_newton_target_may_exceed_100_and_a_percent_target_scales_with_the_maximum():
    assert exercise(target_kind="newtons", target_value=150.0).nominal_target_n(80.0) == 150.0
    assert exercise(target_value=40.0).nominal_target_n(80.0) == pytest.approx(32.0)


def test_a_newton_target_is_checked_against_what_is_known():
    strong = exercise(target_kind="newtons", target_value=1000.0)
    strong.check_reachable()  # nothing known yet: a program can be set before the first test
    strong.check_reachable(logged_max_n=1200.0)
    with pytest.raises(InvalidExercise, match=r"above what the grip sensor can measure \(883 N\)"):
        strong.check_reachable(capacity_n=GRIP_CAPACITY_N)
    with pytest.raises(InvalidExercise, match=r"above the child's logged maximum \(950 N\)"):
        strong.check_reachable(logged_max_n=950.0)
    exercise(target_value=100.0).check_reachable(capacity_n=GRIP_CAPACITY_N, logged_max_n=30.0)


@pytest.mark.parametrize(
    ("known", "reason"),
    [
        ({"capacity_n": 0.0}, "sensor's capacity must be above zero"),
        ({"logged_max_n": -3.0}, "logged maximum must be above zero"),
        ({"logged_max_n": float("nan")}, "logged maximum must be a number"),
    ],
)
def test_what_is_known_must_itself_make_sense(known, reason):
    with pytest.raises(InvalidExercise, match=reason):
        exercise().check_reachable(**known)


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        ({"limit_n": -10.0}, "force limit must be above zero, not -10 N"),
        ({"limit_n": 0.0}, "force limit must be above zero"),
        ({"limit_n": float("nan")}, "force limit must be a number"),
        ({"allow_above_80pct": "yes"}, "yes or no"),
    ],
)
def test_invalid_force_limits_are_refused(limits, reason):
    with pytest.raises(InvalidExercise, match=reason):
        ForceLimits(**limits)


@pytest.mark.parametrize(
    ("exercises", "days", "reason"),
    [
        ((), 3, "at least one exercise"),
        ((exercise(),), 0, "Days per week must be a whole number from 1 to 7, not 0"),
        ((exercise(),), 8, "Days per week must be a whole number from 1 to 7, not 8"),
        ((exercise(),), 2.0, "Days per week"),
    ],
)
def test_invalid_programs_are_refused(exercises, days, reason):
    with pytest.raises(InvalidExercise, match=reason):
        Program(exercises, days)


def test_a_fixed_target_above_the_program_s_force_limit_is_refused():
    fixed = exercise(target_kind="newtons", target_value=500.0)
    refused = r"Exercise 2's target \(500 N\) is above .* limit \(100 N\)"
    with pytest.raises(InvalidExercise, match=refused):
        Program([exercise(), fixed], 3, ForceLimits(limit_n=100.0))
    assert Program([fixed], 3, ForceLimits(limit_n=500.0)).limits.limit_n == 500.0


def test_a_program_keeps_its_exercises_in_order_and_has_no_extra_cap_by_default():
    first, second = exercise(), exercise(sensor="pinch", pinch_type="tip")
    program = Program([first, second], 3)
    assert program.exercises == (first, second)
    assert program.limits == NO_LIMITS == ForceLimits(None, False)
