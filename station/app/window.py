"""The one window every screen of the station is drawn in."""

from __future__ import annotations

import pygame

SIZE_DEFAULT = (800, 480)
"""The official 7" Raspberry Pi display: the smallest screen the station supports."""


def open_window(size: tuple[int, int], fullscreen: bool, title: str) -> pygame.Surface:
    """A window of ``size``, or the whole screen with the cursor hidden (a touch kiosk)."""
    pygame.display.init()
    pygame.display.set_caption(f"Grip station: {title}")
    if fullscreen:
        pygame.mouse.set_visible(False)
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    return pygame.display.set_mode(size)
