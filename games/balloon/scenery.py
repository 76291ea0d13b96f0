"""The world the balloon flies over: sky, smiling sun, clouds, rolling hills and a meadow.

All of it is drawn once per screen size and then only blitted, because a Raspberry Pi
must keep 60 frames a second. Layers scroll at different speeds (parallax) and each is
exactly one screen wide with whole waves only, so two copies side by side tile without
a seam. The sky and the far hills share one opaque picture: copying it is the cheapest
blit there is.
"""

from __future__ import annotations

import math
import random

import pygame

from games.balloon.art import CLOUD, CLOUD_SHADE, INK, Layout, cutout
from games.kit import hud
from games.kit.draw import Colour, mix, ready

SKY_TOP: Colour = (86, 164, 236)
SKY_HORIZON: Colour = (196, 234, 255)
SUN: Colour = (255, 214, 64)
SUN_RIM: Colour = (246, 160, 40)
SUN_GLOW: Colour = (255, 244, 190)
HILL_FAR: Colour = (150, 206, 168)
HILL_MID: Colour = (112, 192, 110)
HILL_MID_TOP: Colour = (138, 210, 120)
TREE: Colour = (62, 150, 80)
TREE_LIGHT: Colour = (92, 178, 96)
TRUNK: Colour = (128, 88, 60)
MEADOW: Colour = (96, 184, 78)
MEADOW_LIP: Colour = (140, 214, 96)
MEADOW_DARK: Colour = (80, 162, 68)
FLOWERS: tuple[Colour, ...] = ((255, 255, 255), (255, 214, 64), (255, 130, 170), (190, 150, 255))

FAR_CLOUDS, NEAR_CLOUDS, FAR_HILLS, MID_HILLS = 0.08, 0.22, 0.2, 0.45
"""How fast each layer scrolls, as a share of the ground's speed: far things move less."""
STEP_PX = 4
"""Spacing of the points along a hill's crest."""


def puff_cloud(width: float, rng: random.Random) -> pygame.Surface:
    """A cartoon cloud: overlapping puffs on a flat bottom, with a soft blue shade under it."""
    height = width * 0.55
    surface = pygame.Surface((math.ceil(width), math.ceil(height)), pygame.SRCALPHA)
    base = height * 0.82
    puffs = []
    count = 5
    for i in range(count):
        t = (i + 0.5) / count
        r = width * (0.12 + 0.1 * math.sin(math.pi * t)) * rng.uniform(0.85, 1.1)
        puffs.append((width * (0.14 + 0.72 * t), base - r * rng.uniform(0.55, 0.8), r))
    left, right = puffs[0][0], puffs[-1][0]
    lip = height * 0.07
    for x, y, r in puffs:
        pygame.draw.circle(surface, CLOUD_SHADE, (x, y + lip), r)
    pygame.draw.rect(surface, CLOUD_SHADE, (left, base - height * 0.2, right - left, height * 0.2))
    for x, y, r in puffs:
        pygame.draw.circle(surface, CLOUD, (x, y), r)
    pygame.draw.rect(surface, CLOUD, (left, base - height * 0.2 - lip, right - left, height * 0.2))
    pygame.draw.rect(surface, (0, 0, 0, 0), (0, base, width, height))
    return surface


def _crest(width: int, rng: random.Random, top: float, swing: float) -> list[float]:
    """A wavy line of period ``width``: whole waves only, so the strip repeats seamlessly."""
    waves = (1, 2, 3)
    phases = [rng.uniform(0, 2 * math.pi) for _ in waves]
    total = sum(1.0 / k for k in waves)
    return [
        top
        + swing
        * sum(
            math.sin(2 * math.pi * k * x / width + p) / k
            for k, p in zip(waves, phases, strict=True)
        )
        / total
        for x in range(0, width + STEP_PX, STEP_PX)
    ]


def _fill_below(surface: pygame.Surface, crest: list[float], colour: Colour) -> None:
    width, height = surface.get_size()
    points = [(i * STEP_PX, y) for i, y in enumerate(crest)]
    pygame.draw.polygon(surface, colour, [(0, height), *points, (width, height)])


