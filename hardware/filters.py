"""Spike rejection and low-latency smoothing for one force signal, in pure Python.

The chain is a spike rejector that lets a real step through at once (``JumpLimiter``)
followed by a One Euro filter; the median of three is the rejector it replaced, kept
for offline analysis (where a sample of delay costs nothing) and for the benchmark's
comparison. Each keeps a few floats of state: a sensor costs next to nothing per
sample on a Raspberry Pi.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

_NS_PER_S = 1_000_000_000


class Median3:
    """Median of the last three samples: the spike rejector of the chain.

    Chosen over a causal Hampel rejector because of what each does to the two events
    that matter. A spike one sample long (a bit slip, a pre-empted read: any size, even
    2^23 counts) can never be the middle of three values whose other two agree, so it is
    removed whatever its height and without a threshold to tune. A real step in force
    becomes the median as soon as two of the three samples carry it: exactly one sample
    of delay (12.5 ms at 80 SPS). A causal Hampel rejector judges the newest sample
    against a window of older ones, so the first samples of a real step look like
    outliers too and get held back for about half its window; making it faster means
    shrinking that window to three, which is this median with extra thresholds.

    Limit: a glitch two samples long passes (two of three agree). The reader drops the
    known bad words before they get here, so runs of glitches are rare.
    """

    __slots__ = ("_old", "_older")

    def __init__(self) -> None:
        self._older: float | None = None
        self._old: float | None = None

    def reset(self) -> None:
        """Forget the history, e.g. after a gap, so no stale value is mixed in."""
        self._older = None
        self._old = None

    def despike(self, x: float) -> tuple[float, float]:
        """The chain's interface: the median, with nothing provisional on top."""
        return self.push(x), 0.0

    def push(self, x: float) -> float:
        """Take the newest sample; return the median of it and the two before it.

        Until three samples exist the missing ones are taken to equal the first, so the
        output starts at once instead of waiting; a spike in the very first sample after
        a reset therefore shows for two samples.
        """
        older = x if self._older is None else self._older
        old = x if self._old is None else self._old
        self._older, self._old = old, x
        return max(min(older, old), min(max(older, old), x))


JUMP_LIMIT = 0.005
"""Of the chain's scale (the cell's capacity): the most an unconfirmed jump may move the
output, 450 g on the 90 kg grip cell and 110 g on the pinch cell: enough for the screen
to move on the next frame in every game, little for a glitch (after the One Euro filter
a bit slip of any size leaves at most 0.3 kg for one sample). HX711 noise is about 1e-5
of capacity, so only a real change or a glitch jumps this far in 12.5 ms."""
JUMP_AGREE = 0.0005
"""Of the scale: a change this small between samples is confirmed at once (50 times the
HX711's noise; 0.44 N on the grip cell)."""


class JumpLimiter:
    """A spike rejector with no delay on the screen: a sample is shown at once (within
    ``limit``), and only the smoothing waits for the next sample to confirm it.

    A sample within ``agree`` (far more than the noise) of the last confirmed value is
    confirmed at once. One that jumps further is provisional: it is shown as at most
    ``limit`` beyond the confirmed value, and the next sample decides. If that one keeps
    at least half of the jump, on the same side, the jump was real and is confirmed; if
    it goes back, it was a spike, dropped without a trace. ``despike`` returns the
    confirmed value (for the smoothing) and the provisional offset (added after it). So
    a real step moves the screen on the very next frame (the median of three held every
    step back one sample, on the screen too), the smoothing sees the same values one
    sample late as it did behind the median, and a glitch of any height, even 2^23
    counts, moves the force by at most ``limit`` for 12.5 ms. Like the median, a glitch
    two samples long passes.
    """

    __slots__ = ("_agree", "_confirmed", "_limit", "_pending")

    def __init__(self, limit: float = JUMP_LIMIT, agree: float = JUMP_AGREE) -> None:
        if not (limit > 0 and agree > 0):
            raise ValueError(f"the jump limits must be above 0, not {limit} and {agree}")
        self._limit = limit
        self._agree = agree
        self._confirmed: float | None = None
        self._pending: float | None = None

    def reset(self) -> None:
        """Forget the history, e.g. after a gap: the next sample is taken as it is."""
        self._confirmed = None
        self._pending = None

    def despike(self, x: float) -> tuple[float, float]:
        """(the confirmed value, the provisional offset to show on top of it)."""
        confirmed, pending = self._confirmed, self._pending
        if confirmed is None:
            self._confirmed = x
            return x, 0.0
        if pending is not None and _keeps_half(pending - confirmed, x - confirmed):
            confirmed = self._confirmed = pending  # the jump was real
        self._pending = None
        jump = x - confirmed
        if abs(jump) <= self._agree:
            self._confirmed = x
            return x, 0.0
        self._pending = x
        return confirmed, max(-self._limit, min(self._limit, jump))


def _keeps_half(first: float, second: float) -> bool:
    """The second sample is on the same side as the first jump, with half of it or more."""
    return first * second > 0 and abs(second) >= abs(first) / 2


