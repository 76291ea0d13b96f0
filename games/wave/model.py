"""Pressure grading: follow a path that rises and falls between a light and a strong squeeze.

Pure logic, no pygame, so every rule below is unit tested without a display.

A rep is one stretch of path. It scrolls in from the right, opens with a flat lead-in at
the light level (not scored: the child finds the path), then moves smoothly between
light, middle and strong for ``hold_s / speed`` seconds. The ribbon around the path is
the rep's band width moved up and down with it, so a light stretch is as forgiving as a
strong one; its lower edge never reaches rest, so letting go is never "inside". Scoring
follows the clinic's force-tracking measures: root-mean-square error of effort against
the moving target, and time in band, with brief wobbles out of the ribbon forgiven.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass
from enum import Enum

from games.contract import NS_PER_S, GameEvent, GameInput, RepPlanner, RepSetup, ns_from_s
from games.kit.reps import RepBook

LIGHT = 0.4
MIDDLE = 0.7
STRONG = 1.0
"""Path levels in effort units: 1.0 is the rep's target force, the strongest the path asks."""

LOOK_AHEAD_S = 3.0
"""How much of the coming path the child sees; a new path appears this far ahead."""
TRAIL_S = 1.2
"""How much painted trail stays behind the fish."""
LEAD_IN_S = 1.5
"""Flat light stretch before scoring starts: time to rise from rest onto the path."""
SECONDS_PER_BEND = 1.6
"""Nominal time between two levels of the path, at speed 1.0; children need time to grade."""
SUCCESS_SHARE = 0.6
"""A rep succeeds when this share of it was spent in the ribbon."""
WOBBLE_GRACE_S = 0.3
"""A stay outside the ribbon this short still counts as in it."""
RIBBON_FLOOR = 0.5
"""The ribbon's lower edge stays at or above this share of the path's height."""

POINTS_PER_REP = 100
SUCCESS_BONUS = 50


class Phase(Enum):
    WAITING = "waiting"
    """Relaxing between reps while the next path scrolls in (or a set rest runs)."""
    LEAD_IN = "lead_in"
    TRACKING = "tracking"
    OVER = "over"


def _ease(f: float) -> float:
    """Cosine ease: flat at both ends, so each level is briefly held before the next bend."""
    return (1.0 - math.cos(math.pi * f)) / 2.0


@dataclass(frozen=True, slots=True)
class WavePath:
    """One rep's path on the model's clock: lead-in, then a smooth run through ``levels``."""

    setup: RepSetup
    start_ns: int
    track_ns: int
    end_ns: int
    levels: tuple[float, ...]

    def target_at(self, t_ns: int) -> float | None:
        """The path's height at ``t_ns``, or None where the path does not exist."""
        if t_ns < self.start_ns or t_ns > self.end_ns:
            return None
        return self.height_at(t_ns)

    def height_at(self, t_ns: int) -> float:
        """The path's height, held at its ends outside its span (a step may overrun it)."""
        t_ns = min(t_ns, self.end_ns)
        if t_ns <= self.track_ns:
            return self.levels[0]
        bends = len(self.levels) - 1
        position = (t_ns - self.track_ns) / (self.end_ns - self.track_ns) * bends
        i = min(int(position), bends - 1)
        a, b = self.levels[i], self.levels[i + 1]
        return a + (b - a) * _ease(position - i)

    def ribbon_at(self, t_ns: int) -> tuple[float, float] | None:
        """The ribbon's (low, high) edges at ``t_ns``, or None where the path does not exist."""
        if t_ns < self.start_ns or t_ns > self.end_ns:
            return None
        return self.ribbon_around(self.height_at(t_ns))

    def ribbon_around(self, target: float) -> tuple[float, float]:
        """The band's width around a path height, its lower edge kept above rest."""
        band = self.setup.band
        low = max(target - (1.0 - band.low), target * RIBBON_FLOOR)
        return low, target + (band.high - 1.0)


@dataclass(frozen=True, slots=True)
class TrailDab:
    """One moment of the painted trail: where the fish was and whether it was inside."""

    t_ns: int
    effort: float
    inside: bool


@dataclass(frozen=True, slots=True)
class RepResult:
    setup: RepSetup
    end_ns: int
    success: bool
    share_in_band: float
    rmse: float
    points: int


def plan_levels(hold_s: float, rng: random.Random) -> tuple[float, ...]:
    """The levels a rep's path passes through: light first and last, strong at least once.

    Longer holds get more bends; neighbours always differ so the path never idles.
    """
    bends = max(2, round(hold_s / SECONDS_PER_BEND))
    inner = bends - 1
    while True:
        levels = [LIGHT]
        for _ in range(inner):
            choices = [lv for lv in (LIGHT, MIDDLE, STRONG) if lv != levels[-1]]
            levels.append(rng.choice(choices))
        levels.append(LIGHT)
        if STRONG in levels and levels[-2] != LIGHT:
            return tuple(levels)


