"""``grip-station``: the one entry point, for the kiosk, the therapist and the maintainer.

Errors people can fix (a wrong pin in the config, a corrupt database, a refused
calibration) are printed as one plain sentence; anything unexpected is written in full
to a log file and summarised, so nobody in front of the box reads a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime

from hardware.calibration import CalibrationError, CalibrationFileError
from hardware.hx711 import BadWordError, SensorTimeout
from hardware.pins import PinFactoryUnavailable
from hardware.recordings import RecordingError
from station import paths
from station.app.config import ConfigError
from station.app.context import CommandError, add_common_options
from station.app.sensors import SensorSetupError
from station.storage import StorageError

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner in a therapist's terminal

COMMANDS = (
    "run",
    "live",
    "doctor",
    "calibrate",
    "players",
    "program",
    "assess",
    "history",
    "export",
    "play",
)
"""Subcommand modules under ``station.commands``, in the order ``--help`` lists them."""

USER_ERRORS: tuple[type[Exception], ...] = (
    CommandError,
    ConfigError,
    StorageError,
    CalibrationError,
    CalibrationFileError,
    RecordingError,
    SensorSetupError,
    PinFactoryUnavailable,
    SensorTimeout,
    BadWordError,
)
EXIT_USER_ERROR = 2
EXIT_UNEXPECTED = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grip-station",
        description="Grip-strength mini-games for occupational therapy.",
    )
    add_common_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"station.commands.{name}")
        module.register(subparsers)
    return parser


GLOBAL_OPTIONS_WITH_VALUES = ("--config", "--db", "--sensors")


def with_default_command(argv: Sequence[str]) -> list[str]:
    """``grip-station --size 800x480`` means ``grip-station run --size 800x480``.

    The app is the default command, so its options work without naming it (as in
    ``./dev run --fullscreen``); global options before them stay global.
    """
    words = list(argv)
    index = 0
    while index < len(words) and words[index].startswith("-"):
        word = words[index]
        if word in ("-h", "--help"):
            return words
        if word in GLOBAL_OPTIONS_WITH_VALUES:
            index += 2
        elif word.split("=", 1)[0] in GLOBAL_OPTIONS_WITH_VALUES:
            index += 1
        else:
            break
    if index < len(words) and words[index] in COMMANDS:
        return words
    return [*words[:index], "run", *words[index:]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(with_default_command(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.handler(args) or 0)
    except USER_ERRORS as exc:
        print(f"grip-station: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception:  # the last line of defence: log it whole, say it short
        log = _write_crash_log()
        print(f"grip-station: unexpected error; details were saved to {log}", file=sys.stderr)
        return EXIT_UNEXPECTED


def _write_crash_log() -> str:
    folder = paths.data_dir() / "crash-logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        traceback.print_exc()
        return "standard error (the log folder is not writable)"
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
