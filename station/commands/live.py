"""``grip-station live``: both sensors live, as a text line (over SSH) or in the app window.

Without ``--window`` one refreshing text line per tenth of a second, for wiring checks
over SSH. With ``--window`` the app shell opens with the live view as its only screen:
bars, numbers, traces and health per sensor, and the simulated squeeze (Space, P, or a
press on the left or right half) when the sensors are simulated. Escape or closing the
window ends it; in ``--fullscreen`` Escape is ignored, as on the kiosk (Ctrl+Q ends it).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable

import pygame

from games.kit.actions import Action, Key, KeyAction, translate
from games.kit.loop import pace
from hardware import STANDARD_GRAVITY, SensorSetup
from station.app.arguments import finite_float
from station.app.config import StationConfig
from station.app.context import config_from, open_db, sensors_from
from station.app.errors import CommandError
from station.app.launch import Launch, build_context
from station.app.shell import StationShell
from station.app.window import SIZE_DEFAULT, open_window
from station.commands.run import SECONDS, WINDOW_SIZE
from station.console.text_view import status_line
from station.play.context import PlayContext
from station.screens.live import LiveScene

_log = logging.getLogger(__name__)

REFRESH_S = 0.1
FULL_SCALE_KG = finite_float(0, 1000, unit=" kg", above_low=True)
"""A bar's full scale: more than nothing, and at most a tonne (no cell here comes near)."""

ActionSource = Callable[[tuple[int, int]], list[Action]]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "live", help="show both sensors live as text (Ctrl-C ends), or in a window"
    )
    parser.add_argument(
        "--window", action="store_true", help="open the live view in the app window"
    )
    parser.add_argument(
        "--size",
        type=WINDOW_SIZE,
        default=None,
        help="with --window: window size, e.g. 1024x600 (default: 800x480)",
    )
    parser.add_argument("--fullscreen", action="store_true", help="with --window: fill the screen")
    parser.add_argument("--seconds", type=SECONDS, default=None, help="stop after this long")
    parser.add_argument(
        "--full-scale-kg",
        type=FULL_SCALE_KG,
        default=None,
        help="bar full scale (default: capacity/3)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.window and (args.size is not None or args.fullscreen):
        raise CommandError("--size and --fullscreen go with --window")
    if args.window and args.full_scale_kg is not None:
        raise CommandError(
            "--full-scale-kg is for the text line; the window scales its bars itself"
        )
    config = config_from(args)
    db = open_db(args, config)
    with sensors_from(args, config, db) as setup:
        if args.window:
            launch = Launch(
                size=args.size or SIZE_DEFAULT,
                fullscreen=args.fullscreen,
                max_seconds=args.seconds,
            )
            return run_live_window(launch, build_context(launch, config, db, setup), setup)
        return _text_line(args, config, setup)


def run_live_window(
    launch: Launch,
    ctx: PlayContext,
    setup: SensorSetup,
    *,
    clock_ns: Callable[[], int] = time.monotonic_ns,
    sleep: Callable[[float], None] = time.sleep,
    actions: ActionSource | None = None,
) -> int:
    """Open the window and run the shell with the live view until it ends; the exit code.

    ``actions`` replaces the window's events (tests); in fullscreen Escape is dropped
    from them, so a finger or a stray key on the kiosk cannot close the view.
    """
    try:
        surface = open_window(launch.size, launch.fullscreen, "live forces")
    except pygame.error as error:
        _log.error("The live view could not open a window: %s", error)
        return 1
    source = actions or (lambda size: translate(pygame.event.get(), size))
    shell = StationShell(
        ctx,
        setup,
        lambda: pygame.display.get_surface() or surface,
        clock_ns=clock_ns,
        actions=_without_escape(source) if launch.fullscreen else source,
        first=LiveScene(ctx, notice=setup.notice, escape_quits=not launch.fullscreen),
    )
    try:
        pace(
            shell.frame,
            clock_ns=clock_ns,
            fps=launch.fps,
            max_seconds=launch.max_seconds,
            sleep=sleep,
        )
    finally:
        pygame.display.quit()
    return 0


def _without_escape(source: ActionSource) -> ActionSource:
    def actions(size: tuple[int, int]) -> list[Action]:
        return [
            action
            for action in source(size)
            if not (isinstance(action, KeyAction) and action.key is Key.BACK)
        ]

    return actions


def _text_line(args: argparse.Namespace, config: StationConfig, setup: SensorSetup) -> int:
    scales = {
        spec.name: (
            spec.capacity_n / 3
            if args.full_scale_kg is None
            else args.full_scale_kg * STANDARD_GRAVITY
        )
        for spec in config.sensors
    }
    interactive = sys.stdout.isatty()
    if setup.notice:
        print(setup.notice)
    started = time.monotonic()
    try:
        while args.seconds is None or time.monotonic() - started < args.seconds:
            line = status_line(setup.pipeline.update(), scales)
            print(f"\r{line}" if interactive else line, end="" if interactive else "\n")
            sys.stdout.flush()
            time.sleep(REFRESH_S)
    finally:  # also when stopped: the line redrawn in place is ended, not written over
        if interactive:
            print()
    return 0
