"""The max-force test: ASHT timing, trial judgement, results and the re-test flag."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from hardware.frames import ForceSample
from station.clinic.assessment import (
    NHANES_SETTINGS,
    NS_PER_S,
    Hand,
    MaxForceProtocol,
    Phase,
    ProtocolError,
    ProtocolSettings,
    Trial,
    TrialFlag,
    analyse_trial,
    change_vs,
    check_in_game_peak,
)

RATE_HZ = 80
DT_NS = NS_PER_S // RATE_HZ

Profile = Callable[[float], float]
"""Force in newtons at a time in seconds since the squeeze prompt appeared."""


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000 * NS_PER_S

    def __call__(self) -> int:
        return self.now


def hold(level: float, ramp_s: float = 0.5, hold_s: float = 4.0) -> Profile:
    """A good squeeze: a half-second ramp, then a steady hold, then letting go."""

    def force(t: float) -> float:
        if t < ramp_s:
            return level * t / ramp_s
        return level if t < ramp_s + hold_s else 0.0

    return force


def trace(profile: Profile, seconds: float = 5.0) -> list[tuple[int, float]]:
    return [(i * DT_NS, profile(i * DT_NS / NS_PER_S)) for i in range(int(seconds * RATE_HZ))]


def run(
    protocol: MaxForceProtocol,
    clock: FakeClock,
    profiles: list[Profile],
    sensor: str = "grip",
    on_step: Callable[[MaxForceProtocol], None] | None = None,
) -> list:
    """Play a whole test at 80 Hz; the n-th squeeze uses profiles[n]. Returns the steps seen."""
    steps = []
    squeezes = 0
    squeeze_start = None
    for _ in range(200_000):
        step = protocol.next_step()
        steps.append(step)
        if step.phase is Phase.DONE:
            return steps
        if on_step is not None:
            on_step(protocol)
        if step.phase is Phase.INSTRUCT:
            protocol.ready()
            continue
        if step.phase is Phase.SQUEEZE and squeeze_start is None:
            squeeze_start = clock.now
        if step.phase is not Phase.SQUEEZE and squeeze_start is not None:
            squeezes += 1
            squeeze_start = None
        force = 0.0
        if squeeze_start is not None:
            force = profiles[squeezes]((clock.now - squeeze_start) / NS_PER_S)
        protocol.feed(ForceSample(sensor, clock.now, force))
        clock.now += DT_NS
    raise AssertionError("the protocol never finished")


def test_alternating_hands_gives_three_trials_each_in_turn():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", clock=clock)
    run(protocol, clock, [hold(100 + 10 * i) for i in range(6)])
    hands = [t.hand for t in protocol.trials]
    assert hands == [Hand.RIGHT, Hand.LEFT] * 3
    assert [t.number for t in protocol.trials] == [1, 1, 2, 2, 3, 3]


def test_same_hand_rests_at_least_15_seconds_and_the_other_hand_need_not_wait():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", settings=ProtocolSettings(alternate=False), clock=clock)
    steps = run(protocol, clock, [hold(100)] * 6)
    window = protocol.settings.squeeze_window_s
    trials = protocol.trials
    assert [t.hand for t in trials] == [Hand.RIGHT] * 3 + [Hand.LEFT] * 3
    pairs = list(itertools.pairwise(trials))
    gaps = [(b.started_ns - a.started_ns) / NS_PER_S - window for a, b in pairs]
    same_hand = [g for g, (a, b) in zip(gaps, pairs, strict=True) if a.hand is b.hand]
    assert all(g >= 15.0 for g in same_hand)
    switch = gaps[2]
    assert switch < 15.0  # the left hand is fresh: only the 3 s countdown in between
    rests = [s for s in steps if s.phase is Phase.REST and s.hand is not None]
    assert any(s.remaining_s > 10 for s in rests)
    assert all(s.prompt.endswith(" s") and s.remaining_s > 0 for s in rests)


def test_nhanes_settings_rest_a_full_minute():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", hands=(Hand.LEFT,), settings=NHANES_SETTINGS, clock=clock)
    run(protocol, clock, [hold(80)] * 3)
    starts = [t.started_ns / NS_PER_S for t in protocol.trials]
    assert all(
        b - a - NHANES_SETTINGS.squeeze_window_s >= 60 for a, b in itertools.pairwise(starts)
    )


def test_rest_cannot_be_skipped():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", hands=(Hand.RIGHT,), clock=clock)
    tried = []

    def impatient(p: MaxForceProtocol) -> None:
        if p.next_step().phase is Phase.REST and not tried:
            with pytest.raises(ProtocolError, match="instructions"):
                p.ready()
            tried.append(True)

    run(protocol, clock, [hold(80)] * 3, on_step=impatient)
    assert tried


def test_steps_say_who_what_and_how_long():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", hands=(Hand.LEFT,), clock=clock)
    first = protocol.next_step()
    assert (first.phase, first.hand, first.trial, first.duration_s) == (
        Phase.INSTRUCT,
        Hand.LEFT,
        1,
        None,
    )
    assert "Left hand" in first.prompt and "1 of 3" in first.prompt
    protocol.ready()
    counts = []
    for _ in range(3):
        step = protocol.next_step()
        counts.append(step.prompt[-1])
        clock.now += NS_PER_S
    assert counts == ["3", "2", "1"]
    squeeze = protocol.next_step()
    assert squeeze.phase is Phase.SQUEEZE
    assert squeeze.duration_s == 5.0 and squeeze.remaining_s == pytest.approx(5.0)
    clock.now += 2 * NS_PER_S
    assert protocol.next_step().remaining_s == pytest.approx(3.0)


def test_result_reports_every_trial_the_mean_of_three_and_the_best():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", clock=clock)
    run(protocol, clock, [hold(f) for f in (100, 50, 110, 60, 120, 70)])
    result = protocol.result()
    right, left = result.hands[Hand.RIGHT], result.hands[Hand.LEFT]
    assert len(right.trials) == 3 and len(left.trials) == 3
    assert right.mean_n == pytest.approx(110, rel=0.01)
    assert right.best_n == pytest.approx(120, rel=0.01)
    assert left.mean_n == pytest.approx(60, rel=0.01)
    assert right.logged_max_n == right.best_n
    assert result.complete and not right.flagged


def test_change_against_a_previous_test_respects_the_20_percent_error():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", clock=clock)
    run(protocol, clock, [hold(100)] * 6)
    result = protocol.result({Hand.RIGHT: 85.0, Hand.LEFT: 75.0})
    assert not result.hands[Hand.RIGHT].change.beyond_error  # +18%: could be noise
    assert result.hands[Hand.LEFT].change.beyond_error  # +33%: real progress
    assert change_vs(100, 75).beyond_error and change_vs(100, 75).fraction < 0
    with pytest.raises(ValueError, match="positive"):
        change_vs(0, 50)


def test_every_trial_is_handed_over_whole_once():
    clock = FakeClock()
    stored: list[Trial] = []
    protocol = MaxForceProtocol("grip", clock=clock, on_trial=stored.append)
    run(protocol, clock, [hold(90)] * 6)
    assert stored == list(protocol.trials)
    for trial in stored:
        times = [t for t, _ in trial.trace]
        assert times == sorted(times)
        span = (times[-1] - times[0]) / NS_PER_S
        assert 4.9 <= span < 5.0  # the whole squeeze window at 80 Hz
        assert times[0] >= trial.started_ns


def test_other_sensors_and_forces_outside_the_squeeze_are_not_recorded():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", hands=(Hand.RIGHT,), clock=clock)
    protocol.ready()
    for _ in range(3 * RATE_HZ):  # squeezing during the countdown does not count
        protocol.feed(ForceSample("grip", clock.now, 500.0))
        clock.now += DT_NS
    for _ in range(5 * RATE_HZ):
        protocol.feed(ForceSample("pinch", clock.now, 900.0))
        protocol.feed(ForceSample("grip", clock.now, 60.0))
        clock.now += DT_NS
    clock.now += NS_PER_S
    protocol.next_step()
    (trial,) = protocol.trials
    assert max(f for _, f in trial.trace) == 60.0


def test_a_late_sample_from_inside_the_window_still_joins_its_trial():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", hands=(Hand.RIGHT,), clock=clock)
    protocol.ready()
    clock.now += 3 * NS_PER_S
    start = clock.now
    protocol.next_step()
    clock.now = start + 5 * NS_PER_S + NS_PER_S // 10  # window over, within the grace
    assert protocol.next_step().phase is Phase.REST
    protocol.feed(ForceSample("grip", start + 4 * NS_PER_S, 77.0))
    assert protocol.trials == ()
    clock.now += NS_PER_S
    protocol.next_step()
    assert protocol.trials[0].trace == ((start + 4 * NS_PER_S, 77.0),)


def test_an_unplugged_sensor_still_finishes_the_test_with_flagged_trials():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", hands=(Hand.RIGHT,), clock=clock)
    for _ in range(100_000):
        step = protocol.next_step()
        if step.phase is Phase.DONE:
            break
        if step.phase is Phase.INSTRUCT:
            protocol.ready()
        clock.now += NS_PER_S // 10
    assert len(protocol.trials) == 3
    assert all(TrialFlag.NO_SIGNAL in t.analysis.flags for t in protocol.trials)


def test_redo_replaces_a_bad_trial_for_the_same_hand():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", clock=clock)
    redone: list[Trial] = []

    def redo_jab(p: MaxForceProtocol) -> None:
        if len(p.trials) == 1 and not redone and p.next_step().phase is Phase.INSTRUCT:
            redone.append(p.redo_last_trial())

    jab = hold(200, ramp_s=0.05, hold_s=0.2)
    run(protocol, clock, [jab] + [hold(100)] * 6, on_step=redo_jab)
    assert redone[0].analysis.peak_n > 150
    assert TrialFlag.NO_PLATEAU in redone[0].analysis.flags
    result = protocol.result()
    assert result.complete
    assert result.hands[Hand.RIGHT].best_n == pytest.approx(100, rel=0.01)
    assert [t.number for t in result.hands[Hand.RIGHT].trials] == [1, 2, 3]


def test_redo_is_refused_mid_squeeze_and_before_any_trial():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", clock=clock)
    with pytest.raises(ProtocolError, match="no trial"):
        protocol.redo_last_trial()
    protocol.ready()
    with pytest.raises(ProtocolError, match="finished"):
        protocol.redo_last_trial()


def test_nothing_restarts_after_a_stop():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", hands=(Hand.RIGHT,), clock=clock)
    protocol.ready()
    clock.now += 9 * NS_PER_S
    assert protocol.next_step().phase is Phase.REST
    protocol.stop("child upset")
    with pytest.raises(ProtocolError, match="stopped"):
        protocol.redo_last_trial()
    with pytest.raises(ProtocolError, match="instructions"):
        protocol.ready()
    assert protocol.next_step().phase is Phase.DONE
    assert protocol.result().stop_reason == "child upset"


def test_stop_after_the_last_trial_leaves_a_complete_test():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", hands=(Hand.RIGHT,), clock=clock)
    run(protocol, clock, [hold(100)] * 3)
    protocol.stop("closing the screen")
    assert protocol.result().complete


def test_stop_for_pain_ends_at_once_and_keeps_what_was_done():
    clock = FakeClock()
    protocol = MaxForceProtocol("grip", clock=clock)

    def pain(p: MaxForceProtocol) -> None:
        if len(p.trials) == 2:
            p.stop("sharp pain in the right wrist")

    run(protocol, clock, [hold(100)] * 6, on_step=pain)
    result = protocol.result()
    assert not result.complete
    assert result.stop_reason == "sharp pain in the right wrist"
    assert sum(len(h.trials) for h in result.hands.values()) == 2


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ProtocolSettings(rest_s=10), "15 s"),
        (lambda: ProtocolSettings(trials_per_hand=0), "at least one"),
        (lambda: ProtocolSettings(squeeze_window_s=2), "shorter"),
        (lambda: MaxForceProtocol("pinch"), "pinch type"),
        (lambda: MaxForceProtocol("grip", pinch_type="key"), "only applies"),
        (lambda: MaxForceProtocol("grip", hands=(Hand.LEFT, Hand.LEFT)), "once"),
        (lambda: MaxForceProtocol("toe"), "unknown sensor"),
    ],
)
def test_bad_setups_are_refused_with_a_reason(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_pinch_test_keeps_its_pinch_type():
    clock = FakeClock()
    protocol = MaxForceProtocol("pinch", hands=(Hand.RIGHT,), pinch_type="key", clock=clock)
    run(protocol, clock, [hold(40)] * 3, sensor="pinch")
    assert protocol.result().pinch_type == "key"
    assert protocol.result().hands[Hand.RIGHT].best_n == pytest.approx(40, rel=0.01)


# --- judging one trial ----------------------------------------------------------------


def test_a_steady_four_second_squeeze_is_clean():
    analysis = analyse_trial(trace(hold(100)))
    assert analysis.clean
    assert analysis.peak_n == pytest.approx(100, rel=0.01)
    assert analysis.effort_s >= 3.0 and analysis.plateau_s >= 3.0


def test_a_brief_jab_has_no_plateau_and_is_too_short():
    analysis = analyse_trial(trace(hold(100, ramp_s=0.2, hold_s=0.3)))
    assert {TrialFlag.NO_PLATEAU, TrialFlag.TOO_SHORT} <= analysis.flags


def test_two_seconds_of_holding_is_too_short_but_has_a_plateau():
    analysis = analyse_trial(trace(hold(100, hold_s=2.0)))
    assert analysis.flags == {TrialFlag.TOO_SHORT}


def test_a_lone_spike_does_not_set_the_peak_but_is_flagged():
    points = trace(hold(100))
    spike = len(points) // 2
    points[spike] = (points[spike][0], 250.0)
    analysis = analyse_trial(points)
    assert analysis.peak_n == pytest.approx(100, rel=0.01)
    assert TrialFlag.JERK in analysis.flags


def test_snatching_the_bulb_to_full_force_at_once_is_a_jerk():
    analysis = analyse_trial(trace(hold(100, ramp_s=0.01)))
    assert TrialFlag.JERK in analysis.flags
    assert TrialFlag.JERK not in analyse_trial(trace(hold(100, ramp_s=0.5))).flags


def test_a_hold_that_fades_away_from_its_peak_has_no_plateau():
    fading = trace(lambda t: 100 * min(t / 0.3, 1) * max(0.0, 1 - 0.3 * max(t - 0.3, 0)))
    analysis = analyse_trial(fading)
    assert TrialFlag.NO_PLATEAU in analysis.flags


def test_uneven_sample_spacing_is_measured_in_real_time():
    points = [(t, f) for i, (t, f) in enumerate(trace(hold(100))) if i % 7 not in (3, 4, 5)]
    analysis = analyse_trial(points)
    assert analysis.clean
    # Above half the peak from 0.25 s (mid-ramp) until letting go at 4.5 s.
    assert analysis.effort_s == pytest.approx(4.25, abs=0.1)


def load(recordings_dir: Path, name: str) -> list[tuple[int, float]]:
    with (recordings_dir / name).open() as f:
        rows = list(csv.DictReader(f))
    return [(round(float(r["t_s"]) * NS_PER_S), float(r["force_n"])) for r in rows]


def window(points: list[tuple[int, float]], lo_s: float, hi_s: float) -> list[tuple[int, float]]:
    return [p for p in points if lo_s * NS_PER_S <= p[0] < hi_s * NS_PER_S]


def test_real_recordings_separate_held_efforts_from_quick_ones(recordings_dir):
    hangs = load(recordings_dir, "hangboard_hx711_5hangs.csv")
    held = analyse_trial(window(hangs, 13, 20))  # two-hand hang, held ~3 s
    fast = analyse_trial(window(hangs, 46, 52))  # the fast pull-up
    assert held.clean
    assert 700 < held.peak_n < 760  # the log peaks near 725 N on the plateau
    assert {TrialFlag.NO_PLATEAU, TrialFlag.TOO_SHORT} <= fast.flags
    squeezes = load(recordings_dir, "bammri_mri_grip_rhythmic_squeezes.csv")
    quick = analyse_trial(window(squeezes, 10, 15))  # rhythmic 0.4 s squeezes
    assert {TrialFlag.NO_PLATEAU, TrialFlag.TOO_SHORT} <= quick.flags


def test_a_real_pinch_impulse_is_judged_a_jab(recordings_dir):
    analysis = analyse_trial(load(recordings_dir, "fda_pinch_impulse_rep01.csv"))
    assert {TrialFlag.NO_PLATEAU, TrialFlag.TOO_SHORT, TrialFlag.JERK} <= analysis.flags


# --- in-game peaks --------------------------------------------------------------------


def test_an_in_game_peak_over_ten_percent_above_the_maximum_suggests_a_retest():
    flag = check_in_game_peak(100.0, 115.0)
    assert flag.retest_suggested
    assert flag.logged_max_n == 100.0  # the scale is not moved
    assert flag.excess_fraction == pytest.approx(0.15)
    assert not check_in_game_peak(100.0, 110.0).retest_suggested
    assert not check_in_game_peak(100.0, 60.0).retest_suggested


@pytest.mark.parametrize(("logged", "peak"), [(0.0, 50.0), (-3.0, 50.0), (100.0, float("nan"))])
def test_in_game_check_refuses_nonsense(logged, peak):
    with pytest.raises(ValueError, match="must be"):
        check_in_game_peak(logged, peak)
