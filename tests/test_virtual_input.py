"""The virtual squeeze: do keys, clicks and touches squeeze the hand a player aims at?"""

from __future__ import annotations

import math

import pytest

from hardware.frames import GRIP, PINCH
from hardware.virtual_hand import VirtualHand
from station.play.virtual_input import VirtualInput

MS = 1_000_000


def make_input(*sensors: str) -> VirtualInput:
    return VirtualInput({name: VirtualHand(100.0) for name in sensors or (GRIP, PINCH)})


def test_space_style_key_squeezes_fully_and_letting_go_releases():
    vinput = make_input()
    vinput.key_down(GRIP)
    assert vinput.level(GRIP) == 1.0
    assert vinput.level(PINCH) == 0.0
    vinput.key_up(GRIP)
    assert vinput.level(GRIP) == 0.0


def test_a_held_key_makes_the_force_rise_and_release_makes_it_fall():
    vinput = make_input()
    vinput.forces(0)
    vinput.key_down(PINCH)
    rising = [vinput.forces(t * 100 * MS)[PINCH] for t in range(1, 6)]
    assert rising == sorted(rising)
    assert rising[-1] > 80.0
    vinput.key_up(PINCH)
    assert vinput.forces(1500 * MS)[PINCH] < 5.0
    assert vinput.forces(1500 * MS)[GRIP] == 0.0


def test_the_left_half_squeezes_the_grip_and_the_right_half_pinches():
    vinput = make_input()
    vinput.pointer_down("mouse", 0.2, 0.3)
    assert vinput.level(GRIP) > 0 and vinput.level(PINCH) == 0
    vinput.pointer_up("mouse")
    vinput.pointer_down("mouse", 0.8, 0.3)
    assert vinput.level(PINCH) > 0 and vinput.level(GRIP) == 0


def test_press_height_grades_the_level_from_nothing_at_the_bottom_to_full_at_the_top():
    vinput = make_input()
    levels = []
    for y in (1.0, 0.75, 0.5, 0.25, 0.0):
        vinput.pointer_down("finger", 0.25, y)
        levels.append(vinput.level(GRIP))
    assert levels[0] == 0.0
    assert levels[-1] == 1.0
    assert levels == sorted(levels)
    assert levels[2] == pytest.approx(0.5, abs=0.02)


def test_sliding_a_held_finger_changes_the_level_and_keeps_its_hand_across_the_middle():
    vinput = make_input()
    vinput.pointer_down("finger", 0.45, 0.8)
    low = vinput.level(GRIP)
    vinput.pointer_move("finger", 0.1)
    assert vinput.level(GRIP) > low
    assert vinput.level(PINCH) == 0.0


def test_a_hand_follows_its_strongest_holder_and_lets_go_only_after_the_last():
    vinput = make_input()
    vinput.key_down(GRIP)
    vinput.pointer_down("finger", 0.2, 0.7)
    assert vinput.level(GRIP) == 1.0
    vinput.key_up(GRIP)
    assert 0.0 < vinput.level(GRIP) < 1.0
    vinput.pointer_up("finger")
    assert vinput.level(GRIP) == 0.0


def test_losing_focus_lets_every_hand_go():
    vinput = make_input()
    vinput.key_down(GRIP)
    vinput.pointer_down("finger", 0.9, 0.1)
    vinput.release_all()
    assert vinput.level(GRIP) == vinput.level(PINCH) == 0.0
    assert vinput.held_pointers == 0
    vinput.key_up(GRIP)  # the late key-up after focus returns changes nothing
    assert vinput.level(GRIP) == 0.0


def test_a_pointer_pressed_again_without_a_release_is_still_one_pointer():
    vinput = make_input()
    vinput.pointer_down("mouse", 0.2, 0.2)
    vinput.pointer_down("mouse", 0.8, 0.9)
    assert vinput.held_pointers == 1
    assert vinput.level(GRIP) == 0.0
    assert vinput.level(PINCH) > 0.0


def test_pressing_the_side_of_a_missing_hand_does_nothing():
    vinput = make_input(GRIP)
    vinput.pointer_down("finger", 0.9, 0.2)
    vinput.key_down(PINCH)
    assert vinput.held_pointers == 0
    assert vinput.level(PINCH) == 0.0
    assert set(vinput.forces(0)) == {GRIP}


@pytest.mark.parametrize("x, y", [(math.nan, 0.5), (0.2, math.nan), (math.inf, 0.1)])
def test_coordinates_that_are_not_numbers_are_ignored(x, y):
    vinput = make_input()
    vinput.pointer_down("finger", x, y)
    assert vinput.held_pointers == 0
    vinput.pointer_down("finger", 0.2, 0.5)
    before = vinput.level(GRIP)
    vinput.pointer_move("finger", math.nan)
    assert vinput.level(GRIP) == before
