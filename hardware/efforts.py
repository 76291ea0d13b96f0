"""Efforts in a force signal: each squeeze with its start, peak, end and time on target.

The games schedule reps by the clock; this finds what the hand did. A squeeze is told
from the rest around it by hysteresis, relative to two levels the detector tracks
itself, so neither a preload nor the size of the hand needs setting by hand:

- **the rest level**: where the force sits between squeezes. It follows a fall within
  a fraction of a second and a rise only over seconds, so a hand that never lets go
  (a preload of 18 N) or a drifting tare is rest, while a squeeze rises far faster
  than the rest level can follow.
- **the size of a squeeze**: the median rise of the last few efforts (before the first,
  the ``scale_n`` given), so a child's 9 kg squeezes count as well as an adult's 80 kg.

An effort starts when the force rises ``on_share`` of that size above the rest level
(never less than ``min_rise_n``, which keeps sensor noise out) and ends when it falls
back below ``end_share`` of its own rise. A dip below ``split_share`` of the rise
followed by a new rise as large as an onset splits it in two: graded squeezes over a
preload that never returns to rest are still counted one by one, while a hold that
sags after a child's overshoot stays one effort. A median of three goes first, so a
lone spike (a glitch, a knock) neither makes nor breaks an effort; peaks are those of
the despiked signal.

The shares were set on the five recordings of the shared corpus (116 rhythmic squeezes
fading from 21 to 9 kg, five hangboard pulls, graded squeezes over an 18 N preload,
graded pinches, one pinch impulse): every count stays right for an onset share from
0.25 to 0.35 and a rest rise from 8 to 20 s, so the defaults sit inside a plateau.

Pure Python and streaming: ``push`` one sample at a time in the app, ``find_efforts``
over a whole recording in memory, or ``find_efforts_in`` over one read twice from disk
(its scale, then its efforts), whose memory does not grow with the file.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from hardware.filters import Median3


@dataclass(frozen=True, slots=True)
class EffortSettings:
    """The hysteresis, as shares of a squeeze's rise above the rest it rose from."""

    on_share: float = 0.3
    """An onset is a rise of this share of the typical squeeze above the rest level."""
    end_share: float = 0.25
    """An effort ends when the force falls back below this share of its own rise."""
    split_share: float = 0.6
    """A dip below this share of the rise, then a fresh onset-sized rise: a new effort."""
    start_share: float = 0.1
    """An effort's start is the last moment before its peak at this share of its rise."""
    rest_fall_s: float = 0.15
    """How fast the rest level follows a falling force (time constant)."""
    rest_rise_s: float = 8.0
    """How slowly it follows a rising one: a drift is rest, a squeeze (even one that
    takes ten seconds to build) is not."""
    typical_of_last: int = 5
    """How many recent efforts the typical squeeze size is the median of."""

    def __post_init__(self) -> None:
        if not 0 < self.start_share < self.end_share < self.split_share < 1:
            raise ValueError("the shares must rise: 0 < start < end < split < 1")
        if not 0 < self.on_share < 1:
            raise ValueError("the onset share is a fraction between 0 and 1")
        if not (self.rest_fall_s > 0 and self.rest_rise_s > 0 and self.typical_of_last >= 1):
            raise ValueError("time constants must be positive and the median needs an effort")


DEFAULT_SETTINGS = EffortSettings()
NOISE_MULTIPLE = 6.0
"""A rise this many noise deviations is never noise: the rest level sits near the lower
edge of the noise, about three deviations under its middle, and noise seldom passes three
above it."""
LEAST_RISE_N = 1.0
"""About 0.1 kg: below the weakest child's squeeze, above a load cell's resolution."""


@dataclass(frozen=True, slots=True)
class Effort:
    """One squeeze. Times are on the caller's clock, in seconds; forces in newtons."""

    start_s: float
    """When the force left rest (the last moment at a tenth of its rise)."""
    peak_s: float
    peak_n: float
    end_s: float
    """When it fell back below a quarter of its rise, or the dip that split it."""
    rest_n: float
    """The level it rose from: the rest level, or the dip before it."""
    above_target_s: float = 0.0
    """Time at or above the target band's low edge (0 without a target)."""
    in_band_s: float = 0.0
    """Time inside the target band (0 without a target)."""
    complete: bool = True
    """False when the signal ended (so far) before the effort did."""

    @property
    def time_to_peak_s(self) -> float:
        return self.peak_s - self.start_s

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def rise_n(self) -> float:
        return self.peak_n - self.rest_n


