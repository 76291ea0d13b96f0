"""Force sources with no load cell behind them: replays, scripts and the virtual squeeze.

All three take their time from an injected monotonic clock and work out, at each
poll, which samples have come due since the last one. They never sleep, so a game
frame is never held up, and a test can drive them with a fake clock. After a long
pause (a debugger, a suspended laptop) a poll returns at most ``max_backlog_s`` of
samples; older ones are dropped and counted in ``SensorHealth.dropped_words``,
because a game fed minutes of stale force at once would jerk.
"""

from __future__ import annotations

import math
import random
import statistics
import time
from abc import abstractmethod
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from hardware.frames import STARTING, ForceSample, SensorHealth, SensorStatus
from hardware.profiles import Profile
from hardware.recordings import COUNTS, Recording
from hardware.source import Clock, ForceSource
from hardware.virtual_hand import VirtualHand

MAX_BACKLOG_S = 2.0
_RATE_WINDOW_NS = 1_000_000_000
"""Health reports the sample rate seen over the last second."""
_CLOSED = SensorHealth(SensorStatus.UNPLUGGED, detail="source closed")


def _check_sensors(names: Sequence[str]) -> tuple[str, ...]:
    if not names:
        raise ValueError("a force source needs at least one sensor")
    return tuple(names)


