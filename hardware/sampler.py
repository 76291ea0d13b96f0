"""The sampler process: reads the chips on its own core and streams timestamped words.

Bit-banging the HX711 must not share a process with pygame: the GIL and a long frame
would stretch PD_SCK pulses and power the chip down. The sampler writes fixed-size
records to a non-blocking pipe; if the app stops reading, records are dropped and
counted rather than stalling the chips.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import SynchronizedArray
from multiprocessing.synchronize import Event
from typing import Literal

from hardware.calibration import nominal_counts_per_newton
from hardware.hx711 import HX711Reader, WordProblem
from hardware.hx711_emulator import EmulatorSettings, Fault, HX711Emulator
from hardware.pins import GpioPin, open_pin_factory
from hardware.spec import SensorSpec

Backend = Literal["real", "emulated", "kernel"]
"""Bit-banged chips on GPIO, emulated chips on mock pins, or the kernel's IIO driver."""

RECORD = struct.Struct("<BBxxiqqI")
"""sensor index, kind, counts (or problem index), seen-ready ns, true-ready ns, pulse ns."""
PROBLEMS = tuple(WordProblem)
SILENT_RESET_AFTER_NS = 500_000_000
"""Power-cycle a chip that has sent nothing for this long, then again every period."""
REALTIME_PRIORITY = 10
"""Low among real-time priorities: above every normal process, below kernel threads."""
MIN_NAP_S = 0.0002
"""Poll interval while looking for a conversion's edge (see ``ConversionGrid``)."""
SILENT_POLL_NS = 5_000_000
"""How often a chip with no known schedule (starting, unplugged) is looked at."""
HOUSEKEEPING_NS = 20_000_000
SILENT_REPORT_NS = 100_000_000
"""How often the sampler says a chip is still silent (the app shows it as unplugged)."""
SILENT_AFTER_PERIODS = 3


class RecordKind(IntEnum):
    SAMPLE = 0
    DROPPED = 1
    SILENT = 2
    """The chip has sent nothing since its settling time ran out: not a slow start."""


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One word as the app receives it from the sampler."""

    sensor_index: int
    kind: RecordKind
    value: int
    """Signed counts for a sample; index into ``PROBLEMS`` for a dropped word."""
    seen_ns: int
    true_ready_ns: int
    """When an emulated conversion really became ready (0 for a real chip)."""
    max_high_ns: int

    @property
    def problem(self) -> WordProblem:
        return PROBLEMS[self.value]

    def pack(self) -> bytes:
        return RECORD.pack(
            self.sensor_index,
            self.kind,
            self.value,
            self.seen_ns,
            self.true_ready_ns,
            min(self.max_high_ns, 0xFFFFFFFF),
        )

    @classmethod
    def unpack_many(cls, data: bytes) -> list[RawRecord]:
        return [cls(i, RecordKind(k), v, s, r, h) for i, k, v, s, r, h in RECORD.iter_unpack(data)]


@dataclass(frozen=True)
class EmulatorControl:
    """Shared memory through which the app moves the emulated load cells and breaks them."""

    force_n: SynchronizedArray
    fault: SynchronizedArray
    bit_slip_probability: SynchronizedArray


def emulated_cell(spec: SensorSpec, index: int) -> EmulatorSettings:
    """A typical 2 mV/V cell sized to the sensor's capacity, each with its own zero."""
    return EmulatorSettings(
        counts_per_newton=nominal_counts_per_newton(spec.capacity_n),
        offset_counts=(120_000, -80_000, 40_000, -20_000)[index % 4],
    )


class _Channel:
    """One chip as the sampler loop sees it."""

    def __init__(self, index: int, reader: HX711Reader, emulator: HX711Emulator | None) -> None:
        self.index = index
        self.reader = reader
        self.emulator = emulator
        self.last_word_ns = time.monotonic_ns()
        self.last_reset_ns = self.last_word_ns
        self.last_silent_report_ns = 0
        self.silent_after_ns = reader.settling_ns + SILENT_AFTER_PERIODS * reader.period_ns

    def sync(self, control: EmulatorControl | None) -> None:
        if self.emulator is None or control is None:
            return
        settings = self.emulator.settings
        settings.fault = Fault(control.fault[self.index])
        settings.bit_slip_probability = control.bit_slip_probability[self.index]


