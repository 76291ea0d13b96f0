"""The balloon game's rules, played with scripted squeezes and no screen."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import TypeVar

import pytest

from games.balloon import model as m
from games.contract import (
    NS_PER_S,
    Band,
    GameEvent,
    GameInput,
    GameOver,
    RepDone,
    RepSetup,
    RepStarted,
    ScoreChanged,
)
from tests.support.planners import ListPlanner

STEP_NS = 10_000_000
T = TypeVar("T")
BAND = Band(0.85, 1.15)


def rep(n: int = 1, *, hold_s: float = 2.0, speed: float = 1.0, rest: float = 0.0) -> RepSetup:
    return RepSetup(1, n, BAND, hold_s, speed, rest)


Child = Callable[[m.BalloonFlight], float]


def follows_the_game(flight: m.BalloonFlight) -> float:
    """A child who squeezes to the target exactly when the game asks."""
    return 0.0 if flight.desired_effort() is None else 1.0


def in_gate_for(effort_at: Callable[[float], float]) -> Child:
    """Squeeze per the game, but inside a gate follow ``effort_at(seconds into the gate)``."""

    def child(flight: m.BalloonFlight) -> float:
        if flight.phase is m.Phase.GATE:
            return effort_at(flight.phase_ns / NS_PER_S)
        return follows_the_game(flight)

    return child


def play(
    flight: m.BalloonFlight, child: Child, seconds: float, *, sensor_ok: bool = True
) -> list[GameEvent]:
    events: list[GameEvent] = []
    for _ in range(round(seconds * NS_PER_S / STEP_NS)):
        effort = child(flight)
        events += flight.update(STEP_NS, GameInput(flight.t_ns, effort, sensor_ok))
    return events


def play_to_end(flight: m.BalloonFlight, child: Child) -> list[GameEvent]:
    events: list[GameEvent] = []
    for _ in range(60 * 100):
        events += play(flight, child, 1.0)
        if flight.phase is m.Phase.FINISHED:
            return events
    raise AssertionError("the game never finished")


def of_type(events: list[GameEvent], kind: type[T]) -> list[T]:
    return [e for e in events if isinstance(e, kind)]


def stars_per_gate(hold_s: float) -> int:
    return max(1, round(hold_s / m.STAR_SPACING_S))


def test_a_child_on_target_passes_every_gate_and_scores_each_star_and_bonus():
    flight = m.BalloonFlight(ListPlanner([rep(1), rep(2), rep(3)]))
    events = play_to_end(flight, follows_the_game)

    started = of_type(events, RepStarted)
    done = of_type(events, RepDone)
    assert [r.rep_no for r in started] == [1, 2, 3]
    assert [r.rep_no for r in done] == [1, 2, 3]
    assert all(r.success for r in done)
    assert all(r.time_in_band_s == pytest.approx(2.0, abs=0.02) for r in done)
    per_gate = stars_per_gate(2.0) * m.STAR_POINTS + m.GATE_BONUS
    assert of_type(events, ScoreChanged)[-1].score == 3 * per_gate
    assert of_type(events, GameOver) == [GameOver(3 * per_gate, 3, 3, 3)]
    gate = flight.gate
    assert gate is not None and all(star.collected for star in gate.stars)


def test_a_child_who_never_squeezes_passes_under_every_gate():
    flight = m.BalloonFlight(ListPlanner([rep(1), rep(2)]))
    events = play_to_end(flight, lambda _: 0.0)

    done = of_type(events, RepDone)
    assert [r.success for r in done] == [False, False]
    assert all(r.time_in_band_s == 0.0 for r in done)
    assert flight.gate is not None and flight.gate.outcome is m.Outcome.TOO_LOW
    assert of_type(events, ScoreChanged) == []
    assert of_type(events, GameOver) == [GameOver(0, 0, 2, 0)]


def test_squeezing_too_hard_bumps_the_top_with_a_boing_and_fails():
    flight = m.BalloonFlight(ListPlanner([rep(hold_s=3.0)]))
    cues: list[m.Cue] = []
    events: list[GameEvent] = []
    for _ in range(16):
        events += play(flight, in_gate_for(lambda _: 1.5), 0.5)
        if flight.phase is m.Phase.GATE:
            assert flight.above_opening
        cues += flight.drain_cues()

    done = of_type(events, RepDone)
    assert len(done) == 1 and not done[0].success
    assert done[0].peak_effort == pytest.approx(1.5)
    assert flight.gate is not None and flight.gate.outcome is m.Outcome.TOO_HIGH
    assert cues.count(m.Cue.BUMP) == 1
    assert m.Cue.MISS in cues and m.Cue.SUCCESS not in cues


def test_wobbling_at_the_top_edge_boings_at_a_gentle_pace_not_every_frame():
    def jitter(t: float) -> float:
        return 1.2 if int(t / 0.05) % 2 else 1.1  # crosses the top every 50 ms

    flight = m.BalloonFlight(ListPlanner([rep(hold_s=3.0)]))
    play(flight, in_gate_for(jitter), 7.0)
    bumps = flight.drain_cues().count(m.Cue.BUMP)
    assert 1 <= bumps <= 3.0 / m.BUMP_REPEAT_S + 1


def test_brief_wobbles_out_of_the_opening_are_forgiven():
    def wobbly(t: float) -> float:
        return 0.7 if t % 1.0 > 0.75 else 1.0  # a 0.25 s dip every second

    flight = m.BalloonFlight(ListPlanner([rep(hold_s=4.0)]))
    done = of_type(play(flight, in_gate_for(wobbly), 9.0), RepDone)

    assert len(done) == 1
    assert done[0].success
    assert done[0].time_in_band_s < m.SUCCESS_SHARE * 4.0  # honest time for the therapist


def test_a_long_drop_inside_the_gate_fails():
    def drops(t: float) -> float:
        return 0.3 if 1.0 <= t < 2.0 else 1.0

    flight = m.BalloonFlight(ListPlanner([rep(hold_s=3.0)]))
    done = of_type(play(flight, in_gate_for(drops), 8.0), RepDone)
    assert [r.success for r in done] == [False]
    assert done[0].time_in_band_s == pytest.approx(2.0, abs=0.02)


@pytest.mark.parametrize(("late_s", "passes"), [(0.2, True), (0.35, False)])
def test_a_slightly_late_start_is_fine_but_a_late_start_is_not_a_wobble(late_s, passes):
    # 0.35 s is within the wobble grace: forgiven as a wobble, it would pass
    flight = m.BalloonFlight(ListPlanner([rep(hold_s=2.0)]))
    done = of_type(play(flight, in_gate_for(lambda t: 1.0 if t >= late_s else 0.0), 8.0), RepDone)
    assert [r.success for r in done] == [passes]


def test_the_gate_lasts_the_hold_time_whatever_the_speed_but_comes_sooner_when_fast():
    timings = {}
    for speed in (0.8, 1.25):
        flight = m.BalloonFlight(ListPlanner([rep(hold_s=3.0, speed=speed)]))
        seen = {}
        while m.Phase.AFTER not in seen:
            play(flight, follows_the_game, STEP_NS / NS_PER_S)
            seen.setdefault(flight.phase, flight.t_ns)
        gate = flight.gate
        assert gate is not None
        approach_s = (seen[m.Phase.GATE] - seen[m.Phase.APPROACH]) / NS_PER_S
        gate_s = (seen[m.Phase.AFTER] - seen[m.Phase.GATE]) / NS_PER_S
        assert gate_s == pytest.approx(3.0, abs=0.011)
        # the balloon crosses the gate's full length in exactly that time
        assert gate.length == pytest.approx(m.BASE_SCROLL * speed * 3.0)
        timings[speed] = (approach_s, gate.length)
    assert timings[1.25][0] < timings[0.8][0]
    assert timings[1.25][1] > timings[0.8][1]


def test_the_balloon_moves_in_the_same_step_as_the_force():
    flight = m.BalloonFlight(ListPlanner([rep()]))
    play(flight, lambda _: 0.0, 0.5)
    assert flight.altitude == 0.0
    flight.update(STEP_NS, GameInput(flight.t_ns, 0.6, True))
    assert flight.altitude == pytest.approx(m.altitude_of(0.6))
    assert flight.altitude > 0.4


def test_height_scale_ground_target_and_sky():
    assert m.altitude_of(0.0) == 0.0
    assert m.altitude_of(m.REST_DEAD_ZONE / 2) == 0.0  # a resting hand's noise stays landed
    assert m.altitude_of(1.0) == pytest.approx(1.0)
    assert m.altitude_of(50.0) == m.ALT_TOP
    heights = [m.altitude_of(e / 100) for e in range(0, 200)]
    assert heights == sorted(heights)


def test_a_rest_lands_the_world_before_the_gate_comes():
    flight = m.BalloonFlight(ListPlanner([rep(rest=5.0)]))
    events = play(flight, follows_the_game, 2.5)
    assert flight.phase is m.Phase.REST
    assert of_type(events, RepStarted) == []
    assert flight.desired_effort() is None
    before = flight.world_x
    play(flight, follows_the_game, 0.5)
    assert flight.world_x == pytest.approx(before)  # mid-rest: the picnic stands still
    events = play(flight, follows_the_game, 2.1)
    assert flight.phase is m.Phase.APPROACH
    assert len(of_type(events, RepStarted)) == 1
    assert flight.world_x > before


def test_a_tare_drifting_below_zero_reports_no_squeeze_rather_than_a_negative_peak():
    flight = m.BalloonFlight(ListPlanner([rep()]))
    done = of_type(play(flight, lambda _: -0.05, 8.0), RepDone)
    assert [r.peak_effort for r in done] == [0.0]
    assert flight.altitude == 0.0


def test_a_sensor_that_is_not_ok_never_counts_as_in_the_opening():
    flight = m.BalloonFlight(ListPlanner([rep()]))
    done = of_type(play(flight, follows_the_game, 8.0, sensor_ok=False), RepDone)
    assert [(r.success, r.time_in_band_s) for r in done] == [(False, 0.0)]


def test_half_a_gate_in_the_opening_collects_about_half_the_stars():
    flight = m.BalloonFlight(ListPlanner([rep(hold_s=4.0)]))
    play(flight, in_gate_for(lambda t: 1.0 if t < 2.0 else 0.2), 8.0)
    gate = flight.gate
    assert gate is not None
    collected = sum(star.collected for star in gate.stars)
    assert collected == len(gate.stars) // 2


def test_game_over_comes_once_and_then_the_game_asks_for_nothing():
    planner = ListPlanner([rep(1)])
    flight = m.BalloonFlight(planner)
    events = play_to_end(flight, follows_the_game)
    events += play(flight, follows_the_game, 3.0)
    assert len(of_type(events, GameOver)) == 1
    assert planner.calls == 2
    assert flight.desired_effort() is None


@pytest.mark.parametrize(
    ("setup", "words"),
    [(rep(hold_s=0.0), "hold time"), (rep(speed=0.0), "speed"), (rep(speed=float("nan")), "speed")],
)
def test_an_impossible_rep_is_refused_with_a_sentence(setup, words):
    flight = m.BalloonFlight(ListPlanner([setup]))
    with pytest.raises(ValueError, match=words):
        flight.update(STEP_NS, GameInput(0, 0.0, True))


def test_the_rules_load_without_pygame():
    code = "import sys, games.balloon, games.balloon.model; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
