"""Rocket launch rules: hold the squeeze in the band long enough and the rocket flies.

Endurance training wants a steady hold, but children wobble. So a rep is judged gently:
a brief dip below the band only pauses the fuel, a long drop drains it slowly instead
of emptying the tank, and squeezing too hard keeps the fuel while the rocket complains.
A rep fails only when the hold is not done within a generous window. Everything runs on
integer nanoseconds from the fixed-step loop, so a scripted input gives exact results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum, auto

from games.contract import NS_PER_S, Band, GameEvent, GameInput, RepPlanner, RepSetup, ns_from_s
from games.kit.reps import RepBook


class Phase(Enum):
    START = auto()
    """Nothing asked of the planner yet."""
    REST = auto()
    ROLL_IN = auto()
    """A fresh rocket rolls onto the pad (after a launch)."""
    FUELLING = auto()
    """The rep: the child holds the squeeze and the tank fills."""
    LAUNCH = auto()
    FIZZLE = auto()
    """The window ran out: the engine sputters, the rocket stays for the next try."""
    OVER = auto()


class Mood(Enum):
    """How the astronaut pet looks: the child's only feedback that needs no reading."""

    WAITING = auto()
    HAPPY = auto()
    WORRIED = auto()
    """A brief dip: fuel paused, nothing lost yet."""
    SAD = auto()
    """Below the band too long (fuel draining), or a fizzled rep."""
    STRAINING = auto()
    """Too hard: the rocket shakes and steams, fuel is kept."""
    SLEEPY = auto()
    CHEERING = auto()


class Cue(Enum):
    """Moments the view turns into sound; the model stays free of pygame."""

    ROLL_IN = auto()
    TICK = auto()
    """The big countdown number went down by one."""
    TOO_HARD = auto()
    LAUNCH = auto()
    FIZZLE = auto()


@dataclass(frozen=True, slots=True)
class RocketRules:
    grace_s: float = 0.4
    """A dip below the band shorter than this only pauses the fuel."""
    drain_per_s: float = 0.5
    """Fuel seconds lost per second once a dip outlasts the grace (times the rep's speed)."""
    window_factor: float = 2.0
    window_extra_s: float = 3.0
    """A rep fails when not done within hold_s * window_factor + window_extra_s."""
    roll_in_s: float = 1.6
    launch_s: float = 3.2
    fizzle_s: float = 1.6
    points_per_launch: int = 100
    steady_bonus: int = 50
    """Extra points scaled by how little the hold wobbled once fuelling began."""

    def __post_init__(self) -> None:
        if self.grace_s < 0 or self.drain_per_s < 0:
            raise ValueError("the wobble grace and the drain rate cannot be negative")
        if self.window_factor < 1:
            raise ValueError("the rep window must last at least the hold time")
        if min(self.roll_in_s, self.launch_s, self.fizzle_s) <= 0:
            raise ValueError("the roll-in, launch and fizzle animations need a positive length")


_PHASE_MOODS = {
    Phase.LAUNCH: Mood.CHEERING,
    Phase.OVER: Mood.CHEERING,
    Phase.FIZZLE: Mood.SAD,
    Phase.REST: Mood.SLEEPY,
}


