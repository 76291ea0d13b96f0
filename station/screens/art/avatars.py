"""The avatar badges children pick themselves by, and the guest tile's party face.

Children of four cannot read their names, so each avatar is a round badge that differs
from every other in both shape (ears, horns, beaks, stripes) and colour (its own
background and its own face colour). A badge is drawn once per size, several times
larger than asked and smoothed down, and kept: the who-is-playing screen shows all of
them every frame. Nothing is drawn outside the circle ``center`` +- ``radius``.

Coordinates inside a badge are in badge units: (0, 0) is the centre, 1 the radius,
y grows downwards.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pygame

from games.kit import hud
from games.kit.draw import Colour, Point, mix
from station.screens.art.pen import INK, WHITE, Pen, ring_points, rounded_rect_points

CHEEK: Colour = (255, 130, 150)
PINK: Colour = (255, 170, 185)
GOLD: Colour = hud.GOLD
GOLD_DARK: Colour = hud.GOLD_DARK

OUTLINE = 0.032
"""The ink outline's width in badge units (a little over 1 px at radius 40)."""
RIM = 0.085
"""The badge's darker rim, in badge units."""
FALLBACK_BG: Colour = (170, 178, 204)
"""The quiet grey of an unknown key: neutral, clearly nobody's own colour."""

_CACHE_LIMIT = 64
_cache: dict[tuple[str, int], pygame.Surface] = {}

Painter = Callable[["BadgePen"], None]


class BadgePen(Pen):
    """The shared pen in badge units, with the badges' rounder outline and face parts.

    The outline is the shape's own edge drawn thick with round corners (not the shared
    mitred one): at badge sizes it keeps ears and beaks soft.
    """

    oval_steps = 48
    curve_steps = 24
    sparkle_waist = 0.32

    def ink(self, points: Sequence[Point]) -> None:
        """The ink under a filled shape: the shape grown by the outline width, corners round."""
        pygame.draw.polygon(self.surface, INK, points)
        pygame.draw.lines(self.surface, INK, True, points, max(1, round(2 * self.ow)))
        for point in points:
            pygame.draw.circle(self.surface, INK, point, self.ow)

    def ellipse(self, x: float, y: float, rx: float, ry: float, angle: float) -> list[Point]:
        return ring_points(x, y, rx, ry, steps=self.oval_steps, angle=angle)

    def eye(self, x: float, y: float, size: float) -> None:
        """A shiny ink eye, taller than wide, with two highlights."""
        self.oval(x, y, size * 0.8, size, INK, outline=False)
        self.circle(x - size * 0.28, y - size * 0.38, size * 0.36, WHITE, outline=False)
        self.circle(x + size * 0.3, y + size * 0.38, size * 0.15, WHITE, outline=False)

    def cheeks(self, dx: float, y: float, size: float, colour: Colour = CHEEK) -> None:
        for side in (-1, 1):
            self.oval(side * dx, y, size, size * 0.62, colour, outline=False)

    def smile(self, x: float, y: float, half_width: float, *, width: float = 0.045) -> None:
        self.curve(
            x,
            y - half_width * 0.55,
            half_width,
            half_width * 0.8,
            (0.55, math.pi - 0.55),
            width=width,
        )


def _band_in_circle(
    cx: float, cy: float, r: float, top: float, bottom: float, *, steps: int = 12
) -> list[Point]:
    """The part of a horizontal band (``top``..``bottom``) that lies inside a circle."""
    top, bottom = max(top, cy - r + 1e-6), min(bottom, cy + r - 1e-6)
    ys = [top + (bottom - top) * i / steps for i in range(steps + 1)]
    right = [(cx + math.sqrt(r * r - (y - cy) ** 2), y) for y in ys]
    left = [(cx - math.sqrt(r * r - (y - cy) ** 2), y) for y in reversed(ys)]
    return right + left


# -- the sixteen faces -------------------------------------------------------------------


def _star(pen: BadgePen) -> None:
    points = hud.star_points((0.0, 0.06), 0.8, inner=0.54)
    pen.shape(points, GOLD)
    pen.shape(hud.star_points((0.0, 0.06), 0.58, inner=0.54), (255, 222, 96), outline=False)
    pen.oval(-0.2, -0.22, 0.1, 0.05, (255, 246, 190), angle=-0.6, outline=False)
    pen.eye(-0.16, 0.04, 0.095)
    pen.eye(0.16, 0.04, 0.095)
    pen.cheeks(0.3, 0.18, 0.075, (255, 150, 110))
    pen.smile(0.0, 0.2, 0.1)
    pen.sparkle(-0.62, -0.52, 0.12)
    pen.sparkle(0.66, -0.5, 0.09)
    pen.sparkle(0.6, 0.6, 0.08)


