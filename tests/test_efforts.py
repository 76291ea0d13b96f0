"""Efforts found in a force signal: real recordings counted by eye, and synthetic traces."""

from __future__ import annotations

import csv
import math
import random
from itertools import pairwise
from pathlib import Path

import pytest

from hardware import EffortDetector, efforts, find_efforts
from hardware.efforts import EffortSettings, expected_scale

RATE_HZ = 80.0


def load(path: Path) -> tuple[list[float], list[float]]:
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    return [float(r["t_s"]) for r in rows], [float(r["force_n"]) for r in rows]


def squeeze(t_s: float, start_s: float, rise_s: float, hold_s: float, height_n: float) -> float:
    """A smooth squeeze: a half-cosine up, a hold, a half-cosine down."""
    x = t_s - start_s
    if x <= 0 or x >= 2 * rise_s + hold_s:
        return 0.0
    if x < rise_s:
        return height_n * (1 - math.cos(math.pi * x / rise_s)) / 2
    if x <= rise_s + hold_s:
        return height_n
    return height_n * (1 + math.cos(math.pi * (x - rise_s - hold_s) / rise_s)) / 2


def trace(duration_s: float, force) -> tuple[list[float], list[float]]:
    times = [i / RATE_HZ for i in range(int(duration_s * RATE_HZ))]
    return times, [force(t) for t in times]


def squeezes_every(period_s: float, count: int, height_n: float, first_s: float = 1.0):
    starts = [first_s + i * period_s for i in range(count)]
    return lambda t: sum(squeeze(t, s, 0.3, 0.6, height_n) for s in starts)


# -- the real recordings, counted by eye from a plot of each -----------------------------

COUNTED_BY_EYE = {
    "bammri_mri_grip_rhythmic_squeezes.csv": 116,
    "hangboard_hx711_5hangs.csv": 5,
    "edraki_power_grip_tracking.csv": 3,
    "edraki_pinch_grip_tracking.csv": 3,
    "fda_pinch_impulse_rep01.csv": 1,
}


@pytest.mark.parametrize(("name", "counted"), COUNTED_BY_EYE.items())
def test_every_squeeze_of_a_real_recording_is_found_once(recordings_dir, name, counted):
    """The rhythmic one ends on a weak half-squeeze (44 N among 80 N ones): either way."""
    efforts = find_efforts(*load(recordings_dir / name))
    tolerance = 1 if counted > 100 else 0
    assert abs(len(efforts) - counted) <= tolerance
    assert all(e.start_s < e.peak_s < e.end_s for e in efforts)
    assert all(a.end_s <= b.start_s for a, b in pairwise(efforts))


def test_the_hangboard_efforts_have_the_peaks_its_source_describes(recordings_dir):
    efforts = find_efforts(*load(recordings_dir / "hangboard_hx711_5hangs.csv"))
    kg = [e.peak_n / 9.80665 for e in efforts]
    assert kg == pytest.approx([75, 42, 34, 78, 83], abs=2.5)
    assert all(e.complete and e.duration_s > 2 for e in efforts)  # holds of seconds
    assert all(abs(e.rest_n) < 25 for e in efforts)


def test_graded_squeezes_over_a_preload_that_never_lets_go_are_told_apart(recordings_dir):
    """Power grip: an 18 N preload, dips only to 29 N between squeezes of 49-58 N."""
    efforts = find_efforts(*load(recordings_dir / "edraki_power_grip_tracking.csv"))
    assert [round(e.peak_n) for e in efforts] == pytest.approx([49, 58, 51], abs=1.5)
    assert efforts[0].rest_n == pytest.approx(18.3, abs=0.5)
    assert all(e.rest_n > 25 for e in efforts[1:])  # each rose out of the dip before it
    assert all(0.2 < e.time_to_peak_s < 0.6 for e in efforts)


def test_a_brief_pinch_impulse_has_its_peak_and_time_to_peak(recordings_dir):
    (effort,) = find_efforts(*load(recordings_dir / "fda_pinch_impulse_rep01.csv"))
    assert effort.peak_n == pytest.approx(10.6, abs=0.3)
    assert effort.peak_s == pytest.approx(0.082, abs=0.01)
    assert effort.time_to_peak_s == pytest.approx(0.04, abs=0.02)
    assert effort.rest_n == pytest.approx(1.9, abs=0.3)


def test_the_rhythmic_squeezes_fade_from_about_21_to_about_9_kg(recordings_dir):
    efforts = find_efforts(*load(recordings_dir / "bammri_mri_grip_rhythmic_squeezes.csv"))
    kg = [e.peak_n / 9.80665 for e in efforts]
    assert sum(kg[:10]) / 10 == pytest.approx(20.5, abs=1.5)
    assert sum(kg[-10:]) / 10 == pytest.approx(9.0, abs=1.5)
    gaps = [b.start_s - a.start_s for a, b in pairwise(efforts)]
    assert max(gaps) < 2.0  # none skipped: one every ~1.6 s


# -- synthetic traces -----------------------------------------------------------------


def test_squeezes_over_a_resting_preload_rise_from_the_preload():
    times, forces = trace(12.0, lambda t: 18.0 + squeezes_every(2.0, 5, 40.0)(t))
    efforts = find_efforts(times, forces)
    assert len(efforts) == 5
    assert [e.peak_n for e in efforts] == pytest.approx([58.0] * 5, abs=0.1)
    assert [e.rest_n for e in efforts] == pytest.approx([18.0] * 5, abs=0.5)
    assert [e.peak_s for e in efforts] == pytest.approx([1.3 + 2 * i for i in range(5)], abs=0.02)


