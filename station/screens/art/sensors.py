"""Which sensor to use, in pictures: a hand round the squeeze bulb, a pinch on the small
sensor, and Puff, the puffer fish who swells up as a child squeezes as hard as they can.

The bulb is big, round and pink and is held in the whole hand; the pinch sensor is a
small yellow block held between the tips of the thumb and the first finger. Both squash
visibly with ``squeeze`` (0..1), so the picture also says "squeeze it like this".
"""

from __future__ import annotations

import itertools
import math

import pygame

from games.kit import hud
from games.kit.draw import Colour, Point, mix
from station.screens.art.hands import OUTLINE, SKIN, SLEEVE
from station.screens.art.pen import (
    INK,
    WHITE,
    Space,
    blob,
    capsule,
    clamp01,
    clipped,
    inflate,
    smooth,
)

BULB: Colour = (244, 76, 112)
BULB_DARK: Colour = (196, 44, 84)
PINCH: Colour = (255, 196, 40)
PINCH_DARK: Colour = (214, 140, 20)
CABLE: Colour = (90, 96, 130)
PUFF: Colour = (255, 206, 72)
PUFF_HOT: Colour = (255, 146, 56)
PUFF_BELLY: Colour = (255, 242, 196)
PUFF_SPIKE: Colour = (236, 128, 40)
CHEEK: Colour = (255, 120, 130)
SENSORS = ("grip", "bulb", "pinch")
"""``grip`` and ``bulb`` both mean the squeeze bulb."""


def _cable(surface: pygame.Surface, points: list[Point], width: float, line: float) -> None:
    """A thick, soft curve through three points (a quadratic bezier) with a dark rim."""
    (ax, ay), (bx, by), (cx, cy) = points
    curve = [
        (
            (1 - s) ** 2 * ax + 2 * (1 - s) * s * bx + s * s * cx,
            (1 - s) ** 2 * ay + 2 * (1 - s) * s * by + s * s * cy,
        )
        for s in (i / 20 for i in range(21))
    ]
    for colour, w in ((OUTLINE, width + 2 * line), (CABLE, width)):
        for a, b in itertools.pairwise(curve):
            capsule(surface, colour, a, b, w / 2, rb=w / 2)


def _squeeze_marks(
    surface: pygame.Surface, centre: Point, radius: float, angles: tuple[float, ...], s: float
) -> None:
    """Short strokes fanning out from something squeezed: "it's working"."""
    if s < 0.15:
        return
    length = radius * 0.35 * s
    width = max(2.0, radius * 0.07)
    for a in angles:
        p0 = (centre[0] + math.cos(a) * radius, centre[1] + math.sin(a) * radius)
        p1 = (p0[0] + math.cos(a) * length, p0[1] + math.sin(a) * length)
        capsule(surface, INK, p0, p1, width / 2 + 1.5, rb=width / 2 + 1.5)
        capsule(surface, WHITE, p0, p1, width / 2, rb=width / 2)


# -- the squeeze bulb ----------------------------------------------------------------------


def _bulb_half_width(s: float, v: float) -> float:
    """Half the bulb's width at height ``v`` (-1 top .. 1 bottom), squeezed by ``s``.

    Squeezing pinches the waist where the fingers are and swells the dome above them.
    """
    waist = 1.0 - 0.3 * s * math.exp(-(((v - 0.1) / 0.4) ** 2))
    dome = 1.0 + 0.32 * s * max(0.0, -v - 0.2)
    return 0.56 * math.sqrt(max(0.0, 1 - v * v)) * (1 + 0.1 * v) * waist * dome


def _bulb_half_height(s: float) -> float:
    return 0.84 * (1 + 0.1 * s)