def _cat(pen: BadgePen) -> None:
    fur, dark = (255, 150, 50), (220, 100, 25)
    for side in (-1, 1):
        pen.shape([(side * 0.62, 0.0), (side * 0.55, -0.72), (side * 0.12, -0.38)], fur)
        pen.shape(
            [(side * 0.53, -0.12), (side * 0.51, -0.55), (side * 0.25, -0.35)], PINK, outline=False
        )
    pen.oval(0.0, 0.12, 0.64, 0.52, fur)
    for dx in (-0.14, 0.0, 0.14):
        pen.shape([(dx - 0.05, -0.38), (dx + 0.05, -0.38), (dx, -0.2)], dark, outline=False)
    pen.circle(-0.09, 0.3, 0.12, (255, 236, 210), outline=False)
    pen.circle(0.09, 0.3, 0.12, (255, 236, 210), outline=False)
    for side in (-1, 1):
        pen.oval(side * 0.23, 0.04, 0.085, 0.12, (130, 220, 80))
        pen.oval(side * 0.23, 0.04, 0.03, 0.1, INK, outline=False)
        pen.circle(side * 0.23 - 0.03, 0.0, 0.025, WHITE, outline=False)
        for i, dy in enumerate((-0.05, 0.04)):
            start = (side * 0.34, 0.26 + dy * 0.5)
            pen.line([start, (side * 0.86, 0.2 + dy + i * 0.04)], INK, 0.025)
    pen.shape([(-0.06, 0.2), (0.06, 0.2), (0.0, 0.26)], (255, 110, 140))
    pen.curve(-0.05, 0.3, 0.05, 0.05, (0.2, math.pi - 0.2), width=0.03)
    pen.curve(0.05, 0.3, 0.05, 0.05, (0.2, math.pi - 0.2), width=0.03)
    pen.cheeks(0.42, 0.24, 0.07)


def _dog(pen: BadgePen) -> None:
    fur, ear = (222, 168, 108), (128, 78, 44)
    pen.oval(0.0, 0.06, 0.54, 0.56, fur)
    pen.oval(0.22, -0.04, 0.17, 0.15, ear, angle=0.3, outline=False)
    for side in (-1, 1):
        pen.oval(side * 0.52, 0.08, 0.17, 0.4, ear, angle=-side * 0.35)
    pen.oval(0.0, 0.3, 0.3, 0.2, (255, 232, 196), outline=False)
    pen.eye(-0.2, -0.04, 0.09)
    pen.eye(0.22, -0.04, 0.09)
    pen.oval(0.0, 0.44, 0.08, 0.1, (255, 105, 130))
    pen.line([(0.0, 0.39), (0.0, 0.48)], (220, 70, 100), 0.02)
    pen.line([(0.0, 0.2), (0.0, 0.33)], INK, 0.03)
    pen.curve(-0.08, 0.3, 0.08, 0.07, (0.0, math.pi), width=0.035)
    pen.curve(0.08, 0.3, 0.08, 0.07, (0.0, math.pi), width=0.035)
    pen.oval(0.0, 0.19, 0.11, 0.075, INK, outline=False)
    pen.circle(-0.03, 0.165, 0.025, WHITE, outline=False)
    pen.cheeks(0.36, 0.24, 0.065)


