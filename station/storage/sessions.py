"""Therapy sessions and their reps, each rep (with its force trace) committed on its own.

A rep is one transaction: when ``record_rep`` returns, the rep is on the card even if
the power goes the next moment. ``end_session`` folds the write-ahead log back into the
main file, so a box switched off at the wall after a session leaves one tidy file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from hardware import SENSOR_NAMES
from station.storage import _common, owners
from station.storage.db import checkpoint
from station.storage.errors import InvalidRecord, NotFound
from station.storage.players import get_player
from station.storage.programs import get_program
from station.storage.stored import Stored
from station.storage.traces import Trace, decode_trace, encode_trace

PAIN_NOTE_MAX_CHARS = 500


@dataclass(frozen=True, slots=True)
class TherapySession:
    id: int
    player_id: int
    program_id: int | None
    started_at: datetime
    ended_at: datetime | None
    pain_stop: bool
    pain_note: str
    owner: str = ""
    """The process that keeps the session open (``station.storage.owners``)."""
    interrupted: bool = False
    """Cut off (a kill, a power cut) and closed at a later start, at its last rep."""


@dataclass(frozen=True, slots=True)
class Rep:
    id: int
    session_id: int
    exercise_id: int | None
    set_no: int
    rep_no: int
    sensor: str
    hand: str
    game: str
    target_n: float
    band_low_n: float
    band_high_n: float
    peak_n: float
    time_in_band_s: float
    success: bool
    tracking_rmse_n: float | None
    created_at: datetime
    level: float | None
    """The difficulty level the rep was planned at; None for reps stored before levels."""


def start_session(
    db: Database,
    player_id: int,
    *,
    program_id: int | None = None,
    at: datetime | None = None,
    owner: str = "",
) -> TherapySession:
    """A new open session; ``owner`` names the process that will end it (see
    ``close_interrupted_sessions``), empty for one that is written whole at once."""
    get_player(db, player_id)
    if program_id is not None and get_program(db, program_id).player_id != player_id:
        raise InvalidRecord(f"Program {program_id} belongs to another player.")
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO sessions (player_id, program_id, started_at, owner) VALUES (?, ?, ?, ?)",
            [player_id, program_id, _common.utc_text(at), owner],
        )
    return get_session(db, _common.new_id(cursor))


def close_interrupted_sessions(
    db: Database, *, is_gone: Callable[[str], bool] = owners.is_gone
) -> list[TherapySession]:
    """Close every open session whose process has ended, as interrupted; return them.

    A session cut off by a kill or a power cut would read as "not finished" for ever.
    It ends at its last rep (or its start, if it has none), so its length stays true;
    its reps are kept. A session whose process still runs is left alone.
    """
    open_sessions = db.execute("SELECT id, owner FROM sessions WHERE ended_at IS NULL").fetchall()
    gone = [session_id for session_id, owner in open_sessions if is_gone(owner)]
    if not gone:
        return []
    with db.atomic():
        db.execute(
            f"""
            UPDATE sessions SET interrupted = 1, ended_at = coalesce(
                (SELECT max(created_at) FROM reps WHERE reps.session_id = sessions.id),
                started_at)
            WHERE ended_at IS NULL AND id IN ({", ".join("?" * len(gone))})
            """,
            gone,
        )
    return [get_session(db, session_id) for session_id in gone]


def record_rep(
    db: Database,
    session_id: int,
    *,
    set_no: int,
    rep_no: int,
    sensor: str,
    hand: str,
    target_n: float,
    band_low_n: float,
    band_high_n: float,
    peak_n: float,
    time_in_band_s: float,
    success: bool,
    exercise_id: int | None = None,
    tracking_rmse_n: float | None = None,
    game: str = "",
    level: float | None = None,
    trace: Trace | None = None,
    at: datetime | None = None,
) -> Rep:
    """Store one finished rep and its trace in one transaction; return it as stored.

    ``level`` is the difficulty engine's level the rep was planned at (``RepPlan.level``):
    the next session's engine resumes from it.
    """
    if sensor not in SENSOR_NAMES:
        raise InvalidRecord(f"Sensor must be one of {', '.join(SENSOR_NAMES)}, not {sensor!r}.")
    low = _common.force(band_low_n, "Band low edge (N)")
    high = _common.force(band_high_n, "Band high edge (N)")
    if low > high:
        raise InvalidRecord(f"The band's low edge ({low:g} N) is above its high edge ({high:g} N).")
    fields: dict[str, Any] = {
        "session_id": session_id,
        "exercise_id": exercise_id,
        "set_no": _common.whole(set_no, "Set number", 1, 10_000),
        "rep_no": _common.whole(rep_no, "Rep number", 1, 10_000),
        "sensor": sensor,
        "hand": _common.hand(hand),
        "game": game,
        "target_n": _common.force(target_n, "Target (N)", minimum=0),
        "band_low_n": low,
        "band_high_n": high,
        "peak_n": _common.force(peak_n, "Peak force (N)"),
        "time_in_band_s": _common.finite(time_in_band_s, "Time in band (s)", minimum=0),
        "success": int(bool(success)),
        "tracking_rmse_n": None
        if tracking_rmse_n is None
        else _common.force(tracking_rmse_n, "Tracking error (N)", minimum=0),
        "created_at": _common.utc_text(at),
        "level": None if level is None else _level(level),
    }
    encoded = None if trace is None else (len(trace), encode_trace(trace))
    with db.atomic():
        session = get_session(db, session_id)
        if session.ended_at is not None:
            raise InvalidRecord(f"Session {session_id} has ended; start a new one for more reps.")
        if exercise_id is not None and not list(
            db.query(
                "SELECT 1 FROM exercises WHERE id = ? AND program_id = ?",
                [exercise_id, session.program_id],
            )
        ):
            raise InvalidRecord(
                f"Exercise {exercise_id} is not part of the program this session runs."
            )
        cursor = db.execute(
            f"INSERT INTO reps ({', '.join(fields)}) VALUES ({', '.join(':' + k for k in fields)})",
            fields,
        )
        fields["id"] = _common.new_id(cursor)
        if encoded is not None:
            db.execute(
                "INSERT INTO rep_traces (rep_id, samples, data) VALUES (?, ?, ?)",
                [fields["id"], *encoded],
            )
    return _rep(fields)


def end_session(
    db: Database,
    session_id: int,
    *,
    pain_stop: bool = False,
    pain_note: str = "",
    at: datetime | None = None,
) -> TherapySession:
    """Close the session (a pain stop is recorded with its note), then checkpoint.

    A pain stop recorded earlier in the session (``record_pain_stop``) is never undone.
    """
    if len(pain_note) > PAIN_NOTE_MAX_CHARS:
        raise InvalidRecord(f"A pain note can have at most {PAIN_NOTE_MAX_CHARS} characters.")
    with db.atomic():
        session = get_session(db, session_id)
        if session.ended_at is not None:
            raise InvalidRecord(f"Session {session_id} has already ended.")
        db.execute(
            "UPDATE sessions SET ended_at = ?, pain_stop = max(pain_stop, ?), pain_note = ?"
            " WHERE id = ?",
            [_common.utc_text(at), int(pain_stop), pain_note, session_id],
        )
    checkpoint(db)
    return get_session(db, session_id)


def get_session(db: Database, session_id: int) -> TherapySession:
    rows = list(db.query("SELECT * FROM sessions WHERE id = ?", [session_id]))
    if not rows:
        raise NotFound(f"There is no session number {session_id}.")
    row = Stored("sessions", rows[0])
    return TherapySession(
        id=row["id"],
        player_id=row["player_id"],
        program_id=row["program_id"],
        started_at=row.time("started_at"),
        ended_at=row.optional_time("ended_at"),
        pain_stop=bool(row["pain_stop"]),
        pain_note=row["pain_note"],
        owner=row["owner"],
        interrupted=bool(row["interrupted"]),
    )


def session_reps(db: Database, session_id: int) -> list[Rep]:
    rows = db.query("SELECT * FROM reps WHERE session_id = ? ORDER BY id", [session_id])
    return [_rep(row) for row in rows]


def recent_reps(db: Database, player_id: int, *, sensor: str, hand: str, limit: int) -> list[Rep]:
    """The player's last ``limit`` reps on one sensor and hand, oldest first."""
    rows = db.query(
        "SELECT r.* FROM reps r JOIN sessions s ON s.id = r.session_id"
        " WHERE s.player_id = ? AND r.sensor = ? AND r.hand = ?"
        " ORDER BY r.id DESC LIMIT ?",
        [player_id, sensor, hand, limit],
    )
    return [_rep(row) for row in reversed(list(rows))]


