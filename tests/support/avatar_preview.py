"""Write preview PNGs of the station's own pictures, to look at them as a child would.

    .venv/bin/python -m tests.support.avatar_preview [folder]   (default /tmp/avatar-preview)

Writes a sheet of every avatar (and the guest) at radius 40 and at radius 120, and each
reward, rest and stopped picture on an 800x480 screen at a few moments.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from station.screens.art import avatars, rest, rewards

SCREEN = (800, 480)
BACKGROUND = (14, 18, 32)
"""The station screens' dark background (station.screens.ui.BACKGROUND)."""
LIGHT = (236, 240, 255)


def avatar_sheet(radius: int, columns: int, t_s: float = 0.4) -> pygame.Surface:
    keys = [*avatars.AVATARS, "no-such-avatar"]
    cell = 2 * radius + max(8, radius // 3)
    rows = -(-(len(keys) + 1) // columns)
    sheet = pygame.Surface((columns * cell, rows * cell))
    sheet.fill(BACKGROUND)
    for i, key in enumerate([*keys, None]):
        row, col = divmod(i, columns)
        center = (col * cell + cell // 2, row * cell + cell // 2)
        if key is None:
            avatars.draw_guest(sheet, center, radius, t_s)
        else:
            avatars.draw_avatar(sheet, key, center, radius)
    return sheet


def screen_picture(draw: object, t_s: float, *extra: float, light: bool = False) -> pygame.Surface:
    surface = pygame.Surface(SCREEN)
    surface.fill(LIGHT if light else BACKGROUND)
    rect = pygame.Rect(0, 0, *SCREEN)
    draw(surface, rect, t_s, *extra)  # type: ignore[operator]
    return surface


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(name: str, picture: pygame.Surface) -> None:
        path = folder / f"{name}.png"
        pygame.image.save(picture, str(path))
        written.append(path)

    save("avatars-r40", avatar_sheet(40, 9))
    save("avatars-r120", avatar_sheet(120, 6))
    guests = pygame.Surface((4 * 260, 260))
    guests.fill(BACKGROUND)
    for i in range(4):
        avatars.draw_guest(guests, (130 + 260 * i, 130), 120, i * 0.35)
    save("guest-frames", guests)
    for t_s in (0.0, 0.7):
        tag = f"t{round(t_s * 10):02d}"
        for share in (0.0, 0.5, 1.0):
            save(
                f"trophy-{round(share * 100):03d}-{tag}",
                screen_picture(rewards.draw_trophy, t_s, share),
            )
        save(f"better-{tag}", screen_picture(rewards.draw_better_arrow, t_s))
        save(f"same-{tag}", screen_picture(rewards.draw_same_arrow, t_s))
        save(f"done-{tag}", screen_picture(rewards.draw_done_flag, t_s))
        for share in (1.0, 0.6, 0.1):
            save(
                f"rest-{round(share * 100):03d}-{tag}",
                screen_picture(rest.draw_rest_buddy, t_s, share),
            )
        save(f"stopped-{tag}", screen_picture(rest.draw_stopped, t_s))
    small = pygame.Surface((800, 200))
    small.fill(BACKGROUND)
    pictures = (
        (rewards.draw_trophy, (1.0,)),
        (rewards.draw_better_arrow, ()),
        (rewards.draw_same_arrow, ()),
        (rewards.draw_done_flag, ()),
    )
    for i, (draw, extra) in enumerate(pictures):
        draw(small, pygame.Rect(10 + 200 * i, 10, 180, 180), 0.3, *extra)
    save("rewards-tiles", small)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("/tmp/avatar-preview")
    pygame.init()
    try:
        for path in write_all(folder):
            print(path)
    finally:
        pygame.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
