"""The waiting room's screen: a game plays itself, and a picture says "squeeze or touch".

A squeeze on either sensor, a touch anywhere or the box's start button begins a visit.
The demo game changes after each of its games, so the room sees all of them.
"""

from __future__ import annotations

import math

import pygame

from games.kit.actions import Action, is_press
from games.kit.layout import Viewport
from station.clinic.difficulty import GUEST_FLOOR_N
from station.play.context import PlayContext
from station.play.demo import Demo
from station.screens.art.signs import draw_squeeze_to_start
from station.screens.base import StationScene

AUTOPLAY_START_S = 2.0
"""With the bot at the controls, the visit begins after this long."""
DIM = (150, 150, 170)
"""Multiplied into the demo game: it is a show, not the child's game yet."""


class AttractScene(StationScene):
    name = "attract"

    def __init__(self, ctx: PlayContext, demo_index: int = 0) -> None:
        super().__init__(ctx)
        self._index = demo_index
        self._demo: Demo | None = None
        self._started = False
        self._armed = False
        """Only a squeeze that starts after the screen appears counts (not one held on)."""

    def enter(self) -> None:
        self._started = False

    def tick(self, dt_ns: int) -> None:
        demo = self._current_demo()
        if demo is not None:
            demo.update(dt_ns)
            if demo.over:
                self._index += 1
                self._demo = None
        floors = {s: GUEST_FLOOR_N[s] for s in self.ctx.fitted if s in GUEST_FLOOR_N}
        squeezing = self.ctx.reading.squeezing(floors)
        if not squeezing:
            self._armed = True
        elif self._armed:
            self._start()
        if self.ctx.autoplay and self.t_s >= AUTOPLAY_START_S:
            self._start()

    def handle_action(self, action: Action) -> None:
        if is_press(action):
            self._start()

    def _current_demo(self) -> Demo | None:
        games = self.ctx.games
        if not games:
            return None
        if self._demo is None:
            game = games[self._index % len(games)]
            self._demo = Demo(game, seed=self._index)
        return self._demo

    def _start(self) -> None:
        if self._started or self.stack is None:
            return
        self._started = True
        from station.screens.who import WhoScene  # noqa: PLC0415 - the two screens lead to each other

        self.stack.replace(WhoScene(self.ctx))

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        demo = self._current_demo()
        if demo is not None:
            demo.scene.draw(surface)
            surface.fill(DIM, special_flags=pygame.BLEND_RGB_MULT)
        else:
            surface.fill((40, 60, 120))
        # Beside the demo's character, not over it: the show goes on behind the sign.
        size = vp.h(0.42) + round(vp.h(0.015) * math.sin(self.t_s * 3.0))
        sign = pygame.Rect(0, 0, size * 2, size)
        sign.center = (vp.width - vp.h(0.06) - vp.h(0.42), vp.y(0.6))
        draw_squeeze_to_start(surface, sign, self.t_s)
