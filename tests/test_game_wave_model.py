"""The wave game's rules: follow a path from light to strong, judged by RMSE and time in band."""

from __future__ import annotations

import itertools
import math
import random
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
from games.wave.model import (
    LEAD_IN_S,
    LIGHT,
    LOOK_AHEAD_S,
    POINTS_PER_REP,
    STRONG,
    SUCCESS_BONUS,
    SUCCESS_SHARE,
    WOBBLE_GRACE_S,
    Phase,
    WaveModel,
    plan_levels,
)
from tests.support.planners import ListPlanner

STEP_NS = NS_PER_S // 120
BAND = Band(0.85, 1.2)


def rep(rep_no: int = 1, hold_s: float = 4.0, speed: float = 1.0, rest: float = 0.0) -> RepSetup:
    return RepSetup(1, rep_no, BAND, hold_s, speed, rest)


Child = Callable[[WaveModel, float], float]
"""A player: given the model and the seconds played, the effort it squeezes now."""


def follower(model: WaveModel, _t: float) -> float:
    """Squeezes exactly what the path asks, and relaxes between paths."""
    wanted = model.desired_effort()
    return 0.0 if wanted is None else wanted


def play(*setups: RepSetup, child: Child = follower, seed: int = 3, limit_s: float = 300.0):
    """Play reps to the end; returns the model and every event it sent."""
    model = WaveModel(ListPlanner(setups), rng_seed=seed)
    events: list = []
    t_ns = 0
    while not any(isinstance(e, GameOver) for e in events):
        t_ns += STEP_NS
        assert t_ns < limit_s * NS_PER_S, "the game never ended"
        effort = child(model, t_ns / NS_PER_S)
        events += model.update(STEP_NS, GameInput(t_ns, effort, True))
    return model, events


def of(kind: type, events: list) -> list:
    return [e for e in events if isinstance(e, kind)]


def scored_s(setup: RepSetup) -> float:
    return setup.hold_s / setup.speed


# -- whole games --------------------------------------------------------------------------


def test_a_child_who_follows_the_path_wins_every_rep_with_three_stars():
    setups = [rep(n) for n in (1, 2, 3)]
    model, events = play(*setups)
    done = of(RepDone, events)
    assert [d.rep_no for d in done] == [1, 2, 3]
    assert all(d.success for d in done)
    assert all(d.tracking_rmse == pytest.approx(0.0, abs=0.02) for d in done)
    assert all(d.time_in_band_s == pytest.approx(4.0, abs=0.05) for d in done)
    assert all(d.peak_effort == pytest.approx(STRONG, abs=0.01) for d in done)
    over = of(GameOver, events)[0]
    assert (over.reps_done, over.successes, over.stars) == (3, 3, 3)
    assert over.score == 3 * (POINTS_PER_REP + SUCCESS_BONUS)
    assert model.phase is Phase.OVER and model.desired_effort() is None


def test_events_come_in_order_started_done_score_for_each_rep():
    _model, events = play(rep(1), rep(2))
    kinds = [type(e) for e in events]
    assert kinds == [RepStarted, RepDone, ScoreChanged, RepStarted, RepDone, ScoreChanged, GameOver]
    scores = [e.score for e in of(ScoreChanged, events)]
    assert scores == sorted(scores) and scores[-1] == of(GameOver, events)[0].score
    started, done = of(RepStarted, events), of(RepDone, events)
    for s, d in zip(started, done, strict=True):
        assert d.t_ns - s.t_ns == pytest.approx(4.0 * NS_PER_S, abs=2 * STEP_NS)


def test_a_resting_hand_fails_every_rep_and_gets_no_stars():
    _model, events = play(rep(1), rep(2), child=lambda _m, _t: 0.0)
    done = of(RepDone, events)
    assert not any(d.success for d in done)
    assert all(d.time_in_band_s == 0.0 for d in done)
    assert all(d.tracking_rmse >= LIGHT for d in done)
    over = of(GameOver, events)[0]
    assert (over.stars, over.successes) == (0, 0)


def test_holding_one_strong_squeeze_is_not_enough_the_squeeze_must_be_graded():
    _model, events = play(rep(1, hold_s=6.0), child=lambda _m, _t: STRONG)
    (done,) = of(RepDone, events)
    assert not done.success
    assert done.time_in_band_s < SUCCESS_SHARE * 6.0
    assert done.tracking_rmse > 0.15