def test_noise_and_lone_spikes_make_no_effort_and_do_not_split_one():
    rng = random.Random(4)
    quiet_times, quiet = trace(30.0, lambda t: 5.0 + rng.gauss(0, 0.8))
    quiet[500] += 300.0  # a knock: one sample
    quiet[1500] -= 300.0
    assert find_efforts(quiet_times, quiet) == []
    times, forces = trace(12.0, lambda t: squeezes_every(2.0, 5, 60.0)(t) + rng.gauss(0, 2.0))
    forces[int(1.6 * RATE_HZ)] = -200.0  # a dropout in the middle of the first hold
    efforts = find_efforts(times, forces)
    assert len(efforts) == 5
    assert all(55 < e.peak_n < 70 for e in efforts)


def test_a_slow_drift_of_the_tare_is_rest_not_an_effort():
    drift = lambda t: 20.0 * t / 60.0  # noqa: E731 - 20 N over a minute
    detector = EffortDetector(50.0)
    times, forces = trace(60.0, drift)
    assert [t for t, f in zip(times, forces, strict=True) if detector.push(t, f)] == []
    assert detector.finish() is None
    assert detector.rest_n == pytest.approx(20.0, abs=3.0)
    times, forces = trace(60.0, lambda t: drift(t) + squeezes_every(6.0, 9, 50.0, 3.0)(t))
    efforts = find_efforts(times, forces)
    assert len(efforts) == 9
    assert [e.rise_n for e in efforts] == pytest.approx([50.0] * 9, abs=4.0)


def test_a_squeeze_cut_by_the_end_of_the_file_is_kept_and_marked():
    times, forces = trace(4.0, squeezes_every(2.0, 2, 30.0))  # the second is still held
    efforts = find_efforts(times, forces)
    assert [e.complete for e in efforts] == [True, False]
    assert efforts[-1].peak_n == pytest.approx(30.0, abs=0.1)
    assert efforts[-1].end_s == pytest.approx(times[-1])


def test_a_hold_that_sags_after_an_overshoot_stays_one_effort():
    def overshoot(t: float) -> float:
        if t < 1.0 or t > 9.0:
            return 2.0
        return 2.0 + (120.0 if t < 1.5 else 60.0 + 5.0 * math.sin(6.0 * t))

    efforts = find_efforts(*trace(10.0, overshoot))
    assert len(efforts) == 1
    assert efforts[0].duration_s == pytest.approx(8.0, abs=0.1)


def test_a_weak_child_s_squeezes_count_as_well_as_a_strong_one_s():
    for height_n in (8.0, 80.0, 800.0):
        times, forces = trace(12.0, squeezes_every(2.0, 5, height_n))
        assert len(find_efforts(times, forces)) == 5


def test_time_above_the_target_and_in_its_band_are_counted_per_effort():
    """A 3 s hold at 50 N after a half-second overshoot to 70 N; band 40-60 N."""

    def hold(t: float) -> float:
        if 1.0 <= t < 1.5:
            return 70.0
        return 50.0 if 1.5 <= t < 4.5 else 0.0

    detector = EffortDetector(50.0)
    detector.target = (40.0, 60.0)
    times, forces = trace(6.0, hold)
    (effort,) = [e for t, f in zip(times, forces, strict=True) if (e := detector.push(t, f))]
    assert effort.above_target_s == pytest.approx(3.5, abs=0.05)
    assert effort.in_band_s == pytest.approx(3.0, abs=0.05)


def test_the_effort_under_way_can_be_read_before_it_ends():
    detector = EffortDetector(30.0)
    for t, f in zip(*trace(1.5, squeezes_every(2.0, 1, 30.0)), strict=True):
        detector.push(t, f)
    current = detector.current
    assert current is not None and not current.complete
    assert current.peak_n == pytest.approx(30.0, abs=0.1)


def test_glitches_and_a_clock_that_ran_backwards_are_skipped():
    detector = EffortDetector(10.0)
    for t, f in [(0.0, 0.0), (0.1, 0.0), (0.2, math.nan), (0.3, 20.0), (0.4, 20.0)]:
        detector.push(t, f)
    assert detector.push(0.05, 0.0) is None, "from before the last sample: skipped"
    assert detector.current is not None and detector.current.peak_n == 20.0


def test_settings_that_cannot_work_are_refused():
    with pytest.raises(ValueError, match="positive"):
        EffortDetector(0.0)
    with pytest.raises(ValueError, match="shares must rise"):
        EffortSettings(end_share=0.7)


def test_a_quantised_flat_line_sets_a_floor_not_a_row_of_efforts():
    flat = [0.0, 0.294] * 200
    size, least = expected_scale(flat)
    assert least >= 1.0 and size >= least
    assert find_efforts([i / 11 for i in range(len(flat))], flat) == []


def test_a_recording_longer_than_the_median_keeps_is_scaled_from_an_even_spread(monkeypatch):
    """Past ``MEDIAN_OF_AT_MOST`` values the medians are of every k-th one, so analysing a
    file of any length keeps no more; a spread of 256 scales 12 minutes like all of them."""
    rng = random.Random(7)
    times, clean = trace(720.0, lambda t: squeeze(t, 4 * (t // 4), 0.5, 1.0, 40.0))
    forces = [f + rng.gauss(0.0, 0.05) for f in clean]
    exact = expected_scale(forces)
    monkeypatch.setattr(efforts, "MEDIAN_OF_AT_MOST", 256)
    finder = efforts.ScaleFinder()
    for force in forces:
        finder.push(force)
    assert finder.scale() == pytest.approx(exact, rel=0.05)
    assert len(finder._despiked.values) < 256 and len(finder._steps.values) < 256
    assert len(find_efforts(times, forces)) == 180
