"""The station's own pictures: avatars, guest, rewards, rest and stopped.

Each is drawn on a surface filled with a sentinel colour no picture uses; the sentinel
must survive everywhere outside the picture's box (checked with masks, not pixel loops),
and something must be drawn inside it.
"""

from __future__ import annotations

import itertools
import math
import os
import re

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from station.screens.art import avatars, rest, rewards

SENTINEL = (3, 251, 7)
SCREENS = ((800, 480), (1920, 1080))
MIN_MEAN_DISTANCE = 24.0
"""Mean badge colours (RGB) at least this far apart: no two children mix theirs up."""


def _canvas(size: tuple[int, int]) -> pygame.Surface:
    surface = pygame.Surface(size)
    surface.fill(SENTINEL)
    return surface


def _sentinel_count(surface: pygame.Surface) -> int:
    mask = pygame.mask.from_threshold(surface, SENTINEL, (1, 1, 1, 255))
    return mask.count()


def _drawn_in(surface: pygame.Surface, box: pygame.Rect) -> int:
    """Pixels inside ``box`` that are no longer the sentinel."""
    inside = surface.subsurface(box.clip(surface.get_rect()))
    return inside.get_width() * inside.get_height() - _sentinel_count(inside)


def _untouched_outside(surface: pygame.Surface, box: pygame.Rect) -> bool:
    """True when every pixel outside ``box`` still holds the sentinel."""
    copy = surface.copy()
    copy.fill(SENTINEL, box)
    return _sentinel_count(copy) == copy.get_width() * copy.get_height()


def _circle_box(center: tuple[int, int], radius: int) -> pygame.Rect:
    return pygame.Rect(center[0] - radius, center[1] - radius, 2 * radius, 2 * radius)


def _mean_colour(key: str, radius: int = 60) -> tuple[float, float, float]:
    """The badge's mean colour over its circle (drawn on black, corners left out)."""
    surface = pygame.Surface((2 * radius, 2 * radius))
    surface.fill((0, 0, 0))
    avatars.draw_avatar(surface, key, (radius, radius), radius)
    r, g, b, _ = pygame.transform.average_color(surface)
    scale = 4 / math.pi
    return (r * scale, g * scale, b * scale)


# -- avatars -----------------------------------------------------------------------------


