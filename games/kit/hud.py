"""Heads-up pieces every game shows the same way: score, rep dots, hold ring, target band.

Children learn these once and recognise them in every game, so they look alike
everywhere: a gold star beside the score, a row of dots that turn gold for each rep
done well, a ring that empties while a hold counts down.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pygame

from games.contract import Band
from games.kit import fonts
from games.kit.draw import Colour
from games.kit.layout import Viewport

GOLD: Colour = (255, 204, 51)
GOLD_DARK: Colour = (214, 140, 20)
MISS: Colour = (168, 178, 204)
"""A rep that did not work: calm grey, never red, nothing to be ashamed of."""
PENDING: Colour = (255, 255, 255)
INK: Colour = (30, 24, 60)
BAND: Colour = (120, 255, 170)
RING_TRACK: Colour = (255, 255, 255)

SCORE_TEXT_HEIGHT = 0.085
DOT_SIZE = 0.075
"""A rep dot's diameter, rim included, as a share of the height: 36 px on the 480-high
7" screen, big enough to count from two metres away."""
DOT_SPACING = 1.15
"""Centre to centre, in dot diameters: the gap keeps dots apart, and ten of them (a usual
set) still fit full size in half of the 800-wide screen."""
DOTS_MAX_WIDTH = 0.5
"""Dots share at most half the screen's width: with many reps they shrink to fit."""