def _check_positive(what: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{what} must be a number above 0, not {value}")


def _rate_hz(count: int, first_ns: int, last_ns: int) -> float:
    return (count - 1) * 1e9 / (last_ns - first_ns) if count >= 2 and last_ns > first_ns else 0.0


@dataclass(frozen=True, slots=True)
class _Track:
    """One recording laid out for playback: offsets from its first sample, in newtons."""

    offsets_s: tuple[float, ...]
    newtons: tuple[float, ...]
    lap_s: float


class _ClockedSource(ForceSource):
    """Start/close bookkeeping shared by the simulated sources: time starts at start()."""

    def __init__(self, clock: Clock, max_backlog_s: float) -> None:
        self._clock = clock
        self._backlog_ns = round(max_backlog_s * 1e9)
        self._start_ns = 0
        self._started = False
        self._closed = False

    def start(self) -> None:
        if not self._started:
            self._start_ns = self._clock()
            self._started = True

    def close(self) -> None:
        self._closed = True

    def poll(self) -> list[ForceSample]:
        if not self._started or self._closed:
            return []
        return self._poll_at(self._clock())

    def health(self) -> dict[str, SensorHealth]:
        if self._closed:
            return dict.fromkeys(self.sensors, _CLOSED)
        if not self._started:
            return dict.fromkeys(self.sensors, STARTING)
        return self._health_at(self._clock())

    @abstractmethod
    def _poll_at(self, now: int) -> list[ForceSample]:
        """Every sample due by ``now`` and not yet returned."""

    @abstractmethod
    def _health_at(self, now: int) -> dict[str, SensorHealth]:
        """Each sensor's health at ``now``, once started."""


class ReplaySource(_ClockedSource):
    """Plays recordings in real time from ``start()``, keeping their own sample spacing.

    When a recording runs out without ``loop``, the sensor stays ``OK`` with the detail
    "recording ended" and a growing ``last_sample_age_s``: the replayed sensor did not
    fail, and that age is what the app already watches to notice a silent sensor.
    A looped recording starts its next lap one typical sample interval after its last
    sample, so the seam looks like any other step.
    """

    simulated = True

    def __init__(
        self,
        recordings: Mapping[str, Recording],
        *,
        loop: bool = False,
        speed: float = 1.0,
        to_newtons: Mapping[str, Callable[[float], float]] | None = None,
        clock: Clock = time.monotonic_ns,
        max_backlog_s: float = MAX_BACKLOG_S,
    ) -> None:
        self.sensors = _check_sensors(list(recordings))
        _check_positive("replay speed", speed)
        _check_positive("the backlog limit", max_backlog_s)
        converters = dict(to_newtons or {})
        self._tracks = {
            sensor: self._track(sensor, rec, converters.pop(sensor, None), loop)
            for sensor, rec in recordings.items()
        }
        if converters:
            raise ValueError(f"to_newtons names sensors with no recording: {sorted(converters)}")
        self._loop = loop
        self._ns_per_s = 1e9 / speed
        super().__init__(clock, max_backlog_s)
        self._next = dict.fromkeys(self.sensors, 0)
        self._dropped = dict.fromkeys(self.sensors, 0)
        pace = "" if speed == 1.0 else f" at {speed:g}x speed"
        named = ", ".join(f"{s}: {rec.name}" for s, rec in recordings.items())
        self.description = f"replay of recorded forces ({named}){pace}" + (
            ", looping" if loop else ""
        )

    @staticmethod
    def _track(
        sensor: str, rec: Recording, convert: Callable[[float], float] | None, loop: bool
    ) -> _Track:
        if rec.unit == COUNTS and convert is None:
            raise ValueError(
                f"{sensor}: recording {rec.name!r} is in raw HX711 counts; "
                "pass to_newtons for it (the sensor's calibration)"
            )
        if rec.unit != COUNTS and convert is not None:
            raise ValueError(f"{sensor}: recording {rec.name!r} is already in newtons")
        t0 = rec.times_s[0]
        offsets = tuple(t - t0 for t in rec.times_s)
        newtons = rec.values if convert is None else tuple(map(convert, rec.values))
        steps = [b - a for a, b in pairwise(offsets)]
        lap_s = offsets[-1] + (statistics.median(steps) if steps else 0.0)
        if loop and lap_s <= 0:
            raise ValueError(f"{sensor}: recording {rec.name!r} spans no time; nothing to loop")
        return _Track(offsets, newtons, lap_s)

    @property
    def ended(self) -> bool:
        """True once every sample of a non-looping replay has come due."""
        if not self._started or self._loop:
            return False
        now = self._clock()
        return all(self._due(s, now) == len(t.offsets_s) for s, t in self._tracks.items())

    def _poll_at(self, now: int) -> list[ForceSample]:
        keyed: list[tuple[int, int, ForceSample]] = []
        for order, (sensor, track) in enumerate(self._tracks.items()):
            end = self._due(sensor, now)
            kept = self._due(sensor, now - self._backlog_ns - 1)
            if kept > self._next[sensor]:
                self._dropped[sensor] += kept - self._next[sensor]
                self._next[sensor] = kept
            size = len(track.offsets_s)
            for g in range(self._next[sensor], end):
                t_ns = self._time_ns(sensor, g)
                keyed.append((t_ns, order, ForceSample(sensor, t_ns, track.newtons[g % size])))
            self._next[sensor] = max(self._next[sensor], end)
        keyed.sort(key=lambda item: item[:2])
        return [sample for _, _, sample in keyed]

    def _health_at(self, now: int) -> dict[str, SensorHealth]:
        return {sensor: self._sensor_health(sensor, now) for sensor in self.sensors}

    def _sensor_health(self, sensor: str, now: int) -> SensorHealth:
        end = self._due(sensor, now)
        if end == 0:
            return STARTING
        first = self._due(sensor, now - _RATE_WINDOW_NS)
        last_ns = self._time_ns(sensor, end - 1)
        over = not self._loop and end == len(self._tracks[sensor].offsets_s)
        return SensorHealth(
            SensorStatus.OK,
            rate_hz=_rate_hz(end - first, self._time_ns(sensor, first), last_ns),
            dropped_words=self._dropped[sensor],
            last_sample_age_s=(now - last_ns) / 1e9,
            detail="recording ended" if over else "",
        )

    def _time_ns(self, sensor: str, g: int) -> int:
        """When the g-th sample played (laps counted) is due."""
        track = self._tracks[sensor]
        lap, i = divmod(g, len(track.offsets_s))
        return self._start_ns + round((lap * track.lap_s + track.offsets_s[i]) * self._ns_per_s)

    def _due(self, sensor: str, now: int) -> int:
        """How many samples are due at ``now``; found by search, so long pauses cost nothing."""
        if now < self._start_ns:
            return 0
        track = self._tracks[sensor]
        size = len(track.offsets_s)
        elapsed_s = (now - self._start_ns) / self._ns_per_s
        lap = int(elapsed_s // track.lap_s) if self._loop else 0
        g = lap * size + bisect_right(track.offsets_s, elapsed_s - lap * track.lap_s)
        limit = math.inf if self._loop else size
        while g < limit and self._time_ns(sensor, g) <= now:
            g += 1
        while g > 0 and self._time_ns(sensor, g - 1) > now:
            g -= 1
        return g


class _GridSource(_ClockedSource):
    """Samples every sensor on one fixed-rate grid from ``start()``, with optional outages.

    Outages are given in seconds from start; a grid sample that falls inside one is
    never produced, which is what an unplugged chip looks like to the app.
    """

    simulated = True

    def __init__(
        self,
        sensors: Sequence[str],
        *,
        rate_hz: float,
        noise_n: float,
        seed: int,
        outages: Mapping[str, Sequence[tuple[float, float]]],
        clock: Clock,
        max_backlog_s: float,
    ) -> None:
        self.sensors = _check_sensors(sensors)
        _check_positive("the sample rate", rate_hz)
        _check_positive("the backlog limit", max_backlog_s)
        if not (math.isfinite(noise_n) and noise_n >= 0):
            raise ValueError(f"noise must be 0 N or more, not {noise_n}")
        unknown = sorted(set(outages) - set(self.sensors))
        if unknown:
            raise ValueError(f"outages name sensors this source does not have: {unknown}")
        self.rate_hz = rate_hz
        self._noise_n = noise_n
        self._rng = {s: random.Random(f"{seed}:{s}") for s in self.sensors}
        self._outages = {s: self._index_ranges(s, outages.get(s, ())) for s in self.sensors}
        super().__init__(clock, max_backlog_s)
        self._next = 0
        self._dropped = dict.fromkeys(self.sensors, 0)

    @abstractmethod
    def _force(self, sensor: str, t_s: float, t_ns: int) -> float:
        """The noiseless force on ``sensor`` at ``t_s`` after start (``t_ns`` on the clock)."""

    def _index_ranges(
        self, sensor: str, spans: Sequence[tuple[float, float]]
    ) -> list[tuple[int, int]]:
        """Outages as merged, sorted ranges of grid indices [first, end)."""
        ranges: list[tuple[int, int]] = []
        for begin_s, end_s in spans:
            if not (math.isfinite(end_s) and 0 <= begin_s < end_s):
                raise ValueError(
                    f"{sensor}: an outage needs a start at 0 s or later and a finite end "
                    f"after it, not ({begin_s}, {end_s})"
                )
            ranges.append((self._index_at(begin_s), self._index_at(end_s)))
        merged: list[tuple[int, int]] = []
        for first, end in sorted(ranges):
            if merged and first <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            elif end > first:
                merged.append((first, end))
        return merged

    def _index_at(self, t_s: float) -> int:
        """The first grid index at or after ``t_s`` (rounded so 0.1 s x 80 Hz is index 8)."""
        return math.ceil(round(t_s * self.rate_hz, 6))

    def _outage_of(self, sensor: str, k: int) -> tuple[int, int] | None:
        for first, end in self._outages[sensor]:
            if first <= k < end:
                return first, end
        return None

    def _last_produced(self, sensor: str, k: int) -> int:
        """The newest produced index at or before ``k``, or -1."""
        while k >= 0 and (span := self._outage_of(sensor, k)) is not None:
            k = span[0] - 1
        return k

    def _first_produced(self, sensor: str, k: int, end: int) -> int:
        """The oldest produced index in [k, end), or ``end``."""
        while k < end and (span := self._outage_of(sensor, k)) is not None:
            k = span[1]
        return min(k, end)

    def _produced_between(self, sensor: str, k0: int, k1: int) -> int:
        lost = sum(max(0, min(end, k1) - max(first, k0)) for first, end in self._outages[sensor])
        return max(0, k1 - k0 - lost)

    def _time_ns(self, k: int) -> int:
        return self._start_ns + round(k * 1e9 / self.rate_hz)

    def _due(self, now: int) -> int:
        """How many grid indices are due at ``now``."""
        k = max(0, int((now - self._start_ns) * self.rate_hz // 1e9) + 1)
        while self._time_ns(k) <= now:
            k += 1
        while k > 0 and self._time_ns(k - 1) > now:
            k -= 1
        return k

    def _poll_at(self, now: int) -> list[ForceSample]:
        end = self._due(now)
        kept = self._due(now - self._backlog_ns - 1)
        if kept > self._next:
            for sensor in self.sensors:
                self._dropped[sensor] += self._produced_between(sensor, self._next, kept)
            self._next = kept
        samples: list[ForceSample] = []
        for k in range(self._next, end):
            t_ns = self._time_ns(k)
            for sensor in self.sensors:
                if self._outage_of(sensor, k) is None:
                    newtons = self._force(sensor, k / self.rate_hz, t_ns)
                    if self._noise_n:
                        newtons += self._rng[sensor].gauss(0.0, self._noise_n)
                    samples.append(ForceSample(sensor, t_ns, newtons))
        self._next = max(self._next, end)
        return samples

    def _health_at(self, now: int) -> dict[str, SensorHealth]:
        end = self._due(now)
        window_start = self._due(now - _RATE_WINDOW_NS)
        return {
            sensor: self._sensor_health(sensor, now, window_start, end) for sensor in self.sensors
        }

    def _sensor_health(self, sensor: str, now: int, window_start: int, end: int) -> SensorHealth:
        last = self._last_produced(sensor, end - 1)
        first = self._first_produced(sensor, window_start, end)
        rate = 0.0
        if first <= last:
            count = self._produced_between(sensor, first, last + 1)
            rate = _rate_hz(count, self._time_ns(first), self._time_ns(last))
        age = (now - self._time_ns(last)) / 1e9 if last >= 0 else math.inf
        outage = self._outage_of(sensor, end - 1)
        if outage is not None:
            return SensorHealth(
                SensorStatus.UNPLUGGED,
                rate_hz=rate,
                dropped_words=self._dropped[sensor],
                last_sample_age_s=age,
                detail=f"simulated outage until {outage[1] / self.rate_hz:g} s",
            )
        return SensorHealth(
            SensorStatus.OK,
            rate_hz=rate,
            dropped_words=self._dropped[sensor],
            last_sample_age_s=age,
        )


class ScriptedSource(_GridSource):
    """Force profiles sampled like a chip at ``rate_hz``: for games, demos and tests.

    ``outages`` switch a sensor off for spans of seconds after start, so a test can
    unplug the pinch sensor mid-game and plug it back in.
    """

    def __init__(
        self,
        profiles: Mapping[str, Profile],
        *,
        rate_hz: float = 80.0,
        noise_n: float = 0.0,
        seed: int = 0,
        outages: Mapping[str, Sequence[tuple[float, float]]] | None = None,
        clock: Clock = time.monotonic_ns,
        max_backlog_s: float = MAX_BACKLOG_S,
    ) -> None:
        super().__init__(
            list(profiles),
            rate_hz=rate_hz,
            noise_n=noise_n,
            seed=seed,
            outages=outages or {},
            clock=clock,
            max_backlog_s=max_backlog_s,
        )
        self._profiles = dict(profiles)
        self.description = f"scripted force profiles at {rate_hz:g} Hz"

    def _force(self, sensor: str, t_s: float, t_ns: int) -> float:
        return self._profiles[sensor](t_s)


class VirtualSqueezeSource(_GridSource):
    """Samples keyboard- or touch-driven ``VirtualHand`` models like a chip would.

    The default noise is a little above the converter's own (about 0.01 N rms for a
    2 mV/V, 90 kg cell at 80 SPS), so filters see the kind of jitter they must hide.
    """

    def __init__(
        self,
        hands: Mapping[str, VirtualHand],
        *,
        rate_hz: float = 80.0,
        noise_n: float = 0.02,
        seed: int = 0,
        clock: Clock = time.monotonic_ns,
        max_backlog_s: float = MAX_BACKLOG_S,
    ) -> None:
        super().__init__(
            list(hands),
            rate_hz=rate_hz,
            noise_n=noise_n,
            seed=seed,
            outages={},
            clock=clock,
            max_backlog_s=max_backlog_s,
        )
        self._hands = dict(hands)
        self.description = f"virtual squeeze (keyboard, mouse or touch) at {rate_hz:g} Hz"

    def _force(self, sensor: str, t_s: float, t_ns: int) -> float:
        return self._hands[sensor].force_n(t_ns)
