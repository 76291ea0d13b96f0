"""Readable from two metres: on the smallest screen (the 7" display, 800x480) the rep dots,
the gauges and the balloon's opening are measured in pixels against agreed minimums,
and they keep their share of the screen on a big display."""

from __future__ import annotations

import statistics

import pygame
import pytest

from games.balloon import art as balloon_art
from games.balloon.model import Phase as BalloonPhase
from games.balloon.model import altitude_of
from games.balloon.scene import BalloonScene
from games.contract import NS_PER_S, Band, GameInput, RepSetup
from games.crab import gauge
from games.crab.model import Treasure
from games.kit import hud
from games.kit.layout import Viewport
from games.rocket import scene as rocket_scene
from games.rocket.model import Phase as RocketPhase
from tests.support.measure import run_of, shapes
from tests.support.planners import ListPlanner

SMALLEST = (800, 480)
BIG = (1920, 1080)
SKY = (90, 170, 250)
BAND = Band(0.8, 1.25)
MIN_DOT_PX = 34
"""A rep dot's diameter at 480 px high: countable from two metres."""
MIN_GAUGE_PX = 60
"""A gauge's width at 480 px high: the level in it is seen from two metres."""
STEP_NS = NS_PER_S // 120


def plain(size: tuple[int, int]) -> pygame.Surface:
    surface = pygame.Surface(size)
    surface.fill(SKY)
    return surface


def dots(size: tuple[int, int], reps: int, results: list[bool]) -> list[pygame.Rect]:
    surface = plain(size)
    hud.draw_progress_dots(surface, results, reps)
    return shapes(surface, SKY, pygame.Rect(0, 0, size[0], size[1] // 4))


@pytest.mark.parametrize("reps", [1, 3, 5, 8, 10])
def test_progress_dots_are_big_enough_to_count_on_the_smallest_screen(reps):
    found = dots(SMALLEST, reps, [True, False, True][:reps])
    assert len(found) == reps, "one separate dot per rep"
    assert min(min(d.width, d.height) for d in found) >= MIN_DOT_PX
    assert all(d.top >= 0 for d in found), "nothing cut off at the top edge"


@pytest.mark.parametrize("reps", [12, 16, 20])
def test_many_dots_shrink_to_fit_half_the_width_and_stay_apart(reps):
    found = dots(SMALLEST, reps, [True] * (reps // 2))
    assert len(found) == reps, "dots never run into each other"
    assert found[0].left >= SMALLEST[0] / 4 and found[-1].right <= SMALLEST[0] * 3 / 4
    assert min(d.width for d in found) >= 12, "small, but still a dot"


def test_dots_keep_their_share_of_the_screen_on_a_big_display():
    small, big = dots(SMALLEST, 5, [True]), dots(BIG, 5, [True])
    scale = BIG[1] / SMALLEST[1]
    assert big[0].width == pytest.approx(small[0].width * scale, abs=3)
    assert big[0].width >= MIN_DOT_PX * scale


@pytest.mark.parametrize("size", [SMALLEST, (1024, 768), BIG])
def test_crab_gauge_is_wide_enough_and_on_screen(size):
    surface = plain(size)
    gauge.draw_gauge(surface, 0.0, BAND, Treasure.PEARL)
    column = gauge.gauge_rect(Viewport(size))
    soft_y = column.bottom - column.height // 4  # soft water, clear of the rider at rest
    width = run_of(surface, gauge.SOFT, soft_y, column.centerx)
    assert width >= MIN_GAUGE_PX * size[1] / SMALLEST[1]
    parts = shapes(surface, SKY, pygame.Rect((0, 0), size))
    drawn = parts[0].unionall(parts[1:])
    assert pygame.Rect((0, 0), size).contains(drawn)
    assert drawn.right < size[0] / 5, "the gauge stays at the edge, out of the crab's way"


def fuelling_rocket(size: tuple[int, int]) -> pygame.Surface:
    scene = rocket_scene.RocketScene(ListPlanner([RepSetup(1, 1, BAND, 3.0, 1.0)]), 4, None)
    t_ns = 0
    while scene.model.phase is not RocketPhase.FUELLING:
        t_ns += STEP_NS
        scene.update(STEP_NS, GameInput(t_ns, 0.0, True))
    surface = pygame.Surface(size)
    scene.draw(surface)
    return surface


@pytest.mark.parametrize("size", [SMALLEST, (1024, 768), BIG])
def test_rocket_gauge_is_wide_enough_and_on_screen(size):
    surface = fuelling_rocket(size)
    vp = Viewport(size)
    tube = rocket_scene.gauge_rect(vp)
    empty_y = tube.bottom - tube.height // 4  # below the band, above the resting knob
    width = run_of(surface, rocket_scene.GAUGE_EMPTY, empty_y, tube.centerx)
    assert width >= MIN_GAUGE_PX * size[1] / SMALLEST[1]
    with_band = tube.inflate(2 * vp.h(0.02) + 2 * vp.line(2), vp.line(6))
    assert pygame.Rect((0, 0), size).contains(with_band)


def balloon_in_gate() -> tuple[pygame.Surface, tuple[int, int], tuple[int, int]]:
    """The balloon mid-gate at 800x480; the opening's (top, bottom) and the lane's (left, right)."""
    scene = BalloonScene(ListPlanner([RepSetup(1, 1, BAND, 3.0, 1.0)]), 7, None, player=hud_silent)
    flight = scene.flight
    while not (flight.phase is BalloonPhase.GATE and flight.phase_ns >= NS_PER_S):
        wanted = scene.desired_effort()
        scene.update(STEP_NS, GameInput(flight.t_ns, 0.0 if wanted is None else 1.0, True))
    surface = pygame.Surface(SMALLEST)
    scene.draw(surface)
    lay = balloon_art.Layout(*SMALLEST)
    top = round(lay.y_of(altitude_of(BAND.high)))
    bottom = round(lay.y_of(altitude_of(BAND.low)))
    gate = flight.gate
    assert gate is not None
    left = round(lay.x_of(gate.entry_x, flight.world_x))
    right = round(lay.x_of(gate.exit_x, flight.world_x))
    return surface, (top, bottom), (max(0, left), min(SMALLEST[0], right))


class _Silent:
    def play(self, name: str) -> None:
        pass


hud_silent = _Silent()


def test_the_balloon_opening_stands_out_from_the_sky():
    surface, (top, bottom), (left, right) = balloon_in_gate()
    xs = range(left + 60, right - 60, 8)
    assert len(xs) > 10
    inside_y, sky_y = top + (bottom - top) // 4, top - 12

    def distance(x: int) -> int:
        a, b = surface.get_at((x, inside_y)), surface.get_at((x, sky_y))
        return abs(a.r - b.r) + abs(a.g - b.g) + abs(a.b - b.b)

    assert statistics.median(distance(x) for x in xs) >= 90, "the band is a clear colour"
    inked = [
        any(surface.get_at((x, y))[:3] == hud.INK for y in range(top - 6, top + 7)) for x in xs
    ]
    assert sum(inked) >= 0.8 * len(inked), "a dark line outlines the opening on the pale sky"