def _fox(pen: BadgePen) -> None:
    fur, tip, cream = (248, 118, 36), (70, 40, 40), (255, 246, 232)
    for side in (-1, 1):
        ear = [(side * 0.62, -0.1), (side * 0.5, -0.8), (side * 0.12, -0.4)]
        pen.shape(ear, fur)
        pen.shape(
            [(side * 0.555, -0.5), (side * 0.5, -0.8), (side * 0.37, -0.65)], tip, outline=False
        )
        pen.shape(
            [(side * 0.5, -0.2), (side * 0.47, -0.52), (side * 0.3, -0.37)], cream, outline=False
        )
    head = [
        (-0.72, -0.08),
        (-0.45, -0.4),
        (0.0, -0.46),
        (0.45, -0.4),
        (0.72, -0.08),
        (0.42, 0.3),
        (0.0, 0.56),
        (-0.42, 0.3),
    ]
    pen.shape(head, fur)
    pen.shape(
        [
            (-0.7, -0.06),
            (-0.2, 0.12),
            (0.0, 0.16),
            (0.2, 0.12),
            (0.7, -0.06),
            (0.41, 0.3),
            (0.0, 0.545),
            (-0.41, 0.3),
        ],
        cream,
        outline=False,
    )
    pen.eye(-0.22, -0.06, 0.09)
    pen.eye(0.22, -0.06, 0.09)
    pen.oval(0.0, 0.34, 0.08, 0.06, INK, outline=False)
    pen.circle(-0.02, 0.32, 0.02, WHITE, outline=False)
    pen.line([(0.0, 0.38), (0.0, 0.43)], INK, 0.03)
    pen.curve(-0.05, 0.42, 0.05, 0.04, (0.2, math.pi - 0.2), width=0.03)
    pen.curve(0.05, 0.42, 0.05, 0.04, (0.2, math.pi - 0.2), width=0.03)
    pen.cheeks(0.36, 0.14, 0.065)


def _owl(pen: BadgePen) -> None:
    body, wing, belly = (176, 112, 72), (132, 80, 52), (240, 210, 160)
    pen.circle(0.5, -0.6, 0.035, (255, 250, 200), outline=False)
    pen.circle(-0.66, 0.1, 0.03, (255, 250, 200), outline=False)
    pen.sparkle(-0.52, -0.52, 0.08, (255, 250, 200))
    parts = [ring_points(0.0, 0.2, 0.56, 0.68)]
    for side in (-1, 1):
        parts.append([(side * 0.5, -0.2), (side * 0.5, -0.66), (side * 0.16, -0.4)])
    pen.blob(parts, body)
    for side in (-1, 1):
        pen.oval(side * 0.5, 0.34, 0.13, 0.3, wing, angle=side * 0.2)
    pen.oval(0.0, 0.48, 0.32, 0.34, belly, outline=False)
    for dx, dy in ((-0.12, 0.4), (0.12, 0.4), (0.0, 0.56), (-0.2, 0.62), (0.2, 0.62)):
        pen.curve(dx, dy - 0.06, 0.06, 0.05, (0.4, math.pi - 0.4), colour=wing, width=0.03)
    for side in (-1, 1):
        pen.circle(side * 0.22, -0.1, 0.22, (255, 204, 54))
        pen.circle(side * 0.22, -0.1, 0.14, WHITE, outline=False)
        pen.circle(side * 0.22, -0.08, 0.095, INK, outline=False)
        pen.circle(side * 0.22 - 0.035, -0.12, 0.035, WHITE, outline=False)
    pen.shape([(-0.08, 0.06), (0.08, 0.06), (0.0, 0.22)], (255, 150, 40))


def _frog(pen: BadgePen) -> None:
    skin, light = (96, 200, 70), (170, 236, 120)
    parts = [ring_points(0.0, 0.2, 0.72, 0.48)]
    for side in (-1, 1):
        parts.append(ring_points(side * 0.36, -0.22, 0.24, 0.22))
    pen.blob(parts, skin)
    pen.oval(0.0, 0.46, 0.42, 0.16, light, outline=False)
    for side in (-1, 1):
        pen.circle(side * 0.36, -0.24, 0.16, WHITE)
        pen.eye(side * 0.36, -0.22, 0.09)
    pen.circle(-0.07, 0.06, 0.022, INK, outline=False)
    pen.circle(0.07, 0.06, 0.022, INK, outline=False)
    pen.curve(0.0, 0.08, 0.44, 0.24, (0.3, math.pi - 0.3), width=0.045)
    pen.cheeks(0.5, 0.2, 0.08)


def _bear(pen: BadgePen) -> None:
    fur, light = (150, 94, 54), (226, 178, 126)
    for side in (-1, 1):
        pen.circle(side * 0.44, -0.4, 0.2, fur)
        pen.circle(side * 0.44, -0.4, 0.11, light, outline=False)
    pen.circle(0.0, 0.1, 0.56, fur)
    pen.oval(0.0, 0.3, 0.27, 0.2, light, outline=False)
    pen.eye(-0.22, 0.0, 0.09)
    pen.eye(0.22, 0.0, 0.09)
    pen.oval(0.0, 0.22, 0.11, 0.075, INK, outline=False)
    pen.circle(-0.03, 0.2, 0.025, WHITE, outline=False)
    pen.line([(0.0, 0.26), (0.0, 0.33)], INK, 0.03)
    pen.curve(-0.06, 0.3, 0.06, 0.06, (0.2, math.pi - 0.2), width=0.03)
    pen.curve(0.06, 0.3, 0.06, 0.06, (0.2, math.pi - 0.2), width=0.03)
    pen.cheeks(0.38, 0.2, 0.07, (236, 120, 110))


