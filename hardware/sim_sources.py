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
import time
from abc import abstractmethod
from collections import deque
from collections.abc import Callable, Generator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from hardware.frames import STARTING, ForceSample, SensorHealth, SensorStatus
from hardware.profiles import Profile
from hardware.recordings import COUNTS, Recording, RecordingError, RecordingFile, open_recording
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


Playable = Recording | RecordingFile
"""A recording in memory, or one on disk that is streamed."""


@dataclass(frozen=True, slots=True)
class _Track:
    """One recording laid out for playback: the length of a lap, and how to read one."""

    trace: Playable
    convert: Callable[[float], float] | None
    lap_s: float

    def lap(self) -> Generator[tuple[float, float], None, None]:
        """(seconds from the first sample, newtons) of each sample, read as asked for."""
        first_s, convert = self.trace.first_s, self.convert
        with closing(self.trace.rows()) as rows:
            for t_s, value in rows:
                yield t_s - first_s, value if convert is None else convert(value)


@dataclass(eq=False)
class _Lane:
    """Where one sensor is in its recording: the next sample and what has come due.

    Only the next sample is read ahead, and only the last backlog of due samples is kept
    until a poll takes them, so a lane's memory does not grow with the recording.
    """

    track: _Track
    rows: Generator[tuple[float, float], None, None]
    lap: int = 0
    index: int = -1
    """Position of ``upcoming`` in its lap."""
    upcoming: ForceSample | None = None
    """None once started: the recording ended (no loop) or went bad (``failure``)."""
    pending: deque[ForceSample] = field(default_factory=deque)
    recent_ns: deque[int] = field(default_factory=deque)
    """Times of the samples due within the last rate window."""
    last_ns: int | None = None
    dropped: int = 0
    failure: str = ""


