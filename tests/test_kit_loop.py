"""The fixed-step loop, driven by a fake clock and scripted input: no real time passes."""

from __future__ import annotations

import pygame
import pytest

from games.contract import NS_PER_S, Band, GameEvent, GameInput, GameOver, ScoreChanged
from games.kit import loop as loop_module
from games.kit.actions import MOUSE, Action, CloseRequest, Key, KeyAction, Phase, Pointer
from games.kit.cards import DURATION_S, Celebration, PauseCard
from games.kit.loop import (
    CELEBRATE_AFTER_NS,
    MAX_FRAME_NS,
    RESUME_AFTER_NS,
    STEP_NS,
    GameLoop,
    ManualClock,
    is_new_personal_best,
    pace,
    run,
    simulate,
)
from games.kit.scene import Scene
from games.kit.stack import SceneStack

BAND = Band(0.8, 1.2)
FRAME_60 = [(k + 1) * NS_PER_S // 60 - k * NS_PER_S // 60 for k in range(3)]


def make_input(
    t_ns: int = 0, effort: float = 0.0, ok: bool = True, starting: bool = False
) -> GameInput:
    return GameInput(t_ns, effort, ok, starting)


class Recorder(Scene):
    """A play scene that remembers every step it was given and every event it saw."""

    def __init__(self) -> None:
        self.played_ns = 0
        self.updates = 0
        self.inputs: list[GameInput] = []
        self.events: list[pygame.event.Event] = []
        self.draws = 0

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        self.played_ns += dt_ns
        self.updates += 1
        self.inputs.append(game_input)
        return []

    def draw(self, surface: pygame.Surface) -> None:
        self.draws += 1
        surface.fill((40, 160, 90))

    def handle_action(self, action: Action) -> None:
        self.events.append(action)


def make_loop(scene: Scene, clock: ManualClock, read_input=None, **options) -> GameLoop:
    surface = pygame.Surface((8, 8))
    return GameLoop(
        SceneStack(scene),
        read_input or (lambda: make_input(clock.now_ns)),
        lambda: surface,
        clock_ns=clock,
        on_events=options.pop("on_events", lambda _events: None),
        actions=options.pop("actions", list),
        **options,
    )


def test_sixty_fps_runs_two_120hz_steps_every_frame_for_an_hour_without_drift():
    scene, clock = Recorder(), ManualClock()
    loop = make_loop(scene, clock)
    frames = 60 * 60 * 60
    loop.frame()  # the first frame only starts the clock
    steps_per_frame = set()
    for k in range(1, frames + 1):
        clock.now_ns = k * NS_PER_S // 60
        before = scene.updates
        loop.frame()
        steps_per_frame.add(scene.updates - before)
    assert steps_per_frame == {2}
    assert loop.sim_ns == scene.played_ns == loop.steps * STEP_NS
    assert isinstance(loop.sim_ns, int)
    # Every nanosecond of the hour is either simulated or still owed, and less than a step is owed.
    owed = clock.now_ns - loop.sim_ns
    assert clock.now_ns == 3600 * NS_PER_S
    assert 0 <= owed < STEP_NS


def test_a_stall_is_clamped_instead_of_fast_forwarding_the_game():
    scene, clock = Recorder(), ManualClock()
    loop = make_loop(scene, clock)
    loop.frame()
    clock.now_ns += 5 * NS_PER_S  # the SD card hung for five seconds
    loop.frame()
    assert scene.played_ns == MAX_FRAME_NS // STEP_NS * STEP_NS
    assert scene.played_ns < NS_PER_S / 2


def test_input_is_read_once_per_frame_before_the_steps_that_use_it():
    scene, clock = Recorder(), ManualClock()
    reads: list[int] = []

    def read_input() -> GameInput:
        reads.append(clock.now_ns)
        return make_input(clock.now_ns, effort=len(reads) / 10)

    loop = make_loop(scene, clock, read_input)
    for k in range(5):
        clock.now_ns = k * NS_PER_S // 60
        loop.frame()
    assert len(reads) == 5
    # Frames 2-5 each step twice, both steps with the effort read in that same frame.
    efforts = [round(i.effort * 10) for i in scene.inputs]
    assert efforts == [2, 2, 3, 3, 4, 4, 5, 5]


def test_a_lost_sensor_pauses_the_game_with_its_time_frozen_and_resumes_after_it_returns():
    scene, clock = Recorder(), ManualClock()
    sensor = {"ok": True}
    loop = make_loop(scene, clock, lambda: make_input(clock.now_ns, 1.0, sensor["ok"]))
    stack = loop.stack
    frame = 0

    def play(seconds: float) -> None:
        nonlocal frame
        for _ in range(round(seconds * 60)):
            frame += 1
            clock.now_ns = frame * NS_PER_S // 60
            loop.frame()

    play(1.0)
    played_before = scene.played_ns
    sensor["ok"] = False
    play(1 / 60)
    assert isinstance(stack.top, PauseCard)
    assert loop.paused
    assert scene.played_ns == played_before, "the frame that saw the loss must not play on"
    play(3.0)
    assert scene.played_ns == played_before
    assert isinstance(stack.top, PauseCard)
    sensor["ok"] = True
    play(RESUME_AFTER_NS / NS_PER_S / 2)
    assert isinstance(stack.top, PauseCard), "a moment of signal is not yet a return"
    play(RESUME_AFTER_NS / NS_PER_S)
    assert stack.top is scene
    assert not loop.paused
    assert scene.played_ns > played_before
    assert all(i.sensor_ok for i in scene.inputs), "the game never saw a missing sensor"


def test_a_flickering_sensor_keeps_the_pause_card_up():
    scene, clock = Recorder(), ManualClock()
    frame = {"k": 0}
    loop = make_loop(scene, clock, lambda: make_input(clock.now_ns, 1.0, frame["k"] % 10 != 3))
    for k in range(1, 300):
        frame["k"] = k
        clock.now_ns = k * NS_PER_S // 60
        loop.frame()
    assert isinstance(loop.stack.top, PauseCard)


class Sensor:
    """A sensor whose state a test sets between frames, read by the loop once a frame."""

    def __init__(self, clock: ManualClock, *, ok: bool = True, starting: bool = False) -> None:
        self.clock, self.ok, self.starting = clock, ok, starting

    def read(self) -> GameInput:
        return make_input(self.clock.now_ns, 1.0, self.ok, self.starting)


def play_for(loop: GameLoop, clock: ManualClock, seconds: float) -> list[Scene]:
    """Run frames at 60 fps from the clock's time on; the top scene after each one."""
    tops = []
    for _ in range(round(seconds * 60)):
        clock.now_ns += NS_PER_S // 60
        loop.frame()
        tops.append(loop.stack.top)
    return tops


def test_a_sensor_still_waking_up_shows_the_getting_ready_card_never_the_plug():
    scene, clock = Recorder(), ManualClock()
    sensor = Sensor(clock, ok=False, starting=True)
    loop = make_loop(scene, clock, sensor.read)
    loop.frame()
    tops = play_for(loop, clock, 1.0)
    cards = [top for top in [*tops, loop.stack.top] if isinstance(top, PauseCard)]
    assert len(cards) == len(tops) + 1, "covered from the very first frame"
    assert all(card.starting for card in cards), "a healthy sensor starting is not unplugged"
    assert scene.played_ns == 0
    sensor.ok, sensor.starting = True, False
    play_for(loop, clock, RESUME_AFTER_NS / NS_PER_S + 0.05)
    assert loop.stack.top is scene
    assert scene.played_ns > 0
    assert all(i.sensor_ok for i in scene.inputs)


def test_an_unplug_mid_game_shows_the_plug_card():
    scene, clock = Recorder(), ManualClock()
    sensor = Sensor(clock)
    loop = make_loop(scene, clock, sensor.read)
    play_for(loop, clock, 1.0)
    sensor.ok = False
    play_for(loop, clock, 0.5)
    card = loop.stack.top
    assert isinstance(card, PauseCard)
    assert not card.starting


def test_a_sensor_that_gives_up_waking_turns_the_card_to_the_plug_and_back():
    scene, clock = Recorder(), ManualClock()
    sensor = Sensor(clock, ok=False, starting=True)
    loop = make_loop(scene, clock, sensor.read)
    play_for(loop, clock, 0.5)
    card = loop.stack.top
    assert isinstance(card, PauseCard) and card.starting
    sensor.starting = False  # the station gave up: nothing answers on that plug
    play_for(loop, clock, 0.5)
    assert loop.stack.top is card and not card.starting
    sensor.starting = True  # plugged back in, waking up again
    play_for(loop, clock, 0.5)
    assert loop.stack.top is card and card.starting
    assert scene.played_ns == 0


class Card(Recorder):
    @property
    def pauses_on_sensor_loss(self) -> bool:
        return False


def test_a_scene_that_does_not_pause_keeps_playing_without_a_sensor():
    card, clock = Card(), ManualClock()
    loop = make_loop(card, clock, lambda: make_input(clock.now_ns, 0.0, ok=False))
    for k in range(10):
        clock.now_ns = k * NS_PER_S // 60
        loop.frame()
    assert loop.stack.top is card
    assert card.updates == 18


def test_actions_reach_the_top_scene_in_order():
    scene, clock = Recorder(), ManualClock()
    tap = Pointer(Phase.DOWN, MOUSE, (10, 10), 0.0125, 0.02)
    key = KeyAction(Phase.DOWN, Key.CONFIRM)
    batches = [[tap, key]]
    loop = make_loop(scene, clock, actions=lambda: batches.pop() if batches else [])
    loop.frame()
    assert scene.events == [tap, key]


@pytest.mark.parametrize(
    "action", [CloseRequest(), KeyAction(Phase.DOWN, Key.BACK), KeyAction(Phase.DOWN, Key.QUIT)]
)
def test_closing_the_window_or_escape_ends_the_loop_before_another_step(action):
    scene, clock = Recorder(), ManualClock()
    batches = [[action], []]
    loop = make_loop(scene, clock, actions=batches.pop)
    clock.now_ns = 0
    assert loop.frame()
    clock.now_ns = NS_PER_S
    assert not loop.frame()
    assert scene.updates == 0


class ShortGame(Recorder):
    """Ends after a second of play with a known result."""

    def __init__(self, score: int, stars: int) -> None:
        super().__init__()
        self.score, self.stars = score, stars
        self.over = False

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        super().update(dt_ns, game_input)
        if self.played_ns >= NS_PER_S and not self.over:
            self.over = True
            return [ScoreChanged(self.score), GameOver(self.score, self.stars, 10, 7)]
        return []


def test_a_finished_game_is_followed_by_the_celebration_and_then_the_loop_ends():
    game = ShortGame(score=420, stars=2)
    stack = SceneStack(game)
    seen: list[GameEvent] = []
    tops: list[Scene] = []
    loop = simulate(
        stack,
        lambda t: make_input(t, 1.0),
        max_frames=60 * 30,
        on_events=seen.extend,
        frame_hook=lambda _surface: tops.append(stack.top),
    )
    assert not stack, "the celebration leaves by itself and the game is over"
    assert [type(e) for e in seen] == [ScoreChanged, GameOver]
    party = next(top for top in tops if isinstance(top, Celebration))
    assert (party.score, party.stars) == (420, 2)
    assert (party.reps_done, party.successes) == (10, 7)
    # The game's ending plays on for a moment before the celebration covers it.
    assert game.played_ns >= NS_PER_S + CELEBRATE_AFTER_NS - STEP_NS
    celebration_frames = sum(isinstance(top, Celebration) for top in tops)
    assert celebration_frames == pytest.approx(DURATION_S * 60, abs=2)
    assert loop.frames == len(tops)


@pytest.mark.parametrize(
    ("score", "best", "expected"),
    [
        (10, None, False),  # a guest: nothing to beat, no trophy however well they play
        (0, None, False),
        (1, 0, True),  # a player's first game: any score is a real first best
        (0, 0, False),
        (11, 10, True),
        (10, 10, False),
        (9, 10, False),
    ],
)
def test_personal_best_needs_a_best_to_beat_and_a_higher_score(score, best, expected):
    assert is_new_personal_best(score, best) is expected


@pytest.mark.parametrize(("best", "trophy"), [(400, True), (420, False), (0, True), (None, False)])
def test_the_celebration_judges_the_best_the_finished_scene_carries(best, trophy):
    game = ShortGame(score=420, stars=2)
    assert game.personal_best is None, "a scene has no best to beat unless it says so"
    game.personal_best = best
    stack = SceneStack(game)
    tops: list[Scene] = []
    simulate(
        stack,
        lambda t: make_input(t, 1.0),
        max_frames=60 * 3,
        frame_hook=lambda _surface: tops.append(stack.top),
    )
    party = next(top for top in tops if isinstance(top, Celebration))
    assert party.personal_best is trophy


def test_run_paces_frames_to_the_display_rate_and_stops_after_max_seconds(monkeypatch):
    monkeypatch.setattr(loop_module.sounds, "prepare", lambda: None)
    clock = ManualClock()

    def ticking_clock() -> int:
        clock.now_ns += 1_000  # each look at the clock costs a microsecond of real time
        return clock.now_ns

    def sleep(seconds: float) -> None:
        clock.now_ns += round(seconds * NS_PER_S)

    scene = Recorder()
    surface = pygame.Surface((8, 8))
    frames = run(
        SceneStack(scene),
        lambda: make_input(clock.now_ns),
        lambda: surface,
        clock_ns=ticking_clock,
        on_events=lambda _e: None,
        max_seconds=2.0,
        fps=60,
        actions=list,
        sleep=sleep,
    )
    assert 119 <= frames <= 121
    assert scene.played_ns == pytest.approx(2 * NS_PER_S, abs=2 * FRAME_60[0])


def test_pace_calls_frames_until_one_says_stop_and_sleeps_off_the_rest_of_each():
    clock = ManualClock()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now_ns += round(seconds * NS_PER_S)

    def frame() -> bool:
        clock.now_ns += NS_PER_S // 200  # each frame takes 5 ms of work
        return len(slept) < 9

    assert pace(frame, clock_ns=clock, fps=50, sleep=sleep) == 9
    assert slept == pytest.approx([0.015] * 9), "20 ms a frame: 5 ms of work, 15 ms of rest"


def test_pace_stops_after_max_seconds_and_never_sleeps_when_behind():
    clock = ManualClock()
    slept: list[float] = []

    def slow_frame() -> bool:
        clock.now_ns += NS_PER_S // 20  # 50 ms: slower than the 60 fps asked for
        return True

    frames = pace(slow_frame, clock_ns=clock, fps=60, max_seconds=1.0, sleep=slept.append)
    assert frames == 20
    assert slept == []


def test_a_step_longer_than_the_stall_limit_is_refused():
    with pytest.raises(ValueError, match="step"):
        make_loop(Recorder(), ManualClock(), step_ns=10, max_frame_ns=5)
