"""How fast a recording's rows come: faster than any load cell is read means bad times.

An HX711 converts at 10 or 80 samples a second; the corpus's fastest recording is
500 Hz (a research transducer) and published grip research logs at 100 to 1000 Hz.
Rows closer than that are not a load cell's times (a time column in milliseconds read
as seconds, or generated data), and a replay of 200,000 rows 1 ns apart reads the file
thousands of times a second without end. The rate is judged on the median gap of each
window of rows, so a host timestamp that jitters (two rows logged together, then a
longer gap) does not fail a real recording.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable

MAX_RATE_HZ = 2000.0
"""Twice the fastest research recordings (1 kHz), four times the corpus's 500 Hz."""
_LEAST_GAP_S = (1 / MAX_RATE_HZ) * (1 - 1e-6)
"""Times read back from decimal text differ by a hair under 0.5 ms at exactly 2 kHz."""
WINDOW = 1000
"""Gaps in each window judged; every gap falls in a window, and so does the last one."""


class PaceCheck:
    """Feed the times of a recording's rows in order; says when they come too fast.

    With a median gap of at least ``1 / MAX_RATE_HZ`` in every window, half of each
    window's gaps are at least that long, so a replay never reads more than twice
    ``MAX_RATE_HZ`` rows a second of recording, however the file is laid out.
    """

    __slots__ = ("_counted", "_first_s", "_gaps", "_last_s", "_lines", "_since_check")

    def __init__(self, counted: str = "lines") -> None:
        self._counted = counted
        """What the rows are called in a problem: a file's lines, or a trace's samples."""
        self._gaps: deque[float] = deque(maxlen=WINDOW)
        self._lines: deque[int] = deque(maxlen=WINDOW + 1)
        self._first_s: float | None = None
        self._last_s = 0.0
        self._since_check = 0

    def add(self, line: int, t_s: float) -> str | None:
        """Take the row at ``line``; the problem when it ends a window that is too fast."""
        self._lines.append(line)
        if self._first_s is None:
            self._first_s = self._last_s = t_s
            return None
        self._gaps.append(t_s - self._last_s)
        self._last_s = t_s
        self._since_check += 1
        if self._since_check < WINDOW:
            return None
        self._since_check = 0
        return self._problem()

    def finish(self) -> str | None:
        """The problem of the last window, if it was not judged yet.

        A recording whose rows all share one time has no rate: the tools that need time
        to pass (replay) refuse it in their own words.
        """
        if not self._since_check or self._last_s == self._first_s:
            return None
        self._since_check = 0
        return self._problem()

    def _problem(self) -> str | None:
        gap_s = statistics.median(self._gaps)
        if gap_s >= _LEAST_GAP_S:
            return None
        where = f"{self._counted} {self._lines[0]}-{self._lines[-1]}"
        if gap_s == 0:
            found = f"most rows of {where} have the same time as the row before"
        else:
            found = (
                f"rows come {gap_s * 1e3:.3g} ms apart (the median gap of {where}), "
                f"a rate of {1 / gap_s:.6g} Hz"
            )
        return (
            f"{found}; no load cell is read faster than {MAX_RATE_HZ:g} Hz (an HX711 "
            "gives 10 or 80), so these are not its times: is the time column in seconds?"
        )


def pace_problem(times_s: Iterable[float]) -> str | None:
    """The problem of a whole trace's times (samples counted from 1), or None."""
    check = PaceCheck("samples")
    for number, t_s in enumerate(times_s, start=1):
        if problem := check.add(number, t_s):
            return problem
    return check.finish()
