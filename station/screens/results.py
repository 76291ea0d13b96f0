"""The visit's results: stars for the reps done well, a trophy for a new best, and an
arrow when it went better than last time. Pictures only; then back to the waiting room.
"""

from __future__ import annotations

import pygame

from games.kit import hud
from games.kit.actions import Action, is_press
from games.kit.cards import MAX_STARS
from games.kit.draw import gradient, mix
from games.kit.layout import Viewport
from station.play.context import PlayContext
from station.screens import ui
from station.screens.art.rewards import draw_better_arrow, draw_same_arrow, draw_trophy
from station.screens.base import TimedScene

RESULTS_S = 12.0
SKIP_AFTER_S = 3.0
"""A touch moves on only after this long: the stars must be seen first."""
STAR_EVERY_S = 0.5
SKY = ((255, 170, 90), (255, 225, 150))
EMPTY_STAR = (255, 240, 210)


class ResultsScene(TimedScene):
    name = "results"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx, RESULTS_S)
        visit = ctx.visit
        self.stars = 0 if visit is None else visit.stars
        self.new_best = visit is not None and visit.new_personal_best
        comparison = None if visit is None else visit.comparison
        self.better = None if comparison is None else comparison.better
        self._sky: pygame.Surface | None = None

    def handle_action(self, action: Action) -> None:
        if is_press(action) and self.t_s >= SKIP_AFTER_S:
            self.done()

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        if self._sky is None or self._sky.get_size() != vp.size:
            self._sky = gradient(vp.size, *SKY)
        surface.blit(self._sky, (0, 0))
        radius = vp.h(0.14)
        for i in range(MAX_STARS):
            lift = vp.h(0.04) if i == 1 else 0
            centre = (vp.x(0.5) + (i - 1) * vp.h(0.36), vp.y(0.28) - lift)
            earned = i < self.stars and self.t_s >= (i + 1) * STAR_EVERY_S
            colour = hud.GOLD if earned else EMPTY_STAR
            hud.draw_star(surface, centre, radius, colour, rim=mix(colour, hud.INK, 0.35))
        shown = [
            kind
            for kind, on in (("trophy", self.new_best), ("arrow", self.better is not None))
            if on
        ]
        cells = ui.grid(vp.rect(0.15, 0.5, 0.7, 0.45), len(shown), 2, vp.h(0.05))
        for kind, cell in zip(shown, cells, strict=True):
            side = min(cell.w, cell.h)
            square = pygame.Rect(0, 0, side, side)
            square.center = cell.center
            if kind == "trophy":
                draw_trophy(surface, square, self.t_s, 0.6 + 0.4 * self.stars / MAX_STARS)
            elif self.better:
                draw_better_arrow(surface, square, self.t_s)
            else:
                draw_same_arrow(surface, square, self.t_s)