def _smoothing_factor(cutoff_hz: float, dt_s: float) -> float:
    """Weight of the new sample in a first-order low-pass with this cut-off and step.

    From the RC time constant tau = 1 / (2 pi fc): alpha = dt / (dt + tau). It follows
    the real sample spacing, so a late sample moves the output further, as it should.
    """
    tau = 1.0 / (2.0 * math.pi * cutoff_hz)
    return dt_s / (dt_s + tau)


class OneEuroFilter:
    """Casiez, Roussel & Vogel's One Euro filter (CHI 2012) on real timestamps.

    A low-pass whose cut-off rises with the speed of the signal: at rest the cut-off is
    ``min_cutoff_hz`` (little jitter); while the force changes it grows by ``beta`` per
    unit of speed (little lag). The speed is itself low-passed at ``d_cutoff_hz`` so
    noise does not open the filter. Speed is in units of the input per second, so
    ``beta`` depends on how the input is scaled: feed it normalised force.
    """

    __slots__ = ("_beta", "_d_cutoff_hz", "_dx", "_min_cutoff_hz", "_t_ns", "_x")

    def __init__(self, min_cutoff_hz: float, beta: float, d_cutoff_hz: float) -> None:
        if not (min_cutoff_hz > 0 and d_cutoff_hz > 0 and beta >= 0):
            raise ValueError(
                "One Euro filter needs cut-offs above 0 Hz and a beta of 0 or more, got "
                f"min_cutoff={min_cutoff_hz}, d_cutoff={d_cutoff_hz}, beta={beta}"
            )
        self._min_cutoff_hz = min_cutoff_hz
        self._beta = beta
        self._d_cutoff_hz = d_cutoff_hz
        self._x: float | None = None
        self._dx = 0.0
        self._t_ns = 0

    def reset(self) -> None:
        """Start again from the next sample, with no memory of the old signal."""
        self._x = None
        self._dx = 0.0

    def filter(self, x: float, t_ns: int) -> float:
        """Smooth one sample taken at monotonic time ``t_ns``; return the estimate.

        A sample stamped at or before the previous one carries no elapsed time, so it
        cannot move a time-based filter: the previous estimate is returned and the time
        base moves to ``t_ns`` (so a clock that jumped back does not freeze the filter).
        """
        if self._x is None:
            self._x, self._dx, self._t_ns = x, 0.0, t_ns
            return x
        elapsed_ns = t_ns - self._t_ns
        self._t_ns = t_ns
        if elapsed_ns <= 0:
            return self._x
        dt_s = elapsed_ns / _NS_PER_S
        speed = (x - self._x) / dt_s
        self._dx += _smoothing_factor(self._d_cutoff_hz, dt_s) * (speed - self._dx)
        cutoff_hz = self._min_cutoff_hz + self._beta * abs(self._dx)
        self._x += _smoothing_factor(cutoff_hz, dt_s) * (x - self._x)
        return self._x


@dataclass(frozen=True, slots=True)
class FilterTuning:
    """One Euro settings for force divided by the chain's scale (1.0 = the scale).

    Tuned at 80 SPS with the sensor's capacity as the scale, by the paper's recipe: the
    cut-off at rest first, then ``beta`` until lag is gone. At rest a 1 Hz first-order
    low-pass keeps about a fifth of white noise's rms at 12.5 ms per sample. HX711 noise
    is ~1e-5 of a 90 kg cell's capacity, so its speed (~1e-3 per second) opens the
    filter by only ~0.1 Hz. A step of 1% of capacity (under a kilogram on the grip
    cell) is a speed near 1 per second and opens it past 40 Hz at once, so the output
    reaches 90% of the step within two samples of it (25 ms).
    ``d_cutoff_hz`` is far above the paper's 1 Hz so the speed estimate reacts within
    that one sample. The price: while the force keeps moving the filter stays open and
    passes most sensor noise, which is then tiny next to the movement.
    """

    min_cutoff_hz: float = 1.0
    beta: float = 100.0
    d_cutoff_hz: float = 20.0
    rejector: Literal["jump-limit", "median3"] = "jump-limit"
    """The spike rejector before the smoothing; the median of three holds every real
    step back one sample (kept for the benchmark's comparison)."""

    def __post_init__(self) -> None:
        self.one_euro()  # refuses nonsense settings when the tuning is made, not later
        if self.rejector not in ("jump-limit", "median3"):
            raise ValueError(f"no spike rejector called {self.rejector!r}")

    def one_euro(self) -> OneEuroFilter:
        """A fresh filter with these settings."""
        return OneEuroFilter(self.min_cutoff_hz, self.beta, self.d_cutoff_hz)

    def spike_rejector(self) -> JumpLimiter | Median3:
        """A fresh spike rejector of the chosen kind."""
        return JumpLimiter() if self.rejector == "jump-limit" else Median3()


DEFAULT_TUNING = FilterTuning()
"""The tuning every chain uses unless the station config overrides it."""
