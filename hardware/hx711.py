"""HX711 reading on Linux: the Adafruit driver with its five Raspberry Pi defects fixed.

adafruit-circuitpython-hx711 1.1.2 is written for microcontrollers. On Linux (Blinka):
1. ``read_fast`` calls ``microcontroller.disable_interrupts``, which Blinka lacks, so
   every read raises AttributeError. Userspace cannot mask interrupts anyway; instead we
   time every PD_SCK high phase and drop any word read with a stretched pulse.
2. ``delay_us(1)`` is ``time.sleep(1e-6)``: 55-80 µs on Linux, past the 60 µs after
   which PD_SCK high powers the chip down. We add no delay: one Python pin write already
   takes longer than the 0.2 µs the datasheet asks for.
3. ``value |= 0xFF000000`` turns -1 into 4294967295 in CPython. We subtract 2**24.
4. ``read_channel_blocking`` throws away a conversion on every call, halving the rate.
   We discard one only when the channel/gain changes, which is when the chip needs it.
5. ``while self.is_busy: pass`` spins forever on an unplugged sensor. Every wait here is
   bounded and ends in ``SensorTimeout``.

``HX711Reader`` subclasses the driver and overrides exactly those methods; ``poll`` and
``read_conversion`` add the non-blocking, fault-aware interface the sampler needs. On
gpiozero pins a word is shifted through the pin library directly (``hardware.pins.
raw_lines``), which keeps the PD_SCK high phase short on a Pi.
"""

from __future__ import annotations

import contextlib
import io
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from hardware.bit_slips import SlipGuard, signed
from hardware.conversion_grid import ConversionGrid
from hardware.pins import DigitalIO, RawLines, raw_lines
from hardware.source import Clock
from hardware.spec import SETTLING_TIME_NS, SUPPORTED_RATES_SPS, ChannelGain

with contextlib.redirect_stdout(io.StringIO()):  # Blinka prints board warnings on a PC
    from adafruit_hx711.hx711 import HX711

MAX_PULSE_HIGH_NS = 50_000
"""Datasheet maximum PD_SCK high time; the chip powers down past ~60 µs."""
PULSE_HISTORY = 4096
"""How many recent PD_SCK high times to keep for ``grip-station doctor``."""
POLL_INTERVAL_S = 0.0002
"""Sleep between DOUT polls while looking for a conversion's edge."""
STUCK_WORD = 0x000000
"""What a data line held low reads as: every bit zero, and still low after the word."""


class WordProblem(StrEnum):
    """Why a word was dropped. Never passed on as a force."""

    STRETCHED_PULSE = "PD_SCK pulse stretched past 50 µs (the reader was pre-empted)"
    SATURATED_HIGH = "0x7FFFFF: input above range (overload or open bridge wire)"
    SATURATED_LOW = "0x800000: input below range (overload or open bridge wire)"
    DOUT_STUCK_LOW = "DOUT stayed low through the word and after it: shorted data line"
    BIT_SLIP = "the last word shifted up a bit: a glitch on PD_SCK counted as a clock edge"


BAD_WORDS = {
    0x7FFFFF: WordProblem.SATURATED_HIGH,
    0x800000: WordProblem.SATURATED_LOW,
}
"""0xFFFFFF is not here: it is -1, a sensor at rest. A powered-down chip holds DOUT high,
so no read starts, and one that powers down mid-word stretched a pulse to do it."""


class SensorTimeout(TimeoutError):
    """No conversion arrived in time: the sensor is unplugged or unpowered."""


class BadWordError(RuntimeError):
    """Every word read before the deadline was bad."""


@dataclass(frozen=True, slots=True)
class Conversion:
    """One word shifted out of the chip, good or not."""

    word: int
    ready_ns: int
    """When DOUT was seen low: the conversion was ready at or shortly before this."""
    done_ns: int
    max_high_ns: int
    problem: WordProblem | None

    @property
    def counts(self) -> int:
        """The word as a signed 24-bit number (defect 3: no 32-bit sign smear)."""
        return signed(self.word)


@dataclass
class ReaderStats:
    """Counts a maintainer needs: how many words were good, and why others were not."""

    good: int = 0
    dropped: dict[WordProblem, int] = field(default_factory=lambda: dict.fromkeys(WordProblem, 0))
    timeouts: int = 0
    discarded_for_selection: int = 0
    pulse_high_ns: deque[int] = field(default_factory=lambda: deque(maxlen=PULSE_HISTORY))
    max_pulse_high_ns: int = 0

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())


