"""The station's side of a game: planning reps, normalising force, recording results."""

from __future__ import annotations

import math

import pytest

from games.contract import GameOver, RepDone, RepStarted
from games.registry import get_game
from hardware.frames import GRIP, ForceFrame, SensorHealth, SensorStatus
from hardware.profiles import Constant
from hardware.signal_chain import ForcePipeline
from hardware.sim_sources import ScriptedSource
from station.app.cli import main
from station.clinic.assessment import Hand
from station.clinic.difficulty import GUEST_FLOOR_N, DifficultyEngine, RepPlan
from station.clinic.exercise import Exercise, TargetKind
from station.clinic.quick_max import QuickMax
from station.play.effort import Reading, effort_input, poll
from station.play.planner import (
    FATIGUE_REST_S,
    EnginePlanner,
    PlanMismatch,
    RepOutcome,
    setup_from_plan,
)
from station.play.recorder import SessionRecorder
from station.play.session import Play, PlaySetup
from station.play.store import RepContext, VisitStore
from station.storage import (
    add_player,
    add_trial,
    get_session,
    open_database,
    rep_trace,
    session_reps,
    start_assessment,
)
from station.storage import (
    database_path as db_file,
)
from station.storage.writer import DatabaseWriter
from tests.support.simclock import SimClock

MAX_N = 200.0
OK = SensorHealth(SensorStatus.OK, rate_hz=80.0)


def exercise(reps: int = 3, sets: int = 2, rest_s: float = 30.0) -> Exercise:
    return Exercise(GRIP, Hand.RIGHT, TargetKind.PERCENT, 40.0, 2.0, reps, sets, rest_s)


def planner(reps: int = 3, sets: int = 2) -> EnginePlanner:
    return EnginePlanner(DifficultyEngine(MAX_N, exercise(reps, sets), capacity_n=900.0))


def done_for(setup, peak_effort: float = 1.0, success: bool = True) -> RepDone:
    return RepDone(setup.set_no, setup.rep_no, 0, peak_effort, 1.5, success)


def test_a_plan_in_newtons_becomes_a_band_in_effort_units_around_the_target():
    plan = RepPlan(2, 1, 80.0, 60.0, 100.0, 3.0, 1.1, 0.5, 30.0, False)
    setup = setup_from_plan(plan)
    assert setup.band.low == pytest.approx(0.75)
    assert setup.band.high == pytest.approx(1.25)
    assert (setup.set_no, setup.rep_no, setup.hold_s) == (2, 1, 3.0)
    assert setup.speed == 1.1 and setup.rest_before_s == 30.0


def test_a_whole_session_hands_out_every_rep_once_then_none():
    plans = planner()
    assert plans.reps_total == 6
    seen = []
    while (setup := plans.next_rep()) is not None:
        seen.append((setup.set_no, setup.rep_no, setup.rest_before_s))
        plans.rep_done(done_for(setup))
    assert [(s, r) for s, r, _ in seen] == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]
    assert [rest for _, _, rest in seen] == [0, 0, 0, 30.0, 0, 0]  # the rest between sets
    assert plans.reps_done == 6


def test_successes_make_the_target_harder_and_misses_easier():
    up, down = planner(reps=5, sets=1), planner(reps=5, sets=1)
    first = up.target_n
    for plans, success in ((up, True), (down, False)):
        for _ in range(4):
            plans.rep_done(done_for(plans.next_rep(), success=success))
    assert up.target_n > first > down.target_n


def test_peaks_go_back_to_newtons_with_the_target_the_rep_was_played_at():
    plans = planner()
    setup = plans.next_rep()
    target = plans.target_n
    outcome = plans.rep_done(RepDone(1, 1, 0, 1.2, 2.0, True, tracking_rmse=0.1))
    assert outcome.record.peak_n == pytest.approx(1.2 * target)
    assert outcome.tracking_rmse_n == pytest.approx(0.1 * target)
    assert outcome.plan.set_no == setup.set_no and outcome.record.level == outcome.plan.level