class _Open:
    """The effort under way: what it rose from, its peak, the dip after it, its samples."""

    __slots__ = ("above_s", "in_band_s", "peak_n", "peak_s", "rest_n", "samples", "trough")

    def __init__(self, rest_n: float, samples: list[tuple[float, float]]) -> None:
        self.rest_n = rest_n
        self.samples = samples
        self.peak_s, self.peak_n = max(samples, key=lambda s: s[1])
        self.trough = (self.peak_s, self.peak_n)
        self.above_s = 0.0
        self.in_band_s = 0.0

    def add(self, t_s: float, force_n: float) -> None:
        self.samples.append((t_s, force_n))
        if force_n > self.peak_n:
            self.peak_s, self.peak_n = t_s, force_n
            self.trough = (t_s, force_n)
        elif force_n < self.trough[1]:
            self.trough = (t_s, force_n)

    def level(self, share: float) -> float:
        return self.rest_n + share * (self.peak_n - self.rest_n)

    def effort(self, end_s: float, settings: EffortSettings, *, complete: bool) -> Effort:
        start_level = self.level(settings.start_share)
        start_s = self.samples[0][0]
        for t_s, force_n in self.samples:
            if t_s >= self.peak_s:
                break
            if force_n <= start_level:
                start_s = t_s
        return Effort(
            start_s,
            self.peak_s,
            self.peak_n,
            end_s,
            self.rest_n,
            self.above_s,
            self.in_band_s,
            complete,
        )


class EffortDetector:
    """Streaming effort detection for one sensor: ``push`` samples, get finished efforts.

    ``scale_n`` is the size of squeeze to expect before any has been seen (a rep's target,
    or the range of a recording); ``min_rise_n`` the least rise that is ever an effort.
    ``target`` (low, high edges in newtons, or None) may change between samples: each
    effort counts its time above the low edge and inside the band as they were then.
    """

    def __init__(
        self,
        scale_n: float,
        *,
        min_rise_n: float = 0.0,
        settings: EffortSettings = DEFAULT_SETTINGS,
    ) -> None:
        if not (math.isfinite(scale_n) and scale_n > 0):
            raise ValueError(f"the expected squeeze size must be a positive force, not {scale_n}")
        if not (math.isfinite(min_rise_n) and min_rise_n >= 0):
            raise ValueError(f"the least rise must be a force of 0 or more, not {min_rise_n}")
        self.settings = settings
        self.min_rise_n = min_rise_n
        self.target: tuple[float, float] | None = None
        self._median = Median3()
        self._rises: deque[float] = deque([scale_n], maxlen=settings.typical_of_last)
        self._rest_n: float | None = None
        self._last: tuple[float, float] | None = None
        """The newest despiked sample: (time, force)."""
        self._since_rest: list[tuple[float, float]] = []
        """Samples since the force last sat at the rest level, for an effort's start."""
        self._rest_then_n = 0.0
        """The rest level when the force last sat at it: what an effort rises from."""
        self._open: _Open | None = None

    @property
    def rest_n(self) -> float | None:
        """The rest level now; None before the first sample."""
        return self._rest_n

    @property
    def onset_rise_n(self) -> float:
        """How far above rest the force must rise to start an effort now."""
        return max(self.min_rise_n, self.settings.on_share * statistics.median(self._rises))

    @property
    def current(self) -> Effort | None:
        """The effort under way, as far as it got (``complete`` False); None at rest."""
        if self._open is None or self._last is None:
            return None
        return self._open.effort(self._last[0], self.settings, complete=False)

    def push(self, t_s: float, force_n: float) -> Effort | None:
        """Take one sample; return the effort it ended, if any.

        A value that is not a finite number is a glitch upstream, and a sample older than
        the last one comes from a clock that ran backwards: both are skipped, so a live
        game never stops on them.
        """
        if not (math.isfinite(t_s) and math.isfinite(force_n)):
            return None
        if self._last is not None and t_s < self._last[0]:
            return None
        return self._step(t_s, self._median.push(force_n))

    def finish(self) -> Effort | None:
        """The signal ended: the effort under way (cut short, ``complete`` False), if any."""
        effort = self.current
        self._open = None
        return effort

    def _step(self, t_s: float, force_n: float) -> Effort | None:
        previous, self._last = self._last, (t_s, force_n)
        if previous is None or self._rest_n is None:
            self._rest_n = self._rest_then_n = force_n
            self._since_rest = [(t_s, force_n)]
            return None
        if self._open is not None:
            self._time_on_target(self._open, previous[1], t_s - previous[0])
            return self._during(self._open, t_s, force_n)
        self._follow_rest(force_n, t_s - previous[0])
        if force_n <= self._rest_n + self.settings.start_share * self.onset_rise_n:
            self._since_rest = [(t_s, force_n)]
            self._rest_then_n = self._rest_n
        else:
            self._since_rest.append((t_s, force_n))
        if force_n >= self._rest_n + self.onset_rise_n:
            self._open = _Open(self._rest_then_n, self._since_rest)
            self._since_rest = []
        return None

    def _follow_rest(self, force_n: float, dt_s: float) -> None:
        assert self._rest_n is not None
        tau = self.settings.rest_fall_s if force_n < self._rest_n else self.settings.rest_rise_s
        self._rest_n += (force_n - self._rest_n) * (1.0 - math.exp(-dt_s / tau))

    def _time_on_target(self, effort: _Open, force_n: float, dt_s: float) -> None:
        """The interval after a sample counts as that sample was: on target or not."""
        if self.target is None:
            return
        low, high = self.target
        if force_n >= low:
            effort.above_s += dt_s
            if force_n <= high:
                effort.in_band_s += dt_s

    def _during(self, effort: _Open, t_s: float, force_n: float) -> Effort | None:
        effort.add(t_s, force_n)
        settings = self.settings
        trough_s, trough_n = effort.trough
        if trough_n <= effort.level(settings.split_share) and (
            force_n - trough_n >= self.onset_rise_n
        ):
            return self._split(effort, trough_s, trough_n)
        if force_n <= effort.level(settings.end_share):
            self._open = None
            self._rest_n = self._rest_then_n = force_n
            self._since_rest = [(t_s, force_n)]
            return self._closed(effort.effort(t_s, settings, complete=True))
        return None

    def _split(self, effort: _Open, trough_s: float, trough_n: float) -> Effort:
        """End ``effort`` at its dip and carry on with the squeeze rising out of it."""
        after = [s for s in effort.samples if s[0] >= trough_s]
        before = [s for s in effort.samples if s[0] <= trough_s]
        effort.samples = before
        ended = effort.effort(trough_s, self.settings, complete=True)
        self._open = _Open(trough_n, after)
        return self._closed(ended)

    def _closed(self, effort: Effort) -> Effort:
        self._rises.append(effort.rise_n)
        return effort


