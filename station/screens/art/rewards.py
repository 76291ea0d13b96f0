"""Pictures for the results screen and the game picker: trophy, arrows and the done flag.

They speak without words: a gold cup that is bigger for a better visit, a bouncing green
arrow for "better than last time", a calm level blue arrow for "as good as last time"
(nothing to be ashamed of) and a waving chequered flag for "I'm done". Each is drawn
into a rectangle, measured from it, and clipped to it; ``t_s`` (seconds) animates it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pygame

from games.kit import hud
from games.kit.draw import Colour, Point, mix

INK: Colour = hud.INK
WHITE: Colour = (255, 255, 255)
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


@contextmanager
def clipped(surface: pygame.Surface, rect: pygame.Rect) -> Iterator[pygame.Rect]:
    """Draw only inside ``rect`` (and inside any clip already set), then restore the clip."""
    before = surface.get_clip()
    inside = before.clip(rect)
    surface.set_clip(inside)
    try:
        yield inside
    finally:
        surface.set_clip(before)


class Pen:
    """Draws in units of ``unit`` pixels about ``center``, with the house ink outline."""

    def __init__(
        self, surface: pygame.Surface, center: Point, unit: float, outline: float = 0.035
    ) -> None:
        self.surface = surface
        self.cx, self.cy = center
        self.u = unit
        self.ow = max(1.0, outline * unit)

    def at(self, x: float, y: float) -> Point:
        return (self.cx + x * self.u, self.cy + y * self.u)

    def shape(self, points: Sequence[Point], colour: Colour, *, outline: bool = True) -> None:
        pts = [self.at(x, y) for x, y in points]
        if len(pts) < 3:
            return
        if outline:
            pygame.draw.polygon(self.surface, INK, grown(pts, self.ow))
        pygame.draw.polygon(self.surface, colour, pts)

    def circle(
        self, x: float, y: float, radius: float, colour: Colour, *, outline: bool = True
    ) -> None:
        center = self.at(x, y)
        if outline:
            pygame.draw.circle(self.surface, INK, center, radius * self.u + self.ow)
        pygame.draw.circle(self.surface, colour, center, radius * self.u)

    def line(self, points: Sequence[Point], colour: Colour, width: float) -> None:
        pts = [self.at(x, y) for x, y in points]
        w = max(1.0, width * self.u)
        if len(pts) > 1:
            pygame.draw.lines(self.surface, colour, False, pts, max(1, round(w)))
        for point in pts:
            pygame.draw.circle(self.surface, colour, point, w / 2)

    def sparkle(self, x: float, y: float, size: float, colour: Colour = WHITE) -> None:
        """A four-pointed twinkle of half-width ``size``."""
        if size <= 0:
            return
        points = []
        for i in range(8):
            angle = i * math.pi / 4 - math.pi / 2
            reach = size if i % 2 == 0 else size * 0.3
            points.append((x + reach * math.cos(angle), y + reach * math.sin(angle)))
        self.shape(points, colour, outline=False)


def grown(points: Sequence[Point], by: float) -> list[Point]:
    """The polygon pushed outwards by ``by`` pixels along its corners' normals.

    Makes the ink outline under a filled shape: smooth on curves, mitred (up to twice
    ``by``) at sharp corners. Works for either winding.
    """
    points = [p for i, p in enumerate(points) if math.dist(p, points[i - 1]) > 1e-3]
    n = len(points)
    if n < 3:
        return list(points)
    area = sum(
        points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1]
        for i in range(n)
    )
    sign = -1.0 if area > 0 else 1.0
    out = []
    for i in range(n):
        (x0, y0), (x1, y1), (x2, y2) = points[i - 1], points[i], points[(i + 1) % n]
        normals = []
        for ax, ay, bx, by_ in ((x0, y0, x1, y1), (x1, y1, x2, y2)):
            length = math.hypot(bx - ax, by_ - ay) or 1.0
            normals.append(((by_ - ay) / length * -sign, (bx - ax) / length * sign))
        nx, ny = normals[0][0] + normals[1][0], normals[0][1] + normals[1][1]
        length = math.hypot(nx, ny)
        if length < 1e-6:
            nx, ny, length = normals[1][0], normals[1][1], 1.0
        cos_half = length / 2
        reach = by / max(0.5, cos_half)
        out.append((x1 + nx / length * reach, y1 + ny / length * reach))
    return out


def oval_points(
    x: float,
    y: float,
    rx: float,
    ry: float,
    span: tuple[float, float] = (0.0, 2 * math.pi),
    *,
    steps: int = 40,
) -> list[Point]:
    """Points along an ellipse's edge from angle ``span[0]`` to ``span[1]`` (pi/2 is down)."""
    start, end = span
    return [
        (
            x + rx * math.cos(start + (end - start) * i / steps),
            y + ry * math.sin(start + (end - start) * i / steps),
        )
        for i in range(steps + 1)
    ]


def rounded_rect_points(
    left: float, top: float, right: float, bottom: float, corner: float
) -> list[Point]:
    points = []
    corners = (
        (right - corner, top + corner, -math.pi / 2),
        (right - corner, bottom - corner, 0.0),
        (left + corner, bottom - corner, math.pi / 2),
        (left + corner, top + corner, math.pi),
    )
    for cx, cy, start in corners:
        points.extend(oval_points(cx, cy, corner, corner, (start, start + math.pi / 2), steps=6))
    return points


def _twinkle(t_s: float, phase: float) -> float:
    """0..1, a star's slow twinkle: big, then small, never quite gone."""
    return 0.35 + 0.65 * (0.5 + 0.5 * math.sin(t_s * 3.2 + phase * 6.28))


def _square(rect: pygame.Rect) -> tuple[Point, float]:
    """The centre of ``rect`` and half its shorter side: the size every picture is drawn to."""
    return (rect.centerx, rect.centery), min(rect.width, rect.height) / 2


# -- the trophy --------------------------------------------------------------------------


def draw_trophy(surface: pygame.Surface, rect: pygame.Rect, t_s: float, size_share: float) -> None:
    """A gold cup on a plinth with a slowly turning glow star behind and twinkles around.

    ``size_share`` 0..1 grows the cup (from a little over half to all of its room) and
    brings more twinkles: the better the visit, the bigger the trophy.
    """
    share = min(1.0, max(0.0, size_share))
    center, half = _square(rect)
    if half < 4:
        return
    with clipped(surface, rect):
        unit = half * (0.28 + 0.21 * share)
        pen = Pen(surface, (center[0], center[1] + 0.25 * unit), unit)
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
    center, half = _square(rect)
    if half < 4:
        return
    with clipped(surface, rect):
        pen = Pen(surface, center, half)
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
    center, half = _square(rect)
    if half < 4:
        return
    with clipped(surface, rect):
        pen = Pen(surface, center, half)
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
    center, half = _square(rect)
    if half < 4:
        return
    with clipped(surface, rect):
        pen = Pen(surface, center, half)
        pen.circle(0.0, 0.0, 0.95, SKY_DISC)
        pen.shape(oval_points(0.0, 0.7, 0.72, 0.2, steps=48)[:-1], HILL)
        pen.shape(oval_points(-0.2, 0.62, 0.2, 0.05)[:-1], mix(HILL, WHITE, 0.35), outline=False)
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
