"""Write PNGs of every drawing in ``station.screens.art``, a few animation frames each.

    .venv/bin/python tests/support/art_preview.py [folder]   (default /tmp/art-preview)

Each PNG is a strip of frames on a sky-blue 800x480 backdrop (the station's smallest
screen), so a person can look at them the way a child and a therapist would. Runs
headless.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from station.screens.art import hands, sensors, signs

BACKDROP = (150, 210, 255)
FRAME = (800, 480)
DEFAULT_DIR = Path("/tmp/art-preview")

Painter = Callable[[pygame.Surface, pygame.Rect, int], None]


def strip(path: Path, frames: int, paint: Painter, *, size: tuple[int, int] = FRAME) -> None:
    """``frames`` screens side by side (two rows when many), ``paint`` drawing frame ``i``."""
    cols = min(frames, 4)
    rows = (frames + cols - 1) // cols
    sheet = pygame.Surface((size[0] * cols, size[1] * rows))
    for i in range(frames):
        screen = pygame.Surface(size)
        screen.fill(BACKDROP)
        paint(screen, screen.get_rect(), i)
        sheet.blit(screen, (size[0] * (i % cols), size[1] * (i // cols)))
        pygame.draw.rect(
            sheet, (90, 120, 180), (size[0] * (i % cols), size[1] * (i // cols), *size), 1
        )
    pygame.image.save(sheet, path)


def inset(rect: pygame.Rect, share: float = 0.1) -> pygame.Rect:
    return rect.inflate(-round(rect.width * share), -round(rect.height * share))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    out.mkdir(parents=True, exist_ok=True)
    pygame.init()
    written: list[Path] = []

    def save(name: str, frames: int, paint: Painter, **kw: tuple[int, int]) -> None:
        path = out / f"{name}.png"
        strip(path, frames, paint, **kw)
        written.append(path)

    closures = (0.0, 0.35, 0.7, 1.0)
    save(
        "hand_closure",
        4,
        lambda s, r, i: hands.draw_hand(s, inset(r), hands.HandPose(closures[i], 0.3)),
    )
    save(
        "hand_spread_sides",
        4,
        lambda s, r, i: hands.draw_hand(
            s,
            inset(r),
            hands.HandPose(
                0.0,
                (0.0, 1.0, 0.5, 1.0)[i],
                wrist_angle=(0.0, 0.0, 0.35, -0.35)[i],
                side=("right", "right", "left", "left")[i],
            ),
        ),
    )
    for group, steps in (("warm_up", hands.WARM_UP_STEPS), ("cool_down", hands.COOL_DOWN_STEPS)):
        for step in steps:
            rep = step.rep_seconds
            times = [rep * f for f in (0.0, 0.2, 0.45, 0.7)] + [
                rep * 2 + rep * 0.3,
                step.seconds * 0.6,
                step.seconds - 0.5,
                step.seconds,
            ]

            def paint(s: pygame.Surface, r: pygame.Rect, i: int, st=step, ts=times) -> None:
                hands.draw_step(s, inset(r, 0.06), st, ts[i])

            save(f"{group}_{step.key}", 8, paint)
    squeezes = (0.0, 0.35, 0.7, 1.0)
    save("bulb_grip", 4, lambda s, r, i: sensors.draw_bulb_grip(s, inset(r), squeezes[i], i * 0.3))
    save("pinch", 4, lambda s, r, i: sensors.draw_pinch(s, inset(r), squeezes[i], i * 0.3))
    efforts = (0.0, 0.25, 0.5, 0.75, 0.9, 1.0, 0.5, 1.0)
    save(
        "strong_buddy",
        8,
        lambda s, r, i: sensors.draw_strong_buddy(
            s, inset(r), efforts[i], i * 0.37, "pinch" if i >= 6 else "grip"
        ),
    )
    save(
        "squeeze_to_start",
        4,
        lambda s, r, i: signs.draw_squeeze_to_start(s, inset(r, 0.2), i * signs.START_LOOP_S / 4),
    )
    save(
        "squeeze_to_start_tall",
        2,
        lambda s, r, i: signs.draw_squeeze_to_start(
            s, pygame.Rect(r.centerx - 110, 10, 220, r.height - 20), i * signs.START_LOOP_S / 4
        ),
    )
    save(
        "ouch_button",
        4,
        lambda s, r, i: signs.draw_ouch_button(s, inset(r, (0.3, 0.3, 0.8, 0.8)[i]), bool(i % 2)),
    )
    save(
        "check_cable",
        4,
        lambda s, r, i: signs.draw_check_cable(s, inset(r), i * signs.CABLE_LOOP_S / 4),
    )
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
