"""The emulated chip follows the datasheet, faults included, as seen through the pins."""

from __future__ import annotations

import itertools
import statistics

import pytest

from hardware.calibration import nominal_counts_per_newton
from hardware.hx711 import SensorTimeout, WordProblem
from hardware.hx711_emulator import NOISE_COUNTS_RMS, EmulatorSettings, Fault
from hardware.spec import SETTLING_TIME_NS, STANDARD_GRAVITY, ChannelGain
from tests.support.chips import wire_chip


def steady(newtons: float = 0.0, **extra: object) -> EmulatorSettings:
    knobs: dict[str, object] = {"offset_counts": 50_000, "noise_counts_rms": 0.0, **extra}
    return EmulatorSettings(force_n=lambda _t: newtons, **knobs)


def shift_out_by_hand(chip: object, pulses: int) -> int:
    word = 0
    for index in range(pulses):
        chip.clock_pin.value = True
        if index < 24:
            word = (word << 1) | chip.data_pin.value
        chip.clock_pin.value = False
    return word


@pytest.mark.parametrize("rate", [10, 80])
def test_conversions_land_on_the_rate_grid_after_settling(rate: int) -> None:
    chip = wire_chip(steady(), rate_sps=rate)
    reader = chip.reader()
    reset_at = chip.clock()
    readies = []
    for _ in range(6):
        reader.read()
        readies.append(chip.emulator.last_ready_ns)
    assert readies[0] - reset_at == pytest.approx(SETTLING_TIME_NS[rate], abs=50_000)
    gaps = {b - a for a, b in itertools.pairwise(readies)}
    assert gaps == {1_000_000_000 // rate}


def test_dout_is_high_until_ready_then_bits_come_msb_first() -> None:
    chip = wire_chip(steady(2.5))
    chip.reader()  # resets the chip
    assert chip.data_pin.value  # settling: not ready
    chip.clock.sleep(0.051)
    assert not chip.data_pin.value
    expected = 50_000 + round(2.5 * chip.emulator.settings.counts_per_newton)
    assert shift_out_by_hand(chip, 25) == expected
    assert chip.data_pin.value  # the 25th pulse pulled DOUT high again


def test_pulse_count_selects_channel_and_gain_for_the_next_conversion() -> None:
    chip = wire_chip(steady(4.0, channel_b_counts=-7_000))
    chip.reader()
    chip.clock.sleep(0.051)
    a128 = shift_out_by_hand(chip, 27)  # select A-64 next
    chip.clock.sleep(0.051)  # a new gain needs the settling time
    a64 = shift_out_by_hand(chip, 26)  # select B-32 next
    chip.clock.sleep(0.051)
    b32 = shift_out_by_hand(chip, 25)
    assert a64 == pytest.approx(a128 / 2, abs=1)
    assert b32 - (1 << 24) == -7_000


def test_new_selection_is_not_ready_before_the_settling_time() -> None:
    chip = wire_chip(steady())
    chip.reader()
    chip.clock.sleep(0.051)
    shift_out_by_hand(chip, 26)
    chip.clock.sleep(0.030)  # two conversion periods: enough for the same gain, not a new one
    assert chip.data_pin.value
    chip.clock.sleep(0.025)
    assert not chip.data_pin.value


def test_clock_high_over_60us_powers_down_and_the_fall_resets_to_a128() -> None:
    chip = wire_chip(steady())
    reader = chip.reader(ChannelGain.A64)
    reader.read(ChannelGain.A64)
    downs = chip.emulator.power_downs
    chip.clock_pin.value = True
    chip.clock.sleep(45e-6)
    assert chip.emulator.power_downs == downs  # 45 µs: still awake
    chip.clock.sleep(30e-6)
    assert chip.data_pin.value  # powered down: DOUT idles high
    chip.clock_pin.value = False
    assert chip.emulator.power_downs == downs + 1
    chip.clock.sleep(0.049)
    assert chip.data_pin.value  # settling after wake-up
    chip.clock.sleep(0.002)
    full_gain = shift_out_by_hand(chip, 25)
    assert full_gain == 50_000  # back on A-128


def test_an_unread_conversion_is_replaced_by_the_newest() -> None:
    moving = EmulatorSettings(force_n=lambda t: t * 100.0, noise_counts_rms=0.0, offset_counts=0)
    chip = wire_chip(moving)
    reader = chip.reader()
    reader.read()
    chip.clock.sleep(0.1)  # eight conversions go by unread
    reader.wait_ready(reader.period_ns)
    conversion = reader.read_conversion()
    t_s = (chip.emulator.last_ready_ns - chip.emulator._origin_ns) / 1e9
    assert conversion.counts == round(t_s * 100.0 * chip.emulator.settings.counts_per_newton)


def test_force_profile_in_newtons_is_seen_in_counts() -> None:
    cpn = nominal_counts_per_newton(30.0 * STANDARD_GRAVITY)
    chip = wire_chip(
        EmulatorSettings(
            force_n=lambda _t: 49.0, counts_per_newton=cpn, offset_counts=0, noise_counts_rms=0.0
        )
    )
    counts = chip.reader().read()
    # A 2 mV/V cell at gain 128 spans ~2^32 / 1000 * 1000 counts: 5 kg of a 30 kg cell is 1/6.
    assert counts == pytest.approx(2 * 128 * 2**23 * 2 / 1000 * 49.0 / (30 * 9.80665), rel=1e-6)


@pytest.mark.parametrize("rate", [10, 80])
def test_noise_has_the_datasheet_size(rate: int) -> None:
    chip = wire_chip(EmulatorSettings(), rate_sps=rate, seed=3)
    reader = chip.reader()
    readings = [reader.read() for _ in range(400)]
    assert statistics.stdev(readings) == pytest.approx(NOISE_COUNTS_RMS[rate], rel=0.15)
    assert 25 <= NOISE_COUNTS_RMS[80] <= 60


def test_slow_drift_moves_the_zero() -> None:
    chip = wire_chip(steady(drift_counts_per_s=200.0))
    reader = chip.reader()
    first = reader.read()
    chip.clock.sleep(10.0)
    assert reader.read() - first == pytest.approx(2_000, abs=10)


def test_dout_stuck_high_reads_as_unplugged() -> None:
    chip = wire_chip(steady(fault=Fault.DOUT_STUCK_HIGH))
    reader = chip.reader()
    with pytest.raises(SensorTimeout):
        reader.read()
    assert reader.poll() is None


def test_dout_stuck_low_is_caught_after_the_word() -> None:
    chip = wire_chip(steady(fault=Fault.DOUT_STUCK_LOW))
    conversion = chip.reader().poll()
    assert conversion is not None
    assert conversion.problem is WordProblem.DOUT_STUCK_LOW


def test_overload_saturates_at_the_top_word() -> None:
    chip = wire_chip(steady(1e6))
    reader = chip.reader()
    assert reader.wait_ready(10**9)
    conversion = reader.read_conversion()
    assert conversion.word == 0x7FFFFF
    assert conversion.problem is WordProblem.SATURATED_HIGH
    chip.emulator.settings.force_n = lambda _t: -1e6
    assert reader.wait_ready(10**9)
    assert reader.read_conversion().problem is WordProblem.SATURATED_LOW


def test_open_bridge_wire_saturates() -> None:
    chip = wire_chip(steady(fault=Fault.BRIDGE_OPEN))
    reader = chip.reader()
    assert reader.wait_ready(10**9)
    assert reader.read_conversion().problem is WordProblem.SATURATED_HIGH


def test_bit_slips_double_the_word_plus_one() -> None:
    chip = wire_chip(steady(1.0, bit_slip_probability=0.2), seed=7)
    reader = chip.reader()
    readings = []
    for _ in range(200):
        assert reader.wait_ready(10**9)
        readings.append(reader.read_conversion().counts)  # dropped or not: the chip's word
    clean = 50_000 + round(1.0 * chip.emulator.settings.counts_per_newton)
    slipped = [r for r in readings if r != clean]
    assert len(slipped) == chip.emulator.slipped_words
    assert 20 <= len(slipped) <= 60
    assert set(slipped) == {2 * clean + 1}
