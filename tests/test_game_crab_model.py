"""The crab game's rules, played with scripted pinches and one real pinch recording."""

from __future__ import annotations

import csv
from collections.abc import Callable

import pytest

from games.contract import (
    NS_PER_S,
    Band,
    GameInput,
    GameOver,
    RepDone,
    RepSetup,
    RepStarted,
    ScoreChanged,
)
from games.crab.model import CrabModel, Phase, Rules, claw_closure, squash
from tests.support.planners import ListPlanner

STEP_NS = NS_PER_S // 120
BAND = Band(0.8, 1.2)
RULES = Rules()


def rep(rep_no: int = 1, hold_s: float = 1.0, speed: float = 1.0, rest: float = 0.0) -> RepSetup:
    return RepSetup(1, rep_no, BAND, hold_s, speed, rest)


class Driver:
    """Steps a model in fixed 1/120 s steps with a scripted effort, collecting events."""

    def __init__(self, *setups: RepSetup) -> None:
        self.model = CrabModel(ListPlanner(setups), rng_seed=7)
        self.t_ns = 0
        self.events: list = []

    def run(self, seconds: float, effort: float | Callable[[float], float], ok: bool = True):
        for _ in range(round(seconds * NS_PER_S / STEP_NS)):
            self.t_ns += STEP_NS
            value = effort(self.t_ns / NS_PER_S) if callable(effort) else effort
            self.events += self.model.step(STEP_NS, GameInput(self.t_ns, value, ok))
        return self

    def until(self, phase: Phase, effort: float, limit_s: float = 30.0):
        for _ in range(round(limit_s * NS_PER_S / STEP_NS)):
            if self.model.phase is phase:
                return self
            self.run(1 / 120, effort)
        raise AssertionError(f"never reached {phase}, stuck in {self.model.phase}")

    def of(self, kind: type) -> list:
        return [event for event in self.events if isinstance(event, kind)]

    def grabbed(self) -> Driver:
        """Walk to the treasure with the claw open, then pinch on target for one step."""
        self.until(Phase.REACH, 0.0).run(0.2, 0.0)
        assert self.model.ready_to_grab
        return self.run(1 / 120, 1.0)


def test_a_steady_pinch_carries_the_treasure_to_the_chest():
    drive = Driver(rep(hold_s=1.0)).grabbed().run(1.2, 1.0)

    (done,) = drive.of(RepDone)
    assert done.success
    assert done.time_in_band_s == pytest.approx(1.0, abs=STEP_NS / NS_PER_S)
    assert done.peak_effort == pytest.approx(1.0)
    assert drive.model.crab_x == pytest.approx(RULES.chest_x)
    steady_score = RULES.points_per_treasure + RULES.steady_bonus
    assert drive.of(ScoreChanged) == [ScoreChanged(steady_score)]
    assert drive.of(RepStarted)[0].rep_no == 1


def test_the_walk_to_the_chest_lasts_exactly_the_hold_time():
    drive = Driver(rep(hold_s=3.0)).grabbed()
    start = drive.model.crab_x
    drive.run(1.5 - 1 / 120, 1.0)
    assert drive.model.crab_x - start == pytest.approx(drive.model.trip / 2, rel=0.01)
    drive.run(1.4, 1.0)
    assert drive.model.phase is Phase.CARRY
    drive.run(0.1 + 1 / 120, 1.0)
    assert drive.model.phase is Phase.DELIVERED


def test_a_faster_rep_carries_further_in_the_same_time():
    slow = Driver(rep(hold_s=2.0, speed=0.8)).grabbed()
    fast = Driver(rep(hold_s=2.0, speed=1.2)).grabbed()
    assert fast.model.trip > slow.model.trip
    assert fast.model.carry_speed == pytest.approx(fast.model.trip / 2.0)
    for drive in (slow, fast):
        drive.run(2.0, 1.0)
        assert drive.model.phase is Phase.DELIVERED


def test_a_brief_overshoot_is_forgiven_but_pauses_the_walk():
    drive = Driver(rep(hold_s=1.0)).grabbed().run(0.3, 1.0)
    x_before = drive.model.crab_x
    drive.run(0.15, 1.6)
    assert drive.model.phase is Phase.CARRY and drive.model.too_hard
    assert drive.model.crab_x == x_before
    drive.run(0.8, 1.0)
    assert drive.model.phase is Phase.DELIVERED
    (done,) = drive.of(RepDone)
    assert done.success and done.peak_effort == pytest.approx(1.6)
    assert drive.of(ScoreChanged) == [ScoreChanged(RULES.points_per_treasure)]