def _rabbit(pen: BadgePen) -> None:
    fur = (252, 250, 255)
    for side in (-1, 1):
        pen.oval(side * 0.2, -0.46, 0.14, 0.38, fur, angle=side * 0.14)
        pen.oval(side * 0.2, -0.44, 0.065, 0.28, PINK, angle=side * 0.14, outline=False)
    pen.oval(0.0, 0.28, 0.52, 0.44, fur)
    pen.eye(-0.2, 0.2, 0.085)
    pen.eye(0.2, 0.2, 0.085)
    pen.oval(0.0, 0.33, 0.06, 0.04, (255, 120, 150), outline=False)
    pen.shape(rounded_rect_points(-0.07, 0.41, 0.07, 0.53, 0.02), WHITE)
    pen.line([(0.0, 0.42), (0.0, 0.52)], INK, 0.02)
    pen.curve(-0.06, 0.37, 0.06, 0.05, (0.2, math.pi - 0.2), width=0.03)
    pen.curve(0.06, 0.37, 0.06, 0.05, (0.2, math.pi - 0.2), width=0.03)
    pen.cheeks(0.34, 0.36, 0.07)


def _panda(pen: BadgePen) -> None:
    black, white = (40, 40, 52), (255, 255, 255)
    for side in (-1, 1):
        pen.circle(side * 0.44, -0.38, 0.19, black)
    pen.oval(0.0, 0.1, 0.62, 0.54, white)
    for side in (-1, 1):
        pen.oval(side * 0.23, 0.04, 0.13, 0.18, black, angle=side * 0.6, outline=False)
        pen.circle(side * 0.22, 0.02, 0.06, WHITE, outline=False)
        pen.circle(side * 0.21, 0.03, 0.035, INK, outline=False)
    pen.oval(0.0, 0.24, 0.09, 0.06, black, outline=False)
    pen.curve(-0.05, 0.3, 0.05, 0.05, (0.2, math.pi - 0.2), width=0.03)
    pen.curve(0.05, 0.3, 0.05, 0.05, (0.2, math.pi - 0.2), width=0.03)
    pen.cheeks(0.42, 0.26, 0.07)
    leaf = (60, 150, 60)
    pen.oval(-0.62, 0.56, 0.2, 0.07, leaf, angle=-0.7)
    pen.oval(-0.5, 0.7, 0.2, 0.07, leaf, angle=-0.2)


def _lion(pen: BadgePen) -> None:
    mane, face, muzzle = (206, 96, 24), (255, 200, 80), (255, 236, 180)
    parts = [ring_points(0.0, 0.06, 0.58, 0.58)]
    for i in range(12):
        a = i * math.pi / 6
        parts.append(ring_points(0.6 * math.cos(a), 0.06 + 0.6 * math.sin(a), 0.22, 0.22))
    pen.blob(parts, mane)
    for side in (-1, 1):
        pen.circle(side * 0.33, -0.26, 0.12, face)
    pen.circle(0.0, 0.1, 0.44, face)
    pen.circle(-0.08, 0.28, 0.11, muzzle, outline=False)
    pen.circle(0.08, 0.28, 0.11, muzzle, outline=False)
    pen.eye(-0.18, 0.02, 0.085)
    pen.eye(0.18, 0.02, 0.085)
    pen.shape([(-0.08, 0.17), (0.08, 0.17), (0.0, 0.25)], (140, 70, 50))
    pen.curve(-0.05, 0.3, 0.05, 0.05, (0.2, math.pi - 0.2), width=0.03)
    pen.curve(0.05, 0.3, 0.05, 0.05, (0.2, math.pi - 0.2), width=0.03)
    pen.cheeks(0.3, 0.2, 0.06)


