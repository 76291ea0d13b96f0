"""The rest picture between sets and the calm picture after an Ouch/Stop.

Resting: a sleepy bear on a cloud sips water through a straw inside a big countdown
ring; the ring and the water in the bear's cup both run down as the rest passes, and
the bear opens its eyes when the rest is nearly over ("get ready"). Stopped: a big soft
heart with a plaster, resting on a pillow, breathing slowly, with little hearts
drifting up: "we stopped, well done, you are safe". Calm colours, nothing sudden.

Each picture is drawn into a rectangle, measured from it and clipped to it.
"""

from __future__ import annotations

import math

import pygame

from games.kit import hud
from games.kit.draw import Colour, Point, mix
from station.screens.art.pen import INK, WHITE, Pen, clipped, oval_points, paint_square, square

RING: Colour = (120, 226, 206)
"""The rest countdown: a calm mint, not the gold of a hold (nothing to achieve here)."""
SKY: Colour = (104, 126, 222)
STAR: Colour = (255, 246, 200)
CLOUD: Colour = (240, 244, 255)
FUR: Colour = (166, 112, 70)
FUR_LIGHT: Colour = (232, 190, 140)
CUP: Colour = (214, 236, 255)
WATER: Colour = (90, 176, 255)
STRAW: Colour = (255, 112, 136)
CHEEK: Colour = (255, 140, 150)
HEART: Colour = (255, 150, 172)
HEART_LIGHT: Colour = (255, 204, 216)
PLASTER: Colour = (255, 214, 166)
PLASTER_PAD: Colour = (255, 240, 220)
HALO: tuple[Colour, ...] = ((52, 60, 104), (74, 84, 140), (100, 110, 176))
AWAKE_BELOW = 0.15
"""Share of the rest left when the bear opens its eyes and gets ready."""
OUTLINE = 0.03
"""The ink outline's width as a share of a picture's unit."""
BREATH_S = 4.0
SIP_S = 3.2

_masks: dict[int, pygame.Surface] = {}


def heart_points(x: float, y: float, size: float, steps: int = 48) -> list[Point]:
    """A plump heart about ``2 * size`` wide, its middle at (x, y), point down."""
    points = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        hx = 16 * math.sin(t) ** 3
        hy = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((x + size * hx / 16, y - size * (hy + 2) / 16))
    return points


def _circle_mask(diameter: int) -> pygame.Surface:
    """White inside a circle, clear outside: multiplied into a layer to round it off."""
    mask = _masks.get(diameter)
    if mask is None:
        mask = pygame.Surface((diameter, diameter), pygame.SRCALPHA)
        mask.fill((255, 255, 255, 0))
        pygame.draw.circle(mask, (255, 255, 255, 255), (diameter / 2, diameter / 2), diameter / 2)
        if len(_masks) > 8:
            _masks.clear()
        _masks[diameter] = mask
    return mask


# -- resting -----------------------------------------------------------------------------


