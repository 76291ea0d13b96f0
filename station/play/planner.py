"""The difficulty engine seen through the games' ``RepPlanner`` contract.

Games think in effort (1.0 = on target); the engine plans in newtons. This adapter
converts each ``RepPlan`` to a ``RepSetup`` and remembers the plans it handed out, so
the input bridge can divide force by the right target and the recorder can turn the
game's ``RepDone`` back into newtons.

The game says how a rep went; the recorder may add what the force trace says of it
(``Measured``: the peak of the effort inside the rep and its time in the band), which
then stands for the rep, and a rep with no effort in it does not count towards fatigue.
Every rest handed out (between sets, or for fatigue) is told to the engine, which judges
fatigue again on the reps after it.

A game may ask for its next rep in the same simulation step that finished the last
one, before the station has seen that ``RepDone``. The engine cannot plan past a rep
it has no outcome for, so the planner then plans the next slot itself at the level
already reached: the staircase lags by one rep, which its convergence shrugs off.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

from games.contract import Band, RepDone, RepSetup
from station.clinic.difficulty import DifficultyEngine, RepPlan, RepRecord, band_for_level

FATIGUE_REST_S = 20.0
"""The break offered when peaks fall across a set: inside ASHT's 15-60 s between efforts."""


class PlanMismatch(RuntimeError):
    """A game reported a rep the station never handed out: a bug in that game."""


def setup_from_plan(plan: RepPlan) -> RepSetup:
    """Newtons to effort units: the band edges divided by the rep's target force."""
    low = min(1.0, plan.band_low_n / plan.target_n)
    high = max(1.0, plan.band_high_n / plan.target_n)
    return RepSetup(
        set_no=plan.set_no,
        rep_no=plan.rep_no,
        band=Band(low, high),
        hold_s=plan.hold_s,
        speed=plan.game_speed,
        rest_before_s=plan.rest_before_s,
    )


@dataclass(frozen=True, slots=True)
class Measured:
    """A rep as its force trace shows it; None where the trace has nothing better to say."""

    peak_n: float | None
    """The highest peak of the efforts inside the rep; None: the child made none."""
    time_in_band_s: float | None = None
    """Their time inside the rep's band; None keeps the game's (a moving band, say)."""


@dataclass(frozen=True, slots=True)
class RepOutcome:
    """A finished rep in newtons, with the plan it was played at."""

    plan: RepPlan
    record: RepRecord
    time_in_band_s: float
    tracking_rmse_n: float | None


class EnginePlanner:
    """``games.contract.RepPlanner`` over one ``DifficultyEngine``."""

    def __init__(self, engine: DifficultyEngine) -> None:
        self.engine = engine
        self._pending: deque[RepPlan] = deque()
        self._current: RepPlan | None = engine.next_rep()
        self._reps_done = 0

    @property
    def reps_total(self) -> int:
        return self.engine.exercise.reps * self.engine.exercise.sets

    @property
    def reps_done(self) -> int:
        return self._reps_done

    @property
    def current(self) -> RepPlan | None:
        """The rep being played, else the last one handed out (or the first to come).

        Between reps the bridge keeps normalising by this target, so the character still
        follows the child's squeeze during rests and after the last rep.
        """
        return self._current

    @property
    def playing(self) -> RepPlan | None:
        """The oldest rep handed out and not yet done: the one the game is playing (the
        game may already hold the next)."""
        return self._pending[0] if self._pending else None

    @property
    def target_n(self) -> float | None:
        return None if self._current is None else self._current.target_n

    @property
    def band(self) -> Band | None:
        """The current rep's band in effort units (for the autoplay bot's aim)."""
        return None if self._current is None else setup_from_plan(self._current).band

    def next_rep(self) -> RepSetup | None:
        plan = self._plan_next()
        if plan is None:
            return None
        if plan.suggest_rest:
            plan = replace(plan, rest_before_s=max(plan.rest_before_s, FATIGUE_REST_S))
        if plan.rest_before_s > 0:
            self.engine.rested()
        self._pending.append(plan)
        self._current = plan
        return setup_from_plan(plan)

    def rep_done(self, done: RepDone, measured: Measured | None = None) -> RepOutcome:
        """Feed the engine the game's result in newtons, or what ``measured`` found."""
        if not self._pending:
            raise PlanMismatch(
                f"the game finished set {done.set_no} rep {done.rep_no} without asking for it"
            )
        plan = self._pending.popleft()
        if (done.set_no, done.rep_no) != (plan.set_no, plan.rep_no):
            raise PlanMismatch(
                f"the game finished set {done.set_no} rep {done.rep_no}, but set "
                f"{plan.set_no} rep {plan.rep_no} was the one asked for"
            )
        peak_n = done.peak_effort * plan.target_n
        in_band_s = done.time_in_band_s
        squeezed = True
        if measured is not None:
            squeezed = measured.peak_n is not None
            peak_n = peak_n if measured.peak_n is None else measured.peak_n
            if measured.time_in_band_s is not None:
                in_band_s = measured.time_in_band_s
        record = self.engine.record(peak_n, done.success, squeezed=squeezed)
        self._reps_done += 1
        rmse = None if done.tracking_rmse is None else done.tracking_rmse * plan.target_n
        return RepOutcome(
            plan,
            RepRecord(plan.target_n, record.peak_n, record.success, plan.level),
            in_band_s,
            rmse,
        )

    def _plan_next(self) -> RepPlan | None:
        plan = self.engine.next_rep()
        for _ in self._pending:
            if plan is None:
                return None
            plan = self._slot_after(plan)
        return plan

    def _slot_after(self, plan: RepPlan) -> RepPlan | None:
        """The rep after ``plan`` at the engine's present level and fatigue judgement (its
        outcome is not in): a game that always asks ahead still gets its fatigue rests."""
        exercise = self.engine.exercise
        set_no, rep_no = plan.set_no, plan.rep_no + 1
        if rep_no > exercise.reps:
            set_no, rep_no = set_no + 1, 1
        if set_no > exercise.sets:
            return None
        level = self.engine.level
        band = band_for_level(
            level,
            self.engine.logged_max_n,
            exercise,
            limits=self.engine.limits,
            settings=self.engine.settings,
            resting_n=self.engine.resting_n,
        )
        return RepPlan(
            set_no=set_no,
            rep_no=rep_no,
            target_n=band.target_n,
            band_low_n=band.low_n,
            band_high_n=band.high_n,
            hold_s=exercise.hold_s,
            game_speed=band.game_speed,
            level=level,
            rest_before_s=exercise.rest_s if rep_no == 1 and set_no > 1 else 0.0,
            suggest_rest=plan.suggest_rest,
        )
