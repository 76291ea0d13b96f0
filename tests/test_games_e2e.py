"""Every game played to the end by the autoplay bot, headless, on a simulated clock.

``grip-station play`` runs for real (virtual sensors, the app shell, the kit's loop, the
celebration) but its clock and sleep are simulated, so a whole session of sets, reps
and rests takes a few seconds of wall time.
"""

from __future__ import annotations

import functools

import pygame
import pytest

from games.contract import NS_PER_S, GameOver, RepDone, RepStarted, ScoreChanged
from games.kit.cards import PauseCard
from games.kit.loop import GameLoop
from games.kit.stack import SceneStack
from games.registry import all_games
from hardware.frames import PINCH
from hardware.profiles import Constant
from hardware.signal_chain import ForcePipeline
from hardware.sim_sources import ScriptedSource, VirtualSqueezeSource
from hardware.spec import DEFAULT_SPECS
from station.app import launch, sensors
from station.app.cli import main
from station.clinic.assessment import Hand
from station.clinic.exercise import Exercise, Program, TargetKind
from station.console.assess_runner import Pacing
from station.play.effort import poll
from station.play.session import Play, PlaySetup
from station.storage import (
    add_player,
    add_trial,
    open_database,
    personal_best,
    rep_trace,
    save_program,
    session_reps,
    start_assessment,
)
from tests.support.simclock import SimClock

CAPACITY_N = {spec.name: spec.capacity_n for spec in DEFAULT_SPECS}
HAND_MAX_N = {name: capacity * 0.2 for name, capacity in CAPACITY_N.items()}
"""The virtual hand squeezes up to a fifth of the cell's capacity (station.app.sensors)."""
SETS, REPS = 2, 4
FRAME_NS = NS_PER_S // 60


@pytest.fixture
def clock(monkeypatch):
    sim = SimClock()
    monkeypatch.setattr(
        sensors, "VirtualSqueezeSource", functools.partial(VirtualSqueezeSource, clock=sim)
    )
    monkeypatch.setattr(launch, "REAL_TIME", Pacing(clock=sim, sleep=sim.sleep))
    return sim


@pytest.fixture
def sessions(monkeypatch):
    """Every play the command makes, each with the game events it was handed."""
    made: list[Play] = []
    original = Play.handle

    def keep(self, events):
        if self not in made:
            made.append(self)
            self.events = []
        self.events.extend(events)
        original(self, events)

    monkeypatch.setattr(Play, "handle", keep)
    return made


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "station.db"


def profiled_player(db_path, sensor: str) -> None:
    """Mia: a program of 2 x 4 reps on ``sensor`` and a max-force test near the hand's max."""
    db = open_database(db_path)
    try:
        mia = add_player(db, nickname="Mia", avatar="star", dominant_hand="right")
        pinch_type = "tip" if sensor == PINCH else None
        exercise = Exercise(sensor, Hand.RIGHT, TargetKind.PERCENT, 40.0, 2.0, REPS, SETS, 8.0)
        save_program(db, mia.id, Program((exercise,), 3))
        test = start_assessment(db, mia.id, sensor=sensor, hand="right", pinch_type=pinch_type)
        for number in (1, 2, 3):
            peak = 0.9 * HAND_MAX_N[sensor]
            add_trial(db, test.id, hand="right", trial_no=number, peak_n=peak, duration_s=3.0)
    finally:
        db.close()


def check_events(events) -> tuple[int, int]:
    """Sane game events; returns (reps done, successes)."""
    started = [(e.set_no, e.rep_no) for e in events if isinstance(e, RepStarted)]
    done = [e for e in events if isinstance(e, RepDone)]
    assert started == [(e.set_no, e.rep_no) for e in done]  # each start has its end, in order
    game_events = [e for e in events if not isinstance(e, ScoreChanged)]
    assert isinstance(game_events[-1], GameOver)
    assert sum(isinstance(e, GameOver) for e in events) == 1
    over = game_events[-1]
    assert 0 <= over.stars <= 3
    successes = sum(e.success for e in done)
    assert (over.reps_done, over.successes) == (len(done), successes)
    return len(done), successes


