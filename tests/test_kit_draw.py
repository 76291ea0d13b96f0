"""The colour and easing helpers every game's art shares."""

from __future__ import annotations

import pygame
import pytest

from games.kit.draw import SurfaceCache, mix
from games.kit.ease import smoothstep

SKY = (150, 220, 255)
SEA = (14, 58, 128)


def test_a_colour_mix_runs_from_one_end_to_the_other():
    assert mix(SKY, SEA, 0.0) == SKY
    assert mix(SKY, SEA, 1.0) == SEA
    halfway = mix(SKY, SEA, 0.5)
    assert all(min(a, b) <= c <= max(a, b) for a, b, c in zip(SKY, SEA, halfway, strict=True))


@pytest.mark.parametrize(("t", "end"), [(-0.5, SKY), (1.5, SEA)])
def test_a_gradient_run_past_its_end_keeps_the_end_colour(t, end):
    assert mix(SKY, SEA, t) == end


def test_an_eased_animation_starts_and_stops_gently_and_holds_outside_its_span():
    assert smoothstep(-1.0) == smoothstep(0.0) == 0.0
    assert smoothstep(2.0) == smoothstep(1.0) == 1.0
    assert smoothstep(0.5) == pytest.approx(0.5)
    steps = [smoothstep(i / 20) for i in range(21)]
    assert steps == sorted(steps)
    assert steps[1] - steps[0] < steps[11] - steps[10]  # slow start, faster middle


def test_a_surface_cache_keeps_to_its_memory_budget():
    cache = SurfaceCache(budget_bytes=100 * 100 * 4 * 3)
    for number in range(50):  # a score counting up: a new picture every frame
        cache.put(number, pygame.Surface((100, 100), pygame.SRCALPHA))
        assert cache.bytes <= cache.budget_bytes
    assert 1 <= len(cache) <= 3
    assert cache.get(49) is not None, "the newest picture is kept"
