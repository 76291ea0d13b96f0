"""Shared test setup: headless SDL before anything imports pygame, and recordings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

RECORDINGS_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "recordings"


@pytest.fixture
def recordings_dir() -> Path:
    """The shared corpus of real force recordings; skip where it is not laid out."""
    if not RECORDINGS_DIR.is_dir():
        pytest.skip(f"recordings corpus not found at {RECORDINGS_DIR}")
    return RECORDINGS_DIR


@pytest.fixture
def mia_station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A station database with Mia (player 1); XDG points into tmp, here and in commands."""
    from station.app.cli import main  # noqa: PLC0415 - after SDL is set headless above

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "station.db"
    assert main(["--db", str(path), "players", "add", "Mia", "--hand", "right"]) == 0
    return path
