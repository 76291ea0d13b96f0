"""Procedural art for the balloon game: the balloon and its passenger, gates, stars, picnic.

Everything is drawn from the screen size and a few numbers. Parts that never change
shape (the envelope, the basket, cloud rings, the picnic) are drawn once per size and
blitted; the rest is a few polygons and circles per frame. Animated bits (the burst,
flying stars) are placed by formula from time, not kept as particle lists, so a frame
depends only on the state it shows and reference pictures stay stable.
"""

from __future__ import annotations

import enum
import functools
import math
import random
from dataclasses import dataclass

import pygame

from games.balloon.model import ALT_TOP, BALLOON_X
from games.kit import hud
from games.kit.draw import Colour, Point, ready

CLOUD: Colour = (255, 255, 255)
CLOUD_SHADE: Colour = (222, 232, 248)
INK: Colour = hud.INK
GORES: tuple[Colour, ...] = (
    (240, 76, 96),
    (255, 156, 56),
    (255, 214, 70),
    (104, 200, 110),
    (72, 160, 240),
    (166, 110, 220),
)
"""The balloon's panels, left to right: a rainbow a child can name."""
SKIRT: Colour = (178, 84, 64)
ROPE: Colour = (96, 64, 44)
BASKET: Colour = (190, 122, 64)
BASKET_DARK: Colour = (138, 84, 44)
BURNER: Colour = (120, 124, 140)
FLAME_OUT: Colour = (255, 120, 40)
FLAME_IN: Colour = (255, 236, 120)
SKIN: Colour = (255, 210, 168)
HAT: Colour = (60, 140, 230)
CHEEK: Colour = (255, 150, 150)
BLANKET: Colour = (232, 70, 80)
BLANKET_LIGHT: Colour = (255, 244, 236)
APPLE: Colour = (226, 40, 52)
LEAF: Colour = (70, 170, 70)
LANE: Colour = (40, 210, 110)
"""The opening's green, deeper than the kit's band so it stands out on a pale sky."""
LANE_ALPHA = (120, 170)
BURST: tuple[Colour, ...] = (hud.GOLD, (255, 255, 255), (255, 150, 190), (140, 230, 255))

GROUND_FRAC = 0.88
"""Where the basket stands on the meadow, as a share of the screen height."""
TOP_FRAC = 0.25
"""Where the basket is at the top of the sky (ALT_TOP); the envelope then reaches the top."""
BASKET_H = 0.046
BASKET_W = 0.064

BURST_S = 1.4
FLY_S = 0.5


class Face(enum.Enum):
    """How the little passenger looks."""

    CALM = "calm"
    HAPPY = "happy"
    OOPS = "oops"
    CHEER = "cheer"


@dataclass(frozen=True, slots=True)
class Layout:
    """Screen positions of the world for one surface size."""

    width: int
    height: int

    @property
    def ground_y(self) -> float:
        return GROUND_FRAC * self.height

    @property
    def basket_h(self) -> float:
        return BASKET_H * self.height

    @property
    def base_y(self) -> float:
        """The basket's centre when landed (altitude 0)."""
        return self.ground_y - self.basket_h / 2

    @property
    def per_unit(self) -> float:
        """Pixels per unit of altitude (1.0 = the target)."""
        return (self.base_y - TOP_FRAC * self.height) / ALT_TOP

    @property
    def balloon_x(self) -> float:
        return BALLOON_X * self.width

    def y_of(self, altitude: float) -> float:
        return self.base_y - altitude * self.per_unit

    def x_of(self, world_x: float, scroll: float) -> float:
        return (world_x - scroll) * self.width

    def u(self, fraction: float) -> float:
        """A length as a share of the height: round things keep their shape on wide screens."""
        return fraction * self.height


def _shade(colour: Colour, factor: float) -> Colour:
    return (
        min(255, round(colour[0] * factor)),
        min(255, round(colour[1] * factor)),
        min(255, round(colour[2] * factor)),
    )


CUTOUT_KEY: Colour = (255, 0, 255)
"""The see-through colour of hard-edged sprites; no drawing here uses pure magenta."""


