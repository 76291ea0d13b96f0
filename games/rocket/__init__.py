"""Rocket launch: the endurance (support grip) game.

Hold the squeeze inside the band while the rocket's tank fills and a big ring counts
the seconds down; a full tank launches the rocket into a starry sky. The scene (and
pygame) is imported only when a game starts, so the rules load without a display.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from games.registry import GameInfo

if TYPE_CHECKING:
    from games.contract import RepPlanner
    from games.kit.scene import Scene


def make_scene(planner: RepPlanner, rng_seed: int, personal_best: int | None) -> Scene:
    from games.rocket.scene import RocketScene  # noqa: PLC0415 - pygame only on play

    return RocketScene(planner, rng_seed, personal_best)


GAME = GameInfo(key="rocket", title="Rocket Launch", sensor="grip", make_scene=make_scene)
