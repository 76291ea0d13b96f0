"""One play of one game: the visit's maximum, the planner, the input and the record.

The window's loop asks ``poll(now_ns)`` for each displayed frame's input and hands the
scenes' events to ``handle``; everything between the sensor and the database happens
here, so a test can drive a whole session with a fake clock and no window at all.

A child with an assessed maximum goes straight to the game. A guest, or a child never
tested on this sensor, first gives one quick hard squeeze (``QuickMax``) that sets the
maximum for this visit only; a profiled child's reps are still stored then (they are
real forces), and the command says that the targets came from a quick squeeze.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from games.contract import Band, GameEvent, GameInput, GameOver
from games.kit.scene import Scene
from games.kit.stack import SceneStack
from games.registry import GameInfo
from hardware.signal_chain import ForcePipeline
from station.clinic.difficulty import DifficultyEngine, PlayedRep, RepPlan
from station.clinic.exercise import NO_LIMITS, Exercise, ForceLimits
from station.clinic.quick_max import QuickMax
from station.play.autoplay import AutoPlayer
from station.play.effort import InputBridge
from station.play.planner import EnginePlanner, setup_from_plan
from station.play.recorder import PlayerStore, SessionRecorder
from station.screens.quick_max import QuickMaxScene

QUICK_MAX_SCALE_OF_CAPACITY = 1 / 3
"""The quick-max balloon is full at a third of the cell's capacity, as the live bars are."""
_QUICK_BAND = Band(0.8, 1.2)


@dataclass(frozen=True)
class Visit:
    """Who plays and what the therapist prescribed; ``open_store`` is None for a guest."""

    exercise: Exercise
    capacity_n: float
    logged_max_n: float | None
    """The assessed maximum; None asks for a quick squeeze first."""
    recent_reps: tuple[PlayedRep, ...] = ()
    limits: ForceLimits = NO_LIMITS
    open_store: Callable[[], PlayerStore] | None = None
    """Starts the stored session when play begins (after any quick max)."""
    personal_best: int | None = None


class GameSession:
    """Drives the scene stack of one game from one sensor."""

    def __init__(
        self,
        game: GameInfo,
        pipeline: ForcePipeline,
        visit: Visit,
        *,
        rng_seed: int = 0,
        autoplayer: AutoPlayer | None = None,
        quick_max_s: float = 3.0,
    ) -> None:
        if visit.exercise.sensor != game.sensor:
            raise ValueError(
                f"{game.title} is played on the {game.sensor} sensor, "
                f"not the {visit.exercise.sensor} sensor"
            )
        self.game = game
        self.visit = visit
        self.rng_seed = rng_seed
        self.autoplayer = autoplayer
        self.planner: EnginePlanner | None = None
        self.recorder: SessionRecorder | None = None
        self.bridge = InputBridge(pipeline, game.sensor, self._plan)
        self._quick_plan = self._display_plan(visit.capacity_n * QUICK_MAX_SCALE_OF_CAPACITY)
        self.quick: QuickMax | None = None
        if visit.logged_max_n is None:
            self.quick = QuickMax(game.sensor, quick_max_s)
            self.stack = SceneStack(QuickMaxScene(self.quick))
        else:
            self.stack = SceneStack(self._start_game(visit.logged_max_n))

    @property
    def maximum_n(self) -> float | None:
        """The maximum this visit plays against, once known."""
        return None if self.planner is None else self.planner.engine.logged_max_n

    @property
    def game_over(self) -> GameOver | None:
        return None if self.recorder is None else self.recorder.game_over

    @property
    def target_n(self) -> float:
        plan = self._plan()
        return self._quick_plan.target_n if plan is None else plan.target_n

    def poll(self, now_ns: int) -> GameInput:
        """The input for this displayed frame; the bot (if any) squeezes first."""
        if self.autoplayer is not None:
            band = None if self.planner is None else self._band()
            self.autoplayer.step(now_ns, self.stack.top.desired_effort(), self.target_n, band)
        game_input = self.bridge.poll()
        if self.recorder is not None:
            self.recorder.frames(self.bridge.new_frames)
        elif self.quick is not None:
            self.quick.feed(self.bridge.new_frames)
            if self.quick.done:
                self.stack.replace(self._start_game(self.quick.maximum_n))
        return game_input

    def handle(self, events: Iterable[GameEvent]) -> None:
        if self.recorder is not None:
            self.recorder.handle(events)

    def close(self) -> None:
        """The window is closing: end the stored session with the reps played so far."""
        if self.recorder is not None:
            self.recorder.close()

    def _plan(self) -> RepPlan | None:
        if self.planner is None:
            return self._quick_plan
        return self.planner.current

    def _band(self) -> Band | None:
        plan = self._plan()
        return None if plan is None else setup_from_plan(plan).band

    def _start_game(self, maximum_n: float) -> Scene:
        visit = self.visit
        engine = DifficultyEngine(
            maximum_n,
            visit.exercise,
            visit.recent_reps,
            capacity_n=visit.capacity_n,
            limits=visit.limits,
        )
        self.planner = EnginePlanner(engine)
        store = None if visit.open_store is None else visit.open_store()
        assessed = visit.logged_max_n
        self.recorder = SessionRecorder(self.planner, store, logged_max_n=assessed)
        return self.game.make_scene(self.planner, self.rng_seed, visit.personal_best)

    @staticmethod
    def _display_plan(scale_n: float) -> RepPlan:
        """A stand-in plan for the quick max: effort is force over the balloon's scale."""
        low, high = _QUICK_BAND.low * scale_n, _QUICK_BAND.high * scale_n
        return RepPlan(1, 1, scale_n, low, high, 0.0, 1.0, 0.5, 0.0, False)
