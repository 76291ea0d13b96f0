"""The sea around the crab: water, light rays, sand, rocks, seaweed, bubbles and fish.

The still parts are drawn once per screen size and reused; the moving parts are pure
functions of the game's clock, so a given moment always looks the same (reference
pictures stay stable) and nothing needs per-frame state.
"""

from __future__ import annotations

import math
import random
from functools import cache

import pygame

from games.kit.draw import Colour, mix, ready
from games.kit.layout import Viewport

WATER_TOP: Colour = (64, 196, 230)
WATER_DEEP: Colour = (18, 70, 140)
RAY: Colour = (210, 250, 255)
SAND: Colour = (246, 214, 150)
SAND_SHADE: Colour = (222, 184, 118)
SAND_GRAIN: Colour = (204, 164, 104)
ROCK: Colour = (94, 116, 150)
ROCK_LIGHT: Colour = (130, 152, 186)
WEED: tuple[Colour, ...] = ((48, 168, 96), (32, 140, 110), (88, 190, 80))
BUBBLE: Colour = (225, 248, 255)
FISH: tuple[Colour, ...] = ((255, 170, 60), (250, 110, 150))

SAND_TOP = 0.8
"""Fraction of the height where the sea floor begins: the crab walks on this line."""

_WEED_ROOTS = (0.12, 0.16, 0.47, 0.52, 0.66, 0.94, 0.97)
_BUBBLES = 18


def sand_y(vp: Viewport, fx: float) -> float:
    """The height of the gently rolling sand surface at ``fx`` (fraction of the width)."""
    return vp.height * (SAND_TOP + 0.012 * math.sin(fx * 9.0) + 0.006 * math.sin(fx * 23.0))


@cache
def backdrop(size: tuple[int, int]) -> pygame.Surface:
    """Water, light rays, sand and rocks: everything that never moves, for one screen size."""
    vp = Viewport(size)
    surface = pygame.Surface(size)
    for y in range(vp.height):
        pygame.draw.line(surface, mix(WATER_TOP, WATER_DEEP, y / vp.height), (0, y), (vp.width, y))
    _rays(surface, vp)
    _sand(surface, vp)
    return ready(surface, alpha=False)


def _rays(surface: pygame.Surface, vp: Viewport) -> None:
    rays = pygame.Surface(vp.size, pygame.SRCALPHA)
    for i, (top, spread, alpha) in enumerate(
        ((0.18, 0.1, 34), (0.38, 0.07, 26), (0.6, 0.12, 30), (0.82, 0.08, 22))
    ):
        lean = 0.12 + 0.03 * i
        polygon = [
            vp.point(top - 0.03, 0.0),
            vp.point(top + 0.03, 0.0),
            vp.point(top + lean + spread, SAND_TOP),
            vp.point(top + lean - spread, SAND_TOP),
        ]
        pygame.draw.polygon(rays, (*RAY, alpha), polygon)
    surface.blit(rays, (0, 0))


def _sand(surface: pygame.Surface, vp: Viewport) -> None:
    steps = 48
    top = [(vp.width * i / steps, sand_y(vp, i / steps)) for i in range(steps + 1)]
    pygame.draw.polygon(surface, SAND, [*top, (vp.width, vp.height), (0, vp.height)])
    shade = [(x, y + vp.h(0.06)) for x, y in top]
    pygame.draw.polygon(surface, SAND_SHADE, [*shade, (vp.width, vp.height), (0, vp.height)])
    pygame.draw.lines(surface, SAND_SHADE, False, top, vp.line(3))
    grains = random.Random(11)
    for _ in range(140):
        fx = grains.random()
        y = sand_y(vp, fx) + grains.random() * (vp.height - sand_y(vp, fx))
        pygame.draw.circle(surface, SAND_GRAIN, (vp.x(fx), round(y)), vp.line(1.5))
    for fx, fw, fh in ((0.04, 0.09, 0.07), (0.58, 0.06, 0.045), (0.91, 0.1, 0.08)):
        base = sand_y(vp, fx + fw / 2)
        rect = pygame.Rect(vp.x(fx), round(base - vp.h(fh)), vp.w(fw), vp.h(fh * 1.6))
        pygame.draw.ellipse(surface, ROCK, rect)
        shine = rect.inflate(-rect.width // 2, -rect.height // 2).move(
            -rect.width // 8, -rect.height // 6
        )
        pygame.draw.ellipse(surface, ROCK_LIGHT, shine)


