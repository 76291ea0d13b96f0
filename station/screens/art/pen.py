"""The drawing helpers every picture in ``station.screens.art`` shares.

One clip guard, one pen that draws in picture units with the house ink outline, one
set of point helpers (ellipses, rounded rectangles, outlines pushed outwards), and the
small pixel helpers the hand pictures are built from (capsules, smoothed blobs). They
live here once so that a fix to, say, the ink outline reaches every picture.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Sequence

import pygame

from games.kit import hud
from games.kit.draw import Colour, Point

INK: Colour = hud.INK
WHITE: Colour = (255, 255, 255)
FULL_TURN: tuple[float, float] = (0.0, 2 * math.pi)


@contextlib.contextmanager
def clipped(surface: pygame.Surface, rect: pygame.Rect) -> Iterator[pygame.Rect]:
    """Draw only inside ``rect`` (and any clip already set) until the block ends."""
    before = surface.get_clip()
    area = rect.clip(before)
    surface.set_clip(area)
    try:
        yield area
    finally:
        surface.set_clip(before)


def clamp01(x: float) -> float:
    """``x`` kept within 0..1: every share, squeeze and curl the pictures take."""
    return min(1.0, max(0.0, x))


def square(rect: pygame.Rect) -> tuple[Point, float]:
    """The centre of ``rect`` and half its shorter side: the size a square picture is drawn to."""
    return (rect.centerx, rect.centery), min(rect.width, rect.height) / 2


# -- points ------------------------------------------------------------------------------


def oval_points(
    x: float,
    y: float,
    rx: float,
    ry: float,
    span: tuple[float, float] = FULL_TURN,
    *,
    steps: int = 40,
    angle: float = 0.0,
) -> list[Point]:
    """Points along an ellipse's edge from angle ``span[0]`` to ``span[1]``, both ends.

    Angles are in radians, 0 to the right, pi/2 downwards; ``angle`` turns the whole
    ellipse about its centre.
    """
    start, end = span
    cos, sin = math.cos(angle), math.sin(angle)
    points = []
    for i in range(steps + 1):
        a = start + (end - start) * i / steps
        ex, ey = rx * math.cos(a), ry * math.sin(a)
        points.append((x + ex * cos - ey * sin, y + ex * sin + ey * cos))
    return points


def ring_points(
    x: float, y: float, rx: float, ry: float, *, steps: int = 48, angle: float = 0.0
) -> list[Point]:
    """A whole ellipse as a closed polygon of ``steps`` points, none twice."""
    return oval_points(x, y, rx, ry, steps=steps, angle=angle)[:-1]


def rounded_rect_points(
    left: float, top: float, right: float, bottom: float, corner: float
) -> list[Point]:
    """A rectangle with quarter-circle corners of radius ``corner``, as a polygon."""
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


def inflate(points: Sequence[Point], by: float) -> list[Point]:
    """A closed, roughly convex polygon pushed outwards by ``by`` pixels along its normals.

    Cheaper and softer than ``grown`` (no mitres): the rim of the hands' smoothed blobs.
    """
    n = len(points)
    area = sum(
        points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1]
        for i in range(n)
    )
    sign = 1.0 if area > 0 else -1.0
    out: list[Point] = []
    for i in range(n):
        prev, cur, nxt = points[i - 1], points[i], points[(i + 1) % n]
        tx, ty = nxt[0] - prev[0], nxt[1] - prev[1]
        d = math.hypot(tx, ty) or 1.0
        nx, ny = ty / d * sign, -tx / d * sign
        out.append((cur[0] + nx * by, cur[1] + ny * by))
    return out


def smooth(points: Sequence[Point], rounds: int = 3) -> list[Point]:
    """Chaikin's corner cutting on a closed polygon: a hand-drawn, rounded blob."""
    pts = list(points)
    for _ in range(rounds):
        out: list[Point] = []
        for i, p in enumerate(pts):
            q = pts[(i + 1) % len(pts)]
            out.append((0.75 * p[0] + 0.25 * q[0], 0.75 * p[1] + 0.25 * q[1]))
            out.append((0.25 * p[0] + 0.75 * q[0], 0.25 * p[1] + 0.75 * q[1]))
        pts = out
    return pts


# -- pixel helpers -----------------------------------------------------------------------


def capsule(
    surface: pygame.Surface,
    colour: Colour,
    a: Point,
    b: Point,
    ra: float,
    *,
    rb: float | None = None,
) -> None:
    """A rounded stick from ``a`` (radius ``ra``) to ``b`` (radius ``rb``, else ``ra``).

    One finger bone, a cable's piece, an arm.
    """
    if rb is None:
        rb = ra
    pygame.draw.circle(surface, colour, a, max(1.0, ra))
    pygame.draw.circle(surface, colour, b, max(1.0, rb))
    dx, dy = b[0] - a[0], b[1] - a[1]
    d = math.hypot(dx, dy)
    if d < 0.5:
        return
    nx, ny = -dy / d, dx / d
    pygame.draw.polygon(
        surface,
        colour,
        [
            (a[0] + nx * ra, a[1] + ny * ra),
            (b[0] + nx * rb, b[1] + ny * rb),
            (b[0] - nx * rb, b[1] - ny * rb),
            (a[0] - nx * ra, a[1] - ny * ra),
        ],
    )


