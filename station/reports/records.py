"""A player's stored records, gathered into ``clinic.progress`` for charts and the report."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlite_utils import Database

from station.clinic.progress import PlanVersion, Progress, build_progress
from station.storage import (
    HandResult,
    Player,
    StoredProgram,
    current_program,
    export_rows,
    get_assessment,
    get_program,
    pain_stops_of,
    player_history,
    session_reps,
    trials_of,
)


def hand_tests(db: Database, player_id: int) -> list[HandResult]:
    """Every hand of every max-force test that has a trial, oldest first."""
    ids = dict.fromkeys(row["assessment_id"] for row in export_rows(db, "assessments", player_id))
    tests: list[HandResult] = []
    for assessment_id in ids:
        assessment = get_assessment(db, assessment_id)
        trials = trials_of(db, assessment_id)
        for hand in dict.fromkeys(trial.hand for trial in trials):
            tests.append(HandResult(assessment, hand, tuple(t for t in trials if t.hand == hand)))
    return tests


def plan_versions(db: Database, player_id: int, session_programs: set[int]) -> list[PlanVersion]:
    """The program versions sessions were played under, and the current one."""
    programs: dict[int, StoredProgram] = {pid: get_program(db, pid) for pid in session_programs}
    current = current_program(db, player_id)
    if current is not None:
        programs[current.id] = current
    return [PlanVersion(p.created_at, p.program.days_per_week) for p in programs.values()]


def load_progress(
    db: Database, player: Player, *, until: datetime | None = None, tz: tzinfo | None = None
) -> Progress:
    """Everything ``clinic.progress`` needs, read for one player."""
    sessions = player_history(db, player.id)
    reps = [rep for session in sessions for rep in session_reps(db, session.session_id)]
    programs = {s.program_id for s in sessions if s.program_id is not None}
    return build_progress(
        tests=hand_tests(db, player.id),
        reps=reps,
        sessions=sessions,
        pain_stops=pain_stops_of(db, player.id),
        plans=plan_versions(db, player.id, programs),
        birth_year=player.birth_year,
        sex=player.sex,
        tz=tz,
        until=until,
    )
