"""The whole station app, headless, on a clock that moves one frame at a time.

The real shell, scenes, games, signal chain and SQLite file; only time is simulated
(and, with ``ScriptedSource``, the forces), so a whole visit takes a second or two.
Touches go in as translated actions, as the shell gets them from the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame

from games.contract import NS_PER_S
from games.kit.actions import MOUSE, Action, FrontButton, Phase, Pointer
from hardware.setup import SensorSetup
from hardware.signal_chain import ForcePipeline
from hardware.source import ForceSource
from station.app.config import StationConfig
from station.app.launch import Launch, build_context
from station.app.sensors import open_sensors
from station.app.shell import StationShell
from station.play.visit import VisitSettings
from station.storage import Player, open_database

FRAME_NS = NS_PER_S // 60
QUICK_SETTINGS = VisitSettings(warmup_s=8.0, cooldown_s=8.0, idle_s=30.0)
"""Short warm-up and cool-down, so a visit fits in a test."""


class FrameClock:
    """Stands still within a frame; ``App.frame`` moves it on by one display frame."""

    def __init__(self) -> None:
        self.now_ns = 5 * NS_PER_S

    def __call__(self) -> int:
        return self.now_ns


class App:
    def __init__(
        self,
        folder: Path,
        *,
        size: tuple[int, int] = (800, 480),
        autoplay: bool = False,
        player: Player | None = None,
        settings: VisitSettings = QUICK_SETTINGS,
        source: Callable[[FrameClock], ForceSource] | None = None,
        sensors: str = "virtual",
        seed: int = 1,
    ) -> None:
        self.clock = FrameClock()
        self.db = open_database(folder / "station.db")
        config = StationConfig(db_path=folder / "station.db")
        if source is None:
            self.setup = open_sensors(sensors, config.sensors, {}, clock=self.clock)
        else:
            made = source(self.clock)
            made.start()
            capacities = {s.name: s.capacity_n for s in config.sensors}
            self.setup = SensorSetup(made, ForcePipeline(made, capacities), None, None, None)
        launch = Launch(size=size, autoplay=autoplay, autoplay_player=player, seed=seed)
        self.ctx = build_context(launch, config, self.db, self.setup)
        self.ctx.settings = settings
        self.surface = pygame.Surface(size)
        self._queued: list[list[Action]] = []
        self.shell = StationShell(
            self.ctx,
            self.setup,
            lambda: self.surface,
            clock_ns=self.clock,
            actions=lambda _size: self._queued.pop(0) if self._queued else [],
        )
        self.trail: list[str] = []
        self.frames = 0

    @property
    def top(self) -> object:
        return self.shell.stack.top

    @property
    def top_name(self) -> str:
        return type(self.top).__name__

    def frame(self) -> bool:
        self.clock.now_ns += FRAME_NS
        alive = self.shell.frame()
        self.frames += 1
        if not self.trail or self.trail[-1] != self.top_name:
            self.trail.append(self.top_name)
        return alive

    def run(self, seconds: float) -> None:
        for _ in range(round(seconds * 60)):
            self.frame()

    def run_until(self, done: Callable[[], bool], *, within_s: float) -> None:
        for _ in range(round(within_s * 60)):
            if done():
                return
            self.frame()
        raise AssertionError(f"not reached within {within_s} s; screens were {self.trail}")

    def until_screen(self, name: str, *, within_s: float) -> None:
        self.run_until(lambda: self.top_name == name, within_s=within_s)

    def tap(self, pos: tuple[int, int]) -> None:
        """A finger down, then up a few frames later, at ``pos`` (pixels)."""
        width, height = self.surface.get_size()
        at = (pos[0] / width, pos[1] / height)
        self._queued.append([Pointer(Phase.DOWN, MOUSE, pos, *at)])
        self._queued += [[], []]
        self._queued.append([Pointer(Phase.UP, MOUSE, pos, *at)])
        for _ in range(4):
            self.frame()

    def send(self, *actions: Action) -> None:
        """These actions arrive with the next frame, as the window would hand them over."""
        self._queued.append(list(actions))

    def hold_front_button(self) -> None:
        self.send(FrontButton(held=True))
        self.frame()

    def close(self) -> None:
        self.ctx.close()
        self.setup.close()
        self.db.close()
