"""``grip-station live``: both sensors as one refreshing text line, for wiring checks."""

from __future__ import annotations

import argparse
import sys
import time

from station.app.context import config_from, open_db, sensors_from
from station.console.text_view import status_line

REFRESH_S = 0.1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("live", help="show both sensors live as text (Ctrl-C ends)")
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long")
    parser.add_argument(
        "--full-scale-kg", type=float, default=None, help="bar full scale (default: capacity/3)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    db = open_db(args, config)
    scales = {
        spec.name: (args.full_scale_kg * 9.80665 if args.full_scale_kg else spec.capacity_n / 3)
        for spec in config.sensors
    }
    interactive = sys.stdout.isatty()
    with sensors_from(args, config, db) as setup:
        if setup.notice:
            print(setup.notice)
        started = time.monotonic()
        while args.seconds is None or time.monotonic() - started < args.seconds:
            line = status_line(setup.pipeline.update(), scales)
            print(f"\r{line}" if interactive else line, end="" if interactive else "\n")
            sys.stdout.flush()
            time.sleep(REFRESH_S)
    if interactive:
        print()
    return 0
