"""Max-force assessments: one row per test, one per trial, each trial committed alone.

A test interrupted after two trials keeps those two, and why it stopped is committed
on its own the moment it stops. The logged maximum per sensor, pinch type and hand
comes from the newest *complete* test of that hand (all 3 trials): a test cut short by
pain or Ctrl-C stands in only while the hand has no complete test, so a pain stop
never silently replaces a child's maximum. Each result gives the mean of its trials
and the best, as the ASHT protocol asks.

A test taken on simulated sensors (emulated chips, the virtual hand, a replayed
recording) is stored and shown, marked as such, but never becomes a logged maximum: it
rehearses the protocol and measures nobody. ``latest_results`` gives the real results
by default and the simulated ones only when asked, so no caller mixes the two by accident.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from statistics import fmean
from typing import Any

from sqlite_utils import Database

from hardware import PINCH, SENSOR_NAMES
from station.clinic.assessment import Trial as SealedTrial
from station.storage import _common
from station.storage.errors import InvalidRecord, NotFound
from station.storage.players import get_player
from station.storage.stored import Stored
from station.storage.traces import Trace, decode_trace, encode_trace

PINCH_TYPES = ("tip", "key", "palmar")
ASHT_2015 = "ASHT-2015"
FLAG_PATTERN_HELP = "lower-case words such as 'no_plateau' or 'jerk'"
TRIALS_PER_HAND = 3
"""ASHT 2015 and NHANES both take 3 trials per hand; a hand with fewer is a partial result."""
STOP_PAIN = "pain"
STOP_INTERRUPTED = "interrupted"
STOP_NO_ANSWER = "no answer"
"""Stop reasons the station writes itself (Ctrl-C; input closed at a prompt); any other
short text is a free note."""
STOP_REASON_MAX_CHARS = 40
SOURCE_REAL = "real"
SOURCE_SIMULATED = "simulated"


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
    stop_reason: str | None = None
    """Why the test ended early ('pain', 'interrupted', ...); None if no stop was recorded."""
    simulated: bool = False
    """Taken on simulated, emulated or replayed sensors: shown, never a logged maximum."""


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
    """The test that defines the logged maximum of one sensor (and pinch type) on one hand."""

    assessment: Assessment
    hand: str
    trials: tuple[Trial, ...]
    newer_partial: HandResult | None = None
    """The newest partial test after this complete one, passed over for the maximum."""

    @property
    def complete(self) -> bool:
        return len(self.trials) >= TRIALS_PER_HAND

    @property
    def simulated(self) -> bool:
        return self.assessment.simulated

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
    simulated: bool = False,
    at: datetime | None = None,
) -> Assessment:
    """Open a test; ``simulated`` when no load cell measures it (it then never sets a max)."""
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
            "INSERT INTO assessments (player_id, sensor, pinch_type, hand, protocol,"
            " sensor_source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                player_id,
                sensor,
                pinch_type,
                hand,
                protocol,
                SOURCE_SIMULATED if simulated else SOURCE_REAL,
                _common.utc_text(at),
            ],
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
    if assessment.stop_reason is not None:
        raise InvalidRecord(
            f"This test was stopped ({assessment.stop_reason}); start a new test for more trials."
        )
    for flag in flags:
        if not flag.isidentifier() or flag != flag.lower():
            raise InvalidRecord(f"Trial flags are {FLAG_PATTERN_HELP}, not {flag!r}.")
    values = [
        assessment_id,
        hand,
        _common.whole(trial_no, "Trial number", 1, 99),
        _common.force(peak_n, "Peak force (N)", minimum=0),
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


def add_protocol_trial(db: Database, assessment_id: int, trial: SealedTrial) -> Trial:
    """Store a trial the max-force protocol has sealed, with its trace from its start.

    One mapping for every place that runs the test (the terminal, the touch screen).
    """
    return add_trial(
        db,
        assessment_id,
        hand=trial.hand.value,
        trial_no=trial.number,
        peak_n=trial.analysis.peak_n,
        duration_s=trial.analysis.effort_s,
        flags=sorted(flag.value for flag in trial.analysis.flags),
        trace=Trace(
            tuple((t - trial.started_ns) / 1e9 for t, _ in trial.trace),
            tuple(force for _, force in trial.trace),
        ),
    )


def mark_assessment_stopped(db: Database, assessment_id: int, reason: str) -> Assessment:
    """Record why a test ended early, in its own commit so a power cut after it keeps it.

    A test stops once: a second reason is refused rather than written over the first,
    which may be the pain a therapist must see.
    """
    text = reason.strip() if isinstance(reason, str) else ""
    if not text or len(text) > STOP_REASON_MAX_CHARS or not text.isprintable():
        raise InvalidRecord(
            f"A stop reason is one line of 1 to {STOP_REASON_MAX_CHARS} characters, "
            f"such as {STOP_PAIN!r}, not {reason!r}."
        )
    with db.atomic():
        assessment = get_assessment(db, assessment_id)
        if assessment.stop_reason is not None:
            raise InvalidRecord(
                f"Max-force test number {assessment_id} was already stopped "
                f"({assessment.stop_reason})."
            )
        db.execute("UPDATE assessments SET stop_reason = ? WHERE id = ?", [text, assessment_id])
    return get_assessment(db, assessment_id)


def get_assessment(db: Database, assessment_id: int) -> Assessment:
    rows = list(db.query("SELECT * FROM assessments WHERE id = ?", [assessment_id]))
    if not rows:
        raise NotFound(f"There is no max-force test number {assessment_id}.")
    return _assessment(rows[0])


def newest_assessment(db: Database, player_id: int) -> Assessment | None:
    """The player's last test, even one stopped before any trial (it holds no result)."""
    rows = list(
        db.query(
            "SELECT * FROM assessments WHERE player_id = ? ORDER BY created_at DESC, id DESC"
            " LIMIT 1",
            [player_id],
        )
    )
    return _assessment(rows[0]) if rows else None


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


