"""The crab game's rules, free of pygame so they are tested without a display.

Each rep the crab grips a treasure lying on the sand and carries it to a chest. It holds
the treasure only while the pinch stays inside the band: squeeze too hard for longer than
a short grace and the treasure pops; stay below the band for longer than a short grace and
it drops. The crab walks only while the pinch is in the band, at a speed chosen so that
the trip takes exactly the rep's hold time, so "reached the chest" means "held in band for
the hold time". Positions are fractions of the screen width; times are integer ns.

A grab starts from an open claw: a pinch below the band, or a hand that has held still
over the treasure for a moment (a child who never fully lets go rests above the band's
low edge; they can start a rep from there too). A squeeze still held, and still
changing, from before the rep opened grabs nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum

from games.contract import NS_PER_S, Band, GameEvent, GameInput, RepPlanner, RepSetup
from games.kit.reps import RepBook

NS_PER_MS = 1_000_000


class Phase(Enum):
    START = "start"
    """Before the first step: no rep pulled yet."""
    REST = "rest"
    """A rest the planner asked for; the crab waves and nothing is judged."""
    REACH = "reach"
    """The crab walks to the treasure and waits, claw open, for a gentle pinch."""
    CARRY = "carry"
    """The treasure is held; the crab walks to the chest while the pinch stays in band."""
    DELIVERED = "delivered"
    DROPPED = "dropped"
    POPPED = "popped"
    MISSED = "missed"
    """Nobody pinched within the reach window."""
    FINISHED = "finished"


OUTCOMES = frozenset({Phase.DELIVERED, Phase.DROPPED, Phase.POPPED, Phase.MISSED})


class Treasure(Enum):
    PEARL = "pearl"
    SHELL = "shell"
    STARFISH = "starfish"


@dataclass(frozen=True, slots=True)
class Rules:
    """Forgiveness, pacing and points; the difficulty itself comes from each RepSetup."""

    squeeze_grace_ms: int = 200
    """Children overshoot on the grab: above the band this long (unbroken) pops it."""
    slip_grace_ms: int = 250
    """A brief dip below the band is wobble; this long (unbroken) and the treasure drops."""
    reach_window_s: float = 12.0
    still_s: float = 1.0
    """A pinch that holds this still for this long over the treasure is a resting hand."""
    still_spread: float = 0.1
    """How still: the pinch's spread (highest less lowest), in units of the target."""
    outcome_s: float = 1.8
    """How long the sparkles (or the oops) play before the next rep."""
    walk_speed: float = 0.6
    """Screen widths per second when the crab walks back without carrying anything."""
    chest_x: float = 0.76
    """Where the crab stands when its claw is over the chest (the view draws the chest there)."""
    trip_at_normal_speed: float = 0.42
    """Pickup-to-chest distance at speed 1.0; faster reps carry further in the same time."""
    shortest_trip: float = 0.3
    longest_trip: float = 0.5
    points_per_treasure: int = 10
    steady_bonus: int = 5
    """Extra points when the pinch never left the band during the carry."""


def claw_closure(effort: float, band: Band) -> float:
    """0 = claw wide open, 1 = jaws just touching the treasure (the band's low edge)."""
    return min(1.0, max(0.0, effort / band.low))


def squash(effort: float, band: Band) -> float:
    """How far past "too hard" the pinch is: 0 inside the band, 1 at twice the band's top."""
    return min(1.0, max(0.0, (effort - band.high) / band.high))


