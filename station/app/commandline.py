"""The command line's parser and the errors a person can fix, for ``station.app.cli``.

Kept apart from the entry point so that importing the entry point stays light.
"""

from __future__ import annotations

import argparse
import importlib

from hardware import (
    BadWordError,
    CalibrationError,
    CalibrationFileError,
    PinFactoryUnavailable,
    RecordingError,
    SensorTimeout,
)
from station.app.arguments import PathUse, checked_path
from station.app.cli import COMMANDS
from station.app.config import ConfigError
from station.app.context import CommandError, add_common_options
from station.app.sensors import SensorSetupError
from station.console.prompts import NoAnswer
from station.storage import StorageError

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
    NoAnswer,
)
COMMON_PATHS = {"config": PathUse.READ_FILE, "db": PathUse.DATABASE}
"""The global path options, checked as they are parsed: nothing can be opened before them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grip-station",
        description="Grip-strength mini-games for occupational therapy.",
    )
    add_common_options(parser)
    _check_common_paths(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"station.commands.{name}")
        module.register(subparsers)
    return parser


def _check_common_paths(parser: argparse.ArgumentParser) -> None:
    """Give ``--config`` and ``--db`` the shared path check (a missing config file given by
    name is refused, not silently replaced by the defaults)."""
    for action in parser._actions:
        if action.dest in COMMON_PATHS:
            action.type = checked_path(COMMON_PATHS[action.dest])
