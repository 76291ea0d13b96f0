"""Ouch/Stop presses: the one event a therapist must never miss.

"Sharp pain means stop" (the seed article): the child presses a big button, play stops
at once, and this record tells the therapist when, during what, and how hard the child
was squeezing. A stop in a profiled child's visit also marks its session as a pain
stop; a guest's stop is kept without any session, so nothing about the child is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from hardware import SENSOR_NAMES
from station.storage import _common
from station.storage._common import FORCE_LIMIT_N
from station.storage.errors import InvalidRecord
from station.storage.sessions import get_session
from station.storage.stored import Stored

SCENE_MAX_CHARS = 40


@dataclass(frozen=True, slots=True)
class PainStop:
    id: int
    session_id: int | None
    """None for a guest."""
    at: datetime
    scene: str
    """Where the child was: "warm-up", "quick max", a game's key..."""
    game: str | None
    sensor: str | None
    hand: str | None
    exercise_id: int | None
    last_force_n: float | None


def record_pain_stop(
    db: Database,
    session_id: int | None,
    *,
    scene: str,
    game: str | None = None,
    sensor: str | None = None,
    hand: str | None = None,
    exercise_id: int | None = None,
    last_force_n: float | None = None,
    at: datetime | None = None,
) -> PainStop:
    """Store the stop in one transaction, and flag its session as a pain stop."""
    if not 1 <= len(scene) <= SCENE_MAX_CHARS:
        raise InvalidRecord(f"A pain stop's scene is 1 to {SCENE_MAX_CHARS} characters.")
    if sensor is not None and sensor not in SENSOR_NAMES:
        raise InvalidRecord(f"Sensor must be one of {', '.join(SENSOR_NAMES)}, not {sensor!r}.")
    fields: dict[str, Any] = {
        "session_id": session_id,
        "at": _common.utc_text(at),
        "scene": scene,
        "game": game or None,
        "sensor": sensor,
        "hand": None if hand is None else _common.hand(hand),
        "exercise_id": exercise_id,
        "last_force_n": None
        if last_force_n is None
        else min(max(0.0, _common.finite(last_force_n, "Last force (N)")), FORCE_LIMIT_N),
    }
    with db.atomic():
        if session_id is not None:
            get_session(db, session_id)
            db.execute("UPDATE sessions SET pain_stop = 1 WHERE id = ?", [session_id])
        cursor = db.execute(
            f"INSERT INTO pain_stops ({', '.join(fields)})"
            f" VALUES ({', '.join(':' + k for k in fields)})",
            fields,
        )
    return _pain_stop({**fields, "id": _common.new_id(cursor)})


def pain_stops_of(db: Database, player_id: int) -> list[PainStop]:
    """A player's pain stops, oldest first."""
    rows = db.query(
        "SELECT p.* FROM pain_stops p JOIN sessions s ON s.id = p.session_id"
        " WHERE s.player_id = ? ORDER BY p.at, p.id",
        [player_id],
    )
    return [_pain_stop(row) for row in rows]


def guest_pain_stops(db: Database) -> list[PainStop]:
    """Stops pressed in guest play (the waiting room), oldest first."""
    rows = db.query("SELECT * FROM pain_stops WHERE session_id IS NULL ORDER BY at, id")
    return [_pain_stop(row) for row in rows]


def _pain_stop(fields: dict[str, Any]) -> PainStop:
    row = Stored("pain_stops", fields)
    return PainStop(
        id=row["id"],
        session_id=row["session_id"],
        at=row.time("at"),
        scene=row["scene"],
        game=row["game"],
        sensor=row["sensor"],
        hand=row["hand"],
        exercise_id=row["exercise_id"],
        last_force_n=row.optional_force("last_force_n", low=0),
    )
