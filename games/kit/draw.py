"""Colour and surface helpers every game's art shares.

Kept apart from the HUD so a game's backdrop and sprites can use them without the
score, star and band drawing that ``hud`` brings.
"""

from __future__ import annotations

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


@lru_cache(maxsize=32)
def gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> pygame.Surface:
    """A vertical sky for a backdrop, made once per size and colours for the app's run
    (a screen that comes back after every game must not redraw 480 lines): blit it,
    never draw on it."""
    surface = pygame.Surface(size)
    width, height = size
    for row in range(height):
        colour = mix(top, bottom, row / max(1, height - 1))
        pygame.draw.line(surface, colour, (0, row), (width, row))
    return surface
