"""Input is translated once: one action per touch, named keys only, fractions for pointers."""

from __future__ import annotations

import pygame
import pytest

from games.kit.actions import (
    MOUSE,
    CloseRequest,
    FocusLost,
    FrontButton,
    Key,
    KeyAction,
    Phase,
    Pointer,
    is_press,
    translate,
)

SIZE = (800, 480)


def finger(kind: int, x: float, y: float, finger_id: int = 0) -> pygame.event.Event:
    return pygame.event.Event(kind, x=x, y=y, finger_id=finger_id, touch_id=7)


def test_a_touch_arrives_once_although_sdl_sends_a_mouse_copy():
    down = finger(pygame.FINGERDOWN, 0.5, 0.25)
    echo = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(400, 120), button=1, touch=True)
    [action] = translate([down, echo], SIZE)
    assert action == Pointer(Phase.DOWN, ("finger", 7, 0), (400, 120), 0.5, 0.25)


def test_two_fingers_are_two_pointers_and_the_mouse_a_third():
    actions = translate(
        [
            finger(pygame.FINGERDOWN, 0.1, 0.1, finger_id=0),
            finger(pygame.FINGERDOWN, 0.9, 0.9, finger_id=1),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(0, 0), button=1, touch=False),
        ],
        SIZE,
    )
    assert len({a.pointer for a in actions}) == 3
    assert actions[2].pointer == MOUSE


def test_hovering_and_right_clicks_are_not_presses():
    hover = pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), buttons=(0, 0, 0), touch=False)
    right = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=3, touch=False)
    drag = pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), buttons=(1, 0, 0), touch=False)
    assert translate([hover, right, drag], SIZE) == [
        Pointer(Phase.MOVE, MOUSE, (5, 5), 5 / 800, 5 / 480)
    ]


def test_a_finger_off_the_edge_is_held_to_the_window():
    [action] = translate([finger(pygame.FINGERMOTION, 1.4, -0.2)], SIZE)
    assert (action.fx, action.fy) == (1.0, 0.0)
    assert action.pos == (799, 0)


@pytest.mark.parametrize(
    ("key", "mod", "expected"),
    [
        (pygame.K_SPACE, 0, Key.SQUEEZE_GRIP),
        (pygame.K_p, 0, Key.SQUEEZE_PINCH),
        (pygame.K_RETURN, 0, Key.CONFIRM),
        (pygame.K_ESCAPE, 0, Key.BACK),
        (pygame.K_q, pygame.KMOD_LCTRL, Key.QUIT),
    ],
)
def test_the_keys_that_mean_something_are_named(key, mod, expected):
    down = pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, repeat=0)
    up = pygame.event.Event(pygame.KEYUP, key=key, mod=mod)
    assert translate([down, up], SIZE) == [
        KeyAction(Phase.DOWN, expected),
        KeyAction(Phase.UP, expected),
    ]


def test_other_keys_and_key_repeats_do_nothing():
    events = [
        pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, repeat=0),
        pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F4, mod=pygame.KMOD_ALT, repeat=0),
        pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, repeat=1),
    ]
    assert translate(events, SIZE) == []


def test_closing_and_losing_focus_are_actions_of_their_own():
    events = [pygame.event.Event(pygame.QUIT), pygame.event.Event(pygame.WINDOWFOCUSLOST)]
    assert translate(events, SIZE) == [CloseRequest(), FocusLost()]


def test_what_counts_as_yes_go_on():
    assert is_press(Pointer(Phase.DOWN, MOUSE, (1, 1), 0.0, 0.0))
    assert not is_press(Pointer(Phase.UP, MOUSE, (1, 1), 0.0, 0.0))
    assert is_press(KeyAction(Phase.DOWN, Key.CONFIRM))
    assert not is_press(KeyAction(Phase.DOWN, Key.SQUEEZE_GRIP))
    assert is_press(FrontButton(held=False))
    assert not is_press(FrontButton(held=True))
