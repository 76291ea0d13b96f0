"""Max-force assessments: one row per test, one per trial, each trial committed alone.

A test interrupted after two trials keeps those two. Results are reported per sensor,
pinch type and hand from the newest test that has trials for that hand, with the mean
of its trials (normally 3) and the best, as the ASHT protocol asks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean
from typing import Any

from sqlite_utils import Database

from hardware.frames import PINCH, SENSOR_NAMES
from station.storage import _common
from station.storage.errors import InvalidRecord, NotFound
from station.storage.players import get_player
from station.storage.traces import Trace, decode_trace, encode_trace

PINCH_TYPES = ("tip", "key", "palmar")
ASHT_2015 = "ASHT-2015"
FLAG_PATTERN_HELP = "lower-case words such as 'no_plateau' or 'jerk'"


@dataclass(frozen=True, slots=True)
class Assessment:
    id: int
    player_id: int
    sensor: str
    pinch_type: str | None
    hand: str
    """'left', 'right' or 'both' (alternating hands in one test)."""
    protocol: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Trial:
    id: int
    assessment_id: int
    hand: str
    trial_no: int
    peak_n: float
    duration_s: float
    flags: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class HandResult:
    """The latest test of one sensor (and pinch type) on one hand."""

    assessment: Assessment
    hand: str
    trials: tuple[Trial, ...]

    @property
    def mean_n(self) -> float:
        return fmean(trial.peak_n for trial in self.trials)

    @property
    def best_n(self) -> float:
        return max(trial.peak_n for trial in self.trials)


def start_assessment(
    db: Database,
    player_id: int,
    *,
    sensor: str,
    hand: str,
    pinch_type: str | None = None,
    protocol: str = ASHT_2015,
    at: datetime | None = None,
) -> Assessment:
    if sensor not in SENSOR_NAMES:
        raise InvalidRecord(f"Sensor must be one of {', '.join(SENSOR_NAMES)}, not {sensor!r}.")
    if sensor == PINCH and pinch_type not in PINCH_TYPES:
        raise InvalidRecord(f"A pinch test needs the pinch type: {', '.join(PINCH_TYPES)}.")
    if sensor != PINCH and pinch_type is not None:
        raise InvalidRecord("Only a pinch test has a pinch type.")
    if hand != "both":
        _common.hand(hand)
    with db.atomic():
        get_player(db, player_id)
        cursor = db.execute(
            "INSERT INTO assessments (player_id, sensor, pinch_type, hand, protocol, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [player_id, sensor, pinch_type, hand, protocol, _common.utc_text(at)],
        )
    return get_assessment(db, _common.new_id(cursor))


def add_trial(
    db: Database,
    assessment_id: int,
    *,
    hand: str,
    trial_no: int,
    peak_n: float,
    duration_s: float,
    flags: Sequence[str] = (),
    trace: Trace | None = None,
    at: datetime | None = None,
) -> Trial:
    assessment = get_assessment(db, assessment_id)
    _common.hand(hand)
    if assessment.hand not in ("both", hand):
        raise InvalidRecord(f"This test is for the {assessment.hand} hand, not the {hand} hand.")
    for flag in flags:
        if not flag.isidentifier() or flag != flag.lower():
            raise InvalidRecord(f"Trial flags are {FLAG_PATTERN_HELP}, not {flag!r}.")
    values = [
        assessment_id,
        hand,
        _common.whole(trial_no, "Trial number", 1, 99),
        _common.finite(peak_n, "Peak force (N)", minimum=0),
        _common.finite(duration_s, "Trial duration (s)", minimum=0),
        " ".join(flags),
        _common.utc_text(at),
        None if trace is None else encode_trace(trace),
    ]
    with db.atomic():
        try:
            cursor = db.execute(
                "INSERT INTO trials (assessment_id, hand, trial_no, peak_n, duration_s, flags,"
                " created_at, trace) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
        except sqlite3.IntegrityError as error:
            if "UNIQUE" not in str(error):
                raise
            raise InvalidRecord(
                f"Trial {trial_no} of the {hand} hand is already stored for this test."
            ) from None
    rows = db.query(f"SELECT {_TRIAL_COLUMNS} FROM trials WHERE id = ?", [_common.new_id(cursor)])
    return _trial(next(iter(rows)))


def get_assessment(db: Database, assessment_id: int) -> Assessment:
    rows = list(db.query("SELECT * FROM assessments WHERE id = ?", [assessment_id]))
    if not rows:
        raise NotFound(f"There is no max-force test number {assessment_id}.")
    return _assessment(rows[0])


def trials_of(db: Database, assessment_id: int) -> list[Trial]:
    rows = db.query(
        f"SELECT {_TRIAL_COLUMNS} FROM trials WHERE assessment_id = ? ORDER BY hand, trial_no",
        [assessment_id],
    )
    return [_trial(row) for row in rows]


def trial_trace(db: Database, trial_id: int) -> Trace | None:
    rows = list(db.query("SELECT trace FROM trials WHERE id = ?", [trial_id]))
    if not rows:
        raise NotFound(f"There is no trial number {trial_id}.")
    blob = rows[0]["trace"]
    return None if blob is None else decode_trace(blob)


def latest_results(db: Database, player_id: int) -> list[HandResult]:
    """Per sensor, pinch type and hand: the newest test with trials for that hand."""
    rows = db.query(
        f"""
        WITH ranked AS (
            SELECT a.id AS aid, t.hand AS trial_hand, rank() OVER (
                PARTITION BY a.sensor, a.pinch_type, t.hand
                ORDER BY a.created_at DESC, a.id DESC) AS newest
            FROM assessments a JOIN trials t ON t.assessment_id = a.id
            WHERE a.player_id = ?
        )
        SELECT DISTINCT a.*, {", ".join(f"t.{c} AS t_{c}" for c in _TRIAL_FIELDS)}
        FROM ranked r
        JOIN assessments a ON a.id = r.aid
        JOIN trials t ON t.assessment_id = a.id AND t.hand = r.trial_hand
        WHERE r.newest = 1
        ORDER BY a.sensor, a.pinch_type, t.hand, t.trial_no
        """,
        [player_id],
    )
    grouped: dict[tuple[int, str], tuple[Assessment, list[Trial]]] = {}
    for row in rows:
        key = (row["id"], row["t_hand"])
        if key not in grouped:
            grouped[key] = (_assessment(row), [])
        grouped[key][1].append(_trial({c: row[f"t_{c}"] for c in _TRIAL_FIELDS}))
    return [
        HandResult(assessment, hand, tuple(trials))
        for (_, hand), (assessment, trials) in grouped.items()
    ]


_TRIAL_FIELDS = (
    "id",
    "assessment_id",
    "hand",
    "trial_no",
    "peak_n",
    "duration_s",
    "flags",
    "created_at",
)
_TRIAL_COLUMNS = ", ".join(_TRIAL_FIELDS)


def _assessment(row: dict[str, Any]) -> Assessment:
    return Assessment(
        id=row["id"],
        player_id=row["player_id"],
        sensor=row["sensor"],
        pinch_type=row["pinch_type"],
        hand=row["hand"],
        protocol=row["protocol"],
        created_at=_common.parse_time(row["created_at"]),
    )


def _trial(row: dict[str, Any]) -> Trial:
    return Trial(
        id=row["id"],
        assessment_id=row["assessment_id"],
        hand=row["hand"],
        trial_no=row["trial_no"],
        peak_n=row["peak_n"],
        duration_s=row["duration_s"],
        flags=tuple(row["flags"].split()),
        created_at=_common.parse_time(row["created_at"]),
    )
