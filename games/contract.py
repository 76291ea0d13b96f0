"""The whole world a game sees: one input per frame, and the events it sends back.

Every game gets the same ``GameInput`` whether the force comes from a load cell, the
emulated chip, a replayed recording or the virtual squeeze, and knows nothing of
newtons, players or databases: the station normalises force by the rep's target, so
``effort == 1.0`` means "exactly on target" for a strong teenager and a weak 5-year-old
alike. Games report what happened as events; the station stores and scores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

NS_PER_S = 1_000_000_000


def ns_from_s(seconds: float) -> int:
    """Seconds (as rules and reps state them) in the nanoseconds the game clock counts."""
    return round(seconds * NS_PER_S)


@dataclass(frozen=True, slots=True)
class Band:
    """The tolerated range around the target, in effort units (1.0 = target)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not 0.0 < self.low <= 1.0 <= self.high:
            raise ValueError(f"a band must hold the target (1.0): got {self.low}..{self.high}")

    def contains(self, effort: float) -> bool:
        return self.low <= effort <= self.high


@dataclass(frozen=True, slots=True)
class GameInput:
    """One frame's input: the latest force as a fraction of the rep's target.

    The band lives in the rep's ``RepSetup``: it changes once a rep, not every frame.
    """

    t_ns: int
    """Monotonic time of the newest force sample behind ``effort``."""
    effort: float
    """Filtered force / target force: 0 at rest, 1.0 on target, may exceed the band."""
    sensor_ok: bool
    """False when the sensor is unplugged, faulty or still starting: pause, do not score."""
    starting: bool = False
    """Not ok only because the sensor is still waking up: wait quietly, it is not unplugged."""


@dataclass(frozen=True, slots=True)
class RepSetup:
    """What the difficulty engine asks of the next rep, in the game's own terms."""

    set_no: int
    rep_no: int
    band: Band
    hold_s: float
    """How long the force must stay in the band (the therapist's hold time)."""
    speed: float
    """1.0 = normal; the engine raises it as the child succeeds, lowers it otherwise."""
    rest_before_s: float = 0.0
    """A rest the game must give first (between sets, or after fatigue)."""


class RepPlanner(Protocol):
    """The station's side of a session: reps to play, and somewhere to send results."""

    def next_rep(self) -> RepSetup | None:
        """The next rep, or None when every set of the session is done."""
        ...

    @property
    def reps_total(self) -> int:
        """How many reps the session holds, for progress dots on screen."""
        ...


# -- events a game emits --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RepStarted:
    set_no: int
    rep_no: int
    t_ns: int


@dataclass(frozen=True, slots=True)
class RepDone:
    set_no: int
    rep_no: int
    t_ns: int
    peak_effort: float
    time_in_band_s: float
    success: bool
    tracking_rmse: float | None = None
    """Root-mean-square error in effort units, for force-tracking games only."""


@dataclass(frozen=True, slots=True)
class ScoreChanged:
    score: int


@dataclass(frozen=True, slots=True)
class GameOver:
    score: int
    stars: int
    """0-3, from the share of successful reps."""
    reps_done: int
    successes: int


def stars_for(successes: int, reps_done: int) -> int:
    """The stars every game awards: 3 from 80% of reps done well, 2 from 60%, 1 for any.

    One rule for all games, so a child's stars mean the same whichever game they played.
    """
    if successes <= 0 or reps_done <= 0:
        return 0
    share = successes / reps_done
    if share >= 0.8:
        return 3
    if share >= 0.6:
        return 2
    return 1


GameEvent = RepStarted | RepDone | ScoreChanged | GameOver
