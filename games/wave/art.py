"""The undersea pictures of the wave game, drawn from shapes: no image files to ship.

Everything takes its size from the caller, so the same fish looks right on every screen.
Moving things (weed, bubbles, tail) are functions of time, not stored state, so a frame
drawn twice at the same moment looks the same, which the reference pictures rely on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache

import pygame

from games.kit.draw import Colour, Point, mix

SKY_TOP: Colour = (150, 220, 255)
SKY_LOW: Colour = (205, 240, 255)
SEA_TOP: Colour = (52, 178, 214)
SEA_DEEP: Colour = (14, 58, 128)
FOAM: Colour = (235, 250, 255)
SAND: Colour = (244, 214, 150)
SAND_DARK: Colour = (214, 178, 112)
WEED: Colour = (46, 170, 110)
WEED_DARK: Colour = (24, 118, 86)
RIBBON: Colour = (96, 214, 232)
RIBBON_LIT: Colour = (150, 240, 240)
RIBBON_EDGE: Colour = (220, 252, 255)
PEARL: Colour = (255, 255, 255)
MISS_GREY: Colour = (150, 160, 172)
FISH: Colour = (255, 128, 32)
FISH_LIGHT: Colour = (255, 178, 90)
WHITE: Colour = (255, 255, 255)
INK: Colour = (30, 24, 60)


def paint_colour(hue_deg: float, strength: float) -> Colour:
    """Paint as on paper: a light touch gives a pale wash, a strong one the deep colour.

    ``strength`` is 0 for the lightest pressure the path asks and 1 for the strongest.
    """
    colour = pygame.Color(0)
    strength = min(1.0, max(0.0, strength))
    colour.hsla = (hue_deg % 360.0, 95.0, 84.0 - 42.0 * strength, 100.0)
    return (colour.r, colour.g, colour.b)


@cache
def background(size: tuple[int, int], surface_y: int, bed_y: int) -> pygame.Surface:
    """Sky, sea with sun shafts, and a sandy bed: the still part of every frame."""
    width, height = size
    bg = pygame.Surface(size)
    for y in range(height):
        if y < surface_y:
            colour = mix(SKY_TOP, SKY_LOW, y / max(1, surface_y))
        else:
            colour = mix(SEA_TOP, SEA_DEEP, (y - surface_y) / max(1, bed_y - surface_y))
        pygame.draw.line(bg, colour, (0, y), (width, y))
    shafts = pygame.Surface(size, pygame.SRCALPHA)
    for i in range(5):
        top = width * (0.12 + 0.21 * i)
        spread = width * 0.05
        pygame.draw.polygon(
            shafts,
            (255, 255, 255, 22),
            [
                (top, surface_y),
                (top + spread, surface_y),
                (top - width * 0.08 + spread * 2.2, bed_y),
                (top - width * 0.08, bed_y),
            ],
        )
    bg.blit(shafts, (0, 0))
    sand = [(0.0, float(height))]
    for i in range(33):
        x = width * i / 32
        sand.append((x, bed_y + height * 0.012 * math.sin(i * 1.3)))
    sand.append((float(width), float(height)))
    pygame.draw.polygon(bg, SAND, sand)
    pygame.draw.aalines(bg, SAND_DARK, False, sand[1:-1])
    return bg


def draw_surface(surface: pygame.Surface, y: int, t_s: float) -> None:
    """The rolling top of the sea with a line of foam."""
    width = surface.get_width()
    amplitude = max(2.0, surface.get_height() * 0.008)
    crest = [(width * i / 40, y + amplitude * math.sin(i * 0.7 + t_s * 2.2)) for i in range(41)]
    pygame.draw.polygon(
        surface, SEA_TOP, [(0, y + amplitude * 2), *crest, (width, y + amplitude * 2)]
    )
    pygame.draw.lines(surface, FOAM, False, crest, max(2, round(amplitude)))


def draw_pebbles(surface: pygame.Surface, bed_y: int, scroll_px: float) -> None:
    """Stones on the sand sliding left, so the sea itself seems to move past the fish."""
    width, height = surface.get_size()
    spacing = width / 7
    for i in range(9):
        x = (i * spacing - scroll_px) % (spacing * 9) - spacing
        y = bed_y + height * (0.045 + 0.03 * ((i * 5) % 3))
        r = height * (0.012 + 0.006 * (i % 3))
        pygame.draw.ellipse(
            surface,
            SAND_DARK,
            pygame.Rect(round(x - r * 1.5), round(y - r), round(r * 3), round(r * 2)),
        )


def draw_weed(surface: pygame.Surface, bed_y: int, scroll_px: float, t_s: float) -> None:
    """Sea grass swaying on the bed, sliding with the pebbles."""
    width, height = surface.get_size()
    spacing = width / 4
    for i in range(6):
        base_x = (i * spacing * 1.13 - scroll_px) % (spacing * 6) - spacing
        tall = height * (0.14 + 0.05 * (i % 3))
        for blade in range(3):
            points = []
            for k in range(6):
                f = k / 5
                sway = math.sin(t_s * 1.6 + i + blade * 0.9 + f * 2.0) * height * 0.025 * f
                points.append(
                    (base_x + blade * height * 0.018 + sway, bed_y + height * 0.02 - tall * f)
                )
            colour = WEED if blade % 2 == 0 else WEED_DARK
            pygame.draw.lines(surface, colour, False, points, max(3, round(height * 0.012)))


def draw_bubbles(surface: pygame.Surface, top: int, bottom: int, t_s: float, seed: int) -> None:
    """A few bubbles rising past, each on its own fixed loop."""
    width, height = surface.get_size()
    span = bottom - top
    for i in range(10):
        k = (seed * 7919 + i * 104729) % 1000 / 1000
        rise = height * (0.06 + 0.05 * k)
        y = bottom - ((t_s * rise + k * span * 3.1) % span)
        x = width * ((k * 13.7 + i * 0.137) % 1.0) + math.sin(t_s * 2 + i) * height * 0.01
        r = max(2, round(height * (0.006 + 0.008 * ((i * 3) % 4) / 3)))
        pygame.draw.circle(surface, FOAM, (round(x), round(y)), r, max(1, r // 3))


def _place(points: Iterable[Point], center: Point, angle: float) -> list[Point]:
    """Turn fish-local points (x forward, y down) by ``angle`` (nose up > 0) onto the screen."""
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = center
    return [(cx + x * cos + y * sin, cy - x * sin + y * cos) for x, y in points]


def _ellipse(a: float, b: float, x0: float = 0.0, y0: float = 0.0, n: int = 24) -> list[Point]:
    return [
        (x0 + a * math.cos(2 * math.pi * i / n), y0 + b * math.sin(2 * math.pi * i / n))
        for i in range(n)
    ]


def _stripe(a: float, b: float, x1: float, x2: float) -> list[Point]:
    """The part of the body ellipse between ``x1`` and ``x2``: a clownfish band."""
    xs = [x1 + (x2 - x1) * i / 6 for i in range(7)]
    top = [(x, -b * math.sqrt(max(0.0, 1 - (x / a) ** 2))) for x in xs]
    return top + [(x, -y) for x, y in reversed(top)]


def _shape(surface: pygame.Surface, colour: Colour, points: Sequence[Point], rim: int) -> None:
    pygame.draw.polygon(surface, colour, points)
    pygame.draw.polygon(surface, INK, points, rim)


def draw_fish(
    surface: pygame.Surface, center: Point, length: float, *, tilt: float, t_s: float, happy: bool
) -> None:
    """A clownfish facing right; its tail beats faster and it smiles while inside the path."""
    a, b = length * 0.42, length * 0.26
    rim = max(2, round(length / 28))
    wag = math.sin(t_s * (16.0 if happy else 9.0)) * 0.35
    root = (-a * 0.85, 0.0)
    tips = [(-length * 0.72, -b * 0.95), (-length * 0.66, 0.0), (-length * 0.72, b * 0.95)]
    tail = [root] + [
        (
            root[0] + (x - root[0]) * math.cos(wag) - y * math.sin(wag),
            y * math.cos(wag) + (x - root[0]) * math.sin(wag),
        )
        for x, y in tips
    ]
    fin = [(-a * 0.35, -b * 0.8), (-a * 0.05, -b * 1.45), (a * 0.3, -b * 0.85)]
    _shape(surface, FISH, _place(tail, center, tilt), rim)
    _shape(surface, FISH, _place(fin, center, tilt), rim)
    _shape(surface, FISH, _place(_ellipse(a, b), center, tilt), rim)
    pygame.draw.polygon(
        surface, FISH_LIGHT, _place(_ellipse(a * 0.7, b * 0.35, 0, b * 0.45), center, tilt)
    )
    for x1, x2 in ((a * 0.22, a * 0.45), (-a * 0.42, -a * 0.18)):
        _shape(surface, WHITE, _place(_stripe(a, b, x1, x2), center, tilt), max(1, rim // 2 + 1))
    flap = math.sin(t_s * 7.0) * b * 0.15
    pectoral = _ellipse(b * 0.42, b * 0.2, -a * 0.05, b * 0.25 + flap, n=12)
    _shape(surface, FISH_LIGHT, _place(pectoral, center, tilt), max(1, rim // 2))
    ((eye_x, eye_y),) = _place([(a * 0.62, -b * 0.22)], center, tilt)
    eye_r = max(3, round(length * 0.085))
    pygame.draw.circle(surface, WHITE, (round(eye_x), round(eye_y)), eye_r)
    pygame.draw.circle(surface, INK, (round(eye_x), round(eye_y)), eye_r, max(1, rim // 2))
    pupil = (round(eye_x + eye_r * 0.25), round(eye_y))
    pygame.draw.circle(surface, INK, pupil, max(2, round(eye_r * 0.55)))
    pygame.draw.circle(
        surface, WHITE, (pupil[0] + eye_r // 4, pupil[1] - eye_r // 4), max(1, eye_r // 4)
    )
    mouth_w = b * (0.55 if happy else 0.35)
    mouth = [
        (
            a * 0.95 - mouth_w * 0.5 * (1 - math.cos(math.pi * i / 6)),
            b * 0.2 + (mouth_w * 0.35 * math.sin(math.pi * i / 6) if happy else 0.0),
        )
        for i in range(7)
    ]
    pygame.draw.lines(surface, INK, False, _place(mouth, center, tilt), max(2, rim))


def draw_sparkle(surface: pygame.Surface, center: Point, radius: float, colour: Colour) -> None:
    """A four-pointed twinkle."""
    cx, cy = center
    thin = radius * 0.28
    points = [
        (cx, cy - radius),
        (cx + thin, cy - thin),
        (cx + radius, cy),
        (cx + thin, cy + thin),
        (cx, cy + radius),
        (cx - thin, cy + thin),
        (cx - radius, cy),
        (cx - thin, cy - thin),
    ]
    pygame.draw.polygon(surface, colour, points)


def draw_splash(surface: pygame.Surface, center: Point, size: float, t_s: float) -> None:
    """Drops thrown up where the fish breaks the surface: "too hard!" without words."""
    cx, cy = center
    for i in range(6):
        phase = (t_s * 2.5 + i / 6) % 1.0
        spread = (i - 2.5) * size * 0.22
        x = cx + spread * (0.5 + phase)
        y = cy - size * 0.9 * math.sin(math.pi * phase)
        r = max(2, round(size * 0.08 * (1.2 - phase)))
        pygame.draw.circle(surface, SEA_TOP, (round(x), round(y)), r)
        pygame.draw.circle(surface, FOAM, (round(x - r / 3), round(y - r / 3)), max(1, r // 3))
