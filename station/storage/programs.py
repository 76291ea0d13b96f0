"""The therapist's program for a player, kept as versions.

Saving a program never edits the previous one: it adds a new version, so every past
session still points at the targets that were in force when it was played. What makes
a program valid is decided once, in ``station.clinic.exercise``; this module only stores it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from station.clinic.exercise import Exercise, ForceLimits, InvalidExercise, Program
from station.storage import _common
from station.storage.errors import NotFound
from station.storage.players import get_player
from station.storage.stored import Stored


@dataclass(frozen=True, slots=True)
class StoredProgram:
    id: int
    player_id: int
    program: Program
    exercise_ids: tuple[int, ...]
    """Row ids of ``program.exercises``, in the same order: a rep names the one it trained."""
    created_at: datetime


def save_program(
    db: Database, player_id: int, program: Program, *, at: datetime | None = None
) -> StoredProgram:
    with db.atomic():
        get_player(db, player_id)
        cursor = db.execute(
            "INSERT INTO programs (player_id, days_per_week, force_limit_n, allow_above_80pct,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            [
                player_id,
                program.days_per_week,
                program.limits.limit_n,
                int(program.limits.allow_above_80pct),
                _common.utc_text(at),
            ],
        )
        program_id = _common.new_id(cursor)
        for position, exercise in enumerate(program.exercises, start=1):
            db.execute(
                "INSERT INTO exercises (program_id, position, sensor, pinch_type, hand,"
                " target_kind, target_value, hold_s, reps, sets, rest_s, game)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    program_id,
                    position,
                    exercise.sensor,
                    exercise.pinch_type,
                    exercise.hand.value,
                    exercise.target_kind.value,
                    exercise.target_value,
                    exercise.hold_s,
                    exercise.reps,
                    exercise.sets,
                    exercise.rest_s,
                    exercise.game,
                ],
            )
    return get_program(db, program_id)


def get_program(db: Database, program_id: int) -> StoredProgram:
    rows = list(db.query("SELECT * FROM programs WHERE id = ?", [program_id]))
    if not rows:
        raise NotFound(f"There is no program number {program_id}.")
    row = Stored("programs", rows[0])
    exercise_rows = list(
        db.query("SELECT * FROM exercises WHERE program_id = ? ORDER BY position", [program_id])
    )
    exercises = tuple(_exercise(Stored("exercises", e)) for e in exercise_rows)
    try:
        limits = ForceLimits(row["force_limit_n"], bool(row["allow_above_80pct"]))
        program = Program(exercises, row["days_per_week"], limits)
    except InvalidExercise as refusal:
        raise row.refused(str(refusal).rstrip(".")) from None
    return StoredProgram(
        id=row["id"],
        player_id=row["player_id"],
        program=program,
        exercise_ids=tuple(e["id"] for e in exercise_rows),
        created_at=row.time("created_at"),
    )


def current_program(db: Database, player_id: int) -> StoredProgram | None:
    """The newest program of the player, or ``None`` when the therapist has set none."""
    rows = list(
        db.query(
            "SELECT id FROM programs WHERE player_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
            [player_id],
        )
    )
    return get_program(db, rows[0]["id"]) if rows else None


def _exercise(row: Stored) -> Exercise:
    """The exercise as ``clinic.exercise`` checks it; one it refuses is damage here."""
    try:
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
            game=row["game"],
        )
    except InvalidExercise as refusal:
        raise row.refused(str(refusal).rstrip(".")) from None
