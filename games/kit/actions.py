"""Input translated once: pygame's events become the few actions a screen acts on.

A touch screen sends each touch twice (a FINGER event and a synthetic mouse copy
flagged ``touch``); a keyboard has a hundred keys a child may lean on. ``translate``
keeps one of each touch, gives every pointer window fractions as well as pixels, and
names the handful of keys that mean something. Scenes see only these actions, so a
scene written for the mouse works with a finger, and the kiosk decides in one place
which keys may ever do anything.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import Enum

import pygame


class Phase(Enum):
    DOWN = "down"
    MOVE = "move"
    UP = "up"


class Key(Enum):
    """The keys that mean something anywhere in the app; every other key is ignored."""

    SQUEEZE_GRIP = "space"
    """Holds the simulated squeeze bulb (a laptop's stand-in for the load cell)."""
    SQUEEZE_PINCH = "p"
    CONFIRM = "return"
    BACK = "escape"
    QUIT = "quit"
    """Ctrl+Q: the developer's way out; the kiosk refuses it like every other."""


@dataclass(frozen=True, slots=True)
class Pointer:
    """A finger or the mouse, pressed, sliding or lifted."""

    phase: Phase
    pointer: Hashable
    """The same for a press and its moves and lift, different for two fingers."""
    pos: tuple[int, int]
    """Pixels in the window."""
    fx: float
    fy: float
    """The same place as fractions of the window (0 = left/top, 1 = right/bottom)."""


@dataclass(frozen=True, slots=True)
class KeyAction:
    phase: Phase
    """DOWN or UP."""
    key: Key


@dataclass(frozen=True, slots=True)
class CloseRequest:
    """The window's close button (or the compositor asking the app to end)."""


@dataclass(frozen=True, slots=True)
class FocusLost:
    """The window lost the keyboard: held keys will never report their release."""


@dataclass(frozen=True, slots=True)
class FrontButton:
    """The box's own start button (GPIO), pressed briefly or held."""

    held: bool


Action = Pointer | KeyAction | CloseRequest | FocusLost | FrontButton

MOUSE: Hashable = "mouse"

_KEYS = {
    pygame.K_SPACE: Key.SQUEEZE_GRIP,
    pygame.K_p: Key.SQUEEZE_PINCH,
    pygame.K_RETURN: Key.CONFIRM,
    pygame.K_KP_ENTER: Key.CONFIRM,
    pygame.K_ESCAPE: Key.BACK,
}
_FINGER = {
    pygame.FINGERDOWN: Phase.DOWN,
    pygame.FINGERMOTION: Phase.MOVE,
    pygame.FINGERUP: Phase.UP,
}
_MOUSE = {
    pygame.MOUSEBUTTONDOWN: Phase.DOWN,
    pygame.MOUSEMOTION: Phase.MOVE,
    pygame.MOUSEBUTTONUP: Phase.UP,
}


def _fraction(value: float) -> float:
    return min(1.0, max(0.0, value))


def _key(event: pygame.event.Event) -> Key | None:
    if event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
        return Key.QUIT
    return _KEYS.get(event.key)


def translate_one(event: pygame.event.Event, size: tuple[int, int]) -> Action | None:
    """One pygame event as an action, or None for what no screen acts on."""
    kind = event.type
    if kind == pygame.QUIT:
        return CloseRequest()
    if kind == pygame.WINDOWFOCUSLOST:
        return FocusLost()
    if kind in (pygame.KEYDOWN, pygame.KEYUP):
        return _key_action(event)
    if kind in _FINGER:
        return _finger(event, size)
    if kind in _MOUSE and not getattr(event, "touch", False):
        # A touch also arrives as a mouse copy flagged ``touch``: the finger already counted.
        return _mouse(event, size)
    return None


def _key_action(event: pygame.event.Event) -> KeyAction | None:
    key = _key(event)
    down = event.type == pygame.KEYDOWN
    if key is None or (down and getattr(event, "repeat", 0)):
        return None
    return KeyAction(Phase.DOWN if down else Phase.UP, key)


def _finger(event: pygame.event.Event, size: tuple[int, int]) -> Pointer:
    width, height = max(1, size[0]), max(1, size[1])
    fx, fy = _fraction(event.x), _fraction(event.y)
    pos = (round(fx * (width - 1)), round(fy * (height - 1)))
    return Pointer(_FINGER[event.type], ("finger", event.touch_id, event.finger_id), pos, fx, fy)


def _mouse(event: pygame.event.Event, size: tuple[int, int]) -> Pointer | None:
    moving = event.type == pygame.MOUSEMOTION
    if (not moving and event.button != pygame.BUTTON_LEFT) or (moving and not event.buttons[0]):
        return None  # another button, or hovering: not a press
    width, height = max(1, size[0]), max(1, size[1])
    x, y = event.pos
    return Pointer(_MOUSE[event.type], MOUSE, (x, y), _fraction(x / width), _fraction(y / height))


def translate(events: Iterable[pygame.event.Event], size: tuple[int, int]) -> list[Action]:
    """This frame's pygame events as actions, in order."""
    actions = []
    for event in events:
        action = translate_one(event, size)
        if action is not None:
            actions.append(action)
    return actions


def is_press(action: Action) -> bool:
    """A touch, a click, Enter or the front button: "yes, go on" to a child's screen."""
    if isinstance(action, Pointer):
        return action.phase is Phase.DOWN
    if isinstance(action, KeyAction):
        return action.phase is Phase.DOWN and action.key is Key.CONFIRM
    return isinstance(action, FrontButton) and not action.held
