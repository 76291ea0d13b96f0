"""Warm-up and cool-down: animated hands to copy, step after step, from the seed article.

Warm-up: open and close the fist, wrist circles each way, gentle finger stretches.
Cool-down: slow stretches and shaking out. A shorter time (a therapist's setting) plays
the first steps in full rather than rushing every step; nothing here needs reading.
"""

from __future__ import annotations

import pygame

from games.kit import hud
from games.kit.draw import gradient
from games.kit.layout import Viewport
from station.play.context import PlayContext
from station.screens.art.hands import (
    COOL_DOWN_STEPS,
    WARM_UP_STEPS,
    Step,
    draw_step,
    total_seconds,
)
from station.screens.base import TimedScene

WARM_SKY = ((255, 196, 120), (255, 236, 196))
COOL_SKY = ((120, 150, 230), (200, 214, 250))


def steps_within(steps: tuple[Step, ...], seconds: float) -> list[tuple[Step, float]]:
    """Each step with its start time, as many as ``seconds`` holds (the last may be cut)."""
    planned, start = [], 0.0
    for step in steps:
        if start >= seconds:
            break
        planned.append((step, start))
        start += step.seconds
    return planned


class MovesScene(TimedScene):
    """A warm-up (``warm_up``) or a cool-down lasting ``seconds``."""

    exercise = True

    def __init__(self, ctx: PlayContext, seconds: float, *, warm_up: bool) -> None:
        steps = WARM_UP_STEPS if warm_up else COOL_DOWN_STEPS
        super().__init__(ctx, min(seconds, total_seconds(steps)))
        self.warm_up = warm_up
        self.name = "warm-up" if warm_up else "cool-down"
        self.plan = steps_within(steps, self.seconds)
        self._sky: pygame.Surface | None = None

    def current(self) -> tuple[int, Step, float]:
        """Which step plays now, and how far into it."""
        for index in range(len(self.plan) - 1, -1, -1):
            step, start = self.plan[index]
            if self.t_s >= start:
                return index, step, self.t_s - start
        step, _ = self.plan[0]
        return 0, step, 0.0

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        if self._sky is None or self._sky.get_size() != vp.size:
            self._sky = gradient(vp.size, *(WARM_SKY if self.warm_up else COOL_SKY))
        surface.blit(self._sky, (0, 0))
        index, step, into = self.current()
        stage = pygame.Rect(0, 0, min(vp.width - vp.h(0.5), vp.h(1.6)), vp.h(0.8))
        stage.center = vp.point(0.5, 0.52)
        draw_step(surface, stage, step, into)
        ring = (vp.width - vp.h(0.13), vp.h(0.13))
        hud.draw_hold_ring(surface, ring, vp.h(0.09), self.share_left)
        self._draw_step_dots(surface, vp, index)

    def _draw_step_dots(self, surface: pygame.Surface, vp: Viewport, index: int) -> None:
        results = [True] * index
        hud.draw_progress_dots(surface, results, len(self.plan), y_frac=0.08)
