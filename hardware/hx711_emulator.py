"""A pin-level HX711 that follows the datasheet, behind gpiozero mock pins.

It is the test double for the reading code and the ``emulated`` sensor on a PC, so the
real driver, pulse timing and fault handling run everywhere. State is advanced lazily
from a clock whenever the reader touches a pin, so no thread is needed and a simulated
clock makes tests exact.

Datasheet behaviour modelled (HX711 rev 2.0):
- DOUT goes low when a conversion is ready; conversions complete on a 10 or 80 SPS grid.
- Each PD_SCK rising edge shifts out one bit, MSB first, 24 bits two's complement; the
  25th edge pulls DOUT high again. 25/26/27 pulses select A-128 / B-32 / A-64 for the
  next conversion, which then needs the output settling time (400 ms / 50 ms).
- PD_SCK high for more than 60 µs powers the chip down (DOUT high); the falling edge
  resets it to A-128 and conversions resume after the settling time.
- The output saturates at 0x7FFFFF / 0x800000.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from gpiozero.pins.mock import MockFactory, MockPin

from hardware.calibration import nominal_counts_per_newton
from hardware.source import Clock
from hardware.spec import SETTLING_TIME_NS, STANDARD_GRAVITY, ChannelGain

POWER_DOWN_AFTER_NS = 60_000
"""PD_SCK high longer than this powers the chip down (datasheet: >60 µs)."""
NOISE_COUNTS_RMS = {10: 21.0, 80: 39.0}
"""Input-referred noise 50 / 90 nV rms at gain 128; one count is ~2.33 nV at AVDD 5 V."""
MAX_COUNTS = (1 << 23) - 1
MIN_COUNTS = -(1 << 23)


class Fault(IntEnum):
    """Wiring faults a maintainer meets; the integer values cross process boundaries."""

    NONE = 0
    DOUT_STUCK_HIGH = 1
    """Cable out with the pull-up on DOUT, or the chip unpowered: never ready."""
    DOUT_STUCK_LOW = 2
    """DOUT shorted to ground: always 'ready', every word reads zero."""
    BRIDGE_OPEN = 3
    """A broken load-cell wire: the input rails, the output saturates at 0x7FFFFF."""


@dataclass
class EmulatorSettings:
    """The knobs of one emulated chip and its load cell; may change while it runs."""

    force_n: Callable[[float], float] = lambda _t: 0.0
    counts_per_newton: float = nominal_counts_per_newton(100.0 * STANDARD_GRAVITY)
    """At gain 128 (gain 64 gives half as many); the default is a 2 mV/V cell of 100 kg."""
    offset_counts: int = 120_000
    noise_counts_rms: float | None = None
    """``None`` means the datasheet figure for the rate."""
    drift_counts_per_s: float = 0.0
    bit_slip_probability: float = 0.0
    channel_b_counts: int = -3_000
    fault: Fault = Fault.NONE


class HX711Emulator:
    """One HX711 wired to two gpiozero mock pins (DOUT and PD_SCK)."""

    def __init__(
        self,
        factory: MockFactory,
        dout_pin: int,
        sck_pin: int,
        *,
        rate_sps: int = 80,
        settings: EmulatorSettings | None = None,
        clock: Clock = time.monotonic_ns,
        seed: int = 0,
    ) -> None:
        if rate_sps not in SETTLING_TIME_NS:
            raise ValueError(f"the HX711 runs at 10 or 80 SPS, not {rate_sps}")
        self.settings = settings or EmulatorSettings()
        self.rate_sps = rate_sps
        self.period_ns = 1_000_000_000 // rate_sps
        self._clock = clock
        self._random = random.Random(seed)
        self._origin_ns = clock()
        # Chip state.
        self._selected = ChannelGain.A128
        self._next_ready_ns = self._origin_ns + SETTLING_TIME_NS[rate_sps]
        self._word: int | None = None
        self._word_ready_ns = 0
        self._pulses = 0
        self._sck_high = False
        self._sck_rise_ns = 0
        self._out_bit = True
        #: Conversions completely shifted out, words shifted while slipping, power-downs.
        self.words_read = 0
        self.slipped_words = 0
        self.power_downs = 0
        self.dout_polls = 0
        #: When the word now being shifted out became ready (the emulator knows the truth).
        self.last_ready_ns = 0
        self.dout = factory.pin(dout_pin, pin_class=_DoutPin, emulator=self)
        self.sck = factory.pin(sck_pin, pin_class=_SckPin, emulator=self)

    # -- what the reader sees ------------------------------------------------------------

    def dout_level(self) -> bool:
        now = self._clock()
        self.dout_polls += 1
        fault = self.settings.fault
        if fault is Fault.DOUT_STUCK_HIGH:
            return True
        if fault is Fault.DOUT_STUCK_LOW:
            return False
        if self._sck_high and now - self._sck_rise_ns > POWER_DOWN_AFTER_NS:
            return True  # powered down: DOUT idles high
        if 0 < self._pulses <= 24:
            return self._out_bit
        self._advance(now)
        return self._word is None

    def clock_edge(self, high: bool) -> None:
        now = self._clock()
        if high:
            self._sck_high = True
            self._sck_rise_ns = now
            self._rising_edge(now)
            return
        self._sck_high = False
        if now - self._sck_rise_ns > POWER_DOWN_AFTER_NS:
            self._power_cycle(now)

    # -- internals -----------------------------------------------------------------------

    def _advance(self, now: int) -> None:
        """Complete every conversion due by ``now``; an unread word is overwritten."""
        if now < self._next_ready_ns:
            return
        periods = (now - self._next_ready_ns) // self.period_ns
        ready_ns = self._next_ready_ns + periods * self.period_ns
        self._next_ready_ns = ready_ns + self.period_ns
        self._word = self._convert(ready_ns)
        self._word_ready_ns = ready_ns
        self._pulses = 0  # a new conversion ends any gain-selection pulses of the last read

    def _convert(self, at_ns: int) -> int:
        settings = self.settings
        if settings.fault is Fault.BRIDGE_OPEN:
            return MAX_COUNTS
        t_s = (at_ns - self._origin_ns) / 1e9
        noise_rms = settings.noise_counts_rms
        if noise_rms is None:
            noise_rms = NOISE_COUNTS_RMS[self.rate_sps]
        if self._selected is ChannelGain.B32:
            signal = float(settings.channel_b_counts)
        else:
            newtons = settings.force_n(t_s)
            gain_ratio = self._selected.gain / 128
            signal = (settings.offset_counts + newtons * settings.counts_per_newton) * gain_ratio
        signal += settings.drift_counts_per_s * t_s + self._random.gauss(0.0, noise_rms)
        return max(MIN_COUNTS, min(MAX_COUNTS, round(signal))) & 0xFFFFFF

    def _rising_edge(self, now: int) -> None:
        if self._pulses == 0 or self._pulses >= 25:
            self._advance(now)  # a completed conversion also ends the last read's pulses
        if self._pulses == 0:
            if self._word is None:
                return  # clocking with no data ready shifts nothing out
            self._start_shifting()
        self._pulses += 1
        if self._pulses <= 24:
            assert self._word is not None
            self._out_bit = bool((self._word >> (24 - self._pulses)) & 1)
            return
        # Pulses 25-27: DOUT back high, and the count picks the next channel and gain.
        self._out_bit = True
        if self._pulses == 25:
            self.words_read += 1
            self._word = None
        selected = ChannelGain(min(self._pulses, 27))
        if selected is not self._selected:
            self._selected = selected
            self._next_ready_ns = now + SETTLING_TIME_NS[self.rate_sps]

    def _start_shifting(self) -> None:
        self.last_ready_ns = self._word_ready_ns
        if self._random.random() < self.settings.bit_slip_probability:
            # A glitch on the clock line counted as an extra edge: every bit moves up one.
            assert self._word is not None
            self._word = ((self._word << 1) | 1) & 0xFFFFFF
            self.slipped_words += 1

    def _power_cycle(self, now: int) -> None:
        self.power_downs += 1
        self._selected = ChannelGain.A128
        self._word = None
        self._pulses = 0
        self._next_ready_ns = now + SETTLING_TIME_NS[self.rate_sps]

    @property
    def next_ready_ns(self) -> int:
        return self._next_ready_ns


class _DoutPin(MockPin):
    """DOUT as the reader sees it: its level is asked of the emulator at every read."""

    def __init__(self, factory: MockFactory, info: object, emulator: HX711Emulator) -> None:
        super().__init__(factory, info)
        self._emulator = emulator

    def _get_state(self) -> bool:
        return self._emulator.dout_level()

    def _change_state(self, value: bool) -> bool:
        # The pull resistor setting lands here; the chip drives the line, so ignore it and
        # keep no history (MockPin's history list would grow forever at 80 SPS).
        return False


class _SckPin(MockPin):
    """PD_SCK: every edge the reader drives is handed to the emulator."""

    def __init__(self, factory: MockFactory, info: object, emulator: HX711Emulator) -> None:
        super().__init__(factory, info)
        self._emulator = emulator

    def _change_state(self, value: bool) -> bool:
        if self._state == value:
            return False
        self._state = value
        self._emulator.clock_edge(value)
        return True
