"""Signs a child reads without reading: "squeeze or touch to start", the Ouch button,
and "ask a grown-up to check the cable".

Each is a picture only. The start sign shows a hand squeezing the bulb beside a finger
tapping the screen; the Ouch button is a big red-orange disc with a white "stop" palm;
the cable sign shows a grown-up pushing the sensor's plug into the box, which wakes up
and smiles when it is in.
"""

from __future__ import annotations

import itertools
import math

import pygame

from games.kit import hud
from games.kit.draw import Colour, Point, mix
from games.kit.ease import smoothstep
from station.screens.art.hands import OUTLINE, SKIN, HandPose, draw_hand, fingertip
from station.screens.art.pen import INK, WHITE, Space, blob, capsule, clipped, smooth
from station.screens.art.sensors import BULB, CABLE, draw_bulb_grip

BADGE: Colour = (255, 255, 255)
BADGE_RIM: Colour = (120, 130, 220)
TABLET: Colour = (70, 84, 150)
TABLET_GLASS: Colour = (150, 220, 255)
RIPPLE: Colour = (255, 255, 255)
OUCH: Colour = (244, 84, 52)
OUCH_PRESSED: Colour = (206, 56, 34)
OUCH_SHADOW: Colour = (140, 30, 24)
OUCH_INK: Colour = (120, 22, 16)
GROWN_UP_SHIRT: Colour = (60, 184, 160)
GROWN_UP_TROUSERS: Colour = (70, 80, 140)
HAIR: Colour = (120, 70, 40)
CHILD_SHIRT: Colour = (255, 150, 60)
BOX: Colour = (236, 240, 255)
BOX_RIM: Colour = (120, 130, 220)
SCREEN_OFF: Colour = (60, 70, 120)
SCREEN_ON: Colour = (120, 210, 255)
PLUG: Colour = (90, 110, 230)
PRONG: Colour = (250, 200, 60)
CHEEK: Colour = (255, 150, 150)

START_LOOP_S = 2.0
CABLE_LOOP_S = 3.2


def _badge(surface: pygame.Surface, centre: Point, radius: float) -> None:
    """A soft white disc behind a pictogram, so it reads on any background."""
    rim = max(2.0, radius * 0.05)
    pygame.draw.circle(surface, mix(BADGE_RIM, INK, 0.3), (centre[0], centre[1] + rim), radius)
    pygame.draw.circle(surface, BADGE_RIM, centre, radius)
    pygame.draw.circle(surface, BADGE, centre, radius - rim)


# -- squeeze or touch to start -------------------------------------------------------------


def draw_squeeze_to_start(surface: pygame.Surface, rect: pygame.Rect, t_s: float) -> None:
    """Two round badges: a hand squeezing the bulb, and a finger tapping a screen.

    They take turns (one every ``START_LOOP_S`` / 2 seconds), so the eye goes from one
    to the other: either will do. Side by side in a wide rect, one above the other in a
    tall one.
    """
    if rect.width <= 0 or rect.height <= 0:
        return
    with clipped(surface, rect):
        wide = rect.width >= rect.height
        if wide:
            half = rect.width / 2
            spots = [
                pygame.Rect(rect.left, rect.top, round(half), rect.height),
                pygame.Rect(
                    rect.left + round(half), rect.top, rect.width - round(half), rect.height
                ),
            ]
        else:
            half = rect.height / 2
            spots = [
                pygame.Rect(rect.left, rect.top, rect.width, round(half)),
                pygame.Rect(
                    rect.left, rect.top + round(half), rect.width, rect.height - round(half)
                ),
            ]
        phase = (t_s % START_LOOP_S) / START_LOOP_S
        for k, spot in enumerate(spots):
            radius = min(spot.width, spot.height) * 0.46
            # the active badge swells a little: "this one... or this one"
            turn = (phase - 0.5 * k) % 1.0
            active = math.sin(math.pi * min(1.0, turn / 0.5)) if turn < 0.5 else 0.0
            radius *= 0.94 + 0.06 * active
            _badge(surface, spot.center, radius)
            inner = pygame.Rect(0, 0, radius * 1.45, radius * 1.45)
            inner.center = spot.center
            if k == 0:
                draw_bulb_grip(surface, inner, active, t_s)
            else:
                _draw_tap(surface, inner, active, turn, t_s)