def _penguin(pen: BadgePen) -> None:
    black, white, beak = (42, 48, 78), (255, 255, 255), (255, 158, 36)
    for x, y in ((-0.6, -0.4), (0.55, -0.55), (0.7, 0.2), (-0.72, 0.25), (0.3, -0.8)):
        pen.circle(x, y, 0.04, WHITE, outline=False)
    pen.oval(0.0, 0.14, 0.6, 0.62, black)
    pen.blob(
        [
            ring_points(-0.17, 0.04, 0.22, 0.24),
            ring_points(0.17, 0.04, 0.22, 0.24),
            ring_points(0.0, 0.3, 0.38, 0.36),
        ],
        white,
    )
    pen.eye(-0.16, 0.06, 0.08)
    pen.eye(0.16, 0.06, 0.08)
    pen.shape([(-0.1, 0.17), (0.1, 0.17), (0.0, 0.3)], beak)
    pen.cheeks(0.27, 0.24, 0.06)


def _unicorn(pen: BadgePen) -> None:
    coat, snout = (255, 250, 252), (255, 208, 232)
    rainbow = ((255, 90, 110), (255, 170, 50), (255, 230, 70), (90, 210, 120), (80, 170, 255))
    for side in (-1, 1):
        pen.shape([(side * 0.42, -0.1), (side * 0.4, -0.52), (side * 0.16, -0.3)], coat)
        pen.shape(
            [(side * 0.37, -0.16), (side * 0.37, -0.42), (side * 0.23, -0.3)], PINK, outline=False
        )
    pen.shape([(-0.11, -0.3), (0.11, -0.3), (0.02, -0.9)], GOLD)
    for i in range(3):
        y = -0.42 - i * 0.13
        half = 0.085 * (1 - (i + 1) * 0.26)
        pen.line([(-half, y + 0.03), (half + 0.02, y - 0.02)], GOLD_DARK, 0.03)
    pen.oval(0.0, 0.14, 0.46, 0.52, coat)
    curls = (
        (0.06, -0.36, 0.13),
        (-0.2, -0.34, 0.14),
        (-0.4, -0.18, 0.14),
        (-0.5, 0.06, 0.14),
        (-0.46, 0.3, 0.13),
    )
    for (x, y, r), colour in zip(curls, rainbow, strict=True):
        pen.circle(x, y, r, colour)
    pen.oval(0.02, 0.44, 0.3, 0.18, snout)
    pen.circle(-0.08, 0.44, 0.028, (200, 110, 150), outline=False)
    pen.circle(0.12, 0.44, 0.028, (200, 110, 150), outline=False)
    for side in (-1, 1):
        x = side * 0.18 + 0.02
        pen.curve(x, 0.04, 0.09, 0.07, (math.pi + 0.2, 2 * math.pi - 0.2), width=0.045)
        pen.line([(x + side * 0.08, 0.0), (x + side * 0.14, -0.05)], INK, 0.03)
    pen.cheeks(0.32, 0.22, 0.065)


def _dino(pen: BadgePen) -> None:
    skin, plate, spot = (66, 186, 124), (150, 92, 214), (130, 220, 160)
    for i in range(5):
        a = math.pi * (1.15 + 0.175 * i)
        tip = (0.86 * math.cos(a), 0.16 + 0.86 * math.sin(a))
        left = (0.5 * math.cos(a - 0.28), 0.16 + 0.5 * math.sin(a - 0.28))
        right = (0.5 * math.cos(a + 0.28), 0.16 + 0.5 * math.sin(a + 0.28))
        pen.shape([left, tip, right], plate)
    pen.oval(0.0, 0.2, 0.64, 0.54, skin)
    for x, y, r in ((-0.38, -0.08, 0.06), (0.42, 0.0, 0.05), (0.3, -0.16, 0.035)):
        pen.circle(x, y, r, spot, outline=False)
    pen.eye(-0.2, 0.06, 0.09)
    pen.eye(0.2, 0.06, 0.09)
    pen.circle(-0.07, 0.2, 0.022, INK, outline=False)
    pen.circle(0.07, 0.2, 0.022, INK, outline=False)
    pen.shape([(-0.34, 0.3), (0.34, 0.3), (0.28, 0.4), (0.0, 0.5), (-0.28, 0.4)], INK)
    pen.shape([(-0.22, 0.31), (-0.14, 0.31), (-0.18, 0.38)], WHITE, outline=False)
    pen.shape([(0.14, 0.31), (0.22, 0.31), (0.18, 0.38)], WHITE, outline=False)
    pen.oval(0.0, 0.43, 0.1, 0.05, (255, 120, 140), outline=False)
    pen.cheeks(0.44, 0.26, 0.06)


