"""The game's events turned into the session record: the engine, SQLite, the retest flag.

The game decides when a rep starts and ends; the force says what the hand did in it.
Every frame of the play goes through one ``EffortDetector``, so the rest level and the
size of a squeeze are known before a rep opens, and a rep's peak and time in band are
those of the efforts that peaked inside it (``Measured``). A rep with no effort keeps
the game's own numbers and does not count towards fatigue. Where the hand sits between
squeezes (``resting_n``) goes to the engine, so no band is planned at or below it.

Each ``RepDone`` moves the difficulty staircase and, for a child with a profile, is
queued for a commit of its own with its force trace (a box that loses power keeps
every finished rep). ``GameOver`` stores the score. A guest's reps move the staircase
of that play and are stored nowhere.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Iterable

from games.contract import NS_PER_S, GameEvent, GameOver, RepDone, RepStarted
from hardware import Effort, EffortDetector, ForceFrame
from station.clinic.assessment import RetestFlag, check_in_game_peak
from station.play.planner import EnginePlanner, Measured, RepOutcome
from station.play.store import RepContext, VisitStore
from station.storage import Trace

LEAST_RISE_OF_TARGET = 0.1
"""A rise under a tenth of the first rep's target is a wobble of the hand, not an effort."""
RESTS_REMEMBERED = 3
"""The resting force is the median level the last few efforts rose from."""


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
        scale_n = planner.target_n or 1.0
        self._detector = EffortDetector(scale_n, min_rise_n=LEAST_RISE_OF_TARGET * scale_n)
        self._efforts: list[Effort] = []
        """Efforts ended since the rep under way started (or since the last rep ended)."""
        self._rep_start_s: float | None = None
        self._rests: deque[float] = deque(maxlen=RESTS_REMEMBERED)

    def frames(self, frames: Iterable[ForceFrame]) -> None:
        """This displayed frame's new force frames, given before its events."""
        self._latest = tuple(frames)
        if self._trace is not None:
            self._trace.extend(self._latest)
        for frame in self._latest:
            ended = self._detector.push(frame.t_ns / NS_PER_S, frame.raw_n)
            if ended is not None:
                self._efforts.append(ended)
                self._rests.append(ended.rest_n)
        self.planner.engine.resting_n = self.resting_n

    def handle(self, events: Iterable[GameEvent]) -> None:
        for event in events:
            if isinstance(event, RepStarted):
                self._trace = list(self._latest)
                self._rep_started(event)
            elif isinstance(event, RepDone):
                self._rep_done(event)
            elif isinstance(event, GameOver) and self.game_over is None:
                self.game_over = event
                if self.store is not None:
                    self.store.score(event, self.context.game)

    @property
    def resting_n(self) -> float:
        """Where the hand sits between squeezes: the median level the last few efforts rose
        from (a dip between graded squeezes counts), or the rest level before any."""
        rest = statistics.median(self._rests) if self._rests else self._detector.rest_n
        return 0.0 if rest is None else max(0.0, rest)

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

    def _rep_started(self, event: RepStarted) -> None:
        self._rep_start_s = event.t_ns / NS_PER_S
        self._efforts = [e for e in self._efforts if e.peak_s >= self._rep_start_s]
        plan = self.planner.playing
        if plan is not None and (plan.set_no, plan.rep_no) == (event.set_no, event.rep_no):
            self._detector.target = (plan.band_low_n, plan.band_high_n)

    def _measured(self, event: RepDone) -> Measured:
        """The efforts that peaked between the rep's start and its end (the one under way
        included); a game with a moving band (``tracking_rmse``) keeps its time in band."""
        start_s = event.t_ns / NS_PER_S if self._rep_start_s is None else self._rep_start_s
        end_s = event.t_ns / NS_PER_S
        current = self._detector.current
        candidates = [*self._efforts, *([] if current is None else [current])]
        inside = [e for e in candidates if start_s <= e.peak_s <= end_s]
        self._efforts = []
        self._rep_start_s = None
        if not inside:
            return Measured(None)
        in_band_s = None if event.tracking_rmse is not None else sum(e.in_band_s for e in inside)
        return Measured(max(e.peak_n for e in inside), in_band_s)

    def _rep_done(self, event: RepDone) -> None:
        outcome = self.planner.rep_done(event, self._measured(event))
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
