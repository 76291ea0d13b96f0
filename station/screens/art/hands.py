"""A friendly cartoon hand, drawn from a few numbers, and the warm-up and cool-down steps.

The hand is a child's: chubby fingers, a warm skin tone, a soft dark rim and a bright
sleeve cuff. It is shown from the palm side, fingers up, the way a child sees their own
palm; ``side="right"`` puts the thumb on the right of the picture. Closing the hand folds
each finger towards the viewer, so a fist shows its four folded fingers with the thumb
across them, the picture a child copies.

Every drawing here fits inside the rect it is given (the surface is clipped to it) and
takes its sizes from that rect, so the same call suits a corner badge on the 800x480
screen and a whole 1920x1080 display. The steps loop: each repetition starts and ends
in the same pose, so a step can run for as long as the screen wants.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pygame

from games.kit import hud
from games.kit.draw import Colour, Point, mix
from games.kit.ease import smoothstep
from station.screens.art.pen import (
    INK,
    WHITE,
    capsule,
    clamp01,
    clipped,
    inflate,
    oval_points,
    smooth,
)

SKIN: Colour = (255, 208, 166)
SKIN_SHADE: Colour = (240, 170, 132)
SKIN_LIGHT: Colour = (255, 230, 204)
OUTLINE: Colour = (96, 52, 44)
"""A soft warm brown rather than black: friendly, still clear against any sky."""
SLEEVE: Colour = (72, 160, 240)
SLEEVE_DARK: Colour = (44, 112, 196)
GOLD: Colour = hud.GOLD

SIDES = ("left", "right")


# -- the cue arrows -----------------------------------------------------------------------


def arrow_arc(
    surface: pygame.Surface,
    centre: Point,
    radii: tuple[float, float],
    start: float,
    end: float,
    *,
    width: float,
    colour: Colour = WHITE,
    rim: Colour = INK,
) -> None:
    """A thick elliptical arc from angle ``start`` to ``end`` with an arrowhead at ``end``."""
    rx, ry = radii
    steps = max(6, round(abs(end - start) / (2 * math.pi) * 60))
    pts = oval_points(centre[0], centre[1], rx, ry, (start, end), steps=steps)
    direction = 1.0 if end > start else -1.0
    tip_a = end + direction * 0.12
    tip = (centre[0] + rx * math.cos(tip_a), centre[1] + ry * math.sin(tip_a))
    tx = -rx * math.sin(end) * direction
    ty = ry * math.cos(end) * direction
    d = math.hypot(tx, ty) or 1.0
    tx, ty = tx / d, ty / d
    head = width * 1.9
    base = pts[-1]
    wing = [
        (base[0] - ty * head, base[1] + tx * head),
        (tip[0] + tx * head * 0.6, tip[1] + ty * head * 0.6),
        (base[0] + ty * head, base[1] - tx * head),
    ]
    rim_w = max(2.0, width * 0.35)
    for colour_now, grow in ((rim, rim_w), (colour, 0.0)):
        for a, b in itertools.pairwise(pts):
            capsule(surface, colour_now, a, b, width / 2 + grow, rb=width / 2 + grow)
        pygame.draw.polygon(surface, colour_now, inflate(wing, grow) if grow else wing)


# -- the hand ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HandPose:
    """How the hand is held.

    ``closure`` runs from 0 (open, fingers straight) to 1 (a fist); ``spread`` from 0
    (fingers together) to 1 (fanned wide); ``wrist_angle`` turns the whole hand about the
    wrist, in radians, clockwise on screen; ``side`` mirrors it. ``bend`` tips the hand
    towards the viewer (0 upright .. 1 bent well over), which shortens it on screen, and
    ``offset`` moves it by a share of its own size, for shaking. ``curl`` overrides the
    closure finger by finger (thumb, index, middle, ring, little), e.g. for pointing.
    """

    closure: float = 0.0
    spread: float = 0.3
    wrist_angle: float = 0.0
    side: str = "right"
    bend: float = 0.0
    offset: tuple[float, float] = (0.0, 0.0)
    curl: tuple[float, float, float, float, float] | None = None

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise ValueError(f"a hand is 'left' or 'right', got {self.side!r}")

    def finger_curls(self) -> tuple[float, float, float, float, float]:
        if self.curl is not None:
            return tuple(clamp01(c) for c in self.curl)  # type: ignore[return-value]
        c = clamp01(self.closure)
        return (c, c, c, c, c)


def mirrored(pose: HandPose) -> HandPose:
    """The same pose on the other hand, as in a mirror: it turns the other way too."""
    other = "left" if pose.side == "right" else "right"
    return replace(
        pose, side=other, wrist_angle=-pose.wrist_angle, offset=(-pose.offset[0], pose.offset[1])
    )


@dataclass(frozen=True, slots=True)
class _Finger:
    x: float
    knuckle_y: float
    length: float
    radius: float
    lean: float
    """Its direction from straight up at spread 0, radians towards the thumb."""
    fan: float
    """How much further it leans at spread 1."""


_FINGERS = (
    _Finger(x=0.33, knuckle_y=-0.93, length=0.74, radius=0.135, lean=0.04, fan=0.24),
    _Finger(x=0.105, knuckle_y=-0.99, length=0.83, radius=0.14, lean=0.0, fan=0.07),
    _Finger(x=-0.13, knuckle_y=-0.96, length=0.77, radius=0.135, lean=-0.03, fan=-0.11),
    _Finger(x=-0.355, knuckle_y=-0.88, length=0.60, radius=0.125, lean=-0.07, fan=-0.33),
)
_BONES = (0.44, 0.31, 0.25)
_FLEX = (math.radians(90), math.radians(100), math.radians(65))
_PALM = (
    (-0.36, 0.06),
    (-0.47, -0.30),
    (-0.49, -0.78),
    (-0.44, -0.98),
    (0.0, -1.04),
    (0.44, -1.00),
    (0.50, -0.74),
    (0.55, -0.42),
    (0.44, -0.10),
    (0.33, 0.06),
)
_BOUNDS = (-0.78, -1.92, 1.2, 0.55)
"""The open hand's extent in hand units (left, top, right, bottom), wrist at 0,0."""
FOLD_ANGLE = math.radians(96)
"""A finger bone turned further than this lies over the palm, in front of it."""


