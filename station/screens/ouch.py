"""The Ouch/Stop button, drawn over every exercise screen in the same corner.

"Sharp pain means stop": the button is big, always in the same place, and needs no
reading. The shell hit-tests it before the screen beneath sees the press.
"""

from __future__ import annotations

import pygame

from games.kit.layout import Viewport
from station.screens.art.signs import draw_ouch_button

SIZE_SHARE = 0.2
"""Of the screen height: ~19 mm on the 7" display, well above a child's fingertip."""
MARGIN_SHARE = 0.025


def ouch_rect(size: tuple[int, int]) -> pygame.Rect:
    """Top left: the score sits top right and the rep dots top centre."""
    vp = Viewport(size)
    side = vp.h(SIZE_SHARE)
    margin = vp.h(MARGIN_SHARE)
    return pygame.Rect(margin, margin, side, side)


def hit(size: tuple[int, int], pos: tuple[int, int]) -> bool:
    """A press on the button, or just beside it: a hurting child does not aim."""
    rect = ouch_rect(size)
    return rect.inflate(rect.w // 4, rect.h // 4).collidepoint(pos)


def draw(surface: pygame.Surface, pressed: bool = False) -> None:
    draw_ouch_button(surface, ouch_rect(surface.get_size()), pressed)
