"""A profiled child's visit written to SQLite off the frame thread, one commit per record.

The session row is made by the first write (a visit abandoned at the warm-up leaves no
empty session behind) and every later job runs after it on the same writer thread, in
order, so each can read the session's id. When this returns from ``close`` everything
is on the card; a power cut before that loses at most the rep being written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from games.contract import GameOver
from station.play.planner import RepOutcome
from station.storage import (
    Trace,
    end_session,
    record_game_score,
    record_pain_stop,
    record_rep,
    start_session,
    this_process_tag,
)
from station.storage.writer import CLOSE_WAIT_S, DatabaseWriter


@dataclass(frozen=True, slots=True)
class RepContext:
    """What every rep of one play is stored under."""

    sensor: str
    hand: str
    game: str
    exercise_id: int | None


@dataclass(frozen=True, slots=True)
class PainReport:
    """What the therapist learns of an Ouch/Stop press."""

    scene: str
    game: str | None = None
    sensor: str | None = None
    hand: str | None = None
    exercise_id: int | None = None
    last_force_n: float | None = None


class VisitStore:
    """One child's visit: a session, its reps, scores and any pain stop."""

    def __init__(self, writer: DatabaseWriter, player_id: int, program_id: int | None) -> None:
        self.writer = writer
        self.player_id = player_id
        self.program_id = program_id
        self._session_id: int | None = None
        self._open = True
        self._owner = this_process_tag()

    def record(self, outcome: RepOutcome, trace: Trace, context: RepContext) -> None:
        plan = outcome.plan
        self._submit(
            lambda db, session_id: record_rep(
                db,
                session_id,
                set_no=plan.set_no,
                rep_no=plan.rep_no,
                sensor=context.sensor,
                hand=context.hand,
                target_n=plan.target_n,
                band_low_n=plan.band_low_n,
                band_high_n=plan.band_high_n,
                peak_n=outcome.record.peak_n,
                time_in_band_s=outcome.time_in_band_s,
                success=outcome.record.success,
                exercise_id=context.exercise_id,
                tracking_rmse_n=outcome.tracking_rmse_n,
                game=context.game,
                level=plan.level,
                trace=trace,
            )
        )

    def score(self, over: GameOver, game: str) -> None:
        self._submit(
            lambda db, session_id: record_game_score(
                db, session_id, game=game, score=over.score, stars=over.stars
            )
        )

    def pain_stop(self, report: PainReport) -> None:
        self._submit(lambda db, session_id: write_pain_stop(db, session_id, report))

    def finish(self) -> DatabaseWriter:
        """End the session (if one was started); its writer saves the rest on its own."""
        if self._open:
            self._open = False
            self.writer.submit(self._end)
        self.writer.close_soon()
        return self.writer

    def _submit(self, job: Callable[[Database, int], object]) -> None:
        if not self._open:
            raise RuntimeError("this visit has been closed")

        def with_session(db: Database) -> None:
            if self._session_id is None:
                self._session_id = start_session(
                    db, self.player_id, program_id=self.program_id, owner=self._owner
                ).id
            job(db, self._session_id)

        self.writer.submit(with_session)

    def _end(self, db: Database) -> None:
        if self._session_id is not None:
            end_session(db, self._session_id, pain_stop=False)


class BackgroundSaves:
    """Writers told to finish. Their last records usually land in milliseconds, and are
    waited for; one held back by another program's lock or a full disk can take far
    longer, and the next child must not watch a frozen screen meanwhile: it finishes in
    the background. Each writer's failures go to its ``on_saved`` when it is done."""

    def __init__(self, close_wait_s: float | None = None) -> None:
        self._close_wait_s = CLOSE_WAIT_S if close_wait_s is None else close_wait_s
        self._pending: list[tuple[DatabaseWriter, Callable[[list[str]], None]]] = []

    def add(self, writer: DatabaseWriter, on_saved: Callable[[list[str]], None]) -> None:
        writer.close_soon()
        if writer.settle():
            on_saved(writer.close())
        else:
            self._pending.append((writer, on_saved))

    def collect(self) -> None:
        """Hand on the failures of every writer that is done; never blocks."""
        still = []
        for writer, on_saved in self._pending:
            if writer.done:
                on_saved(writer.close())
            else:
                still.append((writer, on_saved))
        self._pending = still

    def wait(self) -> None:
        """Wait until all is saved, at most ``close_wait_s`` in all (the app is stopping)."""
        deadline = time.monotonic() + self._close_wait_s
        pending, self._pending = self._pending, []
        for writer, on_saved in pending:
            on_saved(writer.close(wait_s=deadline - time.monotonic()))

    @property
    def saving(self) -> int:
        return len(self._pending)


def write_pain_stop(db: Database, session_id: int | None, report: PainReport) -> None:
    """The record of ``report``; a guest's (``session_id`` None) names no session."""
    record_pain_stop(
        db,
        session_id,
        scene=report.scene,
        game=report.game,
        sensor=report.sensor,
        hand=report.hand,
        exercise_id=report.exercise_id,
        last_force_n=report.last_force_n,
    )
