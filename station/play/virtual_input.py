"""Held keys, mouse buttons and fingers turned into levels for the virtual hands.

Several things can hold one hand at once (Space and a finger, two fingers): the hand
follows the strongest of them and lets go only when the last one is released, so
lifting one finger never drops a squeeze another is still making. Pointers come in
window fractions: the left half squeezes the grip hand and the right half the pinch
hand, as the live view lays out its panels, and the press height sets the level.
Nothing here knows pygame; the screen translates its events into these calls.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

from hardware import GRIP, PINCH, VirtualHand

EDGE_MARGIN = 0.05
"""A finger cannot press the very edge of a screen in a bezel, so the top and bottom
5% of the height already count as full force and as none."""

_KEY = "key"


def level_at(y: float) -> float:
    """The squeeze level for a press at height ``y`` (0 = top of the window, 1 = bottom)."""
    span = 1.0 - 2 * EDGE_MARGIN
    return min(1.0, max(0.0, (1.0 - EDGE_MARGIN - y) / span))


class VirtualInput:
    """The input side of the virtual squeeze: who holds which hand, and how hard."""

    def __init__(self, hands: Mapping[str, VirtualHand]) -> None:
        self.hands = dict(hands)
        self._holds: dict[str, dict[Hashable, float]] = {name: {} for name in self.hands}
        self._pointers: dict[Hashable, str] = {}

    @property
    def held_pointers(self) -> int:
        """Mice and fingers currently pressing: one per touch, however SDL reports it."""
        return len(self._pointers)

    def level(self, sensor: str) -> float:
        """The level the sensor's hand is asked for; 0 for a sensor with no hand."""
        hand = self.hands.get(sensor)
        return hand.level if hand is not None else 0.0

    def key_down(self, sensor: str) -> None:
        self._hold(sensor, _KEY, 1.0)

    def key_up(self, sensor: str) -> None:
        self._let_go(sensor, _KEY)

    def pointer_down(self, pointer: Hashable, x: float, y: float) -> None:
        """A press at window fractions ``x``, ``y``; the side it lands on picks the hand."""
        if not (math.isfinite(x) and math.isfinite(y)):
            return
        self.pointer_up(pointer)
        sensor = GRIP if x < 0.5 else PINCH
        if sensor in self.hands:
            self._pointers[pointer] = sensor
            self._hold(sensor, pointer, level_at(y))

    def pointer_move(self, pointer: Hashable, y: float) -> None:
        """A held pointer slid to height ``y``: it keeps its hand even across the middle."""
        sensor = self._pointers.get(pointer)
        if sensor is not None and math.isfinite(y):
            self._hold(sensor, pointer, level_at(y))

    def pointer_up(self, pointer: Hashable) -> None:
        sensor = self._pointers.pop(pointer, None)
        if sensor is not None:
            self._let_go(sensor, pointer)

    def release_all(self) -> None:
        """Let every hand go: the window lost focus and the key-up events will not come."""
        self._pointers.clear()
        for sensor, holds in self._holds.items():
            holds.clear()
            self.hands[sensor].release()

    def forces(self, now_ns: int) -> dict[str, float]:
        """Each hand's force at ``now_ns``; the caller must be the hands' only reader."""
        return {sensor: hand.force_n(now_ns) for sensor, hand in self.hands.items()}

    def _hold(self, sensor: str, holder: Hashable, level: float) -> None:
        holds = self._holds.get(sensor)
        if holds is not None:
            holds[holder] = level
            self.hands[sensor].set_level(max(holds.values()))

    def _let_go(self, sensor: str, holder: Hashable) -> None:
        holds = self._holds.get(sensor)
        if holds is not None:
            holds.pop(holder, None)
            self.hands[sensor].set_level(max(holds.values(), default=0.0))