def blob(
    surface: pygame.Surface, fill: Colour, rim: Colour | None, points: Sequence[Point], line: float
) -> None:
    """A filled smooth shape with a rim ``line`` pixels wide drawn outside it."""
    if rim is not None and line > 0:
        pygame.draw.polygon(surface, rim, inflate(points, line))
    pygame.draw.polygon(surface, fill, points)


class Space:
    """A drawing space of ``span_x`` by ``span_y`` units, as large as fits, centred in a rect."""

    def __init__(self, rect: pygame.Rect, span_x: float, span_y: float) -> None:
        self.u = min(rect.width / span_x, rect.height / span_y)
        self.cx, self.cy = rect.center

    def __call__(self, x: float, y: float) -> Point:
        return (self.cx + x * self.u, self.cy + y * self.u)

    def r(self, length: float) -> float:
        return length * self.u

    def line(self, width: float) -> float:
        """A rim's width in pixels, never under 2 so that a small picture keeps its rims."""
        return max(2.0, self.r(width))


# -- the pen -----------------------------------------------------------------------------


class Pen:
    """Draws in units of ``unit`` pixels about ``center``, with the house ink outline.

    ``outline`` is the ink's width as a share of a unit (at least a pixel). The pictures'
    own pens (the avatar badges') subclass it for their own outline and face parts.
    """

    oval_steps = 40
    """Points round a whole ellipse drawn by ``oval``."""
    curve_steps = 16
    """Points along a ``curve``."""
    sparkle_waist = 0.3
    """How far in a sparkle's waist comes, as a share of its reach."""

    def __init__(
        self, surface: pygame.Surface, center: Point, unit: float, outline: float = 0.03
    ) -> None:
        self.surface = surface
        self.cx, self.cy = center
        self.u = unit
        self.ow = max(1.0, outline * unit)

    def at(self, x: float, y: float) -> Point:
        return (self.cx + x * self.u, self.cy + y * self.u)

    def px(self, length: float) -> float:
        return length * self.u

    def ink(self, points: Sequence[Point]) -> None:
        """The ink under a filled shape given in pixels: the shape grown by the outline."""
        pygame.draw.polygon(self.surface, INK, grown(points, self.ow))

    def ellipse(self, x: float, y: float, rx: float, ry: float, angle: float) -> list[Point]:
        """A whole ellipse for ``oval``, as this pen draws it."""
        return oval_points(x, y, rx, ry, steps=self.oval_steps, angle=angle)

    def shape(self, points: Sequence[Point], colour: Colour, *, outline: bool = True) -> None:
        """A filled polygon given in units."""
        pts = [self.at(x, y) for x, y in points]
        if len(pts) < 3:
            return
        if outline:
            self.ink(pts)
        pygame.draw.polygon(self.surface, colour, pts)

    def blob(self, parts: Sequence[Sequence[Point]], colour: Colour) -> None:
        """Several shapes as one silhouette: one outline round all, none between them."""
        screen = [[self.at(x, y) for x, y in part] for part in parts]
        for pts in screen:
            self.ink(pts)
        for pts in screen:
            pygame.draw.polygon(self.surface, colour, pts)

    def circle(
        self, x: float, y: float, radius: float, colour: Colour, *, outline: bool = True
    ) -> None:
        center = self.at(x, y)
        if outline:
            pygame.draw.circle(self.surface, INK, center, self.px(radius) + self.ow)
        pygame.draw.circle(self.surface, colour, center, self.px(radius))

    def oval(
        self,
        x: float,
        y: float,
        rx: float,
        ry: float,
        colour: Colour,
        *,
        angle: float = 0.0,
        outline: bool = True,
    ) -> None:
        self.shape(self.ellipse(x, y, rx, ry, angle), colour, outline=outline)

    def line(self, points: Sequence[Point], colour: Colour, width: float) -> None:
        """A thick line through ``points`` with round joints and ends."""
        pts = [self.at(x, y) for x, y in points]
        w = max(1.0, self.px(width))
        if len(pts) > 1:
            pygame.draw.lines(self.surface, colour, False, pts, max(1, round(w)))
        for point in pts:
            pygame.draw.circle(self.surface, colour, point, w / 2)

    def curve(
        self,
        x: float,
        y: float,
        rx: float,
        ry: float,
        span: tuple[float, float],
        *,
        colour: Colour = INK,
        width: float = 0.045,
    ) -> None:
        """Part of an ellipse's edge; angles in radians, 0 to the right, pi/2 downwards."""
        self.line(oval_points(x, y, rx, ry, span, steps=self.curve_steps), colour, width)

    def sparkle(self, x: float, y: float, size: float, colour: Colour = WHITE) -> None:
        """A four-pointed twinkle of half-width ``size``."""
        if size <= 0:
            return
        points = []
        for i in range(8):
            angle = i * math.pi / 4 - math.pi / 2
            reach = size if i % 2 == 0 else size * self.sparkle_waist
            points.append((x + reach * math.cos(angle), y + reach * math.sin(angle)))
        self.shape(points, colour, outline=False)


def paint_square(
    surface: pygame.Surface,
    rect: pygame.Rect,
    paint: Callable[[Pen], None],
    *,
    outline: float,
    smallest: float,
) -> None:
    """Run ``paint`` with a pen centred in ``rect``, a unit half its shorter side, clipped.

    A rect whose half side is under ``smallest`` pixels gets nothing: too small to read.
    """
    center, half = square(rect)
    if half < smallest:
        return
    with clipped(surface, rect):
        paint(Pen(surface, center, half, outline))
