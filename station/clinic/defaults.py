"""Where a new exercise starts, by the child's age: a first guess the therapist then edits.

Not a clinical guideline: modest starting points so the screen opens near something
sensible instead of on the same numbers for a four-year-old and a teenager. Younger
children hold attention and a steady squeeze for less time, so they get shorter holds,
fewer reps and lower targets; older children get a little more of each. Every value
stays well inside the limits of ``station.clinic.exercise`` and well below the 80% cap
of the difficulty engine. An unknown age starts as a school-age child.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StartingPoint:
    """The numbers a new exercise opens with."""

    target_percent: float
    """Of the child's logged maximum."""
    hold_s: float
    reps: int
    sets: int
    rest_s: float
    days_per_week: int


UNDER_6 = StartingPoint(target_percent=30, hold_s=2, reps=6, sets=2, rest_s=30, days_per_week=3)
AGES_6_TO_9 = StartingPoint(target_percent=40, hold_s=3, reps=8, sets=2, rest_s=30, days_per_week=3)
AGES_10_TO_12 = StartingPoint(
    target_percent=40, hold_s=4, reps=10, sets=2, rest_s=30, days_per_week=3
)
FROM_13 = StartingPoint(target_percent=50, hold_s=5, reps=10, sets=3, rest_s=45, days_per_week=3)


def age_in(year: int, birth_year: int | None) -> int | None:
    """The age a child turns this year (the station keeps a birth year, not a date)."""
    return None if birth_year is None else max(0, year - birth_year)


def starting_point(age_years: int | None) -> StartingPoint:
    """The starting point for a child of this age; None (not given) counts as 6 to 9."""
    if age_years is None:
        return AGES_6_TO_9
    if age_years < 6:
        return UNDER_6
    if age_years < 10:
        return AGES_6_TO_9
    if age_years < 13:
        return AGES_10_TO_12
    return FROM_13
