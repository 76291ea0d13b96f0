"""The one translator from keys, mouse and touch to the simulated hands' squeeze.

Without load cells a laptop still plays: Space holds the squeeze bulb and P the pinch
sensor, and a press on the screen squeezes too, harder the higher it lands. Where a
press goes depends on the screen: in a game every press squeezes that game's sensor;
in the live view the left half is the bulb and the right half the pinch sensor; on a
menu a press is a tap and squeezes nothing (the keys still do).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from games.kit.actions import Action, FocusLost, Key, KeyAction, Phase, Pointer
from hardware import GRIP, PINCH, VirtualHand
from station.play.virtual_input import VirtualInput

_KEY_SENSORS = {Key.SQUEEZE_GRIP: GRIP, Key.SQUEEZE_PINCH: PINCH}
_SIDE_OF = {GRIP: 0.25, PINCH: 0.75}
"""VirtualInput picks the hand by screen half; a game's presses all land on its sensor's."""


class Presses(Enum):
    """What a press on the screen does to the simulated hands."""

    TAP = "tap"
    """Nothing: the press is a tap on a menu."""
    BY_SIDE = "side"
    """The half of the screen it lands on picks the hand."""


class VirtualSqueeze:
    """Feeds ``VirtualInput`` from this frame's actions."""

    def __init__(self, hands: Mapping[str, VirtualHand]) -> None:
        self.input = VirtualInput(hands)

    def handle(self, action: Action, presses: Presses | str) -> bool:
        """Apply ``action``; True when it squeezed (so it is not also a tap)."""
        if isinstance(action, KeyAction) and action.key in _KEY_SENSORS:
            sensor = _KEY_SENSORS[action.key]
            (self.input.key_down if action.phase is Phase.DOWN else self.input.key_up)(sensor)
            return True
        if isinstance(action, FocusLost):
            self.input.release_all()
            return False
        if not isinstance(action, Pointer):
            return False
        if action.phase is Phase.UP:  # always: the press may have begun on another screen
            held = self.input.held_pointers
            self.input.pointer_up(action.pointer)
            return self.input.held_pointers < held
        if presses is Presses.TAP:
            return False
        if action.phase is Phase.DOWN:
            x = action.fx if presses is Presses.BY_SIDE else _SIDE_OF.get(str(presses), 0.25)
            self.input.pointer_down(action.pointer, x, action.fy)
        else:
            self.input.pointer_move(action.pointer, action.fy)
        return True

    def release_all(self) -> None:
        self.input.release_all()
