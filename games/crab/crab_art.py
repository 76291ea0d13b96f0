"""The crab, drawn from circles and polygons: a round shell, eyes on stalks, six legs,
a small claw for waving and a big claw whose jaws open and close with the child's pinch.

Everything is measured in ``unit`` (about a tenth of the screen height), so the crab is
the same share of any screen. The scene decides the pose; this module only draws it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import pygame

from games.kit.draw import Colour, Point
from games.kit.hud import INK

SHELL: Colour = (238, 88, 62)
SHELL_LIGHT: Colour = (255, 150, 110)
SHELL_DARK: Colour = (196, 60, 46)
CLAW: Colour = (226, 74, 54)
CHEEK: Colour = (255, 138, 150)
EYE_WHITE: Colour = (255, 255, 255)
TONGUE: Colour = (255, 120, 130)
SWEAT: Colour = (150, 220, 255)

JAW_WIDE_OPEN = 0.8
"""Radians each jaw turns away from the claw's axis with the fingers relaxed."""
JAW_LENGTH = 1.3
"""Units from the hinge to a jaw's tip: the big claw is the crab's pride."""
_JAW_CONTACT = (0.6, -0.08)
"""The point of a jaw's inner edge (in jaw lengths from the hinge) that meets the treasure."""
HINGE_BEHIND_GRIP = 0.6 * JAW_LENGTH
"""Units from the jaws' hinge forward to the middle of whatever they hold."""


class Mood(Enum):
    SMILE = "smile"
    GRIN = "grin"
    STRAIN = "strain"
    OOPS = "oops"


@dataclass(frozen=True, slots=True)
class CrabPose:
    """Where the crab stands and what each part is doing in one frame."""

    x: float
    """Screen x of the middle of the shell."""
    ground_y: float
    unit: float
    grip: Point
    """Screen point between the big claw's jaws (the held treasure's centre)."""
    jaw_angle: float
    stride: float = 0.0
    """Walking phase in radians: the legs step as it grows."""
    look: Point | None = None
    mood: Mood = Mood.SMILE
    blink: bool = False
    wave: float = 0.0
    """0 = small claw resting, 1 = raised high (the crab waves while resting)."""


def jaw_angle(closure: float, strain: float, held_radius_units: float) -> float:
    """How far each jaw opens: wide when relaxed, touching the treasure at ``closure`` 1,
    and biting into it as ``strain`` (too hard) flattens it."""
    squeezed = held_radius_units * (1.0 - 0.45 * strain) / JAW_LENGTH
    along, inner = _JAW_CONTACT
    offset = math.atan2(-inner, along)
    touching = max(0.0, math.asin(min(1.0, squeezed / math.hypot(along, inner))) - offset)
    closing = min(1.0, max(0.0, closure))
    return JAW_WIDE_OPEN - (JAW_WIDE_OPEN - touching) * closing


