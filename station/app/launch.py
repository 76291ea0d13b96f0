"""``grip-station run``: the station app, from the attract screen to the results and back.

The main loop is the frame loop of the shell, paced to the display; everything else is
opened before the first frame and closed after the last.
"""

from __future__ import annotations

import logging
import random
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pygame
from sqlite_utils import Database

from games.kit.loop import pace
from games.kit.sound import sounds
from hardware import SensorSetup
from station.app.config import StationConfig
from station.app.front_panel import open_front_panel
from station.app.notify import SystemdNotifier
from station.app.shell import StationShell
from station.app.window import open_window
from station.console.assess_runner import Pacing
from station.play.context import PlayContext
from station.play.visit import Step
from station.screens.visit import VisitScene
from station.storage import (
    CannotWriteNow,
    Player,
    close_interrupted_sessions,
    database_path,
)

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Launch:
    """How this run of the app behaves (from the command line)."""

    size: tuple[int, int]
    fullscreen: bool = False
    kiosk: bool = False
    """Fullscreen, and no key or window button ends the app (the waiting room's mode)."""
    max_seconds: float | None = None
    autoplay: bool = False
    autoplay_player: Player | None = None
    seed: int | None = None
    fps: int = 60
    visit: tuple[Player | None, tuple[Step, ...]] | None = None
    """A visit to play at once instead of the attract screen; the app ends with it."""


def build_context(
    launch: Launch, config: StationConfig, db: Database, setup: SensorSetup
) -> PlayContext:
    capacities = {
        spec.name: spec.capacity_n for spec in config.sensors if spec.name in setup.source.sensors
    }
    return PlayContext(
        db=db,
        db_path=database_path(db),
        capacities=capacities,
        settings=config.visit,
        hands=setup.hands,
        sensor_setup=setup,
        autoplay=launch.autoplay,
        autoplay_player=launch.autoplay_player,
        rng=random.Random(launch.seed),
    )


def close_cut_off_sessions(db: Database) -> None:
    """Sessions whose app was killed (a power cut, a crash) end as interrupted, at their
    last rep. Not now if the database cannot be written: the next start tries again."""
    try:
        closed = close_interrupted_sessions(db)
    except CannotWriteNow as error:
        _log.warning("Sessions cut off earlier stay open for now: %s", error)
        return
    for session in closed:
        _log.info(
            "Session %d (player %d) was cut off before it ended: closed as interrupted",
            session.id,
            session.player_id,
        )


@dataclass
class _StopRequest:
    requested: bool = False


@contextmanager
def _stopped_by_sigterm() -> Iterator[_StopRequest]:
    """SIGTERM (``systemctl stop``, a shutdown) ends the frame loop after this frame, so
    the visit is saved and the sensors closed as after any other ending."""
    request = _StopRequest()

    def note(_signum: int, _frame: object) -> None:
        _log.info("SIGTERM: the station stops after this frame")
        request.requested = True

    previous = signal.signal(signal.SIGTERM, note)
    try:
        yield request
    finally:
        signal.signal(signal.SIGTERM, previous)


REAL_TIME = Pacing()
"""The app's clock and sleep. Tests replace them with a simulated clock; users cannot."""


def run_station(launch: Launch, ctx: PlayContext, config: StationConfig, setup: SensorSetup) -> int:
    """Run the app until the window closes, ``max_seconds`` pass, or its one visit ends.

    One visit: ``launch.visit``, or an autoplay run without ``max_seconds``.
    """
    clock_ns, sleep = REAL_TIME.clock, REAL_TIME.sleep
    sound_steps = sounds.prepare_stepwise()
    try:
        surface = open_window(launch.size, launch.fullscreen or launch.kiosk, "play")
    except pygame.error as error:
        _log.error("The station's window could not open: %s", error)
        return 1
    panel = open_front_panel(config, simulated=setup.source.simulated)
    first = None
    if launch.visit is not None:
        ctx.begin_visit(*launch.visit)
        first = VisitScene(ctx)
    shell = StationShell(
        ctx,
        setup,
        lambda: pygame.display.get_surface() or surface,
        clock_ns=clock_ns,
        panel=panel,
        first=first,
        kiosk=launch.kiosk,
    )
    one_visit = launch.visit is not None or (launch.autoplay and launch.max_seconds is None)
    notifier = SystemdNotifier(clock_ns)
    with _stopped_by_sigterm() as stop:

        def frame() -> bool:
            running = shell.frame()
            notifier.frame_shown()
            next(sound_steps, None)  # one sound made per frame, after the first picture
            return running and not stop.requested and not (one_visit and ctx.visits_done > 0)

        try:
            pace(
                frame,
                clock_ns=clock_ns,
                fps=launch.fps,
                max_seconds=launch.max_seconds,
                sleep=sleep,
            )
        finally:
            notifier.stopping()
            ctx.close()
            if panel is not None:
                panel.close()
            pygame.display.quit()
    return 0
