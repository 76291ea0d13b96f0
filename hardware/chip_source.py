"""The app's side of the sampler process: force samples, health, and self-repair.

Health is judged here, from what arrives, so a sampler that hangs or dies is noticed as
surely as an unplugged cable. A dead sampler is restarted with a growing back-off;
the app keeps running and shows the sensor as unplugged in the meantime.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Protocol

from hardware.frames import ForceSample, SensorHealth, SensorStatus
from hardware.hx711 import WordProblem
from hardware.hx711_emulator import Fault
from hardware.iio import IIO_DEVICES, run_kernel_sampler
from hardware.sampler import (
    RECORD,
    Backend,
    EmulatorControl,
    RawRecord,
    RecordKind,
    in_sampler_process,
    run_sampler,
)
from hardware.source import Clock, ForceInput, ForceSource
from hardware.spec import SensorSpec

UNPLUGGED_AFTER_NS = 250_000_000
"""Silence longer than this (or three conversion periods) means the sensor is gone."""
STARTUP_GRACE_NS = 3_000_000_000
"""A new sampler process needs a moment to import and let the chips settle."""
RATE_WINDOW_NS = 1_000_000_000
FAULTY_AFTER_DROPS = 5
"""Bad words in the last second before a sensor counts as faulty: one pre-empted read
at start-up, when no good word has arrived yet, is not a wiring fault."""
RESTART_BACKOFF_S = (0.5, 1.0, 2.0, 5.0)
READ_CHUNK = RECORD.size * 512


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """Keep ``spawn`` from re-running the app's entry script in the sampler.

    A spawned child imports the parent's ``__main__`` again (as ``__mp_main__``) so that
    functions defined there can be unpickled. The sampler's function lives in
    ``hardware``, and the app's script would only cost it ~110 ms and ~11 MiB of imports
    it never uses. With no ``__file__`` and a ``__spec__`` of None, spawn skips it.
    """
    main = sys.modules["__main__"]
    spec = getattr(main, "__spec__", None)
    path = vars(main).pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__spec__ = spec
        if path is not None:
            main.__file__ = path


class CountsToNewtons(Protocol):
    def to_newtons(self, counts: int) -> float: ...


@dataclass
class _Tracker:
    """What the app has seen of one sensor recently."""

    unplugged_after_ns: int
    last_sample_ns: int | None = None
    sample_times: deque[int] = field(default_factory=deque)
    recent_drops: deque[tuple[int, WordProblem]] = field(default_factory=deque)
    dropped: Counter[WordProblem] = field(default_factory=Counter)
    pulse_high_ns: deque[int] = field(default_factory=lambda: deque(maxlen=4096))
    silent_reported: bool = False
    """The sampler said the chip stayed silent past its settling time."""

    def note(self, record: RawRecord, now: int) -> None:
        if record.kind is RecordKind.SILENT:
            self.silent_reported = True
            return
        self.pulse_high_ns.append(record.max_high_ns)
        if record.kind is RecordKind.SAMPLE:
            self.last_sample_ns = max(record.seen_ns, self.last_sample_ns or 0)
            self.sample_times.append(record.seen_ns)
        else:
            self.dropped[record.problem] += 1
            self.recent_drops.append((now, record.problem))
        self._forget_before(now - RATE_WINDOW_NS)

    def _forget_before(self, horizon: int) -> None:
        while self.sample_times and self.sample_times[0] < horizon:
            self.sample_times.popleft()
        while self.recent_drops and self.recent_drops[0][0] < horizon:
            self.recent_drops.popleft()

    def health(self, now: int, started_ns: int, alive: bool) -> SensorHealth:
        self._forget_before(now - RATE_WINDOW_NS)
        rate = len(self.sample_times) * 1e9 / RATE_WINDOW_NS
        age_s = float("inf") if self.last_sample_ns is None else (now - self.last_sample_ns) / 1e9
        common = dict(rate_hz=rate, dropped_words=self.dropped.total(), last_sample_age_s=age_s)
        if not alive:
            return SensorHealth(SensorStatus.UNPLUGGED, detail="sensor reader restarting", **common)
        drops = Counter(problem for _, problem in self.recent_drops)
        dropped = sum(drops.values())
        if dropped >= FAULTY_AFTER_DROPS and dropped > len(self.sample_times):
            worst = drops.most_common(1)[0][0]
            return SensorHealth(SensorStatus.FAULTY, detail=worst.value, **common)
        waiting = now - started_ns < STARTUP_GRACE_NS and not self.silent_reported
        if self.last_sample_ns is None and waiting:
            return SensorHealth(SensorStatus.STARTING, detail="waiting for the sensor", **common)
        if age_s * 1e9 > self.unplugged_after_ns:
            return SensorHealth(
                SensorStatus.UNPLUGGED, detail="no signal: check the sensor cable", **common
            )
        return SensorHealth(SensorStatus.OK, **common)


class ChipSource(ForceSource, ForceInput):
    """HX711 chips, real or emulated, read by a sampler process."""

    def __init__(
        self,
        specs: tuple[SensorSpec, ...],
        backend: Backend,
        calibrations: Mapping[str, CountsToNewtons],
        *,
        clock: Clock = time.monotonic_ns,
        iio_root: Path = IIO_DEVICES,
    ) -> None:
        """``iio_root``: where the kernel driver's devices are, for the ``kernel`` backend."""
        missing = [spec.name for spec in specs if spec.name not in calibrations]
        if missing:
            raise ValueError(f"no calibration for: {', '.join(missing)}")
        self.specs = specs
        self.backend = backend
        self.sensors = tuple(spec.name for spec in specs)
        self.simulated = backend == "emulated"
        self.description = {
            "emulated": "emulated HX711 chips (no load cells: simulated forces)",
            "real": "HX711 load cells on GPIO",
            "kernel": "HX711 load cells (the kernel's hx711 driver)",
        }[backend]
        self.calibrations = dict(calibrations)
        self._clock = clock
        self._iio_root = iio_root
        self._context = mp.get_context("spawn")  # never fork a process that runs SDL
        self._control: EmulatorControl | None = None
        if self.simulated:
            count = len(specs)
            self._control = EmulatorControl(
                force_n=self._context.Array("d", count, lock=False),
                fault=self._context.Array("i", count, lock=False),
                bit_slip_probability=self._context.Array("d", count, lock=False),
            )
        self._trackers = [
            _Tracker(max(UNPLUGGED_AFTER_NS, 3 * spec.conversion_period_ns)) for spec in specs
        ]
        self._process: BaseProcess | None = None
        self._pipe: Connection | None = None
        self._stop: Event | None = None
        self._started_ns = 0
        self._restart_at_ns: int | None = None
        self._restarts = 0
        self._pending = b""
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        if self._process is None:
            self._spawn()

    def close(self) -> None:
        self._closed = True
        self._stop_process()

    def _spawn(self) -> None:
        receiver, sender = self._context.Pipe(duplex=False)
        self._stop = self._context.Event()
        if self.backend == "kernel":
            target = partial(run_kernel_sampler, root=self._iio_root)
            args = (self.specs, sender, self._stop)
        else:
            target, args = (
                run_sampler,
                (self.specs, self.backend, sender, self._stop, self._control),
            )
        self._process = self._context.Process(
            target=in_sampler_process, args=(target, *args), name="grip-sampler", daemon=True
        )
        with _main_script_hidden():
            self._process.start()
        sender.close()
        os.set_blocking(receiver.fileno(), False)
        self._pipe = receiver
        self._pending = b""
        self._started_ns = self._clock()
        self._restart_at_ns = None
        for tracker in self._trackers:
            tracker.silent_reported = False  # a new sampler gets its start-up grace again

    def _stop_process(self) -> None:
        if self._stop is not None:
            self._stop.set()
        if self._process is not None:
            self._process.join(timeout=2.0)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(timeout=2.0)
            self._process.close()
            self._process = None
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None

    def fileno(self) -> int:
        """The sampler pipe, for a ``select`` that wakes when samples arrive."""
        if self._pipe is None:
            raise RuntimeError("the source is not started")
        return self._pipe.fileno()

    @property
    def sampler_pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def restarts(self) -> int:
        return self._restarts

    def _alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _supervise(self, now: int) -> None:
        """Restart a sampler that died, after a back-off that grows while it keeps dying."""
        if self._closed or self._process is None or self._alive():
            if self._alive() and now - self._started_ns > 10 * 1_000_000_000:
                self._restarts = 0  # it has been healthy long enough to forgive the past
            return
        if self._restart_at_ns is None:
            delay = RESTART_BACKOFF_S[min(self._restarts, len(RESTART_BACKOFF_S) - 1)]
            self._restart_at_ns = now + int(delay * 1e9)
            return
        if now >= self._restart_at_ns:
            self._restarts += 1
            self._stop_process()
            self._spawn()

    # -- data ----------------------------------------------------------------------------

    def poll_raw(self) -> list[RawRecord]:
        """Every record the sampler sent since the last call, oldest first. Never blocks."""
        now = self._clock()
        self._supervise(now)
        if self._pipe is None:
            return []
        chunks = [self._pending]
        try:
            while chunk := os.read(self._pipe.fileno(), READ_CHUNK):
                chunks.append(chunk)
                if len(chunk) < READ_CHUNK:
                    break
        except BlockingIOError:
            pass
        data = b"".join(chunks)
        whole = len(data) - len(data) % RECORD.size
        self._pending = data[whole:]
        records = RawRecord.unpack_many(data[:whole])
        for record in records:
            self._trackers[record.sensor_index].note(record, now)
        return records

    def poll(self) -> list[ForceSample]:
        samples = []
        for record in self.poll_raw():
            if record.kind is RecordKind.SAMPLE:
                name = self.sensors[record.sensor_index]
                newtons = self.calibrations[name].to_newtons(record.value)
                samples.append(ForceSample(name, record.seen_ns, newtons))
        return samples

    def health(self) -> dict[str, SensorHealth]:
        now = self._clock()
        alive = self._alive()
        return {
            name: tracker.health(now, self._started_ns, alive)
            for name, tracker in zip(self.sensors, self._trackers, strict=True)
        }

    def dropped_words(self, sensor: str) -> Counter[WordProblem]:
        """Every word of the sensor the sampler dropped since the start, by why."""
        return Counter(self._trackers[self.sensors.index(sensor)].dropped)

    def pulse_high_ns(self, sensor: str) -> list[int]:
        """The longest PD_SCK high phase of each recent word, for the doctor."""
        return list(self._trackers[self.sensors.index(sensor)].pulse_high_ns)

    def set_calibration(self, sensor: str, calibration: CountsToNewtons) -> None:
        """Use a new calibration from the next sample on (a therapist just calibrated)."""
        if sensor not in self.sensors:
            raise ValueError(f"{sensor!r} is not one of this source's sensors {self.sensors}")
        self.calibrations[sensor] = calibration

    # -- the emulated load cells ---------------------------------------------------------

    def set_force(self, sensor: str, newtons: float) -> None:
        self._require_control().force_n[self.sensors.index(sensor)] = newtons

    def set_fault(self, sensor: str, fault: Fault) -> None:
        self._require_control().fault[self.sensors.index(sensor)] = int(fault)

    def set_bit_slip_probability(self, sensor: str, probability: float) -> None:
        self._require_control().bit_slip_probability[self.sensors.index(sensor)] = probability

    def _require_control(self) -> EmulatorControl:
        if self._control is None:
            raise RuntimeError("real load cells cannot be pushed by software")
        return self._control
