"""Shared test setup: headless SDL before anything imports pygame, and recordings."""

from __future__ import annotations

import functools
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


@pytest.fixture
def assess_clock(monkeypatch: pytest.MonkeyPatch):
    """One simulated clock for the max-force protocol, its pacing loop and the virtual
    sensors: a two-minute test runs in a moment."""
    from hardware.sim_sources import VirtualSqueezeSource  # noqa: PLC0415
    from station.app import sensors  # noqa: PLC0415 - after SDL is set headless above
    from station.commands import assess  # noqa: PLC0415
    from station.console.assess_runner import Pacing  # noqa: PLC0415
    from tests.support.simclock import SimClock  # noqa: PLC0415

    sim = SimClock()
    monkeypatch.setattr(
        sensors, "VirtualSqueezeSource", functools.partial(VirtualSqueezeSource, clock=sim)
    )
    monkeypatch.setattr(assess, "REAL_TIME", Pacing(clock=sim, sleep=sim.sleep))
    return sim
