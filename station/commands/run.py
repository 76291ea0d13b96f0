"""``grip-station run`` (the default): the station's window.

Until the games arrive it shows both forces live; simulated sensors can be squeezed
with the keyboard, the mouse or a finger.
"""

from __future__ import annotations

import argparse

from station.app.context import config_from, open_db, sensors_from
from station.app.front_panel import open_front_panel


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="open the station window (the default)")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen (kiosk)")
    parser.add_argument(
        "--size", type=parse_size, default=(1024, 600), help="window size, e.g. 800x480"
    )
    parser.add_argument("--seconds", type=float, default=None, help="close after this long")
    parser.set_defaults(handler=run)


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--size wants WIDTHxHEIGHT, e.g. 1024x600, not {text!r}"
        ) from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"--size {text} is not a screen size")
    return width, height


def run(args: argparse.Namespace) -> int:
    from station.screens.live import FrameInfo, run_live_view  # noqa: PLC0415 - pygame only here

    config = config_from(args)
    db = open_db(args, config)
    with sensors_from(args, config, db) as setup:
        panel = open_front_panel(config, simulated=setup.source.simulated)

        def light_the_panel(info: FrameInfo) -> None:
            if panel is not None:
                panel.update(frame.health for frame in info.frames.values())

        try:
            return run_live_view(
                setup.pipeline,
                hands=setup.hands,
                force_input=setup.force_input,
                notice=setup.notice,
                size=args.size,
                fullscreen=args.fullscreen,
                max_seconds=args.seconds,
                frame_hook=light_the_panel,
            )
        finally:
            if panel is not None:
                panel.close()
