"""What a therapist prescribes: exercises, force limits and the weekly program.

One definition with one set of checks, whoever handles a prescription: the therapist's
screens build it, storage keeps it, the difficulty engine plays it. Pure (no database,
no pygame), so a refusal reads the same wherever it happens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from hardware import PINCH, SENSOR_NAMES
from station.clinic.assessment import PINCH_TYPES, Hand

MAX_HOLD_S = 120.0
"""Two minutes: far past the 10 s holds of endurance work; a longer one is a typing slip."""
MAX_REPS = 100
MAX_SETS = 20
MAX_REST_S = 600.0
"""Ten minutes: grip protocols rest 15-60 s between efforts; 6000 is 60.00 mistyped."""


class InvalidExercise(ValueError):
    """A prescription that cannot be played safely; the message says why, for the therapist."""


class TargetKind(StrEnum):
    """Values are how storage spells them, so a stored exercise converts directly."""

    PERCENT = "percent"
    NEWTONS = "newtons"


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidExercise(f"{what} must be a number, not {value!r}.")
    return float(value)


def _above_zero(value: object, what: str, unit: str) -> float:
    number = _number(value, what)
    if number <= 0:
        raise InvalidExercise(f"{what} must be above zero, not {number:g}{unit}.")
    return number


def _whole(value: object, what: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidExercise(f"{what} must be a whole number from {low} to {high}, not {value!r}.")


@dataclass(frozen=True, slots=True)
class Exercise:
    """One block of a program; ``target_value`` is a % of the logged maximum or newtons.

    Plain strings for ``hand`` and ``target_kind`` (as stored) become the enums.
    """

    sensor: str
    hand: Hand
    target_kind: TargetKind
    target_value: float
    hold_s: float
    reps: int
    sets: int
    rest_s: float
    pinch_type: str | None = None
    game: str | None = None
    """The game it is played with (a key such as "balloon"); None: the station chooses."""

    def __post_init__(self) -> None:
        if self.sensor not in SENSOR_NAMES:
            raise InvalidExercise(
                f"Sensor must be one of {', '.join(SENSOR_NAMES)}, not {self.sensor!r}."
            )
        if self.pinch_type is not None:
            if self.sensor != PINCH:
                raise InvalidExercise("A pinch type applies to pinch exercises only.")
            if self.pinch_type not in PINCH_TYPES:
                raise InvalidExercise(
                    f"Pinch type must be one of {', '.join(PINCH_TYPES)}, not {self.pinch_type!r}."
                )
        if self.game is not None and not (
            isinstance(self.game, str) and self.game.isidentifier() and len(self.game) <= 40
        ):
            raise InvalidExercise(
                f"A game is named by its short key, e.g. balloon, not {self.game!r}."
            )
        if self.hand not in tuple(Hand):
            raise InvalidExercise(f"Hand must be 'left' or 'right', not {self.hand!r}.")
        if self.target_kind not in tuple(TargetKind):
            raise InvalidExercise(
                "A target is given in 'percent' of the child's maximum or in 'newtons', "
                f"not {self.target_kind!r}."
            )
        object.__setattr__(self, "hand", Hand(self.hand))
        object.__setattr__(self, "target_kind", TargetKind(self.target_kind))
        target = _above_zero(self.target_value, "The target", "")
        if self.target_kind is TargetKind.PERCENT and target > 100:
            raise InvalidExercise(
                f"A target cannot be above 100% of the child's maximum ({target:g}% asked)."
            )
        hold = _above_zero(self.hold_s, "Hold time", " s")
        if hold > MAX_HOLD_S:
            raise InvalidExercise(f"Hold time can be at most {MAX_HOLD_S:g} s, not {hold:g} s.")
        _whole(self.reps, "Reps per set", 1, MAX_REPS)
        _whole(self.sets, "Sets", 1, MAX_SETS)
        rest = _number(self.rest_s, "Rest time")
        if not 0 <= rest <= MAX_REST_S:
            raise InvalidExercise(f"Rest time must be from 0 to {MAX_REST_S:g} s, not {rest:g} s.")

    def nominal_target_n(self, logged_max_n: float) -> float:
        if self.target_kind is TargetKind.PERCENT:
            return self.target_value / 100 * logged_max_n
        return self.target_value

    def check_reachable(
        self, *, capacity_n: float | None = None, logged_max_n: float | None = None
    ) -> None:
        """Refuse a target the sensor cannot measure or the child has never reached.

        Either may be unknown (``None``): a program can be set before the first test.
        """
        if capacity_n is not None:
            capacity_n = _above_zero(capacity_n, "The sensor's capacity", " N")
        if logged_max_n is not None:
            logged_max_n = _above_zero(logged_max_n, "The logged maximum", " N")
        if self.target_kind is not TargetKind.NEWTONS:
            return
        if capacity_n is not None and self.target_value > capacity_n:
            raise InvalidExercise(
                f"A target of {self.target_value:.0f} N is above what the {self.sensor} "
                f"sensor can measure ({capacity_n:.0f} N)."
            )
        if logged_max_n is not None and self.target_value > logged_max_n:
            raise InvalidExercise(
                f"A target of {self.target_value:.0f} N is above the child's logged "
                f"maximum ({logged_max_n:.0f} N)."
            )


@dataclass(frozen=True, slots=True)
class ForceLimits:
    """The therapist's caps on every rep of a program."""

    limit_n: float | None = None
    """The most force any rep may ask for, in newtons; None means no extra cap."""
    allow_above_80pct: bool = False
    """Lift the rule that targets stay at or below 80% of the logged maximum."""

    def __post_init__(self) -> None:
        if self.limit_n is not None:
            _above_zero(self.limit_n, "The force limit", " N")
        if not isinstance(self.allow_above_80pct, bool):
            raise InvalidExercise(
                f"Allowing targets above 80% is yes or no, not {self.allow_above_80pct!r}."
            )


NO_LIMITS = ForceLimits()
"""No cap beyond the 80% rule: the default until the therapist sets one."""


@dataclass(frozen=True, slots=True)
class Program:
    """A therapist's plan for one child: what to play, how often, and the caps."""

    exercises: tuple[Exercise, ...]
    days_per_week: int
    limits: ForceLimits = NO_LIMITS

    def __post_init__(self) -> None:
        if not self.exercises:
            raise InvalidExercise("A program needs at least one exercise.")
        _whole(self.days_per_week, "Days per week", 1, 7)
        object.__setattr__(self, "exercises", tuple(self.exercises))
        limit = self.limits.limit_n
        for number, exercise in enumerate(self.exercises, start=1):
            fixed = exercise.target_kind is TargetKind.NEWTONS
            if limit is not None and fixed and exercise.target_value > limit:
                raise InvalidExercise(
                    f"Exercise {number}'s target ({exercise.target_value:g} N) is above the "
                    f"program's force limit ({limit:g} N): it could never be asked for. Lower "
                    "the target or raise the limit."
                )