MEDIAN_OF_AT_MOST = 131_072
"""Values kept for each median of the scale: all of a recording this short (27 minutes at
80 Hz), an even spread of a longer one, so a file of any length costs at most about 8 MB."""


class _Spread:
    """Every ``stride``-th value pushed, the stride doubling (every other value dropped)
    whenever ``MEDIAN_OF_AT_MOST`` are kept: an evenly spaced sample of any length."""

    __slots__ = ("_skip", "_stride", "values")

    def __init__(self) -> None:
        self.values: list[float] = []
        self._stride = 1
        self._skip = 0

    def push(self, value: float) -> None:
        if self._skip:
            self._skip -= 1
            return
        self.values.append(value)
        self._skip = self._stride - 1
        if len(self.values) == MEDIAN_OF_AT_MOST:
            del self.values[1::2]
            self._stride *= 2


class ScaleFinder:
    """(squeeze size, least rise) of a recording fed one force at a time: ``expected_scale``
    for a file read from disk, with the medians taken of at most ``MEDIAN_OF_AT_MOST``."""

    __slots__ = ("_despiked", "_last", "_median", "_steps", "_top")

    def __init__(self) -> None:
        self._median = Median3()
        self._despiked = _Spread()
        self._steps = _Spread()
        self._top = -math.inf
        self._last: float | None = None

    def push(self, force_n: float) -> None:
        if not math.isfinite(force_n):
            return
        despiked = self._median.push(force_n)
        self._despiked.push(despiked)
        self._top = max(self._top, despiked)
        if self._last is not None:
            self._steps.push(abs(force_n - self._last))
        self._last = force_n

    def scale(self) -> tuple[float, float]:
        """The size is the despiked maximum above the median, so a recording of any hand
        sets its own scale; the least rise is ``NOISE_MULTIPLE`` times the noise, estimated
        from the median sample-to-sample step (robust: the squeezes themselves hardly move
        it), and never under ``LEAST_RISE_N``, so a quantised flat line is not a row of
        efforts."""
        if not self._steps.values:
            return LEAST_RISE_N, LEAST_RISE_N
        noise_n = 1.4826 * statistics.median(self._steps.values) / math.sqrt(2)
        least = max(LEAST_RISE_N, NOISE_MULTIPLE * noise_n)
        return max(self._top - statistics.median(self._despiked.values), least), least


def expected_scale(forces_n: Iterable[float]) -> tuple[float, float]:
    """(squeeze size, least rise) read off a whole recording, for ``find_efforts``."""
    finder = ScaleFinder()
    for force_n in forces_n:
        finder.push(force_n)
    return finder.scale()


def find_efforts(
    times_s: Sequence[float],
    forces_n: Sequence[float],
    *,
    settings: EffortSettings = DEFAULT_SETTINGS,
) -> list[Effort]:
    """Every effort in a whole recording, the last one marked if the file cuts it."""
    return find_efforts_in(lambda: zip(times_s, forces_n, strict=True), settings=settings)


def find_efforts_in(
    rows: Callable[[], Iterable[tuple[float, float]]],
    *,
    settings: EffortSettings = DEFAULT_SETTINGS,
) -> list[Effort]:
    """Every effort in a recording that ``rows`` reads afresh as (time, force) each call:
    once for its scale, once for its efforts, so it is never held whole in memory.

    What is kept grows with the efforts found and with the samples of the longest one
    (its start is found in them), not with the recording.
    """
    finder = ScaleFinder()
    for _, force_n in rows():
        finder.push(force_n)
    scale_n, least_n = finder.scale()
    detector = EffortDetector(scale_n, min_rise_n=least_n, settings=settings)
    found = [e for t, f in rows() if (e := detector.push(t, f))]
    last = detector.finish()
    return [*found, last] if last is not None else found
