"""From force samples to force frames: spike rejection and smoothing per sensor.

``SignalChain`` filters one sensor; ``ForcePipeline`` polls a source once per app frame
and keeps each sensor's chain fed, reset after unplugging, a gap in the data or a
clock that ran backwards.
"""

from __future__ import annotations

import math
from dataclasses import replace

from hardware.filters import DEFAULT_TUNING, FilterTuning
from hardware.frames import STARTING, ForceFrame, ForceSample, SensorHealth
from hardware.source import ForceSource

DEFAULT_MAX_GAP_S = 0.25
"""A gap this long (20 conversions at 80 SPS) means the old samples say nothing about
the new ones: smoothing across it would drag a stale force into the first frames."""


class SignalChain:
    """Spike rejection (``FilterTuning.rejector``), then a One Euro filter, for one sensor.

    The One Euro filter runs on force divided by ``scale_n`` so one tuning fits a 22 kg
    pinch cell and a 90 kg grip cell alike; pass the sensor's capacity.
    """

    def __init__(self, sensor: str, scale_n: float, tuning: FilterTuning = DEFAULT_TUNING) -> None:
        if not (math.isfinite(scale_n) and scale_n > 0):
            raise ValueError(
                f"{sensor}: the force scale must be a positive number of newtons "
                f"(e.g. the load cell's capacity), not {scale_n!r}"
            )
        self.sensor = sensor
        self.scale_n = scale_n
        self._despike = tuning.spike_rejector()
        self._one_euro = tuning.one_euro()
        self._filtered_n = 0.0

    def reset(self) -> None:
        """Forget the past, e.g. after a replug, so nothing is smoothed across the gap."""
        self._despike.reset()
        self._one_euro.reset()

    def push(self, sample: ForceSample, health: SensorHealth) -> ForceFrame:
        """Filter one sample; the frame keeps the received value as ``raw_n``.

        A value that is not a finite number (a broken conversion upstream) is a glitch
        like any other: it is kept out of the filters and the last output stands.
        """
        if sample.sensor != self.sensor:
            raise ValueError(
                f"the {self.sensor!r} signal chain was given a sample from {sample.sensor!r}"
            )
        if math.isfinite(sample.newtons):
            confirmed, provisional = self._despike.despike(sample.newtons / self.scale_n)
            smoothed = self._one_euro.filter(confirmed, sample.t_ns)
            self._filtered_n = (smoothed + provisional) * self.scale_n
        return ForceFrame(self.sensor, sample.t_ns, sample.newtons, self._filtered_n, health)


class ForcePipeline:
    """Polls a source and turns its samples into the latest frame of each sensor.

    Call ``update()`` once per app frame. Games read the returned latest frames; a
    recorder reads ``new_frames``, every frame made by that update in arrival order.
    """

    def __init__(
        self,
        source: ForceSource,
        scales: dict[str, float],
        tuning: FilterTuning = DEFAULT_TUNING,
        max_gap_s: float = DEFAULT_MAX_GAP_S,
    ) -> None:
        missing = [name for name in source.sensors if name not in scales]
        if missing:
            raise ValueError(
                f"no force scale given for sensor(s) {', '.join(missing)} of "
                f"{source.description!r}; pass each sensor's capacity in newtons"
            )
        self._source = source
        self._chains = {name: SignalChain(name, scales[name], tuning) for name in source.sensors}
        self._max_gap_ns = round(max_gap_s * 1_000_000_000)
        self._last_t_ns: dict[str, int] = {}
        self._was_usable = dict.fromkeys(self._chains, False)
        self._latest: dict[str, ForceFrame] = {}
        self.new_frames: tuple[ForceFrame, ...] = ()

    def update(self) -> dict[str, ForceFrame]:
        """Poll the source once; return the latest frame of every sensor.

        A sensor with no sample yet shows zero force at ``t_ns`` 0 with the source's
        health, so the app always has a frame to draw and a status to explain. A sensor
        whose samples stopped keeps its last force, carrying the current health: the
        app decides from ``health.usable`` whether to trust it.
        """
        samples = self._source.poll()
        # Health after the poll: judged on the samples just read, a long frame does not
        # make a plugged sensor look silent.
        reported = self._source.health()
        health = {name: reported.get(name, STARTING) for name in self._chains}
        for name, chain in self._chains.items():
            usable = health[name].usable
            if usable and not self._was_usable[name]:
                chain.reset()
            self._was_usable[name] = usable
        made: list[ForceFrame] = []
        for sample in samples:
            chain = self._chains.get(sample.sensor)
            if chain is None:
                continue  # a sensor this pipeline was not set up for: nothing can show it
            last_t_ns = self._last_t_ns.get(sample.sensor)
            if last_t_ns is not None and not 0 <= sample.t_ns - last_t_ns <= self._max_gap_ns:
                chain.reset()
            self._last_t_ns[sample.sensor] = sample.t_ns
            made.append(chain.push(sample, health[sample.sensor]))
        self.new_frames = tuple(made)
        for frame in made:
            self._latest[frame.sensor] = frame
        for name in self._chains:
            latest = self._latest.get(name)
            if latest is None:
                self._latest[name] = ForceFrame(name, 0, 0.0, 0.0, health[name])
            elif latest.health != health[name]:
                self._latest[name] = replace(latest, health=health[name])
        return dict(self._latest)