def test_sixteen_distinct_keys_with_the_default_star():
    assert len(avatars.AVATARS) == 16
    assert len(set(avatars.AVATARS)) == 16
    assert "star" in avatars.AVATARS
    assert avatars.DEFAULT_AVATAR == "star"
    for key in avatars.AVATARS:
        assert re.fullmatch(r"[a-z0-9_-]{1,32}", key), key


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("radius", (40, 200))
def test_every_avatar_draws_inside_its_circle_only(size, radius):
    center = (size[0] // 2, size[1] // 2)
    box = _circle_box(center, radius)
    circle_area = math.pi * radius * radius
    for key in avatars.AVATARS:
        surface = _canvas(size)
        returned = avatars.draw_avatar(surface, key, center, radius)
        assert returned == box, key
        assert _untouched_outside(surface, box), key
        assert _drawn_in(surface, box) > 0.9 * circle_area, key
        for corner in (box.topleft, (box.right - 1, box.top), (box.left, box.bottom - 1)):
            assert surface.get_at(corner)[:3] == SENTINEL, (key, corner)


def test_avatar_near_the_screen_edge_only_touches_its_box():
    surface = _canvas((800, 480))
    box = avatars.draw_avatar(surface, "lion", (30, 30), 40)
    assert _untouched_outside(surface, box)


def test_all_avatars_differ_by_mean_colour():
    means = {key: _mean_colour(key) for key in avatars.AVATARS}
    for a, b in itertools.combinations(avatars.AVATARS, 2):
        distance = math.dist(means[a], means[b])
        assert distance >= MIN_MEAN_DISTANCE, f"{a} and {b} look alike ({distance:.1f})"


def test_avatars_keep_their_colour_at_every_size():
    for key in ("star", "frog", "whale"):
        small, big = _mean_colour(key, 40), _mean_colour(key, 200)
        assert math.dist(small, big) < 10, key


def test_unknown_key_draws_a_neutral_fallback():
    size, center, radius = (800, 480), (400, 240), 40
    box = _circle_box(center, radius)
    pictures = []
    for key in ("no-such-avatar", "", "STAR"):
        surface = _canvas(size)
        avatars.draw_avatar(surface, key, center, radius)
        assert _untouched_outside(surface, box), key
        assert _drawn_in(surface, box) > 0.9 * math.pi * radius * radius, key
        pictures.append(pygame.image.tobytes(surface, "RGB"))
    assert pictures[0] == pictures[1] == pictures[2]
    fallback = _mean_colour("no-such-avatar")
    for key in avatars.AVATARS:
        assert math.dist(fallback, _mean_colour(key)) >= MIN_MEAN_DISTANCE / 2, key
    assert avatars.avatar_colour("no-such-avatar") == avatars.FALLBACK_BG


def test_tiny_radius_draws_nothing_and_does_not_fail():
    surface = _canvas((100, 100))
    for radius in (0, 0.3, -5):
        box = avatars.draw_avatar(surface, "cat", (50, 50), radius)
        assert box.width == 0
    avatars.draw_guest(surface, (50, 50), 0, 1.0)
    assert _sentinel_count(surface) == 100 * 100


def test_each_avatar_has_its_own_background():
    colours = [avatars.avatar_colour(key) for key in avatars.AVATARS]
    assert len(set(colours)) == len(colours)


# -- the guest ---------------------------------------------------------------------------


@pytest.mark.parametrize("radius", (40, 200))
def test_guest_stays_in_its_box_and_waves(radius):
    center = (400, 240)
    box = _circle_box(center, radius)
    frames = []
    for t_s in (0.0, 0.37):
        surface = _canvas((800, 480))
        returned = avatars.draw_guest(surface, center, radius, t_s)
        assert returned == box
        assert _untouched_outside(surface, box)
        assert _drawn_in(surface, box) > 0.9 * math.pi * radius * radius
        frames.append(pygame.image.tobytes(surface, "RGB"))
    assert frames[0] != frames[1]


# -- rewards and rest --------------------------------------------------------------------


PICTURES = {
    "trophy": lambda s, r, t: rewards.draw_trophy(s, r, t, 0.7),
    "trophy-small": lambda s, r, t: rewards.draw_trophy(s, r, t, 0.0),
    "better": rewards.draw_better_arrow,
    "same": rewards.draw_same_arrow,
    "done": rewards.draw_done_flag,
    "rest": lambda s, r, t: rest.draw_rest_buddy(s, r, t, 0.6),
    "rest-nearly-over": lambda s, r, t: rest.draw_rest_buddy(s, r, t, 0.05),
    "stopped": rest.draw_stopped,
}
RECTS = (
    ((800, 480), pygame.Rect(0, 0, 800, 480)),
    ((800, 480), pygame.Rect(120, 70, 260, 180)),
    ((1920, 1080), pygame.Rect(1500, 700, 300, 360)),
)


@pytest.mark.parametrize("name", PICTURES)
@pytest.mark.parametrize(("size", "rect"), RECTS, ids=("full", "tile", "tall"))
def test_pictures_stay_in_their_rect_and_move(name, size, rect):
    draw = PICTURES[name]
    frames = []
    for t_s in (0.0, 0.55):
        surface = _canvas(size)
        clip_before = surface.get_clip()
        draw(surface, rect, t_s)
        assert surface.get_clip() == clip_before
        assert _untouched_outside(surface, rect)
        assert _drawn_in(surface, rect) > 0.05 * rect.width * rect.height
        frames.append(pygame.image.tobytes(surface.subsurface(rect), "RGB"))
    assert frames[0] != frames[1], f"{name} does not animate"


def test_pictures_respect_an_existing_clip():
    surface = _canvas((800, 480))
    clip = pygame.Rect(0, 0, 400, 480)
    surface.set_clip(clip)
    rewards.draw_trophy(surface, pygame.Rect(200, 40, 400, 400), 0.2, 1.0)
    assert surface.get_clip() == clip
    assert _untouched_outside(surface, pygame.Rect(200, 40, 200, 400))


def test_better_visit_gets_a_bigger_trophy():
    rect = pygame.Rect(0, 0, 400, 400)
    drawn = []
    for share in (0.0, 0.5, 1.0):
        surface = _canvas((400, 400))
        rewards.draw_trophy(surface, rect, 0.3, share)
        drawn.append(_drawn_in(surface, rect))
    assert drawn[0] < drawn[1] < drawn[2]


def test_rest_ring_empties_as_the_rest_passes():
    rect = pygame.Rect(0, 0, 480, 480)
    pictures = []
    for share in (1.0, 0.5, 0.0):
        surface = _canvas((480, 480))
        rest.draw_rest_buddy(surface, rect, 1.0, share)
        pictures.append(pygame.image.tobytes(surface, "RGB"))
    assert len(set(pictures)) == 3
    ring = pygame.Rect(0, 0, 480, 30)  # the top of the ring: full at the start, gone at the end
    full, empty = _canvas((480, 480)), _canvas((480, 480))
    rest.draw_rest_buddy(full, rect, 1.0, 1.0)
    rest.draw_rest_buddy(empty, rect, 1.0, 0.0)
    assert _drawn_in(full, ring) > _drawn_in(empty, ring)


def test_out_of_range_shares_and_tiny_rects_do_not_fail():
    surface = _canvas((200, 200))
    rewards.draw_trophy(surface, pygame.Rect(10, 10, 100, 100), 0.0, 7.0)
    rewards.draw_trophy(surface, pygame.Rect(10, 10, 100, 100), 0.0, -1.0)
    rest.draw_rest_buddy(surface, pygame.Rect(10, 10, 100, 100), 0.0, 3.0)
    rest.draw_rest_buddy(surface, pygame.Rect(10, 10, 100, 100), 0.0, -2.0)
    tiny = pygame.Rect(150, 150, 3, 2)
    before = _sentinel_count(surface)
    for draw in (
        rewards.draw_better_arrow,
        rewards.draw_same_arrow,
        rewards.draw_done_flag,
        rest.draw_stopped,
    ):
        draw(surface, tiny, 0.0)
    rest.draw_rest_buddy(surface, tiny, 0.0, 0.5)
    rewards.draw_trophy(surface, tiny, 0.0, 0.5)
    rewards.draw_trophy(surface, pygame.Rect(0, 0, 0, 0), 0.0, 0.5)
    assert _sentinel_count(surface) == before
