"""A bot that plays any game through the virtual hand, the way a child would.

It asks the scene what effort it wants (``Scene.desired_effort``) and commands the
``VirtualHand``: the hand supplies the ease-in, the small overshoot, the tremor and the
fatigue; the bot adds what a child's head adds: a reaction time, an aim that is a little
off, and now and then an attempt that misses the band on purpose (too weak or too
strong), so the attract screen and the tests see a success rate near the ~70% the
difficulty engine aims for rather than a perfect robot.

The bot never reads the hand's force: the source (or the loop pushing into an emulated
chip) is the hand's only reader, as ``station.screens.live`` explains.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

from games.contract import Band
from hardware import VirtualHand

_NS = 1_000_000_000


@dataclass(frozen=True, slots=True)
class BotStyle:
    """How the bot plays; the defaults land near 70% success on the four games."""

    reaction_s: tuple[float, float] = (0.15, 0.35)
    """A child's simple reaction time to a visual cue, drawn anew for each change."""
    aim_error: float = 0.05
    """Standard deviation of the aimed effort, as a share of the effort wanted."""
    miss_rate: float = 0.25
    """Share of attempts aimed outside the band."""
    strong_share: float = 0.5
    """Of the misses, the share that squeeze too hard (young children overshoot)."""
    attempt_s: float = 4.0
    """A long stretch of wanted effort (force tracking) is split into attempts this long."""

    def __post_init__(self) -> None:
        low, high = self.reaction_s
        if not 0 <= low <= high:
            raise ValueError(f"a reaction time range needs 0 <= low <= high, not {low}..{high}")
        for what, value in (("miss rate", self.miss_rate), ("strong share", self.strong_share)):
            if not 0 <= value <= 1:
                raise ValueError(f"the bot's {what} is a fraction from 0 to 1, not {value}")
        if not self.aim_error >= 0 or not self.attempt_s > 0:
            raise ValueError("the aim error must be 0 or more and attempts must last > 0 s")


class AutoPlayer:
    """Drives one ``VirtualHand``; call ``step`` once per displayed frame."""

    def __init__(self, hand: VirtualHand, rng: random.Random, style: BotStyle = BotStyle()) -> None:
        self.hand = hand
        self.rng = rng
        self.style = style
        self._seen: deque[tuple[int, float | None]] = deque()
        self._delay_ns = self._reaction_ns()
        self._last_wanted: float | None = None
        self._last_value = 0.0
        self._attempt_start_ns: int | None = None
        self._bias = 1.0
        self.attempts = 0
        self.misses = 0

    def step(
        self, now_ns: int, wanted: float | None, target_n: float | None, band: Band | None
    ) -> None:
        """``wanted`` is the scene's desired effort now, ``band`` None when nothing is judged."""
        if (wanted is None) != (self._last_wanted is None):
            self._delay_ns = self._reaction_ns()
        if wanted is not None:
            self._last_value = wanted
        self._last_wanted = wanted
        self._seen.append((now_ns, wanted))
        # Starting and stopping come a reaction time late; once squeezing, a child follows
        # a path it can see coming without that lag (and keeps squeezing until it reacts).
        perceived = None if self._perceived(now_ns - self._delay_ns) is None else self._last_value
        if perceived is None or target_n is None:
            self._attempt_start_ns = None
            self.hand.release()
            return
        if self._attempt_start_ns is None or now_ns - self._attempt_start_ns > self._attempt_ns:
            self._new_attempt(now_ns, band)
        level = perceived * self._bias * target_n / self.hand.max_force_n
        self.hand.press(min(1.0, max(0.0, level)))

    @property
    def _attempt_ns(self) -> int:
        return round(self.style.attempt_s * _NS)

    def _reaction_ns(self) -> int:
        return round(self.rng.uniform(*self.style.reaction_s) * _NS)

    def _perceived(self, at_ns: int) -> float | None:
        """What the scene wanted at ``at_ns``: the bot sees the screen a reaction late."""
        while len(self._seen) > 1 and self._seen[1][0] <= at_ns:
            self._seen.popleft()
        t_ns, wanted = self._seen[0]
        return wanted if t_ns <= at_ns else None

    def _new_attempt(self, now_ns: int, band: Band | None) -> None:
        self._attempt_start_ns = now_ns
        self.attempts += 1
        style = self.style
        if band is not None and self.rng.random() < style.miss_rate:
            self.misses += 1
            if self.rng.random() < style.strong_share:
                self._bias = band.high * self.rng.uniform(1.15, 1.35)
            else:
                self._bias = band.low * self.rng.uniform(0.55, 0.8)
            return
        self._bias = max(0.0, self.rng.gauss(1.0, style.aim_error))
