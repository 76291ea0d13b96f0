"""Pictures for the results screen and the game picker: trophy, arrows and the done flag.

They speak without words: a gold cup that is bigger for a better visit, a bouncing green
arrow for "better than last time", a calm level blue arrow for "as good as last time"
(nothing to be ashamed of) and a waving chequered flag for "I'm done". Each is drawn
into a rectangle, measured from it, and clipped to it; ``t_s`` (seconds) animates it.
"""

from __future__ import annotations

import math

import pygame

from games.kit import hud
from games.kit.draw import Colour, Point, mix
from station.screens.art.pen import (
    INK,
    WHITE,
    Pen,
    clipped,
    oval_points,
    paint_square,
    ring_points,
    rounded_rect_points,
    square,
)

GOLD: Colour = hud.GOLD
GOLD_DARK: Colour = hud.GOLD_DARK
GOLD_LIGHT: Colour = (255, 236, 150)
PLINTH: Colour = (120, 84, 200)
GREEN: Colour = (74, 212, 104)
GREEN_LIGHT: Colour = (160, 244, 170)
BLUE: Colour = (96, 172, 255)
BLUE_LIGHT: Colour = (180, 220, 255)
HILL: Colour = (110, 206, 96)
POLE: Colour = (200, 206, 226)
SKY_DISC: Colour = (176, 220, 255)


OUTLINE = 0.035
"""The ink outline's width as a share of a picture's unit."""


def _twinkle(t_s: float, phase: float) -> float:
    """0..1, a star's slow twinkle: big, then small, never quite gone."""
    return 0.35 + 0.65 * (0.5 + 0.5 * math.sin(t_s * 3.2 + phase * 6.28))


# -- the trophy --------------------------------------------------------------------------


def draw_trophy(surface: pygame.Surface, rect: pygame.Rect, t_s: float, size_share: float) -> None:
    """A gold cup on a plinth with a slowly turning glow star behind and twinkles around.

    ``size_share`` 0..1 grows the cup (from a little over half to all of its room) and
    brings more twinkles: the better the visit, the bigger the trophy.
    """
    share = min(1.0, max(0.0, size_share))
    center, half = square(rect)
    if half < 4:
        return
    with clipped(surface, rect):
        unit = half * (0.28 + 0.21 * share)
        pen = Pen(surface, (center[0], center[1] + 0.25 * unit), unit, OUTLINE)
        glow = mix(GOLD, WHITE, 0.55)
        hud.draw_star(surface, pen.at(0, -0.25), unit * 1.9, glow, rotation=t_s * 0.5, rim=None)
        _cup(pen, math.sin(t_s * 2.4) * 0.05)
        count = 3 + round(5 * share)
        for i in range(count):
            a = i * 2 * math.pi / count + 0.4
            reach = 1.5 + 0.2 * (i % 2)
            size = 0.24 * _twinkle(t_s, i / count)
            pen.sparkle(reach * math.cos(a), -0.25 + reach * math.sin(a), size)


def _cup(pen: Pen, bob: float) -> None:
    """The cup itself, its rim at ``top``; the plinth stays put while the cup bobs."""
    top = -1.0 + bob
    ring_w = 0.17
    for side in (-1, 1):
        middle = pen.at(side * 0.92, top + 0.5)
        radius = 0.36 * pen.u
        pygame.draw.circle(
            pen.surface, INK, middle, radius + pen.ow, max(1, round(ring_w * pen.u + 2 * pen.ow))
        )
        pygame.draw.circle(pen.surface, GOLD_DARK, middle, radius, max(1, round(ring_w * pen.u)))
    pen.shape([(-0.16, top + 1.3), (0.16, top + 1.3), (0.28, 1.0), (-0.28, 1.0)], GOLD_DARK)
    pen.shape(oval_points(0.0, top, 1.0, 1.4, (0.0, math.pi), steps=36), GOLD)
    pen.shape(
        oval_points(-0.5, top + 0.5, 0.14, 0.52, (0.0, 2 * math.pi), steps=24),
        GOLD_LIGHT,
        outline=False,
    )
    pen.shape(oval_points(0.0, top, 1.0, 0.2), GOLD_DARK)
    pen.shape(oval_points(0.0, top + 0.03, 0.84, 0.12), mix(GOLD_DARK, INK, 0.25), outline=False)
    pen.shape(hud.star_points((0.0, top + 0.6), 0.4, inner=0.5), WHITE)
    pen.shape(rounded_rect_points(-0.62, 0.98, 0.62, 1.2, 0.08), GOLD)
    pen.shape(rounded_rect_points(-0.85, 1.18, 0.85, 1.58, 0.1), PLINTH)
    pen.shape(rounded_rect_points(-0.42, 1.29, 0.42, 1.47, 0.05), GOLD_LIGHT, outline=False)


# -- better / same -----------------------------------------------------------------------


def draw_better_arrow(surface: pygame.Surface, rect: pygame.Rect, t_s: float) -> None:
    """A big green arrow pointing up, hopping gently, with twinkles: "better than last time"."""
    paint_square(surface, rect, lambda pen: _better_arrow(pen, t_s), outline=OUTLINE, smallest=4)


