"""Things the crab handles: the treasures, the chest, and the little bursts of effect.

Each function draws at a given centre and size unit, so the scene decides where and how
big, and the same treasure looks alike on the sand, in the claw and on the gauge.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from games.crab.model import Treasure
from games.crab.sea import BUBBLE, SAND_SHADE, draw_bubble
from games.kit.draw import Colour, Point, mix
from games.kit.hud import GOLD, GOLD_DARK, INK, draw_star, star_points

PEARL: Colour = (252, 244, 250)
PEARL_RIM: Colour = (190, 170, 205)
SHELL: Colour = (255, 176, 150)
SHELL_RIM: Colour = (214, 110, 100)
STARFISH: Colour = (255, 150, 60)
STARFISH_RIM: Colour = (205, 90, 40)
STRAIN: Colour = (255, 110, 110)
"""The colour a treasure blushes towards when squeezed too hard."""
WOOD: Colour = (156, 92, 46)
WOOD_DARK: Colour = (104, 58, 30)
CHEST_INSIDE: Colour = (70, 36, 20)
GLOW: Colour = (255, 240, 150)
MAX_COINS = 7


def treasure_colour(kind: Treasure) -> Colour:
    """The main colour of a treasure, for the bits that fly when it pops."""
    return {Treasure.PEARL: PEARL_RIM, Treasure.SHELL: SHELL, Treasure.STARFISH: STARFISH}[kind]


def draw_treasure(
    surface: pygame.Surface, kind: Treasure, center: Point, radius: float, strain: float = 0.0
) -> None:
    """A treasure; ``strain`` (0-1) flattens it between the jaws and flushes it red."""
    sx = 1.0 + 0.3 * strain
    sy = 1.0 - 0.45 * strain
    rim = max(1, round(radius / 6))
    cx, cy = center
    if kind is Treasure.PEARL:
        rect = pygame.Rect(0, 0, round(2 * radius * sx), round(2 * radius * sy))
        rect.center = (round(cx), round(cy))
        pygame.draw.ellipse(surface, mix(PEARL, STRAIN, strain), rect)
        pygame.draw.ellipse(surface, PEARL_RIM, rect, rim)
        glint = rect.inflate(-rect.width * 0.6, -rect.height * 0.6)
        glint.move_ip(-radius * 0.3, -radius * 0.3 * sy)
        pygame.draw.ellipse(surface, (255, 255, 255), glint)
    elif kind is Treasure.SHELL:
        fan = [
            (cx + radius * sx * math.cos(a), cy + radius * 0.35 * sy - radius * sy * math.sin(a))
            for a in (math.pi * i / 10 for i in range(11))
        ]
        hinge = (cx, cy + radius * 0.75 * sy)
        pygame.draw.polygon(surface, mix(SHELL, STRAIN, strain), [*fan, hinge])
        for point in fan[2:-1:2]:
            pygame.draw.line(surface, SHELL_RIM, hinge, point, rim)
        pygame.draw.polygon(surface, SHELL_RIM, [*fan, hinge], rim)
    else:
        points = [
            (cx + (x - cx) * sx, cy + (y - cy) * sy)
            for x, y in star_points(center, radius * 1.15, 0.0, inner=0.5)
        ]
        pygame.draw.polygon(surface, mix(STARFISH, STRAIN, strain), points)
        pygame.draw.polygon(surface, STARFISH_RIM, points, rim)
        for x, y in points[::2]:
            dot = (cx + (x - cx) * 0.55, cy + (y - cy) * 0.55)
            pygame.draw.circle(surface, STARFISH_RIM, dot, max(1, radius / 9))


def draw_chest(
    surface: pygame.Surface, bottom_center: Point, unit: int, lid_open: float, loot: int
) -> None:
    """The treasure chest on the sand; the lid swings up as the crab arrives.

    ``loot`` is how many treasures are inside: gold peeks out once there is any.
    The chest changes only now and then, so it is drawn once per look and reused.
    """
    sprite = _chest_sprite(unit, round(lid_open, 2), min(loot, MAX_COINS))
    width, height = sprite.get_size()
    surface.blit(sprite, (round(bottom_center[0] - width / 2), round(bottom_center[1] - height)))


@lru_cache(maxsize=64)
def _chest_sprite(unit: int, lid_open: float, loot: int) -> pygame.Surface:
    sprite = pygame.Surface((round(2.0 * unit), round(2.3 * unit)), pygame.SRCALPHA)
    _paint_chest(sprite, (sprite.get_width() / 2, sprite.get_height()), unit, lid_open, loot)
    return sprite


def _paint_chest(
    surface: pygame.Surface, bottom_center: Point, unit: float, lid_open: float, loot: int
) -> None:
    cx, bottom = bottom_center
    width, height = 1.9 * unit, 1.0 * unit
    line = max(2, round(unit / 14))
    box = pygame.Rect(0, 0, round(width), round(height))
    box.midbottom = (round(cx), round(bottom))
    lid_h = 0.5 * unit
    if lid_open > 0:
        # The lid swings back on its hinge: from the front we see its inside, standing up.
        tall = round(lid_h + lid_open * 0.6 * unit)
        inside = pygame.Rect(box.left, box.top - tall, box.width, tall + line)
        dome = {"border_top_left_radius": round(lid_h), "border_top_right_radius": round(lid_h)}
        pygame.draw.rect(surface, WOOD_DARK, inside, **dome)
        pygame.draw.rect(surface, INK, inside, line, **dome)
        mouth = pygame.Rect(box.left, round(box.top - 0.18 * unit), box.width, round(0.36 * unit))
        pygame.draw.ellipse(surface, CHEST_INSIDE, mouth)
        glow = mouth.inflate(-box.width * 0.2, -mouth.height * 0.3)
        pygame.draw.ellipse(surface, mix(CHEST_INSIDE, GLOW, lid_open), glow)
    for i in range(loot):
        coin = (box.left + box.width * (0.2 + 0.1 * i), box.top - unit * 0.05 * (1 + i % 3))
        pygame.draw.circle(surface, GOLD, coin, unit * 0.17)
        pygame.draw.circle(surface, GOLD_DARK, coin, unit * 0.17, line)
    pygame.draw.rect(surface, WOOD, box, border_radius=round(unit * 0.12))
    for k in (1, 2):
        y = box.top + box.height * k / 3
        pygame.draw.line(surface, WOOD_DARK, (box.left, y), (box.right, y), line)
    for x in (box.left + box.width * 0.14, box.right - box.width * 0.14):
        band = pygame.Rect(0, 0, round(unit * 0.2), box.height)
        band.midtop = (round(x), box.top)
        pygame.draw.rect(surface, GOLD, band)
        pygame.draw.rect(surface, GOLD_DARK, band, line)
    pygame.draw.rect(surface, INK, box, line, border_radius=round(unit * 0.12))
    if lid_open <= 0:
        lid = pygame.Rect(box.left, round(box.top - lid_h), box.width, round(lid_h + line))
        dome = {"border_top_left_radius": round(lid_h), "border_top_right_radius": round(lid_h)}
        pygame.draw.rect(surface, WOOD, lid, **dome)
        pygame.draw.rect(surface, INK, lid, line, **dome)
    lock = pygame.Rect(0, 0, round(unit * 0.34), round(unit * 0.4))
    lock.center = (round(cx), box.top + round(unit * 0.12))
    pygame.draw.rect(surface, GOLD, lock, border_radius=round(unit * 0.08))
    pygame.draw.rect(surface, GOLD_DARK, lock, line, border_radius=round(unit * 0.08))
    pygame.draw.circle(surface, INK, (lock.centerx, lock.centery - unit * 0.03), unit * 0.05)


def draw_sparkles(surface: pygame.Surface, center: Point, unit: float, age: float) -> None:
    """Stars bursting up out of the chest; ``age`` 0-1 runs from burst to fade."""
    cx, cy = center
    for i in range(7):
        angle = -math.pi / 2 + (i - 3) * 0.36
        reach = unit * (0.5 + 3.0 * age) * (1.0 if i % 2 else 0.7)
        size = unit * 0.42 * (1.0 - 0.8 * age) * (1.0 if i % 3 else 1.25)
        if size < 1:
            continue
        point = (cx + reach * math.cos(angle), cy + reach * math.sin(angle))
        draw_star(surface, point, size, rotation=age * 4 + i)


def draw_pop(
    surface: pygame.Surface, center: Point, unit: float, colour: Colour, age: float
) -> None:
    """A treasure bursting into bubbles and bits; ``age`` 0-1 from pop to gone."""
    cx, cy = center
    rim = max(1, round(unit / 18))
    for i in range(10):
        angle = i * math.tau / 10 + 0.3
        reach = unit * (0.3 + 1.6 * age)
        radius = round(unit * 0.16 * (1.0 - age) + 1)
        point = (cx + reach * math.cos(angle), cy + reach * math.sin(angle) - age * unit * 0.8)
        draw_bubble(surface, point, radius, rim)
    if age < 0.5:
        flash = star_points(center, unit * (0.7 + 1.2 * age), rotation=0.4, inner=0.4)
        pygame.draw.polygon(surface, BUBBLE, flash)
        pygame.draw.polygon(surface, colour, flash, rim * 2)


def draw_puff(surface: pygame.Surface, center: Point, unit: float, age: float) -> None:
    """A little cloud of sand where something lands; ``age`` 0-1."""
    cx, cy = center
    for side in (-1, 1):
        for k in range(3):
            reach = unit * (0.2 + 0.9 * age) * (1 + k * 0.4)
            radius = unit * 0.14 * (1.0 - age) * (1.2 - k * 0.25)
            if radius >= 1:
                pygame.draw.circle(
                    surface, SAND_SHADE, (cx + side * reach, cy - unit * 0.25 * k * age), radius
                )
