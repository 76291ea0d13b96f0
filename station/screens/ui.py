"""Small drawing helpers shared by the station's screens: palette, fonts, health icons.

Text uses pygame's built-in default font (FreeSansBold from GNU FreeFont, shipped
inside pygame-ce), so the box needs no font file of its own and no system fonts.
Sizes are fitted to rectangles rather than fixed in points, which keeps screens
readable at any resolution.
"""

from __future__ import annotations

import pygame

from hardware.frames import SensorStatus

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
_RENDER_CACHE_LIMIT = 512


def blend(a: Colour, b: Colour, share_of_b: float) -> Colour:
    """A colour between ``a`` and ``b``: dimmed variants without a second palette."""
    return (
        round(a[0] + (b[0] - a[0]) * share_of_b),
        round(a[1] + (b[1] - a[1]) * share_of_b),
        round(a[2] + (b[2] - a[2]) * share_of_b),
    )


class Fonts:
    """Fonts by pixel size, fitted to boxes, with rendered text reused between frames.

    Labels repeat every frame at 60 fps; rendering each once saves the Pi's CPU for
    the games. The cache is simply emptied when full, since changing numbers churn it.
    """

    def __init__(self) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self._fonts: dict[int, pygame.font.Font] = {}
        self._fits: dict[tuple[str, int, int], int] = {}
        self._renders: dict[tuple[str, int, Colour], pygame.Surface] = {}

    def font(self, px: int) -> pygame.font.Font:
        px = max(MIN_TEXT_PX, px)
        if px not in self._fonts:
            self._fonts[px] = pygame.font.Font(None, px)
        return self._fonts[px]

    def fitting(self, sample: str, width: int, height: int) -> int:
        """The largest pixel size at which ``sample`` fits in ``width`` x ``height``."""
        key = (sample, width, height)
        if key not in self._fits:
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
            if len(self._renders) >= _RENDER_CACHE_LIMIT:
                self._renders.clear()
            surface = self.font(px).render(text, True, colour)
            self._renders[key] = surface
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
