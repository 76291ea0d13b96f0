"""Whole plays on real recordings replayed in simulated time: what the record and the
fatigue rests make of what a hand really did."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from games.contract import NS_PER_S, GameEvent, RepDone
from games.registry import all_games
from hardware import ForcePipeline, ReplaySource, load_recording
from hardware.spec import DEFAULT_SPECS, STANDARD_GRAVITY
from station.clinic.assessment import Hand
from station.clinic.difficulty import RepPlan
from station.clinic.exercise import Exercise, TargetKind
from station.play.effort import poll
from station.play.planner import RepOutcome
from station.play.session import Play, PlaySetup
from tests.support.simclock import SimClock

CAPACITY_N = {spec.name: spec.capacity_n for spec in DEFAULT_SPECS}
FRAME_NS = NS_PER_S // 60
STEP_NS = FRAME_NS // 2
GRIP_GAMES = [key for key, game in all_games().items() if game.sensor == "grip"]


@dataclass
class Played:
    start_ns: int
    plans: list[RepPlan] = field(default_factory=list)
    outcomes: list[RepOutcome] = field(default_factory=list)
    done: list[RepDone] = field(default_factory=list)

    @property
    def fatigue_rests(self) -> list[RepPlan]:
        return [plan for plan in self.plans if plan.suggest_rest]


def play_recording(
    key: str, recording: Path, exercise: Exercise, max_n: float, seconds: float
) -> Played:
    """``key`` played on ``recording`` (looped) for ``seconds``, stepping the game's own
    update as the app's loop does, without drawing."""
    game = all_games()[key]
    clock = SimClock(tick_ns=0)
    source = ReplaySource({game.sensor: load_recording(recording)}, loop=True, clock=clock)
    source.start()
    pipeline = ForcePipeline(source, {game.sensor: CAPACITY_N[game.sensor]})
    play = Play(game, PlaySetup(exercise, CAPACITY_N[game.sensor], max_n))
    scene = play.start_game()
    planner = play.planner
    played = Played(clock.now_ns)
    handed_out = planner.next_rep

    def spy():
        setup = handed_out()
        if setup is not None:
            played.plans.append(planner.current)
        return setup

    planner.next_rep = spy
    end_ns = clock.now_ns + round(seconds * NS_PER_S)
    while clock.now_ns < end_ns and play.game_over is None:
        clock.now_ns += FRAME_NS
        game_input = play.game_input(poll(pipeline, clock.now_ns))
        events: list[GameEvent] = []
        for _ in range(2):
            events += scene.update(STEP_NS, game_input)
        play.handle(events)
        played.done += [e for e in events if isinstance(e, RepDone)]
    played.outcomes = list(play.recorder.outcomes)
    return played


def grip_exercise(reps: int = 10, sets: int = 2) -> Exercise:
    return Exercise("grip", Hand.RIGHT, TargetKind.PERCENT, 40.0, 2.0, reps, sets, 30.0)


@pytest.mark.parametrize("key", GRIP_GAMES)
@pytest.mark.parametrize(("max_kg", "percent"), [(22, 40), (18, 30), (30, 50)])
def test_peaks_falling_from_21_to_9_kg_bring_a_fatigue_rest_in_every_game(
    recordings_dir, key, max_kg, percent
):
    """116 real squeezes whose peaks fade over three minutes: every game offers a rest,
    whatever maximum (about what a test of this hand would find) and target it plays to."""
    recording = recordings_dir / "bammri_mri_grip_rhythmic_squeezes.csv"
    exercise = Exercise("grip", Hand.RIGHT, TargetKind.PERCENT, percent, 2.0, 10, 2, 30.0)
    played = play_recording(key, recording, exercise, max_kg * STANDARD_GRAVITY, seconds=185)
    assert played.fatigue_rests, f"{key}: no fatigue rest over {len(played.outcomes)} reps"
    first = played.fatigue_rests[0]
    before = [o.record.peak_n for o in played.outcomes][: played.plans.index(first)]
    assert max(before) > 1.25 * min(before[-2:]), "offered once the peaks really fell"


@pytest.mark.parametrize("key", GRIP_GAMES)
def test_each_rep_keeps_the_peak_of_the_squeezes_inside_it(recordings_dir, key):
    recording = recordings_dir / "bammri_mri_grip_rhythmic_squeezes.csv"
    max_n = 22 * STANDARD_GRAVITY
    played = play_recording(key, recording, grip_exercise(), max_n, seconds=60)
    ended_s = [(d.t_ns - played.start_ns) / NS_PER_S for d in played.done]
    peaks_kg = [o.record.peak_n / STANDARD_GRAVITY for o in played.outcomes]
    squeezed = [kg for kg, end_s in zip(peaks_kg, ended_s, strict=True) if end_s > 7.0]
    assert len(squeezed) >= 5, f"{key} finished {len(squeezed)} reps in a minute"
    assert all(15 < kg < 25 for kg in squeezed), peaks_kg  # the first minute's squeezes
    assert not any(
        o.record.peak_n > 50
        for o, end_s in zip(played.outcomes, ended_s, strict=True)
        if end_s < 5.8
    ), "before the first squeeze (at 6 s) there is no effort"


def test_a_steady_looping_pinch_is_never_taken_for_fatigue(recordings_dir):
    """Three pinches over a 6 N preload, again and again: no rest on 0 N peaks."""
    pinch = Exercise("pinch", Hand.RIGHT, TargetKind.PERCENT, 40.0, 2.0, 10, 2, 20.0)
    recording = recordings_dir / "edraki_pinch_grip_tracking.csv"
    played = play_recording("crab", recording, pinch, 22.0, seconds=240)
    assert len(played.outcomes) >= 10
    assert played.fatigue_rests == []
    assert all(o.record.peak_n > 15.0 for o in played.outcomes), "each rep saw its pinches"


def test_a_child_who_never_lets_go_still_starts_crab_reps_above_their_resting_pinch(
    recordings_dir,
):
    """Between pinches this hand rests at 9-10 N, above the 7 N low edge 40% of a 22 N
    maximum would give: the bands move above the rest, and the crab grabs every rep."""
    pinch = Exercise("pinch", Hand.RIGHT, TargetKind.PERCENT, 40.0, 1.0, 10, 1, 0.0)
    recording = recordings_dir / "edraki_pinch_grip_tracking.csv"
    played = play_recording("crab", recording, pinch, 22.0, seconds=150)
    assert len(played.done) == 10
    assert all(plan.band_low_n > 10.0 for plan in played.plans[2:])
    assert all(done.time_in_band_s > 0 for done in played.done), "every rep was grabbed"