def cutout(sprite: pygame.Surface) -> pygame.Surface:
    """A hard-edged sprite (every pixel fully clear or fully solid) as a colour-keyed one.

    Shapes drawn with ``pygame.draw`` have no soft edges, and a run-length-encoded colour
    key blits several times faster than per-pixel alpha: it matters for the wide hills.
    """
    keyed = pygame.Surface(sprite.get_size())
    keyed.fill(CUTOUT_KEY)
    keyed.blit(sprite, (0, 0))
    keyed = ready(keyed, alpha=False)
    keyed.set_colorkey(CUTOUT_KEY, pygame.RLEACCEL)
    return keyed


# -- the balloon ---------------------------------------------------------------------------


def _envelope_rows(lay: Layout, top_y: float) -> list[tuple[float, float]]:
    """(y, half width) from the crown down to the skirt: round on top, tapering below."""
    rx, ry = lay.u(0.078), lay.u(0.088)
    ey = top_y + ry
    rows = []
    bulge_end = 0.35
    for i in range(15):
        v = -1.0 + (1.0 + bulge_end) * i / 14
        rows.append((ey + v * ry, rx * math.sqrt(max(0.0, 1.0 - v * v))))
    y0, hw0 = rows[-1]
    neck_y, neck_hw = ey + 1.3 * ry, lay.u(0.022)
    for i in range(1, 7):
        s = i / 6
        rows.append((y0 + (neck_y - y0) * s, neck_hw + (hw0 - neck_hw) * (1 - s) ** 1.25))
    return rows


def balloon_height(lay: Layout) -> float:
    """From the crown to the basket's centre: how far above the basket the balloon reaches."""
    return lay.u(0.088 * 2.3 + 0.018 + 0.04) + lay.basket_h / 2


def _skirt_bottom(lay: Layout) -> float:
    """The skirt's lower edge, relative to the basket's centre (the ropes hang from it)."""
    return -lay.basket_h / 2 - lay.u(0.04)


@functools.lru_cache(maxsize=4)
def _envelope(lay: Layout) -> tuple[pygame.Surface, Point]:
    """The rainbow envelope and its skirt, drawn once per size.

    Returns the sprite and the offset of its top-left corner from the basket's centre.
    """
    line = max(2, round(lay.u(0.005)))
    top_y = -balloon_height(lay)
    skirt_bottom = _skirt_bottom(lay)
    skirt_top = skirt_bottom - lay.u(0.018)
    half_w = lay.u(0.078) + line + 1
    offset = (-half_w, top_y - line - 1)
    sprite = pygame.Surface(
        (math.ceil(2 * half_w), math.ceil(skirt_bottom - offset[1] + line + 1)), pygame.SRCALPHA
    )
    rows = [(y - offset[1], hw) for y, hw in _envelope_rows(lay, top_y)]
    cx = half_w
    gores = len(GORES)
    for j, colour in enumerate(GORES):
        f0, f1 = -1.0 + 2.0 * j / gores, -1.0 + 2.0 * (j + 1) / gores
        lit = 1.12 - 0.3 * (j + 0.5) / gores
        left = [(cx + hw * math.sin(f0 * math.pi / 2), y) for y, hw in rows]
        right = [(cx + hw * math.sin(f1 * math.pi / 2), y) for y, hw in rows]
        pygame.draw.polygon(sprite, _shade(colour, lit), left + right[::-1])
    outline = [(cx - hw, y) for y, hw in rows] + [(cx + hw, y) for y, hw in reversed(rows)]
    pygame.draw.polygon(sprite, INK, outline, line)
    shine = pygame.Rect(0, 0, lay.u(0.022), lay.u(0.05))
    shine.center = (round(cx - lay.u(0.045)), round(rows[4][0] + lay.u(0.012)))
    pygame.draw.ellipse(sprite, (255, 255, 255), shine)
    neck_hw = rows[-1][1]
    top, bottom = skirt_top - offset[1], skirt_bottom - offset[1]
    skirt = [
        (cx - neck_hw, top),
        (cx + neck_hw, top),
        (cx + neck_hw * 0.8, bottom),
        (cx - neck_hw * 0.8, bottom),
    ]
    pygame.draw.polygon(sprite, SKIRT, skirt)
    pygame.draw.polygon(sprite, INK, skirt, max(1, line - 1))
    return cutout(sprite), offset


