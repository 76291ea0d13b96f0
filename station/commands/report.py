"""``grip-station report PLAYER --out FILE.pdf``: the one-page report a parent takes home.

``--usb`` writes it to the first mounted, writable USB stick instead (in a
``grip-station`` folder there), and ``--png-dir`` adds the charts as PNG files for a
screen or an e-mail. Every path is checked before anything is drawn, so a wrong one
costs a sentence, not a half-written file.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from station.app.arguments import PathUse, check_path, path_text, pixel_size
from station.app.context import config_from, open_db
from station.app.errors import CommandError
from station.commands.players import PLAYER_HELP, resolve_player
from station.reports.charts import DEFAULT_SIZE
from station.reports.report import check_pdf_path, default_name, write_report
from station.reports.usb import find_usb_sticks

USB_FOLDER = "grip-station"
CHART_SIZE = pixel_size((200, 150), (8000, 8000))


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="a player's one-page PDF report for parents")
    parser.add_argument("player", help=PLAYER_HELP)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=path_text, help="the PDF file to write, e.g. mia.pdf")
    where.add_argument(
        "--usb", action="store_true", help="write to the first USB stick found, in grip-station/"
    )
    parser.add_argument(
        "--png-dir", type=path_text, default=None, help="also write the charts as PNG files here"
    )
    parser.add_argument(
        "--png-size",
        type=CHART_SIZE,
        default=DEFAULT_SIZE,
        metavar="WxH",
        help=f"pixel size of the PNG charts (default {DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    player = resolve_player(db, args.player)
    now = datetime.now().astimezone()
    if args.usb:
        sticks = find_usb_sticks()
        if not sticks:
            raise CommandError(
                "No USB stick is mounted and writable; plug one in, or give --out FILE.pdf."
            )
        out = sticks[0] / USB_FOLDER / default_name(player, now.date())
    else:
        out = check_path(check_pdf_path(args.out), PathUse.WRITE_FILE, "--out")
    png_dir = args.png_dir
    if args.usb and png_dir is not None and not png_dir.is_absolute():
        png_dir = out.parent / png_dir
    if png_dir is not None:
        check_path(png_dir, PathUse.WRITE_FOLDER, "--png-dir")
    written = write_report(db, player, out, png_dir=png_dir, png_size=args.png_size, now=now)
    print(f"Report for {player.nickname} written to {out}.")
    if len(written) > 1:
        print(f"Charts: {', '.join(str(p) for p in written[1:])}.")
    return 0
