"""Rocket launch: the endurance (support grip) game.

Hold the squeeze inside the band while the rocket's tank fills and a big ring counts
the seconds down; a full tank launches the rocket into a starry sky.
"""

from __future__ import annotations

from games.registry import GameInfo
from games.rocket.scene import RocketScene

GAME = GameInfo(key="rocket", title="Rocket Launch", sensor="grip", make_scene=RocketScene)
