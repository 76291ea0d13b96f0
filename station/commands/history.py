"""``grip-station history PLAYER``: every session, then every max-force test over time.

Each test is compared with the one before it on the same sensor (and pinch type) and
hand, against the ~20% that ASHT counts as measurement error, so a therapist reads
"real change" only where the data supports it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean

from station.app_context import config_from, open_db
from station.assessment import ProtocolSettings, change_vs
from station.commands.players import resolve_player, sensor_label
from station.storage import SessionSummary, export_rows, player_history
from station.tables import date_text, force_text, format_table, time_text

TRIALS_PER_HAND = ProtocolSettings().trials_per_hand


@dataclass
class _HandTest:
    """One hand's trials in one max-force test, as the export rows list them."""

    sensor: str
    pinch_type: str | None
    hand: str
    assessed_at: datetime
    peaks: list[float] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "history", help="a player's sessions and max-force tests over time"
    )
    parser.add_argument("player", help="nickname or player number")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    player = resolve_player(db, args.player)
    tests: dict[tuple[int, str], _HandTest] = {}
    for row in export_rows(db, "assessments", player.id):
        key = (row["assessment_id"], row["hand"])
        if key not in tests:
            assessed_at = datetime.fromisoformat(row["assessed_at"])
            tests[key] = _HandTest(row["sensor"], row["pinch_type"], row["hand"], assessed_at)
        tests[key].peaks.append(row["peak_n"])
        tests[key].flags.update(row["flags"].split())
    print(f"History of {player.nickname} (player {player.id})")
    print()
    print(_sessions_text(player_history(db, player.id)))
    print()
    print(_tests_text(sorted(tests.values(), key=lambda t: t.assessed_at)))
    return 0


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


def _tests_text(tests: list[_HandTest]) -> str:
    if not tests:
        return "Max-force tests: none yet."
    previous: dict[tuple[str, str | None, str], float] = {}
    rows = []
    for test in tests:
        mean = fmean(test.peaks)
        key = (test.sensor, test.pinch_type, test.hand)
        earlier = previous.get(key)
        if earlier is None or not earlier > 0:
            change = "first test"
        else:
            result = change_vs(earlier, mean)
            verdict = "real change" if result.beyond_error else "within the 20% error"
            change = f"{result.fraction:+.0%}, {verdict}"
        previous[key] = mean
        count = len(test.peaks)
        trials = f"{count}" if count >= TRIALS_PER_HAND else f"{count} (stopped)"
        rows.append(
            [
                date_text(test.assessed_at),
                sensor_label(test.sensor, test.pinch_type),
                test.hand,
                trials,
                force_text(mean),
                force_text(max(test.peaks)),
                change,
                ", ".join(sorted(flag.replace("_", " ") for flag in test.flags)) or "-",
            ]
        )
    headers = ["Tested", "Sensor", "Hand", "Trials", "Mean", "Best", "Change", "Flags"]
    return "Max-force tests:\n" + format_table(headers, rows, right=(3,))
