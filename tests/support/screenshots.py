"""Screenshots of every screen of a visit, made by playing visits with the bot.

``./dev screenshots`` (or ``python -m tests.support.screenshots docs/screens``) writes
one PNG per screen at 800x480, the official 7" display, so the README's pictures are
always the app as it is; then therapist mode's screens (``therapist-*.png``, made by
``tests.support.therapist_screens``). Each screen is taken once it has been up for a
moment, so its animations are under way.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from station.screens import ouch
from station.screens.moves import MovesScene
from station.storage import (
    Player,
    add_player,
    open_database,
)
from tests.support.app import App
from tests.support.clinic import program_and_test

SIZE = (800, 480)
SETTLE_S = 1.2
"""How long a screen has been up before it is taken."""
CHILDREN = (
    ("Mia", "fox"),
    ("Leo", "dino"),
    ("Zoé", "unicorn"),
    ("Sam", "robot"),
    ("Ava", "cat"),
    ("Noah", "whale"),
)


def _children(folder: Path) -> Player:
    """A clinic's worth of children; Mia has a program of a balloon and a crab exercise."""
    db = open_database(folder / "station.db")
    mia, *_ = (
        add_player(db, nickname=nickname, avatar=avatar, dominant_hand="right")
        for nickname, avatar in CHILDREN
    )
    program_and_test(db, mia, reps=3, rest_s=6.0)
    db.close()
    return mia


def screen_name(app: App) -> str:
    """The file a screen is saved as: its scene, with warm-up and cool-down told apart."""
    top = app.top
    if isinstance(top, MovesScene):
        return top.name
    words = type(top).__name__.removesuffix("Scene")
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in words).lstrip("-")


class Camera:
    """Takes each screen once, ``SETTLE_S`` after it came up."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.taken: dict[str, Path] = {}
        self._since: dict[str, int] = {}

    def watch(self, app: App) -> bool:
        name = screen_name(app)
        first = self._since.setdefault(name, app.frames)
        if name not in self.taken and app.frames - first >= SETTLE_S * 60:
            path = self.out / f"{name}.png"
            pygame.image.save(app.surface, path)
            self.taken[name] = path
        return False


def take(out: Path, size: tuple[int, int] = SIZE) -> dict[str, Path]:
    """Play a child's visit and a guest's, photographing every screen on the way."""
    out.mkdir(parents=True, exist_ok=True)
    camera = Camera(out)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        mia = _children(folder)
        app = App(folder, size=size, autoplay=True, player=mia)
        app.run_until(lambda: camera.watch(app) or app.ctx.visits_done == 1, within_s=600)
        app.close()
        guest = App(folder, size=size, autoplay=True)
        guest.run_until(lambda: camera.watch(guest) or "picker" in camera.taken, within_s=300)
        _ouch(guest, camera)
        guest.close()
    return camera.taken


def _ouch(app: App, camera: Camera) -> None:
    """The Ouch button pressed during a game, and the calm screen after it."""
    app.run_until(lambda: app.ctx.play is not None and app.ctx.play.recorder is not None,
                  within_s=60)  # fmt: skip
    app.run(2)
    app.tap(ouch.ouch_rect(app.surface.get_size()).center)
    app.run_until(lambda: camera.watch(app) or "stopped" in camera.taken, within_s=5)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.support.screenshots")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screens"))
    args = parser.parse_args()
    # imported here: the visit's pictures (and test_screens) never hang on therapist mode
    from tests.support import therapist_screens  # noqa: PLC0415 - see the line above

    for name, path in sorted(take(args.out).items()):
        print(f"{name:16} {path}")
    for name, path in sorted(therapist_screens.take(args.out, SIZE).items()):
        print(f"therapist-{name:16} {path}")


if __name__ == "__main__":
    main()