class RocketModel:
    """The rep state machine behind the rocket scene; the view only reads it."""

    def __init__(self, planner: RepPlanner, rules: RocketRules | None = None) -> None:
        self.book = RepBook(planner)
        self.rules = rules or RocketRules()
        self.phase = Phase.START
        self.rep: RepSetup | None = None
        self.effort = 0.0
        self.band: Band | None = None
        self.cues: list[Cue] = []
        """Cues raised by the latest ``update`` call."""
        self.rest_after_launch = False
        """The rest follows a launch: the view floats the rocket back down."""
        self.last_points = 0
        self._phase_ns = 0
        self._phase_len_ns = 0
        self._need_rocket = True
        self._fuel_ns = 0
        self._hold_ns = 0
        self._window_ns = 0
        self._below_ns = 0
        self._over = False
        self._in_band_ns = 0
        self._first_fill_ns: int | None = None
        self._peak = 0.0

    # -- what the view reads ------------------------------------------------------------

    @property
    def fuel(self) -> float:
        """Tank level, 0..1."""
        return self._fuel_ns / self._hold_ns if self._hold_ns else 0.0

    @property
    def seconds_left(self) -> float:
        """Hold time still needed; the big countdown number is its ceiling."""
        return max(0, self._hold_ns - self._fuel_ns) / NS_PER_S

    @property
    def countdown(self) -> int:
        return math.ceil(round(self.seconds_left, 6))

    @property
    def phase_progress(self) -> float:
        """0..1 through the current timed phase (roll-in, rest, launch, fizzle, the rep window)."""
        if self._phase_len_ns <= 0:
            return 0.0
        return min(1.0, self._phase_ns / self._phase_len_ns)

    @property
    def phase_elapsed_s(self) -> float:
        return self._phase_ns / NS_PER_S

    @property
    def phase_length_s(self) -> float:
        return self._phase_len_ns / NS_PER_S

    @property
    def mood(self) -> Mood:
        fixed = _PHASE_MOODS.get(self.phase)
        if fixed is not None:
            return fixed
        band = self.band
        if self.phase is not Phase.FUELLING or band is None:
            return Mood.WAITING
        if self._over:
            return Mood.STRAINING
        if band.contains(self.effort):
            return Mood.HAPPY
        if self._fuel_ns == 0:
            return Mood.WAITING
        return Mood.WORRIED if self._below_ns < ns_from_s(self.rules.grace_s) else Mood.SAD

    def desired_effort(self) -> float | None:
        """On target while fuelling; relaxed through rests and animations."""
        return 1.0 if self.phase is Phase.FUELLING else None

    # -- simulation ---------------------------------------------------------------------

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        if dt_ns < 0:
            raise ValueError(f"time cannot run backwards: got a step of {dt_ns} ns")
        self.cues = []
        if game_input.sensor_ok:
            self.effort = game_input.effort
        if self.phase is Phase.START:
            self._next_rep(game_input.t_ns)
        elif self.phase is Phase.FUELLING:
            if game_input.sensor_ok:
                self._fuel_step(dt_ns, game_input)
        elif self.phase is not Phase.OVER:
            self._phase_ns += dt_ns
            if self._phase_ns >= self._phase_len_ns:
                self._phase_done(game_input.t_ns)
        return self.book.drain()

    def _enter(self, phase: Phase, length_s: float = 0.0) -> None:
        self.phase = phase
        self._phase_ns = 0
        self._phase_len_ns = ns_from_s(length_s)

    def _next_rep(self, t_ns: int) -> None:
        rep = self.book.next_rep()
        if rep is None:
            self._enter(Phase.OVER)
            return
        self.rep = rep
        self.band = rep.band
        self._reset_tank()
        if rep.rest_before_s > 0:
            self.rest_after_launch = self._need_rocket and self.book.reps_done > 0
            self._need_rocket = False
            self._enter(Phase.REST, rep.rest_before_s)
        elif self._need_rocket:
            self._start_roll_in()
        else:
            self._start_fuelling(t_ns)

    def _start_roll_in(self) -> None:
        self._need_rocket = False
        self._enter(Phase.ROLL_IN, self.rules.roll_in_s)
        self.cues.append(Cue.ROLL_IN)

    def _reset_tank(self) -> None:
        self._fuel_ns = 0
        self._hold_ns = 0

    def _start_fuelling(self, t_ns: int) -> None:
        rep = self.rep
        assert rep is not None
        rules = self.rules
        self._hold_ns = ns_from_s(rep.hold_s)
        self._fuel_ns = 0
        self._window_ns = ns_from_s(rep.hold_s * rules.window_factor + rules.window_extra_s)
        self._below_ns = 0
        self._over = False
        self._in_band_ns = 0
        self._first_fill_ns = None
        self._peak = 0.0
        self._enter(Phase.FUELLING)
        self._phase_len_ns = self._window_ns
        self.book.start(t_ns)

    def _phase_done(self, t_ns: int) -> None:
        phase = self.phase
        if phase in (Phase.LAUNCH, Phase.FIZZLE):
            self._need_rocket = phase is Phase.LAUNCH
            self._next_rep(t_ns)
        elif phase is Phase.REST and self._need_rocket:
            self._start_roll_in()
        else:  # rest over with a rocket on the pad, or roll-in done
            self._start_fuelling(t_ns)

    def _fuel_step(self, dt_ns: int, game_input: GameInput) -> None:
        rep = self.rep
        assert rep is not None
        effort = game_input.effort
        band = rep.band
        self._phase_ns += dt_ns
        self._peak = max(self._peak, effort)
        countdown_before = self.countdown
        over = effort > band.high
        if over and not self._over:
            self.cues.append(Cue.TOO_HARD)
        self._over = over
        if band.contains(effort):
            self._below_ns = 0
            self._in_band_ns += dt_ns
            if self._first_fill_ns is None:
                self._first_fill_ns = self._phase_ns - dt_ns
            self._fuel_ns = min(self._hold_ns, self._fuel_ns + dt_ns)
        elif not over:
            self._below_ns += dt_ns
            grace_ns = ns_from_s(self.rules.grace_s)
            if self._below_ns > grace_ns:
                draining_ns = min(dt_ns, self._below_ns - grace_ns)
                drain = round(draining_ns * self.rules.drain_per_s * rep.speed)
                self._fuel_ns = max(0, self._fuel_ns - drain)
        if self._fuel_ns >= self._hold_ns:
            self._finish(True, game_input.t_ns)
        elif self._phase_ns >= self._window_ns:
            self._finish(False, game_input.t_ns)
        elif self.countdown < countdown_before:
            self.cues.append(Cue.TICK)

    def _finish(self, success: bool, t_ns: int) -> None:
        in_band_s = self._in_band_ns / NS_PER_S
        self.book.done(t_ns, peak_effort=self._peak, time_in_band_s=in_band_s, success=success)
        self._over = False
        if success:
            self.last_points = self._points()
            self.book.add_score(self.last_points)
            self._enter(Phase.LAUNCH, self.rules.launch_s)
            self.cues.append(Cue.LAUNCH)
        else:
            self.last_points = 0
            self._enter(Phase.FIZZLE, self.rules.fizzle_s)
            self.cues.append(Cue.FIZZLE)

    def _points(self) -> int:
        """Base points plus a bonus shrinking with the time lost to wobble after the first fill."""
        first = self._first_fill_ns or 0
        span = max(self._hold_ns, self._phase_ns - first)
        steadiness = self._hold_ns / span
        return self.rules.points_per_launch + round(self.rules.steady_bonus * steadiness)