def test_squeezing_too_hard_for_longer_than_the_grace_pops_the_treasure():
    drive = Driver(rep(hold_s=2.0)).grabbed().run(0.3, 1.0).run(0.25, 1.5)
    assert drive.model.phase is Phase.POPPED
    (done,) = drive.of(RepDone)
    assert not done.success
    assert done.peak_effort == pytest.approx(1.5)
    assert done.time_in_band_s == pytest.approx(0.3 + 1 / 120, abs=0.01)
    assert drive.of(ScoreChanged) == []


def test_an_overshooting_grab_that_settles_quickly_still_counts():
    drive = Driver(rep(hold_s=1.0)).until(Phase.REACH, 0.0).run(0.2, 0.0)
    drive.run(0.1, 1.5).run(0.05, 1.3).run(1.1, 1.05)
    (done,) = drive.of(RepDone)
    assert done.success and done.peak_effort == pytest.approx(1.5)


def test_a_brief_wobble_below_the_band_is_forgiven():
    drive = Driver(rep(hold_s=1.0)).grabbed().run(0.4, 1.0).run(0.2, 0.6)
    assert drive.model.phase is Phase.CARRY and drive.model.slipping
    drive.run(0.7, 0.9)
    assert drive.of(RepDone)[0].success


def test_letting_go_drops_the_treasure_where_the_crab_stands():
    drive = Driver(rep(hold_s=2.0)).grabbed().run(0.5, 1.0)
    x_when_let_go = drive.model.crab_x
    drive.run(0.3, 0.0)
    assert drive.model.phase is Phase.DROPPED
    assert drive.model.outcome_x == x_when_let_go
    assert not drive.of(RepDone)[0].success


def test_a_rep_nobody_pinches_ends_as_missed_after_the_reach_window():
    drive = Driver(rep(), rep(2)).until(Phase.REACH, 0.0).until(Phase.MISSED, 0.3)
    (done,) = drive.of(RepDone)
    assert not done.success and done.time_in_band_s == 0.0
    assert drive.model.phase_s == 0.0
    drive.until(Phase.REACH, 0.0)
    assert [started.rep_no for started in drive.of(RepStarted)] == [1, 2]


def test_a_grab_needs_an_open_claw_first():
    drive = Driver(rep(hold_s=1.0)).until(Phase.REACH, 1.6).run(0.5, 1.0)
    assert drive.model.phase is Phase.REACH
    assert drive.model.desired_effort() is None  # the bot lets go, as a child must
    drive.run(0.1, 0.2)
    assert drive.model.ready_to_grab and drive.model.desired_effort() == 1.0
    drive.run(1.1, 1.0)
    (done,) = drive.of(RepDone)
    assert done.success
    assert done.peak_effort == pytest.approx(
        1.0
    )  # the squeeze held over from before is not this rep's


def test_a_rest_comes_before_the_rep_and_squeezing_then_grabs_nothing():
    drive = Driver(rep(rest=2.0)).run(1 / 120, 0.0)
    assert drive.model.phase is Phase.REST
    drive.run(1.5, 1.0)
    assert drive.of(RepStarted) == []
    assert drive.model.rest_left_s == pytest.approx(0.5, abs=0.02)
    drive.run(0.6, 0.0)
    assert drive.model.phase is Phase.REACH and len(drive.of(RepStarted)) == 1


def test_a_lost_sensor_freezes_the_carry_instead_of_dropping():
    drive = Driver(rep(hold_s=1.0)).grabbed().run(0.5, 1.0)
    x_before, progress = drive.model.crab_x, drive.model.progress
    drive.run(3.0, 0.0, ok=False)
    assert drive.model.phase is Phase.CARRY
    assert (drive.model.crab_x, drive.model.progress) == (x_before, progress)
    drive.run(0.6, 1.0)
    assert drive.of(RepDone)[0].success


