"""Scripted force profiles: force in newtons as a pure function of seconds.

The chip emulator and the scripted source call ``profile(t_s)``; nothing here keeps
state, so a profile can be sampled at any times, in any order, and gives the same
answer. Every profile holds its first value before 0 and its last value after its
duration, which makes them safe to chain and to sample past the end of a test.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Protocol, runtime_checkable

from hardware.recordings import COUNTS, Recording


@runtime_checkable
class Profile(Protocol):
    """Anything that maps seconds to newtons and knows how long it lasts."""

    @property
    def duration_s(self) -> float:
        """Seconds until the profile holds still; ``math.inf`` when it never ends."""
        ...

    def __call__(self, t_s: float) -> float: ...


def _finite(what: str, value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value}")


def _duration(what: str, value: float, *, open_ended: bool = False) -> None:
    if math.isnan(value) or value < 0 or (value == math.inf and not open_ended):
        kind = "zero or more seconds" if open_ended else "a finite number of seconds"
        raise ValueError(f"{what} must be {kind}, not {value}")


def _clamp(t_s: float, duration_s: float) -> float:
    return min(max(t_s, 0.0), duration_s)


def _smooth(x: float) -> float:
    """0 → 1 over x in [0, 1] with zero slope at both ends, like a muscle easing in."""
    return 0.5 - 0.5 * math.cos(math.pi * x)


@dataclass(frozen=True, slots=True)
class Constant:
    newtons: float
    duration_s: float = math.inf

    def __post_init__(self) -> None:
        _finite("constant force", self.newtons)
        _duration("constant duration", self.duration_s, open_ended=True)

    def __call__(self, t_s: float) -> float:
        return self.newtons


@dataclass(frozen=True, slots=True)
class Step:
    """``before_n`` until ``at_s``, then ``after_n``: the harshest input a filter sees."""

    at_s: float
    before_n: float
    after_n: float
    duration_s: float = math.inf

    def __post_init__(self) -> None:
        _finite("step force before", self.before_n)
        _finite("step force after", self.after_n)
        _duration("step time", self.at_s)
        _duration("step duration", self.duration_s, open_ended=True)
        if self.at_s > self.duration_s:
            raise ValueError(f"step at {self.at_s} s falls after its duration {self.duration_s} s")

    def __call__(self, t_s: float) -> float:
        return self.after_n if _clamp(t_s, self.duration_s) >= self.at_s else self.before_n


@dataclass(frozen=True, slots=True)
class Ramp:
    """A straight line from ``start_n`` to ``end_n``: a steady build-up or let-go."""

    start_n: float
    end_n: float
    duration_s: float

    def __post_init__(self) -> None:
        _finite("ramp start force", self.start_n)
        _finite("ramp end force", self.end_n)
        _duration("ramp duration", self.duration_s)
        if self.duration_s == 0:
            raise ValueError("a ramp needs a duration above zero; use Step for a jump")

    def __call__(self, t_s: float) -> float:
        x = _clamp(t_s, self.duration_s) / self.duration_s
        return self.start_n + (self.end_n - self.start_n) * x


@dataclass(frozen=True, slots=True)
class Squeeze:
    """One rep: rise to ``peak_n``, hold, release, with eased edges as a hand does."""

    peak_n: float
    rise_s: float = 0.5
    hold_s: float = 3.0
    release_s: float = 0.4
    base_n: float = 0.0

    def __post_init__(self) -> None:
        _finite("squeeze peak force", self.peak_n)
        _finite("squeeze base force", self.base_n)
        for what, value in (
            ("rise", self.rise_s),
            ("hold", self.hold_s),
            ("release", self.release_s),
        ):
            _duration(f"squeeze {what} time", value)

    @property
    def duration_s(self) -> float:
        return self.rise_s + self.hold_s + self.release_s

    def __call__(self, t_s: float) -> float:
        t = _clamp(t_s, self.duration_s)
        span = self.peak_n - self.base_n
        if t < self.rise_s:
            return self.base_n + span * _smooth(t / self.rise_s)
        t -= self.rise_s + self.hold_s
        if t <= 0:
            return self.peak_n
        if self.release_s == 0:
            return self.base_n
        return self.peak_n - span * _smooth(t / self.release_s)


@dataclass(frozen=True, slots=True)
class SqueezeTrain:
    """``reps`` x (squeeze + rest): one set of a therapy exercise."""

    squeeze: Squeeze
    reps: int
    rest_s: float

    def __post_init__(self) -> None:
        if self.reps < 1:
            raise ValueError(f"a squeeze train needs at least one rep, not {self.reps}")
        _duration("rest between squeezes", self.rest_s)

    @property
    def duration_s(self) -> float:
        return self.reps * (self.squeeze.duration_s + self.rest_s)

    def __call__(self, t_s: float) -> float:
        t = _clamp(t_s, self.duration_s)
        period = self.squeeze.duration_s + self.rest_s
        rep = min(int(t // period), self.reps - 1) if period > 0 else 0
        return self.squeeze(t - rep * period)


@dataclass(frozen=True, slots=True)
class Sine:
    """A target that moves smoothly up and down: force tracking and grading tests."""

    mean_n: float
    amplitude_n: float
    frequency_hz: float
    duration_s: float = math.inf

    def __post_init__(self) -> None:
        _finite("sine mean force", self.mean_n)
        _finite("sine amplitude", self.amplitude_n)
        _finite("sine frequency", self.frequency_hz)
        _duration("sine duration", self.duration_s, open_ended=True)

    def __call__(self, t_s: float) -> float:
        t = _clamp(t_s, self.duration_s)
        return self.mean_n + self.amplitude_n * math.sin(2 * math.pi * self.frequency_hz * t)


@dataclass(frozen=True, slots=True)
class RecordingProfile:
    """A real trace as a profile, starting at its first sample.

    A ``t_s,raw`` recording is in HX711 counts, so it needs the calibration that turns
    counts into newtons; without one it would feed counts where newtons are expected.
    """

    recording: Recording
    to_newtons: Callable[[float], float] | None = None

    def __post_init__(self) -> None:
        if self.recording.unit == COUNTS and self.to_newtons is None:
            raise ValueError(
                f"recording {self.recording.name!r} is in raw counts; "
                "pass to_newtons to turn counts into newtons"
            )

    @property
    def duration_s(self) -> float:
        return self.recording.duration_s

    def __call__(self, t_s: float) -> float:
        t = self.recording.times_s[0] + _clamp(t_s, self.duration_s)
        value = self.recording.force_at(t)
        return value if self.to_newtons is None else self.to_newtons(value)


@dataclass(frozen=True, slots=True)
class Chain:
    """Profiles played one after another, each on its own clock starting at 0."""

    parts: tuple[Profile, ...]
    _starts: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("a chain needs at least one profile")
        for part in self.parts[:-1]:
            if part.duration_s == math.inf:
                raise ValueError(f"{part!r} never ends, so only the last profile may be it")
        starts = tuple(accumulate((p.duration_s for p in self.parts[:-1]), initial=0.0))
        object.__setattr__(self, "_starts", starts)

    @property
    def duration_s(self) -> float:
        return self._starts[-1] + self.parts[-1].duration_s

    def __call__(self, t_s: float) -> float:
        t = _clamp(t_s, self.duration_s)
        i = bisect_right(self._starts, t) - 1
        return self.parts[i](t - self._starts[i])


def chain(*parts: Profile) -> Chain:
    """``chain(rest, squeeze, rest)`` reads better than building the tuple."""
    return Chain(parts)
