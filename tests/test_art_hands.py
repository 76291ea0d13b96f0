"""The station's drawings: each stays inside its rect, draws something and moves.

Every public draw function is called on a surface filled with a sentinel colour; the
area outside the rect must come back untouched (checked with masks, not pixel loops),
the area inside must have changed, and two moments of an animation (or two values of
its parameter) must give different pictures.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame
import pytest

from station.screens.art import hands, sensors, signs
from station.screens.art.hands import COOL_DOWN_STEPS, WARM_UP_STEPS, HandPose, Step

SENTINEL = (1, 254, 3)

Drawer = Callable[[pygame.Surface, pygame.Rect, float], None]
"""Draws one picture into a rect at one value of its animated parameter."""


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield


DRAWERS: dict[str, tuple[Drawer, tuple[float, float]]] = {
    "hand_closure": (lambda s, r, v: hands.draw_hand(s, r, HandPose(closure=v)), (0.0, 1.0)),
    "hand_spread": (lambda s, r, v: hands.draw_hand(s, r, HandPose(spread=v)), (0.0, 1.0)),
    "hand_wrist": (lambda s, r, v: hands.draw_hand(s, r, HandPose(wrist_angle=v)), (0.0, 0.5)),
    "hand_left": (
        lambda s, r, v: hands.draw_hand(s, r, HandPose(closure=v, side="left")),
        (0.0, 0.6),
    ),
    "warm_up_step": (lambda s, r, v: hands.draw_step(s, r, WARM_UP_STEPS[0], v), (0.0, 1.8)),
    "cool_down_step": (lambda s, r, v: hands.draw_step(s, r, COOL_DOWN_STEPS[-1], v), (0.0, 1.1)),
    "bulb_grip": (lambda s, r, v: sensors.draw_bulb_grip(s, r, v, 0.0), (0.0, 1.0)),
    "pinch": (lambda s, r, v: sensors.draw_pinch(s, r, v, 0.0), (0.0, 1.0)),
    "strong_buddy_grip": (
        lambda s, r, v: sensors.draw_strong_buddy(s, r, v, 0.5, "grip"),
        (0.0, 1.0),
    ),
    "strong_buddy_pinch": (
        lambda s, r, v: sensors.draw_strong_buddy(s, r, v, 0.5, "pinch"),
        (0.2, 0.9),
    ),
    "strong_buddy_time": (
        lambda s, r, v: sensors.draw_strong_buddy(s, r, 0.5, v, "bulb"),
        (0.0, 0.7),
    ),
    "squeeze_to_start": (signs.draw_squeeze_to_start, (0.0, 0.5)),
    "ouch_button": (lambda s, r, v: signs.draw_ouch_button(s, r, v > 0.5), (0.0, 1.0)),
    "check_cable": (signs.draw_check_cable, (0.0, 1.2)),
}

RECTS = [
    ((800, 480), pygame.Rect(0, 0, 800, 480)),
    ((800, 480), pygame.Rect(120, 60, 300, 200)),
    ((800, 480), pygame.Rect(500, 300, 90, 140)),
    ((800, 480), pygame.Rect(650, 10, 140, 60)),
    ((1920, 1080), pygame.Rect(200, 100, 1200, 800)),
    ((1920, 1080), pygame.Rect(1700, 900, 200, 160)),
]


def _changed(surface: pygame.Surface) -> pygame.mask.Mask:
    """A mask of the pixels that no longer hold the sentinel colour."""
    same = pygame.mask.from_threshold(surface, SENTINEL, (1, 1, 1, 255))
    same.invert()
    return same


def _draw(drawer: Drawer, size: tuple[int, int], rect: pygame.Rect, value: float):
    surface = pygame.Surface(size)
    surface.fill(SENTINEL)
    drawer(surface, rect, value)
    return surface


@pytest.mark.parametrize(("size", "rect"), RECTS, ids=str)
@pytest.mark.parametrize("name", sorted(DRAWERS))
def test_a_drawing_stays_inside_its_rect_and_fills_some_of_it(name, size, rect):
    drawer, values = DRAWERS[name]
    for value in values:
        surface = _draw(drawer, size, rect, value)
        changed = _changed(surface)
        inside = pygame.mask.Mask(size)
        inside.draw(pygame.mask.Mask(rect.size, fill=True), rect.topleft)
        outside_changed = changed.overlap_area(inside, (0, 0))
        assert outside_changed == changed.count(), f"{name} drew outside {rect} at {value}"
        assert changed.count() > rect.width * rect.height * 0.03, f"{name} drew almost nothing"


@pytest.mark.parametrize("name", sorted(DRAWERS))
def test_a_drawing_changes_with_its_parameter(name):
    drawer, (a, b) = DRAWERS[name]
    rect = pygame.Rect(40, 30, 600, 400)
    first = _draw(drawer, (800, 480), rect, a)
    second = _draw(drawer, (800, 480), rect, b)
    assert pygame.image.tobytes(first, "RGB") != pygame.image.tobytes(second, "RGB")


def test_drawings_also_respect_a_clip_already_set():
    surface = pygame.Surface((800, 480))
    surface.fill(SENTINEL)
    surface.set_clip(pygame.Rect(0, 0, 400, 480))
    signs.draw_check_cable(surface, surface.get_rect(), 0.3)
    assert surface.get_clip() == pygame.Rect(0, 0, 400, 480)
    right = surface.subsurface(pygame.Rect(400, 0, 400, 480))
    assert _changed(right).count() == 0


def test_an_empty_rect_draws_nothing():
    surface = pygame.Surface((100, 100))
    surface.fill(SENTINEL)
    for drawer, (value, _) in DRAWERS.values():
        drawer(surface, pygame.Rect(10, 10, 0, 0), value)
    assert _changed(surface).count() == 0


@pytest.mark.parametrize("step", WARM_UP_STEPS + COOL_DOWN_STEPS, ids=lambda s: s.key)
def test_every_step_moves_the_hand_and_loops_without_a_jump(step: Step):
    rep = step.rep_seconds
    start, end = step.pose_at(0.0), step.pose_at(rep - 1e-6)
    assert start.closure == pytest.approx(end.closure, abs=0.02)
    assert start.spread == pytest.approx(end.spread, abs=0.02)
    assert start.wrist_angle == pytest.approx(end.wrist_angle, abs=0.03)
    moments = [step.pose_at(rep * k / 12) for k in range(12)]
    assert len(set(moments)) > 3, f"{step.key} barely moves"
    assert step.reps >= 1
    rect = pygame.Rect(0, 0, 800, 420)
    frames = {
        pygame.image.tobytes(
            _draw(lambda s, r, v: hands.draw_step(s, r, step, v), (800, 480), rect, t), "RGB"
        )
        for t in (0.0, rep * 0.3, rep * 0.6)
    }
    assert len(frames) == 3


def test_the_rep_dots_count_up_to_the_reps_of_the_step():
    step = WARM_UP_STEPS[0]
    assert step.reps_done(0.0) == 0
    assert step.reps_done(step.rep_seconds * 3.5) == 3
    assert step.reps_done(step.seconds) == step.reps
    assert step.reps_done(step.seconds + 10) == step.reps


def test_the_warm_up_lasts_about_two_minutes_and_the_cool_down_two_to_three():
    assert 100 <= hands.total_seconds(WARM_UP_STEPS) <= 150
    assert 120 <= hands.total_seconds(COOL_DOWN_STEPS) <= 180
    keys = [s.key for s in WARM_UP_STEPS + COOL_DOWN_STEPS]
    assert len(keys) == len(set(keys))


def test_the_warm_up_opens_and_closes_the_fist_ten_times_and_circles_both_ways():
    fists = WARM_UP_STEPS[0]
    assert fists.reps == 10
    assert 30 <= fists.seconds <= 50
    closures = [fists.pose_at(t / 10).closure for t in range(round(fists.rep_seconds * 10))]
    assert min(closures) < 0.05 and max(closures) > 0.95
    cues = {s.cue for s in WARM_UP_STEPS}
    assert {"circle_cw", "circle_ccw"} <= cues


def test_a_mirrored_pose_is_the_other_hand_turning_the_other_way():
    pose = HandPose(closure=0.4, wrist_angle=0.3, offset=(0.1, 0.0))
    other = hands.mirrored(pose)
    assert other.side == "left" and other.wrist_angle == -0.3 and other.offset == (-0.1, 0.0)
    assert hands.mirrored(other) == pose


def test_left_and_right_hands_are_mirror_images():
    rect = pygame.Rect(0, 0, 400, 400)
    right = _draw(
        lambda s, r, v: hands.draw_hand(s, r, HandPose(side="right")), (400, 400), rect, 0
    )
    left = _draw(lambda s, r, v: hands.draw_hand(s, r, HandPose(side="left")), (400, 400), rect, 0)
    flipped = pygame.transform.flip(right, True, False)
    overlap = _changed(flipped).overlap_area(_changed(left), (0, 0))
    assert overlap > 0.97 * _changed(left).count()


def test_a_fist_keeps_its_fingertips_below_the_open_hands():
    rect = pygame.Rect(0, 0, 400, 400)
    for finger in range(1, 5):
        open_tip = hands.fingertip(rect, HandPose(closure=0.0), finger)
        fist_tip = hands.fingertip(rect, HandPose(closure=1.0), finger)
        assert fist_tip[1] > open_tip[1]
    with pytest.raises(ValueError):
        hands.fingertip(rect, HandPose(), 5)


def test_a_hand_is_left_or_right_and_a_buddy_needs_a_known_sensor():
    with pytest.raises(ValueError):
        HandPose(side="middle")
    with pytest.raises(ValueError):
        sensors.draw_strong_buddy(pygame.Surface((10, 10)), pygame.Rect(0, 0, 10, 10), 0, 0, "toe")


def test_the_buddy_grows_with_effort():
    rect = pygame.Rect(0, 0, 600, 400)
    sizes = []
    for effort in (0.0, 0.5, 1.0):
        surface = _draw(
            lambda s, r, v: sensors.draw_strong_buddy(s, r, v, 0.0, "grip"),
            (600, 400),
            rect,
            effort,
        )
        sizes.append(_changed(surface).count())
    assert sizes[0] < sizes[1] < sizes[2]


def test_the_bulb_squashes_when_squeezed():
    """Squeezed, the bulb's pink dome swells above the fingers."""
    rect = pygame.Rect(0, 0, 400, 400)
    pink = []
    for squeeze in (0.0, 1.0):
        surface = _draw(
            lambda s, r, v: sensors.draw_bulb_grip(s, r, v, 0.0), (400, 400), rect, squeeze
        )
        pink.append(pygame.mask.from_threshold(surface, sensors.BULB, (1, 1, 1, 255)).count())
    assert pink[1] > pink[0]
    assert not math.isclose(pink[0], pink[1], rel_tol=0.05)
