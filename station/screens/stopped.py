"""After Ouch/Stop: a calm picture (you are safe, well done), then the waiting room.

The child is asked nothing: the stop is already recorded for the therapist.
"""

from __future__ import annotations

import pygame

from games.kit.draw import gradient
from games.kit.layout import Viewport
from station.play.context import PlayContext
from station.screens.art.rest import draw_stopped
from station.screens.base import TimedScene

STOPPED_S = 10.0
SKY = ((170, 200, 240), (235, 242, 255))


class StoppedScene(TimedScene):
    name = "stopped"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx, STOPPED_S)
        self._sky: pygame.Surface | None = None

    def done(self) -> None:
        from station.screens.attract import AttractScene  # noqa: PLC0415 - back to the start

        if self.stack is not None and self.stack.top is self:
            self.stack.replace(AttractScene(self.ctx))

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        if self._sky is None or self._sky.get_size() != vp.size:
            self._sky = gradient(vp.size, *SKY)
        surface.blit(self._sky, (0, 0))
        area = pygame.Rect(0, 0, min(vp.width, vp.h(1.5)), vp.h(0.85))
        area.center = vp.point(0.5, 0.5)
        draw_stopped(surface, area, self.t_s)