def _whale(pen: BadgePen) -> None:
    body, belly, water, spray = (112, 176, 255), (214, 236, 255), (40, 130, 220), (190, 240, 255)
    pen.shape([(0.19, -0.16), (0.27, -0.16), (0.36, -0.5), (0.1, -0.5)], spray)
    for x, y, r in ((0.06, -0.52, 0.08), (0.23, -0.6, 0.1), (0.4, -0.52, 0.08)):
        pen.circle(x, y, r, spray)
    pen.shape([(0.19, -0.2), (0.27, -0.2), (0.35, -0.5), (0.11, -0.5)], spray, outline=False)
    for x, y, r in ((0.06, -0.52, 0.08), (0.23, -0.6, 0.1), (0.4, -0.52, 0.08)):
        pen.circle(x, y, r, spray, outline=False)
    tail = [
        (-0.3, 0.02),
        (-0.58, -0.12),
        (-0.82, -0.34),
        (-0.7, -0.06),
        (-0.86, 0.08),
        (-0.56, 0.02),
        (-0.32, 0.34),
    ]
    pen.blob([tail, ring_points(0.12, 0.18, 0.6, 0.4)], body)
    pen.shape(
        [(x, y) for x, y in ring_points(0.18, 0.3, 0.46, 0.22) if y > 0.3], belly, outline=False
    )
    pen.eye(0.34, 0.08, 0.08)
    pen.curve(0.44, 0.18, 0.14, 0.1, (0.4, math.pi - 0.4), width=0.04)
    pen.oval(0.42, 0.3, 0.06, 0.04, CHEEK, outline=False)
    pen.oval(0.02, 0.4, 0.15, 0.06, mix(body, INK, 0.15), angle=0.5)
    wave = [(-1.0, 1.0)]
    for i in range(21):
        x = -1.0 + i * 0.1
        wave.append((x, 0.62 + 0.04 * math.sin(i * 1.6)))
    wave.append((1.0, 1.0))
    pen.shape(wave, water, outline=False)


def _bee(pen: BadgePen) -> None:
    wing, body = (236, 248, 255), (255, 212, 38)
    for side in (-1, 1):
        pen.oval(side * 0.34, -0.46, 0.17, 0.26, wing, angle=side * 0.55)
        pen.line([(side * 0.12, -0.36), (side * 0.24, -0.72)], INK, 0.035)
        pen.circle(side * 0.25, -0.74, 0.06, INK, outline=False)
    pen.shape([(-0.08, 0.62), (0.08, 0.62), (0.0, 0.8)], INK)
    pen.circle(0.0, 0.12, 0.54, body)
    for top, bottom in ((0.22, 0.34), (0.44, 0.54)):
        pen.shape(_band_in_circle(0.0, 0.12, 0.54, top, bottom), INK, outline=False)
    pen.eye(-0.18, -0.06, 0.085)
    pen.eye(0.18, -0.06, 0.085)
    pen.smile(0.0, 0.1, 0.09, width=0.04)
    pen.cheeks(0.34, 0.06, 0.065, (255, 140, 90))


def _robot(pen: BadgePen) -> None:
    metal, dark, glow = (208, 216, 232), (120, 130, 156), (90, 230, 255)
    pen.line([(0.0, -0.38), (0.0, -0.62)], dark, 0.06)
    pen.circle(0.0, -0.68, 0.1, (255, 214, 50))
    for side in (-1, 1):
        pen.shape(rounded_rect_points(side * 0.5 - 0.07, -0.08, side * 0.5 + 0.07, 0.2, 0.03), dark)
    pen.shape(rounded_rect_points(-0.48, -0.4, 0.48, 0.5, 0.16), metal)
    pen.shape(rounded_rect_points(-0.38, -0.3, 0.38, 0.4, 0.1), (228, 234, 246), outline=False)
    for side in (-1, 1):
        pen.circle(side * 0.19, -0.06, 0.12, glow)
        pen.circle(side * 0.19 - 0.04, -0.1, 0.04, WHITE, outline=False)
    pen.shape(rounded_rect_points(-0.2, 0.16, 0.2, 0.3, 0.04), (60, 70, 96))
    for dx in (-0.1, 0.0, 0.1):
        pen.line([(dx, 0.17), (dx, 0.29)], glow, 0.025)
    for x, y in ((-0.4, -0.32), (0.4, -0.32), (-0.4, 0.42), (0.4, 0.42)):
        pen.circle(x, y, 0.03, dark, outline=False)
    pen.cheeks(0.32, 0.1, 0.05, (255, 140, 160))