def test_asking_for_the_next_rep_before_the_last_result_arrives_still_counts_right():
    """A game may finish a rep and ask for the next in one step: no rep is played twice."""
    plans = planner(reps=2, sets=1)
    first = plans.next_rep()
    second = plans.next_rep()  # the first rep's RepDone is not in yet
    assert (second.set_no, second.rep_no) == (1, 2)
    assert plans.next_rep() is None  # the session is over once both are played
    plans.rep_done(done_for(first))
    plans.rep_done(done_for(second))
    assert plans.engine.done


def test_a_result_for_a_rep_never_handed_out_is_refused_with_a_reason():
    plans = planner()
    with pytest.raises(PlanMismatch, match="without asking"):
        plans.rep_done(RepDone(1, 1, 0, 1.0, 1.0, True))
    plans.next_rep()
    with pytest.raises(PlanMismatch, match="set 1 rep 1 was the one asked for"):
        plans.rep_done(RepDone(1, 2, 0, 1.0, 1.0, True))


def test_falling_peaks_bring_a_rest_before_the_next_rep():
    plans = planner(reps=8, sets=1)
    for effort, success in ((1.0, True), (1.0, True), (1.0, True), (0.6, False), (0.6, False)):
        setup = plans.next_rep()
        assert setup.rest_before_s == 0
        plans.rep_done(done_for(setup, peak_effort=effort, success=success))
    assert plans.next_rep().rest_before_s >= FATIGUE_REST_S


# -- input bridge ---------------------------------------------------------------------------


def reading_on(force_n: float, *, outages=None):
    clock = SimClock()
    source = ScriptedSource({GRIP: Constant(force_n)}, clock=clock, outages=outages)
    source.start()
    pipeline = ForcePipeline(source, {GRIP: 900.0})
    return (lambda: poll(pipeline, clock.now_ns)), clock


def test_effort_is_the_force_over_the_current_target_even_between_reps():
    plans = planner()
    read, clock = reading_on(0.5 * plans.target_n)
    clock.advance(1.0)
    reading = read()
    game_input = effort_input(reading.latest.get(GRIP), plans.target_n)  # no rep asked yet
    assert game_input.sensor_ok
    assert game_input.effort == pytest.approx(0.5, abs=0.02)
    assert not game_input.starting
    assert len(reading.frames_of(GRIP)) >= 79  # a second of samples at 80 SPS, for the trace


def test_an_unplugged_sensor_reads_as_not_ok():
    read, clock = reading_on(50.0, outages={GRIP: [(0.5, 2.0)]})

    def ok() -> bool:
        return effort_input(read().latest.get(GRIP), 50.0).sensor_ok

    clock.advance(0.3)
    assert ok()
    clock.advance(0.5)
    assert not ok()
    clock.advance(1.5)
    assert ok()


def test_no_frame_yet_is_a_sensor_still_starting_not_an_unplugged_one():
    game_input = effort_input(Reading().latest.get(GRIP), 50.0)
    assert not game_input.sensor_ok and game_input.starting


def test_a_force_that_is_not_a_number_is_a_fault_not_an_effort():
    broken = ForceFrame(GRIP, 5, math.nan, math.nan, OK)
    game_input = effort_input(broken, 50.0)
    assert not game_input.sensor_ok and game_input.effort == 0.0


# -- recorder -------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "station.db")
    yield database
    database.close()


def frames(t0_s: float, count: int, newtons: float) -> list[ForceFrame]:
    return [
        ForceFrame(GRIP, round((t0_s + i / 80) * 1e9), newtons, newtons, OK) for i in range(count)
    ]


def play_rep(recorder: SessionRecorder, plans: EnginePlanner, t0_s: float, effort: float) -> None:
    setup = plans.next_rep()
    force = effort * plans.target_n
    recorder.frames(frames(t0_s, 8, force))
    recorder.handle([RepStarted(setup.set_no, setup.rep_no, 0)])
    recorder.frames(frames(t0_s + 0.1, 160, force))
    recorder.handle([done_for(setup, peak_effort=effort, success=True)])
    recorder.frames(frames(t0_s + 2.1, 80, 0.0))  # after the rep: not part of its trace


