"""The games' one typeface: Fredoka One (SIL OFL 1.1), shipped in ``assets/fonts/``.

A rounded, heavy face reads well from two metres and suits children. The file lives in
the repository's ``assets/`` next to ``games/``, which an editable install sees as is.
A wheel does not carry ``assets/`` (it is not a package); one built for the Pi would
need ``[tool.setuptools.data-files]`` or the fonts moved under ``games/`` as package
data, and ``GRIP_STATION_ASSETS`` can point at wherever the folder ends up.
"""

from __future__ import annotations

import os
from pathlib import Path

import pygame

from games.kit.draw import SurfaceCache

FONT_FILE = "FredokaOne-Regular.ttf"
MIN_PX = 8
OUTLINE: tuple[int, int, int] = (30, 24, 60)

OUTLINED_BUDGET_BYTES = 4 * 1024 * 1024

_fonts: dict[int, pygame.font.Font] = {}
_outlined = SurfaceCache(OUTLINED_BUDGET_BYTES)


def assets_dir() -> Path:
    """The assets folder: ``$GRIP_STATION_ASSETS`` if set, else the one beside ``games/``."""
    override = os.environ.get("GRIP_STATION_ASSETS", "")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "assets"


def font_path() -> Path:
    path = assets_dir() / "fonts" / FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"the games' font is missing: expected {path}; reinstall grip-station or set "
            "GRIP_STATION_ASSETS to the folder that holds fonts/"
        )
    return path


def get(px: int) -> pygame.font.Font:
    """The game font at ``px`` pixels, loaded once per size (sizes repeat every frame)."""
    if not pygame.font.get_init():
        pygame.font.init()
    px = max(MIN_PX, int(px))
    font = _fonts.get(px)
    if font is not None:
        try:
            font.get_height()
        except pygame.error:  # made before a pygame.quit(): every cached font is dead
            _fonts.clear()
            _outlined.clear()
            font = None
    if font is None:
        font = _fonts[px] = pygame.font.Font(font_path(), px)
    return font


def render(text: str, px: int, colour: tuple[int, int, int]) -> pygame.Surface:
    """``text`` drawn anti-aliased in the game font on a transparent background."""
    return get(px).render(text, True, colour)


def render_outlined(
    text: str, px: int, colour: tuple[int, int, int], outline: tuple[int, int, int] = OUTLINE
) -> pygame.Surface:
    """Text with a dark rim, readable on any sky, sea or confetti behind it.

    Kept between frames: a score is drawn 60 times a second and the rim costs a few
    dozen blits. The cache keeps to a memory budget (``SurfaceCache``).
    """
    key = (text, px, colour, outline)
    cached = _outlined.get(key)
    if cached is not None:
        return cached
    core = render(text, px, colour)
    rim = render(text, px, outline)
    thickness = max(1, px // 14)
    out = pygame.Surface(
        (core.get_width() + 2 * thickness, core.get_height() + 2 * thickness), pygame.SRCALPHA
    )
    for dx in range(-thickness, thickness + 1):
        for dy in range(-thickness, thickness + 1):
            if dx * dx + dy * dy <= thickness * thickness:
                out.blit(rim, (thickness + dx, thickness + dy))
    out.blit(core, (thickness, thickness))
    return _outlined.put(key, out)
