"""Fatigue: the latest peaks of an exercise well below what the child already showed in it.

The latest ``window`` peaks are compared with the best peak before them in the exercise:
this set's and the sets before it in the visit, so a slow fall across sets is seen and
a new set does not wipe it out. That best is the second-best of at least three reps,
one to spare, because children overshoot a grab now and then; and it never counts
above the tested maximum (a knock on the bulb is not a new standard). A
fall must also be a real share of the tested maximum, so aiming at a light target a
touch lower is not fatigue.

A rest does not wipe the slate either: after one the watch waits for ``window`` fresh
reps and compares them with the same best, so a child still tired after the break gets
another. Only reps the child really squeezed count: a missed rep's 0 N says nothing of
their strength.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FatigueRule:
    drop: float = 0.20
    """A fall of this share below the best is fatigue."""
    window: int = 2
    """Peaks averaged at the latest end, and fresh reps needed after a rest."""
    least_fall_of_max: float = 0.05
    """The fall must also be this share of the tested maximum."""

    def __post_init__(self) -> None:
        if not 0 < self.drop < 1:
            raise ValueError("the fatigue drop is a fraction between 0 and 1")
        if self.window < 1:
            raise ValueError("fatigue is judged on one rep or more")
        if not 0 <= self.least_fall_of_max < 1:
            raise ValueError("the least fall is a fraction of the maximum between 0 and 1")


EARLIER_REPS = 3
"""Reps needed before the latest ones: the best of them is taken with one to spare."""


DEFAULT_RULE = FatigueRule()


def best_shown(peaks: list[float], tested_max_n: float) -> float:
    """The standard the latest reps are held to: the second-best peak (one overshoot to
    spare), never above the tested maximum."""
    if len(peaks) < 2:
        raise ValueError("the best shown needs two peaks or more, one of them to spare")
    return min(sorted(peaks)[-2], tested_max_n)


class FatigueWatch:
    """The peaks of one exercise, across its sets and rests, and whether they have fallen."""

    def __init__(self, tested_max_n: float, rule: FatigueRule = DEFAULT_RULE) -> None:
        if not (math.isfinite(tested_max_n) and tested_max_n > 0):
            raise ValueError(f"fatigue needs a tested maximum above 0 N, not {tested_max_n}")
        self.tested_max_n = tested_max_n
        self.rule = rule
        self._peaks: list[float] = []
        self._fresh = 0
        """Peaks since the last rest."""

    def squeezed(self, peak_n: float) -> None:
        """A rep the child squeezed in, with its peak; a rep with no squeeze is not given."""
        if peak_n > 0:
            self._peaks.append(peak_n)
            self._fresh += 1

    def rested(self) -> None:
        """A rest was given: judge again once ``window`` fresh reps are in."""
        self._fresh = 0

    @property
    def suspected(self) -> bool:
        window = self.rule.window
        if self._fresh < window or len(self._peaks) < window + EARLIER_REPS:
            return False
        best = best_shown(self._peaks[:-window], self.tested_max_n)
        latest = statistics.fmean(self._peaks[-window:])
        fall = best - latest
        return latest < (1 - self.rule.drop) * best and (
            fall >= self.rule.least_fall_of_max * self.tested_max_n
        )
