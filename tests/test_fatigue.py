"""Fatigue: peaks well below the best already shown in the exercise, across sets and rests."""

from __future__ import annotations

import pytest

from station.clinic.fatigue import DEFAULT_RULE, FatigueRule, FatigueWatch, best_shown

MAX_N = 200.0


def watch(*peaks: float, rule: FatigueRule = DEFAULT_RULE) -> FatigueWatch:
    w = FatigueWatch(MAX_N, rule)
    for peak in peaks:
        w.squeezed(peak)
    return w


def test_the_latest_peaks_a_fifth_below_the_best_are_fatigue():
    assert watch(100, 100, 96, 78, 77).suspected
    assert not watch(100, 100, 96, 85, 84).suspected
    assert not watch(100, 100, 60, 60).suspected  # three reps are needed before the latest


def test_the_threshold_is_the_therapists_to_set():
    assert watch(100, 100, 96, 78, 77, rule=FatigueRule(drop=0.20)).suspected
    assert not watch(100, 100, 96, 78, 77, rule=FatigueRule(drop=0.25)).suspected


def test_one_overshoot_does_not_make_every_rep_after_it_look_tired():
    assert not watch(150, 80, 82, 79, 78).suspected
    assert watch(150, 80, 82, 60, 58).suspected


def test_the_best_never_counts_above_the_tested_maximum():
    assert best_shown([400.0, 390.0], MAX_N) == MAX_N
    assert not watch(400, 390, 180, 175, 170).suspected


def test_a_small_fall_at_a_light_target_is_aim_not_fatigue():
    """20 N to 15 N is a quarter off, but 2.5% of a 200 N maximum: a light target aimed low."""
    assert not watch(20, 20, 20, 15, 15).suspected
    assert watch(20, 20, 20, 15, 15, rule=FatigueRule(least_fall_of_max=0.0)).suspected


def test_a_rest_waits_for_fresh_reps_and_keeps_the_best():
    w = watch(100, 100, 100, 70, 70)
    assert w.suspected
    w.rested()
    assert not w.suspected
    w.squeezed(72)
    assert not w.suspected
    w.squeezed(71)
    assert w.suspected, "still tired after the rest: compared with the same best"
    w.rested()
    w.squeezed(98)
    w.squeezed(99)
    assert not w.suspected, "recovered"


def test_reps_with_no_squeeze_are_left_out():
    w = watch(100, 100, 99)
    for _ in range(4):
        w.squeezed(0.0)
    assert not w.suspected


@pytest.mark.parametrize("bad", [{"drop": 0.0}, {"window": 0}, {"least_fall_of_max": 1.0}])
def test_rules_that_cannot_work_are_refused(bad):
    with pytest.raises(ValueError):
        FatigueRule(**bad)
