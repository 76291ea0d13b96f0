"""Balloon Ride: a power-grip game. Squeeze the bulb and a hot-air balloon rises through gates.

The scene (and pygame) is imported only when a game starts, so ``games.balloon.model``
stays importable, and testable, without a display.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from games.registry import GameInfo

if TYPE_CHECKING:
    from games.contract import RepPlanner
    from games.kit.scene import Scene


def make_scene(planner: RepPlanner, rng_seed: int, personal_best: int | None) -> Scene:
    from games.balloon.scene import BalloonScene  # noqa: PLC0415 - pygame only on play

    return BalloonScene(planner, rng_seed, personal_best)


GAME = GameInfo(key="balloon", title="Balloon Ride", sensor="grip", make_scene=make_scene)
