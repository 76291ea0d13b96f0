"""The station's UI kit: the games' kit (font, colours, stars) plus what screens add.

One typeface everywhere (the games' Fredoka One, ``games.kit.fonts``), one colour mix
(``games.kit.draw.mix``), and on top of them: text fitted to a box, the sensor health
icons, and big touch targets (``Tile``) that a child's finger cannot miss. Sizes are
fitted to rectangles rather than fixed in points, which keeps screens readable at any
resolution.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from games.kit import fonts
from games.kit.actions import Phase, Pointer
from games.kit.draw import SurfaceCache, mix
from hardware import SensorStatus

Colour = tuple[int, int, int]

BACKGROUND: Colour = (14, 18, 32)
PANEL: Colour = (28, 34, 54)
TRACK: Colour = (10, 13, 24)
GRID: Colour = (52, 60, 86)
TEXT: Colour = (245, 247, 255)
MUTED: Colour = (160, 170, 200)
INK: Colour = (12, 14, 22)
"""Dark text on bright badges and banners."""
BANNER: Colour = (255, 214, 64)

HEALTH_COLOURS: dict[SensorStatus, Colour] = {
    SensorStatus.OK: (64, 214, 110),
    SensorStatus.STARTING: (110, 200, 255),
    SensorStatus.UNPLUGGED: (255, 138, 36),
    SensorStatus.FAULTY: (240, 58, 70),
}
HEALTH_WORDS: dict[SensorStatus, str] = {
    SensorStatus.OK: "OK",
    SensorStatus.STARTING: "Starting",
    SensorStatus.UNPLUGGED: "Unplugged",
    SensorStatus.FAULTY: "Faulty",
}

MIN_TEXT_PX = 10
_MAX_TEXT_PX = 400
_RENDER_BUDGET_BYTES = 4 * 1024 * 1024
_FITS_LIMIT = 2048


class Fonts:
    """Fonts by pixel size, fitted to boxes, with rendered text reused between frames.

    Labels repeat every frame at 60 fps; rendering each once saves the Pi's CPU for
    the games. The cache is simply emptied when full, since changing numbers churn it.
    """

    def __init__(self) -> None:
        self._fits: dict[tuple[str, int, int], int] = {}
        self._renders = SurfaceCache(_RENDER_BUDGET_BYTES)

    @staticmethod
    def font(px: int) -> pygame.font.Font:
        return fonts.get(max(MIN_TEXT_PX, px))

    def fitting(self, sample: str, width: int, height: int) -> int:
        """The largest pixel size at which ``sample`` fits in ``width`` x ``height``."""
        key = (sample, width, height)
        if key not in self._fits:
            if len(self._fits) >= _FITS_LIMIT:
                self._fits.clear()  # changing texts (a therapist's messages) must not grow it
            low, high = MIN_TEXT_PX, _MAX_TEXT_PX
            while low < high:
                mid = (low + high + 1) // 2
                w, h = self.font(mid).size(sample)
                low, high = (mid, high) if w <= width and h <= height else (low, mid - 1)
            self._fits[key] = low
        return self._fits[key]

    def render(self, text: str, px: int, colour: Colour) -> pygame.Surface:
        key = (text, px, colour)
        surface = self._renders.get(key)
        if surface is None:
            surface = self._renders.put(key, self.font(px).render(text, True, colour))
        return surface

    def draw(
        self,
        target: pygame.Surface,
        text: str,
        rect: pygame.Rect,
        colour: Colour,
        *,
        sample: str | None = None,
        align: str = "left",
    ) -> None:
        """Draw ``text`` as large as fits in ``rect``, vertically centred.

        Sizing by ``sample`` (e.g. "888.8 N") keeps a changing number from changing
        size every frame; a text wider than the sample still shrinks to fit.
        """
        px = self.fitting(sample or text, rect.w, rect.h)
        if sample is not None and self.font(px).size(text)[0] > rect.w:
            px = self.fitting(text, rect.w, rect.h)
        image = self.render(text, px, colour)
        place = image.get_rect(centery=rect.centery)
        if align == "center":
            place.centerx = rect.centerx
        elif align == "right":
            place.right = rect.right
        else:
            place.left = rect.left
        clip = target.get_clip()
        target.set_clip(rect.clip(clip))
        target.blit(image, place)
        target.set_clip(clip)


def draw_health_icon(
    target: pygame.Surface, status: SensorStatus, rect: pygame.Rect, colour: Colour
) -> None:
    """A shape per status, so the state reads without colour vision or words."""
    size = min(rect.w, rect.h)
    box = pygame.Rect(0, 0, size, size)
    box.center = rect.center
    width = max(2, size // 8)

    def at(fx: float, fy: float) -> tuple[int, int]:
        return (round(box.x + fx * size), round(box.y + fy * size))

    if status is SensorStatus.OK:
        pygame.draw.lines(
            target, colour, False, [at(0.15, 0.55), at(0.4, 0.8), at(0.85, 0.25)], width
        )
    elif status is SensorStatus.STARTING:
        pygame.draw.circle(target, colour, box.center, size // 2, width)
        pygame.draw.line(target, colour, box.center, at(0.5, 0.2), width)
        pygame.draw.line(target, colour, box.center, at(0.72, 0.6), width)
    elif status is SensorStatus.UNPLUGGED:
        # A plug pulled out of its socket: cable, plug with prongs, gap, socket, cable.
        pygame.draw.line(target, colour, at(0.0, 0.5), at(0.25, 0.5), width)
        pygame.draw.rect(target, colour, pygame.Rect(at(0.22, 0.28), (size * 0.2, size * 0.44)))
        pygame.draw.line(target, colour, at(0.42, 0.38), at(0.55, 0.38), width)
        pygame.draw.line(target, colour, at(0.42, 0.62), at(0.55, 0.62), width)
        pygame.draw.rect(target, colour, pygame.Rect(at(0.68, 0.28), (size * 0.14, size * 0.44)))
        pygame.draw.line(target, colour, at(0.8, 0.5), at(1.0, 0.5), width)
    else:
        pygame.draw.polygon(target, colour, [at(0.5, 0.05), at(0.97, 0.92), at(0.03, 0.92)], width)
        pygame.draw.line(target, colour, at(0.5, 0.35), at(0.5, 0.65), width)
        pygame.draw.circle(target, colour, at(0.5, 0.78), max(1, width * 2 // 3))


# -- touch targets ------------------------------------------------------------------------

TILE: Colour = (255, 255, 255)
INK_LABEL: Colour = (255, 255, 255)
"""Names under pictures: white with the font's dark outline reads on any tile or sky."""
TILE_RIM: Colour = (30, 24, 60)
SHADOW: Colour = (20, 30, 70)
MIN_TOUCH_SHARE = 0.2
"""A tile is at least a fifth of the screen's height: ~2 cm on a 7" screen, a child's fingertip."""


