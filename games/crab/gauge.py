"""The "just right" gauge at the screen's edge: how hard the pinch is, and where gentle is.

A child cannot read "30-50% of max", but sees a treasure riding up a column: pale water
below (too soft, it will slip), a green stripe (just right), red above (too hard, it will
pop). The rider is the treasure itself, squashed when too hard, so the gauge and the claw
tell the same story.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from games.contract import Band
from games.crab.model import Treasure, squash
from games.crab.props import draw_treasure
from games.kit.draw import Colour
from games.kit.hud import INK, band_rect, draw_target_band, star_points
from games.kit.layout import Viewport

SOFT: Colour = (196, 232, 248)
JUST_RIGHT: Colour = (70, 190, 110)
TOO_HARD: Colour = (255, 112, 104)
PANEL_TOP = 0.17
PANEL_BOTTOM = 0.74
HEADROOM = 1.35
"""The gauge reaches this far above the band's top, so "too hard" always has room."""
GAUGE_WIDTH = 0.13
"""The column's width as a share of the height: 62 px on the 480-high 7" screen, so the
treasure riding it can be seen from two metres away."""


def gauge_top(band: Band) -> float:
    """The effort at the top of the column."""
    return max(1.6, band.high * HEADROOM)


def gauge_rect(vp: Viewport) -> pygame.Rect:
    width = vp.h(GAUGE_WIDTH)
    left = vp.x(0.022)
    top = vp.y(PANEL_TOP)
    return pygame.Rect(left, top, width, vp.y(PANEL_BOTTOM) - top)


def effort_y(area: pygame.Rect, band: Band, effort: float) -> float:
    """Screen y for an effort on the column; efforts off the scale sit at its ends."""
    share = min(1.0, max(0.0, effort / gauge_top(band)))
    return area.bottom - share * area.height


def draw_gauge(surface: pygame.Surface, effort: float, band: Band, kind: Treasure) -> None:
    """The column (drawn once per band) and the treasure riding at this frame's effort."""
    vp = Viewport.of(surface)
    area = gauge_rect(vp)
    line = vp.line(3)
    radius = area.width // 2
    column = _column(vp.size, band, band.contains(effort))
    frame = area.inflate(4 * line, 4 * line)
    surface.blit(column, frame.topleft, area=frame)
    rider_y = effort_y(area, band, effort)
    pointer = [
        (area.right + line, rider_y),
        (area.right + radius * 0.7, rider_y - radius * 0.45),
        (area.right + radius * 0.7, rider_y + radius * 0.45),
    ]
    pygame.draw.polygon(surface, INK, pointer)
    pygame.draw.circle(surface, INK, (area.centerx, rider_y), radius * 0.78)
    draw_treasure(surface, kind, (area.centerx, rider_y), radius * 0.66, squash(effort, band))


@lru_cache(maxsize=4)
def _column(size: tuple[int, int], band: Band, lit: bool) -> pygame.Surface:
    """The gauge without its rider, on a see-through screen-sized layer.

    Drawn at full screen size so the shared band stripe keeps its screen-relative
    proportions; only the gauge's own rectangle is ever blitted from it.
    """
    layer = pygame.Surface(size, pygame.SRCALPHA)
    vp = Viewport(size)
    area = gauge_rect(vp)
    line = vp.line(3)
    radius = area.width // 2
    pygame.draw.rect(layer, INK, area.inflate(2 * line, 2 * line), border_radius=radius + line)
    pygame.draw.rect(layer, SOFT, area, border_radius=radius)
    low_y = round(effort_y(area, band, band.low))
    high_y = round(effort_y(area, band, band.high))
    hard = pygame.Rect(area.left, area.top, area.width, high_y - area.top)
    pygame.draw.rect(
        layer, TOO_HARD, hard, border_top_left_radius=radius, border_top_right_radius=radius
    )
    pygame.draw.rect(layer, JUST_RIGHT, (area.left, high_y, area.width, low_y - high_y))
    stripe = band_rect(band, lambda e: effort_y(area, band, e), area.left, area.right)
    draw_target_band(layer, stripe, lit=lit)
    burst = star_points((area.centerx, area.top + radius), radius * 0.75, inner=0.55)
    pygame.draw.polygon(layer, (255, 255, 255), burst)
    pygame.draw.polygon(layer, INK, burst, max(1, line // 2))
    return layer
