"""Where the station keeps its files, following the XDG base-directory spec.

Functions rather than module constants: the environment is read at call time, so tests
(and a maintainer trying a second station on one box) can point them elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "grip-station"


def _xdg_base(variable: str, fallback: str) -> Path:
    # The spec says relative values are invalid and must be ignored, as must empty ones.
    value = os.environ.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def config_dir() -> Path:
    """Where a maintainer edits settings: $XDG_CONFIG_HOME/grip-station."""
    return _xdg_base("XDG_CONFIG_HOME", ".config") / APP_DIR_NAME


def data_dir() -> Path:
    """Where the station's records live: $XDG_DATA_HOME/grip-station."""
    return _xdg_base("XDG_DATA_HOME", ".local/share") / APP_DIR_NAME


def config_file() -> Path:
    """The config file read when no other is named on the command line."""
    return config_dir() / "config.toml"


def default_db_path() -> Path:
    """The SQLite database used when the config names none."""
    return data_dir() / "station.db"