def _tree(surface: pygame.Surface, x: float, ground: float, size: float) -> None:
    pygame.draw.rect(surface, TRUNK, (x - size * 0.12, ground - size * 0.9, size * 0.24, size))
    pygame.draw.circle(surface, TREE, (x, ground - size * 1.15), size * 0.55)
    pygame.draw.circle(surface, TREE_LIGHT, (x - size * 0.16, ground - size * 1.3), size * 0.25)


class Backdrop:
    """Every still layer for one screen size and one seed, ready to blit."""

    def __init__(self, layout: Layout, seed: int) -> None:
        self.layout = layout
        rng = random.Random(seed)
        self.sky = self._sky_with_far_hills(rng)
        self.sun = self._sun()
        self.far_clouds = self._clouds(rng, count=4, size=(0.16, 0.22), band=(0.12, 0.3))
        self.near_clouds = self._clouds(rng, count=3, size=(0.22, 0.3), band=(0.22, 0.46))
        self.mid_top = round(layout.u(0.56))
        self.mid_hills, self.mid_solid = self._mid_hills(rng)
        self.meadow = self._meadow(rng)

    def draw_sky(self, surface: pygame.Surface, scroll: float) -> None:
        """Everything behind the gates: sky, sun, clouds, hills."""
        _wrap_strip(surface, self.sky, 0, scroll * FAR_HILLS)
        surface.blit(self.sun, (0, 0))
        self._wrap_sprites(surface, self.far_clouds, scroll * FAR_CLOUDS)
        self._wrap_sprites(surface, self.near_clouds, scroll * NEAR_CLOUDS)
        _wrap_strip(surface, self.mid_hills, self.mid_top, scroll * MID_HILLS)
        solid_top = self.mid_top + self.mid_hills.get_height()
        surface.fill(HILL_MID, (0, solid_top, self.layout.width, self.layout.height - solid_top))

    def draw_meadow(self, surface: pygame.Surface, scroll: float) -> None:
        _wrap_strip(surface, self.meadow, round(self.layout.ground_y), scroll)

    def _sky_with_far_hills(self, rng: random.Random) -> pygame.Surface:
        lay = self.layout
        w, h = lay.width, lay.height
        sky = pygame.Surface((w, h))
        for y in range(h):
            t = min(1.0, y / (h * 0.75)) ** 1.3
            pygame.draw.line(sky, mix(SKY_TOP, SKY_HORIZON, t), (0, y), (w, y))
        _fill_below(sky, _crest(w, rng, lay.u(0.68), lay.u(0.06)), HILL_FAR)
        return ready(sky, alpha=False)

    def _sun(self) -> pygame.Surface:
        """The sun with its glow and rays, in the top-left corner of a see-through sprite."""
        lay = self.layout
        glow_r = lay.u(0.2)
        centre = (lay.u(0.16), lay.u(0.15))
        size = (math.ceil(centre[0] + glow_r), math.ceil(centre[1] + glow_r))
        sun = pygame.Surface(size, pygame.SRCALPHA)
        for i in range(12, 0, -1):
            alpha = 4 + round(90 * (1 - i / 12) ** 1.2)
            pygame.draw.circle(sun, (*SUN_GLOW, alpha), centre, glow_r * i / 12)
        r = lay.u(0.065)
        for i in range(12):
            a = i * math.pi / 6 + 0.1
            reach = r * (1.55 if i % 2 == 0 else 1.35)
            base = [(a - 0.13), (a + 0.13)]
            points = [
                (centre[0] + r * 0.9 * math.cos(b), centre[1] + r * 0.9 * math.sin(b)) for b in base
            ]
            points.insert(1, (centre[0] + reach * math.cos(a), centre[1] + reach * math.sin(a)))
            pygame.draw.polygon(sun, SUN, points)
        pygame.draw.circle(sun, SUN_RIM, centre, r)
        pygame.draw.circle(sun, SUN, centre, r * 0.9)
        for dx in (-0.32, 0.32):
            pygame.draw.circle(sun, INK, (centre[0] + dx * r, centre[1] - 0.15 * r), r * 0.11)
        for dx in (-0.55, 0.55):
            pygame.draw.circle(sun, SUN_RIM, (centre[0] + dx * r, centre[1] + 0.2 * r), r * 0.12)
        smile = pygame.Rect(0, 0, r * 0.9, r * 0.7)
        smile.center = (round(centre[0]), round(centre[1] + 0.08 * r))
        pygame.draw.arc(sun, INK, smile, math.pi * 1.15, math.pi * 1.85, max(2, round(r / 12)))
        return ready(sun)

    def _clouds(
        self,
        rng: random.Random,
        *,
        count: int,
        size: tuple[float, float],
        band: tuple[float, float],
    ) -> list[tuple[pygame.Surface, float, float]]:
        """Clouds spread across one screen width (they wrap): sprite, x, y."""
        clouds = []
        for i in range(count):
            width = self.layout.u(rng.uniform(*size))
            x = self.layout.width * (i + rng.uniform(0.1, 0.7)) / count
            y = self.layout.u(rng.uniform(*band))
            clouds.append((cutout(puff_cloud(width, rng)), x, y))
        return clouds

    def _mid_hills(self, rng: random.Random) -> tuple[pygame.Surface, int]:
        """The green hills with trees; below their lowest dip they are a plain fill."""
        lay = self.layout
        w = lay.width
        crest = _crest(w, rng, lay.u(0.16), lay.u(0.05))
        lip_w = max(2, round(lay.u(0.012)))
        height = math.ceil(max(crest) + 2 * lip_w)
        strip = pygame.Surface((w, height), pygame.SRCALPHA)
        _fill_below(strip, crest, HILL_MID)
        lip = [(i * STEP_PX, y + lip_w) for i, y in enumerate(crest)]
        pygame.draw.lines(strip, HILL_MID_TOP, False, lip, lip_w)
        for _ in range(7):
            x = rng.uniform(0, w)
            ground = crest[min(len(crest) - 1, round(x / STEP_PX))] + lay.u(0.03)
            size = lay.u(rng.uniform(0.04, 0.06))
            for copy in (x - w, x, x + w):  # three copies, so a tree on the seam tiles
                _tree(strip, copy, ground, size)
        return cutout(strip), height

    def _meadow(self, rng: random.Random) -> pygame.Surface:
        lay = self.layout
        w = lay.width
        top = round(lay.ground_y)
        depth = lay.height - top
        meadow = pygame.Surface((w, depth))
        meadow.fill(MEADOW)
        lip = max(2, round(lay.u(0.014)))
        pygame.draw.rect(meadow, MEADOW_LIP, (0, 0, w, lip))
        for row in range(3):
            y = depth * (0.35 + 0.22 * row)
            pygame.draw.line(meadow, MEADOW_DARK, (0, y), (w, y), max(1, lip // 2))
        blade = lay.u(0.018)
        for _ in range(int(w / lay.u(0.05))):
            x, y = rng.uniform(0, w), rng.uniform(lip, depth - blade)
            for copy in (x - w, x, x + w):
                for side in (-0.3, 0.3):
                    pygame.draw.line(
                        meadow, MEADOW_DARK, (copy, y), (copy + side * blade, y - blade), 2
                    )
        r = lay.u(0.007)
        for _ in range(int(w / lay.u(0.09))):
            x, y = rng.uniform(0, w), rng.uniform(lip * 2, depth - lip)
            colour = rng.choice(FLOWERS)
            for copy in (x - w, x, x + w):
                for k in range(5):
                    a = k * 2 * math.pi / 5
                    petal = (copy + r * math.cos(a), y + r * math.sin(a))
                    pygame.draw.circle(meadow, colour, petal, r * 0.8)
                pygame.draw.circle(meadow, hud.GOLD, (copy, y), r * 0.6)
        return ready(meadow, alpha=False)

    def _wrap_sprites(
        self,
        surface: pygame.Surface,
        sprites: list[tuple[pygame.Surface, float, float]],
        scroll: float,
    ) -> None:
        w = self.layout.width
        shift = (scroll * w) % w
        for sprite, x, y in sprites:
            left = (x - shift) % w
            for copy in (left - w, left):
                if copy + sprite.get_width() > 0 and copy < w:
                    surface.blit(sprite, (round(copy), round(y)))


def _wrap_strip(surface: pygame.Surface, strip: pygame.Surface, top: int, scroll: float) -> None:
    """Blit a strip one screen wide twice, side by side, shifted by ``scroll`` widths."""
    w = strip.get_width()
    left = -round((scroll * w) % w)
    surface.blit(strip, (left, top))
    surface.blit(strip, (left + w, top))