def _fallback(pen: BadgePen) -> None:
    pen.circle(0.0, 0.06, 0.56, (236, 238, 246))
    pen.eye(-0.18, 0.0, 0.08)
    pen.eye(0.18, 0.0, 0.08)
    pen.smile(0.0, 0.2, 0.12)


_ART: dict[str, tuple[Colour, Painter]] = {
    "star": ((84, 74, 206), _star),
    "cat": ((36, 172, 166), _cat),
    "dog": ((126, 206, 96), _dog),
    "fox": ((28, 112, 86), _fox),
    "owl": ((34, 44, 112), _owl),
    "frog": ((255, 138, 184), _frog),
    "bear": ((255, 200, 70), _bear),
    "rabbit": ((176, 140, 250), _rabbit),
    "panda": ((172, 222, 80), _panda),
    "lion": ((250, 96, 96), _lion),
    "penguin": ((176, 228, 255), _penguin),
    "unicorn": ((204, 66, 176), _unicorn),
    "dino": ((255, 150, 50), _dino),
    "whale": ((24, 92, 188), _whale),
    "bee": ((96, 190, 255), _bee),
    "robot": ((226, 54, 66), _robot),
}

AVATARS: tuple[str, ...] = tuple(_ART)
"""Every avatar key, in the order the who-is-playing screen lays them out."""

DEFAULT_AVATAR = "star"


def avatar_colour(key: str) -> Colour:
    """The badge's own background colour (grey for an unknown key), e.g. for a frame."""
    return _ART.get(key, (FALLBACK_BG, _fallback))[0]


def _badge_surface(bg: Colour, painter: Painter, radius: int) -> pygame.Surface:
    """One badge, drawn ``ss`` times too big and smoothed down: soft edges, no jaggies."""
    ss = 4 if radius <= 48 else 3 if radius <= 100 else 2
    big = 2 * radius * ss
    surface = pygame.Surface((big, big), pygame.SRCALPHA)
    surface.fill((*bg, 255))
    center = (big / 2, big / 2)
    pen = BadgePen(surface, center, big / 2, OUTLINE)
    painter(pen)
    rim = mix(bg, INK, 0.38)
    outer = big * 0.75  # past the corners, so the clear area carries the rim's colour
    pygame.draw.circle(surface, rim, center, outer, round(outer - pen.u * (1 - RIM)))
    shine = mix(bg, WHITE, 0.35)
    pygame.draw.circle(surface, shine, center, pen.u * (1 - RIM), max(1, round(pen.u * 0.02)))
    mask = pygame.Surface((big, big), pygame.SRCALPHA)
    mask.fill((255, 255, 255, 0))
    pygame.draw.circle(mask, (255, 255, 255, 255), center, big / 2)
    surface.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return pygame.transform.smoothscale(surface, (2 * radius, 2 * radius))


def _circle_box(center: Point, radius: int) -> pygame.Rect:
    return pygame.Rect(round(center[0]) - radius, round(center[1]) - radius, 2 * radius, 2 * radius)


def draw_avatar(surface: pygame.Surface, key: str, center: Point, radius: float) -> pygame.Rect:
    """The badge for ``key``, filling the circle ``center`` +- ``radius``; returns its box.

    An unknown key (an old or mistyped profile) draws a neutral grey smiling face.
    """
    r = round(radius)
    box = _circle_box(center, r)
    if r < 1:
        return pygame.Rect(box.topleft, (0, 0))
    name = key if key in _ART else ""
    cached = _cache.get((name, r))
    if cached is None:
        bg, painter = _ART.get(name, (FALLBACK_BG, _fallback))
        cached = _badge_surface(bg, painter, r)
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[(name, r)] = cached
    surface.blit(cached, box)
    return box


# -- the guest ---------------------------------------------------------------------------

GUEST_BG: Colour = (255, 244, 214)
GUEST_FACE: Colour = (255, 212, 84)
HAT: tuple[Colour, Colour] = ((255, 96, 140), (90, 200, 255))
CONFETTI: tuple[Colour, ...] = (
    (255, 92, 120),
    (90, 210, 130),
    (80, 170, 255),
    (190, 120, 255),
    (255, 150, 60),
)


