"""One play of one game: the maximum it plays against, the planner, the input, the record.

The app polls the sensors once a frame and hands the ``Reading`` to ``game_input``;
that is the whole path of a force sample from the pipeline to the character: this
frame's force divided by the current rep's target. The game's events come back
through ``handle``. No screen is made here: the game's scene comes from the registry,
so a test can drive a whole play with a fake clock and no window.

A child with an assessed maximum goes straight to the game. A guest, or a child never
tested on this sensor, first gives one quick hard squeeze (``QuickMax``) that sets the
maximum for this visit only; a profiled child's reps are still stored then (they are
real forces).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from games.contract import GameEvent, GameInput, GameOver
from games.kit.scene import Scene
from games.registry import GameInfo
from station.clinic.difficulty import DifficultyEngine, PlayedRep, guest_exercise
from station.clinic.exercise import NO_LIMITS, Exercise, ForceLimits, InvalidExercise
from station.clinic.quick_max import QuickMax
from station.play.autoplay import AutoPlayer
from station.play.effort import Reading, effort_input
from station.play.planner import EnginePlanner
from station.play.recorder import SessionRecorder
from station.play.store import PainReport, RepContext, VisitStore

_log = logging.getLogger(__name__)

QUICK_MAX_SCALE_OF_CAPACITY = 1 / 3
"""The quick-max character is at its biggest at a third of the cell's capacity."""
QUICK_MAX_S = 3.0


@dataclass(frozen=True)
class PlaySetup:
    """What the therapist prescribed for this play and what the record says of the child."""

    exercise: Exercise
    capacity_n: float
    logged_max_n: float | None
    """The assessed maximum; None asks for a quick squeeze first (unless ``quick_max_n``)."""
    quick_max_n: float | None = None
    """A quick squeeze earlier in this visit, on this sensor: not asked twice."""
    recent_reps: tuple[PlayedRep, ...] = ()
    limits: ForceLimits = NO_LIMITS
    personal_best: int | None = None
    """The score to beat; None for a guest with nothing to beat (no trophy)."""
    exercise_id: int | None = None


class Play:
    """Drives one game from one sensor, from the quick max (if any) to the game's end."""

    def __init__(
        self,
        game: GameInfo,
        setup: PlaySetup,
        *,
        store: VisitStore | None = None,
        rng_seed: int = 0,
        autoplayer: AutoPlayer | None = None,
    ) -> None:
        if setup.exercise.sensor != game.sensor:
            raise ValueError(
                f"{game.title} is played on the {game.sensor} sensor, "
                f"not the {setup.exercise.sensor} sensor"
            )
        self.game = game
        self.setup = setup
        self.store = store
        self.rng_seed = rng_seed
        self.autoplayer = autoplayer
        self.planner: EnginePlanner | None = None
        self.recorder: SessionRecorder | None = None
        known = setup.logged_max_n is not None or setup.quick_max_n is not None
        self.quick = None if known else QuickMax(game.sensor, QUICK_MAX_S)
        self._quick_scale_n = setup.capacity_n * QUICK_MAX_SCALE_OF_CAPACITY
        self.last_force_n: float | None = None

    @property
    def sensor(self) -> str:
        return self.game.sensor

    @property
    def maximum_n(self) -> float | None:
        """The maximum this play plays against, once known."""
        return None if self.planner is None else self.planner.engine.logged_max_n

    @property
    def game_over(self) -> GameOver | None:
        return None if self.recorder is None else self.recorder.game_over

    @property
    def target_n(self) -> float:
        """The force that reads as effort 1.0 now: the rep's target, or the quick-max scale."""
        if self.planner is None or self.planner.target_n is None:
            return self._quick_scale_n
        return self.planner.target_n

    def game_input(self, reading: Reading, wanted: float | None = None) -> GameInput:
        """This frame's input for the scene on top; ``wanted`` is that scene's wish (bot)."""
        if self.autoplayer is not None:
            band = None if self.planner is None else self.planner.band
            self.autoplayer.step(reading.now_ns, wanted, self.target_n, band)
        frames = reading.frames_of(self.sensor)
        self.last_force_n = reading.force_n(self.sensor)
        if self.recorder is not None:
            self.recorder.frames(frames)
        elif self.quick is not None:
            self.quick.feed(frames)
        return effort_input(reading.latest.get(self.sensor), self.target_n)

    @property
    def quick_done(self) -> bool:
        return self.quick is not None and self.quick.done and self.planner is None

    def start_game(self) -> Scene:
        """The game's play scene, planned against the assessed or quick maximum."""
        maximum = self.setup.logged_max_n or self.setup.quick_max_n
        if maximum is None:
            if self.quick is None or not self.quick.done:
                raise RuntimeError("the game starts after the quick squeeze")
            maximum = self.quick.maximum_n
        engine = self._engine(maximum)
        self.planner = EnginePlanner(engine)
        exercise = engine.exercise
        context = RepContext(self.sensor, exercise.hand, self.game.key, self.setup.exercise_id)
        self.recorder = SessionRecorder(
            self.planner, self.store, context, logged_max_n=self.setup.logged_max_n
        )
        return self.game.make_scene(self.planner, self.rng_seed, self.setup.personal_best)

    def handle(self, events: list[GameEvent]) -> None:
        if self.recorder is not None:
            self.recorder.handle(events)

    def pain_report(self, scene: str) -> PainReport:
        exercise = self.setup.exercise
        return PainReport(
            scene=scene,
            game=self.game.key,
            sensor=self.sensor,
            hand=exercise.hand,
            exercise_id=self.setup.exercise_id,
            last_force_n=self.last_force_n,
        )

    def _engine(self, maximum_n: float) -> DifficultyEngine:
        setup = self.setup
        try:
            return DifficultyEngine(
                maximum_n,
                setup.exercise,
                setup.recent_reps,
                capacity_n=setup.capacity_n,
                limits=setup.limits,
            )
        except InvalidExercise as error:
            # A target in newtons above today's quick squeeze, say: play the gentle
            # default rather than stop a child in front of the screen.
            _log.warning("playing the default exercise: %s", error)
            fallback = replace(guest_exercise(self.sensor), hand=setup.exercise.hand)
            return DifficultyEngine(maximum_n, fallback, capacity_n=setup.capacity_n)
