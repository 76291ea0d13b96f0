"""The balloon flight as numbers: where the balloon and the gates are, and how a rep is judged.

Free of pygame so the rules can be tested without a screen. Positions are in screen
widths (``x``) and effort units (altitude), so the view can lay them out at any size.

A rep is one gate. The gate drifts in from the right while the child has time to rise
(the approach); flying through it takes exactly the rep's hold time, whatever the speed,
because the gate is made as long as the world scrolls in that time. Speed only changes
how fast the world moves, so a brisker rep gives less warning, never a longer squeeze.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from games.contract import NS_PER_S, GameEvent, GameInput, RepPlanner, RepSetup, ns_from_s
from games.kit.reps import RepBook

ALT_TOP = 1.6
"""The highest the basket can go: the top of the sky, in effort units."""
REST_DEAD_ZONE = 0.05
"""Efforts below this keep the balloon on the ground, so a resting hand's noise does not
make it hover; above it the height rises linearly to exactly 1.0 at the target."""

BALLOON_X = 0.3
"""Where the balloon flies across the screen, as a fraction of the width."""
GATE_SPAWN_X = 1.1
"""Where a new gate's entry appears: just beyond the right edge."""
BASE_SCROLL = 0.25
"""Screen widths per second at speed 1.0: a gate takes 3.2 s to reach the balloon."""
MIN_SPEED, MAX_SPEED = 0.25, 4.0

LEAD_S = 1.2
"""How long before the gate the autoplay bot starts to squeeze, as a child would."""
AFTER_S = 1.6
"""Time after a gate for the burst of stars and for the hand to relax."""
REST_EASE_S = 0.6
"""The world slows to a stop over this long when a rest begins, and speeds up at its end."""

WOBBLE_GRACE_S = 0.4
"""A slip out of the opening this short, after having been in it, still counts as in."""
SUCCESS_SHARE = 0.85
"""Share of the hold that must count as in the opening: room for a slightly late start."""
STAR_SPACING_S = 0.5
STAR_POINTS = 1
GATE_BONUS = 5
BUMP_REPEAT_S = 0.6
"""At most one "boing" this often, however much a child wobbles at the top edge."""


class Phase(enum.Enum):
    START = "start"
    REST = "rest"
    APPROACH = "approach"
    GATE = "gate"
    AFTER = "after"
    FINISHED = "finished"


class Outcome(enum.Enum):
    SUCCESS = "success"
    TOO_HIGH = "too_high"
    TOO_LOW = "too_low"


class Cue(enum.Enum):
    """Moments the view turns into sound and sparkle."""

    REST = "rest"
    GATE_COMING = "gate_coming"
    STAR = "star"
    BUMP = "bump"
    SUCCESS = "success"
    MISS = "miss"
    FINISHED = "finished"


@dataclass(slots=True)
class Star:
    """A star along the middle of a gate, collected when the basket passes it in the opening."""

    x: float
    """World position in screen widths."""
    collected: bool = False


@dataclass(slots=True)
class Gate:
    """One rep's ring of clouds: an opening (the band) as long as the hold."""

    setup: RepSetup
    entry_x: float
    length: float
    stars: list[Star] = field(default_factory=list)
    outcome: Outcome | None = None

    @property
    def exit_x(self) -> float:
        return self.entry_x + self.length


def altitude_of(effort: float) -> float:
    """The basket's height for an effort: 0 on the ground, 1.0 at the target, capped at the top.

    The view draws a gate's opening with the same mapping, so the basket is drawn inside
    the opening exactly when the effort is inside the band.
    """
    if effort <= REST_DEAD_ZONE:
        return 0.0
    if effort < 1.0:
        return (effort - REST_DEAD_ZONE) / (1.0 - REST_DEAD_ZONE)
    return min(ALT_TOP, effort)


class _Judge:
    """Time in the opening for one gate, forgiving short wobbles once the child got in."""

    def __init__(self) -> None:
        self.in_band_ns = 0
        self.credited_ns = 0
        self.above_ns = 0
        self.below_ns = 0
        self._out_ns = 0
        self._been_in = False

    def add(self, dt_ns: int, in_band: bool, above: bool) -> None:
        if in_band:
            self._forgive()
            self._out_ns = 0
            self._been_in = True
            self.in_band_ns += dt_ns
            self.credited_ns += dt_ns
            return
        self._out_ns += dt_ns
        if above:
            self.above_ns += dt_ns
        else:
            self.below_ns += dt_ns

    def outcome(self, hold_ns: int) -> Outcome:
        self._forgive()
        if self.credited_ns >= SUCCESS_SHARE * hold_ns:
            return Outcome.SUCCESS
        return Outcome.TOO_HIGH if self.above_ns > self.below_ns else Outcome.TOO_LOW

    def _forgive(self) -> None:
        if self._been_in and 0 < self._out_ns <= ns_from_s(WOBBLE_GRACE_S):
            self.credited_ns += self._out_ns
        self._out_ns = 0