class _Frame:
    """Hand units (palm width 1, wrist at the origin, fingers up, thumb at +x) to pixels."""

    def __init__(self, rect: pygame.Rect, pose: HandPose, scale: float) -> None:
        left, top, right, bottom = _BOUNDS
        self.u = min(rect.width / (right - left), rect.height / (bottom - top)) * scale
        self.mirror = -1.0 if pose.side == "left" else 1.0
        mid_x = (left + right) / 2 * self.mirror
        mid_y = (top + bottom) / 2
        self.ox = rect.centerx - mid_x * self.u + pose.offset[0] * self.u
        self.oy = rect.centery - mid_y * self.u + pose.offset[1] * self.u
        self.cos = math.cos(pose.wrist_angle)
        self.sin = math.sin(pose.wrist_angle)
        self.fore = math.cos(clamp01(pose.bend) * 1.1)

    def __call__(self, x: float, y: float) -> Point:
        x *= self.mirror
        if y < 0:
            y *= self.fore
        return (
            self.ox + (x * self.cos - y * self.sin) * self.u,
            self.oy + (x * self.sin + y * self.cos) * self.u,
        )

    def r(self, length: float) -> float:
        return length * self.u


@dataclass(slots=True)
class _Bone:
    a: Point
    b: Point
    ra: float
    rb: float
    front: bool
    tip: bool


def _finger_bones(f: _Finger, curl: float, spread: float) -> list[tuple[Point, Point, float]]:
    """Each bone of a finger in hand units: (start, end, turn from straight)."""
    angle = f.lean + f.fan * spread * (1.0 - 0.6 * curl)
    dx, dy = math.sin(angle), -math.cos(angle)
    x = f.x + spread * 0.06 * (f.x / 0.35) * (1.0 - curl)
    y = f.knuckle_y + 0.06
    bones = []
    turned = 0.0
    for bone, flex in zip(_BONES, _FLEX, strict=True):
        turned += flex * curl
        step = bone * f.length * math.cos(turned)
        nx, ny = x + dx * step, y + dy * step
        bones.append(((x, y), (nx, ny), turned))
        x, y = nx, ny
    return bones


def _thumb_bones(curl: float, spread: float) -> list[tuple[Point, Point]]:
    """The thumb: out to the side when open, across the folded fingers in a fist."""
    root = (0.30, -0.22)
    open1, open2 = 0.86 + 0.3 * spread, 0.55 + 0.3 * spread
    shut1, shut2 = -0.55, -1.5
    a1 = open1 + (shut1 - open1) * curl
    a2 = open2 + (shut2 - open2) * smoothstep(curl * 1.2)
    lengths = (0.40, 0.34 - 0.04 * curl)
    j = (root[0] + math.sin(a1) * lengths[0], root[1] - math.cos(a1) * lengths[0])
    tip = (j[0] + math.sin(a2) * lengths[1], j[1] - math.cos(a2) * lengths[1])
    return [(root, j), (j, tip)]


