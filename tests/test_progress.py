"""``clinic.progress`` on hand-built records: weeks, plans, baselines, norms, hands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from station.clinic.norms import STANDARD_GRAVITY, Band
from station.clinic.progress import PlanVersion, age_at, build_progress

MONDAY = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
"""ISO week 10 of 2025."""


@dataclass(frozen=True)
class FakeAssessment:
    id: int
    created_at: datetime
    sensor: str = "grip"
    pinch_type: str | None = None
    stop_reason: str | None = None
    simulated: bool = False


@dataclass(frozen=True)
class FakeTrial:
    peak_n: float


@dataclass(frozen=True)
class FakeTest:
    assessment: FakeAssessment
    hand: str
    trials: tuple[FakeTrial, ...]


@dataclass(frozen=True)
class FakeRep:
    created_at: datetime
    success: bool
    time_in_band_s: float


@dataclass(frozen=True)
class FakeSession:
    started_at: datetime


@dataclass(frozen=True)
class FakeStop:
    at: datetime
    scene: str
    game: str | None = None


def hand_test(number, at, peaks, *, hand="right", **kwargs):
    return FakeTest(FakeAssessment(number, at, **kwargs), hand, tuple(map(FakeTrial, peaks)))


def progress(tests=(), reps=(), sessions=(), stops=(), plans=(), **kwargs):
    kwargs.setdefault("birth_year", 2017)
    kwargs.setdefault("tz", UTC)
    return build_progress(
        tests=tests, reps=reps, sessions=sessions, pain_stops=stops, plans=plans, **kwargs
    )


def test_weeks_are_iso_weeks_with_the_empty_ones_kept_and_the_plan_in_force():
    sessions = [FakeSession(MONDAY), FakeSession(MONDAY + timedelta(hours=3))]
    sessions += [FakeSession(MONDAY + timedelta(days=6, hours=13))]  # Sunday 23:00
    sessions += [FakeSession(MONDAY + timedelta(weeks=2, days=1))]
    reps = [FakeRep(MONDAY, True, 2.0), FakeRep(MONDAY, False, 1.0), FakeRep(MONDAY, True, 3.0)]
    reps += [FakeRep(MONDAY + timedelta(weeks=2, days=1), False, 0.0)]
    plans = [
        PlanVersion(MONDAY - timedelta(days=30), 2),
        PlanVersion(MONDAY + timedelta(weeks=1, days=3), 4),
    ]
    result = progress(reps=reps, sessions=sessions, plans=plans, until=MONDAY + timedelta(weeks=3))
    assert [w.label for w in result.weeks] == ["2025-W10", "2025-W11", "2025-W12", "2025-W13"]
    assert result.weeks[0].monday == date(2025, 3, 3)
    assert [w.sessions for w in result.weeks] == [3, 0, 1, 0]
    assert [w.days_played for w in result.weeks] == [2, 0, 1, 0]
    assert [w.planned_days for w in result.weeks] == [2, 4, 4, 4]
    first, empty = result.weeks[0], result.weeks[1]
    assert first.success_rate == pytest.approx(2 / 3)
    assert first.mean_time_in_band_s == pytest.approx(2.0)
    assert empty.success_rate is None and empty.mean_time_in_band_s is None
    assert result.success_rate == pytest.approx(2 / 4)  # every rep, not a mean of weeks


def test_no_records_make_no_weeks_and_no_plan_before_the_first_program():
    assert progress().weeks == ()
    result = progress(
        sessions=[FakeSession(MONDAY)], plans=[PlanVersion(MONDAY + timedelta(days=9), 3)]
    )
    assert [w.planned_days for w in result.weeks] == [None]


def test_the_latest_is_the_newest_real_complete_test_compared_with_the_one_before():
    tests = [
        hand_test(1, MONDAY, [100, 98, 96]),
        hand_test(2, MONDAY + timedelta(weeks=6), [125, 130, 120]),
        hand_test(3, MONDAY + timedelta(weeks=7), [60], stop_reason="pain"),
        hand_test(4, MONDAY + timedelta(weeks=8), [200, 210, 190], simulated=True),
    ]
    result = progress(tests)
    [latest] = result.latest
    assert latest.point.assessment_id == 2 and latest.point.best_n == 130
    assert latest.previous is not None and latest.previous.assessment_id == 1
    assert latest.change is not None
    assert latest.change.fraction == pytest.approx(125 / 98 - 1)
    assert latest.change.beyond_error  # +28% is more than the ~20% a test varies by
    [series] = result.strength
    assert [p.simulated for p in series.points] == [False, False, False, True]
    assert [p.complete for p in series.points] == [True, True, False, True]


def test_a_change_within_twenty_percent_is_not_beyond_error_and_partial_stands_alone():
    tests = [
        hand_test(1, MONDAY, [100, 100, 100]),
        hand_test(2, MONDAY + timedelta(weeks=6), [115] * 3),
    ]
    [latest] = progress(tests).latest
    assert latest.change is not None and not latest.change.beyond_error
    [only] = progress([hand_test(1, MONDAY, [80], stop_reason="pain")]).latest
    assert only.point.trials == 1 and not only.point.complete and only.change is None
    [practice] = progress([hand_test(1, MONDAY, [80] * 3, simulated=True)]).latest
    assert practice.point.simulated


def test_grip_gets_the_norm_band_of_the_age_and_pinch_none():
    best = 15 * STANDARD_GRAVITY
    tests = [
        hand_test(1, MONDAY, [best - 5, best, best - 10]),
        hand_test(2, MONDAY, [40, 42, 41], sensor="pinch", pinch_type="key"),
    ]
    result = progress(tests, birth_year=2017)  # 8 in 2025
    grip, pinch = (s.points[0] for s in result.strength)
    assert grip.age_years == 8 and grip.norm is not None and grip.norm.band is Band.P50_P90
    assert grip.band is not None
    assert grip.band.p10_n == pytest.approx(10 * STANDARD_GRAVITY)
    assert grip.band.p90_n == pytest.approx(19 * STANDARD_GRAVITY)
    assert pinch.sensor == "pinch" and pinch.norm is None and pinch.band is None
    unknown = progress(tests[:1], birth_year=None).strength[0].points[0]
    assert unknown.age_years is None and unknown.band is None
    too_old = progress(tests[:1], birth_year=1990).strength[0].points[0]
    assert too_old.norm is not None and too_old.norm.band is None and too_old.band is None


def test_left_right_difference_is_of_the_stronger_hands_mean():
    tests = [
        hand_test(1, MONDAY, [100, 100, 100], hand="right"),
        hand_test(1, MONDAY, [80, 80, 80], hand="left"),
    ]
    [pair] = progress(tests).left_right
    assert pair.stronger == "right" and pair.fraction == pytest.approx(0.2)
    assert [(t.point.hand) for t in progress(tests).latest] == ["left", "right"]
    assert progress(tests[:1]).left_right == ()


def test_pain_stops_come_oldest_first_in_plain_words():
    stops = [
        FakeStop(MONDAY + timedelta(days=2), "balloon", "balloon"),
        FakeStop(MONDAY, "warm-up"),
    ]
    result = progress(stops=stops)
    assert [s.during for s in result.pain_stops] == ["warm-up", "the balloon game"]


def test_age_comes_from_the_birth_year_in_the_clinics_time_zone():
    new_year = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)
    assert age_at(2017, new_year, UTC) == 7
    assert age_at(2017, new_year, timezone(timedelta(hours=1))) == 8
    assert age_at(2030, new_year, UTC) is None and age_at(None, new_year) is None