def test_a_child_who_lags_and_trembles_still_succeeds():
    """A typical child: reacts a quarter second late, overshoots a little, trembles."""
    rng = random.Random(11)
    state = {"effort": 0.0}

    def child(model: WaveModel, t: float) -> float:
        wanted = model.desired_effort() or 0.0
        state["effort"] += (wanted - state["effort"]) * (STEP_NS / NS_PER_S) / 0.25
        return state["effort"] * 1.05 + 0.04 * math.sin(t * 2 * math.pi * 8) + rng.gauss(0, 0.01)

    _model, events = play(*(rep(n, hold_s=5.0) for n in range(1, 6)), child=child)
    done = of(RepDone, events)
    assert sum(d.success for d in done) >= 4
    assert all(0.02 < d.tracking_rmse < 0.2 for d in done)


# -- the path -----------------------------------------------------------------------------


@pytest.mark.parametrize("hold_s", [1.0, 3.0, 5.0, 10.0])
def test_every_path_starts_and_ends_light_and_reaches_strong(hold_s):
    for seed in range(20):
        levels = plan_levels(hold_s, random.Random(seed))
        assert levels[0] == LIGHT and levels[-1] == LIGHT
        assert STRONG in levels
        assert all(a != b for a, b in itertools.pairwise(levels))


def test_a_longer_hold_bends_more_often():
    rng = random.Random(1)
    assert len(plan_levels(10.0, rng)) > len(plan_levels(3.0, rng))


