"""Scripted force profiles: the shapes the emulator and scripted source will play."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from hardware.profiles import (
    Chain,
    Constant,
    Profile,
    Ramp,
    RecordingProfile,
    Sine,
    Squeeze,
    SqueezeTrain,
    Step,
    chain,
)
from hardware.recordings import COUNTS, NEWTONS, Recording


def samples(profile: Profile, end_s: float, step_s: float = 0.001) -> list[float]:
    return [profile(i * step_s) for i in range(round(end_s / step_s) + 1)]


def test_constant_is_flat_forever():
    flat = Constant(12.0)
    assert flat.duration_s == math.inf
    assert {flat(t) for t in (-1.0, 0.0, 3.5, 1e6)} == {12.0}


def test_step_jumps_exactly_at_its_time():
    step = Step(at_s=2.0, before_n=1.0, after_n=30.0)
    assert step(1.999) == 1.0
    assert step(2.0) == 30.0
    assert step(100.0) == 30.0


def test_ramp_is_linear_and_holds_its_end_values():
    ramp = Ramp(start_n=10.0, end_n=50.0, duration_s=4.0)
    assert ramp(1.0) == pytest.approx(20.0)
    assert ramp(2.0) == pytest.approx(30.0)
    assert ramp(-1.0) == 10.0
    assert ramp(9.0) == 50.0


def test_squeeze_rises_holds_and_releases_smoothly():
    rep = Squeeze(peak_n=40.0, rise_s=0.5, hold_s=2.0, release_s=0.5, base_n=2.0)
    assert rep.duration_s == 3.0
    assert rep(0.0) == 2.0
    assert rep(0.5) == pytest.approx(40.0)
    assert {round(rep(t), 9) for t in (0.6, 1.5, 2.5)} == {40.0}
    assert rep(3.0) == pytest.approx(2.0)
    assert rep(10.0) == pytest.approx(2.0)
    rise = samples(rep, 0.5)
    assert all(b >= a for a, b in pairwise(rise))
    release = [rep(2.5 + i * 0.001) for i in range(501)]
    assert all(b <= a for a, b in pairwise(release))
    # Eased edges: 5% into the rise, far less than 5% of the way up (a straight line's share).
    assert rep(0.025) - 2.0 < 0.02 * 38.0
    assert 40.0 - rep(2.5 + 0.025) < 0.02 * 38.0


def test_squeeze_train_repeats_a_rep_with_rests_between():
    rep = Squeeze(peak_n=20.0, rise_s=0.3, hold_s=1.0, release_s=0.2)
    train = SqueezeTrain(rep, reps=3, rest_s=2.5)
    assert train.duration_s == pytest.approx(3 * (1.5 + 2.5))
    for k in range(3):
        assert train(k * 4.0 + 0.8) == pytest.approx(20.0)
        assert train(k * 4.0 + 3.0) == pytest.approx(0.0)
    trace = samples(train, train.duration_s + 2.0, step_s=0.01)
    rising_edges = sum(1 for a, b in pairwise(trace) if a < 10.0 <= b)
    assert rising_edges == 3


def test_sine_swings_about_its_mean_at_its_frequency():
    wave = Sine(mean_n=20.0, amplitude_n=5.0, frequency_hz=0.5)
    assert wave(0.0) == pytest.approx(20.0)
    assert wave(0.5) == pytest.approx(25.0)
    assert wave(1.5) == pytest.approx(15.0)
    assert wave(2.0 + 0.37) == pytest.approx(wave(0.37))


def test_a_finite_sine_holds_its_last_value():
    wave = Sine(mean_n=20.0, amplitude_n=5.0, frequency_hz=1.0, duration_s=0.25)
    assert wave(0.25) == pytest.approx(25.0)
    assert wave(7.0) == pytest.approx(25.0)


def test_recording_profile_starts_at_the_first_sample():
    rec = Recording("late", (5.0, 6.0, 8.0), (1.0, 3.0, 7.0), NEWTONS)
    played = RecordingProfile(rec)
    assert played.duration_s == 3.0
    assert played(0.0) == 1.0
    assert played(0.5) == pytest.approx(2.0)
    assert played(2.0) == pytest.approx(5.0)
    assert played(50.0) == 7.0


def test_raw_count_recordings_need_a_calibration():
    rec = Recording("raw", (0.0, 1.0), (1000.0, 3000.0), COUNTS)
    with pytest.raises(ValueError, match="to_newtons"):
        RecordingProfile(rec)
    played = RecordingProfile(rec, to_newtons=lambda counts: counts / 100.0)
    assert played(0.5) == pytest.approx(20.0)


def test_chain_plays_parts_back_to_back():
    rest = Constant(0.0, duration_s=1.0)
    rep = Squeeze(peak_n=30.0, rise_s=0.5, hold_s=1.0, release_s=0.5)
    session = chain(rest, rep, rest, Ramp(0.0, 10.0, duration_s=2.0))
    assert session.duration_s == pytest.approx(1.0 + 2.0 + 1.0 + 2.0)
    assert session(0.9) == 0.0
    assert session(1.0 + 1.0) == pytest.approx(30.0)
    assert session(3.5) == pytest.approx(0.0)
    assert session(5.0) == pytest.approx(5.0)
    assert session(60.0) == pytest.approx(10.0)


def test_an_endless_profile_can_only_close_a_chain():
    with pytest.raises(ValueError, match="never ends"):
        Chain((Constant(1.0), Constant(2.0, duration_s=1.0)))
    assert chain(Constant(1.0, duration_s=1.0), Constant(2.0))(1e6) == 2.0


@pytest.mark.parametrize(
    "build",
    [
        lambda: Ramp(0.0, 1.0, duration_s=0.0),
        lambda: Ramp(0.0, 1.0, duration_s=math.inf),
        lambda: Squeeze(peak_n=10.0, hold_s=-1.0),
        lambda: Squeeze(peak_n=math.nan),
        lambda: SqueezeTrain(Squeeze(10.0), reps=0, rest_s=1.0),
        lambda: Step(at_s=-0.5, before_n=0.0, after_n=1.0),
        lambda: Constant(math.inf),
        lambda: Chain(()),
    ],
)
def test_impossible_profiles_are_refused_with_a_reason(build):
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        build()


def test_every_profile_satisfies_the_profile_contract():
    rec = Recording("r", (0.0, 1.0), (1.0, 2.0), NEWTONS)
    shapes = [
        Constant(1.0),
        Step(1.0, 0.0, 1.0),
        Ramp(0.0, 1.0, 1.0),
        Squeeze(5.0),
        SqueezeTrain(Squeeze(5.0), 2, 1.0),
        Sine(1.0, 1.0, 1.0),
        RecordingProfile(rec),
        chain(Ramp(0.0, 1.0, 1.0)),
    ]
    for shape in shapes:
        assert isinstance(shape, Profile)
        assert math.isfinite(shape(0.3))