def latest_results(db: Database, player_id: int, *, simulated: bool = False) -> list[HandResult]:
    """Per sensor, pinch type and hand: the newest complete test, else the newest partial one.

    Only real tests by default: these are the logged maxima. ``simulated=True`` makes the
    same choice among the simulated tests alone, to show a rehearsal without letting it
    stand in for, or hide, a real result. A partial test newer than the chosen complete
    one rides along as ``newer_partial``, so a screen can say a later test was stopped
    and not used.
    """
    rows = db.query(
        f"""
        SELECT a.*, {", ".join(f"t.{c} AS t_{c}" for c in _TRIAL_FIELDS)}
        FROM assessments a JOIN trials t ON t.assessment_id = a.id
        WHERE a.player_id = ? AND a.sensor_source = ?
        ORDER BY a.created_at, a.id, t.hand, t.trial_no
        """,
        [player_id, SOURCE_SIMULATED if simulated else SOURCE_REAL],
    )
    tests: dict[tuple[int, str], tuple[Assessment, list[Trial]]] = {}
    for row in rows:
        key = (row["id"], row["t_hand"])
        if key not in tests:
            tests[key] = (_assessment(row), [])
        tests[key][1].append(_trial({c: row[f"t_{c}"] for c in _TRIAL_FIELDS}))
    complete: dict[tuple[str, str, str], HandResult] = {}
    partial: dict[tuple[str, str, str], HandResult] = {}
    for (_, hand), (assessment, trials) in tests.items():  # oldest first: newer ones win
        result = HandResult(assessment, hand, tuple(trials))
        key = (assessment.sensor, assessment.pinch_type or "", hand)
        if result.complete:
            complete[key] = result
            partial.pop(key, None)  # only a partial test newer than this one matters
        else:
            partial[key] = result
    chosen = {
        key: replace(result, newer_partial=partial.get(key)) for key, result in complete.items()
    }
    for key, result in partial.items():
        chosen.setdefault(key, result)
    return [chosen[key] for key in sorted(chosen)]


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


def _assessment(fields: dict[str, Any]) -> Assessment:
    row = Stored("assessments", fields)
    return Assessment(
        id=row["id"],
        player_id=row["player_id"],
        sensor=row["sensor"],
        pinch_type=row["pinch_type"],
        hand=row["hand"],
        protocol=row["protocol"],
        created_at=row.time("created_at"),
        stop_reason=row["stop_reason"],
        simulated=row["sensor_source"] == SOURCE_SIMULATED,
    )


def _trial(fields: dict[str, Any]) -> Trial:
    row = Stored("trials", fields)
    return Trial(
        id=row["id"],
        assessment_id=row["assessment_id"],
        hand=row["hand"],
        trial_no=row["trial_no"],
        peak_n=row.force("peak_n", low=0),
        duration_s=row.number("duration_s", low=0),
        flags=tuple(row["flags"].split()),
        created_at=row.time("created_at"),
    )


def logged_max(
    results: Sequence[HandResult], sensor: str, hand: str, pinch_type: str | None = None
) -> HandResult | None:
    """The logged maximum of this sensor and hand (and pinch type, when one is named).

    ``results`` already hold the newest complete test per pinch type; across pinch types
    a complete test still wins over a newer partial one. A simulated result is never a
    logged maximum, even when one is passed in.
    """
    matching = [
        r
        for r in results
        if not r.simulated
        and r.assessment.sensor == sensor
        and r.hand == hand
        and (pinch_type is None or r.assessment.pinch_type == pinch_type)
    ]
    return max(
        matching,
        key=lambda r: (r.complete, r.assessment.created_at, r.assessment.id),
        default=None,
    )
