"""``grip-station export``: players, assessments, sessions and reps as CSV files.

Thin over ``station.reports.export``, which writes each file whole or not at all;
``--usb`` writes to the first mounted, writable USB stick instead of ``--out``.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from station.app.arguments import PathUse, check_path, path_text
from station.app.context import config_from, open_db
from station.app.errors import CommandError
from station.commands.players import PLAYER_HELP, resolve_player
from station.reports.export import export_csv
from station.reports.usb import find_usb_sticks

USB_FOLDER = "grip-station"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write players, assessments, sessions and reps as CSV files"
    )
    parser.add_argument("--player", default=None, help=f"{PLAYER_HELP} (default: everyone)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=path_text, help="folder for the CSV files")
    where.add_argument(
        "--usb",
        action="store_true",
        help="write to the first USB stick found, in grip-station/export-DATE/",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.out is not None:
        check_path(args.out, PathUse.WRITE_FOLDER, "--out")
    db = open_db(args, config_from(args))
    player = None if args.player is None else resolve_player(db, args.player)
    out: Path = args.out
    if args.usb:
        sticks = find_usb_sticks()
        if not sticks:
            raise CommandError(
                "No USB stick is mounted and writable; plug one in, or give --out FOLDER."
            )
        out = sticks[0] / USB_FOLDER / f"export-{datetime.now():%Y-%m-%d-%H%M}"
    counts = export_csv(db, out, None if player is None else player.id)
    written = ", ".join(f"{path.name} ({rows} rows)" for path, rows in counts.items())
    who = "everyone" if player is None else f"{player.nickname} (player {player.id})"
    print(f"Exported {who} to {out}: {written}.")
    return 0
