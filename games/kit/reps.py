"""One game's rep book: the reps it asks for, what became of them, the score, the events.

Every game keeps the same books (ask the planner for a rep, announce it, record how it
went, count the score, finish with stars once the planner has no more), so they live
here once and a child's stars and dots mean the same in every game. The game decides
*when* a rep starts and ends and *how many* points it earns; the book turns that into
the events the station stores. Pure logic, no pygame, so it is tested on its own.
"""

from __future__ import annotations

import math

from games.contract import (
    GameEvent,
    GameOver,
    RepDone,
    RepPlanner,
    RepSetup,
    RepStarted,
    ScoreChanged,
    stars_for,
)


def _checked(setup: RepSetup) -> RepSetup:
    """The rep if a game can play it; a planner bug fails loudly here, not as a frozen game."""
    where = f"rep {setup.rep_no} of set {setup.set_no}"
    if not (math.isfinite(setup.hold_s) and setup.hold_s > 0):
        raise ValueError(f"{where} needs a positive hold time, got {setup.hold_s} s")
    if not (math.isfinite(setup.speed) and setup.speed > 0):
        raise ValueError(f"{where} needs a positive speed, got {setup.speed}")
    if not (math.isfinite(setup.rest_before_s) and setup.rest_before_s >= 0):
        raise ValueError(f"{where} cannot rest for {setup.rest_before_s} s; a rest is 0 s or more")
    return setup


class RepBook:
    """Reps from the planner in, game events out; the score and each rep's outcome kept."""

    def __init__(self, planner: RepPlanner) -> None:
        self._planner = planner
        self._events: list[GameEvent] = []
        self._results: list[bool] = []
        self._rep: RepSetup | None = None
        """The rep handed out last: the one being played, or about to be."""
        self._started = False
        self.score = 0
        self.finished = False
        """True once the planner ran out and GameOver was sent."""

    @property
    def reps_total(self) -> int:
        """How many reps the session holds, for the progress dots."""
        return self._planner.reps_total

    @property
    def results(self) -> tuple[bool, ...]:
        """Each finished rep's success, in order: the progress dots' colours."""
        return tuple(self._results)

    @property
    def reps_done(self) -> int:
        return len(self._results)

    @property
    def successes(self) -> int:
        return sum(self._results)

    def next_rep(self) -> RepSetup | None:
        """The next rep to play, or None once the session is over (GameOver sent, once)."""
        if self.finished:
            return None
        setup = self._planner.next_rep()
        if setup is None:
            self.finished = True
            stars = stars_for(self.successes, self.reps_done)
            self._events.append(GameOver(self.score, stars, self.reps_done, self.successes))
            return None
        self._rep = _checked(setup)
        self._started = False
        return setup

    def start(self, t_ns: int) -> None:
        """The current rep begins now: the moment its force starts to count."""
        rep = self._rep
        if rep is None or self._started or self.finished:
            raise RuntimeError("a rep starts once, after next_rep handed it out")
        self._started = True
        self._events.append(RepStarted(rep.set_no, rep.rep_no, t_ns))

    def done(
        self,
        t_ns: int,
        *,
        peak_effort: float,
        time_in_band_s: float,
        success: bool,
        tracking_rmse: float | None = None,
    ) -> None:
        """The current rep is over; its outcome becomes a dot and a stored RepDone."""
        rep = self._rep
        if rep is None or not self._started:
            raise RuntimeError("only a rep that has started can be done")
        self._started = False
        self._results.append(success)
        self._events.append(
            RepDone(
                rep.set_no, rep.rep_no, t_ns, peak_effort, time_in_band_s, success, tracking_rmse
            )
        )

    def add_score(self, points: int) -> None:
        """Points won; every change of score is announced, so the station shows the same."""
        self.score += points
        self._events.append(ScoreChanged(self.score))

    def drain(self) -> list[GameEvent]:
        """The events since the last drain, oldest first; a game returns them from update."""
        events, self._events = self._events, []
        return events
