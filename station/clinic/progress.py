"""A player's progress, computed from stored records: what charts and reports show.

Pure: the records come in as any objects with the fields named by the protocols below
(the storage room's ``HandResult``, ``Rep``, ``SessionSummary`` and ``PainStop`` fit),
so the rules (which test is the baseline, what a week is, what "planned" means) are
tested on hand-built records and read the same on a screen and on paper.

Weeks are ISO weeks (Monday first) in the clinic's local time, so an evening session
is not filed under the next day's week. Simulated tests (taken on emulated or replayed
sensors) are kept and flagged, but never serve as the latest result or as a baseline
while a real test exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean
from typing import Protocol

from hardware import GRIP
from station.clinic.assessment import Change, ProtocolSettings, change_vs
from station.clinic.difficulty import EngineSettings
from station.clinic.norms import STANDARD_GRAVITY, NormResult, percentile_band

SUCCESS_GOAL = EngineSettings().target_success
"""The difficulty engine aims for about 70% of reps succeeding."""
NORMS_SEX = {"F": "female", "M": "male"}
"""Profiles store the sex as F/M; the norms table names it in full."""


class AssessmentRecord(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def sensor(self) -> str: ...
    @property
    def pinch_type(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def stop_reason(self) -> str | None: ...


class TrialRecord(Protocol):
    @property
    def peak_n(self) -> float: ...


class HandTestRecord(Protocol):
    """One hand's trials in one max-force test (storage's ``HandResult``)."""

    @property
    def assessment(self) -> AssessmentRecord: ...
    @property
    def hand(self) -> str: ...
    @property
    def trials(self) -> Sequence[TrialRecord]: ...


class RepRecord(Protocol):
    @property
    def created_at(self) -> datetime: ...
    @property
    def success(self) -> bool: ...
    @property
    def time_in_band_s(self) -> float: ...


class SessionRecord(Protocol):
    @property
    def started_at(self) -> datetime: ...


class PainStopRecord(Protocol):
    @property
    def at(self) -> datetime: ...
    @property
    def scene(self) -> str: ...
    @property
    def game(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """A program version: from ``since`` on, the child is asked to play ``days_per_week``."""

    since: datetime
    days_per_week: int


@dataclass(frozen=True, slots=True)
class NormBandN:
    """The P10/P50/P90 grip of children the player's age, in newtons (sensors report N)."""

    age_min: int
    age_max: int
    p10_n: float
    p50_n: float
    p90_n: float


@dataclass(frozen=True, slots=True)
class StrengthPoint:
    """One hand of one max-force test: a point on the strength chart."""

    at: datetime
    assessment_id: int
    sensor: str
    pinch_type: str | None
    hand: str
    trials: int
    mean_n: float
    best_n: float
    simulated: bool
    stop_reason: str | None
    age_years: int | None
    """Whole years from the birth year alone (may be one too many), None if not recorded."""
    norm: NormResult | None
    """Where the best trial sits for the age; None for pinch or an unknown age."""
    band: NormBandN | None

    @property
    def complete(self) -> bool:
        return self.trials >= ProtocolSettings().trials_per_hand

    @property
    def best_kg(self) -> float:
        return self.best_n / STANDARD_GRAVITY

    @property
    def mean_kg(self) -> float:
        return self.mean_n / STANDARD_GRAVITY


@dataclass(frozen=True, slots=True)
class StrengthSeries:
    """Every test of one sensor (and pinch type) on one hand, oldest first."""

    sensor: str
    pinch_type: str | None
    hand: str
    points: tuple[StrengthPoint, ...]


@dataclass(frozen=True, slots=True)
class LatestTest:
    """The result a report leads with, and how it compares with the test before."""

    point: StrengthPoint
    previous: StrengthPoint | None
    change: Change | None
    """Mean against the previous mean, judged against ASHT's ~20% measurement error."""


@dataclass(frozen=True, slots=True)
class LeftRight:
    """The two hands' latest means on one sensor; the fraction is of the stronger hand."""

    sensor: str
    pinch_type: str | None
    left_n: float
    right_n: float

    @property
    def stronger(self) -> str | None:
        if self.left_n == self.right_n:
            return None
        return "left" if self.left_n > self.right_n else "right"

    @property
    def fraction(self) -> float:
        strong = max(self.left_n, self.right_n)
        return 0.0 if strong <= 0 else abs(self.left_n - self.right_n) / strong


