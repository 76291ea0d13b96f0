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
from station.app.cli import COMMANDS
from station.app.config import ConfigError
from station.app.context import add_common_options
from station.app.errors import CommandError
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
