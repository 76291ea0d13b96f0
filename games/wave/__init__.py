"""Wave: pressure grading. A clownfish follows a path that swells between a light and a
strong squeeze, painting pale where the child presses lightly and deep where hard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from games.registry import GameInfo

if TYPE_CHECKING:
    from games.contract import RepPlanner
    from games.kit.scene import Scene


def _make_scene(planner: RepPlanner, rng_seed: int, personal_best: int | None) -> Scene:
    from games.wave.scene import WaveScene  # noqa: PLC0415 - pygame only when played

    return WaveScene(planner, rng_seed, personal_best)


GAME = GameInfo(key="wave", title="Paint Fish", sensor="grip", make_scene=_make_scene)