@dataclass(frozen=True, slots=True)
class WeekStats:
    """One ISO week of play; weeks with no play are kept so gaps show."""

    iso_year: int
    iso_week: int
    monday: date
    sessions: int
    days_played: int
    """Distinct days with a session: what "days per week" in a program counts."""
    planned_days: int | None
    """The program in force at the week's end; None before any program."""
    reps: int
    successes: int
    time_in_band_s: float
    """Total seconds in the target band over the week's reps."""

    @property
    def label(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"

    @property
    def success_rate(self) -> float | None:
        return self.successes / self.reps if self.reps else None

    @property
    def mean_time_in_band_s(self) -> float | None:
        return self.time_in_band_s / self.reps if self.reps else None


@dataclass(frozen=True, slots=True)
class PainEvent:
    at: datetime
    during: str
    """In plain words: "the balloon game", "warm-up"..."""


@dataclass(frozen=True, slots=True)
class Progress:
    strength: tuple[StrengthSeries, ...]
    latest: tuple[LatestTest, ...]
    """Per sensor, pinch type and hand, sorted so grip comes first, then left before right."""
    left_right: tuple[LeftRight, ...]
    weeks: tuple[WeekStats, ...]
    pain_stops: tuple[PainEvent, ...]

    def series(self, sensor: str) -> tuple[StrengthSeries, ...]:
        return tuple(s for s in self.strength if s.sensor == sensor)

    @property
    def reps(self) -> int:
        return sum(week.reps for week in self.weeks)

    @property
    def success_rate(self) -> float | None:
        """Over every rep played, not a mean of weekly rates (a short week weighs less)."""
        reps = self.reps
        return sum(week.successes for week in self.weeks) / reps if reps else None

    def recent_weeks(self, count: int) -> tuple[WeekStats, ...]:
        return self.weeks[-count:]


def age_at(birth_year: int | None, moment: datetime, tz: tzinfo | None = None) -> int | None:
    """Whole years at ``moment`` as far as a birth year tells (up to a year too many)."""
    if birth_year is None:
        return None
    age = moment.astimezone(tz).year - birth_year
    return age if age >= 0 else None


def _band(norm: NormResult | None) -> NormBandN | None:
    if norm is None or norm.row is None:
        return None
    row = norm.row
    return NormBandN(
        row.age_min,
        row.age_max,
        row.p10_kg * STANDARD_GRAVITY,
        row.p50_kg * STANDARD_GRAVITY,
        row.p90_kg * STANDARD_GRAVITY,
    )


def strength_point(
    record: HandTestRecord,
    *,
    birth_year: int | None,
    sex: str | None = None,
    tz: tzinfo | None = None,
) -> StrengthPoint:
    """One hand of a test with its norm band; ``simulated`` read as other code may add it."""
    assessment = record.assessment
    peaks = [trial.peak_n for trial in record.trials]
    if not peaks:
        raise ValueError(f"test {assessment.id} has no trial on the {record.hand} hand")
    best = max(peaks)
    age = age_at(birth_year, assessment.created_at, tz)
    norm = None
    if assessment.sensor == GRIP and age is not None:
        norm = percentile_band(age, best, NORMS_SEX.get(sex or ""))
    return StrengthPoint(
        at=assessment.created_at,
        assessment_id=assessment.id,
        sensor=assessment.sensor,
        pinch_type=assessment.pinch_type,
        hand=record.hand,
        trials=len(peaks),
        mean_n=fmean(peaks),
        best_n=best,
        simulated=bool(getattr(assessment, "simulated", False)),
        stop_reason=assessment.stop_reason,
        age_years=age,
        norm=norm,
        band=_band(norm),
    )


def _preferred(points: Sequence[StrengthPoint]) -> StrengthPoint | None:
    """The newest real complete test, else the newest real partial one, else a simulated one.

    The same rule as the logged maximum: a test cut short by pain does not replace a
    complete one, and a test on simulated sensors never stands for the child.
    """
    for wanted in (
        lambda p: not p.simulated and p.complete,
        lambda p: not p.simulated,
        lambda p: True,
    ):
        chosen = [p for p in points if wanted(p)]
        if chosen:
            return chosen[-1]
    return None


def _latest(series: StrengthSeries) -> LatestTest | None:
    point = _preferred(series.points)
    if point is None:
        return None
    earlier = [p for p in series.points if p.at < point.at and p.simulated == point.simulated]
    previous = _preferred(earlier)
    change = None
    if previous is not None and previous.mean_n > 0:
        change = change_vs(previous.mean_n, point.mean_n)
    return LatestTest(point, previous, change)


def _weeks(
    reps: Sequence[RepRecord],
    sessions: Sequence[SessionRecord],
    plans: Sequence[PlanVersion],
    tz: tzinfo | None,
    until: datetime | None,
) -> tuple[WeekStats, ...]:
    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    def local_day(moment: datetime) -> date:
        return moment.astimezone(tz).date()

    rep_days = [(local_day(r.created_at), r) for r in reps]
    session_days = [local_day(s.started_at) for s in sessions]
    days = [d for d, _ in rep_days] + session_days
    if not days:
        return ()
    first = monday(min(days))
    last = monday(max([*days, *([local_day(until)] if until is not None else [])]))
    reps_by_week: dict[date, list[RepRecord]] = {}
    for day, rep in rep_days:
        reps_by_week.setdefault(monday(day), []).append(rep)
    sessions_by_week: dict[date, list[date]] = {}
    for day in session_days:
        sessions_by_week.setdefault(monday(day), []).append(day)
    plan_days = sorted((local_day(p.since), p.days_per_week) for p in plans)
    weeks: list[WeekStats] = []
    start = first
    while start <= last:
        end = start + timedelta(days=7)
        in_week = reps_by_week.get(start, [])
        played = sessions_by_week.get(start, [])
        in_force = [days_per_week for since, days_per_week in plan_days if since < end]
        year, week, _ = start.isocalendar()
        weeks.append(
            WeekStats(
                iso_year=year,
                iso_week=week,
                monday=start,
                sessions=len(played),
                days_played=len(set(played)),
                planned_days=in_force[-1] if in_force else None,
                reps=len(in_week),
                successes=sum(1 for r in in_week if r.success),
                time_in_band_s=sum(r.time_in_band_s for r in in_week),
            )
        )
        start = end
    return tuple(weeks)


_SENSOR_ORDER = {GRIP: 0}


def build_progress(
    *,
    tests: Sequence[HandTestRecord],
    reps: Sequence[RepRecord],
    sessions: Sequence[SessionRecord],
    pain_stops: Sequence[PainStopRecord],
    plans: Sequence[PlanVersion],
    birth_year: int | None,
    sex: str | None = None,
    tz: tzinfo | None = None,
    until: datetime | None = None,
) -> Progress:
    """Everything a progress screen or report shows, from one player's records.

    ``until`` extends the weeks to a date (today, for a report), so a child who stopped
    coming shows empty weeks rather than a chart that ends on their last visit.
    """
    points = sorted(
        (strength_point(t, birth_year=birth_year, sex=sex, tz=tz) for t in tests if t.trials),
        key=lambda p: (p.at, p.assessment_id),
    )
    grouped: dict[tuple[str, str, str], list[StrengthPoint]] = {}
    for point in points:
        grouped.setdefault((point.sensor, point.pinch_type or "", point.hand), []).append(point)
    keys = sorted(grouped, key=lambda k: (_SENSOR_ORDER.get(k[0], 1), k))
    strength = tuple(
        StrengthSeries(sensor, pinch or None, hand, tuple(grouped[(sensor, pinch, hand)]))
        for sensor, pinch, hand in keys
    )
    latest = tuple(test for test in map(_latest, strength) if test is not None)
    left_right = []
    for sensor, pinch in dict.fromkeys((t.point.sensor, t.point.pinch_type) for t in latest):
        hands = {
            t.point.hand: t.point
            for t in latest
            if (t.point.sensor, t.point.pinch_type) == (sensor, pinch)
        }
        if {"left", "right"} <= hands.keys():
            left_right.append(LeftRight(sensor, pinch, hands["left"].mean_n, hands["right"].mean_n))
    return Progress(
        strength=strength,
        latest=latest,
        left_right=tuple(left_right),
        weeks=_weeks(reps, sessions, plans, tz, until),
        pain_stops=tuple(
            PainEvent(stop.at, f"the {stop.game} game" if stop.game else stop.scene)
            for stop in sorted(pain_stops, key=lambda s: s.at)
        ),
    )
