"""The therapist's program for a player: exercises, weekly frequency and force caps.

Saving a program never edits the previous one: it adds a new version, so every past
session still points at the targets that were in force when it was played.
Checks here are the ones that need no context (a negative hold, a target above 100% of
max); whether a newton target fits the sensor's capacity is for the caller that knows
the configured load cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from hardware.frames import PINCH, SENSOR_NAMES
from station.storage import _common
from station.storage.assessments import PINCH_TYPES
from station.storage.errors import InvalidRecord, NotFound
from station.storage.players import get_player

PERCENT = "percent"
NEWTONS = "newtons"
MAX_HOLD_S = 120.0
MAX_REPS = 100
MAX_SETS = 20


@dataclass(frozen=True, slots=True)
class Exercise:
    """One block of a program; ``target_value`` is % of the logged max or newtons."""

    sensor: str
    hand: str
    target_kind: str
    target_value: float
    hold_s: float
    reps: int
    sets: int
    rest_s: float
    pinch_type: str | None = None
    id: int | None = None
    """Set once stored; reps refer to the exercise they trained."""

    def __post_init__(self) -> None:
        if self.sensor not in SENSOR_NAMES:
            raise InvalidRecord(
                f"Sensor must be one of {', '.join(SENSOR_NAMES)}, not {self.sensor!r}."
            )
        if self.pinch_type is not None and (
            self.sensor != PINCH or self.pinch_type not in PINCH_TYPES
        ):
            raise InvalidRecord(
                f"A pinch type ({', '.join(PINCH_TYPES)}) applies to pinch exercises only."
            )
        _common.hand(self.hand)
        if self.target_kind not in (PERCENT, NEWTONS):
            raise InvalidRecord(
                f"A target is given as {PERCENT!r} of max or in {NEWTONS!r}, "
                f"not {self.target_kind!r}."
            )
        target = _common.finite(self.target_value, "Target")
        if target <= 0:
            raise InvalidRecord(f"A target must be above zero, not {target:g}.")
        if self.target_kind == PERCENT and target > 100:
            raise InvalidRecord(
                f"A target cannot be above 100% of the child's maximum ({target:g}% asked)."
            )
        hold = _common.finite(self.hold_s, "Hold time (s)")
        if not 0 < hold <= MAX_HOLD_S:
            raise InvalidRecord(
                f"Hold time must be above 0 and at most {MAX_HOLD_S:g} s, not {hold:g}."
            )
        _common.whole(self.reps, "Reps per set", 1, MAX_REPS)
        _common.whole(self.sets, "Sets", 1, MAX_SETS)
        _common.finite(self.rest_s, "Rest time (s)", minimum=0)


@dataclass(frozen=True, slots=True)
class Program:
    id: int
    player_id: int
    exercises: tuple[Exercise, ...]
    days_per_week: int
    force_limit_n: float | None
    """The therapist's ceiling for any target, in newtons; None means no extra cap."""
    allow_above_80pct: bool
    created_at: datetime


def save_program(
    db: Database,
    player_id: int,
    exercises: Sequence[Exercise],
    *,
    days_per_week: int,
    force_limit_n: float | None = None,
    allow_above_80pct: bool = False,
    at: datetime | None = None,
) -> Program:
    if not exercises:
        raise InvalidRecord("A program needs at least one exercise.")
    _common.whole(days_per_week, "Days per week", 1, 7)
    if force_limit_n is not None and _common.finite(force_limit_n, "Force limit (N)") <= 0:
        raise InvalidRecord(f"A force limit must be above zero, not {force_limit_n:g} N.")
    with db.atomic():
        get_player(db, player_id)
        cursor = db.execute(
            "INSERT INTO programs (player_id, days_per_week, force_limit_n, allow_above_80pct,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            [
                player_id,
                days_per_week,
                force_limit_n,
                int(allow_above_80pct),
                _common.utc_text(at),
            ],
        )
        program_id = _common.new_id(cursor)
        for position, exercise in enumerate(exercises, start=1):
            db.execute(
                "INSERT INTO exercises (program_id, position, sensor, pinch_type, hand,"
                " target_kind, target_value, hold_s, reps, sets, rest_s)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    program_id,
                    position,
                    exercise.sensor,
                    exercise.pinch_type,
                    exercise.hand,
                    exercise.target_kind,
                    exercise.target_value,
                    exercise.hold_s,
                    exercise.reps,
                    exercise.sets,
                    exercise.rest_s,
                ],
            )
    return get_program(db, program_id)


def get_program(db: Database, program_id: int) -> Program:
    rows = list(db.query("SELECT * FROM programs WHERE id = ?", [program_id]))
    if not rows:
        raise NotFound(f"There is no program number {program_id}.")
    exercises = db.query(
        "SELECT * FROM exercises WHERE program_id = ? ORDER BY position", [program_id]
    )
    return _program(rows[0], tuple(_exercise(row) for row in exercises))


def current_program(db: Database, player_id: int) -> Program | None:
    """The newest program of the player, or ``None`` when the therapist has set none."""
    rows = list(
        db.query(
            "SELECT id FROM programs WHERE player_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
            [player_id],
        )
    )
    return get_program(db, rows[0]["id"]) if rows else None


def _exercise(row: dict[str, Any]) -> Exercise:
    return Exercise(
        sensor=row["sensor"],
        hand=row["hand"],
        target_kind=row["target_kind"],
        target_value=row["target_value"],
        hold_s=row["hold_s"],
        reps=row["reps"],
        sets=row["sets"],
        rest_s=row["rest_s"],
        pinch_type=row["pinch_type"],
        id=row["id"],
    )


def _program(row: dict[str, Any], exercises: tuple[Exercise, ...]) -> Program:
    return Program(
        id=row["id"],
        player_id=row["player_id"],
        exercises=exercises,
        days_per_week=row["days_per_week"],
        force_limit_n=row["force_limit_n"],
        allow_above_80pct=bool(row["allow_above_80pct"]),
        created_at=_common.parse_time(row["created_at"]),
    )