def draw_hand(
    surface: pygame.Surface,
    rect: pygame.Rect,
    pose: HandPose,
    *,
    skin: Colour = SKIN,
    outline: Colour = OUTLINE,
    sleeve: Colour | None = SLEEVE,
    details: bool = True,
    scale: float = 1.0,
) -> None:
    """The hand in ``pose``, as big as fits ``rect`` (times ``scale``), centred in it.

    ``skin``, ``outline`` and ``sleeve`` recolour it (a white hand on a red sign, say;
    ``sleeve=None`` leaves the cuff off); ``details=False`` drops the palm creases.
    """
    if rect.width <= 0 or rect.height <= 0:
        return
    with clipped(surface, rect):
        _draw_hand(
            surface,
            _Frame(rect, pose, scale),
            pose,
            skin=skin,
            outline=outline,
            sleeve=sleeve,
            details=details,
        )


def fingertip(rect: pygame.Rect, pose: HandPose, finger: int = 1, scale: float = 1.0) -> Point:
    """Where a fingertip of ``draw_hand(surface, rect, pose, scale=scale)`` lands on screen.

    ``finger`` counts from the thumb (0) to the little finger (4); for placing a ripple
    under a pointing finger, or an object between a thumb and a finger.
    """
    fr = _Frame(rect, pose, scale)
    curls = pose.finger_curls()
    if finger == 0:
        return fr(*_thumb_bones(curls[0], clamp01(pose.spread))[-1][1])
    if not 1 <= finger <= 4:
        raise ValueError(f"fingers are 0 (thumb) to 4 (little), got {finger}")
    bones = _finger_bones(_FINGERS[finger - 1], curls[finger], clamp01(pose.spread))
    return fr(*bones[-1][1])


def _draw_hand(
    surface: pygame.Surface,
    fr: _Frame,
    pose: HandPose,
    *,
    skin: Colour,
    outline: Colour,
    sleeve: Colour | None,
    details: bool,
) -> None:
    line = max(2.0, fr.r(0.05))
    curls = pose.finger_curls()
    spread = clamp01(pose.spread)
    shade = mix(skin, outline, 0.22)
    light = mix(skin, WHITE, 0.45)

    bones: list[_Bone] = []
    for finger, curl in zip(_FINGERS, curls[1:], strict=True):
        parts = _finger_bones(finger, curl, spread)
        for k, (a, b, turned) in enumerate(parts):
            taper = 1.0 - 0.06 * k
            bones.append(
                _Bone(
                    fr(*a),
                    fr(*b),
                    fr.r(finger.radius * taper),
                    fr.r(finger.radius * (taper - 0.06)),
                    front=turned > FOLD_ANGLE,
                    tip=k == len(parts) - 1,
                )
            )
    palm = [fr(x, y) for x, y in smooth(_PALM)]
    # with no sleeve the hand ends at the wrist; a bare cut-off arm would look odd
    arm = [fr(-0.33, 0.0), fr(0.31, 0.0), fr(0.31, 0.3), fr(-0.33, 0.3)] if sleeve else []
    back = [b for b in bones if not b.front]
    front = [b for b in bones if b.front]

    # the back layer: palm, forearm and straight bones share one outline
    pygame.draw.polygon(surface, outline, inflate(palm, line))
    if arm:
        pygame.draw.polygon(surface, outline, inflate(arm, line))
    for b in back:
        capsule(surface, outline, b.a, b.b, b.ra + line, rb=b.rb + line)
    if arm:
        pygame.draw.polygon(surface, skin, arm)
    pygame.draw.polygon(surface, skin, palm)
    for b in back:
        capsule(surface, skin, b.a, b.b, b.ra, rb=b.rb)
    if details:
        _draw_creases(surface, fr, shade, line, max(curls[1:]))
        for b in back:
            if b.tip and math.dist(b.a, b.b) > b.ra:
                pad = (b.b[0] + (b.a[0] - b.b[0]) * 0.25, b.b[1] + (b.a[1] - b.b[1]) * 0.25)
                pygame.draw.circle(surface, light, pad, b.rb * 0.45)

    if sleeve is not None:
        _draw_cuff(surface, fr, sleeve, outline, line)

    # folded bones lie in front of the palm, each with its own rim
    for b in front:
        capsule(surface, outline, b.a, b.b, b.ra + line, rb=b.rb + line)
        capsule(surface, skin, b.a, b.b, b.ra, rb=b.rb)
        if details:
            pygame.draw.circle(surface, light, b.b, b.rb * 0.35)

    _draw_thumb(
        surface, fr, curls[0], spread, skin=skin, outline=outline, line=line, details=details
    )


