"""The reader's edge cases an independent chip model showed: -1, a shorted data line read
slowly, digitalio pins, unsupported rates, and what the hot loop costs per pulse."""

from __future__ import annotations

import digitalio
import pytest
from gpiozero.pins.mock import MockFactory

from hardware.hx711 import BadWordError, HX711Reader, WordProblem
from hardware.hx711_emulator import EmulatorSettings, Fault, HX711Emulator
from hardware.pins import GpioPin, raw_lines
from tests.support.chips import DOUT, SCK, wire_chip
from tests.support.simclock import SimClock


def at_rest(offset_counts: int, **extra: object) -> EmulatorSettings:
    knobs: dict[str, object] = {"offset_counts": offset_counts, "noise_counts_rms": 0.0}
    return EmulatorSettings(**(knobs | extra))


def test_minus_one_is_a_reading_like_any_other():
    chip = wire_chip(at_rest(-1))
    reader = chip.reader()
    assert [reader.read() for _ in range(5)] == [-1] * 5
    assert reader.stats.dropped_total == 0


class PreemptingClock:
    """The reader's clock, over the chip's: once armed, the reader is pre-empted for 7 ms
    just before its tenth PD_SCK pulse, with the clock low (no pulse is stretched) and
    for longer than half a conversion period."""

    TENTH_PULSE = 20  # read_conversion reads the clock once, then twice per pulse

    def __init__(self, clock) -> None:
        self._clock = clock
        self._calls: int | None = None

    def arm(self) -> None:
        self._calls = 0

    def __call__(self) -> int:
        if self._calls is not None:
            self._calls += 1
            if self._calls == self.TENTH_PULSE:
                self._clock.sleep(0.007)
        return self._clock()


def slow_reader(chip) -> tuple[HX711Reader, PreemptingClock]:
    clock = PreemptingClock(chip.clock)
    return HX711Reader(chip.data_pin, chip.clock_pin, clock=clock, sleep=chip.sleep), clock


def test_a_shorted_data_line_is_caught_however_long_the_read_took():
    chip = wire_chip(at_rest(0, fault=Fault.DOUT_STUCK_LOW))
    reader, clock = slow_reader(chip)
    clock.arm()
    conversion = reader.poll()
    assert conversion is not None
    assert conversion.done_ns - conversion.ready_ns > 6_000_000
    assert conversion.problem is WordProblem.DOUT_STUCK_LOW


def test_a_slow_read_of_a_real_chip_is_a_good_word_even_if_the_next_one_is_ready():
    chip = wire_chip(at_rest(50_000))
    reader, clock = slow_reader(chip)
    reader.read()
    assert reader.wait_ready(10**9)
    clock.arm()
    conversion = reader.read_conversion()
    assert conversion.done_ns - conversion.ready_ns > 6_000_000
    assert conversion.problem is None
    assert conversion.counts == 50_000


def test_reading_a_shorted_line_waits_between_tries_instead_of_spinning():
    chip = wire_chip(at_rest(0, fault=Fault.DOUT_STUCK_LOW))
    reader = chip.reader()
    with pytest.raises(BadWordError, match="shorted data line"):
        reader.read()
    tries = reader.stats.dropped[WordProblem.DOUT_STUCK_LOW]
    window_ns = reader.settling_ns + 4 * reader.period_ns
    assert tries <= window_ns // reader.period_ns + 1, "about one try per conversion period"


class BlinkaMockPin:
    """Blinka's ``microcontroller.pin.Pin`` over a gpiozero mock pin: the board layer that
    ``digitalio.DigitalInOut`` sits on, which a PC does not have."""

    IN, OUT = 0, 1
    PULL_NONE, PULL_UP, PULL_DOWN = 0, 1, 2
    factory: MockFactory

    def __init__(self, number: int) -> None:
        self.id = number
        self._pin = self.factory.pin(number)

    def init(self, mode: int | None = None, pull: int | None = None) -> None:
        if mode is not None:
            self._pin.function = "output" if mode == self.OUT else "input"

    def value(self, level: int | None = None) -> int | None:
        if level is None:
            return int(self._pin.state)
        self._pin.state = bool(level)
        return None


def test_real_digitalio_pins_work_once_the_reader_sets_their_directions(monkeypatch):
    factory = MockFactory()
    clock = SimClock()
    emulator = HX711Emulator(factory, DOUT, SCK, settings=at_rest(7_000), clock=clock)
    BlinkaMockPin.factory = factory
    monkeypatch.setattr(digitalio, "Pin", BlinkaMockPin)
    data = digitalio.DigitalInOut(BlinkaMockPin(DOUT))
    sck = digitalio.DigitalInOut(BlinkaMockPin(SCK))
    assert sck.direction is digitalio.Direction.INPUT, "digitalio pins start as inputs"
    reader = HX711Reader(data, sck, clock=clock, sleep=clock.sleep)
    assert sck.direction is digitalio.Direction.OUTPUT
    assert reader.read() == 7_000
    assert emulator.words_read >= 1


@pytest.mark.parametrize("rate", [0, 40, 320])
def test_an_unsupported_rate_is_refused_with_the_two_the_chip_has(rate):
    chip = wire_chip()
    with pytest.raises(ValueError, match="10 or 80 samples per second"):
        HX711Reader(chip.data_pin, chip.clock_pin, rate_sps=rate)


def test_gpiozero_pins_shift_words_through_the_pin_library_directly():
    chip = wire_chip(at_rest(1234))
    assert raw_lines(chip.clock_pin, chip.data_pin) is not None
    assert chip.reader().read() == 1234


def test_other_pins_keep_the_portable_way():
    factory = MockFactory()
    plain = GpioPin(factory.pin(DOUT), output=False)
    assert raw_lines(object(), plain) is None