class CrabModel:
    """The rep state machine and everything the view draws, advanced in fixed steps."""

    def __init__(self, planner: RepPlanner, rng_seed: int = 0, rules: Rules | None = None) -> None:
        self.rules = rules or Rules()
        self.book = RepBook(planner)
        self._rng = random.Random(rng_seed)
        self.phase = Phase.START
        self.setup: RepSetup | None = None
        self.treasure = Treasure.PEARL
        self.effort = 0.0
        self.crab_x = self.rules.chest_x - self.rules.trip_at_normal_speed
        self.pickup_x = self.crab_x
        self.outcome_x = self.crab_x
        """Where the last rep ended: the drop or pop spot, or the chest."""
        self._phase_ns = 0
        self._armed = False
        self._held_ns = 0
        self._over_ns = 0
        self._under_ns = 0
        self._reach_ns = 0
        self._still_ns = 0
        self._still_range = (0.0, 0.0)
        self._peak = 0.0
        self._steady = True

    # -- what the view and the bot read ------------------------------------------------

    @property
    def band(self) -> Band | None:
        return self.setup.band if self.setup else None

    @property
    def trip(self) -> float:
        speed = self.setup.speed if self.setup else 1.0
        raw = self.rules.trip_at_normal_speed * speed
        return min(self.rules.longest_trip, max(self.rules.shortest_trip, raw))

    @property
    def carry_speed(self) -> float:
        """Screen widths per second while in band: the trip takes exactly the hold time."""
        hold_s = self.setup.hold_s if self.setup else 1.0
        return self.trip / hold_s

    @property
    def progress(self) -> float:
        """Share of the hold done: 0 at the pickup, 1 at the chest."""
        if self.phase is Phase.DELIVERED:
            return 1.0
        if self.phase is not Phase.CARRY or self.setup is None:
            return 0.0
        return min(1.0, self._held_ns / (self.setup.hold_s * NS_PER_S))

    @property
    def phase_s(self) -> float:
        return self._phase_ns / NS_PER_S

    @property
    def at_treasure(self) -> bool:
        return self.crab_x == self.pickup_x

    @property
    def ready_to_grab(self) -> bool:
        """The claw is over the treasure and open: a pinch into the band now grabs it."""
        return self.phase is Phase.REACH and self.at_treasure and self._armed

    @property
    def holding(self) -> bool:
        return self.phase is Phase.CARRY

    @property
    def too_hard(self) -> bool:
        """Above the band right now while holding: the view shows the treasure straining."""
        return self.holding and self._over_ns > 0

    @property
    def slipping(self) -> bool:
        return self.holding and self._under_ns > 0

    @property
    def rest_left_s(self) -> float:
        if self.phase is not Phase.REST or self.setup is None:
            return 0.0
        return max(0.0, self.setup.rest_before_s - self.phase_s)

    def desired_effort(self) -> float | None:
        """What a well-behaved child would do now: pinch on target, or let go."""
        if self.ready_to_grab or self.holding:
            return 1.0
        return None

    # -- the simulation ----------------------------------------------------------------

    def step(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        """Advance by ``dt_ns``; a lost sensor freezes the game rather than judging noise."""
        if dt_ns <= 0:
            raise ValueError(f"a game step must move time forward, got {dt_ns} ns")
        if self.phase is Phase.FINISHED or not game_input.sensor_ok:
            return []
        self.effort = game_input.effort
        self._phase_ns += dt_ns
        now = game_input.t_ns
        if self.phase is Phase.START:
            self._next_rep(now)
        elif self.phase is Phase.REST:
            self._rest(now)
        elif self.phase is Phase.REACH:
            self._reach(dt_ns, now)
        elif self.phase is Phase.CARRY:
            self._carry(dt_ns, now)
        elif self.phase in OUTCOMES:
            self._after_outcome(dt_ns, now)
        return self.book.drain()

    def _enter(self, phase: Phase) -> None:
        self.phase = phase
        self._phase_ns = 0

    def _next_rep(self, now: int) -> None:
        setup = self.book.next_rep()
        if setup is None:
            self._enter(Phase.FINISHED)
            return
        self.setup = setup
        self.treasure = self._rng.choice(list(Treasure))
        self.pickup_x = self.rules.chest_x - self.trip
        if setup.rest_before_s > 0:
            self._enter(Phase.REST)
        else:
            self._start_reach(now)

    def _rest(self, now: int) -> None:
        if self.rest_left_s <= 0:
            self._start_reach(now)

    def _start_reach(self, now: int) -> None:
        assert self.setup is not None
        self._enter(Phase.REACH)
        self._armed = False
        self._held_ns = self._over_ns = self._under_ns = self._reach_ns = self._still_ns = 0
        self._peak = 0.0
        self._steady = True
        self.book.start(now)

    def _reach(self, dt_ns: int, now: int) -> None:
        assert self.setup is not None
        band = self.setup.band
        if not self.at_treasure:
            self._walk_toward(self.pickup_x, dt_ns)
            return
        self._reach_ns += dt_ns
        if self.effort < band.low:
            # A grab must start from an open claw; force still held from before the rep
            # opened belongs to no rep, so it does not count towards the peak either.
            self._armed = True
            self._peak = max(self._peak, self.effort)
        elif self._armed:
            self._enter(Phase.CARRY)
            self._carry(dt_ns, now)
            return
        else:
            self._armed = self._resting(dt_ns)
        if self._reach_ns >= self.rules.reach_window_s * NS_PER_S:
            self._finish(Phase.MISSED, now)

    def _resting(self, dt_ns: int) -> bool:
        """Has the pinch held within ``still_spread`` for ``still_s``? A move starts over."""
        low, high = self._still_range
        low, high = min(low, self.effort), max(high, self.effort)
        if self._still_ns == 0 or high - low > self.rules.still_spread:
            low = high = self.effort
            self._still_ns = 0
        self._still_range = (low, high)
        self._still_ns += dt_ns
        return self._still_ns >= self.rules.still_s * NS_PER_S

    def _carry(self, dt_ns: int, now: int) -> None:
        assert self.setup is not None
        band = self.setup.band
        self._peak = max(self._peak, self.effort)
        if self.effort > band.high:
            self._over_ns += dt_ns
            self._under_ns = 0
            self._steady = False
            if self._over_ns >= self.rules.squeeze_grace_ms * NS_PER_MS:
                self._finish(Phase.POPPED, now)
        elif self.effort < band.low:
            self._under_ns += dt_ns
            self._over_ns = 0
            self._steady = False
            if self._under_ns >= self.rules.slip_grace_ms * NS_PER_MS:
                self._finish(Phase.DROPPED, now)
        else:
            self._over_ns = self._under_ns = 0
            self._held_ns += dt_ns
            self.crab_x = self.pickup_x + self.trip * self.progress
            if self._held_ns >= self.setup.hold_s * NS_PER_S:
                self.crab_x = self.rules.chest_x
                self._finish(Phase.DELIVERED, now)

    def _finish(self, outcome: Phase, now: int) -> None:
        success = outcome is Phase.DELIVERED
        self.outcome_x = self.crab_x
        self._enter(outcome)
        in_band_s = self._held_ns / NS_PER_S
        self.book.done(now, peak_effort=self._peak, time_in_band_s=in_band_s, success=success)
        if success:
            bonus = self.rules.steady_bonus if self._steady else 0
            self.book.add_score(self.rules.points_per_treasure + bonus)

    def _after_outcome(self, dt_ns: int, now: int) -> None:
        if self._phase_ns * 2 >= self.rules.outcome_s * NS_PER_S:
            self._walk_toward(self.pickup_x, dt_ns)  # second half: stroll back for the next
        if self._phase_ns >= self.rules.outcome_s * NS_PER_S:
            self._next_rep(now)

    def _walk_toward(self, target: float, dt_ns: int) -> None:
        stride = self.rules.walk_speed * dt_ns / NS_PER_S
        if abs(target - self.crab_x) <= stride:
            self.crab_x = target
        else:
            self.crab_x += stride if target > self.crab_x else -stride
