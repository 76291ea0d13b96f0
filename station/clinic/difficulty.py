"""The difficulty engine: each rep's target, band, hold time and speed, from the record.

A weighted up/down staircase (Kaernbach 1991) moves one difficulty level: a success
steps it up by ``step_up``, a miss steps it down by ``step_up * p / (1 - p)``, so the
level settles where the child succeeds with probability ``p`` (0.7). The level is stored
with every rep, so the next session picks up where the last one stopped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from hardware import GRIP, PINCH, SENSOR_NAMES, ForceSample
from station.clinic.assessment import Hand, Point, smooth
from station.clinic.exercise import NO_LIMITS, Exercise, ForceLimits, InvalidExercise, TargetKind
from station.clinic.fatigue import DEFAULT_RULE, FatigueRule, FatigueWatch

MAX_FRACTION_CAP = 0.80
"""Targets stay at or below 80% of the logged maximum unless the therapist allows more."""
GUEST_FLOOR_N: dict[str, float] = {GRIP: 20.0, PINCH: 10.0}
"""A guest's temporary maximum is never below this, so a shy first squeeze stays playable."""


@dataclass(frozen=True, slots=True)
class RepRecord:
    """What the engine needs back from a played rep (and what storage keeps)."""

    target_n: float
    peak_n: float
    success: bool
    level: float | None = None
    """The staircase level the rep was planned at; None for reps stored without one."""


@dataclass(frozen=True, slots=True)
class RepPlan:
    set_no: int
    rep_no: int
    target_n: float
    band_low_n: float
    band_high_n: float
    hold_s: float
    game_speed: float
    """Multiplier on the game's pace: below 1 is gentler, above 1 is brisker."""
    level: float
    rest_before_s: float
    """Rest the game gives before this rep: the exercise's rest at the start of a set."""
    suggest_rest: bool
    """Peaks have fallen well below the best of this exercise: offer a break (fatigue)."""


@dataclass(frozen=True, slots=True)
class EngineSettings:
    target_success: float = 0.70
    step_up: float = 0.04
    start_level: float = 0.5
    """Level 0.5 asks for exactly the therapist's target."""
    target_span: float = 0.4
    """Level 0 asks for 60% of the therapist's target, level 1 for 140%: around a
    50%-of-max target that spans the 30-70% MVC training range."""
    band_wide: float = 0.25
    """Half-width of the band, as a fraction of the target, at level 0."""
    band_narrow: float = 0.10
    speed_slow: float = 0.8
    speed_fast: float = 1.25
    floor_n: float = 2.0
    """The least force the sensor reads reliably; no band reaches below it, nor below this
    much above the child's resting force."""
    fatigue: FatigueRule = DEFAULT_RULE

    def __post_init__(self) -> None:
        if not 0.5 <= self.target_success < 1:
            raise ValueError("the target success rate must be between 0.5 and 1")
        if not 0 < self.step_up < 0.5:
            raise ValueError("the staircase step must be between 0 and 0.5")

    @property
    def step_down(self) -> float:
        p = self.target_success
        return self.step_up * p / (1 - p)


def next_level(level: float, success: bool, settings: EngineSettings = EngineSettings()) -> float:
    """One staircase step, kept within [0, 1]."""
    moved = level + settings.step_up if success else level - settings.step_down
    return min(1.0, max(0.0, moved))


class PlayedRep(Protocol):
    """A stored rep (or a ``RepRecord``): only its outcome and level are read."""

    @property
    def success(self) -> bool: ...

    @property
    def level(self) -> float | None: ...


def level_from_history(
    reps: Iterable[PlayedRep], settings: EngineSettings = EngineSettings()
) -> float:
    """Resume from the latest stored level, stepping on through any reps after it.

    Reps stored without a level (before levels were kept) are replayed from the start
    level instead.
    """
    level = settings.start_level
    for rep in reps:
        if rep.level is not None:
            level = rep.level
        level = next_level(level, rep.success, settings)
    return level


def force_cap_n(logged_max_n: float, limits: ForceLimits) -> float:
    """The most force any rep may ask for: therapist's limit, 80% rule, the maximum."""
    fraction = 1.0 if limits.allow_above_80pct else MAX_FRACTION_CAP
    cap = fraction * logged_max_n
    return cap if limits.limit_n is None else min(cap, limits.limit_n)


@dataclass(frozen=True, slots=True)
class Band:
    target_n: float
    low_n: float
    high_n: float
    game_speed: float


def band_for_level(
    level: float,
    logged_max_n: float,
    exercise: Exercise,
    *,
    limits: ForceLimits = NO_LIMITS,
    settings: EngineSettings = EngineSettings(),
    resting_n: float = 0.0,
) -> Band:
    """Target, tolerance band and speed for a level, with every cap applied last.

    The band's low edge stays ``floor_n`` above ``resting_n``, the force of a hand that
    never quite lets go: a band at or below it could not be entered from rest, and a
    staircase lowering it after every miss would never come back. The caps still win.
    """
    s = settings
    cap = force_cap_n(logged_max_n, limits)
    if cap < s.floor_n:
        raise InvalidExercise(
            f"the most this exercise may ask for ({cap:.1f} N) is below the {s.floor_n:.1f} N "
            "the sensor reads reliably; re-test the maximum or raise the force limit"
        )
    wanted = exercise.nominal_target_n(logged_max_n) * (1 + s.target_span * (2 * level - 1))
    floor = min(cap, s.floor_n + max(0.0, resting_n))
    target = min(cap, max(floor, wanted))
    half = target * (s.band_wide + (s.band_narrow - s.band_wide) * level)
    low = max(floor, target - half)
    high = min(cap, target + half)
    speed = s.speed_slow + (s.speed_fast - s.speed_slow) * level
    return Band(target, low, high, speed)


