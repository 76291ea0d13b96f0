"""Colour and surface helpers every game's art shares.

Kept apart from the HUD so a game's backdrop and sprites can use them without the
score, star and band drawing that ``hud`` brings.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache

import pygame

Colour = tuple[int, int, int]
Point = tuple[float, float]


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """The colour ``t`` of the way from ``a`` to ``b``, ``t`` held to 0..1.

    Held so a gradient run a pixel past its end never asks pygame for an impossible colour.
    """
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _has_display() -> bool:
    return pygame.display.get_init() and pygame.display.get_surface() is not None


def ready(surface: pygame.Surface, *, alpha: bool = True) -> pygame.Surface:
    """The surface in the display's format when there is a display: blits get cheaper."""
    if _has_display():
        return surface.convert_alpha() if alpha else surface.convert()
    return surface


def gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> pygame.Surface:
    """A vertical sky for a backdrop: one column of colours, stretched to ``size``.

    The column is kept for the app's run (a few hundred bytes), so a screen that comes
    back after every game makes its sky with one scale, not hundreds of line draws, and
    no full-screen picture is held for screens that are not showing.
    """
    return pygame.transform.scale(_column(size[1], top, bottom), size)


@lru_cache(maxsize=64)
def _column(height: int, top: Colour, bottom: Colour) -> pygame.Surface:
    column = pygame.Surface((1, height))
    for row in range(height):
        column.set_at((0, row), mix(top, bottom, row / max(1, height - 1)))
    return column


class SurfaceCache:
    """Drawn surfaces kept between frames, within a memory budget.

    Text is drawn 60 times a second, so it is kept; but a number that counts up (a
    celebration's score) makes a new picture every frame, and an hour of visits must
    not grow the app: when the budget is spent, the cache is simply emptied.
    """

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._surfaces: dict[Hashable, pygame.Surface] = {}
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._surfaces)

    @property
    def bytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> pygame.Surface | None:
        return self._surfaces.get(key)

    def put(self, key: Hashable, surface: pygame.Surface) -> pygame.Surface:
        size = surface.get_width() * surface.get_height() * surface.get_bytesize()
        if self._bytes + size > self.budget_bytes:
            self.clear()
        self._surfaces[key] = surface
        self._bytes += size
        return surface

    def clear(self) -> None:
        self._surfaces.clear()
        self._bytes = 0
