"""Screenshots of therapist mode, for the README and issue 8: the PIN pad, the menu and
every screen behind it, over a clinic with a year of Mia's history.

Called by ``tests.support.screenshots`` after the children's visits. Screens still being
written (a module that does not import yet) are skipped with a note, not an error. The
reports screen writes to a scratch "USB stick", never to a real one.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pygame

from station import storage
from station.screens.therapist import kit
from station.screens.therapist.base import TherapistScene
from station.screens.therapist.menu import ITEMS, TherapistMenu
from station.screens.therapist.pin import PinScene
from station.screens.therapist.progress import ProgressScene
from station.screens.therapist.reports import PDF, ReportsScene
from station.storage import add_player, open_database
from tests.support.app import App

SETTLE_S = 0.5
PIN = "2468"
OTHERS = (("Leo", "dino"), ("Zoé", "unicorn"), ("Sam", "robot"), ("Ava", "cat"))
"""Beside Mia (and her year), so the player pickers look like a clinic's."""


@dataclass(frozen=True)
class Clinic:
    mia: int
    """Mia's player id: the child with a year of history."""
    wall_time: float
    """Two days after Mia's last visit, so the charts end where her history does."""


def clinic(folder: Path) -> Clinic:
    """``folder/station.db``: Mia's year, a few other children and a PIN.

    Written with ``synchronous=OFF``: a year is thousands of commits, and nothing here
    needs to survive a power cut.
    """
    from tests.test_reports import make_year_of_history  # noqa: PLC0415 - imports pytest

    db = open_database(folder / "station.db")
    db.execute("PRAGMA synchronous = OFF")
    year = make_year_of_history(db)
    for nickname, avatar in OTHERS:
        add_player(db, nickname=nickname, avatar=avatar, dominant_hand="right")
    storage.set_pin(db, PIN)
    db.close()
    return Clinic(year.player_id, (year.last_visit + timedelta(days=2)).timestamp())


def button(app: App, key: object) -> kit.Button:
    """The top screen's button meaning ``key``, as laid out on the last frame."""
    found = [b for b in app.top.buttons if b.key == key]
    assert found, f"no button {key!r}: {[b.key for b in app.top.buttons]}"
    return found[0]


def tap(app: App, key: object) -> None:
    """Tap a button of the top screen by what it means."""
    target = button(app, key)
    assert target.enabled, f"{key!r} is disabled"
    app.tap(target.rect.center)


def finish(app: App) -> None:
    """Let the slow job started by a press (a chart, a PDF) run, and a frame show it."""
    top = app.top
    app.run_until(lambda: not getattr(top, "later", None) or not top.later.busy, within_s=5)
    app.frame()


def assert_fits(app: App) -> None:
    """Every button lies on the screen, big enough for a finger, none over another."""
    screen = app.surface.get_rect()
    rects = [b.rect for b in app.top.buttons]
    assert rects
    for index, rect in enumerate(rects):
        assert screen.contains(rect), f"{rect} is outside {screen}"
        assert rect.w >= 40 and rect.h >= 30, f"{rect} is too small to touch"
        assert rect.collidelist(rects[index + 1 :]) == -1, f"{rect} overlaps another button"


def _scene(module: str, scene: str) -> Callable[[App], TherapistScene] | None:
    try:
        found = importlib.import_module(f"station.screens.therapist.{module}")
        return lambda app: getattr(found, scene)(app.ctx)
    except Exception as error:  # another engineer's screen, maybe half-written
        print(f"therapist-{module}: skipped ({type(error).__name__}: {error})")
        return None


def take(out: Path, size: tuple[int, int] = (800, 480)) -> dict[str, Path]:
    """One PNG per therapist screen, ``therapist-NAME.png`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    taken: dict[str, Path] = {}

    def shoot(app: App, name: str) -> None:
        finish(app)
        app.run(SETTLE_S)
        path = out / f"therapist-{name}.png"
        pygame.image.save(app.surface, path)
        taken[name] = path

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        made = clinic(folder)
        app = App(folder, size=size)
        app.ctx.wall_clock = lambda: made.wall_time
        stack = app.shell.stack
        stack.push(PinScene(app.ctx))
        app.frame()
        for digit in PIN[:3]:
            tap(app, digit)
        shoot(app, "pin")
        stack.replace(TherapistMenu(app.ctx))
        shoot(app, "menu")
        for _label, module, scene in ITEMS:
            if module in ("progress", "reports"):
                continue
            make = _scene(module, scene)
            if make is None:
                continue
            stack.push(make(app))
            shoot(app, module)
            stack.pop()
        stack.push(ProgressScene(app.ctx))
        shoot(app, "progress-players")
        tap(app, ("player", made.mia))
        shoot(app, "progress")
        tap(app, ("chart", "weekly"))
        shoot(app, "progress-weekly")
        stack.pop()
        stick = folder / "media" / "STICK"
        stick.mkdir(parents=True)
        stack.push(ReportsScene(app.ctx, find_sticks=lambda: [stick]))
        app.frame()
        tap(app, ("player", made.mia))
        app.frame()
        tap(app, PDF)
        shoot(app, "reports")
        app.close()
    return taken