class ReplaySource(_ClockedSource):
    """Plays recordings in real time from ``start()``, keeping their own sample spacing.

    A ``RecordingFile`` is streamed: each sensor reads its file a line at a time as its
    samples come due, and opens it again for the next lap, so a replay of hours costs no
    more memory than one of seconds. When a recording runs out without ``loop``, the
    sensor stays ``OK`` with the detail "recording ended" and a growing
    ``last_sample_age_s``: the replayed sensor did not fail, and that age is what the app
    already watches to notice a silent sensor. A file that goes bad during playback (it
    was checked when opened, so only a file changed since can) stops its sensor as
    ``FAULTY``, with the file and line in the detail, instead of crashing the game.
    A looped recording starts its next lap one typical sample interval after its last
    sample, so the seam looks like any other step.
    """

    simulated = True

    def __init__(
        self,
        recordings: Mapping[str, Playable],
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
        tracks = {
            sensor: self._track(sensor, rec, converters.pop(sensor, None), loop)
            for sensor, rec in recordings.items()
        }
        if converters:
            raise ValueError(f"to_newtons names sensors with no recording: {sorted(converters)}")
        self._loop = loop
        self._ns_per_s = 1e9 / speed
        super().__init__(clock, max_backlog_s)
        self._lanes = {sensor: _Lane(track, track.lap()) for sensor, track in tracks.items()}
        pace = "" if speed == 1.0 else f" at {speed:g}x speed"
        named = ", ".join(f"{s}: {rec.name}" for s, rec in recordings.items())
        self.description = f"replay of recorded forces ({named}){pace}" + (
            ", looping" if loop else ""
        )

    @staticmethod
    def open_file(path: str | Path) -> RecordingFile:
        """``path`` checked whole for replay and ready to stream (``open_recording``).

        Offered here because the station reaches the hardware through its package's face
        only, and this is where it needs a file opened without loading it.
        """
        return open_recording(path)

    @staticmethod
    def _track(
        sensor: str, rec: Playable, convert: Callable[[float], float] | None, loop: bool
    ) -> _Track:
        if rec.unit == COUNTS and convert is None:
            raise ValueError(
                f"{sensor}: recording {rec.name!r} is in raw HX711 counts; "
                "pass to_newtons for it (the sensor's calibration)"
            )
        if rec.unit != COUNTS and convert is not None:
            raise ValueError(f"{sensor}: recording {rec.name!r} is already in newtons")
        lap_s = rec.duration_s + rec.typical_gap_s
        if loop and lap_s <= 0:
            raise ValueError(f"{sensor}: recording {rec.name!r} spans no time; nothing to loop")
        return _Track(rec, convert, lap_s)

    def start(self) -> None:
        """Time starts now, and each recording's first sample is read (it is due at once)."""
        if not self._started:
            super().start()
            for sensor, lane in self._lanes.items():
                self._read(sensor, lane)

    def close(self) -> None:
        super().close()
        for lane in self._lanes.values():
            lane.rows.close()

    @property
    def ended(self) -> bool:
        """True once a non-looping replay has nothing more to give: all came due (or its
        file went bad)."""
        if not self._started or self._loop:
            return False
        now = self._clock()
        for sensor, lane in self._lanes.items():
            self._advance(sensor, lane, now)
        return all(lane.upcoming is None for lane in self._lanes.values())

    def _poll_at(self, now: int) -> list[ForceSample]:
        keyed: list[tuple[int, int, ForceSample]] = []
        for order, (sensor, lane) in enumerate(self._lanes.items()):
            self._advance(sensor, lane, now)
            keyed.extend((sample.t_ns, order, sample) for sample in lane.pending)
            lane.pending.clear()
        keyed.sort(key=lambda item: item[:2])
        return [sample for _, _, sample in keyed]

    def _health_at(self, now: int) -> dict[str, SensorHealth]:
        return {
            sensor: self._sensor_health(sensor, lane, now) for sensor, lane in self._lanes.items()
        }

    def _sensor_health(self, sensor: str, lane: _Lane, now: int) -> SensorHealth:
        self._advance(sensor, lane, now)
        age = math.inf if lane.last_ns is None else (now - lane.last_ns) / 1e9
        if lane.failure:
            return SensorHealth(
                SensorStatus.FAULTY,
                dropped_words=lane.dropped,
                last_sample_age_s=age,
                detail=f"replay stopped: {lane.failure}",
            )
        if lane.last_ns is None:
            return STARTING
        recent = lane.recent_ns
        return SensorHealth(
            SensorStatus.OK,
            rate_hz=_rate_hz(len(recent), recent[0], lane.last_ns) if recent else 0.0,
            dropped_words=lane.dropped,
            last_sample_age_s=age,
            detail="recording ended" if lane.upcoming is None else "",
        )

    def _advance(self, sensor: str, lane: _Lane, now: int) -> None:
        """Bring ``lane`` up to ``now``: read what came due, dropping what the backlog leaves."""
        cutoff = now - self._backlog_ns - 1
        window = now - _RATE_WINDOW_NS
        if self._loop:
            self._skip_laps(sensor, lane, min(cutoff, window))
        while lane.upcoming is not None and lane.upcoming.t_ns <= now:
            sample = lane.upcoming
            lane.last_ns = sample.t_ns
            if sample.t_ns > cutoff:
                lane.pending.append(sample)
            else:
                lane.dropped += 1
            if sample.t_ns > window:
                lane.recent_ns.append(sample.t_ns)
            self._read(sensor, lane)
        while lane.pending and lane.pending[0].t_ns <= cutoff:
            lane.pending.popleft()
            lane.dropped += 1
        while lane.recent_ns and lane.recent_ns[0] <= window:
            lane.recent_ns.popleft()

    def _skip_laps(self, sensor: str, lane: _Lane, before_ns: int) -> None:
        """After a long pause, count whole laps older than ``before_ns`` as dropped unread.

        Stops a lap short, so float rounding never skips a sample still due; reading
        what is left costs at most two laps, however long the pause.
        """
        if lane.upcoming is None:
            return
        samples = lane.track.trace.samples
        behind_s = (before_ns - self._start_ns) / self._ns_per_s
        lap = math.floor(behind_s / lane.track.lap_s) - 1
        if lap <= lane.lap:
            return
        lane.dropped += samples - lane.index + (lap - lane.lap - 1) * samples
        self._begin_lap(lane, lap)
        self._read(sensor, lane)

    def _begin_lap(self, lane: _Lane, lap: int) -> None:
        lane.rows.close()
        lane.rows = lane.track.lap()
        lane.lap, lane.index = lap, -1

    def _read(self, sensor: str, lane: _Lane) -> None:
        """Step ``lane`` on to its next sample, opening the recording again for a new lap."""
        try:
            row = next(lane.rows, None)
            if row is None and self._loop:
                self._begin_lap(lane, lane.lap + 1)
                row = next(lane.rows, None)
        except (RecordingError, OSError) as error:
            lane.failure, row = str(error), None
        if row is None:
            lane.upcoming = None
            return
        offset_s, newtons = row
        lane.index += 1
        lap_offset_s = lane.lap * lane.track.lap_s + offset_s
        t_ns = self._start_ns + round(lap_offset_s * self._ns_per_s)
        lane.upcoming = ForceSample(sensor, t_ns, newtons)


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
