"""Every screen of a visit, drawn at the smallest and the largest supported size.

The pictures come from real visits played by the bot (``tests.support.screenshots``,
the script that makes the README's pictures). Each must be a real picture (not a
black or empty frame), and whatever a child must press must lie wholly on the screen.
"""

from __future__ import annotations

import pygame
import pytest

from station.screens import ouch
from tests.support.screenshots import take

SCREENS = {
    "attract", "who", "warm-up", "balloon", "celebration", "rest", "quick-max", "crab",
    "cool-down", "results", "picker", "stopped",
}  # fmt: skip


@pytest.fixture(scope="module", params=[(800, 480), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def shots(request, tmp_path_factory):
    size = request.param
    return size, take(tmp_path_factory.mktemp(f"shots{size[0]}"), size)


def test_every_screen_of_a_visit_is_shown(shots):
    _size, taken = shots
    assert set(taken) >= SCREENS, f"missing: {SCREENS - set(taken)}"


def test_no_screen_is_black_or_empty(shots):
    size, taken = shots
    for name, path in taken.items():
        image = pygame.image.load(path)
        assert image.get_size() == size
        small = pygame.transform.scale(image, (64, 36))
        colours = {small.get_at((x, y))[:3] for x in range(64) for y in range(36)}
        assert len(colours) > 40, f"{name} is nearly one colour"
        assert pygame.transform.average_color(image)[:3] > (25, 25, 25), f"{name} is dark"


def test_the_ouch_button_lies_on_the_screen_at_a_fingertip_size(shots):
    size, _ = shots
    button = ouch.ouch_rect(size)
    assert pygame.Rect((0, 0), size).contains(button)
    assert button.height >= 0.18 * size[1]
