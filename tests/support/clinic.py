"""A child the way a therapist sets one up: a program of two exercises and one test, and
the reps a session stores."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hardware.frames import GRIP, PINCH
from station.clinic.assessment import Hand
from station.clinic.exercise import Exercise, Program, TargetKind
from station.storage import (
    Player,
    Rep,
    StoredProgram,
    add_trial,
    record_rep,
    save_program,
    start_assessment,
)


def program_and_test(
    db: Database, player: Player, *, reps: int = 2, rest_s: float = 5.0
) -> StoredProgram:
    """A balloon exercise on the bulb (tested: best 160 N) and a crab one (never tested)."""
    percent = TargetKind.PERCENT
    grip = Exercise(GRIP, Hand.RIGHT, percent, 40.0, 2.0, reps, 1, rest_s, game="balloon")
    pinch = Exercise(PINCH, Hand.RIGHT, percent, 40.0, 2.0, reps, 1, rest_s)
    program = save_program(db, player.id, Program((grip, pinch), 3))
    test = start_assessment(db, player.id, sensor=GRIP, hand="right")
    for number, peak in enumerate((150.0, 160.0, 155.0), start=1):
        add_trial(db, test.id, hand="right", trial_no=number, peak_n=peak, duration_s=3.0)
    return program


def a_rep(db: Database, session_id: int, **changes: object) -> Rep:
    """One finished grip rep in the band (40 N target, 36-44 N), changed where asked."""
    fields: dict[str, Any] = {
        "set_no": 1,
        "rep_no": 1,
        "sensor": GRIP,
        "hand": "right",
        "target_n": 40.0,
        "band_low_n": 36.0,
        "band_high_n": 44.0,
        "peak_n": 42.0,
        "time_in_band_s": 2.5,
        "success": True,
    }
    return record_rep(db, session_id, **{**fields, **changes})
