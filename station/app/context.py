"""What every command opens the same way: the config, the database and the sensors."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from hardware import SensorSetup
from station import paths
from station.app.arguments import PathUse, checked_path
from station.app.config import StationConfig, load_config
from station.app.sensors import open_sensors
from station.storage import current_calibrations, import_calibration_file, open_database

LEGACY_CALIBRATION_FILE = "calibration.json"


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
    """The station database; calibrations from an older file are moved in once."""
    db = open_database(args.db or config.db_path)
    legacy = paths.config_dir() / LEGACY_CALIBRATION_FILE
    if legacy.is_file():
        import_calibration_file(db, legacy)
    return db


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
