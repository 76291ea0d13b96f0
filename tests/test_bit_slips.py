"""Bit slips (an extra PD_SCK edge shifts a word up one bit) are dropped by the reader,
two in a row included, while a real force at the same level still gets through."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hardware.bit_slips import MAX_SLIPS_IN_A_ROW, SlipGuard, looks_slipped, signed
from hardware.hx711 import HX711Reader, WordProblem
from hardware.sampler import emulated_cell
from hardware.spec import DEFAULT_SPECS
from tests.support.chips import wire_chip


def slipped(word: int) -> int:
    return ((word << 1) | 1) & 0xFFFFFF


def unsigned(counts: int) -> int:
    return counts & 0xFFFFFF


@pytest.mark.parametrize("counts", [120_000, 500_000, -200_000, 3_000_000, -3_000_000])
def test_a_slipped_word_is_recognised_whatever_the_force_and_sign(counts):
    word = unsigned(counts)
    assert looks_slipped(slipped(word), word)
    assert looks_slipped(slipped(unsigned(counts + 40)), word), "noise between the two words"


@pytest.mark.parametrize("change", [0, 90, -90, 4_000, -4_000, 60_000])
def test_a_real_change_in_force_is_not_a_slip(change):
    word = unsigned(120_000)
    assert not looks_slipped(unsigned(120_000 + change), word)


def test_a_cell_near_zero_counts_is_not_judged_because_a_slip_barely_moves_it():
    word = unsigned(30)
    assert not looks_slipped(slipped(word), word)
    assert signed(slipped(word)) - signed(word) < 100


def test_a_real_force_at_twice_the_last_reading_is_taken_after_two_words():
    guard = SlipGuard()
    rest, doubled = unsigned(120_000), unsigned(240_000)
    assert not guard.is_slip(rest)
    judged = [guard.is_slip(doubled) for _ in range(5)]
    assert judged == [True] * MAX_SLIPS_IN_A_ROW + [False] * (5 - MAX_SLIPS_IN_A_ROW)


def test_forgetting_the_last_word_takes_the_next_one_as_it_comes():
    guard = SlipGuard()
    guard.is_slip(unsigned(120_000))
    guard.forget()
    assert not guard.is_slip(slipped(unsigned(120_000)))


def reader_on(settings):
    bench = wire_chip(settings, seed=7)
    return bench, HX711Reader(bench.data_pin, bench.clock_pin, clock=bench.clock, sleep=bench.sleep)


def good_counts(bench, reader, words: int) -> list[int]:
    counts = []
    for _ in range(words):
        assert reader.wait_ready(1_000_000_000)
        conversion = reader.read_conversion()
        if conversion.problem is None:
            counts.append(conversion.counts)
    return counts


def test_the_reader_drops_every_slipped_word_of_a_chip_that_slips_often():
    settings = replace(emulated_cell(DEFAULT_SPECS[0], 0), bit_slip_probability=0.05)
    bench, reader = reader_on(settings)
    counts = good_counts(bench, reader, 4_000)
    assert bench.emulator.slipped_words > 150
    assert reader.stats.dropped[WordProblem.BIT_SLIP] == bench.emulator.slipped_words
    at_rest = settings.offset_counts
    assert max(abs(c - at_rest) for c in counts) < 2_000, "only the chip's noise got through"


def test_a_step_to_twice_the_rest_reading_reaches_the_app_two_words_late():
    """The rare real force the guard cannot tell from a slip at first sight."""
    base = emulated_cell(DEFAULT_SPECS[0], 0)
    step_n = base.offset_counts / base.counts_per_newton  # the force that doubles the word
    settings = replace(base, force_n=lambda t: step_n if t >= 1.0 else 0.0, noise_counts_rms=0)
    bench, reader = reader_on(settings)
    counts = good_counts(bench, reader, 160)  # two seconds at 80 SPS
    doubled = [c for c in counts if c > 1.5 * base.offset_counts]
    assert reader.stats.dropped[WordProblem.BIT_SLIP] == MAX_SLIPS_IN_A_ROW
    assert len(doubled) >= 75, "the held force shows for the rest of the second"
