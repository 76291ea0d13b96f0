"""The virtual hand: does a held key feel like a child's squeeze?"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from hardware.virtual_hand import VirtualHand

MS = 1_000_000
MAX_N = 100.0


def trace(hand: VirtualHand, from_ms: int, to_ms: int, step_ms: int = 1) -> list[float]:
    return [hand.force_n(t * MS) for t in range(from_ms, to_ms + 1, step_ms)]


def pressed_hand(seed: int = 0) -> VirtualHand:
    hand = VirtualHand(MAX_N, seed=seed)
    hand.force_n(0)
    hand.press()
    return hand


def first_ms(values: list[float], reached: Callable[[float], bool]) -> int:
    return next(i for i, v in enumerate(values) if reached(v))


def test_a_held_key_reaches_ninety_percent_in_a_third_to_half_a_second():
    rise = trace(pressed_hand(), 0, 2000)
    assert 300 <= first_ms(rise, lambda f: f >= 0.9 * MAX_N) <= 500


def test_the_squeeze_eases_in_and_overshoots_a_little():
    rise = trace(pressed_hand(), 0, 2000)
    assert rise[20] < 0.02 * MAX_N
    assert MAX_N < max(rise) < 1.06 * MAX_N


def test_letting_go_relaxes_to_near_zero_within_a_quarter_second():
    hand = pressed_hand()
    held = trace(hand, 0, 2000)[-1]
    hand.release()
    relax = trace(hand, 2001, 3000)
    assert 200 <= first_ms(relax, lambda f: f < 0.05 * held) <= 300
    assert min(relax) >= 0.0


def test_a_touch_held_halfway_up_grades_the_force():
    forces = {}
    for level in (0.25, 0.5, 0.75):
        hand = VirtualHand(MAX_N)
        hand.force_n(0)
        hand.press(level)
        settled = trace(hand, 1000, 2000)
        forces[level] = sum(settled) / len(settled)
    for level, force in forces.items():
        assert force == pytest.approx(level * MAX_N, rel=0.04)


def test_moving_the_touch_lower_eases_the_force_down():
    hand = pressed_hand()
    trace(hand, 0, 1500)
    hand.set_level(0.3)
    settled = trace(hand, 2500, 3000)
    assert sum(settled) / len(settled) == pytest.approx(30.0, rel=0.05)


def test_held_force_trembles_at_eight_to_twelve_hertz_by_one_to_two_percent():
    hand = pressed_hand()
    trace(hand, 0, 1499)
    held = trace(hand, 1500, 3500)
    n = len(held)
    slope = (held[-1] - held[0]) / (n - 1)
    mean = sum(held) / n
    wobble = [f - held[0] - slope * i for i, f in enumerate(held)]
    wobble = [w - sum(wobble) / n for w in wobble]

    def amplitude(freq_hz: float) -> float:
        re = sum(w * math.cos(2 * math.pi * freq_hz * i / 1000) for i, w in enumerate(wobble))
        im = sum(w * math.sin(2 * math.pi * freq_hz * i / 1000) for i, w in enumerate(wobble))
        return 2 * math.hypot(re, im) / n

    spectrum = {f / 2: amplitude(f / 2) for f in range(2, 61)}
    strongest = max(spectrum, key=spectrum.get)
    assert 8.0 <= strongest <= 12.0
    assert 0.005 * mean <= spectrum[strongest] <= 0.02 * mean


def test_a_ten_second_hold_fades_to_eighty_to_eighty_five_percent():
    """The clinical notes: a sustained 10 s grip is 80-85% of its peak."""
    hand = pressed_hand()
    force = trace(hand, 0, 10_000)
    peak = max(force[:1500])
    late = sum(force[9_900:]) / 101
    assert 0.78 <= late / peak <= 0.87


def test_a_rested_hand_squeezes_harder_than_a_tired_one():
    hand = pressed_hand()
    tired = max(trace(hand, 0, 20_000)[-500:])
    hand.release()
    trace(hand, 20_001, 80_000, step_ms=50)
    hand.press()
    rested = max(trace(hand, 80_001, 81_500))
    assert rested > tired * 1.2


def test_the_same_seed_gives_the_same_hand():
    assert trace(pressed_hand(seed=3), 0, 1000) == trace(pressed_hand(seed=3), 0, 1000)
    assert trace(pressed_hand(seed=3), 0, 1000) != trace(pressed_hand(seed=4), 0, 1000)


def test_the_force_does_not_depend_on_how_often_it_is_sampled():
    fine, coarse = pressed_hand(), pressed_hand()
    dense = trace(fine, 0, 3000)
    sparse = trace(coarse, 0, 3000, step_ms=25)
    assert sparse == pytest.approx(dense[::25], abs=1e-9)


def test_an_idle_hand_exerts_nothing():
    hand = VirtualHand(MAX_N)
    assert set(trace(hand, 0, 500)) == {0.0}


def test_a_press_before_the_first_sample_starts_from_rest():
    hand = VirtualHand(MAX_N)
    hand.press()
    assert hand.force_n(5_000 * MS) == 0.0
    assert hand.force_n(6_000 * MS) > 0.9 * MAX_N


@pytest.mark.parametrize("level", [-0.1, 1.5, math.nan])
def test_a_level_outside_zero_to_one_is_refused(level):
    with pytest.raises(ValueError, match="between 0 and 1"):
        VirtualHand(MAX_N).press(level)


def test_time_going_backwards_is_refused():
    hand = pressed_hand()
    hand.force_n(10 * MS)
    with pytest.raises(ValueError, match="before the previous"):
        hand.force_n(5 * MS)


@pytest.mark.parametrize("max_force", [0.0, -5.0, math.inf])
def test_a_hand_needs_a_positive_maximum(max_force):
    with pytest.raises(ValueError, match="maximum force"):
        VirtualHand(max_force)
