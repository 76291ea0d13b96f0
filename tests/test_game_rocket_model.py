"""The rocket's rep rules: a steady hold launches, wobble is forgiven, pumping is not."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

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
from games.rocket.model import Cue, Mood, Phase, RocketModel, RocketRules
from tests.support.planners import ListPlanner

STEP_NS = NS_PER_S // 100
BAND = Band(0.8, 1.2)


def rep(rep_no: int = 1, hold_s: float = 3.0, **kw: float) -> RepSetup:
    return RepSetup(1, rep_no, kw.pop("band", BAND), hold_s, kw.pop("speed", 1.0), **kw)


class Driver:
    """Feeds a model fixed 10 ms steps on a simulated clock and keeps every event."""

    def __init__(self, model: RocketModel) -> None:
        self.model = model
        self.t_ns = 0
        self.events: list[tuple[int, GameEvent]] = []
        self.cues: list[Cue] = []

    def run(self, seconds: float, effort: float, *, sensor_ok: bool = True) -> None:
        for _ in range(round(seconds * NS_PER_S / STEP_NS)):
            self.step(effort, sensor_ok=sensor_ok)

    def step(self, effort: float, *, sensor_ok: bool = True) -> None:
        self.t_ns += STEP_NS
        for event in self.model.update(STEP_NS, GameInput(self.t_ns, effort, sensor_ok)):
            self.events.append((self.t_ns, event))
        self.cues.extend(self.model.cues)

    def until(self, phase: Phase, effort: float = 0.0, limit_s: float = 60.0) -> None:
        for _ in range(round(limit_s * NS_PER_S / STEP_NS)):
            if self.model.phase is phase:
                return
            self.step(effort)
        raise AssertionError(f"never reached {phase} within {limit_s} s")

    def of(self, kind: type) -> list:
        return [e for _, e in self.events if isinstance(e, kind)]

    def time_of(self, kind: type) -> float:
        return next(t for t, e in self.events if isinstance(e, kind)) / NS_PER_S


def fuelling(reps: Iterable[RepSetup], rules: RocketRules | None = None) -> Driver:
    """A driver whose first rep has just started (the rocket rolled in)."""
    driver = Driver(RocketModel(ListPlanner(reps), rules))
    driver.until(Phase.FUELLING)
    return driver


def test_a_steady_hold_launches_after_exactly_the_hold_time_with_full_points():
    driver = fuelling([rep(hold_s=3.0)])
    started = driver.t_ns
    driver.run(3.5, 1.0)
    (done,) = driver.of(RepDone)
    assert done.success
    assert driver.time_of(RepDone) == pytest.approx(started / NS_PER_S + 3.0, abs=0.011)
    assert done.time_in_band_s == pytest.approx(3.0, abs=0.011)
    rules = driver.model.rules
    assert driver.of(ScoreChanged) == [ScoreChanged(rules.points_per_launch + rules.steady_bonus)]
    assert driver.model.phase is Phase.LAUNCH
    assert Cue.LAUNCH in driver.cues


def test_the_rep_starts_only_when_the_new_rocket_is_on_the_pad():
    driver = Driver(RocketModel(ListPlanner([rep()])))
    driver.run(0.5, 1.0)  # squeezing during the roll-in fills nothing
    assert driver.model.phase is Phase.ROLL_IN
    assert driver.model.desired_effort() is None
    assert driver.of(RepStarted) == []
    driver.until(Phase.FUELLING, effort=1.0)
    assert driver.model.fuel == 0.0
    assert driver.model.desired_effort() == 1.0
    assert [e.rep_no for e in driver.of(RepStarted)] == [1]


def test_countdown_number_goes_down_once_a_second_while_filling():
    driver = fuelling([rep(hold_s=3.0)])
    shown = []
    for _ in range(300):
        shown.append(driver.model.countdown)
        driver.step(1.0)
    assert sorted(set(shown), reverse=True) == [3, 2, 1]
    assert driver.cues.count(Cue.TICK) == 2  # 3 -> 2 and 2 -> 1; 1 -> launch is the whoosh


def test_a_brief_dip_only_pauses_the_fuel():
    driver = fuelling([rep(hold_s=3.0)])
    driver.run(1.5, 1.0)
    before = driver.model.fuel
    driver.run(0.3, 0.5)  # shorter than the 0.4 s grace
    assert driver.model.fuel == before
    assert driver.model.mood is Mood.WORRIED
    driver.run(1.5, 1.0)
    (done,) = driver.of(RepDone)
    assert done.success
    assert done.time_in_band_s == pytest.approx(3.0, abs=0.011)


def test_a_long_drop_drains_slowly_instead_of_emptying_the_tank():
    rules = RocketRules()
    driver = fuelling([rep(hold_s=4.0)], rules)
    driver.run(2.0, 1.0)
    driver.run(1.4, 0.2)
    drained_s = (1.4 - rules.grace_s) * rules.drain_per_s
    assert driver.model.fuel == pytest.approx((2.0 - drained_s) / 4.0, abs=0.01)
    assert driver.model.mood is Mood.SAD
    driver.run(2.0 + drained_s + 0.05, 1.0)  # making up what drained finishes the rep
    assert driver.of(RepDone)[0].success


def test_a_faster_rep_drains_faster():
    levels = []
    for speed in (0.8, 1.25):
        driver = fuelling([rep(hold_s=4.0, speed=speed)])
        driver.run(2.0, 1.0)
        driver.run(2.0, 0.0)
        levels.append(driver.model.fuel)
    assert 0 < levels[1] < levels[0]


def test_too_hard_keeps_the_fuel_and_complains_once():
    driver = fuelling([rep(hold_s=3.0)])
    driver.run(1.0, 1.0)
    before = driver.model.fuel
    driver.run(2.0, 1.8)
    assert driver.model.fuel == before
    assert driver.model.mood is Mood.STRAINING
    assert driver.cues.count(Cue.TOO_HARD) == 1
    driver.run(2.1, 1.0)
    (done,) = driver.of(RepDone)
    assert done.success
    assert done.peak_effort == pytest.approx(1.8)


def test_steadier_holds_score_more():
    scores = []
    for wobble_s in (0.0, 0.3, 2.0):
        driver = fuelling([rep(hold_s=3.0)])
        driver.run(1.0, 1.0)
        driver.run(wobble_s, 1.5)
        driver.run(2.1, 1.0)
        scores.append(driver.model.book.score)
    assert scores[0] > scores[1] > scores[2] >= RocketRules().points_per_launch


def test_no_hold_within_the_window_fails_and_the_same_rocket_tries_again():
    rules = RocketRules()
    driver = fuelling([rep(1, hold_s=2.0), rep(2, hold_s=2.0)], rules)
    started = driver.t_ns / NS_PER_S
    driver.run(1.0, 1.0)
    driver.until(Phase.FIZZLE, effort=0.0)
    (done,) = driver.of(RepDone)
    assert not done.success
    window_s = 2.0 * rules.window_factor + rules.window_extra_s
    assert driver.time_of(RepDone) - started == pytest.approx(window_s, abs=0.011)
    assert done.time_in_band_s == pytest.approx(1.0, abs=0.011)
    assert driver.of(ScoreChanged) == []
    driver.until(Phase.FUELLING)
    assert Cue.ROLL_IN not in driver.cues[driver.cues.index(Cue.FIZZLE) :]
    assert [e.rep_no for e in driver.of(RepStarted)] == [1, 2]


def test_losing_the_sensor_freezes_the_rep():
    driver = fuelling([rep(hold_s=3.0)])
    driver.run(1.0, 1.0)
    fuel, window = driver.model.fuel, driver.model.phase_progress
    driver.run(20.0, 1.0, sensor_ok=False)  # longer than the whole window
    assert (driver.model.fuel, driver.model.phase_progress) == (fuel, window)
    assert driver.of(RepDone) == []


def test_a_rest_comes_before_the_rep_and_asks_for_no_force():
    driver = Driver(RocketModel(ListPlanner([rep(hold_s=1.0), rep(2, rest_before_s=5.0)])))
    driver.until(Phase.FUELLING)
    driver.run(1.2, 1.0)
    driver.until(Phase.REST)
    rest_began = driver.t_ns
    assert driver.model.rest_after_launch  # the rocket floats back down on a parachute
    assert driver.model.mood is Mood.SLEEPY
    assert driver.model.desired_effort() is None
    driver.until(Phase.FUELLING, effort=1.0)
    assert (driver.t_ns - rest_began) / NS_PER_S >= 5.0
    assert driver.model.fuel == 0.0


def test_game_over_reports_stars_once_and_stops_asking_for_force():
    reps = [rep(n, hold_s=1.0) for n in range(1, 6)]
    driver = Driver(RocketModel(ListPlanner(reps)))
    for n in range(5):
        driver.until(Phase.FUELLING)
        if n < 4:
            driver.until(Phase.LAUNCH, effort=1.0)
        else:
            driver.until(Phase.FIZZLE, effort=0.0)
    driver.until(Phase.OVER)
    driver.run(2.0, 1.0)
    (over,) = driver.of(GameOver)
    assert (over.reps_done, over.successes, over.stars) == (5, 4, 3)
    assert over.score == driver.model.book.score > 0
    assert driver.model.desired_effort() is None


def test_a_rep_without_a_hold_time_is_refused_with_a_sentence():
    driver = Driver(RocketModel(ListPlanner([rep(hold_s=0.0)])))
    with pytest.raises(ValueError, match="positive hold time"):
        driver.step(0.0)


def test_bad_rules_are_refused_with_a_sentence():
    with pytest.raises(ValueError, match="at least the hold time"):
        RocketRules(window_factor=0.5)


def test_pumping_squeezes_with_long_gaps_do_not_add_up_to_a_hold():
    """0.6 s squeezes with 0.9 s gaps: enough time in band, but never held."""
    driver = fuelling([rep(hold_s=3.0)])
    for _ in range(7):
        driver.run(0.6, 1.0)
        driver.run(0.9, 0.1)
    (done,) = driver.of(RepDone)
    assert done.time_in_band_s > 3.0
    assert not done.success


# -- real recordings -------------------------------------------------------------------


def load(path: Path) -> list[tuple[float, float]]:
    with path.open() as f:
        return [(float(row["t_s"]), float(row["force_n"])) for row in csv.DictReader(f)]


def replay(
    rows: list[tuple[float, float]], start_s: float, end_s: float, to_effort: Callable
) -> Callable[[float], float]:
    """The recorded force at a time (sample and hold), as the station would feed it."""
    window = [(t, to_effort(f)) for t, f in rows if start_s <= t <= end_s]

    def effort_at(seconds: float) -> float:
        current = 0.0
        for t, effort in window:
            if t - start_s > seconds:
                break
            current = effort
        return current

    return effort_at


def play_recording(hold_s: float, effort_at: Callable[[float], float], length_s: float) -> RepDone:
    driver = fuelling([rep(hold_s=hold_s, band=Band(0.9, 1.1))])
    for i in range(round(length_s * 100)):
        driver.step(effort_at(i / 100))
    (done,) = driver.of(RepDone)
    return done


def test_a_real_two_second_hang_launches_a_short_hold_but_not_a_longer_one(recordings_dir):
    rows = load(recordings_dir / "hangboard_hx711_5hangs.csv")
    # The first hang levels off around 700-740 N for about two seconds.
    plateau = sorted(f for t, f in rows if 16.0 <= t <= 18.0)
    target = plateau[len(plateau) // 2]
    effort_at = replay(rows, 14.5, 22.0, lambda f: f / target)
    assert play_recording(1.8, effort_at, 7.5).success
    assert not play_recording(2.5, effort_at, 9.0).success
