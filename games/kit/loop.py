"""The game loop: fixed simulation steps in integer nanoseconds, one draw per frame.

Each frame reads the input once, before stepping, so a squeeze moves the character in
the very frame that shows it; then it runs as many fixed steps as the elapsed time
pays for (two per frame at 60 fps with 120 Hz steps) and draws once. Time is counted
in integer nanoseconds, so an hour of frames adds up exactly, and a stall (a slow SD
card, a swapped-out page) is clamped so the game does not fast-forward to catch up.

The loop also keeps the child's world friendly: a play scene whose sensor is not ok is
covered by the pause card (the game underneath is not updated, so its time stands
still) until the sensor has been back for a moment; the card says "getting ready" while
the sensor is only waking up and "plug me in" once it is really lost. A game that ends
is followed by the celebration. ``GameLoop.frame`` runs one frame on demand, which is how
tests drive it with a fake clock and scripted input; ``run`` paces it in real time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import pygame

from games.contract import NS_PER_S, GameEvent, GameInput, GameOver, ns_from_s
from games.kit.actions import Action, CloseRequest, Key, KeyAction, translate
from games.kit.cards import Celebration, PauseCard
from games.kit.scene import Scene
from games.kit.sound import sounds
from games.kit.stack import SceneStack

STEP_NS = 8_333_333
"""One simulation step: 120 Hz, two steps per 60 Hz frame."""
MAX_FRAME_NS = 250_000_000
"""The most time one frame may simulate; anything longer was a stall, not play."""
RESUME_AFTER_NS = 400_000_000
"""How long the sensor must be back before play resumes, so a loose plug does not flicker."""
CELEBRATE_AFTER_NS = 1_500_000_000
"""The game keeps playing its ending this long after GameOver before the celebration."""

ActionSource = Callable[[], Iterable[Action]]


def is_new_personal_best(score: int, personal_best: int | None) -> bool:
    """Only beating a real best counts: with None (a guest) a trophy would mean nothing.

    The station passes 0 for a known player's first game, so any score above 0 is a best.
    """
    return personal_best is not None and score > personal_best


class GameLoop:
    """One game on a scene stack, advanced a frame at a time from an injected clock."""

    def __init__(
        self,
        stack: SceneStack,
        read_input: Callable[[], GameInput],
        surface_provider: Callable[[], pygame.Surface],
        *,
        clock_ns: Callable[[], int],
        on_events: Callable[[list[GameEvent]], None],
        step_ns: int = STEP_NS,
        max_frame_ns: int = MAX_FRAME_NS,
        resume_after_ns: int = RESUME_AFTER_NS,
        frame_hook: Callable[[pygame.Surface], None] | None = None,
        actions: ActionSource | None = None,
        overlay: Callable[[pygame.Surface], None] | None = None,
    ) -> None:
        """``overlay`` draws over every frame before it is shown (the app's Ouch button);
        ``frame_hook`` sees each frame after it is shown (tests, screenshots)."""
        if step_ns <= 0 or max_frame_ns < step_ns:
            raise ValueError(
                f"the step must be positive and no longer than the stall limit, "
                f"got step {step_ns} ns and limit {max_frame_ns} ns"
            )
        self.stack = stack
        self._read_input = read_input
        self._surface_provider = surface_provider
        self._clock_ns = clock_ns
        self._on_events = on_events
        self.step_ns = step_ns
        self.max_frame_ns = max_frame_ns
        self.resume_after_ns = resume_after_ns
        self._frame_hook = frame_hook
        self._overlay = overlay
        self._actions = actions or (lambda: translate(pygame.event.get(), _window_size()))
        self.sim_ns = 0
        """Simulated time so far: always a whole number of steps."""
        self.steps = 0
        self.frames = 0
        self.quit_requested = False
        self._last_ns: int | None = None
        self._owed_ns = 0
        self._pause: PauseCard | None = None
        self._sensor_back_ns = 0
        self._game_over: tuple[Scene, GameOver, int] | None = None

    @property
    def running(self) -> bool:
        return bool(self.stack) and not self.quit_requested

    @property
    def paused(self) -> bool:
        return self._pause is not None

    def frame(self) -> bool:
        """Run one frame (events, input, steps, draw); False once the loop should end."""
        now = self._clock_ns()
        elapsed = 0 if self._last_ns is None else now - self._last_ns
        self._last_ns = now
        frame_ns = min(max(0, elapsed), self.max_frame_ns)
        self._owed_ns += frame_ns
        self._dispatch(self._actions())
        if not self.running:
            return False
        game_input = self._read_input()
        self._watch_sensor(game_input, frame_ns)
        events: list[GameEvent] = []
        while self._owed_ns >= self.step_ns and self.stack:
            self._owed_ns -= self.step_ns
            self.sim_ns += self.step_ns
            self.steps += 1
            self._step(game_input, events)
        if events:
            self._on_events(events)
        if not self.running:
            return False
        surface = self._surface_provider()
        self.stack.top.draw(surface)
        if self._overlay is not None:
            self._overlay(surface)
        if surface is pygame.display.get_surface():
            pygame.display.flip()
        self.frames += 1
        if self._frame_hook is not None:
            self._frame_hook(surface)
        return True

    def _dispatch(self, actions: Iterable[Action]) -> None:
        for action in actions:
            if isinstance(action, CloseRequest) or (
                isinstance(action, KeyAction) and action.key in (Key.BACK, Key.QUIT)
            ):
                self.quit_requested = True
                return
            if self.stack:
                self.stack.top.handle_action(action)

    def _watch_sensor(self, game_input: GameInput, frame_ns: int) -> None:
        """Cover the game while the sensor is away; uncover it once it has been back a while."""
        if self._pause is None:
            if not game_input.sensor_ok and self.stack and self.stack.top.pauses_on_sensor_loss:
                self._pause = PauseCard(starting=game_input.starting)
                self._sensor_back_ns = 0
                self.stack.push(self._pause)
            return
        if not game_input.sensor_ok:
            self._pause.starting = game_input.starting
            self._sensor_back_ns = 0
            return
        self._sensor_back_ns += frame_ns
        if self._sensor_back_ns >= self.resume_after_ns:
            if self.stack and self.stack.top is self._pause:
                self.stack.pop()
            self._pause = None

    def _step(self, game_input: GameInput, events: list[GameEvent]) -> None:
        scene = self.stack.top
        for event in scene.update(self.step_ns, game_input):
            events.append(event)
            if isinstance(event, GameOver) and self._game_over is None:
                self._game_over = (scene, event, self.sim_ns + CELEBRATE_AFTER_NS)
        self._maybe_celebrate()

    def _maybe_celebrate(self) -> None:
        if self._game_over is None:
            return
        scene, over, due_ns = self._game_over
        if self.sim_ns < due_ns or not self.stack or self.stack.top is not scene:
            return
        self._game_over = None
        self.stack.replace(
            Celebration(
                over.score,
                over.stars,
                is_new_personal_best(over.score, scene.personal_best),
                over.reps_done,
                over.successes,
            )
        )


def run(
    stack: SceneStack,
    read_input: Callable[[], GameInput],
    surface_provider: Callable[[], pygame.Surface],
    *,
    clock_ns: Callable[[], int] = time.monotonic_ns,
    on_events: Callable[[list[GameEvent]], None],
    step_ns: int = STEP_NS,
    max_frame_ns: int = MAX_FRAME_NS,
    max_seconds: float | None = None,
    fps: int = 60,
    frame_hook: Callable[[pygame.Surface], None] | None = None,
    actions: ActionSource | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Play until the stack empties, the window closes, Escape, or ``max_seconds`` pass.

    ``fps`` paces drawing (0 draws as fast as possible, for benchmarks). Returns the
    number of frames drawn.
    """
    sounds.prepare()  # make the sounds now rather than in the middle of the first rep
    loop = GameLoop(
        stack,
        read_input,
        surface_provider,
        clock_ns=clock_ns,
        on_events=on_events,
        step_ns=step_ns,
        max_frame_ns=max_frame_ns,
        frame_hook=frame_hook,
        actions=actions,
    )
    pace(loop.frame, clock_ns=clock_ns, fps=fps, max_seconds=max_seconds, sleep=sleep)
    return loop.frames


def pace(
    frame: Callable[[], bool],
    *,
    clock_ns: Callable[[], int] = time.monotonic_ns,
    fps: int = 60,
    max_seconds: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Call ``frame`` at ``fps`` until it returns False or ``max_seconds`` pass.

    The pacing on its own, so an app shell that runs its own frames (screens, then a
    game) keeps the same rhythm as ``run``. ``fps`` 0 runs as fast as possible. A late
    frame starts the schedule afresh rather than rushing to catch up. Returns how many
    frames returned True.
    """
    frame_ns = NS_PER_S // fps if fps > 0 else 0
    start_ns = clock_ns()
    deadline_ns = start_ns
    limit_ns = None if max_seconds is None else ns_from_s(max_seconds)
    frames = 0
    while frame():
        frames += 1
        now_ns = clock_ns()
        if limit_ns is not None and now_ns - start_ns >= limit_ns:
            break
        deadline_ns += frame_ns
        if deadline_ns > now_ns:
            sleep((deadline_ns - now_ns) / NS_PER_S)
        else:
            deadline_ns = now_ns  # behind: start afresh instead of rushing to catch up
    return frames


def _window_size() -> tuple[int, int]:
    window = pygame.display.get_surface()
    return window.get_size() if window is not None else (1, 1)


class ManualClock:
    """A clock that moves only when told: frames in tests take no real time."""

    def __init__(self, now_ns: int = 0) -> None:
        self.now_ns = now_ns

    def __call__(self) -> int:
        return self.now_ns


def simulate(
    stack: SceneStack,
    script: Callable[[int], GameInput],
    *,
    size: tuple[int, int] = (800, 480),
    fps: int = 60,
    max_frames: int,
    on_events: Callable[[list[GameEvent]], None] | None = None,
    **loop_options: Any,
) -> GameLoop:
    """Play ``stack`` headless at exactly ``fps`` until it ends or ``max_frames`` are drawn.

    ``script(t_ns)`` gives each frame's input from the simulated time, so a test (or the
    autoplay bot, reading ``stack.top.desired_effort()``) decides what the hand does.
    Frame times follow ``k * 1e9 // fps``, so 60 fps alternates 16.666667 and 16.666666
    ms just as a real display's average does. Returns the loop to inspect afterwards.
    """
    clock = ManualClock()
    surface = pygame.Surface(size)
    loop = GameLoop(
        stack,
        lambda: script(clock.now_ns),
        lambda: surface,
        clock_ns=clock,
        on_events=on_events or (lambda _events: None),
        **{"actions": list, **loop_options},
    )
    for k in range(max_frames):
        clock.now_ns = k * NS_PER_S // fps
        if not loop.frame():
            break
    return loop
