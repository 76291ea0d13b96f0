"""Age-based starting points: younger children start gentler, and every one is playable."""

from __future__ import annotations

import itertools

import pytest

from station.clinic.defaults import (
    AGES_6_TO_9,
    AGES_10_TO_12,
    FROM_13,
    UNDER_6,
    age_in,
    starting_point,
)
from station.clinic.difficulty import MAX_FRACTION_CAP
from station.clinic.exercise import Exercise, Program


@pytest.mark.parametrize(
    ("age", "expected"),
    [(3, UNDER_6), (5, UNDER_6), (6, AGES_6_TO_9), (9, AGES_6_TO_9), (10, AGES_10_TO_12),
     (12, AGES_10_TO_12), (13, FROM_13), (40, FROM_13), (None, AGES_6_TO_9)],
)  # fmt: skip
def test_each_age_gets_its_band(age, expected):
    assert starting_point(age) == expected


def test_younger_children_hold_shorter_and_do_fewer_reps():
    bands = [UNDER_6, AGES_6_TO_9, AGES_10_TO_12, FROM_13]
    for younger, older in itertools.pairwise(bands):
        assert younger.hold_s <= older.hold_s
        assert younger.reps * younger.sets <= older.reps * older.sets
        assert younger.target_percent <= older.target_percent
    assert UNDER_6.hold_s < FROM_13.hold_s


@pytest.mark.parametrize("point", [UNDER_6, AGES_6_TO_9, AGES_10_TO_12, FROM_13])
def test_every_starting_point_passes_the_prescription_rules(point):
    exercise = Exercise(
        sensor="grip",
        hand="right",
        target_kind="percent",
        target_value=point.target_percent,
        hold_s=point.hold_s,
        reps=point.reps,
        sets=point.sets,
        rest_s=point.rest_s,
    )
    Program((exercise,), point.days_per_week)
    assert point.target_percent <= MAX_FRACTION_CAP * 100


def test_age_is_counted_from_the_birth_year():
    assert age_in(2025, 2018) == 7
    assert age_in(2025, None) is None
    assert age_in(2025, 2025) == 0