def rep_trace(db: Database, rep_id: int) -> Trace | None:
    rows = list(db.query("SELECT data FROM rep_traces WHERE rep_id = ?", [rep_id]))
    return decode_trace(rows[0]["data"]) if rows else None


def _level(value: float) -> float:
    level = _common.finite(value, "Difficulty level", minimum=0)
    if level > 1:
        raise InvalidRecord(f"Difficulty level must be from 0 to 1, not {level:g}.")
    return level


def _rep(fields: dict[str, Any]) -> Rep:
    row = Stored("reps", fields)
    return Rep(
        id=row["id"],
        session_id=row["session_id"],
        exercise_id=row["exercise_id"],
        set_no=row["set_no"],
        rep_no=row["rep_no"],
        sensor=row["sensor"],
        hand=row["hand"],
        game=row["game"],
        target_n=row.force("target_n", low=0),
        band_low_n=row.force("band_low_n"),
        band_high_n=row.force("band_high_n"),
        peak_n=row.force("peak_n"),
        time_in_band_s=row.number("time_in_band_s", low=0),
        success=bool(row["success"]),
        tracking_rmse_n=row.optional_force("tracking_rmse_n", low=0),
        created_at=row.time("created_at"),
        level=row.optional_number("level", low=0, high=1),
    )