@dataclass(frozen=True, slots=True)
class Tile:
    """A place on screen that does something when pressed."""

    rect: pygame.Rect
    key: object

    def hit(self, pos: tuple[int, int]) -> bool:
        return self.rect.collidepoint(pos)


class Press:
    """A press acts when the finger lifts over the target it went down on; sliding off
    cancels it, so a child dragging a finger across the screen chooses nothing."""

    def __init__(self) -> None:
        self.down: object | None = None
        """The key under the finger now, for drawing it lit; None when nothing is held."""

    def feed(self, action: Pointer, key: object | None) -> object | None:
        """``key`` is what lies under ``action``; returns the key to act on, if any."""
        if action.phase is Phase.DOWN:
            self.down = key
        elif action.phase is Phase.UP:
            chosen = key if key is not None and key == self.down else None
            self.down = None
            return chosen
        return None


def tile_at(tiles: Sequence[Tile], pos: tuple[int, int]) -> Tile | None:
    """The tile under a press; a press in a gap between tiles hits the nearest one
    within half a gap, since small fingers land near a target rather than on it."""
    for tile in tiles:
        if tile.hit(pos):
            return tile
    nearest = min(tiles, key=lambda t: _distance(t.rect, pos), default=None)
    if nearest is not None and _distance(nearest.rect, pos) <= nearest.rect.h * 0.1:
        return nearest
    return None


def _distance(rect: pygame.Rect, pos: tuple[int, int]) -> float:
    dx = max(rect.left - pos[0], 0, pos[0] - rect.right)
    dy = max(rect.top - pos[1], 0, pos[1] - rect.bottom)
    return math.hypot(dx, dy)


def grid(area: pygame.Rect, count: int, columns: int, gap: int) -> list[pygame.Rect]:
    """``count`` equal cells filling ``area`` row by row, each row centred."""
    if count <= 0:
        return []
    columns = max(1, min(columns, count))
    rows = math.ceil(count / columns)
    cell_w = (area.w - gap * (columns - 1)) // columns
    cell_h = (area.h - gap * (rows - 1)) // rows
    cells = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)
        left = area.x + (area.w - in_row * cell_w - (in_row - 1) * gap) // 2
        cells.append(
            pygame.Rect(
                left + column * (cell_w + gap), area.y + row * (cell_h + gap), cell_w, cell_h
            )
        )
    return cells


def draw_tile(
    surface: pygame.Surface, rect: pygame.Rect, fill: Colour = TILE, *, lit: bool = False
) -> None:
    """A raised, rounded card: the shape every pressable thing on a child's screen has."""
    radius = max(4, rect.h // 8)
    rim = max(2, rect.h // 40)
    shadow = rect.move(0, max(2, rect.h // 30))
    pygame.draw.rect(surface, SHADOW, shadow, border_radius=radius)
    pygame.draw.rect(
        surface, mix(fill, (255, 240, 150), 0.5) if lit else fill, rect, border_radius=radius
    )
    pygame.draw.rect(surface, TILE_RIM, rect, rim, border_radius=radius)


def draw_label(
    surface: pygame.Surface, text: str, rect: pygame.Rect, colour: Colour = (255, 255, 255)
) -> None:
    """A name under a picture: as big as fits, outlined so it reads on any background."""
    image = fonts.render_outlined(text, _LABEL_FONTS.fitting(text, rect.w, rect.h), colour)
    if image.get_width() > rect.w:
        image = image.subsurface(pygame.Rect(0, 0, rect.w, image.get_height()))
    surface.blit(image, image.get_rect(center=rect.center))


_LABEL_FONTS = Fonts()
"""Remembers the size each name fits at, so a screen of names costs no search per frame."""
