"""What every command opens the same way: the config, the database and the sensors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from hardware import SensorSetup
from station import paths
from station.app.arguments import PathUse, checked_path, path_problem
from station.app.config import StationConfig, load_config
from station.app.errors import CommandError
from station.app.sensors import open_sensors
from station.storage import (
    Patience,
    current_calibrations,
    import_calibration_file,
    open_database,
    open_read_only,
    write_problem,
)

LEGACY_CALIBRATION_FILE = "calibration.json"

COMMAND_PATIENCE = Patience(wait_s=30.0)
"""A therapist at the terminal waits out another program's write lock for half a minute."""
APP_PATIENCE = Patience(wait_s=5.0)
"""The app writes a few things on its frame thread, which the kiosk's watchdog (15 s) times."""
APP_COMMANDS = frozenset({"run", "play", "live"})
RECORD_READERS = frozenset(
    {"players list", "players show", "program show", "history", "export", "report"}
)
"""Commands that show children's records: a database they do not find was mistyped."""
READ_ONLY_COMMANDS = RECORD_READERS | {"analyse", "doctor", "live"}
"""Commands that only read the database: they still work when it cannot be written."""


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """``--config``, ``--db`` and ``--sensors``; the paths are checked as they are parsed,
    since nothing can be opened before them (a config file given by name that is missing
    is refused, not silently replaced by the defaults)."""
    parser.add_argument(
        "--config",
        type=checked_path(PathUse.READ_FILE),
        default=None,
        help="config file (default: %(default)s = XDG)",
    )
    parser.add_argument(
        "--db", type=checked_path(PathUse.DATABASE), default=None, help="SQLite database file"
    )
    parser.add_argument(
        "--sensors",
        default="auto",
        metavar="MODE",
        help="auto (load cells if an HX711 answers, else simulated), real, emulated, "
        "virtual, or replay:FILE[,FILE] (default: auto)",
    )


def config_from(args: argparse.Namespace) -> StationConfig:
    return load_config(args.config)


def open_db(args: argparse.Namespace, config: StationConfig) -> Database:
    """The station database; calibrations from an older file are moved in once.

    A database that cannot be written now (read-only, a full disk) stops every command
    that writes before it starts, play included, with the reason and the fix; the
    read-only commands say so and read it as it is.
    """
    path = Path(args.db or config.db_path)
    given = "--db" if args.db else f"db_path in {args.config or paths.config_file()}"
    if not args.db and (wrong := path_problem(path, PathUse.DATABASE)) is not None:
        raise CommandError(f"{given}: {wrong}.")  # --db was checked as it was parsed
    if _command(args) in RECORD_READERS and not path.exists() and path != paths.default_db_path():
        # A mistyped --db or db_path would otherwise make an empty database and say "no
        # players yet": a therapist would think the children's records were gone.
        raise CommandError(
            f"There is no database at {path}. Check {given}; a new database is only made "
            "by a command that stores something (e.g. players add)."
        )
    problem = write_problem(path) if path.is_file() else None
    if problem is not None and _reads_only(args):
        print(f"grip-station: {problem} Reading it as it is.", file=sys.stderr)
        return open_read_only(path)
    patience = APP_PATIENCE if args.command in APP_COMMANDS else COMMAND_PATIENCE
    db = open_database(path, patience=replace(patience, notice=busy_notice))
    legacy = paths.config_dir() / LEGACY_CALIBRATION_FILE
    if legacy.is_file():
        import_calibration_file(db, legacy)
    return db


def busy_notice(message: str) -> None:
    """Said on the terminal as soon as the database keeps a command waiting."""
    print(f"grip-station: {message}", file=sys.stderr, flush=True)


def _reads_only(args: argparse.Namespace) -> bool:
    return _command(args) in READ_ONLY_COMMANDS


def _command(args: argparse.Namespace) -> str:
    """The command as the sets above name it: 'history', 'players list'."""
    action = getattr(args, "action", None)
    return args.command if action is None else f"{args.command} {action}"


@contextmanager
def sensors_from(
    args: argparse.Namespace, config: StationConfig, db: Database
) -> Iterator[SensorSetup]:
    setup = open_sensors(
        args.sensors,
        config.sensors,
        current_calibrations(db),
        factory_name=config.pin_factory,
        reader=config.reader,
    )
    try:
        yield setup
    finally:
        setup.close()