def _limb(surface: pygame.Surface, colour: Colour, joints: list[Point], width: int) -> None:
    """A jointed limb with rounded joints and a dark rim: ink first, colour on top."""
    rim = max(1, width // 6)
    for paint, grow in ((INK, rim), (colour, 0)):
        pygame.draw.lines(surface, paint, False, joints, width + 2 * grow)
        for joint in joints:
            pygame.draw.circle(surface, paint, joint, width / 2 + grow)


def _rotated(points: list[Point], origin: Point, angle: float, unit: float) -> list[Point]:
    cos, sin = math.cos(angle), math.sin(angle)
    ox, oy = origin
    return [(ox + unit * (x * cos - y * sin), oy + unit * (x * sin + y * cos)) for x, y in points]


_UPPER_JAW: list[Point] = [
    (0.0, -0.3),
    (0.45, -0.38),
    (0.85, -0.24),
    (1.08, 0.02),
    (0.85, -0.03),
    (0.5, -0.1),
    (0.1, -0.06),
]
_LOWER_JAW: list[Point] = [(x, -y) for x, y in _UPPER_JAW]


def draw_crab(surface: pygame.Surface, pose: CrabPose) -> None:
    """The whole crab, back to front: legs, small claw, shell, face, then the big claw."""
    u = pose.unit
    body_y = pose.ground_y - 0.95 * u
    line = max(2, round(u / 16))
    _legs(surface, pose, body_y, line)
    _small_claw(surface, pose, body_y, line)
    body = pygame.Rect(0, 0, round(2.0 * u), round(1.3 * u))
    body.center = (round(pose.x), round(body_y))
    pygame.draw.ellipse(surface, SHELL, body)
    shine = pygame.Rect(0, 0, round(1.1 * u), round(0.5 * u))
    shine.center = (round(pose.x - 0.3 * u), round(body_y - 0.28 * u))
    pygame.draw.ellipse(surface, SHELL_LIGHT, shine)
    for dx, dy, r in ((0.45, -0.35, 0.09), (0.62, -0.12, 0.06), (-0.7, 0.05, 0.07)):
        pygame.draw.circle(surface, SHELL_DARK, (pose.x + dx * u, body_y + dy * u), r * u)
    pygame.draw.ellipse(surface, INK, body, line)
    _face(surface, pose, body_y, line)
    _big_claw(surface, pose, body_y, line)


def _legs(surface: pygame.Surface, pose: CrabPose, body_y: float, line: int) -> None:
    u = pose.unit
    width = max(3, round(0.15 * u))
    for side in (-1, 1):
        for i in range(3):
            step = pose.stride + i * 2.1 + (math.pi if side > 0 else 0.0)
            hip = (pose.x + side * 0.7 * u, body_y + (0.15 + 0.12 * i) * u)
            knee = (pose.x + side * (1.2 + 0.08 * i) * u, body_y + (-0.05 + 0.2 * i) * u)
            foot = (
                pose.x + side * (1.4 - 0.1 * i) * u + math.sin(step) * 0.14 * u,
                pose.ground_y - max(0.0, math.cos(step)) * 0.12 * u,
            )
            _limb(surface, SHELL_DARK, [hip, knee, foot], width)


def _small_claw(surface: pygame.Surface, pose: CrabPose, body_y: float, line: int) -> None:
    u = pose.unit
    shoulder = (pose.x - 0.85 * u, body_y - 0.05 * u)
    hand = (pose.x - 1.45 * u, body_y - (0.45 + 0.75 * pose.wave) * u)
    elbow = (pose.x - 1.35 * u, body_y + 0.05 * u - 0.3 * pose.wave * u)
    width = max(3, round(0.2 * u))
    _limb(surface, CLAW, [shoulder, elbow, hand], width)
    tilt = -math.pi / 2 - 0.3
    for jaw, spread in ((_UPPER_JAW, -0.35), (_LOWER_JAW, 0.35)):
        shape = _rotated(jaw, hand, tilt + spread * (0.6 + 0.4 * pose.wave), u * 0.55)
        pygame.draw.polygon(surface, CLAW, shape)
        pygame.draw.polygon(surface, INK, shape, line)
    pygame.draw.circle(surface, CLAW, hand, 0.24 * u)
    pygame.draw.circle(surface, INK, hand, 0.24 * u, line)


def _face(surface: pygame.Surface, pose: CrabPose, body_y: float, line: int) -> None:
    u = pose.unit
    for side in (-1, 1):
        base = (pose.x + side * 0.32 * u, body_y - 0.5 * u)
        top = (pose.x + side * 0.42 * u, body_y - 1.25 * u)
        _limb(surface, SHELL, [base, top], max(3, round(0.13 * u)))
        radius = 0.27 * u
        pygame.draw.circle(surface, EYE_WHITE, top, radius)
        if pose.blink:
            pygame.draw.circle(surface, SHELL, top, radius)
            pygame.draw.line(
                surface, INK, (top[0] - radius, top[1]), (top[0] + radius, top[1]), line
            )
        else:
            dx, dy = (0.0, 0.0)
            if pose.look is not None:
                gx, gy = pose.look[0] - top[0], pose.look[1] - top[1]
                far = math.hypot(gx, gy) or 1.0
                dx, dy = gx / far * 0.1 * u, gy / far * 0.1 * u
            pupil = (top[0] + dx, top[1] + dy)
            pygame.draw.circle(surface, INK, pupil, 0.13 * u)
            pygame.draw.circle(
                surface, EYE_WHITE, (pupil[0] - 0.04 * u, pupil[1] - 0.05 * u), 0.04 * u
            )
        pygame.draw.circle(surface, INK, top, radius, line)
        pygame.draw.circle(surface, CHEEK, (pose.x + side * 0.6 * u, body_y + 0.12 * u), 0.13 * u)
    _mouth(surface, pose, body_y, line)


def _mouth(surface: pygame.Surface, pose: CrabPose, body_y: float, line: int) -> None:
    u = pose.unit
    cx, cy = pose.x, body_y + 0.2 * u
    if pose.mood is Mood.GRIN:
        center = (cx, cy - 0.1 * u)
        halves = {"draw_bottom_left": True, "draw_bottom_right": True}
        pygame.draw.circle(surface, INK, center, 0.3 * u, **halves)
        pygame.draw.circle(surface, TONGUE, (cx, cy + 0.1 * u), 0.12 * u, **halves)
    elif pose.mood is Mood.STRAIN:
        rect = pygame.Rect(0, 0, round(0.22 * u), round(0.28 * u))
        rect.center = (round(cx), round(cy))
        pygame.draw.ellipse(surface, INK, rect)
        drop = (pose.x - 0.95 * u, body_y - 0.6 * u)
        pygame.draw.circle(surface, SWEAT, drop, 0.1 * u)
        pygame.draw.polygon(
            surface,
            SWEAT,
            [
                (drop[0] - 0.09 * u, drop[1]),
                (drop[0], drop[1] - 0.22 * u),
                (drop[0] + 0.09 * u, drop[1]),
            ],
        )
    elif pose.mood is Mood.OOPS:
        rect = pygame.Rect(0, 0, round(0.5 * u), round(0.36 * u))
        rect.midtop = (round(cx), round(cy))
        pygame.draw.arc(surface, INK, rect, 0.35, math.pi - 0.35, line + 1)
    else:
        rect = pygame.Rect(0, 0, round(0.56 * u), round(0.4 * u))
        rect.midbottom = (round(cx), round(cy + 0.15 * u))
        pygame.draw.arc(surface, INK, rect, math.pi + 0.3, 2 * math.pi - 0.3, line + 1)


def _big_claw(surface: pygame.Surface, pose: CrabPose, body_y: float, line: int) -> None:
    u = pose.unit
    hinge = (pose.grip[0] - HINGE_BEHIND_GRIP * u, pose.grip[1])
    palm = (hinge[0] - 0.3 * u, hinge[1])
    shoulder = (pose.x + 0.85 * u, body_y - 0.05 * u)
    mid = ((shoulder[0] + palm[0]) / 2, (shoulder[1] + palm[1]) / 2)
    elbow = (mid[0] + 0.05 * u, mid[1] + 0.3 * u)
    width = max(3, round(0.24 * u))
    _limb(surface, CLAW, [shoulder, elbow, palm], width)
    for jaw, sign in ((_UPPER_JAW, -1), (_LOWER_JAW, 1)):
        shape = _rotated(jaw, hinge, sign * pose.jaw_angle, u * JAW_LENGTH)
        pygame.draw.polygon(surface, CLAW, shape)
        pygame.draw.polygon(surface, INK, shape, line)
    hand = pygame.Rect(0, 0, round(1.15 * u), round(0.95 * u))
    hand.center = (round(palm[0]), round(palm[1]))
    pygame.draw.ellipse(surface, CLAW, hand)
    pygame.draw.ellipse(surface, INK, hand, line)
    gleam = pygame.Rect(0, 0, round(0.45 * u), round(0.2 * u))
    gleam.center = (round(palm[0] - 0.12 * u), round(palm[1] - 0.24 * u))
    pygame.draw.ellipse(surface, SHELL_LIGHT, gleam)