def test_the_session_ends_with_game_over_and_stars_from_the_success_share():
    drive = Driver(*(rep(n, hold_s=0.5) for n in range(1, 6)))
    for n in range(1, 6):
        drive.grabbed()
        if n == 3:
            drive.run(0.3, 1.8)  # too hard: popped
        else:
            drive.run(0.6, 1.0)
        drive.until(Phase.REACH if n < 5 else Phase.FINISHED, 0.0)

    (over,) = drive.of(GameOver)
    assert (over.reps_done, over.successes, over.stars) == (5, 4, 3)
    per_treasure = RULES.points_per_treasure + RULES.steady_bonus
    assert over.score == drive.model.book.score == 4 * per_treasure
    assert [done.success for done in drive.of(RepDone)] == [True, True, False, True, True]
    count = len(drive.events)
    drive.run(1.0, 1.0)
    assert len(drive.events) == count
    assert drive.model.desired_effort() is None


def test_a_bot_following_desired_effort_wins_every_rep():
    drive = Driver(*(rep(n, hold_s=1.5, speed=0.8 + n / 10) for n in range(1, 5)))
    for _ in range(4000):
        wanted = drive.model.desired_effort()
        drive.run(1 / 120, 0.0 if wanted is None else wanted)
        if drive.model.phase is Phase.FINISHED:
            break
    (over,) = drive.of(GameOver)
    assert (over.reps_done, over.successes, over.stars) == (4, 4, 3)


def test_the_claw_closes_with_the_pinch_and_strains_only_above_the_band():
    assert claw_closure(0.0, BAND) == 0.0
    assert claw_closure(0.4, BAND) == pytest.approx(0.5)
    assert claw_closure(BAND.low, BAND) == claw_closure(1.5, BAND) == 1.0
    assert squash(BAND.high, BAND) == 0.0
    assert 0.0 < squash(1.5, BAND) < squash(2.0, BAND)


@pytest.mark.parametrize(
    ("setup", "words"),
    [(rep(hold_s=0.0), "hold"), (rep(speed=-1.0), "speed"), (rep(rest=-2.0), "rest")],
)
def test_an_impossible_rep_is_refused_with_a_sentence(setup, words):
    model = CrabModel(ListPlanner([setup]))
    with pytest.raises(ValueError, match=words):
        model.step(STEP_NS, GameInput(STEP_NS, 0.0, True))


def test_time_must_move_forward():
    model = CrabModel(ListPlanner([rep()]))
    with pytest.raises(ValueError, match="forward"):
        model.step(0, GameInput(0, 0.0, True))


def _replay(path, target_n: float) -> Callable[[float], float]:
    """Effort at time t from a recording: the latest sample at or before t, over a target."""
    with path.open() as handle:
        rows = [(float(r["t_s"]), float(r["force_n"])) for r in csv.DictReader(handle)]

    def effort(t_s: float) -> float:
        latest = rows[0][1]
        for sample_t, force in rows:
            if sample_t > t_s:
                break
            latest = force
        return latest / target_n

    return effort


@pytest.mark.parametrize(("hold_s", "delivered"), [(0.25, True), (1.0, False)])
def test_a_real_pinch_wins_a_short_hold_and_drops_a_long_one(recordings_dir, hold_s, delivered):
    # Three graded pinches (about 18, 21 and 17 N) over a 6 N preload; target 17 N.
    # Each pinch stays in the band for a few tenths of a second, then the fingers relax
    # for longer than the slip grace.
    effort = _replay(recordings_dir / "edraki_pinch_grip_tracking.csv", target_n=17.0)
    drive = Driver(rep(hold_s=hold_s)).run(3.2, effort)
    (done, *_) = drive.of(RepDone)
    assert done.success is delivered
    assert 0.0 < done.time_in_band_s <= hold_s + 0.01  # it was grabbed either way


@pytest.mark.parametrize("resting", [0.9, 1.5])
def test_a_child_who_never_lets_go_can_still_start_a_rep_from_their_resting_pinch(resting):
    """Resting in the band or above it: once the hand holds still, the claw counts as open."""
    drive = Driver(rep(hold_s=1.0)).until(Phase.REACH, resting).run(0.5, resting)
    assert not drive.model.ready_to_grab, "half a second still is not yet a resting hand"
    drive.run(0.6, resting)
    assert drive.model.ready_to_grab or drive.model.holding
    drive.run(1.3, 1.0)
    (done,) = drive.of(RepDone)
    assert done.success