@pytest.mark.parametrize("key", list(all_games()))
def test_the_bot_plays_each_game_to_the_end_and_every_rep_is_stored(
    key, clock, sessions, db_path, capsys
):
    game = all_games()[key]
    profiled_player(db_path, game.sensor)
    argv = ["--db", str(db_path), "--sensors", "virtual", "play", key, "--player", "Mia"]
    assert main([*argv, "--autoplay", "--seed", "5", "--size", "320x240"]) == 0
    out = capsys.readouterr().out
    assert "Stored for Mia" in out

    (session,) = sessions
    reps, successes = check_events(session.events)
    assert reps == SETS * REPS
    assert 0.4 <= successes / reps <= 0.95, f"the bot succeeded {successes} of {reps} times"
    db = open_database(db_path)
    try:
        stored = session_reps(db, 1)
        assert len(stored) == reps and sum(r.success for r in stored) == successes
        assert {r.game for r in stored} == {key} and {r.sensor for r in stored} == {game.sensor}
        for rep in stored:
            assert rep.band_low_n < rep.target_n < rep.band_high_n
            assert len(rep_trace(db, rep.id)) > 40  # at least half a second at 80 SPS
            assert rep.peak_n > 0
        assert db["sessions"].get(1)["ended_at"] is not None
        over = session.recorder.game_over
        assert personal_best(db, 1, key) == over.score  # the next game knows the best
    finally:
        db.close()


def test_the_second_game_is_told_the_first_one_s_score_as_the_best(clock, sessions, db_path):
    profiled_player(db_path, "grip")
    argv = ["--db", str(db_path), "--sensors", "virtual", "play", "rocket", "--player", "Mia"]
    assert main([*argv, "--autoplay", "--seed", "5", "--size", "320x240"]) == 0
    assert main([*argv, "--autoplay", "--seed", "6", "--size", "320x240"]) == 0
    first, second = sessions
    assert first.setup.personal_best == 0, "a first game: any score is a best"
    assert second.setup.personal_best == first.recorder.game_over.score


def test_a_guest_game_stores_nothing_and_starts_with_a_quick_squeeze(
    clock, sessions, db_path, capsys
):
    key = next(iter(all_games()))
    argv = ["--db", str(db_path), "--sensors", "virtual", "play", key, "--guest"]
    assert main([*argv, "--autoplay", "--seed", "2", "--size", "320x240"]) == 0
    out = capsys.readouterr().out
    assert "nothing was stored" in out and "Quick squeeze" in out
    (session,) = sessions
    assert session.maximum_n > 0.5 * HAND_MAX_N[session.game.sensor]  # the bot squeezed hard
    check_events(session.events)
    db = open_database(db_path)
    try:
        assert db["sessions"].count == 0 and db["reps"].count == 0
    finally:
        db.close()


def test_a_smoke_run_ends_after_the_seconds_asked(clock, sessions, db_path):
    key = next(iter(all_games()))
    start = clock.now_ns
    argv = ["--db", str(db_path), "--sensors", "virtual", "play", key, "--autoplay"]
    assert main([*argv, "--seconds", "4"]) == 0
    assert 4 <= (clock.now_ns - start) / NS_PER_S < 4.5


@pytest.mark.parametrize("key", list(all_games()))
def test_an_unplugged_sensor_pauses_the_game_with_its_time_frozen_until_it_returns(key):
    game = all_games()[key]
    clock = SimClock(tick_ns=0)
    target = 0.4 * 100.0
    source = ScriptedSource(
        {game.sensor: Constant(target)}, clock=clock, outages={game.sensor: [(3.0, 5.0)]}
    )
    start_ns = clock.now_ns
    source.start()
    pipeline = ForcePipeline(source, {game.sensor: CAPACITY_N[game.sensor]})
    exercise = Exercise(game.sensor, Hand.RIGHT, TargetKind.PERCENT, 40.0, 2.0, 5, 1, 0.0)
    session = Play(game, PlaySetup(exercise, CAPACITY_N[game.sensor], 100.0))
    surface = pygame.Surface((800, 480))
    scene = session.start_game()
    stack = SceneStack(scene)
    played_ns = []
    original = scene.update

    def counted(dt_ns, game_input):
        played_ns.append(dt_ns)
        return original(dt_ns, game_input)

    scene.update = counted
    loop = GameLoop(
        stack,
        lambda: session.game_input(poll(pipeline, clock.now_ns)),
        lambda: surface,
        clock_ns=clock,
        on_events=session.handle,
        actions=list,
    )
    timeline = []
    for _ in range(7 * 60):
        clock.now_ns += FRAME_NS
        assert loop.frame()
        timeline.append(((clock.now_ns - start_ns) / NS_PER_S, loop.paused, sum(played_ns)))
    before = [t for t in timeline if t[0] < 3.0]
    during = [t for t in timeline if 3.1 < t[0] < 5.0]
    after = [t for t in timeline if t[0] > 5.6]
    assert not any(paused for _, paused, _ in before)
    assert all(paused for _, paused, _ in during)
    assert isinstance(stack.top, PauseCard) is False  # resumed at the end
    frozen = {played for _, _, played in during}
    assert len(frozen) == 1  # the game's own time stood still under the card
    assert not any(paused for _, paused, _ in after)
    assert after[-1][2] > frozen.pop()  # and runs again once the sensor is back