class DifficultyEngine:
    """Plans the reps of one exercise, set by set, for one child (or one guest visit).

    Pure: no clock, no storage. Give it the recent reps of this exercise; store the
    ``RepRecord`` that ``record()`` returns.
    """

    def __init__(
        self,
        logged_max_n: float,
        exercise: Exercise,
        recent_reps: Iterable[PlayedRep] = (),
        *,
        capacity_n: float,
        limits: ForceLimits = NO_LIMITS,
        settings: EngineSettings = EngineSettings(),
    ) -> None:
        exercise.check_reachable(capacity_n=capacity_n, logged_max_n=logged_max_n)
        # Fails early, with the reason, when the caps leave nothing playable.
        band_for_level(0.0, logged_max_n, exercise, limits=limits, settings=settings)
        self.logged_max_n = logged_max_n
        self.exercise = exercise
        self.limits = limits
        self.settings = settings
        self._level = level_from_history(recent_reps, settings)
        self._set_no = 1
        self._rep_no = 1
        self._fatigue = FatigueWatch(logged_max_n, settings.fatigue)
        self.resting_n = 0.0
        """The child's resting force on the sensor (the station measures it): every band
        planned from now on starts above it."""

    @property
    def level(self) -> float:
        return self._level

    @property
    def done(self) -> bool:
        return self._set_no > self.exercise.sets

    def next_rep(self) -> RepPlan | None:
        """The rep to play now (the same until it is recorded); None after the last set."""
        if self.done:
            return None
        band = band_for_level(
            self._level,
            self.logged_max_n,
            self.exercise,
            limits=self.limits,
            settings=self.settings,
            resting_n=self.resting_n,
        )
        starts_set = self._rep_no == 1 and self._set_no > 1
        return RepPlan(
            set_no=self._set_no,
            rep_no=self._rep_no,
            target_n=band.target_n,
            band_low_n=band.low_n,
            band_high_n=band.high_n,
            hold_s=self.exercise.hold_s,
            game_speed=band.game_speed,
            level=self._level,
            rest_before_s=self.exercise.rest_s if starts_set else 0.0,
            suggest_rest=self._fatigue.suspected,
        )

    def record(self, peak_n: float, success: bool, *, squeezed: bool = True) -> RepRecord:
        """Log the outcome of the rep from ``next_rep()`` and move the staircase.

        ``squeezed`` False: no effort was found in the rep (a missed rep), so its peak
        says nothing of fatigue.
        """
        plan = self.next_rep()
        if plan is None:
            raise InvalidExercise("every set of this exercise is already done")
        if not math.isfinite(peak_n):
            raise ValueError(f"a rep's peak must be a number of newtons, not {peak_n!r}")
        if squeezed:
            self._fatigue.squeezed(peak_n)
        self._level = next_level(self._level, success, self.settings)
        self._rep_no += 1
        if self._rep_no > self.exercise.reps:
            self._set_no += 1
            self._rep_no = 1
        return RepRecord(plan.target_n, peak_n, success, plan.level)

    def rested(self) -> None:
        """A rest was given (between sets, or for fatigue): fatigue is judged again on the
        reps after it, against the same best."""
        self._fatigue.rested()


def guest_exercise(sensor: str) -> Exercise:
    """A gentle default for waiting-room play: 40% of the visit's maximum."""
    return Exercise(sensor, Hand.RIGHT, TargetKind.PERCENT, 40.0, 2.0, 10, 1, 0.0)


class GuestCalibration:
    """A temporary maximum from one quick 'squeeze as hard as you can'.

    Holds only the few seconds of force it is fed, in memory, and nothing that says
    who squeezed: a guest leaves no trace.
    """

    def __init__(self, sensor: str, duration_s: float = 3.0, floor_n: float | None = None) -> None:
        if sensor not in SENSOR_NAMES:
            raise ValueError(f"unknown sensor {sensor!r}; expected one of {SENSOR_NAMES}")
        if not duration_s > 0:
            raise ValueError("the calibration squeeze needs a positive duration")
        self.sensor = sensor
        self.duration_s = duration_s
        self.floor_n = GUEST_FLOOR_N[sensor] if floor_n is None else floor_n
        self._trace: list[Point] = []

    def feed(self, sample: ForceSample) -> None:
        if sample.sensor == self.sensor and not self.done:
            self._trace.append((sample.t_ns, sample.newtons))

    @property
    def done(self) -> bool:
        if len(self._trace) < 2:
            return False
        return (self._trace[-1][0] - self._trace[0][0]) / 1e9 >= self.duration_s

    @property
    def measured_n(self) -> float:
        """The peak of the smoothed squeeze: a lone spike does not count."""
        return max(smooth(self._trace), default=0.0)

    @property
    def maximum_n(self) -> float:
        """The maximum for this visit, never below the floor."""
        return max(self.measured_n, self.floor_n)