def draw_bulb_grip(surface: pygame.Surface, rect: pygame.Rect, squeeze: float, t_s: float) -> None:
    """A hand wrapped round the squeeze bulb (a power grip); the bulb squashes with ``squeeze``.

    ``t_s`` only adds a little shimmer on the bulb; the squash is ``squeeze`` alone.
    """
    if rect.width <= 0 or rect.height <= 0:
        return
    s = clamp01(squeeze)
    with clipped(surface, rect):
        sp = Space(rect, 3.0, 3.0)
        line = sp.line(0.045)
        half_h = _bulb_half_height(s)
        bulb_c = (0.3, 0.02 - (half_h - 0.84) * 0.8)
        bottom = sp(bulb_c[0], bulb_c[1] + half_h)
        _cable(surface, [bottom, sp(0.45, 1.45), sp(1.6, 1.2)], sp.r(0.11), line)
        edge = []
        for side in (1, -1):
            vs = [-1.0 + 2.0 * i / 28 for i in range(29)]
            for v in vs if side == 1 else vs[::-1]:
                hw = _bulb_half_width(s, v) * side
                edge.append(sp(bulb_c[0] + hw, bulb_c[1] + v * half_h))
        blob(surface, BULB, OUTLINE, edge, line)
        shimmer = 0.02 * math.sin(t_s * 3.0)
        shine = pygame.Rect(0, 0, sp.r(0.14), sp.r(0.24))
        shine.center = sp(bulb_c[0] - 0.2 - 0.06 * s, bulb_c[1] - half_h * 0.62 + shimmer)
        pygame.draw.ellipse(surface, mix(BULB, WHITE, 0.65), shine)
        neck = pygame.Rect(0, 0, sp.r(0.26), sp.r(0.16))
        neck.midtop = (round(bottom[0]), round(bottom[1] - sp.r(0.05)))
        pygame.draw.rect(surface, OUTLINE, neck.inflate(2 * line, 2 * line), border_radius=neck.h)
        pygame.draw.rect(surface, BULB_DARK, neck, border_radius=neck.h // 2)

        # the hand: its back at the left, four fingers across the bulb, the thumb on top
        press = 0.06 * s
        arm_a, arm_b = sp(-0.6 + press, 0.4), sp(-0.95, 1.0)
        capsule(surface, OUTLINE, arm_a, arm_b, sp.r(0.27) + line, rb=sp.r(0.25) + line)
        capsule(surface, SKIN, arm_a, arm_b, sp.r(0.27), rb=sp.r(0.25))
        _cuff(surface, sp, (-0.95, 1.0), (-0.6 + press, 0.4), 0.36, line=line)
        back = [
            (-0.9 + press, -0.5),
            (-0.45 + press, -0.62),
            (-0.15 + press, -0.4),
            (-0.15 + press, 0.4),
            (-0.35 + press, 0.66),
            (-0.75 + press, 0.66),
            (-0.98 + press, 0.12),
        ]
        blob(surface, SKIN, OUTLINE, [sp(x, y) for x, y in smooth(back)], line)

        fingers = ((0.44, 0.12), (0.2, 0.135), (-0.05, 0.135), (-0.3, 0.13))
        for y, radius in fingers:
            v = (y - bulb_c[1]) / half_h
            tip_x = bulb_c[0] + _bulb_half_width(s, v) - radius * 0.7
            if y > 0.4:
                tip_x -= 0.1
            root = -0.45 + press
            a, b = sp(root, y), sp(tip_x, y)
            capsule(surface, OUTLINE, a, b, sp.r(radius) + line, rb=sp.r(radius) + line)
            capsule(surface, SKIN, a, b, sp.r(radius), rb=sp.r(radius))
            crease_x = root + (tip_x - root) * 0.58
            c0, c1 = sp(crease_x, y - radius * 0.5), sp(crease_x, y + radius * 0.5)
            pygame.draw.line(surface, mix(SKIN, OUTLINE, 0.35), c0, c1, max(1, round(line * 0.6)))
        t0, t1 = sp(-0.62 + press, -0.36), sp(0.1 + 0.04 * s, -0.46)
        capsule(surface, OUTLINE, t0, t1, sp.r(0.15) + line, rb=sp.r(0.13) + line)
        capsule(surface, SKIN, t0, t1, sp.r(0.15), rb=sp.r(0.13))
        pygame.draw.circle(surface, SKIN, sp(-0.62 + press, -0.3), sp.r(0.14))
        pygame.draw.circle(surface, mix(SKIN, WHITE, 0.45), sp(0.06 + 0.04 * s, -0.5), sp.r(0.05))

        dome = sp(bulb_c[0], bulb_c[1] - half_h * 0.5)
        _squeeze_marks(
            surface, dome, sp.r(0.55), (-math.pi / 2 - 0.7, -math.pi / 2, -math.pi / 2 + 0.7), s
        )


def _cuff(
    surface: pygame.Surface,
    sp: Space,
    end: Point,
    towards: Point,
    half: float,
    *,
    line: float,
) -> None:
    """A sleeve cuff across the forearm at ``end``, square to the arm's direction."""
    dx, dy = towards[0] - end[0], towards[1] - end[1]
    d = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / d * half, dx / d * half
    a, b = sp(end[0] + nx, end[1] + ny), sp(end[0] - nx, end[1] - ny)
    r = sp.r(0.15)
    capsule(surface, OUTLINE, a, b, r + line, rb=r + line)
    capsule(surface, SLEEVE, a, b, r, rb=r)
    shift = (dx / d * 0.04, dy / d * 0.04)
    a2 = sp(end[0] + nx * 0.9 + shift[0], end[1] + ny * 0.9 + shift[1])
    b2 = sp(end[0] - nx * 0.9 + shift[0], end[1] - ny * 0.9 + shift[1])
    capsule(surface, mix(SLEEVE, WHITE, 0.55), a2, b2, r * 0.22, rb=r * 0.22)


# -- the pinch sensor ----------------------------------------------------------------------


def draw_pinch(surface: pygame.Surface, rect: pygame.Rect, squeeze: float, t_s: float) -> None:
    """The thumb and first finger pinching the small pinch sensor by their tips.

    The sensor flattens and the fingertips close in as ``squeeze`` (0..1) rises; ``t_s``
    adds a gentle bob, the same at any squeeze.
    """
    if rect.width <= 0 or rect.height <= 0:
        return
    s = clamp01(squeeze)
    with clipped(surface, rect):
        sp = Space(rect, 3.0, 2.6)
        line = sp.line(0.045)
        sensor_c = (0.62, 0.02 + 0.015 * math.sin(t_s * 2.0))
        half_w, half_h = 0.32, 0.2 * (1 - 0.35 * s)
        _cable(
            surface,
            [sp(sensor_c[0] + half_w, sensor_c[1]), sp(1.35, 0.1), sp(1.5, 1.2)],
            sp.r(0.09),
            line,
        )
        body = pygame.Rect(0, 0, round(sp.r(2 * half_w)), round(sp.r(2 * half_h)))
        body.center = (round(sp(*sensor_c)[0]), round(sp(*sensor_c)[1]))
        radius = max(2, round(body.height * 0.45))
        pygame.draw.rect(surface, OUTLINE, body.inflate(2 * line, 2 * line), border_radius=radius)
        pygame.draw.rect(surface, PINCH, body, border_radius=radius)
        stripe = body.inflate(-body.width * 0.35, -body.height * 0.6)
        stripe.top = body.top + max(1, round(body.height * 0.16))
        pygame.draw.rect(surface, mix(PINCH, WHITE, 0.6), stripe, border_radius=stripe.h)

        # forearm and the back of a loose fist on the left
        arm_a, arm_b = sp(-0.75, 0.1), sp(-1.25, 0.25)
        capsule(surface, OUTLINE, arm_a, arm_b, sp.r(0.26) + line, rb=sp.r(0.26) + line)
        capsule(surface, SKIN, arm_a, arm_b, sp.r(0.26), rb=sp.r(0.26))
        _cuff(surface, sp, (-1.25, 0.25), (-0.75, 0.1), 0.34, line=line)
        back = [
            (-1.0, -0.3),
            (-0.55, -0.52),
            (-0.2, -0.38),
            (-0.12, 0.2),
            (-0.3, 0.62),
            (-0.75, 0.62),
            (-1.02, 0.3),
        ]
        blob(surface, SKIN, OUTLINE, [sp(x, y) for x, y in smooth(back)], line)
        fold = mix(SKIN, OUTLINE, 0.35)
        for k in range(2):
            y = 0.3 + 0.14 * k
            arc = [sp(-0.75 + 0.45 * i / 6, y + 0.05 * math.sin(math.pi * i / 6)) for i in range(7)]
            pygame.draw.lines(surface, fold, False, arc, max(1, round(line * 0.6)))

        tip_r = 0.12
        top_tip = (sensor_c[0] - 0.04, sensor_c[1] - half_h - tip_r + 0.02)
        low_tip = (sensor_c[0] - 0.04, sensor_c[1] + half_h + tip_r - 0.02)
        for chain, radii in (
            ([(-0.35, 0.28), (0.22, 0.5 - 0.04 * s), low_tip], (0.17, 0.15, tip_r + 0.01)),
            ([(-0.3, -0.26), (0.28, -0.52 + 0.05 * s), top_tip], (0.15, 0.135, tip_r)),
        ):
            pts = [sp(*p) for p in chain]
            rs = [sp.r(r) for r in radii]
            for i in range(2):
                capsule(surface, OUTLINE, pts[i], pts[i + 1], rs[i] + line, rb=rs[i + 1] + line)
            for i in range(2):
                capsule(surface, SKIN, pts[i], pts[i + 1], rs[i], rb=rs[i + 1])
            pygame.draw.circle(surface, SKIN, pts[0], rs[0])
            pygame.draw.circle(surface, mix(SKIN, CHEEK, 0.25 * s), pts[2], rs[2] * 0.55)
        _squeeze_marks(surface, sp(*sensor_c), sp.r(half_w + 0.12), (-0.35, 0.35), s)


# -- Puff, the strong buddy ----------------------------------------------------------------


def draw_strong_buddy(
    surface: pygame.Surface, rect: pygame.Rect, effort: float, t_s: float, sensor: str
) -> None:
    """Puff the puffer fish, who puffs up, bristles and beams as ``effort`` goes 0 to 1.

    For "squeeze as hard as you can": at rest Puff is small and calm, blowing bubbles;
    the harder the squeeze, the rounder, spikier, rosier and more delighted Puff gets,
    and near the top stars whirl round. A badge at the corner shows the ``sensor`` to
    use (``"grip"``/``"bulb"`` or ``"pinch"``), squeezed as hard as Puff is.
    """
    if sensor not in SENSORS:
        raise ValueError(f"sensor is one of {SENSORS}, got {sensor!r}")
    if rect.width <= 0 or rect.height <= 0:
        return
    e = clamp01(effort)
    with clipped(surface, rect):
        size = min(rect.width, rect.height)
        bob = math.sin(t_s * 2.2) * size * 0.015 * (1 - 0.6 * e)
        wiggle = math.sin(t_s * 18.0) * size * 0.006 * max(0.0, e - 0.7) / 0.3
        centre = (rect.centerx + size * 0.04 + wiggle, rect.centery - size * 0.02 + bob)
        r = size * 0.3 * (0.66 + 0.34 * e)
        line = max(2.0, size * 0.012)
        _draw_bubbles(surface, rect, centre, r, t_s, e=e)
        if e > 0.8:
            _draw_whirling_stars(surface, centre, r * 1.45, t_s, (e - 0.8) / 0.2)
        _draw_tail(surface, centre, r, t_s, e, line=line)
        _draw_spikes(surface, centre, r, e, line)
        body = mix(PUFF, PUFF_HOT, e * 0.6)
        pygame.draw.circle(surface, INK, centre, r + line)
        pygame.draw.circle(surface, body, centre, r)
        belly = pygame.Rect(0, 0, r * 1.5, r * 0.9)
        belly.center = (round(centre[0] + r * 0.05), round(centre[1] + r * 0.45))
        with clipped(surface, pygame.Rect(centre[0] - r, centre[1] - r, 2 * r, 2 * r)):
            pygame.draw.ellipse(surface, PUFF_BELLY, belly)
        for dx, dy, k in ((-0.3, -0.62, 0.09), (0.05, -0.72, 0.07), (-0.58, -0.3, 0.07)):
            pygame.draw.circle(
                surface,
                mix(body, PUFF_SPIKE, 0.5),
                (centre[0] + dx * r, centre[1] + dy * r),
                r * k,
            )
        _draw_fin(surface, centre, r, t_s, e, line=line)
        _draw_face(surface, centre, r, t_s, e, line=line)
        badge_r = size * 0.15
        badge_c = (rect.right - badge_r * 1.1, rect.bottom - badge_r * 1.1)
        pygame.draw.circle(surface, INK, badge_c, badge_r + line)
        pygame.draw.circle(surface, WHITE, badge_c, badge_r)
        inner = pygame.Rect(0, 0, badge_r * 1.55, badge_r * 1.55)
        inner.center = (round(badge_c[0]), round(badge_c[1]))
        if sensor == "pinch":
            draw_pinch(surface, inner, e, t_s)
        else:
            draw_bulb_grip(surface, inner, e, t_s)


def _draw_spikes(surface: pygame.Surface, centre: Point, r: float, e: float, line: float) -> None:
    """Soft spikes all round that stand up as Puff puffs; the tail side is left smooth."""
    length = r * (0.06 + 0.26 * e)
    count = 16
    base_w = r * 0.15
    for k in range(count):
        a = 2 * math.pi * (k + 0.5) / count
        if abs(math.cos(a) + 1.0) < 0.08:  # where the tail joins
            continue
        ca, sa = math.cos(a), math.sin(a)
        root = (centre[0] + ca * r * 0.9, centre[1] + sa * r * 0.9)
        tip = (centre[0] + ca * (r + length), centre[1] + sa * (r + length))
        side = (-sa * base_w, ca * base_w)
        spike = [
            (root[0] + side[0], root[1] + side[1]),
            tip,
            (root[0] - side[0], root[1] - side[1]),
        ]
        pygame.draw.polygon(surface, INK, inflate(spike, line))
        pygame.draw.polygon(surface, PUFF_SPIKE, spike)


def _draw_tail(
    surface: pygame.Surface, centre: Point, r: float, t_s: float, e: float, *, line: float
) -> None:
    """A two-lobed fan behind Puff that wags faster as the squeeze grows."""
    wag = math.sin(t_s * (3.0 + 9.0 * e)) * r * 0.12
    cx, cy = centre
    fan = [
        (cx - r * 0.8, cy - r * 0.12),
        (cx - r * 1.4, cy - r * 0.5 + wag),
        (cx - r * 1.52, cy - r * 0.2 + wag),
        (cx - r * 1.3, cy + wag * 0.8),
        (cx - r * 1.52, cy + r * 0.2 + wag),
        (cx - r * 1.4, cy + r * 0.5 + wag),
        (cx - r * 0.8, cy + r * 0.12),
    ]
    points = smooth(fan, 2)
    pygame.draw.polygon(surface, INK, inflate(points, line))
    pygame.draw.polygon(surface, PUFF_SPIKE, points)
    for k in (-1, 1):
        ray = [(cx - r * 0.95, cy + k * r * 0.05), (cx - r * 1.35, cy + k * r * 0.3 + wag)]
        pygame.draw.line(surface, mix(PUFF_SPIKE, INK, 0.3), *ray, max(1, round(line * 0.7)))


def _draw_fin(
    surface: pygame.Surface, centre: Point, r: float, t_s: float, e: float, *, line: float
) -> None:
    """A little paddle on Puff's side, flapping faster with the effort."""
    flap = math.sin(t_s * (4.0 + 10.0 * e))
    cx, cy = centre
    base = (cx - r * 0.28, cy + r * 0.28)
    a = math.pi * 0.82 + 0.3 * flap
    tip = (base[0] + math.cos(a) * r * 0.36, base[1] + math.sin(a) * r * 0.36)
    nx, ny = -math.sin(a) * r * 0.16, math.cos(a) * r * 0.16
    fin = smooth(
        [
            (base[0] + nx * 0.4, base[1] + ny * 0.4),
            (tip[0] + nx, tip[1] + ny),
            (tip[0] - nx, tip[1] - ny),
            (base[0] - nx * 0.4, base[1] - ny * 0.4),
        ],
        2,
    )
    pygame.draw.polygon(surface, INK, inflate(fin, line))
    pygame.draw.polygon(surface, mix(PUFF_SPIKE, PUFF, 0.4), fin)


def _draw_face(
    surface: pygame.Surface, centre: Point, r: float, t_s: float, e: float, *, line: float
) -> None:
    cx, cy = centre
    blink = (t_s % 4.0) > 3.85 and e < 0.6
    eye_r = r * (0.2 + 0.04 * e)
    for dx in (0.05, 0.5):
        ex, ey = cx + dx * r, cy - r * 0.22
        if e > 0.9:  # so happy the eyes close into smiles
            box = pygame.Rect(0, 0, eye_r * 2, eye_r * 1.6)
            box.center = (round(ex), round(ey + eye_r * 0.3))
            pygame.draw.arc(surface, INK, box, 0.15, math.pi - 0.15, max(2, round(line * 1.6)))
            continue
        if blink:
            pygame.draw.line(surface, INK, (ex - eye_r, ey), (ex + eye_r, ey), round(line * 1.5))
            continue
        pygame.draw.circle(surface, INK, (ex, ey), eye_r + line)
        pygame.draw.circle(surface, WHITE, (ex, ey), eye_r)
        look = r * 0.05
        pupil = eye_r * (0.5 + 0.15 * e)
        pygame.draw.circle(surface, INK, (ex + look, ey + look * 0.4), pupil)
        pygame.draw.circle(
            surface, WHITE, (ex + look - pupil * 0.35, ey - pupil * 0.35), max(1.5, pupil * 0.35)
        )
        if e > 0.3:  # brows lift in delight as the squeeze grows
            lift = eye_r * (1.25 + 0.45 * (e - 0.3))
            brow = pygame.Rect(0, 0, eye_r * 1.6, eye_r * 0.9)
            brow.center = (round(ex), round(ey - lift))
            pygame.draw.arc(surface, INK, brow, 0.35, math.pi - 0.35, max(2, round(line * 1.1)))
    cheek = mix(mix(PUFF, PUFF_HOT, e * 0.6), CHEEK, 0.35 + 0.65 * e)
    for dx in (-0.15, 0.72):
        pygame.draw.ellipse(
            surface,
            cheek,
            pygame.Rect(cx + dx * r - r * 0.12, cy + r * 0.08, r * 0.24, r * 0.15),
        )
    mouth_c = (cx + r * 0.3, cy + r * 0.22)
    if e < 0.35:
        box = pygame.Rect(0, 0, r * 0.36, r * 0.24)
        box.center = (round(mouth_c[0]), round(mouth_c[1] - r * 0.05))
        pygame.draw.arc(surface, INK, box, math.pi * 1.1, math.pi * 1.9, max(2, round(line * 1.3)))
        return
    open_ = (e - 0.35) / 0.65
    w, h = r * (0.32 + 0.2 * open_), r * (0.12 + 0.2 * open_)
    mouth = [
        (mouth_c[0] - w / 2 + w * i / 12, mouth_c[1] + h * math.sin(math.pi * i / 12))
        for i in range(13)
    ]
    pygame.draw.polygon(surface, INK, mouth)
    tongue = (mouth_c[0], mouth_c[1] + h * 0.62)
    pygame.draw.circle(surface, (255, 110, 120), tongue, min(w, h) * 0.32)


def _draw_bubbles(
    surface: pygame.Surface, rect: pygame.Rect, centre: Point, r: float, t_s: float, *, e: float
) -> None:
    """A few bubbles rising from Puff's mouth, each on its own loop."""
    for k in range(3):
        phase = (t_s / 2.4 + k / 3) % 1.0
        x = centre[0] + r * (0.55 + 0.1 * math.sin(phase * 9 + k))
        y = centre[1] - r * 0.3 - phase * (centre[1] - rect.top)
        br = r * (0.06 + 0.05 * k / 2) * (1 - 0.5 * e)
        pygame.draw.circle(surface, WHITE, (x, y), br, max(1, round(br * 0.3)))


def _draw_whirling_stars(
    surface: pygame.Surface, centre: Point, radius: float, t_s: float, share: float
) -> None:
    for k in range(5):
        a = t_s * 2.5 + 2 * math.pi * k / 5
        p = (centre[0] + math.cos(a) * radius, centre[1] + math.sin(a) * radius * 0.8)
        hud.draw_star(surface, p, radius * 0.09 * (0.4 + 0.6 * share), rotation=a)