@functools.lru_cache(maxsize=4)
def _basket(lay: Layout) -> pygame.Surface:
    """The wicker basket, drawn once per size, to be centred on the basket's position."""
    bw, bh = round(lay.u(BASKET_W)), round(lay.basket_h)
    pad = 2
    sprite = pygame.Surface((bw + 2 * pad, bh + 2 * pad), pygame.SRCALPHA)
    basket = pygame.Rect(pad, pad, bw, bh)
    radius = max(2, round(bh / 5))
    pygame.draw.rect(sprite, BASKET, basket, border_radius=radius)
    for k in (1, 2):
        y = basket.top + basket.height * k / 3
        pygame.draw.line(sprite, BASKET_DARK, (basket.left, y), (basket.right - 1, y), 1)
    for k in range(1, 5):
        x = basket.left + basket.width * k / 5
        pygame.draw.line(sprite, BASKET_DARK, (x, basket.top + 2), (x, basket.bottom - 2), 1)
    rim = pygame.Rect(0, 0, bw + 2 * pad, max(3, bh // 4))
    pygame.draw.rect(sprite, BASKET_DARK, rim, border_radius=radius)
    pygame.draw.rect(sprite, INK, basket, max(1, round(lay.u(0.004))), border_radius=radius)
    return cutout(sprite)


def draw_balloon(
    surface: pygame.Surface,
    lay: Layout,
    centre: Point,
    *,
    effort: float,
    face: Face,
    t_s: float,
) -> None:
    """The rainbow balloon with its basket centred on ``centre``; the flame grows with effort."""
    cx, cy = centre
    bw = lay.u(BASKET_W)
    basket_top = cy - lay.basket_h / 2
    skirt_bottom = cy + _skirt_bottom(lay)
    line = max(2, round(lay.u(0.005)))
    for sx, bx in ((-0.022, -0.45), (0.022, 0.45)):
        pygame.draw.line(
            surface, ROPE, (cx + lay.u(sx), skirt_bottom), (cx + bw * bx, basket_top), line
        )
    envelope, (ox, oy) = _envelope(lay)
    surface.blit(envelope, (round(cx + ox), round(cy + oy)))
    _draw_flame(surface, lay, cx, basket_top, effort=effort, t_s=t_s)
    _draw_passenger(surface, lay, cx, basket_top, face=face, t_s=t_s)
    basket = _basket(lay)
    surface.blit(basket, basket.get_rect(center=(round(cx), round(cy))))


def _draw_flame(
    surface: pygame.Surface, lay: Layout, cx: float, basket_top: float, *, effort: float, t_s: float
) -> None:
    burner = pygame.Rect(0, 0, lay.u(0.016), lay.u(0.01))
    burner.midbottom = (round(cx), round(basket_top - lay.u(0.012)))
    strength = min(1.0, max(0.0, effort / ALT_TOP))
    if strength > 0.0:
        flicker = 1.0 + 0.12 * math.sin(t_s * 37.0) + 0.06 * math.sin(t_s * 71.0)
        height = lay.u(0.012 + 0.07 * strength) * flicker
        base = burner.top
        for colour, scale in ((FLAME_OUT, 1.0), (FLAME_IN, 0.55)):
            half = lay.u(0.011) * (0.6 + 0.5 * strength) * scale
            tip = base - height * scale
            pygame.draw.polygon(
                surface,
                colour,
                [
                    (cx - half, base),
                    (cx - half * 0.9, base - height * 0.35 * scale),
                    (cx, tip),
                    (cx + half * 0.9, base - height * 0.35 * scale),
                    (cx + half, base),
                ],
            )
    pygame.draw.rect(surface, BURNER, burner)


def _draw_passenger(
    surface: pygame.Surface, lay: Layout, cx: float, basket_top: float, *, face: Face, t_s: float
) -> None:
    r = lay.u(0.024)
    hx, hy = cx + lay.u(0.008), basket_top - r * 0.6
    line = max(2, round(r / 6))
    if face is Face.CHEER:
        wave = math.sin(t_s * 14.0) * r * 0.4
        for side in (-1, 1):
            hand = (hx + side * r * 1.6 + wave, hy - r * 1.7)
            pygame.draw.line(
                surface, SKIN, (hx + side * r * 0.7, basket_top + r * 0.2), hand, line + 2
            )
            pygame.draw.circle(surface, SKIN, hand, r * 0.32)
    pygame.draw.circle(surface, SKIN, (hx, hy), r)
    hat = pygame.Rect(0, 0, round(r * 2.2), round(r * 1.4))
    hat.midbottom = (round(hx), round(hy - r * 0.15))
    pygame.draw.ellipse(surface, HAT, hat)
    pygame.draw.circle(surface, (255, 255, 255), (hx, hat.top + 1), r * 0.3)
    pygame.draw.line(
        surface, HAT, (hx - r * 1.15, hy - r * 0.2), (hx + r * 1.15, hy - r * 0.2), line + 1
    )
    eye = max(1.5, r * 0.14)
    for dx in (-0.38, 0.38):
        pygame.draw.circle(surface, INK, (hx + dx * r, hy + r * 0.12), eye)
    for dx in (-0.62, 0.62):
        pygame.draw.circle(surface, CHEEK, (hx + dx * r, hy + r * 0.45), r * 0.16)
    if face is Face.OOPS:
        pygame.draw.circle(surface, INK, (hx, hy + r * 0.55), r * 0.2)
        return
    mouth = pygame.Rect(0, 0, r * (1.0 if face is not Face.CALM else 0.7), r * 0.8)
    mouth.center = (round(hx), round(hy + r * 0.3))
    pygame.draw.arc(surface, INK, mouth, math.pi * 1.1, math.pi * 1.9, line)


# -- gates, stars and the picnic -----------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _cloud_ring(lay: Layout, opening_px: int, faded: bool) -> pygame.Surface:
    """A hoop of cloud puffs around a hole ``opening_px`` high, centred in its sprite."""
    r = lay.u(0.022)
    a = lay.u(0.03)
    b = opening_px / 2 + r * 0.9
    half_w, half_h = a + r * 1.2, b + r * 1.2
    sprite = pygame.Surface((math.ceil(2 * half_w), math.ceil(2 * half_h)), pygame.SRCALPHA)
    count = max(10, round(2 * math.pi * b / (r * 1.3)))
    colour = CLOUD_SHADE if faded else CLOUD
    shade = _shade(CLOUD_SHADE, 0.9)
    points = [
        (
            half_w + a * math.cos(2 * math.pi * k / count),
            half_h + b * math.sin(2 * math.pi * k / count),
        )
        for k in range(count)
    ]
    for px, py in points:
        pygame.draw.circle(sprite, shade, (px, py + r * 0.15), r)
    for px, py in points:
        pygame.draw.circle(sprite, colour, (px, py - r * 0.05), r * 0.9)
    return cutout(sprite)


def draw_cloud_ring(
    surface: pygame.Surface, lay: Layout, x: float, opening: tuple[float, float], *, faded: bool
) -> None:
    """A hoop of clouds at ``x`` whose hole is the opening (top and bottom on screen)."""
    top, bottom = opening
    ring = _cloud_ring(lay, round(bottom - top), faded)
    surface.blit(ring, ring.get_rect(center=(round(x), round((top + bottom) / 2))))


def draw_lane(
    surface: pygame.Surface,
    lay: Layout,
    span: tuple[float, float],
    opening: tuple[float, float],
    *,
    lit: bool,
) -> None:
    """The glowing path between the rings, clipped to the screen (off-screen arrows stay off)."""
    left, right = span
    top, bottom = opening
    margin = lay.u(0.06)
    clip_left = max(left, -margin)
    clip_right = min(right, lay.width + margin)
    if clip_right <= clip_left:
        return
    area = pygame.Rect(
        round(clip_left), round(top), round(clip_right - clip_left), max(1, round(bottom - top))
    )
    hud.draw_target_band(surface, area, LANE, lit=lit, fill_alpha=LANE_ALPHA)


def draw_bump(
    surface: pygame.Surface, lay: Layout, x: float, edge_y: float, basket_top: float
) -> None:
    """The top of the opening pushed up by the basket: a stretched arc, "boing"."""
    rise = max(0.0, edge_y - basket_top)
    half = lay.u(0.07)
    points = []
    for i in range(13):
        s = -1.0 + 2.0 * i / 12
        points.append((x + s * half, edge_y - rise * math.cos(s * math.pi / 2) ** 2))
    pygame.draw.lines(surface, hud.BAND, False, points, max(3, round(lay.u(0.008))))
    for side in (-1, 1):
        sx = x + side * half * 0.75
        pygame.draw.line(
            surface,
            (255, 255, 255),
            (sx, edge_y - rise * 0.6),
            (sx + side * lay.u(0.02), edge_y - rise * 0.9),
            2,
        )


def draw_gate_star(surface: pygame.Surface, lay: Layout, centre: Point, t_s: float) -> None:
    r = lay.u(0.024) * (1.0 + 0.08 * math.sin(t_s * 6.0 + centre[0] * 0.05))
    hud.draw_star(surface, centre, r, rotation=0.15 * math.sin(t_s * 2.0 + centre[0] * 0.02))


def draw_flying_star(surface: pygame.Surface, lay: Layout, start: Point, age_s: float) -> None:
    """A collected star leaping out of the basket, up and away, shrinking as it goes.

    It starts just above the basket's rim, so the basket itself is never hidden.
    """
    if not 0.0 <= age_s < FLY_S:
        return
    t = age_s / FLY_S
    x = start[0] + lay.u(0.05) * t
    y = start[1] - lay.u(0.05) - lay.u(0.16) * (1 - (1 - t) ** 2)
    hud.draw_star(surface, (x, y), lay.u(0.024) * (1.0 + 0.5 * t) * (1 - t), rotation=t * 3.0)


def draw_burst(
    surface: pygame.Surface,
    lay: Layout,
    span: tuple[float, float],
    opening: tuple[float, float],
    *,
    age_s: float,
    seed: int,
) -> None:
    """A passed gate bursting: its ring puffs away and stars shoot out of its path.

    Placed from ``age_s`` alone (and a seed), so any moment of the burst can be redrawn.
    """
    if not 0.0 <= age_s < BURST_S:
        return
    left, right = span
    top, bottom = opening
    t = age_s / BURST_S
    _draw_ring_poof(surface, lay, right, opening, min(1.0, age_s / (BURST_S * 0.45)))
    rng = random.Random(seed)
    gravity = lay.u(1.1)
    shrink = min(1.0, (1.0 - t) / 0.4)
    for i in range(30):
        ox = rng.uniform(max(left, 0.0), max(right, 1.0))
        oy = rng.uniform(top, bottom)
        angle = rng.uniform(-math.pi * 0.95, -math.pi * 0.05)
        speed = lay.u(rng.uniform(0.35, 0.8))
        x = ox + math.cos(angle) * speed * age_s
        y = oy + math.sin(angle) * speed * age_s + 0.5 * gravity * age_s * age_s
        r = lay.u(rng.uniform(0.018, 0.032)) * shrink
        if r >= 1.0:
            colour = BURST[i % len(BURST)]
            hud.draw_star(surface, (x, y), r, colour, rotation=angle + age_s * 5.0, rim=None)


def _draw_ring_poof(
    surface: pygame.Surface, lay: Layout, x: float, opening: tuple[float, float], t: float
) -> None:
    """The cloud ring flying apart: its puffs spread outwards and shrink to nothing."""
    if t >= 1.0:
        return
    top, bottom = opening
    cy = (top + bottom) / 2
    r = lay.u(0.022) * (1.0 - t)
    a = lay.u(0.03) * (1.0 + 3.0 * t)
    b = ((bottom - top) / 2 + lay.u(0.02)) * (1.0 + 1.5 * t)
    for k in range(12):
        angle = 2 * math.pi * k / 12
        pygame.draw.circle(surface, CLOUD, (x + a * math.cos(angle), cy + b * math.sin(angle)), r)


@functools.lru_cache(maxsize=4)
def _picnic(lay: Layout) -> pygame.Surface:
    """A checked blanket, a hamper and an apple; the sprite's middle sits on the ground."""
    w, h = lay.u(0.24), lay.u(0.05)
    skew = lay.u(0.03)
    width, height = math.ceil(w + skew + 4), math.ceil(2 * (h + lay.u(0.05)))
    sprite = pygame.Surface((width, height), pygame.SRCALPHA)
    x, ground = width / 2, height / 2
    cols, rows = 6, 2

    def corner(i: float, j: float) -> Point:
        return (
            x - w / 2 + w * i / cols + skew * (1 - j / rows) - skew / 2,
            ground - lay.u(0.012) + h * j / rows,
        )

    for i in range(cols):
        for j in range(rows):
            colour = BLANKET if (i + j) % 2 == 0 else BLANKET_LIGHT
            pygame.draw.polygon(
                sprite,
                colour,
                [corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)],
            )
    hamper = pygame.Rect(0, 0, lay.u(0.05), lay.u(0.035))
    hamper.midbottom = (round(x + w * 0.32), round(ground + lay.u(0.012)))
    pygame.draw.arc(sprite, BASKET_DARK, hamper.move(0, -hamper.height // 2), 0, math.pi, 3)
    pygame.draw.rect(sprite, BASKET, hamper, border_radius=4)
    pygame.draw.rect(sprite, INK, hamper, 2, border_radius=4)
    apple = (x - w * 0.36, ground + lay.u(0.01))
    pygame.draw.circle(sprite, APPLE, apple, lay.u(0.014))
    pygame.draw.ellipse(
        sprite, LEAF, (apple[0], apple[1] - lay.u(0.028), lay.u(0.014), lay.u(0.008))
    )
    return cutout(sprite)


def draw_picnic(surface: pygame.Surface, lay: Layout, x: float) -> None:
    """The landing spot for a rest, centred on ``x`` on the meadow."""
    picnic = _picnic(lay)
    if -picnic.get_width() < x < lay.width + picnic.get_width():
        surface.blit(picnic, picnic.get_rect(center=(round(x), round(lay.ground_y))))


def draw_apple_icon(surface: pygame.Surface, lay: Layout, centre: Point) -> None:
    pygame.draw.circle(surface, APPLE, centre, lay.u(0.022))
    pygame.draw.ellipse(
        surface, LEAF, (centre[0], centre[1] - lay.u(0.035), lay.u(0.02), lay.u(0.012))
    )


def draw_hint(surface: pygame.Surface, lay: Layout, centre: Point, up: bool, t_s: float) -> None:
    """Two bobbing chevrons: "higher!" or "lower!" without a word."""
    size = lay.u(0.028)
    direction = -1 if up else 1
    bob = math.sin(t_s * 8.0) * size * 0.25 * direction
    line = max(3, round(size / 3))
    for k in range(2):
        y = centre[1] + direction * k * size * 0.8 + bob
        pts = [
            (centre[0] - size, y - direction * size * 0.5),
            (centre[0], y + direction * size * 0.5),
            (centre[0] + size, y - direction * size * 0.5),
        ]
        pts = [(px, py - direction * size) for px, py in pts]
        pygame.draw.lines(surface, INK, False, pts, line + 3)
        pygame.draw.lines(surface, (255, 255, 255), False, pts, line)


def draw_crown(surface: pygame.Surface, centre: Point, size: float) -> None:
    """The personal-best mark beside the best score: a little gold crown."""
    cx, cy = centre
    points = [
        (cx - size, cy + size * 0.6),
        (cx - size, cy - size * 0.5),
        (cx - size * 0.5, cy),
        (cx, cy - size * 0.8),
        (cx + size * 0.5, cy),
        (cx + size, cy - size * 0.5),
        (cx + size, cy + size * 0.6),
    ]
    pygame.draw.polygon(surface, hud.GOLD, points)
    pygame.draw.polygon(surface, INK, points, max(1, round(size / 6)))