def test_a_profiled_players_reps_are_stored_one_by_one_with_their_traces(db):
    player = add_player(db, nickname="Mia", avatar="star", dominant_hand="right")
    plans = planner()
    store = VisitStore(DatabaseWriter(db_file(db)), player.id, None)
    context = RepContext(GRIP, "right", "balloon", None)
    recorder = SessionRecorder(plans, store, context, logged_max_n=MAX_N)
    assert db["sessions"].count == 0, "no session until something is stored"
    play_rep(recorder, plans, 0.0, 1.0)
    store.writer.flush()  # committed by the writer thread, not by the frame loop
    [session] = list(db["sessions"].rows)
    reps = session_reps(db, session["id"])
    assert len(reps) == 1
    rep = reps[0]
    assert rep.game == "balloon" and rep.sensor == GRIP and rep.hand == "right"
    assert rep.peak_n == pytest.approx(rep.target_n)
    assert rep.band_low_n < rep.target_n < rep.band_high_n and rep.level == pytest.approx(0.5)
    trace = rep_trace(db, rep.id)
    assert len(trace) == 168 and trace.duration_s == pytest.approx(167 / 80, abs=1e-3)
    play_rep(recorder, plans, 3.0, 0.9)
    recorder.handle([GameOver(20, 3, 2, 2)])
    store.writer.flush()
    assert get_session(db, session["id"]).ended_at is None, "the visit may go on"
    assert len(session_reps(db, session["id"])) == 2
    assert recorder.success_rate == 1.0 and recorder.retest is None
    assert store.finish().close() == []
    assert get_session(db, session["id"]).ended_at is not None


def test_an_in_game_peak_far_above_the_logged_max_suggests_a_retest_in_players_show(
    db, tmp_path, capsys
):
    player = add_player(db, nickname="Leo", avatar="star", dominant_hand="right")
    test = start_assessment(db, player.id, sensor=GRIP, hand="right")
    for number in (1, 2, 3):
        add_trial(db, test.id, hand="right", trial_no=number, peak_n=60.0, duration_s=3.0)
    plans = EnginePlanner(DifficultyEngine(60.0, exercise(), capacity_n=900.0))
    store = VisitStore(DatabaseWriter(db_file(db)), player.id, None)
    context = RepContext(GRIP, "right", "rocket", None)
    recorder = SessionRecorder(plans, store, context, logged_max_n=60.0)
    play_rep(recorder, plans, 0.0, 80.0 / plans.target_n)  # 80 N: a third above the max
    store.finish().close()
    assert recorder.retest is not None and recorder.retest.peak_n == pytest.approx(80.0)
    assert main(["--db", str(tmp_path / "station.db"), "players", "show", "Leo"]) == 0
    out = capsys.readouterr().out
    assert "Re-test suggested" in out and "33%" in out


def test_a_guest_moves_the_staircase_but_stores_nothing(db):
    plans = planner()
    recorder = SessionRecorder(
        plans, None, RepContext(GRIP, "right", "crab", None), logged_max_n=None
    )
    play_rep(recorder, plans, 0.0, 1.0)
    recorder.handle([GameOver(10, 3, 1, 1)])
    assert plans.reps_done == 1 and recorder.retest is None
    assert db["reps"].count == 0 and db["sessions"].count == 0


# -- quick max ------------------------------------------------------------------------------


def test_the_quick_squeeze_counts_from_when_the_child_starts_squeezing():
    quick = QuickMax(GRIP, duration_s=3.0)
    quick.feed(frames(0.0, 160, 1.0))  # two seconds of a hand resting on the bulb
    assert not quick.started and quick.progress == 0.0
    quick.feed(frames(2.0, 200, 90.0))  # 2.5 s of squeezing
    assert quick.started and not quick.done
    assert 0.8 < quick.progress < 0.85
    quick.feed(frames(4.5, 80, 120.0))
    assert quick.done and quick.maximum_n == pytest.approx(120.0, rel=0.02)
    quick.feed(frames(5.5, 80, 300.0))  # after the window: does not count
    assert quick.maximum_n == pytest.approx(120.0, rel=0.02)


def test_a_shy_quick_squeeze_still_gives_a_playable_maximum():
    quick = QuickMax(GRIP, duration_s=1.0)
    quick.feed(frames(0.0, 120, 6.0))
    assert quick.done and quick.maximum_n == GUEST_FLOOR_N[GRIP]


