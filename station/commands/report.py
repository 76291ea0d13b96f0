"""``grip-station report PLAYER --out FILE.pdf``: the one-page report a parent takes home.

``--usb`` writes it to the first mounted, writable USB stick instead (in a
``grip-station`` folder there), and ``--png-dir`` adds the charts as PNG files for a
screen or an e-mail. Every path is checked before anything is drawn, so a wrong one
costs a sentence, not a half-written file.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from station.app.context import CommandError, config_from, open_db
from station.commands.players import resolve_player
from station.reports.charts import DEFAULT_SIZE
from station.reports.report import check_pdf_path, default_name, write_report
from station.reports.usb import find_usb_sticks

USB_FOLDER = "grip-station"


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"give a size as WIDTHxHEIGHT, not {text!r}") from None
    if width < 200 or height < 150 or width > 8000 or height > 8000:
        raise argparse.ArgumentTypeError(f"{text} is not a chart size (200x150 to 8000x8000)")
    return width, height


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="a player's one-page PDF report for parents")
    parser.add_argument("player", help="nickname or player number")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="the PDF file to write, e.g. mia.pdf")
    where.add_argument(
        "--usb", action="store_true", help="write to the first USB stick found, in grip-station/"
    )
    parser.add_argument(
        "--png-dir", type=Path, default=None, help="also write the charts as PNG files here"
    )
    parser.add_argument(
        "--png-size",
        type=_size,
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
        out = check_pdf_path(args.out)
    png_dir = args.png_dir
    if args.usb and png_dir is not None and not png_dir.is_absolute():
        png_dir = out.parent / png_dir
    if png_dir is not None and png_dir.exists() and not png_dir.is_dir():
        raise CommandError(f"{png_dir} is a file; --png-dir needs a folder for the charts.")
    written = write_report(db, player, out, png_dir=png_dir, png_size=args.png_size, now=now)
    print(f"Report for {player.nickname} written to {out}.")
    if len(written) > 1:
        print(f"Charts: {', '.join(str(p) for p in written[1:])}.")
    return 0