def _guest(pen: BadgePen, t_s: float) -> None:
    spin = t_s * 0.4
    for i in range(10):
        a = spin + i * math.pi / 5
        reach = 0.8 + 0.04 * math.sin(t_s * 2 + i)
        x, y = reach * math.cos(a), reach * math.sin(a)
        pen.oval(x, y, 0.05, 0.025, CONFETTI[i % len(CONFETTI)], angle=a * 3, outline=False)
    fx, fy, fr = -0.06, 0.16, 0.5
    wave = math.sin(t_s * 5.0) * 0.45
    wrist = (0.34, 0.36)
    arm = 0.4
    hand = (wrist[0] + 0.12 + arm * math.sin(wave), wrist[1] - arm * math.cos(wave))
    pen.line([wrist, hand], INK, 0.13 + 2 * OUTLINE)
    pen.line([wrist, hand], GUEST_FACE, 0.13)
    pen.circle(hand[0], hand[1], 0.13, GUEST_FACE)
    for k in (-1, 0, 1):
        a = wave - math.pi / 2 + k * 0.45
        tip = (hand[0] + 0.15 * math.cos(a), hand[1] + 0.15 * math.sin(a))
        pen.circle(tip[0], tip[1], 0.05, GUEST_FACE)
    pen.circle(hand[0], hand[1], 0.12, GUEST_FACE, outline=False)
    pen.circle(fx, fy, fr, GUEST_FACE)
    tilt = math.sin(t_s * 2.2) * 0.12
    base = (fx + 0.05, fy - fr + 0.06)

    def turned(x: float, y: float) -> Point:
        c, s = math.cos(tilt), math.sin(tilt)
        return (base[0] + x * c - y * s, base[1] + x * s + y * c)

    pen.shape([turned(-0.24, 0.0), turned(0.24, 0.0), turned(0.0, -0.5)], HAT[0])
    for i, (a, b) in enumerate(((0.12, 0.2), (0.28, 0.36))):
        half_a, half_b = 0.24 * (1 - a / 0.5), 0.24 * (1 - b / 0.5)
        pen.shape(
            [turned(-half_a, -a), turned(half_a, -a), turned(half_b, -b), turned(-half_b, -b)],
            HAT[1] if i == 0 else GOLD,
            outline=False,
        )
    pom = turned(0.0, -0.52)
    pen.circle(pom[0], pom[1], 0.08, GOLD)
    pen.oval(base[0], base[1], 0.27, 0.05, HAT[1], angle=tilt)
    blink = (t_s % 3.6) > 3.45
    for side in (-1, 1):
        x = fx + side * 0.18
        if blink:
            pen.curve(x, fy - 0.02, 0.07, 0.04, (0.1, math.pi - 0.1), width=0.04)
        else:
            pen.eye(x, fy - 0.04, 0.085)
    pen.shape(
        [
            (fx + 0.2 * math.cos(a), fy + 0.12 + 0.18 * math.sin(a))
            for a in (i * math.pi / 16 for i in range(17))
        ],
        INK,
    )
    pen.oval(fx, fy + 0.24, 0.09, 0.045, (255, 110, 130), outline=False)
    pen.cheeks(0.33, fy + 0.12, 0.07)


def draw_guest(surface: pygame.Surface, center: Point, radius: float, t_s: float) -> pygame.Rect:
    """The guest tile's picture: a party-hat smiley that waves, in a confetti badge.

    Drawn afresh each frame (it moves), on a small layer that ends at the circle's box.
    """
    r = round(radius)
    box = _circle_box(center, r)
    if r < 1:
        return pygame.Rect(box.topleft, (0, 0))
    ss = 2 if r <= 90 else 1
    big = 2 * r * ss
    layer = pygame.Surface((big, big), pygame.SRCALPHA)
    layer.fill((*GUEST_BG, 255))
    pen = BadgePen(layer, (big / 2, big / 2), big / 2, OUTLINE)
    _guest(pen, t_s)
    rim = (255, 176, 60)
    outer = big * 0.75
    pygame.draw.circle(layer, rim, pen.at(0, 0), outer, round(outer - pen.u * (1 - RIM)))
    mask = pygame.Surface((big, big), pygame.SRCALPHA)
    mask.fill((255, 255, 255, 0))
    pygame.draw.circle(mask, (255, 255, 255, 255), pen.at(0, 0), big / 2)
    layer.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    if ss != 1:
        layer = pygame.transform.smoothscale(layer, (2 * r, 2 * r))
    surface.blit(layer, box)
    return box
