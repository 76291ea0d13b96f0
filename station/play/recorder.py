"""The game's events turned into the session record: the engine, SQLite, the retest flag.

Each ``RepDone`` moves the difficulty staircase and, for a child with a profile, is
queued for a commit of its own with its force trace (a box that loses power keeps
every finished rep). ``GameOver`` stores the score. A guest's reps move the staircase
of that play and are stored nowhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from games.contract import GameEvent, GameOver, RepDone, RepStarted
from hardware import ForceFrame
from station.clinic.assessment import RetestFlag, check_in_game_peak
from station.play.planner import EnginePlanner, RepOutcome
from station.play.store import RepContext, VisitStore
from station.storage import Trace


class SessionRecorder:
    """Consumes one game's events; ``store`` is None for a guest."""

    def __init__(
        self,
        planner: EnginePlanner,
        store: VisitStore | None,
        context: RepContext,
        *,
        logged_max_n: float | None,
    ) -> None:
        self.planner = planner
        self.store = store
        self.context = context
        self.logged_max_n = logged_max_n
        """The assessed maximum the retest flag compares with; None for a quick max."""
        self.outcomes: list[RepOutcome] = []
        self.game_over: GameOver | None = None
        self._latest: tuple[ForceFrame, ...] = ()
        self._trace: list[ForceFrame] | None = None

    def frames(self, frames: Iterable[ForceFrame]) -> None:
        """This displayed frame's new force frames, given before its events."""
        self._latest = tuple(frames)
        if self._trace is not None:
            self._trace.extend(self._latest)

    def handle(self, events: Iterable[GameEvent]) -> None:
        for event in events:
            if isinstance(event, RepStarted):
                self._trace = list(self._latest)
            elif isinstance(event, RepDone):
                self._rep_done(event)
            elif isinstance(event, GameOver) and self.game_over is None:
                self.game_over = event
                if self.store is not None:
                    self.store.score(event, self.context.game)

    @property
    def successes(self) -> int:
        return sum(o.record.success for o in self.outcomes)

    @property
    def success_rate(self) -> float | None:
        return self.successes / len(self.outcomes) if self.outcomes else None

    @property
    def best_peak_n(self) -> float | None:
        return max((o.record.peak_n for o in self.outcomes), default=None)

    @property
    def retest(self) -> RetestFlag | None:
        """Set when an in-game peak passed the assessed maximum by more than 10%."""
        best = self.best_peak_n
        if self.logged_max_n is None or best is None:
            return None
        flag = check_in_game_peak(self.logged_max_n, best)
        return flag if flag.retest_suggested else None

    def _rep_done(self, event: RepDone) -> None:
        outcome = self.planner.rep_done(event)
        self.outcomes.append(outcome)
        frames = [f for f in self._trace or [] if math.isfinite(f.raw_n)]
        self._trace = None
        if self.store is not None:
            origin = frames[0].t_ns if frames else 0
            trace = Trace(
                tuple((f.t_ns - origin) / 1e9 for f in frames),
                tuple(f.raw_n for f in frames),
            )
            self.store.record(outcome, trace, self.context)