def draw_seaweed(surface: pygame.Surface, t_s: float) -> None:
    """Strands that sway in the current, bending more towards their tips.

    Each strand is one polygon, a tapering ribbon whose outline juts out into leaves:
    one draw call per strand keeps the sea floor cheap enough for a Raspberry Pi.
    """
    vp = Viewport.of(surface)
    segments = 6
    leaf_out, leaf_up = vp.h(0.045), vp.h(0.035)
    for i, root in enumerate(_WEED_ROOTS):
        base_x, base_y = vp.x(root), sand_y(vp, root) + vp.h(0.02)
        length = vp.h(0.28 + 0.02 * ((i * 37) % 5))
        half = vp.h(0.012)
        left: list[tuple[float, float]] = []
        right: list[tuple[float, float]] = []
        for k in range(segments + 1):
            up = k / segments
            x = base_x + math.sin(t_s * 1.2 + i * 1.7 + up * 2.2) * vp.h(0.05) * up
            y = base_y - length * up
            width = half * (1.0 - 0.6 * up)
            left.append((x - width, y))
            right.append((x + width, y))
            if k % 2 == 0 and k > 0:  # a leaf, on alternating sides
                side, edge = (left, -1) if (k // 2 + i) % 2 == 0 else (right, 1)
                side.append((x + edge * leaf_out, y - leaf_up))
                side.append((x + edge * width, y - leaf_up * 0.8))
        pygame.draw.polygon(surface, WEED[i % len(WEED)], left + right[::-1])


@cache
def _bubble_paths(seed: int) -> tuple[tuple[float, float, float, float], ...]:
    """Each bubble's column, rise time, starting point and size, fixed for a game."""
    rng = random.Random(seed)
    return tuple(
        (rng.uniform(0.15, 0.98), rng.uniform(5.0, 9.0), rng.random(), rng.uniform(0.008, 0.022))
        for _ in range(_BUBBLES)
    )


def draw_bubbles(surface: pygame.Surface, t_s: float, seed: int) -> None:
    """Bubbles rising from the sand and wobbling as they go, on an endless loop."""
    vp = Viewport.of(surface)
    rim = vp.line(2)
    for fx, rise_s, offset, size in _bubble_paths(seed):
        radius = vp.h(size)
        climb = (t_s / rise_s + offset) % 1.0
        y = vp.height * SAND_TOP * (1.0 - climb)
        x = vp.x(fx) + math.sin(t_s * 2.0 + offset * 9.0) * vp.h(0.012)
        draw_bubble(surface, (x, y), radius, rim)


def draw_bubble(
    surface: pygame.Surface, center: tuple[float, float], radius: int, rim: int
) -> None:
    """One bubble: a bright ring with a glint, see-through in the middle."""
    pygame.draw.circle(surface, BUBBLE, center, radius, min(rim, radius))
    glint = (center[0] - radius * 0.35, center[1] - radius * 0.35)
    pygame.draw.circle(surface, BUBBLE, glint, max(1, radius // 4))


def draw_fish(surface: pygame.Surface, t_s: float) -> None:
    """Two little fish patrolling the open water, turning round at each end of their lap.

    They stay clear of the gauge at the left edge, where a fin could pass for a marker.
    """
    vp = Viewport.of(surface)
    for i, colour in enumerate(FISH):
        angle = math.tau * t_s / (19.0 + 7.0 * i) + 2.0 * i
        x = vp.x(0.58 + 0.32 * math.sin(angle))
        direction = 1 if math.cos(angle) > 0 else -1
        y = vp.y(0.3 + 0.12 * i) + math.sin(t_s * 1.5 + i) * vp.h(0.02)
        size = vp.h(0.035)
        wag = math.sin(t_s * 9.0 + i) * size * 0.25
        body = pygame.Rect(0, 0, round(size * 2.2), round(size * 1.3))
        body.center = (x, round(y))
        tail_root = x - direction * size * 0.9
        tail = [
            (tail_root, y),
            (tail_root - direction * size * 0.8, y - size * 0.6 + wag),
            (tail_root - direction * size * 0.8, y + size * 0.6 + wag),
        ]
        pygame.draw.polygon(surface, colour, tail)
        pygame.draw.ellipse(surface, colour, body)
        eye = (x + direction * size * 0.55, y - size * 0.12)
        pygame.draw.circle(surface, (255, 255, 255), eye, max(2, size // 4))
        pygame.draw.circle(surface, (30, 24, 60), eye, max(1, size // 8))