def _better_arrow(pen: Pen, t_s: float) -> None:
    hop = -abs(math.sin(t_s * 3.0)) * 0.07
    stretch = 1.0 + 0.04 * math.sin(t_s * 6.0)
    arrow = [
        (0.0, -0.84),
        (0.62, -0.16),
        (0.22, -0.16),
        (0.22, 0.7),
        (-0.22, 0.7),
        (-0.22, -0.16),
        (-0.62, -0.16),
    ]
    points = [(x * stretch, y + hop) for x, y in arrow]
    pen.shape(points, GREEN)
    for stroke in (((-0.1, 0.6), (-0.1, -0.06)), ((-0.44, -0.24), (-0.08, -0.64))):
        pen.line([(x * stretch, y + hop) for x, y in stroke], GREEN_LIGHT, 0.07)
    for i, (x, y, size) in enumerate(
        (
            (-0.66, -0.6, 0.16),
            (0.7, -0.66, 0.12),
            (0.62, 0.34, 0.14),
            (-0.6, 0.28, 0.1),
            (0.34, -0.9, 0.08),
        )
    ):
        colour = GOLD if i % 2 == 0 else WHITE
        pen.sparkle(x, y, size * _twinkle(t_s, i * 0.23), colour)


def draw_same_arrow(surface: pygame.Surface, rect: pygame.Rect, t_s: float) -> None:
    """A calm, level blue arrow that drifts softly to and fro: "as good as last time"."""
    paint_square(surface, rect, lambda pen: _same_arrow(pen, t_s), outline=OUTLINE, smallest=4)


def _same_arrow(pen: Pen, t_s: float) -> None:
    drift = math.sin(t_s * 1.6) * 0.06
    arrow = [
        (0.84, 0.0),
        (0.2, 0.56),
        (0.2, 0.2),
        (-0.76, 0.2),
        (-0.76, -0.2),
        (0.2, -0.2),
        (0.2, -0.56),
    ]
    pen.shape([(x + drift, y) for x, y in arrow], BLUE)
    pen.line([(-0.66 + drift, -0.09), (0.1 + drift, -0.09)], BLUE_LIGHT, 0.07)
    pen.line([(0.3 + drift, -0.32), (0.58 + drift, -0.08)], BLUE_LIGHT, 0.05)
    for i, (x, y, size) in enumerate(((-0.62, -0.46, 0.09), (0.02, 0.5, 0.07))):
        pen.sparkle(x + drift * 0.5, y, size * _twinkle(t_s * 0.6, i * 0.4), BLUE_LIGHT)


# -- done --------------------------------------------------------------------------------


def draw_done_flag(surface: pygame.Surface, rect: pygame.Rect, t_s: float) -> None:
    """A chequered finish flag waving on a pole on a little green hill: "I'm done"."""
    paint_square(surface, rect, lambda pen: _done_flag(pen, t_s), outline=OUTLINE, smallest=4)


def _done_flag(pen: Pen, t_s: float) -> None:
    pen.circle(0.0, 0.0, 0.95, SKY_DISC)
    pen.shape(ring_points(0.0, 0.7, 0.72, 0.2), HILL)
    pen.shape(ring_points(-0.2, 0.62, 0.2, 0.05, steps=40), mix(HILL, WHITE, 0.35), outline=False)
    pole_x = -0.42
    pen.shape(rounded_rect_points(pole_x - 0.045, -0.62, pole_x + 0.045, 0.66, 0.04), POLE)
    _flag(pen, pole_x + 0.04, -0.58, t_s)
    pen.circle(pole_x, -0.66, 0.08, GOLD)
    pen.circle(pole_x - 0.025, -0.69, 0.025, WHITE, outline=False)
    pen.sparkle(0.62, 0.36, 0.09 * _twinkle(t_s, 0.3), GOLD)
    pen.sparkle(0.46, -0.72, 0.07 * _twinkle(t_s, 0.7), WHITE)


def _flag(pen: Pen, left: float, top: float, t_s: float) -> None:
    columns, rows = 5, 4
    width, height = 1.0, 0.72

    def corner(c: int, r: int) -> Point:
        u = c / columns
        wave = math.sin(u * 5.0 - t_s * 4.0) * 0.07 * u
        return (left + u * width * (1 - 0.05 * u), top + r / rows * height + wave)

    outline = (
        [corner(c, 0) for c in range(columns + 1)]
        + [corner(columns, r) for r in range(1, rows + 1)]
        + [corner(c, rows) for c in range(columns - 1, -1, -1)]
        + [corner(0, r) for r in range(rows - 1, 0, -1)]
    )
    pen.shape(outline, WHITE)
    for c in range(columns):
        for r in range(rows):
            if (c + r) % 2 == 0:
                cell = [corner(c, r), corner(c + 1, r), corner(c + 1, r + 1), corner(c, r + 1)]
                pen.shape(cell, INK, outline=False)
