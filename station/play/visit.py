"""A child's visit as a list of steps, and what the visit has gathered so far.

attract -> who -> warm-up -> the program's exercises with rests between them (or, with
no program, the game picker) -> cool-down -> results -> attract. The plan is pure: it
is made from the program and the sensors that are fitted, so a test can check the order
without a screen. ``Visit`` keeps the plays as they finish, for the results screen.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from games.contract import stars_for
from games.registry import GameInfo, UnknownGameError, all_games, get_game
from hardware import PINCH
from station.clinic.exercise import Exercise, InvalidExercise
from station.play.session import Play
from station.play.store import BackgroundSaves, VisitStore
from station.storage import HandResult, Player, logged_max

ENDURANCE_HOLD_S = 5.0
"""Holds this long or longer train support grip: the rocket's long burn suits them."""


@dataclass(frozen=True, slots=True)
class VisitSettings:
    """How long the warm-up and cool-down last (0 skips them) and when idle ends a visit."""

    warmup_s: float = 120.0
    cooldown_s: float = 150.0
    idle_s: float = 90.0

    def __post_init__(self) -> None:
        for what, value, high in (
            ("warm-up", self.warmup_s, 600.0),
            ("cool-down", self.cooldown_s, 600.0),
            ("idle timeout", self.idle_s, 3600.0),
        ):
            if not 0 <= value <= high:
                raise ValueError(f"the {what} lasts 0 to {high:g} s, not {value!r}")
        if self.idle_s < 10:
            raise ValueError(
                f"an idle timeout under 10 s ends visits mid-thought ({self.idle_s} s)"
            )


@dataclass(frozen=True, slots=True)
class WarmUp:
    seconds: float


@dataclass(frozen=True, slots=True)
class CoolDown:
    seconds: float


@dataclass(frozen=True, slots=True)
class Exercising:
    """One exercise of the program, played with one game."""

    game: GameInfo
    exercise: Exercise
    exercise_id: int | None


@dataclass(frozen=True, slots=True)
class Rest:
    seconds: float


@dataclass(frozen=True, slots=True)
class Picker:
    """No program: the child picks a game, as often as they like, then "done"."""


@dataclass(frozen=True, slots=True)
class Results:
    pass


Step = WarmUp | CoolDown | Exercising | Rest | Picker | Results


def game_for(exercise: Exercise) -> GameInfo:
    """The exercise's game, or the one that trains its grip best; refuses a mismatch."""
    if exercise.game is not None:
        try:
            game = get_game(exercise.game)
        except UnknownGameError as error:
            raise InvalidExercise(f"{error}.") from None
        if game.sensor != exercise.sensor:
            raise InvalidExercise(
                f"{game.title} is played on the {game.sensor} sensor, "
                f"not with a {exercise.sensor} exercise."
            )
        return game
    if exercise.sensor == PINCH:
        return get_game("crab")
    return get_game("rocket" if exercise.hold_s >= ENDURANCE_HOLD_S else "balloon")


def check_for_station(
    exercise: Exercise, capacities: Mapping[str, float], results: Sequence[HandResult]
) -> float | None:
    """Refuse what this station or this child cannot meet, wherever a program is set.

    The sensor must be fitted, the game must be played on it, and the target must lie
    within the load cell and the child's logged maximum. Returns that maximum (None: the
    child has no test on this sensor and hand yet).
    """
    if exercise.sensor not in capacities:
        raise InvalidExercise(f"This station's config has no {exercise.sensor} sensor fitted.")
    game_for(exercise)
    result = logged_max(results, exercise.sensor, exercise.hand, exercise.pinch_type)
    best = None if result is None or not result.best_n > 0 else result.best_n
    exercise.check_reachable(capacity_n=capacities[exercise.sensor], logged_max_n=best)
    return best


def program_exercise(
    program: Sequence[tuple[Exercise, int | None]], game: GameInfo
) -> tuple[Exercise, int | None] | None:
    """The program's exercise that ``game`` plays: the first naming it, else the first on
    its sensor that names no other game."""
    named = [(e, i) for e, i in program if e.game == game.key]
    free = [(e, i) for e, i in program if e.game is None and e.sensor == game.sensor]
    return (named or free or [None])[0]


