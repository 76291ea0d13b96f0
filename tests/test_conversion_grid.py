"""The sampler wakes once per conversion, on a chip whose oscillator is off its nominal rate."""

from __future__ import annotations

import random

import pytest

from hardware.conversion_grid import WAKE_AFTER_NS, ConversionGrid

NOMINAL_NS = 12_500_000  # 80 SPS


def run(true_period_ns: float, seconds: float, *, seed: int = 0, overshoot_ns: int = 100_000):
    """A sampler loop against a chip on its own grid: (looks, conversions read, skipped,
    latencies), waking at ``grid.wake_ns`` with a random sleep overshoot."""
    rng = random.Random(seed)
    grid = ConversionGrid(NOMINAL_NS)
    phase_ns = 3_000_000.0
    now = 0.0
    looks = reads = skipped = 0
    last_index: int | None = None
    latencies: list[float] = []
    while now < seconds * 1e9:
        wake = grid.wake_ns
        now = max(now + 200_000, wake if wake is not None else now + 5_000_000)
        now += rng.uniform(0, overshoot_ns)
        looks += 1
        index = int((now - phase_ns) // true_period_ns)  # the newest conversion ready by now
        if index < 0 or index == last_index:
            grid.saw_busy(int(now))
            continue
        if last_index is not None and index > last_index + 1:
            skipped += index - last_index - 1
        last_index = index
        reads += 1
        latencies.append(now - (phase_ns + index * true_period_ns))
        grid.word_read(int(now))
    return looks, reads, skipped, latencies


@pytest.mark.parametrize("error", [0.0, 0.02, -0.03])
def test_about_one_wake_up_per_conversion_and_none_skipped(error):
    looks, reads, skipped, latencies = run(NOMINAL_NS * (1 + error), seconds=60)
    assert reads == pytest.approx(60e9 / (NOMINAL_NS * (1 + error)), abs=3)
    assert skipped == 0
    assert looks / reads < 1.15, "the relock wake-ups are a few per hundred conversions"
    settled = sorted(latencies[len(latencies) // 10 :])
    assert settled[len(settled) // 2] < WAKE_AFTER_NS + 200_000, "read soon after ready"


def test_waking_early_and_polling_costs_several_looks_per_conversion():
    """The comparison the grid is for: a fixed early wake with 200 µs polls."""
    rng = random.Random(1)
    now, looks, reads, last = 0.0, 0, 0, None
    while now < 10e9:
        index = int((now - 3e6) // NOMINAL_NS)
        if index >= 0 and index != last:
            reads, last = reads + 1, index
            next_ready = 3e6 + (index + 1) * NOMINAL_NS
            now = next_ready - 400_000 + rng.uniform(0, 100_000)
        else:
            now += 200_000 + rng.uniform(0, 100_000)
        looks += 1
    assert looks / reads > 2


def test_a_slow_sleep_never_loses_a_conversion_it_only_reads_it_late():
    looks, reads, skipped, _ = run(NOMINAL_NS, seconds=20, overshoot_ns=2_000_000)
    assert skipped == 0
    assert looks / reads < 1.5, "a busy machine costs a few more looks, never a sample"


def test_after_a_reset_the_grid_waits_for_the_first_conversion_after_settling():
    grid = ConversionGrid(NOMINAL_NS)
    grid.restart(first_ready_ns=50_000_000)
    assert grid.next_ready_ns == 50_000_000
    assert grid.wake_ns is not None
    assert grid.wake_ns < 50_000_000, "no edge caught yet: look early and find it"


def test_a_chip_with_no_known_grid_asks_for_no_wake_up_time():
    grid = ConversionGrid(NOMINAL_NS)
    assert grid.next_ready_ns is None
    assert grid.wake_ns is None