# -- one play ---------------------------------------------------------------------------------


def test_a_play_without_a_maximum_squeezes_first_then_plays_against_that_squeeze():
    play = Play(get_game("balloon"), PlaySetup(exercise(2, 1), 900.0, logged_max_n=None))
    assert play.quick is not None and play.target_n == pytest.approx(300.0)
    squeeze = Reading(0, {GRIP: frames(0.0, 1, 120.0)[0]}, tuple(frames(0.0, 320, 120.0)))
    game_input = play.game_input(squeeze)
    assert game_input.effort == pytest.approx(0.4), "force over the quick-max scale"
    assert play.quick_done
    play.start_game()
    assert play.maximum_n == pytest.approx(120.0, rel=0.02)
    assert play.target_n == pytest.approx(0.4 * 120.0, rel=0.05), "40% of that squeeze"


def test_a_target_beyond_todays_squeeze_plays_the_gentle_default_instead_of_stopping():
    too_hard = Exercise(GRIP, Hand.RIGHT, TargetKind.NEWTONS, 300.0, 2.0, 2, 1, 0.0)
    play = Play(get_game("balloon"), PlaySetup(too_hard, 900.0, None, quick_max_n=100.0))
    assert play.quick is None, "this visit's earlier squeeze is not asked for again"
    play.start_game()
    assert play.planner is not None and play.target_n < 100.0
    report = play.pain_report("balloon")
    assert report.game == "balloon" and report.sensor == GRIP and report.hand == "right"


def frames_of(t0_s: float, forces: list[float]) -> list[ForceFrame]:
    return [ForceFrame(GRIP, round((t0_s + i / 80) * 1e9), f, f, OK) for i, f in enumerate(forces)]


def rep_with(recorder, plans, t0_s: float, squeeze_n: float, game_peak: float) -> RepOutcome:
    """One rep from t0: a second of rest, then 1.5 s at ``squeeze_n``, then rest; the game
    reports ``game_peak`` (in effort units) and 0.2 s in band, whatever the hand did."""
    setup = plans.next_rep()
    recorder.frames(frames_of(t0_s, [0.0] * 80))
    recorder.handle([RepStarted(setup.set_no, setup.rep_no, round((t0_s + 1.0) * 1e9))])
    recorder.frames(frames_of(t0_s + 1.0, [squeeze_n] * 120 + [0.0] * 120))
    end_ns = round((t0_s + 4.0) * 1e9)
    recorder.handle([RepDone(setup.set_no, setup.rep_no, end_ns, game_peak, 0.2, False)])
    return recorder.outcomes[-1]


def test_a_reps_peak_and_hold_are_those_of_the_squeeze_inside_it():
    plans = planner(reps=4, sets=1)
    recorder = SessionRecorder(
        plans, None, RepContext(GRIP, "right", "balloon", None), logged_max_n=None
    )
    target = plans.target_n
    outcome = rep_with(recorder, plans, 0.0, target, game_peak=0.5)
    assert outcome.record.peak_n == pytest.approx(target)
    assert outcome.time_in_band_s == pytest.approx(1.5, abs=0.03)
    idle = rep_with(recorder, plans, 4.0, 0.0, game_peak=0.3)
    assert idle.record.peak_n == pytest.approx(0.3 * idle.plan.target_n), "the game's, no squeeze"
    assert idle.time_in_band_s == pytest.approx(0.2)


def test_reps_the_child_never_squeezed_in_bring_no_fatigue_rest():
    plans = planner(reps=10, sets=1)
    recorder = SessionRecorder(
        plans, None, RepContext(GRIP, "right", "crab", None), logged_max_n=None
    )
    for rep in range(3):
        rep_with(recorder, plans, 4.0 * rep, plans.target_n, game_peak=1.0)
    for rep in range(3, 6):
        rep_with(recorder, plans, 4.0 * rep, 0.0, game_peak=0.0)  # a missed rep: 0 N
    assert [o.plan.rest_before_s for o in recorder.outcomes] == [0] * 6
    assert plans.next_rep().rest_before_s == 0