def draw_rest_buddy(
    surface: pygame.Surface, rect: pygame.Rect, t_s: float, share_left: float
) -> None:
    """The rest between sets: a sleepy bear sipping water inside a countdown ring.

    ``share_left`` goes from 1 (the rest just began) to 0 (time to play again); the
    ring empties clockwise from twelve o'clock and the bear's cup empties with it.
    """
    left = min(1.0, max(0.0, share_left))
    center, half = square(rect)
    if half < 6:
        return
    with clipped(surface, rect):
        ring_r = round(half * 0.97)
        thickness = max(3, round(ring_r * 0.12))
        disc_d = max(2, round(2 * (ring_r - thickness * 1.35)))
        layer = pygame.Surface((disc_d, disc_d), pygame.SRCALPHA)
        layer.fill((*SKY, 255))
        pen = Pen(layer, (disc_d / 2, disc_d / 2), disc_d / 2, OUTLINE)
        _night(pen, t_s)
        _bear(pen, t_s, left)
        layer.blit(_circle_mask(disc_d), (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        surface.blit(layer, (round(center[0] - disc_d / 2), round(center[1] - disc_d / 2)))
        pygame.draw.circle(surface, INK, center, disc_d / 2 + pen.ow, max(1, round(2 * pen.ow)))
        hud.draw_hold_ring(
            surface, (round(center[0]), round(center[1])), ring_r, left, RING, thickness=thickness
        )


def _night(pen: Pen, t_s: float) -> None:
    pen.circle(0.5, -0.5, 0.16, STAR, outline=False)
    pen.circle(0.58, -0.56, 0.14, SKY, outline=False)
    for i, (x, y, size) in enumerate(
        (
            (-0.5, -0.5, 0.08),
            (-0.2, -0.72, 0.05),
            (0.7, -0.1, 0.05),
            (-0.72, -0.12, 0.05),
            (0.22, -0.8, 0.04),
        )
    ):
        twinkle = 0.5 + 0.5 * math.sin(t_s * 2.0 + i * 1.7)
        pen.sparkle(x, y, size * (0.55 + 0.45 * twinkle), STAR)
    cloud = [
        (0.0, 0.9, 0.5),
        (-0.45, 0.84, 0.3),
        (0.45, 0.84, 0.3),
        (-0.72, 0.95, 0.25),
        (0.72, 0.95, 0.25),
    ]
    for x, y, r in cloud:
        pen.circle(x, y, r, CLOUD)
    for x, y, r in cloud:
        pen.circle(x, y, r, CLOUD, outline=False)


def _bear(pen: Pen, t_s: float, left: float) -> None:
    breath = math.sin(t_s * 2 * math.pi / BREATH_S)
    sip = (t_s % SIP_S) / SIP_S
    sipping = sip < 0.35
    awake = left <= AWAKE_BELOW
    grow = 1.0 + 0.025 * breath
    # body and feet, on the cloud
    pen.oval(0.0, 0.42, 0.4 * grow, 0.34 * grow, FUR)
    pen.oval(0.0, 0.5, 0.24 * grow, 0.2 * grow, FUR_LIGHT, outline=False)
    for side in (-1, 1):
        pen.oval(side * 0.28, 0.7, 0.14, 0.1, FUR)
        pen.oval(side * 0.28, 0.71, 0.08, 0.06, FUR_LIGHT, outline=False)
    # head, bobbing a little with each breath
    hy = -0.16 + 0.012 * breath
    for side in (-1, 1):
        pen.circle(side * 0.25, hy - 0.26, 0.11, FUR)
        pen.circle(side * 0.25, hy - 0.26, 0.06, FUR_LIGHT, outline=False)
    pen.circle(0.0, hy, 0.34, FUR)
    pen.oval(0.0, hy + 0.1, 0.14, 0.1, FUR_LIGHT, outline=False)
    pen.oval(0.0, hy + 0.05, 0.055, 0.04, INK, outline=False)
    for side in (-1, 1):
        ex = side * 0.14
        if awake:
            pen.oval(ex, hy - 0.06, 0.04, 0.055, INK, outline=False)
            pen.circle(ex - 0.012, hy - 0.08, 0.016, WHITE, outline=False)
        else:
            pen.curve(ex, hy - 0.08, 0.06, 0.045, (0.25, math.pi - 0.25), width=0.03)
        puff = 0.075 if sipping else 0.06
        pen.oval(side * 0.22, hy + 0.08, puff, puff * 0.65, CHEEK, outline=False)
    if awake:
        pen.curve(0.0, hy + 0.1, 0.07, 0.06, (0.3, math.pi - 0.3), width=0.028)
    # sleepy bubbles drift up from the head while the rest is young
    if not awake:
        for i in range(3):
            phase = (t_s / 3.0 + i / 3) % 1.0
            pen.circle(
                -0.32 - 0.12 * phase,
                hy - 0.35 - 0.35 * phase,
                0.025 + 0.035 * phase * (1 - phase) * 4,
                WHITE,
            )
    _cup(pen, left, hy, sipping, t_s)


def _cup(pen: Pen, left: float, hy: float, sipping: bool, t_s: float) -> None:
    cx, top, bottom, half_w = 0.24, 0.18, 0.52, 0.12
    mouth = (0.05, hy + 0.15)
    pen.line([(cx + 0.03, top + 0.05), (cx + 0.05, hy + 0.1), mouth], INK, 0.06)
    pen.line([(cx + 0.03, top + 0.05), (cx + 0.05, hy + 0.1), mouth], STRAW, 0.035)
    glass = [
        (cx - half_w, top),
        (cx + half_w, top),
        (cx + half_w * 0.8, bottom),
        (cx - half_w * 0.8, bottom),
    ]
    pen.shape(glass, CUP)
    level = bottom - (bottom - top - 0.04) * left
    if left > 0.0:
        width_at = half_w - (half_w * 0.2) * (level - top) / (bottom - top)
        water = [
            (cx - width_at + 0.02, level),
            (cx + width_at - 0.02, level),
            (cx + half_w * 0.8 - 0.02, bottom - 0.02),
            (cx - half_w * 0.8 + 0.02, bottom - 0.02),
        ]
        pen.shape(water, WATER, outline=False)
        if sipping and level < bottom - 0.06:
            rise = (t_s % SIP_S) / (SIP_S * 0.35)
            pen.circle(
                cx - 0.03,
                bottom - 0.04 - (bottom - level - 0.04) * rise,
                0.018,
                WHITE,
                outline=False,
            )
    pen.line([(cx - half_w * 0.6, top + 0.05), (cx - half_w * 0.5, bottom - 0.05)], WHITE, 0.025)
    for x, y in ((cx - half_w - 0.02, 0.36), (cx + half_w + 0.01, 0.38)):
        pen.circle(x, y, 0.075, FUR)


# -- stopped -----------------------------------------------------------------------------


def draw_stopped(surface: pygame.Surface, rect: pygame.Rect, t_s: float) -> None:
    """After Ouch/Stop: a soft heart with a plaster, resting on a pillow, all calm.

    It breathes slowly (one breath every four seconds), smiles with its eyes closed, and
    little hearts float up around it. No red, no warning signs, nothing sudden.
    """
    paint_square(surface, rect, lambda pen: _stopped(pen, t_s), outline=OUTLINE, smallest=6)


def _stopped(pen: Pen, t_s: float) -> None:
    breath = math.sin(t_s * 2 * math.pi / BREATH_S)
    for i, colour in enumerate(HALO):
        pen.circle(0.0, 0.0, 0.98 - 0.16 * i + 0.01 * breath, colour, outline=False)
    for i in range(5):
        phase = (t_s / 5.0 + i / 5) % 1.0
        x = (-0.62, 0.6, -0.45, 0.68, -0.7)[i] + 0.05 * math.sin(t_s + i)
        y = 0.45 - 1.05 * phase
        size = 0.08 * math.sin(math.pi * phase)
        if size > 0.01:
            pen.shape(heart_points(x, y, size), mix(HEART, WHITE, 0.35), outline=False)
    pillow = [(0.0, 0.66, 0.52, 0.17), (-0.48, 0.62, 0.2, 0.14), (0.48, 0.62, 0.2, 0.14)]
    for x, y, rx, ry in pillow:
        pen.oval(x, y, rx, ry, CLOUD)
    for x, y, rx, ry in pillow:
        pen.oval(x, y, rx * 0.98, ry * 0.95, CLOUD, outline=False)
    size = 0.5 * (1.0 + 0.03 * breath)
    hx, hy = 0.0, -0.02
    pen.shape(heart_points(hx, hy, size), HEART)
    pen.shape(
        oval_points(hx - 0.26 * size / 0.5, hy - 0.2 * size / 0.5, 0.1, 0.06),
        HEART_LIGHT,
        outline=False,
    )
    _heart_face(pen, hx, hy, size)
    _plaster(pen, hx + 0.2, hy - 0.18, -0.6)
    for i, (x, y) in enumerate(((0.72, -0.62), (-0.74, -0.5), (0.78, 0.2))):
        twinkle = 0.5 + 0.5 * math.sin(t_s * 1.5 + i * 2.1)
        pen.sparkle(x, y, 0.05 + 0.03 * twinkle, STAR)


def _heart_face(pen: Pen, x: float, y: float, size: float) -> None:
    k = size / 0.5
    for side in (-1, 1):
        pen.curve(
            x + side * 0.14 * k,
            y + 0.02 * k,
            0.065 * k,
            0.05 * k,
            (0.2, math.pi - 0.2),
            width=0.032 * k,
        )
        pen.oval(x + side * 0.26 * k, y + 0.12 * k, 0.06 * k, 0.04 * k, CHEEK, outline=False)
    pen.curve(x, y + 0.12 * k, 0.07 * k, 0.06 * k, (0.3, math.pi - 0.3), width=0.03 * k)


def _plaster(pen: Pen, x: float, y: float, angle: float) -> None:
    """A sticking plaster laid across the heart's shoulder."""
    c, s = math.cos(angle), math.sin(angle)

    def turned(points: list[Point]) -> list[Point]:
        return [(x + px * c - py * s, y + px * s + py * c) for px, py in points]

    def pill(half_w: float, half_h: float) -> list[Point]:
        return oval_points(
            half_w - half_h, 0.0, half_h, half_h, (-math.pi / 2, math.pi / 2), steps=12
        ) + oval_points(
            -half_w + half_h, 0.0, half_h, half_h, (math.pi / 2, 1.5 * math.pi), steps=12
        )

    pen.shape(turned(pill(0.26, 0.08)), PLASTER)
    pen.shape(turned(pill(0.09, 0.06)), PLASTER_PAD, outline=False)
    for dx, dy in ((-0.04, -0.025), (0.04, -0.025), (-0.04, 0.025), (0.04, 0.025)):
        px, py = turned([(dx, dy)])[0]
        pen.circle(px, py, 0.008, mix(PLASTER, INK, 0.3), outline=False)