def star_points(
    center: tuple[float, float], radius: float, rotation: float = 0.0, inner: float = 0.48
) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star, first point up (turned by ``rotation``)."""
    cx, cy = center
    points = []
    for i in range(10):
        angle = rotation - math.pi / 2 + i * math.pi / 5
        r = radius if i % 2 == 0 else radius * inner
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def draw_star(
    surface: pygame.Surface,
    center: tuple[float, float],
    radius: float,
    colour: Colour = GOLD,
    *,
    rotation: float = 0.0,
    rim: Colour | None = GOLD_DARK,
) -> None:
    """A filled star with a darker rim, as on the score and the celebration."""
    points = star_points(center, radius, rotation)
    pygame.draw.polygon(surface, colour, points)
    if rim is not None:
        pygame.draw.polygon(surface, rim, points, max(1, round(radius / 9)))


def draw_score(surface: pygame.Surface, score: int) -> pygame.Rect:
    """The score at the top right, behind a gold star; returns the area it covers."""
    vp = Viewport.of(surface)
    text = fonts.render_outlined(str(score), vp.font_px(SCORE_TEXT_HEIGHT), PENDING)
    margin = vp.h(0.03)
    star_r = vp.h(SCORE_TEXT_HEIGHT * 0.55)
    right = vp.width - margin
    top = margin
    text_rect = text.get_rect(topright=(right, top))
    star_center = (text_rect.left - margin // 2 - star_r, text_rect.centery)
    draw_star(surface, star_center, star_r)
    surface.blit(text, text_rect)
    return text_rect.union(
        pygame.Rect(star_center[0] - star_r, star_center[1] - star_r, 2 * star_r, 2 * star_r)
    )


def draw_progress_dots(
    surface: pygame.Surface, results: Sequence[bool], total: int, *, y_frac: float = 0.06
) -> None:
    """One dot per rep across the top: gold for a success, grey for a miss, open for to do.

    ``results`` holds the outcome of each rep done so far, in order.
    """
    if total <= 0:
        return
    vp = Viewport.of(surface)
    count = max(total, len(results))
    full = vp.h(DOT_SIZE)
    pitch = min(full * DOT_SPACING, vp.w(DOTS_MAX_WIDTH) / count)
    diameter = min(full, pitch / DOT_SPACING)
    rim = max(1, round(diameter / 12))
    radius = max(2, round(diameter / 2) - rim)
    left = vp.width / 2 - pitch * (count - 1) / 2
    y = vp.y(y_frac)
    for i in range(count):
        center = (round(left + i * pitch), y)
        if i < len(results):
            fill = GOLD if results[i] else MISS
            pygame.draw.circle(surface, INK, center, radius + rim)
            pygame.draw.circle(surface, fill, center, radius)
            highlight = (center[0] - radius // 3, center[1] - radius // 3)
            pygame.draw.circle(surface, PENDING, highlight, max(1, radius // 4))
        else:
            pygame.draw.circle(surface, INK, center, radius + rim, rim * 2)
            pygame.draw.circle(surface, PENDING, center, radius, rim)


def _arc_polygon(
    center: tuple[float, float], outer: float, inner: float, start: float, end: float
) -> list[tuple[float, float]]:
    steps = max(2, math.ceil(abs(end - start) / (2 * math.pi) * 72))
    cx, cy = center
    angles = [start + (end - start) * i / steps for i in range(steps + 1)]
    rim = [(cx + outer * math.cos(a), cy + outer * math.sin(a)) for a in angles]
    hole = [(cx + inner * math.cos(a), cy + inner * math.sin(a)) for a in reversed(angles)]
    return rim + hole


def draw_hold_ring(
    surface: pygame.Surface,
    center: tuple[int, int],
    radius: int,
    fraction_remaining: float,
    colour: Colour = GOLD,
    *,
    thickness: int | None = None,
) -> None:
    """A countdown ring: full at the start of a hold, empty when the hold is done.

    The gap opens at twelve o'clock and grows clockwise, the way a clock hand sweeps;
    a faint full track shows how much there was.
    """
    remaining = min(1.0, max(0.0, fraction_remaining))
    width = thickness if thickness is not None else max(3, radius // 4)
    outer, inner = radius, radius - width
    track = pygame.Surface((2 * radius + 2, 2 * radius + 2), pygame.SRCALPHA)
    local = (radius + 1, radius + 1)
    pygame.draw.circle(track, (*RING_TRACK, 70), local, outer)
    pygame.draw.circle(track, (0, 0, 0, 0), local, inner)
    surface.blit(track, (center[0] - local[0], center[1] - local[1]))
    if remaining <= 0.0:
        return
    top = -math.pi / 2
    start = top + (1.0 - remaining) * 2 * math.pi
    end = top + 2 * math.pi
    pygame.draw.polygon(surface, colour, _arc_polygon(center, outer, inner, start, end))
    cap_r = width / 2
    mid = (outer + inner) / 2
    for angle in (start, end):
        cap = (center[0] + mid * math.cos(angle), center[1] + mid * math.sin(angle))
        pygame.draw.circle(surface, colour, cap, cap_r)


def band_rect(
    band: Band, effort_to_y: Callable[[float], float], left: int, right: int
) -> pygame.Rect:
    """The screen area of a target band on a vertical effort scale (more effort = higher)."""
    top = round(effort_to_y(band.high))
    bottom = round(effort_to_y(band.low))
    if bottom < top:
        top, bottom = bottom, top
    return pygame.Rect(left, top, right - left, max(1, bottom - top))


def draw_target_band(
    surface: pygame.Surface,
    area: pygame.Rect,
    colour: Colour = BAND,
    *,
    lit: bool = False,
    fill_alpha: tuple[int, int] = (60, 110),
) -> None:
    """A see-through stripe with bright, ink-lined edges and inward arrows: "get in here".

    The ink line keeps the edges readable on a pale sky as on a dark gauge. ``lit`` (the
    effort is inside) makes it glow, the feedback a child sees first; ``fill_alpha`` is
    the stripe's opacity (unlit, lit), raised where the band must stand out from a scene.
    """
    vp = Viewport.of(surface)
    stripe = pygame.Surface(area.size, pygame.SRCALPHA)
    stripe.fill((*colour, fill_alpha[1] if lit else fill_alpha[0]))
    surface.blit(stripe, area.topleft)
    edge = vp.line(4 if lit else 3)
    ink = edge + 2 * vp.line(1.5)
    for y in (area.top, area.bottom):
        pygame.draw.line(surface, INK, (area.left, y), (area.right, y), ink)
        pygame.draw.line(surface, colour, (area.left, y), (area.right, y), edge)
    arrow = max(6, min(area.height // 2, vp.h(0.04)))
    for x, direction in ((area.left, 1), (area.right, -1)):
        tip = (x + direction * arrow, area.centery)
        points = [(x, area.centery - arrow), tip, (x, area.centery + arrow)]
        pygame.draw.polygon(surface, colour, points)
        pygame.draw.polygon(surface, INK, points, vp.line(2))