def games_fitted(fitted: Collection[str]) -> list[GameInfo]:
    """The games this station can offer: those whose sensor is fitted."""
    return [game for game in all_games().values() if game.sensor in fitted]


def plan_visit(
    exercises: Sequence[tuple[Exercise, int | None]],
    settings: VisitSettings,
    fitted: Collection[str],
) -> tuple[Step, ...]:
    """The visit's steps; exercises on a sensor that is not fitted are left out."""
    steps: list[Step] = []
    if settings.warmup_s > 0:
        steps.append(WarmUp(settings.warmup_s))
    playable = [(e, i) for e, i in exercises if e.sensor in fitted]
    for index, (exercise, exercise_id) in enumerate(playable):
        if index > 0 and playable[index - 1][0].rest_s > 0:
            steps.append(Rest(playable[index - 1][0].rest_s))
        steps.append(Exercising(game_for(exercise), exercise, exercise_id))
    if not playable and games_fitted(fitted):
        steps.append(Picker())
    if settings.cooldown_s > 0:
        steps.append(CoolDown(settings.cooldown_s))
    steps.append(Results())
    return tuple(steps)


@dataclass(frozen=True, slots=True)
class Comparison:
    """This visit against the child's last one, for a picture on the results screen."""

    better: bool


@dataclass
class Visit:
    """Who plays, the steps, and the plays finished so far."""

    player: Player | None
    steps: tuple[Step, ...]
    store: VisitStore | None = None
    previous_success_rate: float | None = None
    """The last visit's share of good reps, for "better than last time"; None: no last visit."""
    plays: list[Play] = field(default_factory=list)
    play: Play | None = None
    """The play under way: the app feeds it this frame's forces."""
    quick_max_n: dict[str, float] = field(default_factory=dict)
    """Maxima from a quick squeeze earlier in this visit: asked once per sensor."""
    bests: dict[str, int | None] = field(default_factory=dict)
    """The score to beat per game, updated as the visit goes."""
    position: int = 0
    save_failures: list[str] = field(default_factory=list)

    @property
    def guest(self) -> bool:
        return self.player is None

    def next_step(self) -> Step | None:
        """The step to show now; a picker stays until the child says "done"."""
        if self.position >= len(self.steps):
            return None
        return self.steps[self.position]

    def advance(self) -> None:
        self.position += 1

    def begin(self, play: Play) -> None:
        self.play = play

    def finish_play(self) -> None:
        """The play under way is over (its game ended, or the child left it)."""
        play = self.play
        if play is None:
            return
        self.play = None
        if play.recorder is not None and play.recorder.outcomes:
            self.plays.append(play)
        if play.quick is not None and play.quick.done:
            self.quick_max_n.setdefault(play.sensor, play.quick.maximum_n)
        over = play.game_over
        best = self.bests.get(play.game.key)
        if over is not None and (best is None or over.score > best) and not self.guest:
            self.bests[play.game.key] = over.score

    def hand_over(self, saves: BackgroundSaves, on_saved: Callable[[list[str]], None]) -> None:
        """End the visit; ``saves`` sees its records written, then ``on_saved`` gets the
        writes that failed (for the therapist), also kept in ``save_failures``."""
        self.finish_play()
        store, self.store = self.store, None
        if store is None:
            return

        def saved(failures: list[str]) -> None:
            self.save_failures = failures
            on_saved(failures)

        saves.add(store.finish(), saved)

    # -- the results ------------------------------------------------------------------

    @property
    def reps_done(self) -> int:
        return sum(len(p.recorder.outcomes) for p in self.plays if p.recorder is not None)

    @property
    def successes(self) -> int:
        return sum(p.recorder.successes for p in self.plays if p.recorder is not None)

    @property
    def stars(self) -> int:
        return stars_for(self.successes, self.reps_done)

    @property
    def new_personal_best(self) -> bool:
        """Did any game of this visit beat the score it had to beat?"""
        return any(
            p.game_over is not None
            and p.setup.personal_best is not None
            and p.game_over.score > p.setup.personal_best
            for p in self.plays
        )

    @property
    def comparison(self) -> Comparison | None:
        if self.previous_success_rate is None or not self.reps_done:
            return None
        return Comparison(self.successes / self.reps_done > self.previous_success_rate)