class BalloonFlight:
    """The whole game: pulls reps from the planner, flies the gates, keeps the score."""

    def __init__(self, planner: RepPlanner) -> None:
        self.book = RepBook(planner)
        self.phase = Phase.START
        self.t_ns = 0
        """Simulation time since the game began; drives every animation."""
        self.phase_ns = 0
        """Time spent in the current phase."""
        self.effort = 0.0
        self.sensor_ok = True
        self.altitude = 0.0
        self.world_x = 0.0
        """How far the world has scrolled, in screen widths."""
        self.gate: Gate | None = None
        """The gate being approached or flown, or the last one (its outcome on show)."""
        self.setup: RepSetup | None = None
        self.outcome_at_ns: int | None = None
        """When the current gate was judged, for the burst animation."""
        self._judge = _Judge()
        self._peak = 0.0
        self._next_star = 0
        self._last_bump_ns: int | None = None
        self._was_above = False
        self._input_t_ns = 0
        self._cues: list[Cue] = []

    # -- what the view and the bot read ---------------------------------------------------

    @property
    def balloon_world_x(self) -> float:
        return self.world_x + BALLOON_X

    @property
    def phase_duration_ns(self) -> int:
        setup = self.setup
        if self.phase is Phase.REST and setup is not None:
            return ns_from_s(setup.rest_before_s)
        if self.phase is Phase.APPROACH and setup is not None:
            return ns_from_s((GATE_SPAWN_X - BALLOON_X) / self._scroll_speed(setup))
        if self.phase is Phase.GATE and setup is not None:
            return ns_from_s(setup.hold_s)
        if self.phase is Phase.AFTER:
            return ns_from_s(AFTER_S)
        return 0

    @property
    def phase_progress(self) -> float:
        """0 at the start of the phase, 1 at its end (1 for phases without an end)."""
        duration = self.phase_duration_ns
        return 1.0 if duration <= 0 else min(1.0, self.phase_ns / duration)

    @property
    def in_opening(self) -> bool:
        """The basket is inside the opening of the gate it is flying through."""
        return self.phase is Phase.GATE and self._in_opening()

    @property
    def above_opening(self) -> bool:
        """The basket is pressing on the top of the gate it is flying through."""
        return self.phase is Phase.GATE and self._over_band()

    @property
    def rest_glide(self) -> float:
        """How far the world still scrolls after a rest begins, so a picnic can wait there."""
        setup = self.setup
        if setup is None:
            return 0.0
        full = self._scroll_speed(setup)
        slow_s = min(REST_EASE_S, setup.rest_before_s / 2)
        return full * (slow_s - slow_s * slow_s / (2 * REST_EASE_S))

    def desired_effort(self) -> float | None:
        """What a child should do now: squeeze to the target near and in a gate, else relax."""
        if self.phase is Phase.GATE:
            return 1.0
        if self.phase is Phase.APPROACH:
            remaining = self.phase_duration_ns - self.phase_ns
            return 1.0 if remaining <= ns_from_s(LEAD_S) else None
        return None

    def drain_cues(self) -> list[Cue]:
        cues, self._cues = self._cues, []
        return cues

    # -- simulation -----------------------------------------------------------------------

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        """Advance by ``dt_ns`` with this frame's force; the balloon moves in this same step."""
        if dt_ns < 0:
            raise ValueError(f"time cannot run backwards: got a step of {dt_ns} ns")
        self._input_t_ns = game_input.t_ns
        self.effort = game_input.effort
        self.sensor_ok = game_input.sensor_ok
        self.altitude = altitude_of(game_input.effort)
        self._peak = max(self._peak, game_input.effort)
        left = dt_ns
        while True:
            if self.phase is Phase.FINISHED:
                self._advance(left, game_input)  # the world drifts on under the celebration
                break
            remaining = max(0, self.phase_duration_ns - self.phase_ns)
            take = min(left, remaining)
            self._advance(take, game_input)
            left -= take
            if self.phase_ns >= self.phase_duration_ns:
                self._end_phase(game_input)
                continue
            if left <= 0:
                break
        return self.book.drain()

    def _advance(self, dt_ns: int, game_input: GameInput) -> None:
        self.t_ns += dt_ns
        self.phase_ns += dt_ns
        self.world_x += self._world_speed() * dt_ns / NS_PER_S
        if self.phase is Phase.GATE and self.setup is not None and dt_ns > 0:
            above = self._over_band()
            self._judge.add(dt_ns, self._in_opening(), above)
            self._bump_if_new(above)
            self._pass_stars(game_input)

    def _end_phase(self, game_input: GameInput) -> None:
        if self.phase in (Phase.START, Phase.AFTER):
            self._begin_rep()
        elif self.phase is Phase.REST:
            self._start_approach()
        elif self.phase is Phase.APPROACH:
            self._enter_phase(Phase.GATE)
        elif self.phase is Phase.GATE:
            self._finish_gate(game_input)

    def _enter_phase(self, phase: Phase) -> None:
        self.phase = phase
        self.phase_ns = 0

    def _begin_rep(self) -> None:
        setup = self.book.next_rep()
        if setup is None:
            self._enter_phase(Phase.FINISHED)
            self._cues.append(Cue.FINISHED)
            return
        self.setup = setup
        if setup.rest_before_s > 0:
            self._enter_phase(Phase.REST)
            self._cues.append(Cue.REST)
        else:
            self._start_approach()

    def _start_approach(self) -> None:
        self._enter_phase(Phase.APPROACH)
        setup = self.setup
        assert setup is not None  # set by _begin_rep just before
        speed = self._scroll_speed(setup)
        length = setup.hold_s * speed
        entry = self.world_x + GATE_SPAWN_X
        count = max(1, round(setup.hold_s / STAR_SPACING_S))
        stars = [Star(entry + length * (i + 0.5) / count) for i in range(count)]
        self.gate = Gate(setup, entry, length, stars)
        self.outcome_at_ns = None
        self._judge = _Judge()
        self._peak = max(0.0, self.effort)  # a drifting tare reads below zero: no squeeze
        self._next_star = 0
        self._was_above = False
        self._last_bump_ns = None
        self._cues.append(Cue.GATE_COMING)
        self.book.start(self._input_t_ns)

    def _finish_gate(self, game_input: GameInput) -> None:
        gate, setup = self.gate, self.setup
        assert gate is not None and setup is not None  # a gate phase always has both
        self._pass_stars(game_input, final=True)
        outcome = self._judge.outcome(ns_from_s(setup.hold_s))
        gate.outcome = outcome
        self.outcome_at_ns = self.t_ns
        success = outcome is Outcome.SUCCESS
        self.book.done(
            self._input_t_ns,
            peak_effort=self._peak,
            time_in_band_s=self._judge.in_band_ns / NS_PER_S,
            success=success,
        )
        if success:
            self.book.add_score(GATE_BONUS)
        self._cues.append(Cue.SUCCESS if success else Cue.MISS)
        self._enter_phase(Phase.AFTER)

    def _pass_stars(self, game_input: GameInput, *, final: bool = False) -> None:
        gate = self.gate
        assert gate is not None
        while self._next_star < len(gate.stars):
            star = gate.stars[self._next_star]
            if not final and star.x > self.balloon_world_x:
                break
            if self._in_opening():
                star.collected = True
                self._cues.append(Cue.STAR)
                self.book.add_score(STAR_POINTS)
            self._next_star += 1

    def _bump_if_new(self, above: bool) -> None:
        rising_edge = above and not self._was_above
        self._was_above = above
        if not rising_edge:
            return
        last = self._last_bump_ns
        if last is None or self.t_ns - last >= ns_from_s(BUMP_REPEAT_S):
            self._last_bump_ns = self.t_ns
            self._cues.append(Cue.BUMP)

    def _in_opening(self) -> bool:
        """Judged against the gate as drawn (the rep's band), so what the child sees counts."""
        setup = self.setup
        return setup is not None and self.sensor_ok and setup.band.contains(self.effort)

    def _over_band(self) -> bool:
        return self.setup is not None and self.effort > self.setup.band.high

    def _scroll_speed(self, setup: RepSetup) -> float:
        return BASE_SCROLL * min(MAX_SPEED, max(MIN_SPEED, setup.speed))

    def _world_speed(self) -> float:
        setup = self.setup
        if setup is None or self.phase is Phase.START:
            return 0.0
        full = self._scroll_speed(setup)
        if self.phase is not Phase.REST:
            return full
        ease_ns = ns_from_s(REST_EASE_S)
        slowing = 1.0 - self.phase_ns / ease_ns
        speeding_up = 1.0 - (self.phase_duration_ns - self.phase_ns) / ease_ns
        return full * min(1.0, max(0.0, slowing, speeding_up))
