"""The difficulty engine: success near 70%, caps in every rep, fatigue and guests."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pytest

from hardware.frames import ForceSample
from station.clinic.assessment import Hand
from station.clinic.difficulty import (
    DifficultyEngine,
    EngineSettings,
    GuestCalibration,
    RepRecord,
    guest_exercise,
    level_from_history,
)
from station.clinic.exercise import NO_LIMITS, Exercise, ForceLimits, InvalidExercise, TargetKind

GRIP_CAPACITY_N = 90 * 9.80665
FLOOR_N = EngineSettings().floor_n


def exercise(
    target: float = 50.0,
    kind: TargetKind = TargetKind.PERCENT,
    *,
    reps: int = 10,
    sets: int = 3,
    rest_s: float = 60.0,
) -> Exercise:
    return Exercise("grip", Hand.RIGHT, kind, target, 3.0, reps, sets, rest_s)


def engine(
    ex: Exercise, logged_max_n: float = 200.0, history=(), limits: ForceLimits = NO_LIMITS
) -> DifficultyEngine:
    return DifficultyEngine(logged_max_n, ex, history, capacity_n=GRIP_CAPACITY_N, limits=limits)


# --- the therapist's input ------------------------------------------------------------


def test_plain_strings_from_storage_are_played():
    stored = Exercise("grip", "left", "newtons", 40.0, 3.0, 10, 2, 30.0)
    assert engine(stored, logged_max_n=100.0).next_rep().target_n == pytest.approx(40.0)


def test_newton_targets_beyond_the_sensor_or_the_child_are_refused():
    with pytest.raises(InvalidExercise, match="sensor can measure"):
        engine(exercise(1000.0, TargetKind.NEWTONS), logged_max_n=950.0)
    with pytest.raises(InvalidExercise, match="above the child's logged maximum"):
        engine(exercise(150.0, TargetKind.NEWTONS), logged_max_n=120.0)
    assert engine(exercise(60.0, TargetKind.NEWTONS), logged_max_n=120.0).next_rep()


def test_caps_that_leave_nothing_playable_are_explained():
    with pytest.raises(InvalidExercise, match="reads reliably"):
        engine(exercise(), limits=ForceLimits(limit_n=1.0))
    with pytest.raises(InvalidExercise, match="re-test the maximum"):
        engine(exercise(), logged_max_n=1.5)
    with pytest.raises(InvalidExercise, match="logged maximum must be above zero"):
        engine(exercise(), logged_max_n=0.0)
    with pytest.raises(InvalidExercise, match="capacity must be above zero"):
        DifficultyEngine(100.0, exercise(), capacity_n=0.0)


# --- one rep's plan -------------------------------------------------------------------


def test_first_rep_asks_for_the_therapists_target_inside_its_band():
    plan = engine(exercise(50.0), logged_max_n=200.0).next_rep()
    assert plan.target_n == pytest.approx(100.0)
    assert plan.band_low_n < plan.target_n < plan.band_high_n
    assert plan.hold_s == 3.0
    assert (plan.set_no, plan.rep_no, plan.rest_before_s) == (1, 1, 0.0)


def test_successes_make_it_harder_and_misses_easier():
    e = engine(exercise(50.0))
    start = e.next_rep()
    for _ in range(5):
        e.record(start.target_n, True)
    harder = e.next_rep()
    assert harder.target_n > start.target_n
    assert harder.band_high_n - harder.band_low_n < start.band_high_n - start.band_low_n
    assert harder.game_speed > start.game_speed
    for _ in range(5):
        e.record(0.0, False)
    assert e.next_rep().target_n < start.target_n


def test_weighted_steps_balance_at_seventy_percent():
    s = EngineSettings()
    # Kaernbach: p * up == (1 - p) * down at the level where success is p.
    assert s.target_success * s.step_up == pytest.approx((1 - s.target_success) * s.step_down)


def test_targets_above_80_percent_are_capped_unless_allowed():
    capped = engine(exercise(78.0, reps=40, sets=1))
    allowed = engine(exercise(78.0, reps=40, sets=1), limits=ForceLimits(allow_above_80pct=True))
    for e in (capped, allowed):
        for _ in range(30):
            e.record(999.0, True)
    assert capped.next_rep().band_high_n <= 0.8 * 200.0
    assert capped.next_rep().target_n <= 0.8 * 200.0
    assert 0.8 * 200.0 < allowed.next_rep().target_n <= 200.0


def test_the_therapists_limit_holds_however_well_the_child_plays():
    e = engine(exercise(60.0), limits=ForceLimits(limit_n=90.0))
    for _ in range(50):
        plan = e.next_rep()
        if plan is None:
            break
        assert plan.band_high_n <= 90.0
        e.record(plan.band_high_n, True)


def test_sets_reps_and_rest_follow_the_program():
    e = engine(exercise(reps=3, sets=2, rest_s=45.0))
    seen = []
    while (plan := e.next_rep()) is not None:
        seen.append((plan.set_no, plan.rep_no, plan.rest_before_s))
        e.record(plan.target_n, True)
    assert seen == [(1, 1, 0), (1, 2, 0), (1, 3, 0), (2, 1, 45.0), (2, 2, 0), (2, 3, 0)]
    assert e.done
    with pytest.raises(InvalidExercise, match="already done"):
        e.record(10.0, True)


def test_next_session_carries_on_from_the_stored_level():
    first = engine(exercise(reps=10, sets=1))
    stored = []
    for success in [True] * 6 + [False] * 2:
        stored.append(first.record(first.next_rep().target_n, success))
    second = engine(exercise(reps=10, sets=1), history=stored)
    assert second.level == pytest.approx(first.level)
    assert second.next_rep().target_n == pytest.approx(first.next_rep().target_n)


@dataclass
class StoredRep:
    """Shaped like a rep stored before levels were kept: its level is None."""

    target_n: float
    peak_n: float
    success: bool
    level: float | None = None


def test_reps_stored_without_a_level_are_replayed_from_the_start():
    s = EngineSettings()
    reps = [StoredRep(100, 100, True)] * 3 + [StoredRep(100, 40, False)]
    expected = s.start_level + 3 * s.step_up - s.step_down
    assert level_from_history(reps, s) == pytest.approx(expected)


def test_no_band_reaches_down_to_the_childs_resting_force():
    """A hand resting at 30 N: a light target is lifted so the band starts above the rest."""
    e = engine(exercise(10.0), logged_max_n=200.0)
    for _ in range(8):
        e.record(5.0, False)  # the staircase at its lowest
    assert e.next_rep().band_low_n < 30.0
    e.resting_n = 30.0
    plan = e.next_rep()
    assert plan.band_low_n >= 30.0 + FLOOR_N
    assert plan.band_low_n <= plan.target_n < plan.band_high_n <= 0.8 * 200.0


# --- fatigue --------------------------------------------------------------------------


def test_peaks_falling_across_a_set_suggest_a_rest():
    e = engine(exercise(reps=10, sets=2))
    for peak in (100, 100, 96, 92):
        e.record(peak, True)
    assert not e.next_rep().suggest_rest
    for peak in (78, 76):
        e.record(peak, False)
    assert e.next_rep().suggest_rest
    e.rested()
    assert not e.next_rep().suggest_rest


def test_a_new_set_carries_the_old_sets_fatigue_after_its_rest():
    e = engine(exercise(reps=4, sets=2))
    for peak in (100, 100, 95, 96):
        e.record(peak, False)
    e.rested()  # the rest between the sets
    for peak in (70, 72):
        assert not e.next_rep().suggest_rest, "judged again only on the reps after the rest"
        e.record(peak, False)
    assert e.next_rep().suggest_rest


def test_a_missed_rep_with_no_squeeze_is_not_fatigue():
    e = engine(exercise(reps=10, sets=1))
    for peak in (100, 100, 98):
        e.record(peak, True)
    for _ in range(3):
        e.record(0.0, False, squeezed=False)
    assert not e.next_rep().suggest_rest


# --- simulated children ---------------------------------------------------------------


def simulated_child(strength_at_half: float, slope: float, rng: random.Random):
    """Success falls logistically as the target nears what this child can do."""

    def attempt(target_fraction: float) -> bool:
        p = 1 / (1 + math.exp((target_fraction - strength_at_half) / slope))
        return rng.random() < p

    return attempt


@pytest.mark.parametrize(
    ("seed", "strength_at_half", "slope", "target_pct"),
    [
        (1, 0.60, 0.06, 50),
        (2, 0.45, 0.05, 40),
        (3, 0.70, 0.10, 60),
        (4, 0.40, 0.08, 35),
        (5, 0.55, 0.03, 50),
    ],
)
def test_simulated_children_settle_between_60_and_80_percent_success(
    seed, strength_at_half, slope, target_pct
):
    rng = random.Random(seed)
    child = simulated_child(strength_at_half, slope, rng)
    logged_max = 150.0
    e = engine(exercise(target_pct, reps=20, sets=20), logged_max_n=logged_max)
    outcomes = play(e, child, logged_max)
    assert len(outcomes) == 400
    settled = outcomes[100:]
    assert 0.60 <= sum(settled) / len(settled) <= 0.80


def play(e: DifficultyEngine, child, logged_max: float) -> list[bool]:
    outcomes = []
    while (plan := e.next_rep()) is not None:
        success = child(plan.target_n / logged_max)
        outcomes.append(success)
        e.record(plan.target_n if success else 0.8 * plan.target_n, success)
    return outcomes


def test_many_random_children_within_reach_of_the_prescription_settle_near_70_percent():
    rng = random.Random(99)
    played = 0
    while played < 60:
        strength_at_half, slope = rng.uniform(0.3, 0.7), rng.uniform(0.03, 0.1)
        target_pct = rng.uniform(35, 60)
        # Where this child succeeds 70% of the time, as a fraction of max.
        seventy = strength_at_half + slope * math.log(0.3 / 0.7)
        if not 0.65 * target_pct / 100 <= seventy <= 1.35 * target_pct / 100:
            continue  # out of the staircase's reach: see the next test
        played += 1
        e = engine(exercise(target_pct, reps=20, sets=20), logged_max_n=150.0)
        outcomes = play(e, simulated_child(strength_at_half, slope, rng), 150.0)
        assert 0.60 <= sum(outcomes[100:]) / 300 <= 0.80


def test_a_prescription_far_too_easy_pins_the_level_at_the_top_for_the_therapist_to_see():
    rng = random.Random(3)
    e = engine(exercise(30.0, reps=10, sets=10), logged_max_n=150.0)
    play(e, simulated_child(0.9, 0.05, rng), 150.0)
    assert e.level == 1.0


def test_caps_hold_in_every_rep_of_many_random_programs():
    rng = random.Random(20240611)
    checked = 0
    for _ in range(300):
        logged_max = rng.uniform(1.0, 800.0)
        kind = rng.choice(list(TargetKind))
        if kind is TargetKind.PERCENT:
            value = rng.uniform(1.0, 100.0)
        else:
            value = rng.uniform(0.5, logged_max)
        limit = rng.choice([None, rng.uniform(0.5, 900.0)])
        allow = rng.random() < 0.3
        ex = exercise(value, kind, reps=rng.randint(1, 15), sets=rng.randint(1, 4))
        limits = ForceLimits(limit, allow)
        cap = (1.0 if allow else 0.8) * logged_max
        if limit is not None:
            cap = min(cap, limit)
        if cap < FLOOR_N:
            with pytest.raises(InvalidExercise):
                engine(ex, logged_max_n=logged_max, limits=limits)
            continue
        e = engine(ex, logged_max_n=logged_max, limits=limits)
        while (plan := e.next_rep()) is not None:
            assert FLOOR_N <= plan.band_low_n <= plan.target_n <= plan.band_high_n <= cap + 1e-9
            if limit is not None:
                assert plan.band_high_n <= limit + 1e-9
            if not allow:
                assert plan.band_high_n <= 0.8 * logged_max + 1e-9
            success = rng.random() < 0.7
            e.record(plan.target_n * rng.uniform(0.5, 1.3), success)
            checked += 1
    assert checked > 1000


def test_half_max_programs_keep_targets_sub_maximal():
    rng = random.Random(7)
    e = engine(exercise(50.0, reps=20, sets=10), logged_max_n=200.0)
    while (plan := e.next_rep()) is not None:
        assert 0.30 * 200 - 1e-9 <= plan.target_n <= 0.70 * 200 + 1e-9
        e.record(plan.target_n, rng.random() < 0.5)


# --- guests ---------------------------------------------------------------------------


def squeeze(calibration: GuestCalibration, forces, sensor: str = "grip") -> None:
    for i, force in enumerate(forces):
        calibration.feed(ForceSample(sensor, 5_000_000_000 + i * 12_500_000, force))


def test_guest_maximum_ignores_a_lone_spike():
    cal = GuestCalibration("grip")
    forces = [min(i, 40) * 2.0 for i in range(241)]  # ramp to 80 N and hold, 3 s at 80 Hz
    forces[150] = 600.0
    squeeze(cal, forces)
    assert cal.done
    assert cal.maximum_n == pytest.approx(80.0, rel=0.02)


def test_a_guest_who_barely_squeezes_still_gets_a_playable_scale():
    cal = GuestCalibration("grip")
    squeeze(cal, [3.0] * 241)
    assert cal.measured_n == pytest.approx(3.0)
    assert cal.maximum_n == 20.0
    e = DifficultyEngine(cal.maximum_n, guest_exercise("grip"), capacity_n=GRIP_CAPACITY_N)
    plan = e.next_rep()
    assert FLOOR_N <= plan.band_low_n < plan.band_high_n <= 0.8 * cal.maximum_n


def test_guest_calibration_needs_its_few_seconds_and_its_own_sensor():
    cal = GuestCalibration("grip", duration_s=3.0)
    squeeze(cal, [50.0] * 100)  # 1.24 s
    assert not cal.done
    squeeze(cal, [900.0] * 400, sensor="pinch")
    assert cal.measured_n == pytest.approx(50.0)
    assert GuestCalibration("pinch").maximum_n == 10.0  # no squeeze at all: the floor
    with pytest.raises(ValueError, match="unknown sensor"):
        GuestCalibration("toe")


def test_rep_record_keeps_what_storage_needs():
    e = engine(exercise())
    plan = e.next_rep()
    record = e.record(88.0, True)
    assert record == RepRecord(plan.target_n, 88.0, True, plan.level)
