"""What every screen of the app can reach: the records, this frame's forces, the visit.

Screens never open the database or the sensors themselves; they ask this context,
which the app builds once. Reads run on the frame thread (they are small and happen
between scenes); every write goes through a writer thread (a visit's, or one for a
guest's pain stop), and an ended visit's writer finishes on its own (``saves``), so no
frame waits for the database, not even through another program's lock.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlite_utils import Database

from games.registry import GameInfo
from hardware import SensorSetup, VirtualHand
from station.clinic.difficulty import guest_exercise
from station.clinic.exercise import Exercise
from station.play.autoplay import AutoPlayer
from station.play.effort import Reading
from station.play.session import Play, PlaySetup
from station.play.store import BackgroundSaves, PainReport, VisitStore, write_pain_stop
from station.play.visit import (
    Exercising,
    Step,
    Visit,
    VisitSettings,
    games_fitted,
    plan_visit,
)
from station.storage import (
    DatabaseError,
    HandResult,
    Player,
    current_program,
    latest_results,
    list_players,
    logged_max,
    personal_best,
    player_history,
    recent_reps,
)
from station.storage.writer import DatabaseWriter

_log = logging.getLogger(__name__)

RECENT_REPS = 50
"""Enough reps for the staircase to pick up where the last sessions left it."""


@dataclass
class PlayContext:
    """The app's one context; ``reading`` is replaced every frame by the app shell."""

    db: Database
    db_path: Path
    capacities: Mapping[str, float]
    """Fitted sensors and their load cells' capacity in newtons."""
    settings: VisitSettings = field(default_factory=VisitSettings)
    hands: Mapping[str, VirtualHand] | None = None
    """The simulated hands, when the sensors are simulated (the bot squeezes them)."""
    sensor_setup: SensorSetup | None = None
    """The started sensors (the shell's): what calibration and the max-force test ask of them."""
    autoplay: bool = False
    """The bot plays whole visits: it chooses on every screen and squeezes the hands."""
    autoplay_player: Player | None = None
    """Who the bot plays as; None: a guest."""
    rng: random.Random = field(default_factory=random.Random)
    reading: Reading = field(default_factory=Reading)
    wall_clock: Callable[[], float] = time.time
    """Seconds since the epoch, for what must survive a restart (the PIN lock)."""
    visit: Visit | None = None
    last_visit: Visit | None = None
    """The visit that ended last, for a summary on the terminal."""
    visits_done: int = 0
    guest_bests: dict[str, int] = field(default_factory=dict)
    """Today's best guest score per game, in memory only: a guest's trophy beats it."""
    saves: BackgroundSaves = field(default_factory=BackgroundSaves)
    """Ended visits (and guests' pain stops) still being written."""
    _results: list[HandResult] = field(default_factory=list)

    @property
    def fitted(self) -> tuple[str, ...]:
        return tuple(self.capacities)

    @property
    def games(self) -> list[GameInfo]:
        return games_fitted(self.fitted)

    @property
    def play(self) -> Play | None:
        return None if self.visit is None else self.visit.play

    def players(self) -> list[Player]:
        """The children shown on the who-is-playing screen (archived ones are not).

        A damaged row is left out and logged: the other children still find themselves,
        and ``grip-station players list`` names the damage for the therapist.
        """
        damaged: list[DatabaseError] = []
        players = list_players(self.db, damaged=damaged)
        for error in damaged:
            _log.error("a player is not shown: %s", error)
        return players

    # -- a visit ------------------------------------------------------------------------

    def begin_visit(self, player: Player | None, steps: tuple[Step, ...] | None = None) -> Visit:
        """Plan the visit of ``player`` (None: a guest) and open its store.

        ``steps`` replaces the planned visit (``grip-station play`` plays one game).
        """
        self.end_visit()
        if player is None:
            self.visit = Visit(None, steps or plan_visit((), self.settings, self.fitted))
            self._results = []
            return self.visit
        stored = current_program(self.db, player.id)
        exercises = (
            ()
            if stored is None
            else tuple(zip(stored.program.exercises, stored.exercise_ids, strict=True))
        )
        history = [s for s in player_history(self.db, player.id) if s.reps]
        self._results = latest_results(self.db, player.id)
        store = VisitStore(
            DatabaseWriter(self.db_path), player.id, None if stored is None else stored.id
        )
        self.visit = Visit(
            player,
            steps or plan_visit(exercises, self.settings, self.fitted),
            store,
            previous_success_rate=history[-1].success_rate if history else None,
        )
        return self.visit

    def start_play(self, game: GameInfo, step: Exercising | None = None) -> Play:
        """Begin ``game`` (a program's step, or a game picked with no program)."""
        visit = self._visit()
        exercise = step.exercise if step is not None else self._free_exercise(game)
        play = Play(
            game,
            self._setup(game, exercise, None if step is None else step.exercise_id),
            store=visit.store,
            rng_seed=self.rng.randrange(1 << 30),
            autoplayer=self._bot(game.sensor),
        )
        visit.begin(play)
        return play

    def finish_play(self) -> None:
        visit = self._visit()
        play = visit.play
        visit.finish_play()
        over = None if play is None else play.game_over
        if visit.guest and over is not None and play is not None:
            key = play.game.key
            self.guest_bests[key] = max(over.score, self.guest_bests.get(key, 0))

    def end_visit(self) -> None:
        """Save what was done (an idle child, an ended visit) and forget the visit.

        Never waits for the database: the visit's writer finishes in the background.
        """
        visit, self.visit = self.visit, None
        self.saves.collect()
        if visit is None:
            return
        self.last_visit = visit
        visit.hand_over(self.saves, _log_visit_failures)

    def close(self) -> None:
        """The app is stopping: end the visit and wait (boundedly) until all is saved."""
        self.end_visit()
        self.saves.wait()

    def pain_stop(self, scene: str) -> None:
        """Record an Ouch/Stop press at once, then end the visit (nothing more is asked)."""
        visit = self.visit
        play = self.play
        report = play.pain_report(scene) if play is not None else PainReport(scene)
        if visit is not None and visit.store is not None:
            visit.store.pain_stop(report)
        else:
            writer = DatabaseWriter(self.db_path)
            writer.submit(lambda db: write_pain_stop(db, None, report))
            self.saves.add(writer, _log_guest_failures)
        self.end_visit()

    # -- what a play needs ------------------------------------------------------------

    def _visit(self) -> Visit:
        if self.visit is None:
            raise RuntimeError("no visit is under way")
        return self.visit

    def _free_exercise(self, game: GameInfo) -> Exercise:
        visit = self._visit()
        exercise = guest_exercise(game.sensor)
        if visit.player is not None:
            exercise = replace(exercise, hand=visit.player.dominant_hand)
        return exercise

    def _setup(self, game: GameInfo, exercise: Exercise, exercise_id: int | None) -> PlaySetup:
        visit = self._visit()
        capacity = self.capacities[game.sensor]
        quick = visit.quick_max_n.get(game.sensor)
        player = visit.player
        if player is None:
            return PlaySetup(
                exercise,
                capacity,
                logged_max_n=None,
                quick_max_n=quick,
                personal_best=self.guest_bests.get(game.key),
            )
        result = logged_max(self._results, exercise.sensor, exercise.hand, exercise.pinch_type)
        if game.key not in visit.bests:
            visit.bests[game.key] = personal_best(self.db, player.id, game.key) or 0
        stored = current_program(self.db, player.id)
        recent = recent_reps(
            self.db, player.id, sensor=exercise.sensor, hand=exercise.hand, limit=RECENT_REPS
        )
        return PlaySetup(
            exercise,
            capacity,
            logged_max_n=None if result is None else result.best_n,
            quick_max_n=quick,
            recent_reps=tuple(recent),
            limits=stored.program.limits if stored is not None else PlaySetup.limits,
            personal_best=visit.bests[game.key],
            exercise_id=exercise_id,
        )

    def _bot(self, sensor: str) -> AutoPlayer | None:
        if not self.autoplay or self.hands is None or sensor not in self.hands:
            return None
        return AutoPlayer(self.hands[sensor], random.Random(self.rng.randrange(1 << 30)))


def _log_visit_failures(failures: list[str]) -> None:
    for failure in failures:
        _log.error("a write of the visit failed: %s", failure)


def _log_guest_failures(failures: list[str]) -> None:
    for failure in failures:
        _log.error("a guest's pain stop could not be saved: %s", failure)
