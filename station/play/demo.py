"""A game that plays itself, for the attract screen: a bot squeezing a hand of its own.

The demo never reads the real sensors (nobody is squeezing them in an empty waiting
room) and stores nothing. Its hand is a private ``VirtualHand`` whose force goes
straight to effort, so the demo looks exactly like a child playing at about 70%
success, and the real sensors stay free to notice the first squeeze of a visitor.
"""

from __future__ import annotations

import random

from games.contract import GameInput, GameOver, RepDone
from games.kit.scene import Scene
from games.registry import GameInfo
from hardware import VirtualHand
from station.clinic.difficulty import DifficultyEngine, guest_exercise
from station.play.autoplay import AutoPlayer
from station.play.planner import EnginePlanner

DEMO_MAX_N = 100.0
"""The demo child's maximum; any value works, since the game sees only effort."""


class Demo:
    """One game played by the bot, on its own clock."""

    def __init__(self, game: GameInfo, seed: int) -> None:
        exercise = guest_exercise(game.sensor)
        engine = DifficultyEngine(DEMO_MAX_N, exercise, capacity_n=DEMO_MAX_N * 3)
        self.game = game
        self.planner = EnginePlanner(engine)
        self.hand = VirtualHand(DEMO_MAX_N * 0.8, seed=seed)
        self.bot = AutoPlayer(self.hand, random.Random(seed))
        self.scene: Scene = game.make_scene(self.planner, seed, None)
        self.t_ns = 0
        self.over = False

    def update(self, dt_ns: int) -> None:
        self.t_ns += dt_ns
        target_n = self.planner.target_n or DEMO_MAX_N
        self.bot.step(self.t_ns, self.scene.desired_effort(), target_n, self.planner.band)
        effort = self.hand.force_n(self.t_ns) / target_n
        for event in self.scene.update(dt_ns, GameInput(self.t_ns, effort, sensor_ok=True)):
            if isinstance(event, RepDone):
                self.planner.rep_done(event)
            elif isinstance(event, GameOver):
                self.over = True
