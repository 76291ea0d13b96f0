"""Each of the five defects of adafruit-circuitpython-hx711 1.1.2 on Linux, shown against
the emulated chip with the stock driver, and shown fixed with ours."""

from __future__ import annotations

import statistics
import threading

import microcontroller
import pytest
from adafruit_hx711.hx711 import HX711

from hardware.hx711 import BadWordError, HX711Reader, SensorTimeout, WordProblem
from hardware.hx711_emulator import EmulatorSettings, Fault
from hardware.spec import ChannelGain
from tests.support.chips import wire_chip

OFFSET = 120_000


def quiet(newtons: float = 0.0, **extra: object) -> EmulatorSettings:
    """A chip with no noise, so every count can be predicted exactly."""
    knobs: dict[str, object] = {"offset_counts": OFFSET, "noise_counts_rms": 0.0, **extra}
    return EmulatorSettings(force_n=lambda _t: newtons, **knobs)


@pytest.fixture
def stock_without_interrupt_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the stock driver get past defect 1 so the later defects can be seen."""
    monkeypatch.setattr(microcontroller, "disable_interrupts", lambda: None, raising=False)
    monkeypatch.setattr(microcontroller, "enable_interrupts", lambda: None, raising=False)


@pytest.fixture
def stock_without_sleep_delay(
    monkeypatch: pytest.MonkeyPatch, stock_without_interrupt_calls: None
) -> None:
    monkeypatch.setattr(microcontroller, "delay_us", lambda _us: None)


def test_defect1_stock_driver_fails_on_linux_and_ours_reads() -> None:
    chip = wire_chip(quiet(10.0))
    stock = HX711(chip.data_pin, chip.clock_pin)
    with pytest.raises(AttributeError, match="disable_interrupts"):
        stock.read()

    expected = OFFSET + round(10.0 * chip.emulator.settings.counts_per_newton)
    assert chip.reader().read() == expected


class PulseTimer:
    """Wraps PD_SCK to measure every high phase the driver produces, on the wall clock."""

    def __init__(self, pin: object, clock: object) -> None:
        self._pin = pin
        self._clock = clock
        self._rose = 0
        self.highs_ns: list[int] = []

    @property
    def value(self) -> bool:
        return self._pin.value

    @value.setter
    def value(self, level: bool) -> None:
        self._pin.value = level
        now = self._clock()
        if level:
            self._rose = now
        else:
            self.highs_ns.append(now - self._rose)


@pytest.mark.realtime
def test_defect2_sleep_based_delay_holds_clock_high_past_datasheet_max(
    stock_without_interrupt_calls: None,
) -> None:
    chip = wire_chip(quiet(10.0), real_time=True)
    stock_pin = PulseTimer(chip.clock_pin, chip.clock)
    stock = HX711(chip.data_pin, stock_pin)
    stock_pin.highs_ns.clear()  # forget the deliberate reset pulse of __init__
    stock.read()
    # Linux sleeps at least the 50 µs timer slack, so time.sleep(1e-6) cannot be short.
    assert statistics.median(stock_pin.highs_ns) > 50_000

    ours_pin = PulseTimer(chip.clock_pin, chip.clock)
    reader = HX711Reader(chip.data_pin, ours_pin, clock=chip.clock, sleep=chip.sleep)
    ours_pin.highs_ns.clear()
    reader.read()
    assert statistics.median(ours_pin.highs_ns) < 25_000


def test_stretched_pulse_drops_the_word_and_the_chip_recovers() -> None:
    chip = wire_chip(quiet(10.0))
    reader = chip.reader()
    good = reader.read()

    class PreemptedPin:
        """PD_SCK whose fifth high phase is stretched, as if the kernel pre-empted us."""

        def __init__(self) -> None:
            self.rises = 0

        @property
        def value(self) -> bool:
            return chip.clock_pin.value

        @value.setter
        def value(self, level: bool) -> None:
            if not level and self.rises == 5:
                chip.clock.sleep(80e-6)
            self.rises += level
            chip.clock_pin.value = level

    reader._clock_pin = PreemptedPin()
    assert reader.wait_ready(reader.period_ns * 2)
    conversion = reader.read_conversion()
    assert conversion.problem is WordProblem.STRETCHED_PULSE
    assert chip.emulator.power_downs == 2  # the reset in __init__, then this one
    reader._clock_pin = chip.clock_pin
    assert reader.read() == good  # after the settling time, good words again
    assert reader.stats.dropped[WordProblem.STRETCHED_PULSE] == 1


def test_defect3_negative_values_keep_their_sign(stock_without_sleep_delay: None) -> None:
    chip = wire_chip(quiet(-40.0, offset_counts=0))
    expected = round(-40.0 * chip.emulator.settings.counts_per_newton)
    assert expected < 0
    stock = HX711(chip.data_pin, chip.clock_pin)
    assert stock.read() == expected + (1 << 32)  # -1 would come back as 4294967295

    assert chip.reader().read() == expected


def test_defect4_stock_driver_spends_two_conversions_per_read(
    stock_without_sleep_delay: None,
) -> None:
    chip = wire_chip(quiet(5.0))
    stock = HX711(chip.data_pin, chip.clock_pin)
    stock.read()
    before = chip.emulator.words_read
    for _ in range(10):
        stock.read()
    assert chip.emulator.words_read - before == 20

    reader = chip.reader()
    reader.read()
    before = chip.emulator.words_read
    started = chip.clock()
    for _ in range(10):
        reader.read()
    assert chip.emulator.words_read - before == 10
    elapsed_periods = (chip.clock() - started) / reader.period_ns
    assert 9 <= elapsed_periods <= 11


def test_changing_gain_discards_exactly_one_conversion() -> None:
    chip = wire_chip(quiet(5.0))
    reader = chip.reader()
    a128 = reader.read(ChannelGain.A128)
    before = chip.emulator.words_read
    a64 = reader.read(ChannelGain.A64)
    assert chip.emulator.words_read - before == 2
    assert a64 == pytest.approx(a128 / 2, abs=1)


def test_defect5_stock_driver_waits_forever_on_an_unplugged_sensor(
    stock_without_sleep_delay: None,
) -> None:
    chip = wire_chip(quiet(5.0, fault=Fault.DOUT_STUCK_HIGH))
    stock = HX711(chip.data_pin, chip.clock_pin)
    finished = threading.Event()

    def read_in_background() -> None:
        stock.read()
        finished.set()

    worker = threading.Thread(target=read_in_background, daemon=True)
    worker.start()
    # Hundreds of thousands of polls is minutes of a real 80 SPS chip: it is spinning.
    while chip.emulator.dout_polls < 200_000 and worker.is_alive():
        worker.join(0.01)
    assert worker.is_alive() and not finished.is_set()
    chip.emulator.settings.fault = Fault.NONE  # plug it back in so the thread can end
    assert finished.wait(10)

    reader = chip.reader()
    chip.emulator.settings.fault = Fault.DOUT_STUCK_HIGH
    with pytest.raises(SensorTimeout, match="plugged in"):
        reader.read()


def test_all_bad_words_give_a_clear_error_not_a_number() -> None:
    chip = wire_chip(quiet(5.0, fault=Fault.BRIDGE_OPEN))
    with pytest.raises(BadWordError, match="0x7FFFFF"):
        chip.reader().read()
