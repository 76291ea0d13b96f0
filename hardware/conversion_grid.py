"""When an HX711's next conversion will be ready, so the sampler wakes once per conversion.

The chip converts on its own oscillator's grid: 80 or 10 SPS nominal, a few per cent off
in a real chip and drifting with temperature. Waking early and polling until DOUT falls
costs several wake-ups per sample; waking a little *after* the ready time costs one, and
only that margin of latency, as long as the grid is known. The grid is learnt from
caught edges (DOUT seen high, then low less than a millisecond later), which pin a ready
time to within that gap; a read that finds DOUT already low says only that the
conversion was ready before then. Every ``RELOCK_EVERY`` conversions one wake-up comes
early on purpose, to catch an edge and follow the oscillator's drift.
"""

from __future__ import annotations

from collections import deque

CATCH_WITHIN_NS = 1_000_000
"""A high look at most this long before the low one pins the ready time."""
WAKE_AFTER_NS = 300_000
"""Wake this long after the predicted ready time: more than a sleep's overshoot."""
RELOCK_EVERY = 64
"""Conversions between two early wake-ups that catch an edge (0.8 s at 80 SPS), once
the period is known; until then the gap grows with the span of the edges caught."""
RELOCK_LEAD_NS = 600_000
"""How early the wake-up that looks for the edge comes. A look that finds DOUT already low
missed the edge: the next one comes twice as early, up to most of a period (after a
read DOUT stays high until the next conversion, so an early enough look sees it high)."""
MAX_LEAD_SHARE = 0.9
PERIOD_TOLERANCE = 0.1
"""A learnt period further than this from the nominal one is a misread, not the chip."""
BASELINE_NS = 10_000_000_000
"""The period is measured over the caught edges of this long, so it follows a drifting
oscillator while each edge's uncertainty is divided by hundreds of periods."""


class ConversionGrid:
    """The ready times of one chip, from the looks at its DOUT line and the words read."""

    def __init__(self, nominal_period_ns: int) -> None:
        self.nominal_period_ns = nominal_period_ns
        self.period_ns: float = nominal_period_ns
        self._catches: deque[float] = deque()
        self._last_ready_ns: float | None = None
        self._last_high_ns: int | None = None
        self._reads_since_catch = 0
        self._relock_after = 1
        self._lead_ns = RELOCK_LEAD_NS

    def restart(self, first_ready_ns: int | None = None) -> None:
        """The chip was reset or re-selected: its grid starts again (at ``first_ready_ns``)."""
        self._catches.clear()
        self._relock_after = 1
        self._last_high_ns = None
        self._last_ready_ns = None if first_ready_ns is None else first_ready_ns - self.period_ns

    def saw_busy(self, at_ns: int) -> None:
        """DOUT was high at ``at_ns``: no conversion ready yet."""
        self._last_high_ns = at_ns

    def word_read(self, at_ns: int) -> None:
        """DOUT was low at ``at_ns`` and the word was shifted out."""
        high = self._last_high_ns
        self._last_high_ns = None
        if high is not None and at_ns - high <= CATCH_WITHIN_NS:
            self._caught((high + at_ns) / 2)  # ready somewhere between the two looks
            return
        if self._relocking:
            self._lead_ns = min(self._lead_ns * 2, round(self.period_ns * MAX_LEAD_SHARE))
        self._reads_since_catch += 1
        predicted = self.next_ready_ns
        if predicted is None or not self._catches or at_ns < predicted:
            # No grid yet, or ready earlier than the grid says: it is off, look for an edge.
            self._last_ready_ns = at_ns
            self._reads_since_catch = self._relock_after
            return
        # The latest grid point at or before the read (a late read skips whole periods).
        skipped = (at_ns - predicted) // self.period_ns
        self._last_ready_ns = predicted + skipped * self.period_ns

    def _caught(self, ready_ns: float) -> None:
        catches = self._catches
        catches.append(ready_ns)
        while ready_ns - catches[0] > BASELINE_NS:
            catches.popleft()
        span = ready_ns - catches[0]
        periods = round(span / self.period_ns)
        if periods >= 1:
            period = span / periods
            if abs(period / self.nominal_period_ns - 1) <= PERIOD_TOLERANCE:
                self.period_ns = period
        # A period measured over n periods predicts about n periods ahead as well as one
        # edge is known: relock after that many, doubling up to the steady gap.
        self._relock_after = max(1, min(RELOCK_EVERY, periods))
        self._last_ready_ns = ready_ns
        self._reads_since_catch = 0
        self._lead_ns = RELOCK_LEAD_NS

    @property
    def next_ready_ns(self) -> int | None:
        """When the next conversion should be ready; None before the first word."""
        if self._last_ready_ns is None:
            return None
        return round(self._last_ready_ns + self.period_ns)

    @property
    def wake_ns(self) -> int | None:
        """When the sampler should next look: just after the ready time, or early to relock."""
        ready = self.next_ready_ns
        if ready is None:
            return None
        if self._relocking:
            return ready - self._lead_ns
        return ready + WAKE_AFTER_NS

    @property
    def _relocking(self) -> bool:
        return not self._catches or self._reads_since_catch >= self._relock_after
