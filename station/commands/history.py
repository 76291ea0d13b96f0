"""``grip-station history PLAYER``: every session, then every max-force test over time.

Each test is compared with the one before it on the same sensor (and pinch type) and
hand, against the ~20% that ASHT counts as measurement error, so a therapist reads
"real change" only where the data supports it. A partial test (fewer than 3 trials)
is not the baseline for the next one while a complete one exists, as for the logged
maximum. How a test stopped is shown on each of its rows, a pain stop in capitals,
even when it stopped before its first trial. A test on simulated sensors says SIMULATED
on its rows and is compared only with other simulated tests: a rehearsal measures nobody.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean

from sqlite_utils import Database

from station.app.context import config_from, open_db
from station.clinic.assessment import change_vs
from station.commands.players import (
    PLAYER_HELP,
    SIMULATED_LABEL,
    resolve_player,
    sensor_label,
    stop_label,
)
from station.console.tables import date_text, force_text, format_table, time_text
from station.storage import (
    TRIALS_PER_HAND,
    PainStop,
    SessionSummary,
    export_rows,
    get_assessment,
    pain_stops_of,
    player_history,
    trials_of,
)


@dataclass
class _HandTest:
    """One hand's trials in one max-force test."""

    sensor: str
    pinch_type: str | None
    hand: str
    """'left' or 'right'; 'both' only for a two-hand test stopped before its first trial."""
    assessed_at: datetime
    stop_reason: str | None
    simulated: bool
    peaks: list[float] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return len(self.peaks) >= TRIALS_PER_HAND


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "history", help="a player's sessions and max-force tests over time"
    )
    parser.add_argument("player", help=PLAYER_HELP)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    player = resolve_player(db, args.player)
    tests = _hand_tests(db, player.id)
    print(f"History of {player.nickname} (player {player.id})")
    print()
    print(_sessions_text(player_history(db, player.id)))
    print()
    stops = pain_stops_of(db, player.id)
    if stops:
        print(_pain_text(stops))
        print()
    print(_tests_text(sorted(tests, key=lambda t: t.assessed_at)))
    return 0


def _hand_tests(db: Database, player_id: int) -> list[_HandTest]:
    """Each hand of each test the export lists (one stopped before its first trial too),
    read as records, so a stored value the station never writes is named, not shown."""
    tests = []
    for assessment_id in dict.fromkeys(
        row["assessment_id"] for row in export_rows(db, "assessments", player_id)
    ):
        test = get_assessment(db, assessment_id)
        trials = trials_of(db, assessment_id)
        for hand in dict.fromkeys(trial.hand for trial in trials) or [test.hand]:
            own = [trial for trial in trials if trial.hand == hand]
            tests.append(
                _HandTest(
                    test.sensor,
                    test.pinch_type,
                    hand,
                    test.created_at,
                    test.stop_reason,
                    test.simulated,
                    [trial.peak_n for trial in own],
                    {flag for trial in own for flag in trial.flags},
                )
            )
    return tests


def _sessions_text(sessions: list[SessionSummary]) -> str:
    if not sessions:
        return "Sessions: none yet."
    rows = []
    for session in sessions:
        rate = session.success_rate
        peaks = "; ".join(
            f"{part.sensor} {part.hand} {force_text(part.peak_n)}" for part in session.peaks
        )
        notes = [
            *(["PAIN STOP"] if session.pain_stop else []),
            *(["not finished"] if session.ended_at is None else []),
            *(["interrupted"] if session.interrupted else []),
        ]
        rows.append(
            [
                time_text(session.started_at),
                session.reps,
                "-" if rate is None else f"{rate:.0%}",
                peaks or "-",
                ", ".join(notes),
            ]
        )
    table = format_table(
        ["Session", "Reps", "Success", "Peak per sensor/hand", ""], rows, right=(1, 2)
    )
    return f"Sessions ({len(sessions)}):\n{table}"


def _pain_text(stops: list[PainStop]) -> str:
    """Every Ouch/Stop press: when, during what, and how hard the child was squeezing."""
    rows = [
        [
            time_text(stop.at),
            stop.scene,
            "-" if stop.sensor is None else f"{stop.sensor} {stop.hand or ''}".strip(),
            "-" if stop.last_force_n is None else force_text(stop.last_force_n),
        ]
        for stop in stops
    ]
    table = format_table(["Stopped", "During", "Sensor", "Last force"], rows)
    return (
        f"PAIN STOPS ({len(stops)}): ask the child and the family before the next session.\n{table}"
    )


def _tests_text(tests: list[_HandTest]) -> str:
    if not tests:
        return "Max-force tests: none yet."
    baselines: dict[tuple[str, str | None, str, bool], _HandTest] = {}
    rows = []
    for test in tests:
        key = (test.sensor, test.pinch_type, test.hand, test.simulated)
        earlier = baselines.get(key)
        rows.append(_test_row(test, earlier))
        if test.peaks and (test.complete or earlier is None or not earlier.complete):
            baselines[key] = test
    headers = ["Tested", "Sensor", "Hand", "Trials", "Mean", "Best", "Change", "Flags", ""]
    return "Max-force tests:\n" + format_table(headers, rows, right=(3,))


def _test_row(test: _HandTest, baseline: _HandTest | None) -> list[str]:
    """One hand of one test, its change against ``baseline`` and how the test ended."""
    trials = str(len(test.peaks))
    if not test.complete:
        trials += f" of {TRIALS_PER_HAND}"
    ended = "" if test.stop_reason is None and test.complete else stop_label(test.stop_reason)
    if test.simulated:
        ended = ", ".join(filter(None, [SIMULATED_LABEL, ended]))
    head = [date_text(test.assessed_at), sensor_label(test.sensor, test.pinch_type), test.hand]
    if not test.peaks:
        return [*head, trials, "-", "-", "-", "-", ended]
    mean = fmean(test.peaks)
    previous = None if baseline is None else fmean(baseline.peaks)
    if previous is None or not previous > 0:
        change = "first test"
    else:
        result = change_vs(previous, mean)
        verdict = "real change" if result.beyond_error else "within the 20% error"
        change = f"{result.fraction:+.0%}, {verdict}"
    flags = ", ".join(sorted(flag.replace("_", " ") for flag in test.flags)) or "-"
    return [*head, trials, force_text(mean), force_text(max(test.peaks)), change, flags, ended]
