"""Read-side queries for progress screens, reports and the CSV export.

The per-session summary comes from ``session_totals`` (kept by triggers, see schema)
and is split by sensor and hand because a grip peak and a pinch peak (or left and
right) are not comparable; ``SessionSummary.peak_n`` is only the overall best, for a
quick glance.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from station.storage.errors import InvalidRecord
from station.storage.stored import Stored


@dataclass(frozen=True, slots=True)
class SessionPeak:
    sensor: str
    hand: str
    reps: int
    successes: int
    peak_n: float


@dataclass(frozen=True, slots=True)
class SessionSummary:
    session_id: int
    started_at: datetime
    ended_at: datetime | None
    program_id: int | None
    pain_stop: bool
    peaks: tuple[SessionPeak, ...]
    interrupted: bool = False
    """Cut off before it ended (a kill, a power cut), closed at a later start."""

    @property
    def reps(self) -> int:
        return sum(part.reps for part in self.peaks)

    @property
    def successes(self) -> int:
        return sum(part.successes for part in self.peaks)

    @property
    def success_rate(self) -> float | None:
        """Share of successful reps, or None for a session without reps."""
        return self.successes / self.reps if self.reps else None

    @property
    def peak_n(self) -> float | None:
        return max((part.peak_n for part in self.peaks), default=None)


def player_history(db: Database, player_id: int) -> list[SessionSummary]:
    """Every session of the player, oldest first, with rep counts and peaks."""
    cursor = db.execute(
        """
        SELECT s.id, s.started_at, s.ended_at, s.program_id, s.pain_stop, s.interrupted,
               t.sensor, t.hand, t.reps, t.successes, t.peak_n
        FROM sessions s LEFT JOIN session_totals t ON t.session_id = s.id
        WHERE s.player_id = ?
        ORDER BY s.started_at, s.id, t.sensor, t.hand
        """,
        [player_id],
    )
    summaries: list[SessionSummary] = []
    parts: list[SessionPeak] = []
    current: tuple | None = None
    for session_id, started, ended, program_id, pain, cut, sensor, hand, reps, wins, peak in cursor:
        if current is None or current[0] != session_id:
            if current is not None:
                summaries.append(_summary(current, parts))
            current, parts = (session_id, started, ended, program_id, pain, cut), []
        if reps:
            totals = Stored(
                "session_totals", {"session_id": session_id, "peak_n": peak}, "session_id"
            )
            parts.append(SessionPeak(sensor, hand, reps, wins, totals.force("peak_n")))
    if current is not None:
        summaries.append(_summary(current, parts))
    return summaries


def _summary(head: tuple, parts: list[SessionPeak]) -> SessionSummary:
    session_id, started, ended, program_id, pain, cut = head
    row = Stored("sessions", {"id": session_id, "started_at": started, "ended_at": ended})
    return SessionSummary(
        session_id,
        row.time("started_at"),
        row.optional_time("ended_at"),
        program_id,
        bool(pain),
        tuple(parts),
        bool(cut),
    )


EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "players": (
        "player_id",
        "nickname",
        "avatar",
        "birth_year",
        "sex",
        "dominant_hand",
        "notes",
        "archived",
        "created_at",
    ),
    "assessments": (
        "assessment_id",
        "player_id",
        "nickname",
        "sensor",
        "pinch_type",
        "protocol",
        "assessed_at",
        "trial_id",
        "hand",
        "trial_no",
        "peak_n",
        "duration_s",
        "flags",
        "stop_reason",
        "sensor_source",
    ),
    "sessions": (
        "session_id",
        "player_id",
        "nickname",
        "program_id",
        "started_at",
        "ended_at",
        "pain_stop",
        "pain_note",
        "reps",
        "successes",
        "interrupted",
    ),
    "reps": (
        "rep_id",
        "session_id",
        "player_id",
        "nickname",
        "exercise_id",
        "set_no",
        "rep_no",
        "sensor",
        "hand",
        "game",
        "target_n",
        "band_low_n",
        "band_high_n",
        "peak_n",
        "time_in_band_s",
        "success",
        "tracking_rmse_n",
        "created_at",
    ),
}
"""Column order of each CSV file, so a header is written even when there are no rows.

An assessments row is one trial; a test stopped before its first trial still gets one
row, with empty trial columns and the hand(s) it was for, so a pain stop is never lost.
"""

_EXPORT_SQL = {
    "players": """
        SELECT p.id AS player_id, p.nickname, p.avatar, p.birth_year, p.sex, p.dominant_hand,
               p.notes, p.archived, p.created_at
        FROM players p {where} ORDER BY p.id""",
    "assessments": """
        SELECT a.id AS assessment_id, p.id AS player_id, p.nickname, a.sensor, a.pinch_type,
               a.protocol, a.created_at AS assessed_at, t.id AS trial_id,
               coalesce(t.hand, a.hand) AS hand, t.trial_no, t.peak_n, t.duration_s, t.flags,
               a.stop_reason, a.sensor_source
        FROM assessments a JOIN players p ON p.id = a.player_id
        LEFT JOIN trials t ON t.assessment_id = a.id
        WHERE (t.id IS NOT NULL OR a.stop_reason IS NOT NULL) {and_player}
        ORDER BY a.id, t.hand, t.trial_no""",
    "sessions": """
        SELECT s.id AS session_id, p.id AS player_id, p.nickname, s.program_id, s.started_at,
               s.ended_at, s.pain_stop, s.pain_note, coalesce(sum(t.reps), 0) AS reps,
               coalesce(sum(t.successes), 0) AS successes, s.interrupted
        FROM sessions s JOIN players p ON p.id = s.player_id
        LEFT JOIN session_totals t ON t.session_id = s.id {where}
        GROUP BY s.id ORDER BY s.id""",
    "reps": """
        SELECT r.id AS rep_id, s.id AS session_id, p.id AS player_id, p.nickname,
               r.exercise_id, r.set_no, r.rep_no, r.sensor, r.hand, r.game, r.target_n,
               r.band_low_n, r.band_high_n, r.peak_n, r.time_in_band_s, r.success,
               r.tracking_rmse_n, r.created_at
        FROM reps r JOIN sessions s ON s.id = r.session_id
        JOIN players p ON p.id = s.player_id {where} ORDER BY r.id""",
}


def export_rows(db: Database, kind: str, player_id: int | None = None) -> Iterator[dict]:
    """Rows for one CSV file (``kind`` is a key of ``EXPORT_COLUMNS``), one player or all."""
    if kind not in _EXPORT_SQL:
        raise InvalidRecord(f"Export can write {', '.join(_EXPORT_SQL)}, not {kind!r}.")
    where = "" if player_id is None else "WHERE p.id = :player_id"
    and_player = "" if player_id is None else "AND p.id = :player_id"
    sql = _EXPORT_SQL[kind].format(where=where, and_player=and_player)
    yield from db.query(sql, {"player_id": player_id})