def test_the_path_moves_smoothly_from_its_flat_lead_in():
    model = WaveModel(ListPlanner([rep(hold_s=5.0)]), rng_seed=5)
    model.update(STEP_NS, GameInput(STEP_NS, 0.0, True))
    path = model.path
    assert path is not None
    lead_in = [path.target_at(path.start_ns + i * STEP_NS) for i in range(60)]
    assert lead_in == [LIGHT] * 60
    times = range(path.track_ns, path.end_ns, NS_PER_S // 100)
    heights = [path.height_at(t) for t in times]
    assert min(heights) == pytest.approx(LIGHT, abs=0.01)
    assert max(heights) == pytest.approx(STRONG, abs=0.01)
    steepest = max(abs(b - a) for a, b in itertools.pairwise(heights))
    assert steepest < 0.02, "the path jumps instead of bending"
    assert path.target_at(path.start_ns - 1) is None and path.target_at(path.end_ns + 1) is None


def test_the_ribbon_has_the_bands_width_but_never_reaches_rest():
    wide = Band(0.5, 1.3)
    model = WaveModel(ListPlanner([RepSetup(1, 1, wide, 3.0, 1.0)]), rng_seed=2)
    model.update(STEP_NS, GameInput(STEP_NS, 0.0, True))
    path = model.path
    low, high = path.ribbon_around(STRONG)
    assert (low, high) == pytest.approx((0.5, 1.3))
    low, high = path.ribbon_around(LIGHT)
    assert high == pytest.approx(LIGHT + 0.3)
    assert 0.0 < low < LIGHT


def test_a_faster_rep_is_a_shorter_stretch_of_path():
    _model, events = play(rep(1, hold_s=4.0, speed=2.0))
    (start,), (done,) = of(RepStarted, events), of(RepDone, events)
    assert done.t_ns - start.t_ns == pytest.approx(2.0 * NS_PER_S, abs=2 * STEP_NS)
    assert done.success and done.time_in_band_s == pytest.approx(2.0, abs=0.05)


def test_a_rest_before_a_rep_delays_its_path_and_the_bot_relaxes_meanwhile():
    asked: list[float | None] = []

    def child(model: WaveModel, t: float) -> float:
        if t < 19.0:
            asked.append(model.desired_effort())
        return follower(model, t)

    _model, events = play(rep(1, rest=20.0), child=child)
    (start,) = of(RepStarted, events)
    assert start.t_ns >= (20.0 + LEAD_IN_S) * NS_PER_S
    assert set(asked) == {None}


def test_the_first_path_appears_at_the_right_edge_and_reaches_the_fish_later():
    model = WaveModel(ListPlanner([rep()]), rng_seed=1)
    model.update(STEP_NS, GameInput(STEP_NS, 0.0, True))
    assert model.phase is Phase.WAITING
    assert model.path.start_ns - model.now_ns == pytest.approx(LOOK_AHEAD_S * NS_PER_S, abs=STEP_NS)
    assert model.desired_effort() is None


def test_the_bot_is_asked_for_the_path_height_under_the_fish():
    model = WaveModel(ListPlanner([rep()]), rng_seed=1)
    t_ns = 0
    while model.phase is not Phase.TRACKING:
        t_ns += STEP_NS
        model.update(STEP_NS, GameInput(t_ns, 0.5, True))
    for _ in range(200):
        t_ns += STEP_NS
        model.update(STEP_NS, GameInput(t_ns, 0.5, True))
        assert model.desired_effort() == model.path.height_at(model.now_ns)


# -- judging ------------------------------------------------------------------------------


def wobbling(out_s: float, every_s: float) -> Child:
    """Follows the path but slips far below it for ``out_s`` once every ``every_s``."""

    def child(model: WaveModel, t: float) -> float:
        wanted = follower(model, t)
        return wanted * 0.3 if (t % every_s) < out_s else wanted

    return child


def test_brief_wobbles_out_of_the_ribbon_are_forgiven():
    _model, events = play(rep(hold_s=6.0), child=wobbling(WOBBLE_GRACE_S * 0.6, 1.0))
    (done,) = of(RepDone, events)
    assert done.time_in_band_s == pytest.approx(6.0, abs=0.05)
    assert done.success
    assert done.tracking_rmse > 0.05, "the wobbles still show in the error"


def test_long_slips_out_of_the_ribbon_are_not_forgiven():
    _model, events = play(rep(hold_s=6.0), child=wobbling(0.6, 1.0))
    (done,) = of(RepDone, events)
    assert done.time_in_band_s == pytest.approx(6.0 * 0.4, abs=0.25)
    assert not done.success


def test_overshooting_leaves_the_ribbon_and_is_reported_as_the_peak():
    def child(model: WaveModel, t: float) -> float:
        wanted = follower(model, t)
        return (
            1.8
            if wanted and model.phase is Phase.TRACKING and model.rep_progress() < 0.5
            else wanted
        )

    _model, events = play(rep(hold_s=6.0), child=child)
    (done,) = of(RepDone, events)
    assert done.peak_effort == pytest.approx(1.8)
    assert done.time_in_band_s == pytest.approx(3.0, abs=0.1)
    assert not done.success
    assert done.tracking_rmse > 0.5


def test_a_rep_just_over_the_success_share_succeeds_and_just_under_fails():
    def slipping(share_out: float) -> Child:
        def child(model: WaveModel, t: float) -> float:
            wanted = follower(model, t)
            if model.phase is Phase.TRACKING and model.rep_progress() < share_out:
                return 0.0
            return wanted

        return child

    _m, events = play(rep(hold_s=5.0), child=slipping(1 - SUCCESS_SHARE - 0.05))
    assert of(RepDone, events)[0].success
    _m, events = play(rep(hold_s=5.0), child=slipping(1 - SUCCESS_SHARE + 0.05))
    assert not of(RepDone, events)[0].success


def test_time_stands_still_while_the_sensor_is_away():
    model = WaveModel(ListPlanner([rep()]), rng_seed=1)
    t_ns = 0
    while model.phase is not Phase.TRACKING:
        t_ns += STEP_NS
        model.update(STEP_NS, GameInput(t_ns, LIGHT, True))
    before = (model.now_ns, model.effort, len(model.trail))
    for _ in range(600):
        t_ns += STEP_NS
        assert model.update(STEP_NS, GameInput(t_ns, 3.0, False)) == []
    assert (model.now_ns, model.effort, len(model.trail)) == before


def test_the_trail_remembers_where_the_fish_was_inside_and_where_it_strayed():
    model = WaveModel(ListPlanner([rep()]), rng_seed=1)
    t_ns = 0
    while model.phase is not Phase.TRACKING:
        t_ns += STEP_NS
        model.update(STEP_NS, GameInput(t_ns, follower(model, 0) or 0.0, True))
    for _ in range(30):
        t_ns += STEP_NS
        model.update(STEP_NS, GameInput(t_ns, 2.0, True))
    assert model.trail[-1].inside is False and model.trail[-1].effort == 2.0
    assert any(dab.inside for dab in model.trail)
    oldest = model.trail[0].t_ns
    assert model.now_ns - oldest <= 1.3 * NS_PER_S


# -- ends and bad input -------------------------------------------------------------------


def test_a_session_with_no_reps_ends_at_once():
    model = WaveModel(ListPlanner([]), rng_seed=1)
    events = model.update(STEP_NS, GameInput(STEP_NS, 0.0, True))
    assert events == [GameOver(score=0, stars=0, reps_done=0, successes=0)]
    assert model.update(STEP_NS, GameInput(2 * STEP_NS, 0.0, True)) == []


def test_a_rep_without_time_to_play_is_refused_with_a_clear_message():
    model = WaveModel(ListPlanner([rep(hold_s=0.0)]), rng_seed=1)
    with pytest.raises(ValueError, match="positive hold time"):
        model.update(STEP_NS, GameInput(STEP_NS, 0.0, True))


def test_a_step_that_does_not_move_time_is_refused():
    model = WaveModel(ListPlanner([rep()]), rng_seed=1)
    with pytest.raises(ValueError, match="forward"):
        model.update(0, GameInput(0, 0.0, True))