def _open_channels(
    specs: tuple[SensorSpec, ...], backend: Backend, control: EmulatorControl | None
) -> list[_Channel]:
    factory = open_pin_factory("mock" if backend == "emulated" else "lgpio")
    channels = []
    for index, spec in enumerate(specs):
        emulator = None
        if backend == "emulated":
            settings = emulated_cell(spec, index)
            if control is not None:
                settings.force_n = lambda _t, i=index, force=control.force_n: force[i]
            emulator = HX711Emulator(
                factory,
                spec.dout_pin,
                spec.sck_pin,
                rate_sps=spec.rate_sps,
                settings=settings,
                seed=index,
            )
        reader = HX711Reader(
            GpioPin(factory.pin(spec.dout_pin), output=False, pull_up=True),
            GpioPin(factory.pin(spec.sck_pin), output=True),
            channel_gain=spec.channel_gain,
            rate_sps=spec.rate_sps,
        )
        channels.append(_Channel(index, reader, emulator))
    return channels


def raise_priority() -> None:
    """Ask for real-time scheduling so other processes cannot stretch a PD_SCK pulse.

    Needs root or CAP_SYS_NICE (the systemd unit grants it); without it the sampler
    runs at normal priority and stretched pulses are dropped and counted instead. The
    loop always sleeps between conversions, so it cannot starve the rest of the system.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(REALTIME_PRIORITY))
    except (PermissionError, OSError):
        with contextlib.suppress(PermissionError, OSError):
            os.nice(-10)


def in_sampler_process(main: Callable[..., None], *args: object) -> None:
    """A sampler process's entry: ``main(*args)``, deaf to what is sent to the whole
    process group: Ctrl-C in a terminal, and SIGTERM from ``systemctl stop`` (to every
    process of the unit) or ``kill -TERM -PGID``. The app decides when its sampler stops,
    after saving the visit; a sampler gone first would show the sensor as restarting, and
    a second traceback from here would only confuse. The app's stop flag, its pipe
    closing or its death still end the sampler, and SIGKILL always does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    main(*args)


def run_sampler(
    specs: tuple[SensorSpec, ...],
    backend: Backend,
    out: Connection,
    stop: Event,
    control: EmulatorControl | None = None,
) -> None:
    """The sampler process's main function: read every chip until told to stop, or until
    the app is gone (its pipe closed, or this process handed to another parent)."""
    parent = os.getppid()
    fd = out.fileno()
    os.set_blocking(fd, False)
    raise_priority()
    channels = _open_channels(specs, backend, control)
    housekeeping_at = 0
    while True:
        now = time.monotonic_ns()
        if now >= housekeeping_at:
            # The stop flag and the emulator knobs change at human speed: looking at them
            # on every wake-up would cost more CPU than reading the chips.
            if stop.is_set() or os.getppid() != parent:
                return
            for channel in channels:
                channel.sync(control)
            housekeeping_at = now + HOUSEKEEPING_NS
        try:
            for channel in channels:
                _service(channel, fd)
        except BrokenPipeError:
            return  # the app closed its end: nobody is listening any more
        time.sleep(_nap_s(channels, time.monotonic_ns()))


def _nap_s(channels: list[_Channel], now: int) -> float:
    """Sleep until the next chip's conversion is ready (one wake-up per conversion, as
    its grid predicts); look at a chip with no known grid (starting, unplugged) slowly."""
    wakes = [channel.reader.grid.wake_ns or now + SILENT_POLL_NS for channel in channels]
    return max(MIN_NAP_S, (min(wakes, default=now + SILENT_POLL_NS) - now) / 1e9)


def _service(channel: _Channel, fd: int) -> None:
    reader = channel.reader
    conversion = reader.poll()
    now = time.monotonic_ns()
    if conversion is None:
        quiet_ns = now - channel.last_word_ns
        if quiet_ns > SILENT_RESET_AFTER_NS and now - channel.last_reset_ns > SILENT_RESET_AFTER_NS:
            reader.reset()  # a chip left powered down wakes on the falling edge
            channel.last_reset_ns = now
        if quiet_ns > channel.silent_after_ns and (
            now - channel.last_silent_report_ns > SILENT_REPORT_NS
        ):
            # The evidence a sensor is unplugged: the app need not wait out its start-up
            # grace, which is there for a sampler still importing, not for a silent chip.
            channel.last_silent_report_ns = now
            silent = RawRecord(channel.index, RecordKind.SILENT, 0, now, 0, 0)
            with contextlib.suppress(BlockingIOError):
                os.write(fd, silent.pack())
        return
    channel.last_word_ns = now
    true_ready = channel.emulator.last_ready_ns if channel.emulator else 0
    if conversion.problem is None:
        record = RawRecord(
            channel.index,
            RecordKind.SAMPLE,
            conversion.counts,
            conversion.ready_ns,
            true_ready,
            conversion.max_high_ns,
        )
    else:
        record = RawRecord(
            channel.index,
            RecordKind.DROPPED,
            PROBLEMS.index(conversion.problem),
            conversion.ready_ns,
            true_ready,
            conversion.max_high_ns,
        )
    with contextlib.suppress(BlockingIOError):  # the app is not reading: drop, never stall
        os.write(fd, record.pack())