class WaveModel:
    """The rep state machine and scoring for the pressure-grading game."""

    def __init__(self, planner: RepPlanner, rng_seed: int) -> None:
        self.book = RepBook(planner)
        self._rng = random.Random(rng_seed)
        self.now_ns = 0
        self.phase = Phase.WAITING
        self.effort = 0.0
        self.results: list[RepResult] = []
        """Each finished rep's path and scores, for the goal stars on screen."""
        self.paths: deque[WavePath] = deque()
        """The current path and any earlier ones still on screen behind the fish."""
        self.trail: deque[TrailDab] = deque()
        self._need_rep = True
        self._reset_rep_totals()

    # -- what the view and the bot read -------------------------------------------------

    @property
    def path(self) -> WavePath | None:
        """The rep being played or coming next; None before the first and after the last."""
        if self.phase is Phase.OVER or not self.paths:
            return None
        newest = self.paths[-1]
        return None if newest.end_ns < self.now_ns else newest

    def target_at(self, t_ns: int) -> float | None:
        for path in self.paths:
            target = path.target_at(t_ns)
            if target is not None:
                return target
        return None

    def ribbon_at(self, t_ns: int) -> tuple[float, float] | None:
        for path in self.paths:
            ribbon = path.ribbon_at(t_ns)
            if ribbon is not None:
                return ribbon
        return None

    def desired_effort(self) -> float | None:
        """The path's height while a path is under the fish, else None (relax)."""
        if self.phase in (Phase.LEAD_IN, Phase.TRACKING):
            return self.target_at(self.now_ns)
        return None

    def inside(self) -> bool:
        """Whether the fish is inside the ribbon right now."""
        ribbon = self.ribbon_at(self.now_ns)
        return ribbon is not None and ribbon[0] <= self.effort <= ribbon[1]

    def rep_progress(self) -> float:
        """0 at the start of the scored stretch, 1 at its end (also outside of it)."""
        path = self.path
        if path is None or self.phase is not Phase.TRACKING:
            return 0.0
        return min(1.0, (self.now_ns - path.track_ns) / (path.end_ns - path.track_ns))

    def rest_left_s(self) -> float:
        """Seconds until the next path reaches the fish, 0 when one is already here."""
        path = self.path
        if self.phase is not Phase.WAITING or path is None:
            return 0.0
        return max(0.0, (path.start_ns - self.now_ns) / NS_PER_S)

    # -- simulation -----------------------------------------------------------------------

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        """Advance by ``dt_ns``. Without a healthy sensor time stands still: nothing scores."""
        if dt_ns <= 0:
            raise ValueError(f"a game step must move time forward, got dt_ns={dt_ns}")
        if self.phase is Phase.OVER or not game_input.sensor_ok:
            return []
        if self._need_rep:
            self._plan_next()
            if self.phase is Phase.OVER:
                return self.book.drain()
        self.now_ns += dt_ns
        self.effort = game_input.effort
        path = self.paths[-1]
        if self.phase is Phase.WAITING and self.now_ns >= path.start_ns:
            self.phase = Phase.LEAD_IN
        if self.phase is Phase.LEAD_IN and self.now_ns > path.track_ns:
            self.phase = Phase.TRACKING
            self.book.start(game_input.t_ns)
        if self.phase in (Phase.LEAD_IN, Phase.TRACKING):
            low, high = path.ribbon_around(path.height_at(self.now_ns))
            inside = low <= self.effort <= high
            self.trail.append(TrailDab(self.now_ns, self.effort, inside))
            if self.phase is Phase.TRACKING:
                self._score_step(dt_ns, path, inside)
                if self.now_ns >= path.end_ns:
                    self._finish_rep(path, game_input.t_ns)
                    self._plan_next()
        self._forget_old()
        return self.book.drain()

    def _plan_next(self) -> None:
        self._need_rep = False
        setup = self.book.next_rep()
        if setup is None:
            self.phase = Phase.OVER
            return
        start = self.now_ns + ns_from_s(max(setup.rest_before_s, LOOK_AHEAD_S))
        track = start + ns_from_s(LEAD_IN_S)
        end = track + ns_from_s(setup.hold_s / setup.speed)
        self.paths.append(WavePath(setup, start, track, end, plan_levels(setup.hold_s, self._rng)))
        self.phase = Phase.WAITING
        self._reset_rep_totals()

    def _reset_rep_totals(self) -> None:
        self._scored_ns = 0
        self._credited_ns = 0
        self._out_run_ns = 0
        self._squared_error = 0.0
        self._peak = 0.0

    def _score_step(self, dt_ns: int, path: WavePath, inside: bool) -> None:
        error = self.effort - path.height_at(self.now_ns)
        self._scored_ns += dt_ns
        self._squared_error += error * error * dt_ns
        self._peak = max(self._peak, self.effort)
        if inside:
            self._forgive_wobble()
            self._credited_ns += dt_ns
        else:
            self._out_run_ns += dt_ns

    def _forgive_wobble(self) -> None:
        if self._out_run_ns <= ns_from_s(WOBBLE_GRACE_S):
            self._credited_ns += self._out_run_ns
        self._out_run_ns = 0

    def _finish_rep(self, path: WavePath, t_ns: int) -> None:
        self._forgive_wobble()
        share = self._credited_ns / self._scored_ns
        success = share >= SUCCESS_SHARE
        rmse = math.sqrt(self._squared_error / self._scored_ns)
        points = round(POINTS_PER_REP * share) + (SUCCESS_BONUS if success else 0)
        self.results.append(RepResult(path.setup, self.now_ns, success, share, rmse, points))
        self.book.done(
            t_ns,
            peak_effort=self._peak,
            time_in_band_s=self._credited_ns / NS_PER_S,
            success=success,
            tracking_rmse=rmse,
        )
        self.book.add_score(points)

    def _forget_old(self) -> None:
        horizon = self.now_ns - ns_from_s(TRAIL_S)
        while self.trail and self.trail[0].t_ns < horizon:
            self.trail.popleft()
        while len(self.paths) > 1 and self.paths[0].end_ns < horizon:
            self.paths.popleft()
