"""Measure what was drawn, in pixels, the way a person would size it up on the screen.

Layout tests check what a child sees (how wide a gauge is, how big a dot is) rather than
the formula that placed it, so they hold when the formula changes and fail when the
picture gets too small.
"""

from __future__ import annotations

import pygame

Colour = tuple[int, int, int]


def shapes(surface: pygame.Surface, background: Colour, area: pygame.Rect) -> list[pygame.Rect]:
    """Bounding boxes of the separate shapes drawn over a plain ``background`` in ``area``,
    left to right, in screen coordinates."""
    window = surface.subsurface(area)
    drawn = pygame.mask.from_threshold(window, (*background, 255), (1, 1, 1, 255))
    drawn.invert()
    boxes = [box.move(area.topleft) for box in drawn.get_bounding_rects()]
    return sorted(boxes, key=lambda box: box.left)


def run_of(surface: pygame.Surface, colour: Colour, y: int, near_x: int) -> int:
    """How many pixels of ``colour`` run unbroken along row ``y`` through ``near_x``."""
    width = surface.get_width()
    if surface.get_at((near_x, y))[:3] != colour:
        return 0
    left = right = near_x
    while left > 0 and surface.get_at((left - 1, y))[:3] == colour:
        left -= 1
    while right < width - 1 and surface.get_at((right + 1, y))[:3] == colour:
        right += 1
    return right - left + 1
