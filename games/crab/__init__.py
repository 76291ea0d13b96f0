"""Crab Catch: a pinch game. A crab carries treasures to a chest while the pinch is gentle.

The scene (and pygame) is imported only when a game starts, so ``games.crab.model`` stays
importable, and testable, without a display.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from games.registry import GameInfo

if TYPE_CHECKING:
    from games.contract import RepPlanner
    from games.kit.scene import Scene


def make_scene(planner: RepPlanner, rng_seed: int, personal_best: int | None) -> Scene:
    from games.crab.scene import CrabScene  # noqa: PLC0415 - pygame only when played

    return CrabScene(planner, rng_seed, personal_best)


GAME = GameInfo(key="crab", title="Crab Catch", sensor="pinch", make_scene=make_scene)