def _draw_creases(
    surface: pygame.Surface, fr: _Frame, colour: Colour, line: float, curl: float
) -> None:
    """Two soft palm lines; they fade into the fist as the fingers cover them."""
    if curl > 0.7:
        return
    width = max(1, round(line * 0.6))
    heart = [fr(-0.38 + 0.7 * s, -0.66 + 0.12 * s * s) for s in (i / 8 for i in range(9))]
    pygame.draw.lines(surface, colour, False, heart, width)
    life = [fr(0.30 - 0.18 * math.sin(s * 1.4), -0.62 + 0.5 * s) for s in (i / 8 for i in range(9))]
    pygame.draw.lines(surface, colour, False, life, width)


def _draw_cuff(
    surface: pygame.Surface, fr: _Frame, sleeve: Colour, outline: Colour, line: float
) -> None:
    a, b = fr(-0.3, 0.3), fr(0.28, 0.3)
    r = fr.r(0.16)
    capsule(surface, outline, a, b, r + line, rb=r + line)
    capsule(surface, sleeve, a, b, r, rb=r)
    stripe = mix(sleeve, WHITE, 0.55)
    capsule(surface, stripe, fr(-0.3, 0.26), fr(0.28, 0.26), r * 0.22, rb=r * 0.22)


def _draw_thumb(
    surface: pygame.Surface,
    fr: _Frame,
    curl: float,
    spread: float,
    *,
    skin: Colour,
    outline: Colour,
    line: float,
    details: bool,
) -> None:
    (root, joint), (_, tip) = _thumb_bones(curl, spread)
    r0, r1, r2 = fr.r(0.17), fr.r(0.145), fr.r(0.13)
    pr, pj, pt = fr(*root), fr(*joint), fr(*tip)
    capsule(surface, outline, pr, pj, r0 + line, rb=r1 + line)
    capsule(surface, outline, pj, pt, r1 + line, rb=r2 + line)
    capsule(surface, skin, pr, pj, r0, rb=r1)
    capsule(surface, skin, pj, pt, r1, rb=r2)
    # melt the thumb's root into the palm: no seam where it grows out of the hand
    pygame.draw.circle(surface, skin, fr(0.24, -0.14), fr.r(0.2))
    if details and curl < 0.5:
        pad = (pt[0] + (pj[0] - pt[0]) * 0.25, pt[1] + (pj[1] - pt[1]) * 0.25)
        pygame.draw.circle(surface, mix(skin, WHITE, 0.45), pad, r2 * 0.45)


