"""The quick-max screen: a balloon that swells with the squeeze, a ring counting it down.

No words: the balloon grows as the child squeezes, the ring empties over the seconds
that count, and that is all a five-year-old needs to squeeze hard. The station swaps
this scene for the game once ``QuickMax`` is done.
"""

from __future__ import annotations

import math

import pygame

from games.contract import GameEvent, GameInput
from games.kit import hud
from games.kit.layout import Viewport
from games.kit.scene import Scene
from station.clinic.quick_max import QuickMax

SKY_TOP = (92, 170, 255)
SKY_BOTTOM = (186, 226, 255)
BALLOON = (255, 96, 128)
BALLOON_SHINE = (255, 190, 205)
STRING = (80, 70, 110)
_PULSE_HZ = 1.2


class QuickMaxScene(Scene):
    """Shows ``quick``'s progress; ``effort`` here is the force over the display scale."""

    def __init__(self, quick: QuickMax) -> None:
        self.quick = quick
        self._effort = 0.0
        self._t_s = 0.0
        self._background: pygame.Surface | None = None

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        self._t_s += dt_ns / 1e9
        self._effort = game_input.effort if game_input.sensor_ok else 0.0
        return []

    def desired_effort(self) -> float | None:
        return None if self.quick.done else 1.0

    def draw(self, surface: pygame.Surface) -> None:
        view = Viewport.of(surface)
        surface.blit(self._sky(view), (0, 0))
        center = view.point(0.5, 0.46)
        resting = view.h(0.11)
        if not self.quick.started:  # breathe gently: "squeeze me"
            resting += round(view.h(0.015) * math.sin(2 * math.pi * _PULSE_HZ * self._t_s))
        radius = resting + round(view.h(0.22) * min(1.0, self._effort))
        knot_y = center[1] + radius
        pygame.draw.line(
            surface,
            STRING,
            (center[0], knot_y),
            (center[0] - view.h(0.03), view.height),
            view.line(3),
        )
        body = pygame.Rect(0, 0, round(2 * radius * 0.92), 2 * radius)
        body.center = center
        pygame.draw.ellipse(surface, BALLOON, body)
        pygame.draw.polygon(
            surface,
            BALLOON,
            [
                (center[0], knot_y - view.h(0.01)),
                (center[0] - view.h(0.025), knot_y + view.h(0.03)),
                (center[0] + view.h(0.025), knot_y + view.h(0.03)),
            ],
        )
        shine = (center[0] - round(radius * 0.38), center[1] - round(radius * 0.42))
        pygame.draw.circle(surface, BALLOON_SHINE, shine, max(2, round(radius * 0.16)))
        if self.quick.started:
            hud.draw_hold_ring(
                surface,
                view.point(0.88, 0.2),
                view.h(0.11),
                1.0 - self.quick.progress,
            )

    def _sky(self, view: Viewport) -> pygame.Surface:
        if self._background is None or self._background.get_size() != view.size:
            sky = pygame.Surface(view.size)
            for y in range(view.height):
                share = y / max(1, view.height - 1)
                colour = [
                    round(a + (b - a) * share) for a, b in zip(SKY_TOP, SKY_BOTTOM, strict=True)
                ]
                pygame.draw.line(sky, colour, (0, y), (view.width, y))
            self._background = sky
        return self._background
