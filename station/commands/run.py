"""``grip-station run`` (the default): the station app a child and a waiting room use.

Attract screen, who is playing, warm-up, the program or the game picker, cool-down,
results, and back. ``--autoplay`` lets the bot play whole visits (the demo, and the
test of the whole app); the live force view for wiring checks is ``live --window``.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from hardware import SensorSetup
from station.app.arguments import finite_float, pixel_size, whole_number
from station.app.context import config_from, open_db, sensors_from
from station.app.errors import CommandError
from station.app.launch import Launch, build_context, close_cut_off_sessions, run_station
from station.app.window import SIZE_DEFAULT
from station.commands.players import refuse_archived, resolve_player
from station.play.visit import Step
from station.storage import Player

WEEK_S = 7 * 24 * 3600
SECONDS = finite_float(0, WEEK_S, unit=" s", above_low=True)
"""``--seconds`` of the app and the live view: a smoke run, up to a week on a stand."""
WINDOW_SIZE = pixel_size((320, 240), (7680, 4320))
"""From the smallest screen the layouts are drawn for to an 8K monitor."""
SEED = whole_number(0)
"""From 0 to SQLite's largest integer, so a seed could be stored beside a session's ids."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="open the station app (the default)")
    add_window_options(parser)
    parser.add_argument(
        "--autoplay", action="store_true", help="the bot plays whole visits (simulated sensors)"
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--player", default=None, help="with --autoplay: play as this child")
    who.add_argument("--guest", action="store_true", help="with --autoplay: play as a guest")
    parser.add_argument("--seed", type=SEED, default=None, help="randomness of the games and bot")
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="the waiting room: fullscreen, no cursor, no key or close button ends the app",
    )
    parser.set_defaults(handler=run)


def add_window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen (kiosk)")
    parser.add_argument(
        "--size",
        type=WINDOW_SIZE,
        default=SIZE_DEFAULT,
        help="window size, e.g. 1024x600 (default: 800x480, the 7-inch display)",
    )
    parser.add_argument(
        "--seconds", type=SECONDS, default=None, help="close after this long (at most a week)"
    )


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    db = open_db(args, config)
    close_cut_off_sessions(db)
    player = None
    if args.player is not None:
        if not args.autoplay:
            raise CommandError("--player goes with --autoplay (a child picks themself on screen)")
        player = resolve_player(db, args.player)
        refuse_archived(player)
    with sensors_from(args, config, db) as setup:
        refuse_autoplay_without_hands(args, setup)
        if setup.notice:
            print(setup.notice)  # for the maintainer; the children's screens stay pictures
        launch = replace(launch_from(args, autoplay_player=player), kiosk=args.kiosk)
        return run_station(launch, build_context(launch, config, db, setup), config, setup)


def refuse_autoplay_without_hands(args: argparse.Namespace, setup: SensorSetup) -> None:
    if args.autoplay and setup.hands is None:
        raise CommandError(
            "--autoplay squeezes simulated hands, and these sensors are real or "
            "replayed; use --sensors virtual or emulated"
        )


def launch_from(
    args: argparse.Namespace,
    *,
    autoplay_player: Player | None,
    visit: tuple[Player | None, tuple[Step, ...]] | None = None,
) -> Launch:
    """The app's options from the command line shared by ``run`` and ``play``."""
    return Launch(
        size=args.size,
        fullscreen=args.fullscreen,
        max_seconds=args.seconds,
        autoplay=args.autoplay,
        autoplay_player=autoplay_player,
        seed=args.seed,
        visit=visit,
    )
