"""The quick max: "squeeze as hard as you can", shown, not said.

Puff the puffer fish puffs up with the squeeze, the badge he wears shows which sensor
to use (the bulb in a fist, or the pinch sensor between thumb and finger), and a ring
counts the few seconds that count once the squeeze begins. Then the game starts.
"""

from __future__ import annotations

import pygame

from games.contract import GameEvent, GameInput
from games.kit import hud
from games.kit.draw import gradient
from games.kit.layout import Viewport
from station.play.context import PlayContext
from station.play.session import Play
from station.screens.art.sensors import draw_strong_buddy
from station.screens.base import StationScene

SEA = ((70, 170, 230), (170, 225, 250))


class QuickMaxScene(StationScene):
    exercise = True
    fed_by_play = True

    def __init__(self, ctx: PlayContext, play: Play) -> None:
        super().__init__(ctx)
        self.play = play
        self.name = "quick max"
        self.presses = play.sensor
        self._effort = 0.0
        self._sky: pygame.Surface | None = None

    @property
    def pauses_on_sensor_loss(self) -> bool:
        return True

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        self.t_ns += dt_ns
        self._effort = game_input.effort if game_input.sensor_ok else 0.0
        if self.play.quick_done and self.stack is not None and self.stack.top is self:
            self.stack.replace(self.play.start_game())
        return []

    def desired_effort(self) -> float | None:
        quick = self.play.quick
        return None if quick is None or quick.done else 1.0

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        if self._sky is None or self._sky.get_size() != vp.size:
            self._sky = gradient(vp.size, *SEA)
        surface.blit(self._sky, (0, 0))
        buddy = pygame.Rect(0, 0, vp.h(0.94), vp.h(0.94))
        buddy.center = vp.point(0.5, 0.52)
        # Puff wears a badge of the hand on the right sensor, squeezed as hard as he puffs.
        draw_strong_buddy(surface, buddy, min(1.0, self._effort), self.t_s, self.play.sensor)
        quick = self.play.quick
        if quick is not None and quick.started:
            centre = (vp.width - vp.h(0.16), vp.h(0.16))
            hud.draw_hold_ring(surface, centre, vp.h(0.12), 1.0 - quick.progress)
