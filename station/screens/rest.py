"""A rest between exercises: a sleepy friend and a ring counting the rest down."""

from __future__ import annotations

import pygame

from games.kit.draw import gradient
from games.kit.layout import Viewport
from station.play.context import PlayContext
from station.screens.art.rest import draw_rest_buddy
from station.screens.base import TimedScene

SKY = ((150, 200, 255), (225, 240, 255))


class RestScene(TimedScene):
    name = "rest"

    def __init__(self, ctx: PlayContext, seconds: float) -> None:
        super().__init__(ctx, seconds)
        self._sky: pygame.Surface | None = None

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        if self._sky is None or self._sky.get_size() != vp.size:
            self._sky = gradient(vp.size, *SKY)
        surface.blit(self._sky, (0, 0))
        area = pygame.Rect(0, 0, min(vp.width, vp.h(1.7)), vp.h(0.9))
        area.center = vp.point(0.5, 0.5)
        draw_rest_buddy(surface, area, self.t_s, self.share_left)
