"""``grip-station doctor``: wiring, timing and noise of every sensor, in plain text."""

from __future__ import annotations

import argparse

from station.app.arguments import finite_float
from station.app.context import config_from, open_db, sensors_from
from station.console.diagnostics import diagnose, format_report

LISTEN_S = finite_float(0, 3600, unit=" s", above_low=True)
"""Up to an hour, enough to catch a rare dropout; longer is a typing slip."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor", help="check wiring, sample rate, pulse timing and noise of the sensors"
    )
    parser.add_argument(
        "--seconds", type=LISTEN_S, default=5.0, help="how long to listen (default: %(default)s)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    db = open_db(args, config)
    with sensors_from(args, config, db) as setup:
        report = diagnose(setup, config.sensors, sensors_mode=args.sensors, seconds=args.seconds)
    print(format_report(report))
    return 1 if report.problems else 0
