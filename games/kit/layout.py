"""Fractions of the screen to pixels, so one layout fits 800x480, 1024x600 and 1280x720.

Horizontal positions are fractions of the width, vertical ones of the height. Round
things (radii, line widths, text) follow the height so they stay round and keep the
same share of the screen on wide and narrow displays alike.
"""

from __future__ import annotations

import pygame

REFERENCE_HEIGHT = 480
"""The smallest supported screen; ``line(n)`` means n pixels there."""


class Viewport:
    """One surface size and the helpers that turn fractions of it into pixels."""

    def __init__(self, size: tuple[int, int]) -> None:
        width, height = size
        if width <= 0 or height <= 0:
            raise ValueError(f"a screen must have a positive size, got {width}x{height}")
        self.width = width
        self.height = height

    @classmethod
    def of(cls, surface: pygame.Surface) -> Viewport:
        return cls(surface.get_size())

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def scale(self) -> float:
        """How much bigger than the 480-pixel-high reference screen this one is."""
        return self.height / REFERENCE_HEIGHT

    def x(self, fraction: float) -> int:
        return round(fraction * self.width)

    def y(self, fraction: float) -> int:
        return round(fraction * self.height)

    def w(self, fraction: float) -> int:
        return round(fraction * self.width)

    def h(self, fraction: float) -> int:
        """A length as a fraction of the height; also for radii and other round sizes."""
        return round(fraction * self.height)

    def point(self, fx: float, fy: float) -> tuple[int, int]:
        return (self.x(fx), self.y(fy))

    def rect(self, fx: float, fy: float, fw: float, fh: float) -> pygame.Rect:
        """A rectangle from its top-left corner and size, all as fractions."""
        left, top = self.x(fx), self.y(fy)
        return pygame.Rect(left, top, self.x(fx + fw) - left, self.y(fy + fh) - top)

    def line(self, px_at_reference: float) -> int:
        """A line width: ``px_at_reference`` pixels on a 480-high screen, never below 1."""
        return max(1, round(px_at_reference * self.scale))

    def font_px(self, fraction_of_height: float) -> int:
        """A text size (the font's pixel height) as a share of the screen height."""
        return max(8, round(fraction_of_height * self.height))
