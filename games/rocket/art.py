"""Procedural art for the rocket game: sky to space, launch pad, rocket, pet, flame, smoke.

Everything is drawn from a size and a few numbers, so it scales to any screen. The
still parts (sky, stars, hills, tower) are drawn once per screen size and blitted; the
moving parts are a handful of polygons and circles per frame. Smoke puffs are opaque
cartoon clouds placed by formula from time, not a particle list, so a frame depends
only on the state it shows (reference images stay stable).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pygame

from games.kit.draw import Colour, Point, mix
from games.rocket.model import Mood

SKY_HORIZON: Colour = (178, 230, 255)
SKY_DAY: Colour = (84, 168, 240)
SPACE_LOW: Colour = (38, 42, 120)
SPACE_HIGH: Colour = (10, 8, 36)
GRASS: Colour = (104, 196, 92)
GRASS_DARK: Colour = (78, 160, 74)
HILL_FAR: Colour = (150, 214, 130)
CLOUD: Colour = (255, 255, 255)
INK: Colour = (30, 24, 60)
HULL: Colour = (246, 246, 252)
HULL_SHADE: Colour = (208, 214, 232)
RED: Colour = (236, 72, 86)
RED_DARK: Colour = (186, 44, 66)
STRIPE: Colour = (255, 202, 58)
METAL: Colour = (126, 132, 150)
METAL_DARK: Colour = (84, 88, 108)
GLASS: Colour = (176, 224, 255)
TANK: Colour = (46, 54, 88)
FUEL: Colour = (255, 146, 36)
FUEL_TOP: Colour = (255, 226, 90)
CAT: Colour = (255, 170, 70)
CAT_LIGHT: Colour = (255, 226, 180)
PINK: Colour = (255, 130, 150)
TOWER: Colour = (226, 64, 64)
TOWER_LIGHT: Colour = (250, 250, 250)
PAD: Colour = (150, 154, 170)
PAD_DARK: Colour = (104, 108, 128)
SMOKE: Colour = (238, 238, 244)
SMOKE_SHADE: Colour = (200, 202, 214)
FLAME_OUT: Colour = (255, 92, 40)
FLAME_MID: Colour = (255, 170, 40)
FLAME_IN: Colour = (255, 240, 140)
HOT_FLAME_OUT: Colour = (120, 170, 255)
HOT_FLAME_IN: Colour = (235, 245, 255)

GROUND_FRAC = 0.86
"""Top of the ground, as a share of the screen height, with the camera on the ground."""
SPACE_SPAN = 1.6
"""How many screen heights of sky lie above the ground view; the launch climbs into it."""


def hash01(i: int, salt: int) -> float:
    """A fixed pseudo-random number in 0..1 for puff ``i``: same input, same smoke."""
    x = (i * 374761393 + salt * 668265263) & 0xFFFFFFFF
    x = ((x ^ (x >> 13)) * 1274126177) & 0xFFFFFFFF
    return (x ^ (x >> 16)) / 0xFFFFFFFF


# -- backdrop: drawn once per size -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    """The launch site on one screen size, in pixels with the camera on the ground."""

    x: float
    """Centre of the pad (and of the rocket standing on it)."""
    s: float
    """Rocket height: every part of the site is sized from it."""
    ground: float

    @property
    def pad_top(self) -> float:
        return self.ground - 0.05 * self.s

    @property
    def tower_x(self) -> float:
        return self.x - 0.38 * self.s


class Backdrop:
    """Sky, stars, clouds, hills, tower and pad baked into one tall opaque picture.

    The camera slides a screen-sized window up it, so a frame's whole background is
    one plain blit (per-pixel alpha layers cost milliseconds at 1280x720 on a Pi).
    """

    def __init__(self, size: tuple[int, int], seed: int, site: Site) -> None:
        width, height = size
        self.size = size
        self.site = site
        self.picture = self._sky(width, height, random.Random(seed))
        ground_view = self.picture.subsurface(
            (0, self.picture.get_height() - height, width, height)
        )
        self._ground(ground_view, width, height)
        draw_tower(ground_view, site)
        draw_pad(ground_view, site)

    @staticmethod
    def _sky(width: int, height: int, rng: random.Random) -> pygame.Surface:
        total = round(height * (1 + SPACE_SPAN))
        column = pygame.Surface((1, total))
        for y in range(total):
            up = (total - y) / height  # screen heights above the bottom of the ground view
            if up <= 1.0:
                colour = mix(SKY_HORIZON, SKY_DAY, up**0.8)
            elif up <= 1.6:
                colour = mix(SKY_DAY, SPACE_LOW, (up - 1.0) / 0.6)
            else:
                colour = mix(SPACE_LOW, SPACE_HIGH, (up - 1.6) / (SPACE_SPAN - 0.6))
            column.set_at((0, y), colour)
        sky = pygame.transform.scale(column, (width, total))
        for _ in range(round(width * total / 2600)):
            x, y = rng.randrange(width), rng.randrange(total)
            up = (total - y) / height
            if up < 1.15:
                continue
            shine = min(1.0, (up - 1.15) / 0.5) * rng.uniform(0.5, 1.0)
            colour = mix(SPACE_LOW, (255, 255, 235), shine)
            radius = max(1, round(height / 480 * rng.choice((1, 1, 1, 1.5, 2))))
            pygame.draw.circle(sky, colour, (x, y), radius)
        for _ in range(5):
            cx = rng.uniform(0.05, 0.95) * width
            cy = total - rng.uniform(0.55, 1.3) * height
            cloud(sky, (cx, cy), height * rng.uniform(0.05, 0.08), CLOUD)
        return sky

    @staticmethod
    def _ground(view: pygame.Surface, width: int, height: int) -> None:
        ground_y = height * GROUND_FRAC
        far = [(0, height)]
        for i in range(41):
            x = width * i / 40
            far.append((x, ground_y - height * (0.05 + 0.04 * math.sin(i * 0.55 + 1.2))))
        far.append((width, height))
        pygame.draw.polygon(view, HILL_FAR, far)
        pygame.draw.rect(view, GRASS, (0, round(ground_y), width, height))
        for i in range(12):
            x = width * (i + 0.5) / 12
            pygame.draw.ellipse(
                view,
                GRASS_DARK,
                (x - height * 0.06, ground_y + height * 0.06, height * 0.12, height * 0.03),
            )

    def blit(self, surface: pygame.Surface, camera: float) -> None:
        """The background for a camera ``camera`` screen heights above the ground view."""
        width, height = self.size
        total = self.picture.get_height()
        top = round(total - height - camera * height)
        surface.blit(self.picture, (0, max(0, -top)), pygame.Rect(0, max(0, top), width, height))
        if top < 0:  # above the stored sky: plain deep space
            surface.fill(SPACE_HIGH, (0, 0, width, -top))


def cloud(surface: pygame.Surface, center: Point, r: float, colour: Colour) -> None:
    cx, cy = center
    for dx, dy, k in ((-1.1, 0.2, 0.7), (1.1, 0.25, 0.65), (0, 0, 1.0), (-0.5, -0.4, 0.7)):
        pygame.draw.circle(surface, colour, (cx + dx * r, cy + dy * r), r * k)
    pygame.draw.rect(surface, colour, (cx - 1.4 * r, cy, 2.8 * r, 0.85 * r), border_radius=round(r))


# -- pad and tower -----------------------------------------------------------------------


def draw_pad(surface: pygame.Surface, site: Site) -> None:
    """Two concrete blocks with a flame trench between them."""
    x, s, top = site.x, site.s, site.pad_top
    h = s * 0.07
    for left, right in ((x - 0.46 * s, x - 0.1 * s), (x + 0.1 * s, x + 0.46 * s)):
        rect = pygame.Rect(round(left), round(top), round(right - left), round(h))
        pygame.draw.rect(surface, PAD_DARK, rect.inflate(4, 4), border_radius=round(h * 0.3))
        pygame.draw.rect(surface, PAD, rect, border_radius=round(h * 0.3))
        stripe = rect.inflate(-rect.width * 0.2, -h * 0.6)
        pygame.draw.rect(surface, STRIPE, stripe, border_radius=2)
    pygame.draw.rect(surface, (60, 56, 70), (x - 0.1 * s, top + h * 0.25, 0.2 * s, h * 0.75))


def _tower_box(site: Site) -> tuple[float, float, float]:
    """Left and right edges and the height of the tower."""
    width = site.s * 0.16
    return site.tower_x - width / 2, site.tower_x + width / 2, site.s * 1.02


def draw_tower(surface: pygame.Surface, site: Site) -> None:
    """A red-and-white lattice tower with a beacon on top."""
    s, ground = site.s, site.ground
    left, right, height = _tower_box(site)
    top = ground - height
    line = max(2, round(s / 90))
    floors = 8
    for i in range(floors):
        y0 = ground - height * i / floors
        y1 = ground - height * (i + 1) / floors
        colour = TOWER if i % 2 == 0 else TOWER_LIGHT
        pygame.draw.line(surface, colour, (left, y0), (right, y1), line)
        pygame.draw.line(surface, colour, (right, y0), (left, y1), line)
        pygame.draw.line(surface, colour, (left, y1), (right, y1), line)
    pygame.draw.line(surface, TOWER, (left, ground), (left, top), line * 2)
    pygame.draw.line(surface, TOWER, (right, ground), (right, top), line * 2)
    pygame.draw.rect(
        surface, TOWER, (left - line, top - s * 0.05, right - left + 2 * line, s * 0.05)
    )
    pygame.draw.circle(surface, (255, 240, 120), (site.tower_x, top - s * 0.07), s * 0.025)


def draw_tower_arm(surface: pygame.Surface, site: Site, camera_px: float, reach: float) -> None:
    """The arm that steadies the rocket: ``reach`` 1 holds it, 0 has swung clear."""
    _, right, height = _tower_box(site)
    length = site.s * 0.16 * reach
    if length > 1:
        arm_y = site.ground + camera_px - height * 0.62
        pygame.draw.rect(surface, METAL_DARK, (right, arm_y, length, site.s * 0.035))


# -- smoke and flame ---------------------------------------------------------------------


def puff(surface: pygame.Surface, center: Point, r: float, shade: float = 0.0) -> None:
    """One cartoon smoke ball: a darker rim under a lighter body."""
    if r < 1:
        return
    cx, cy = center
    rim, body = _puff_colours(round(shade * 10))
    pygame.draw.circle(surface, rim, (cx, cy + r * 0.12), r)
    pygame.draw.circle(surface, body, (cx, cy), r * 0.9)


@cache
def _puff_colours(shade_tenths: int) -> tuple[Colour, Colour]:
    shade = shade_tenths / 10
    return mix(SMOKE_SHADE, (150, 150, 160), shade), mix(SMOKE, SMOKE_SHADE, shade)


@dataclass(frozen=True, slots=True)
class PuffSpec:
    """Where puff number ``i`` of a stream is, ``age`` seconds after it was born."""

    index: int
    age: float
    life: float


def puff_stream(t: float, rate: float, life: float, count_limit: int = 40) -> Iterator[PuffSpec]:
    """Puffs born ``rate`` per second until time ``t`` that are still alive."""
    if t <= 0:
        return
    newest = math.floor(t * rate)
    oldest = max(0, newest - count_limit, math.ceil((t - life) * rate))
    for i in range(oldest, newest + 1):
        age = t - i / rate
        if 0 <= age < life:
            yield PuffSpec(i, age, life)


def draw_flame(
    surface: pygame.Surface, nozzle: Point, width: float, length: float, *, t: float, hot: bool
) -> None:
    """A flickering three-layer flame hanging down from the nozzle."""
    if length < 2:
        return
    x, y = nozzle
    outer, inner = (HOT_FLAME_OUT, HOT_FLAME_IN) if hot else (FLAME_OUT, FLAME_IN)
    wobble = 1 + 0.08 * math.sin(t * 41) + 0.05 * math.sin(t * 67 + 1)
    layers = ((1.0, 1.0, outer), (0.72, 0.78, FLAME_MID if not hot else outer), (0.42, 0.5, inner))
    for k_w, k_l, colour in layers:
        half = width / 2 * k_w
        tip = length * k_l * wobble
        lean = width * 0.08 * math.sin(t * 23 + k_w * 3)
        points = [(x - half, y)]
        for j in range(1, 6):
            f = j / 6
            points.append((x - half * (1 - f) ** 0.8 + lean * f, y + tip * f))
        points.append((x + lean, y + tip))
        for j in range(5, 0, -1):
            f = j / 6
            points.append((x + half * (1 - f) ** 0.8 + lean * f, y + tip * f))
        points.append((x + half, y))
        pygame.draw.polygon(surface, colour, points)


# -- the rocket and its pet --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RocketLook:
    fuel: float
    mood: Mood
    t: float
    """Seconds of animation time, for blinking, flicker and wheel spin."""
    wheel_turn: float = 0.0
    parachute: bool = False


def _nose_points(x: float, base: float, half: float, height: float) -> list[Point]:
    left = []
    for j in range(13):
        f = j / 12
        left.append((x - half * math.cos(f * math.pi / 2) ** 0.75, base - height * f))
    right = [(2 * x - px, py) for px, py in reversed(left[:-1])]
    return left + right


def draw_rocket(surface: pygame.Surface, x: float, y: float, s: float, look: RocketLook) -> None:
    """The rocket standing on its wheels with its nozzle's bottom at (x, y), ``s`` tall."""
    half = 0.15 * s
    body_top, body_bottom = y - 0.70 * s, y - 0.08 * s
    line = max(2, round(s / 110))
    if look.parachute:
        _parachute(surface, x, body_top - 0.3 * s, s, line)
    for side in (-1, 1):
        fin = [
            (x + side * half * 0.9, y - 0.38 * s),
            (x + side * (half + 0.11 * s), y - 0.12 * s),
            (x + side * (half + 0.11 * s), y - 0.01 * s),
            (x + side * half * 0.9, y - 0.10 * s),
        ]
        pygame.draw.polygon(surface, RED, fin)
        pygame.draw.polygon(surface, INK, fin, line)
        wheel = (x + side * (half + 0.08 * s), y + 0.005 * s)
        _wheel(surface, wheel, 0.035 * s, look.wheel_turn, line)
    nozzle = [
        (x - 0.06 * s, body_bottom),
        (x + 0.06 * s, body_bottom),
        (x + 0.09 * s, y),
        (x - 0.09 * s, y),
    ]
    pygame.draw.polygon(surface, METAL, nozzle)
    pygame.draw.polygon(surface, INK, nozzle, line)
    body = pygame.Rect(
        round(x - half), round(body_top), round(2 * half), round(body_bottom - body_top)
    )
    radius = round(half * 0.5)
    pygame.draw.rect(surface, HULL, body, border_radius=radius)
    shade = pygame.Rect(round(x + half * 0.45), body.top, round(half * 0.55), body.height)
    pygame.draw.rect(surface, HULL_SHADE, shade, border_radius=radius)
    pygame.draw.rect(surface, INK, body, line, border_radius=radius)
    nose = _nose_points(x, body_top + line, half, 0.30 * s)
    pygame.draw.polygon(surface, RED, nose)
    pygame.draw.polygon(surface, INK, nose, line)
    band = pygame.Rect(body.left, round(body_top + 0.02 * s), body.width, round(0.035 * s))
    pygame.draw.rect(surface, STRIPE, band)
    pygame.draw.rect(surface, INK, band, max(1, line // 2))
    _tank(surface, (x, y), s, look, line)
    _window(surface, (x, y - 0.545 * s), 0.115 * s, look, line)


def _wheel(surface: pygame.Surface, c: Point, r: float, turn: float, line: int) -> None:
    pygame.draw.circle(surface, INK, c, r)
    pygame.draw.circle(surface, METAL, c, r * 0.55)
    for k in range(3):
        a = turn + k * math.pi / 1.5
        tip = (c[0] + r * 0.55 * math.cos(a), c[1] + r * 0.55 * math.sin(a))
        pygame.draw.line(surface, INK, c, tip, max(1, line // 2))


def _tank(surface: pygame.Surface, base: Point, s: float, look: RocketLook, line: int) -> None:
    """The fuel window: dark when empty, glowing orange up to the fuel level."""
    x, y = base
    tank = pygame.Rect(round(x - 0.08 * s), round(y - 0.385 * s), round(0.16 * s), round(0.25 * s))
    radius = round(0.04 * s)
    pygame.draw.rect(surface, TANK, tank, border_radius=radius)
    level = min(1.0, max(0.0, look.fuel))
    if level > 0:
        fill_h = round(tank.height * level)
        fill = pygame.Rect(tank.left, tank.bottom - fill_h, tank.width, fill_h)
        clip = surface.get_clip()
        surface.set_clip(fill.clip(clip) if clip else fill)
        pygame.draw.rect(surface, FUEL, tank, border_radius=radius)
        surface.set_clip(clip)
        wave_y = tank.bottom - fill_h
        for k in range(3):  # bubbles rising in the fuel
            bx = tank.left + tank.width * (0.25 + 0.25 * k)
            rise = (look.t * 0.9 + k * 0.37) % 1.0
            by = tank.bottom - rise * fill_h
            if by > wave_y + 3:
                pygame.draw.circle(surface, FUEL_TOP, (bx, by), max(1, 0.012 * s))
        top = pygame.Rect(tank.left + line, wave_y, tank.width - 2 * line, max(2, round(0.015 * s)))
        pygame.draw.rect(surface, FUEL_TOP, top, border_radius=top.height // 2)
    pygame.draw.rect(surface, INK, tank, line, border_radius=radius)
    for k in range(1, 4):  # marks every quarter, so "half full" reads at a glance
        mark_y = tank.bottom - tank.height * k / 4
        pygame.draw.line(
            surface, HULL, (tank.right - tank.width * 0.3, mark_y), (tank.right - line, mark_y), 1
        )


def _window(surface: pygame.Surface, c: Point, r: float, look: RocketLook, line: int) -> None:
    pygame.draw.circle(surface, METAL_DARK, c, r * 1.22)
    pygame.draw.circle(surface, GLASS, c, r)
    _pet(surface, (c[0], c[1] + r * 0.12), r * 0.8, look)
    glint = pygame.Rect(0, 0, r * 1.3, r * 1.3)
    glint.center = (round(c[0] - r * 0.1), round(c[1] - r * 0.1))
    pygame.draw.arc(surface, (255, 255, 255), glint, 1.9, 2.9, max(2, line))
    pygame.draw.circle(surface, INK, c, r * 1.22, line)


def _eye(surface: pygame.Surface, c: Point, r: float, style: str, line: int) -> None:
    x, y = c
    if style == "closed":
        pygame.draw.line(surface, INK, (x - r, y), (x + r, y), line)
    elif style == "happy":
        pygame.draw.arc(surface, INK, (x - r, y - r * 0.4, 2 * r, 2 * r), 0.3, math.pi - 0.3, line)
    else:
        pygame.draw.circle(surface, INK, c, r)
        pygame.draw.circle(surface, (255, 255, 255), (x + r * 0.35, y - r * 0.35), max(1, r * 0.35))


def _pet(surface: pygame.Surface, c: Point, r: float, look: RocketLook) -> None:
    """A ginger cat astronaut whose face tells the child how the hold is going."""
    x, y = c
    for side in (-1, 1):
        ear = [
            (x + side * r * 0.78, y - r * 0.25),
            (x + side * r * 0.62, y - r * 1.0),
            (x + side * r * 0.15, y - r * 0.62),
        ]
        pygame.draw.polygon(surface, CAT, ear)
        inner = [
            (x + side * r * 0.62, y - r * 0.38),
            (x + side * r * 0.58, y - r * 0.8),
            (x + side * r * 0.3, y - r * 0.55),
        ]
        pygame.draw.polygon(surface, PINK, inner)
    pygame.draw.ellipse(surface, CAT, (x - r * 0.85, y - r * 0.7, r * 1.7, r * 1.45))
    pygame.draw.ellipse(surface, CAT_LIGHT, (x - r * 0.45, y + r * 0.05, r * 0.9, r * 0.6))
    _eyes(surface, c, r, look)
    _mouth(surface, c, r, look.mood)


def _eyes(surface: pygame.Surface, c: Point, r: float, look: RocketLook) -> None:
    x, y = c
    line = max(1, round(r / 9))
    mood = look.mood
    eye_r = r * 0.14
    eye_y = y - r * 0.12
    blink = (look.t % 3.7) < 0.12
    style = {
        Mood.SLEEPY: "closed",
        Mood.CHEERING: "happy",
        Mood.HAPPY: "happy",
        Mood.STRAINING: "squeeze",
    }.get(mood, "closed" if blink else "open")
    for side in (-1, 1):
        ex = x + side * r * 0.36
        if style == "squeeze":
            pts = [
                (ex - side * eye_r, eye_y - eye_r * 0.7),
                (ex + side * eye_r * 0.6, eye_y),
                (ex - side * eye_r, eye_y + eye_r * 0.7),
            ]
            pygame.draw.lines(surface, INK, False, pts, max(2, line))
        else:
            _eye(surface, (ex, eye_y), eye_r, style, max(2, line))
        if mood in (Mood.WORRIED, Mood.SAD):  # brows tilt up in the middle
            inner_y = eye_y - eye_r * (2.6 if mood is Mood.WORRIED else 2.2)
            outer_y = eye_y - eye_r * (1.6 if mood is Mood.WORRIED else 1.4)
            pygame.draw.line(
                surface,
                INK,
                (ex - side * eye_r * 1.3, inner_y),
                (ex + side * eye_r * 1.3, outer_y),
                max(2, line),
            )


def _mouth(surface: pygame.Surface, c: Point, r: float, mood: Mood) -> None:
    x, y = c
    line = max(1, round(r / 9))
    eye_y = y - r * 0.12
    eye_r = r * 0.14
    pygame.draw.circle(surface, PINK, (x, y + r * 0.1), r * 0.08)
    mouth_y = y + r * 0.3
    if mood is Mood.CHEERING:
        pygame.draw.ellipse(surface, INK, (x - r * 0.25, mouth_y - r * 0.1, r * 0.5, r * 0.36))
        pygame.draw.ellipse(surface, PINK, (x - r * 0.14, mouth_y + r * 0.08, r * 0.28, r * 0.14))
    elif mood in (Mood.HAPPY, Mood.WAITING):
        pygame.draw.arc(
            surface,
            INK,
            (x - r * 0.25, mouth_y - r * 0.25, r * 0.5, r * 0.4),
            math.pi + 0.4,
            2 * math.pi - 0.4,
            max(2, line),
        )
    elif mood is Mood.WORRIED:
        pygame.draw.ellipse(surface, INK, (x - r * 0.09, mouth_y - r * 0.02, r * 0.18, r * 0.2))
    elif mood is Mood.SAD:
        pygame.draw.arc(
            surface,
            INK,
            (x - r * 0.22, mouth_y, r * 0.44, r * 0.3),
            0.4,
            math.pi - 0.4,
            max(2, line),
        )
    elif mood is Mood.STRAINING:
        teeth = pygame.Rect(
            round(x - r * 0.26), round(mouth_y - r * 0.04), round(r * 0.52), round(r * 0.18)
        )
        pygame.draw.rect(surface, (255, 255, 255), teeth, border_radius=2)
        pygame.draw.rect(surface, INK, teeth, max(1, line), border_radius=2)
        pygame.draw.line(surface, INK, teeth.midtop, teeth.midbottom, max(1, line // 2))
        for side in (-1, 1):
            pygame.draw.circle(
                surface, (255, 110, 110), (x + side * r * 0.6, y + r * 0.15), r * 0.12
            )
    else:  # sleepy
        pygame.draw.circle(surface, INK, (x, mouth_y + r * 0.05), r * 0.06)
    if mood is Mood.SAD:  # one tear
        tear = (x - r * 0.42, eye_y + eye_r * 2.2)
        pygame.draw.circle(surface, (90, 170, 255), tear, r * 0.07)


def _parachute(surface: pygame.Surface, x: float, top: float, s: float, line: int) -> None:
    span = 0.42 * s
    canopy = pygame.Rect(round(x - span), round(top - 0.22 * s), round(2 * span), round(0.44 * s))
    for k in range(6):
        a0 = math.pi * k / 6
        a1 = math.pi * (k + 1) / 6
        points = [(x, canopy.centery)]
        for j in range(5):
            a = a0 + (a1 - a0) * j / 4
            points.append(
                (x + span * math.cos(a), canopy.centery - canopy.height / 2 * math.sin(a))
            )
        pygame.draw.polygon(surface, RED if k % 2 == 0 else TOWER_LIGHT, points)
    pygame.draw.arc(surface, INK, canopy, 0, math.pi, line)
    for fx in (-1.0, -0.4, 0.4, 1.0):
        pygame.draw.line(
            surface,
            INK,
            (x + fx * span, canopy.centery),
            (x + fx * 0.1 * s, top + 0.3 * s),
            max(1, line // 2),
        )


def draw_zzz(surface: pygame.Surface, x: float, y: float, s: float, t: float) -> None:
    """Three floating Z shapes: the pet is asleep while the hand rests."""
    for k in range(3):
        phase = (t * 0.5 + k / 3) % 1.0
        size = s * (0.03 + 0.03 * phase)
        zx = x + s * 0.12 * phase + size
        zy = y - s * 0.25 * phase
        pts = [
            (zx - size, zy - size),
            (zx + size, zy - size),
            (zx - size, zy + size),
            (zx + size, zy + size),
        ]
        pygame.draw.lines(surface, (255, 255, 255), False, pts, max(2, round(s / 80)))