def _draw_tap(
    surface: pygame.Surface, rect: pygame.Rect, press: float, turn: float, t_s: float
) -> None:
    """A pointing hand coming down onto a tablet's glass, with ripples where it touches."""
    size = rect.height
    tablet = pygame.Rect(0, 0, rect.width * 0.9, size * 0.3)
    tablet.midbottom = (rect.centerx, rect.bottom - round(size * 0.02))
    line = max(2.0, size * 0.02)
    radius = round(tablet.height * 0.25)
    pygame.draw.rect(surface, INK, tablet.inflate(2 * line, 2 * line), border_radius=radius)
    pygame.draw.rect(surface, TABLET, tablet, border_radius=radius)
    glass = tablet.inflate(-tablet.height * 0.3, -tablet.height * 0.3)
    pygame.draw.rect(surface, TABLET_GLASS, glass, border_radius=max(1, radius // 2))
    touch_y = glass.top + glass.height * 0.35
    # a roomy rect and a small scale: turned upside down, the hand needs space all round
    hand_rect = pygame.Rect(0, 0, size * 1.6, size * 1.6)
    pose = HandPose(curl=(0.85, 0.0, 1.0, 1.0, 1.0), wrist_angle=math.pi - 0.3)
    scale = 0.45
    tip = fingertip(hand_rect, pose, 1, scale)
    lift = size * 0.12 * (1.0 - press)
    tip_r = size * 0.06
    hand_rect.move_ip(
        round(rect.centerx + rect.width * 0.05 - tip[0]),
        round(touch_y - tip_r - lift - tip[1]),
    )
    if press > 0.6:
        grow = (press - 0.6) / 0.4
        contact = (hand_rect.left + tip[0], touch_y)
        for k in range(2):
            rr = glass.height * (0.25 + 0.35 * k) * (1.4 - 0.4 * grow)
            ring = pygame.Rect(0, 0, rr * 2.6, rr * 1.2)
            ring.center = (round(contact[0]), round(contact[1]))
            pygame.draw.ellipse(surface, RIPPLE, ring, max(2, round(line)))
    draw_hand(surface, hand_rect, pose, scale=scale)
    del turn, t_s


# -- the Ouch button -----------------------------------------------------------------------


def draw_ouch_button(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
    """A big round red-orange button with a white open palm: "stop, it hurts".

    It stands on a darker shadow; ``pressed`` pushes it down onto the shadow and deepens
    its colour, so a touch visibly lands.
    """
    if rect.width <= 0 or rect.height <= 0:
        return
    with clipped(surface, rect):
        size = min(rect.width, rect.height)
        depth = size * 0.06
        radius = (size - depth) / 2 - max(2.0, size * 0.02)
        cx = rect.centerx
        top_y = rect.centery - depth / 2
        sink = depth * 0.75 if pressed else 0.0
        rim = max(2.0, radius * 0.06)
        pygame.draw.circle(surface, OUCH_INK, (cx, top_y + depth), radius + rim)
        pygame.draw.circle(surface, OUCH_SHADOW, (cx, top_y + depth), radius)
        centre = (cx, top_y + sink)
        face = OUCH_PRESSED if pressed else OUCH
        pygame.draw.circle(surface, OUCH_INK, centre, radius + rim)
        pygame.draw.circle(surface, WHITE, centre, radius)
        pygame.draw.circle(surface, face, centre, radius - rim * 1.3)
        if not pressed:
            shine = pygame.Rect(0, 0, radius * 0.5, radius * 0.26)
            shine.center = (round(cx - radius * 0.5), round(centre[1] - radius * 0.58))
            pygame.draw.ellipse(surface, mix(face, WHITE, 0.35), shine)
        palm = pygame.Rect(0, 0, radius * 1.45, radius * 1.5)
        palm.center = (round(cx), round(centre[1] + radius * 0.1))
        draw_hand(
            surface,
            palm,
            HandPose(closure=0.0, spread=0.45),
            skin=WHITE,
            outline=OUCH_INK,
            sleeve=None,
            details=False,
        )


# -- ask a grown-up to check the cable -----------------------------------------------------


def _face(
    surface: pygame.Surface, centre: Point, r: float, line: float, *, happy: bool = True
) -> None:
    cx, cy = centre
    eye = max(1.5, r * 0.12)
    for dx in (-0.36, 0.36):
        pygame.draw.circle(surface, INK, (cx + dx * r, cy - r * 0.05), eye)
        pygame.draw.circle(surface, CHEEK, (cx + dx * r * 1.55, cy + r * 0.3), r * 0.15)
    mouth = pygame.Rect(0, 0, r * 0.8, r * (0.6 if happy else 0.2))
    mouth.center = (round(cx), round(cy + r * 0.22))
    pygame.draw.arc(surface, INK, mouth, math.pi * 1.1, math.pi * 1.9, max(2, round(line)))


def draw_check_cable(surface: pygame.Surface, rect: pygame.Rect, t_s: float) -> None:
    """A grown-up pushing the sensor's plug into the box, a child waving them over.

    The plug slides in, the box's screen lights up with a smile and a star, and out it
    comes again: "a grown-up, please: the cable". One loop every ``CABLE_LOOP_S``.
    """
    if rect.width <= 0 or rect.height <= 0:
        return
    with clipped(surface, rect):
        sp = Space(rect, 4.4, 2.7)
        line = sp.line(0.035)
        phase = (t_s % CABLE_LOOP_S) / CABLE_LOOP_S
        reach = smoothstep(phase / 0.35) * (1.0 - smoothstep((phase - 0.8) / 0.2))
        seated = reach > 0.97
        floor_y = 1.15

        _draw_box(surface, sp, line, seated=seated)

        # the plug, its cable running down to the squeeze bulb on the floor
        plug_x = 0.3 + 0.52 * reach
        plug_y = 0.52
        plug = pygame.Rect(0, 0, sp.r(0.32), sp.r(0.26))
        plug.midright = (round(sp(plug_x, plug_y)[0]), round(sp(plug_x, plug_y)[1]))
        bulb_c = sp(0.35, floor_y - 0.2)
        start = (plug.left, plug.centery)
        bend = sp(plug_x - 0.5, floor_y + 0.05)
        curve = [
            (
                (1 - s) ** 2 * start[0] + 2 * (1 - s) * s * bend[0] + s * s * bulb_c[0],
                (1 - s) ** 2 * start[1] + 2 * (1 - s) * s * bend[1] + s * s * bulb_c[1],
            )
            for s in (i / 16 for i in range(17))
        ]
        for colour, w in ((INK, sp.r(0.08) + 2 * line), (CABLE, sp.r(0.08))):
            for a, b in itertools.pairwise(curve):
                capsule(surface, colour, a, b, w / 2, rb=w / 2)
        bulb = smooth(
            [
                (bulb_c[0] - sp.r(0.2), bulb_c[1] + sp.r(0.18)),
                (bulb_c[0] - sp.r(0.2), bulb_c[1] - sp.r(0.1)),
                (bulb_c[0], bulb_c[1] - sp.r(0.22)),
                (bulb_c[0] + sp.r(0.2), bulb_c[1] - sp.r(0.1)),
                (bulb_c[0] + sp.r(0.2), bulb_c[1] + sp.r(0.18)),
            ],
            3,
        )
        blob(surface, BULB, OUTLINE, bulb, line)
        for dy in (-0.07, 0.07):
            prong = pygame.Rect(0, 0, sp.r(0.16), sp.r(0.05))
            prong.midleft = (plug.right - round(line), round(plug.centery + sp.r(dy)))
            pygame.draw.rect(surface, INK, prong.inflate(line, line), border_radius=prong.h)
            pygame.draw.rect(surface, PRONG, prong, border_radius=prong.h // 2)
        pygame.draw.rect(surface, INK, plug.inflate(2 * line, 2 * line), border_radius=plug.h // 3)
        pygame.draw.rect(surface, PLUG, plug, border_radius=plug.h // 3)
        if seated:
            hud.draw_star(surface, sp(0.95, 0.2), sp.r(0.12), PRONG, rotation=phase * 4)

        _draw_grown_up(surface, sp, line, (plug.centerx, plug.centery), t_s, floor_y=floor_y)
        _draw_child(surface, sp, line, t_s, floor_y)


def _draw_box(surface: pygame.Surface, sp: Space, line: float, *, seated: bool) -> None:
    """The station's box: asleep while unplugged, smiling once the plug is in."""
    box = pygame.Rect(*sp(1.0, -0.15), sp.r(0.95), sp.r(0.85))
    corner = round(sp.r(0.14))
    pygame.draw.rect(surface, INK, box.inflate(2 * line, 2 * line), border_radius=corner)
    pygame.draw.rect(surface, BOX, box, border_radius=corner)
    pygame.draw.rect(surface, BOX_RIM, box, round(line), border_radius=corner)
    screen = box.inflate(-sp.r(0.22), -sp.r(0.3))
    screen.top = box.top + round(sp.r(0.11))
    pygame.draw.rect(surface, SCREEN_ON if seated else SCREEN_OFF, screen, border_radius=corner)
    face_c = screen.center
    if seated:
        _face(surface, face_c, screen.height * 0.45, line)
    else:
        for dx in (-0.22, 0.22):
            eye = pygame.Rect(0, 0, screen.height * 0.28, screen.height * 0.16)
            eye.center = (round(face_c[0] + dx * screen.width), round(face_c[1]))
            pygame.draw.arc(surface, WHITE, eye, math.pi * 1.1, math.pi * 1.9, round(line))
    socket = pygame.Rect(0, 0, sp.r(0.16), sp.r(0.3))
    socket.midleft = (box.left - round(line), round(sp(0, 0.52)[1]))
    pygame.draw.rect(surface, INK, socket, border_radius=round(sp.r(0.05)))
    for leg in (-0.3, 0.3):
        foot = pygame.Rect(0, 0, sp.r(0.18), sp.r(0.08))
        foot.midtop = (round(box.centerx + leg * box.width), box.bottom)
        pygame.draw.rect(surface, INK, foot, border_radius=foot.h // 2)


def _draw_grown_up(
    surface: pygame.Surface, sp: Space, line: float, hand: Point, t_s: float, *, floor_y: float
) -> None:
    x = -0.55
    nod = math.sin(t_s * 2 * math.pi / CABLE_LOOP_S * 2) * 0.015
    head_c = sp(x + 0.03, -0.75 + nod)
    head_r = sp.r(0.25)
    for leg in (-0.13, 0.13):
        a, b = sp(x + leg, 0.5), sp(x + leg, floor_y - 0.06)
        capsule(surface, INK, a, b, sp.r(0.09) + line, rb=sp.r(0.09) + line)
        capsule(surface, GROWN_UP_TROUSERS, a, b, sp.r(0.09), rb=sp.r(0.09))
        foot = (b[0] + sp.r(0.06), b[1])
        capsule(surface, INK, b, foot, sp.r(0.07) + line, rb=sp.r(0.07) + line)
    body = smooth(
        [(x - 0.3, -0.42), (x + 0.3, -0.42), (x + 0.28, 0.6), (x - 0.28, 0.6)],
        2,
    )
    blob(surface, GROWN_UP_SHIRT, INK, [sp(px, py) for px, py in body], line)
    shoulder_far = sp(x - 0.24, -0.3)
    hip = sp(x - 0.34, 0.32)
    capsule(surface, INK, shoulder_far, hip, sp.r(0.08) + line, rb=sp.r(0.08) + line)
    capsule(surface, GROWN_UP_SHIRT, shoulder_far, hip, sp.r(0.08), rb=sp.r(0.08))
    pygame.draw.circle(surface, INK, hip, sp.r(0.08) + line)
    pygame.draw.circle(surface, SKIN, hip, sp.r(0.08))
    # the near arm reaches to the plug: shoulder, elbow, hand
    shoulder = sp(x + 0.2, -0.3)
    elbow = ((shoulder[0] + hand[0]) / 2 - sp.r(0.05), max(shoulder[1], hand[1]) + sp.r(0.08))
    for a, b in ((shoulder, elbow), (elbow, hand)):
        capsule(surface, INK, a, b, sp.r(0.08) + line, rb=sp.r(0.08) + line)
    for a, b in ((shoulder, elbow), (elbow, hand)):
        capsule(surface, GROWN_UP_SHIRT, a, b, sp.r(0.08), rb=sp.r(0.08))
    pygame.draw.circle(surface, INK, hand, sp.r(0.1) + line)
    pygame.draw.circle(surface, SKIN, hand, sp.r(0.1))
    pygame.draw.circle(surface, INK, (head_c[0], head_c[1] + sp.r(0.28)), sp.r(0.08) + line)
    pygame.draw.circle(surface, SKIN, (head_c[0], head_c[1] + sp.r(0.28)), sp.r(0.08))
    pygame.draw.circle(surface, INK, head_c, head_r + line)
    pygame.draw.circle(surface, SKIN, head_c, head_r)
    hair = pygame.Rect(0, 0, head_r * 2.1, head_r * 1.2)
    hair.midtop = (round(head_c[0]), round(head_c[1] - head_r - line))
    pygame.draw.ellipse(surface, HAIR, hair)
    pygame.draw.circle(
        surface, HAIR, (head_c[0] - head_r * 0.75, head_c[1] - head_r * 0.9), head_r * 0.4
    )
    _face(surface, (head_c[0] + head_r * 0.12, head_c[1] + head_r * 0.12), head_r * 0.75, line)


def _draw_child(
    surface: pygame.Surface, sp: Space, line: float, t_s: float, floor_y: float
) -> None:
    x = -1.6
    head_c = sp(x, 0.28)
    head_r = sp.r(0.2)
    body = smooth([(x - 0.2, 0.5), (x + 0.2, 0.5), (x + 0.2, 0.92), (x - 0.2, 0.92)], 2)
    for leg in (-0.09, 0.09):
        a, b = sp(x + leg, 0.9), sp(x + leg, floor_y - 0.05)
        capsule(surface, INK, a, b, sp.r(0.06) + line, rb=sp.r(0.06) + line)
        capsule(surface, GROWN_UP_TROUSERS, a, b, sp.r(0.06), rb=sp.r(0.06))
    blob(surface, CHILD_SHIRT, INK, [sp(px, py) for px, py in body], line)
    # a waving arm, up towards the grown-up
    wave = math.sin(t_s * 2 * math.pi * 1.5) * 0.25
    shoulder = sp(x + 0.15, 0.58)
    hand = (
        shoulder[0] + sp.r(0.34 * math.cos(-1.1 + wave)),
        shoulder[1] + sp.r(0.4 * math.sin(-1.1 + wave)),
    )
    capsule(surface, INK, shoulder, hand, sp.r(0.06) + line, rb=sp.r(0.06) + line)
    capsule(surface, CHILD_SHIRT, shoulder, hand, sp.r(0.06), rb=sp.r(0.06))
    pygame.draw.circle(surface, INK, hand, sp.r(0.08) + line)
    pygame.draw.circle(surface, SKIN, hand, sp.r(0.08))
    pygame.draw.circle(surface, INK, head_c, head_r + line)
    pygame.draw.circle(surface, SKIN, head_c, head_r)
    hair = pygame.Rect(0, 0, head_r * 2.0, head_r * 0.9)
    hair.midtop = (round(head_c[0]), round(head_c[1] - head_r - line))
    pygame.draw.ellipse(surface, (230, 170, 60), hair)
    _face(surface, (head_c[0] + head_r * 0.1, head_c[1] + head_r * 0.15), head_r * 0.75, line)