# -- warm-up and cool-down steps -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    """One exercise: ``reps`` repetitions of the motion ``pose_at`` draws over ``seconds``.

    ``pose_at`` takes the time into the step and gives the right hand's pose; each
    repetition starts and ends the same, so the motion loops without a jump. ``cue``
    names an extra picture the step shows: a circling arrow, shaking lines.
    """

    key: str
    seconds: float
    pose_at: Callable[[float], HandPose]
    reps: int
    cue: str = ""

    @property
    def rep_seconds(self) -> float:
        return self.seconds / max(1, self.reps)

    def phase(self, t_s: float) -> float:
        """How far through its current repetition the step is, 0..1."""
        t = min(max(0.0, t_s), self.seconds)
        if t >= self.seconds:
            return 0.0
        return (t % self.rep_seconds) / self.rep_seconds

    def reps_done(self, t_s: float) -> int:
        if t_s >= self.seconds:
            return self.reps
        return min(self.reps, int(max(0.0, t_s) // self.rep_seconds))


def _ramp(p: float, start: float, end: float) -> float:
    """0 before ``start``, 1 after ``end``, eased between."""
    return smoothstep((p - start) / (end - start))


def _there_and_back(p: float, out: tuple[float, float], back: tuple[float, float]) -> float:
    """Rises over ``out``, holds, falls over ``back`` (all as shares of one repetition)."""
    return _ramp(p, *out) * (1.0 - _ramp(p, *back))


def _fists(rep_s: float) -> Callable[[float], HandPose]:
    def pose_at(t: float) -> HandPose:
        p = (t % rep_s) / rep_s
        c = _there_and_back(p, (0.05, 0.38), (0.55, 0.88))
        return HandPose(closure=c, spread=0.35 * (1.0 - c))

    return pose_at


def _circles(rep_s: float, direction: int) -> Callable[[float], HandPose]:
    def pose_at(t: float) -> HandPose:
        phi = 2 * math.pi * (t % rep_s) / rep_s
        return HandPose(
            closure=0.1,
            spread=0.3,
            wrist_angle=direction * 0.32 * math.sin(phi),
            bend=0.55 * (1 - math.cos(phi)) / 2,
        )

    return pose_at


def _stretches(rep_s: float, hold: float) -> Callable[[float], HandPose]:
    """Spread the fingers wide and straight, hold, and let them go soft again."""
    rise = (1.0 - hold) * 0.4

    def pose_at(t: float) -> HandPose:
        p = (t % rep_s) / rep_s
        s = _there_and_back(p, (0.02, 0.02 + rise), (0.02 + rise + hold, 0.98))
        return HandPose(closure=0.22 * (1.0 - s), spread=0.1 + 0.9 * s)

    return pose_at


def _wrist_bends(rep_s: float) -> Callable[[float], HandPose]:
    """Tip the hand one way, hold, come back; then the other way."""

    def pose_at(t: float) -> HandPose:
        p = (t % rep_s) / rep_s
        right = _there_and_back(p, (0.0, 0.15), (0.38, 0.48))
        left = _there_and_back(p, (0.5, 0.65), (0.88, 0.98))
        return HandPose(closure=0.1, spread=0.25, wrist_angle=0.42 * (right - left))

    return pose_at


def _shakes(rep_s: float) -> Callable[[float], HandPose]:
    """Floppy, quick wobbles, then a moment of stillness."""

    def pose_at(t: float) -> HandPose:
        tr = t % rep_s
        shake_s = rep_s * 0.7
        if tr >= shake_s:
            return HandPose(closure=0.3, spread=0.2)
        envelope = math.sin(math.pi * tr / shake_s)
        wobble = math.sin(2 * math.pi * 5.0 * tr)
        return HandPose(
            closure=0.3 + 0.08 * envelope * math.sin(2 * math.pi * 10.0 * tr),
            spread=0.2,
            wrist_angle=0.16 * envelope * wobble,
            offset=(0.1 * envelope * wobble, 0.04 * envelope * math.cos(4 * math.pi * 5.0 * tr)),
        )

    return pose_at


WARM_UP_STEPS: tuple[Step, ...] = (
    Step("fists", 40.0, _fists(4.0), 10),
    Step("wrist_circles_one_way", 20.0, _circles(4.0, 1), 5, cue="circle_cw"),
    Step("wrist_circles_other_way", 20.0, _circles(4.0, -1), 5, cue="circle_ccw"),
    Step("finger_stretches", 30.0, _stretches(6.0, 0.3), 5),
)
"""About two minutes: make and open a fist, circle the wrists both ways, stretch."""

COOL_DOWN_STEPS: tuple[Step, ...] = (
    Step("slow_finger_spreads", 50.0, _stretches(10.0, 0.4), 5),
    Step("wrist_bends", 48.0, _wrist_bends(12.0), 4, cue="tilt"),
    Step("shake_out", 30.0, _shakes(6.0), 5, cue="shake"),
)
"""A little over two minutes: slow spreads, gentle wrist bends, shake the hands loose."""


def total_seconds(steps: Sequence[Step]) -> float:
    return sum(step.seconds for step in steps)


def draw_step(
    surface: pygame.Surface,
    rect: pygame.Rect,
    step: Step,
    t_in_step_s: float,
    *,
    both_hands: bool | None = None,
) -> None:
    """Hands doing ``step`` at ``t_in_step_s``, and a row of dots counting its reps.

    Both hands are shown, mirrored, when the rect is wide enough (``both_hands`` forces
    it either way). A dot turns gold for each rep done; the current one fills as a ring.
    """
    if rect.width <= 0 or rect.height <= 0:
        return
    t = min(max(0.0, t_in_step_s), step.seconds)
    with clipped(surface, rect):
        dots_h = round(rect.height * 0.17)
        stage = pygame.Rect(rect.left, rect.top, rect.width, rect.height - dots_h)
        two = both_hands if both_hands is not None else rect.width >= rect.height * 1.25
        pose = step.pose_at(t) if t < step.seconds else step.pose_at(0.0)
        if two:
            half = stage.width // 2
            spots = [
                (pygame.Rect(stage.left, stage.top, half, stage.height), mirrored(pose)),
                (pygame.Rect(stage.left + half, stage.top, stage.width - half, stage.height), pose),
            ]
        else:
            spots = [(stage, pose)]
        for spot, hand_pose in spots:
            _draw_cue(surface, spot, step, t, hand_pose.side)
            draw_hand(surface, spot, hand_pose, scale=0.8)
        _draw_rep_dots(
            surface,
            pygame.Rect(rect.left, stage.bottom, rect.width, dots_h),
            step.reps,
            step.reps_done(t),
            step.phase(t) if t < step.seconds else 0.0,
        )


def _draw_cue(surface: pygame.Surface, spot: pygame.Rect, step: Step, t: float, side: str) -> None:
    size = min(spot.width, spot.height)
    width = max(4.0, size * 0.035)
    mirror = -1 if side == "left" else 1
    if step.cue in ("circle_cw", "circle_ccw"):
        direction = (1 if step.cue == "circle_cw" else -1) * mirror
        centre = (spot.centerx, spot.top + spot.height * 0.34)
        radii = (spot.width * 0.4 if spot.width < spot.height else size * 0.42, size * 0.26)
        radii = (min(radii[0], spot.width / 2 - width * 2), radii[1])
        turn = 2 * math.pi * step.phase(t) * direction
        start = -math.pi / 2 + turn
        arrow_arc(surface, centre, radii, start, start + direction * math.pi * 1.5, width=width)
    elif step.cue == "shake" and t < step.seconds and step.phase(t) < 0.7:
        # curved motion marks either side, like ( ) round something wobbling
        beat = math.sin(t * 2 * math.pi * 5.0)
        for s in (-1, 1):
            for k in range(2):
                r = size * (0.3 + 0.08 * k)
                centre = (spot.centerx + s * size * 0.04 * beat, spot.top + spot.height * 0.4)
                a0 = (0.0 if s > 0 else math.pi) - 0.45
                pts = [
                    (
                        centre[0] + r * math.cos(a0 + 0.9 * i / 8),
                        centre[1] + r * 1.1 * math.sin(a0 + 0.9 * i / 8),
                    )
                    for i in range(9)
                ]
                pygame.draw.lines(surface, INK, False, pts, round(width * 0.8) + 4)
                pygame.draw.lines(surface, WHITE, False, pts, round(width * 0.8))
    elif step.cue == "tilt":
        centre = (spot.centerx, spot.top + spot.height * 0.86)
        r = size * 0.5
        for s in (-1, 1):
            a0 = -math.pi / 2 + s * 0.2
            arrow_arc(surface, centre, (r, r), a0, a0 + s * 0.55, width=width * 0.8)


def _draw_rep_dots(
    surface: pygame.Surface, area: pygame.Rect, reps: int, done: int, phase: float
) -> None:
    if reps <= 0 or area.height <= 2:
        return
    pitch = min(area.height * 0.95, area.width * 0.9 / reps)
    radius = pitch * 0.38
    rim = max(2.0, radius * 0.22)
    left = area.centerx - pitch * (reps - 1) / 2
    y = area.centery
    for i in range(reps):
        centre = (left + i * pitch, y)
        pygame.draw.circle(surface, INK, centre, radius + rim)
        if i < done:
            pygame.draw.circle(surface, GOLD, centre, radius)
            pygame.draw.circle(
                surface, WHITE, (centre[0] - radius * 0.3, centre[1] - radius * 0.3), radius * 0.25
            )
        else:
            pygame.draw.circle(surface, WHITE, centre, radius)
            if i == done and phase > 0.0:
                _draw_pie(surface, centre, radius * 0.82, phase, GOLD)


def _draw_pie(
    surface: pygame.Surface, centre: Point, radius: float, share: float, colour: Colour
) -> None:
    """A slice of a disc from twelve o'clock clockwise: the current rep filling up."""
    steps = max(2, math.ceil(share * 48))
    pts = [centre] + [
        (
            centre[0] + radius * math.sin(2 * math.pi * share * i / steps),
            centre[1] - radius * math.cos(2 * math.pi * share * i / steps),
        )
        for i in range(steps + 1)
    ]
    pygame.draw.polygon(surface, colour, pts)
