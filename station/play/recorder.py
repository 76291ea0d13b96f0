"""The game's events turned into the session record: the engine, SQLite, the retest flag.

Each ``RepDone`` moves the difficulty staircase and, for a child with a profile, is
committed at once with its force trace (a box that loses power keeps every finished
rep). ``GameOver``, or closing the window early, ends the session, which checkpoints
the database. A guest's reps move the staircase of that visit and are stored nowhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from games.contract import GameEvent, GameOver, RepDone, RepStarted
from hardware.frames import ForceFrame
from station.clinic.assessment import RetestFlag, check_in_game_peak
from station.play.planner import EnginePlanner, RepOutcome
from station.storage import Trace, end_session, record_game_score, record_rep
from station.storage.writer import DatabaseWriter


@dataclass(frozen=True, slots=True)
class RepContext:
    """What every rep of this session is stored under."""

    sensor: str
    hand: str
    game: str
    exercise_id: int | None


class PlayerStore:
    """One open therapy session of a profiled child, written off the frame thread."""

    def __init__(self, writer: DatabaseWriter, session_id: int, context: RepContext) -> None:
        self.writer = writer
        self.session_id = session_id
        self.context = context
        self._open = True

    def record(self, outcome: RepOutcome, trace: Trace) -> None:
        plan, ctx, session_id = outcome.plan, self.context, self.session_id
        self.writer.submit(
            lambda db: record_rep(
                db,
                session_id,
                set_no=plan.set_no,
                rep_no=plan.rep_no,
                sensor=ctx.sensor,
                hand=ctx.hand,
                target_n=plan.target_n,
                band_low_n=plan.band_low_n,
                band_high_n=plan.band_high_n,
                peak_n=outcome.record.peak_n,
                time_in_band_s=outcome.time_in_band_s,
                success=outcome.record.success,
                exercise_id=ctx.exercise_id,
                tracking_rmse_n=outcome.tracking_rmse_n,
                game=ctx.game,
                level=plan.level,
                trace=trace,
            )
        )

    def score(self, over: GameOver) -> None:
        session_id, game = self.session_id, self.context.game
        self.writer.submit(
            lambda db: record_game_score(
                db, session_id, game=game, score=over.score, stars=over.stars
            )
        )

    def finish(self) -> None:
        """End the session (once); queued, so it may be called from the frame loop."""
        if self._open:
            self._open = False
            session_id = self.session_id
            self.writer.submit(lambda db: end_session(db, session_id))

    def close(self) -> list[str]:
        """End the session and wait until everything is on the card; what failed, if any."""
        self.finish()
        return self.writer.close()


class SessionRecorder:
    """Consumes one game's events; ``store`` is None for a guest."""

    def __init__(
        self,
        planner: EnginePlanner,
        store: PlayerStore | None,
        *,
        logged_max_n: float | None,
    ) -> None:
        self.planner = planner
        self.store = store
        self.logged_max_n = logged_max_n
        """The assessed maximum the retest flag compares with; None for a quick max."""
        self.outcomes: list[RepOutcome] = []
        self.events: list[GameEvent] = []
        self.game_over: GameOver | None = None
        self.save_failures: list[str] = []
        """Writes the database refused (a full or failing card), for the therapist."""
        self._latest: tuple[ForceFrame, ...] = ()
        self._trace: list[ForceFrame] | None = None

    def frames(self, frames: Iterable[ForceFrame]) -> None:
        """This displayed frame's new force frames, given before its events."""
        self._latest = tuple(frames)
        if self._trace is not None:
            self._trace.extend(self._latest)

    def handle(self, events: Iterable[GameEvent]) -> None:
        for event in events:
            self.events.append(event)
            if isinstance(event, RepStarted):
                self._trace = list(self._latest)
            elif isinstance(event, RepDone):
                self._rep_done(event)
            elif isinstance(event, GameOver):
                self.game_over = event
                if self.store is not None:
                    self.store.score(event)
                    self.store.finish()

    def close(self) -> None:
        """The window closed: end the stored session and wait until it is all saved."""
        if self.store is not None:
            self.save_failures = self.store.close()

    @property
    def success_rate(self) -> float | None:
        if not self.outcomes:
            return None
        return sum(o.record.success for o in self.outcomes) / len(self.outcomes)

    @property
    def retest(self) -> RetestFlag | None:
        """Set when an in-game peak passed the assessed maximum by more than 10%."""
        if self.logged_max_n is None or not self.outcomes:
            return None
        flag = check_in_game_peak(self.logged_max_n, max(o.record.peak_n for o in self.outcomes))
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
            self.store.record(outcome, trace)