class HX711Reader(HX711):
    """The Adafruit HX711 driver, fixed for Linux. Pins are any digitalio-style objects."""

    def __init__(
        self,
        data_pin: DigitalIO,
        clock_pin: DigitalIO,
        *,
        channel_gain: ChannelGain = ChannelGain.A128,
        rate_sps: int = 80,
        clock: Clock = time.monotonic_ns,
        sleep: Callable[[float], None] = time.sleep,
        max_high_ns: int = MAX_PULSE_HIGH_NS,
    ) -> None:
        if rate_sps not in SUPPORTED_RATES_SPS:
            raise ValueError(
                f"the HX711 converts at 10 or 80 samples per second (its RATE pin), not {rate_sps}"
            )
        self.channel_gain = channel_gain
        self.period_ns = 1_000_000_000 // rate_sps
        self.settling_ns = SETTLING_TIME_NS[rate_sps]
        self.max_high_ns = max_high_ns
        self.stats = ReaderStats()
        self.grid = ConversionGrid(self.period_ns)
        self._clock = clock
        self._sleep = sleep
        self._chip_gain: ChannelGain | None = None
        self._slips = SlipGuard()
        self._lines: tuple[object, object, RawLines | None] | None = None
        _set_directions(clock_pin, data_pin)
        super().__init__(data_pin, clock_pin)

    # -- overrides of the driver ---------------------------------------------------------

    def _initialize(self) -> None:
        """The driver's power-cycle reset, through the injected clock and sleep."""
        self.reset()

    def _read_channel_raw(self, chan_gain: int) -> int:
        """Fixes 1, 2, 3 and 5: a bounded wait, timed pulses, checked word, right sign."""
        deadline = self._clock() + self.settling_ns + 4 * self.period_ns
        last_problem: WordProblem | None = None
        while True:
            remaining = deadline - self._clock()
            if remaining <= 0 or not self.wait_ready(remaining):
                if last_problem is None:
                    raise SensorTimeout(
                        "no conversion arrived: is the sensor plugged in and powered?"
                    )
                raise BadWordError(f"no good word before the deadline: {last_problem.value}")
            conversion = self.read_conversion(ChannelGain(chan_gain))
            if conversion.problem is None:
                return conversion.counts
            last_problem = conversion.problem
            # A line held low is "ready" at once, every time: wait out a conversion
            # period rather than spin on it until the deadline.
            self._sleep(min(self.period_ns, max(0, deadline - self._clock())) / 1e9)

    def read_channel_blocking(self, chan_gain: int) -> int:
        """Fix 4: discard a conversion only when the channel or gain changes."""
        if self._chip_gain is not ChannelGain(chan_gain):
            self._read_channel_raw(chan_gain)
        return self._read_channel(chan_gain)

    # -- the sampler's interface ---------------------------------------------------------

    def reset(self) -> None:
        """Power-cycle the chip (PD_SCK high > 60 µs): back to A-128, settling restarts."""
        self._clock_pin.value = True
        self._sleep(0.0001)
        self._clock_pin.value = False
        self._chip_gain = ChannelGain.A128
        self._slips.forget()
        self.grid.restart(self._clock() + self.settling_ns)

    @property
    def next_due_ns(self) -> int | None:
        """When the next conversion should be ready, if the chip's grid is known."""
        return self.grid.next_ready_ns

    def wait_ready(self, timeout_ns: int) -> bool:
        """Wait for DOUT low, at most ``timeout_ns``; sleeps instead of spinning."""
        deadline = self._clock() + timeout_ns
        while self._data_pin.value:
            now = self._clock()
            self.grid.saw_busy(now)
            if now >= deadline:
                self.stats.timeouts += 1
                self.grid.restart()
                if self.channel_gain is not ChannelGain.A128:
                    self._chip_gain = None  # it may come back powered up at A-128
                return False
            wake = self.grid.wake_ns
            nap_ns = int(POLL_INTERVAL_S * 1e9)
            if wake is not None and wake > now:
                nap_ns = wake - now
            self._sleep(min(nap_ns, deadline - now) / 1e9)
        return True

    def poll(self) -> Conversion | None:
        """Read the conversion if one is ready, else return None at once.

        A word converted under another channel/gain selection (after a reset, or when
        the chip may have powered down) is read to select ours, then discarded.
        """
        if self._data_pin.value:
            self.grid.saw_busy(self._clock())
            return None
        wanted = self.channel_gain
        chip = self._chip_gain
        foreign = chip is not wanted and (chip is not None or wanted is not ChannelGain.A128)
        conversion = self.read_conversion(wanted)
        if foreign and conversion.problem is None:
            self.stats.good -= 1
            self.stats.discarded_for_selection += 1
            return None
        return conversion

    def read_conversion(self, select: ChannelGain | None = None) -> Conversion:
        """Shift out the ready word and select the next channel/gain. Call when DOUT is low.

        The word is checked against the pulse-width limit and the known bad words. A data
        line held low reads as all zeros and is still low after the 25th pulse, when a
        chip raises it: that is decided from the line, however long the read took (a
        real chip whose next conversion came during a long read sends its bits too).
        """
        select = select or self.channel_gain
        ready_ns = self._clock()
        word, max_high_ns = self._shift_in(int(select))
        done_ns = self._clock()
        stuck_low = word == STUCK_WORD and not self._data_pin.value
        problem = self._check(word, max_high_ns, stuck_low)
        stretched = problem is WordProblem.STRETCHED_PULSE
        if self._chip_gain is not select or stretched:
            # A new selection, or a chip that may have powered down: it needs the
            # settling time before its next conversion, and its next word is not judged
            # against this one's selection.
            self.grid.restart(done_ns + self.settling_ns)
            self._slips.forget()
        else:
            self.grid.word_read(ready_ns)
            if problem is None and self._slips.is_slip(word):
                problem = WordProblem.BIT_SLIP
        if stretched and select is not ChannelGain.A128:
            self._chip_gain = None  # it may have powered down and forgotten the selection
        else:
            self._chip_gain = select
        if problem is None:
            self.stats.good += 1
        else:
            self.stats.dropped[problem] += 1
        return Conversion(word, ready_ns, done_ns, max_high_ns, problem)

    # -- internals -----------------------------------------------------------------------

    def _raw_lines(self) -> RawLines | None:
        """The direct calls for the pins in use (looked up again if the pins change)."""
        pins = (self._clock_pin, self._data_pin)
        if self._lines is None or self._lines[:2] != pins:
            self._lines = (*pins, raw_lines(*pins))
        return self._lines[2]

    def _shift_in(self, pulses: int) -> tuple[int, int]:
        """24 data bits then the selection pulses; returns the word and longest high time."""
        lines = self._raw_lines()
        if lines is None:
            return self._shift_in_through(_PinLines(self._clock_pin, self._data_pin), pulses)
        return self._shift_in_through(lines, pulses)

    def _shift_in_through(self, lines: RawLines | _PinLines, pulses: int) -> tuple[int, int]:
        set_clock = lines.set_clock
        read_data = lines.read_data
        now = self._clock
        highs: list[int] = []
        word = 0
        for index in range(pulses):
            started = now()
            set_clock(True)
            bit = read_data()
            set_clock(False)
            highs.append(now() - started)
            if index < 24:
                word = (word << 1) | bit
        self.stats.pulse_high_ns.extend(highs)
        longest = max(highs)
        self.stats.max_pulse_high_ns = max(self.stats.max_pulse_high_ns, longest)
        return word, longest

    def _check(self, word: int, max_high_ns: int, stuck_low: bool) -> WordProblem | None:
        if max_high_ns > self.max_high_ns:
            return WordProblem.STRETCHED_PULSE
        if stuck_low:
            return WordProblem.DOUT_STUCK_LOW
        return BAD_WORDS.get(word)


class _PinLines:
    """Any digitalio-style pins, through their ``value``: the portable, slower way."""

    __slots__ = ("_clock", "_data")

    def __init__(self, clock: DigitalIO, data: DigitalIO) -> None:
        self._clock = clock
        self._data = data

    def set_clock(self, level: bool) -> None:
        self._clock.value = level

    def read_data(self) -> bool:
        return self._data.value


def _set_directions(clock_pin: object, data_pin: object) -> None:
    """A ``digitalio.DigitalInOut`` starts as an input: make PD_SCK an output, low."""
    if callable(switch := getattr(clock_pin, "switch_to_output", None)):
        switch(value=False)
    if callable(switch := getattr(data_pin, "switch_to_input", None)):
        switch()
