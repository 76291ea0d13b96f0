"""Game benchmarks: frame time per game and size, and input-to-screen latency in frames.

Run with ``python -m tests.bench games``. Each game is played by the autoplay bot on
the virtual hand with a simulated clock, so every run sees the same reps; only the
``update`` + ``draw`` of the game's scene is timed (dummy video driver, software
surface). The goal, p99 <= 4 ms here, leaves a Raspberry Pi 4 room for 60 fps.

Latency is counted, not timed: two copies of a game run in lock step from the same
seed and clock, one of them gets a force step, and the frames are compared pixel by
pixel. The first drawn frame that differs is when the child would see the squeeze;
the goal is the very next frame after the sample arrives (latency 1).
"""

from __future__ import annotations

import os
import random
import statistics
import time
from dataclasses import dataclass, replace

import pygame

from games.contract import GameInput
from games.kit.loop import STEP_NS
from games.registry import GameInfo, all_games
from hardware.filters import DEFAULT_TUNING, FilterTuning
from hardware.frames import ForceSample, SensorHealth, SensorStatus
from hardware.signal_chain import ForcePipeline
from hardware.sim_sources import VirtualSqueezeSource
from hardware.source import ForceSource
from hardware.spec import DEFAULT_SPECS
from hardware.virtual_hand import VirtualHand
from station.clinic.assessment import Hand
from station.clinic.exercise import Exercise, TargetKind
from station.play.autoplay import AutoPlayer
from station.play.effort import poll
from station.play.session import Play, PlaySetup
from tests.bench.table import Row, Table, print_table
from tests.support.simclock import SimClock

SIZES = ((800, 480), (1280, 720))
FRAME_NS = 16_666_667
SAMPLE_NS = 12_500_000
"""80 SPS, the HX711's fast rate."""
WARM_UP_FRAMES = 60
TIMED_FRAMES = 1200
FRAME_GOAL_MS = 4.0
LATENCY_GOAL_FRAMES = 1
SETTLE_FRAMES = 30
"""Frames after the game first asks for force, so a rep is waiting for the squeeze."""
START_LIMIT = 1200
LATENCY_LIMIT = 30
PHASES_NS = tuple(range(0, SAMPLE_NS, SAMPLE_NS // 5))
"""Offsets of the sample grid against the frames: the latency over every alignment."""
CAPACITY_N = {spec.name: spec.capacity_n for spec in DEFAULT_SPECS}


def exercise(sensor: str) -> Exercise:
    return Exercise(sensor, Hand.RIGHT, TargetKind.PERCENT, 40.0, 2.0, 50, 2, 5.0)


class _Session:
    """One play and its scene, fed as the app shell feeds them: poll, effort, steps."""

    def __init__(
        self, game: GameInfo, pipeline: ForcePipeline, maximum_n: float, **options: object
    ) -> None:
        setup = PlaySetup(exercise(game.sensor), CAPACITY_N[game.sensor], maximum_n)
        self.play = Play(game, setup, **options)  # type: ignore[arg-type]
        self.pipeline = pipeline
        self.scene = self.play.start_game()

    @property
    def target_n(self) -> float:
        return self.play.target_n

    def poll(self, now_ns: int) -> GameInput:
        return self.play.game_input(poll(self.pipeline, now_ns), self.scene.desired_effort())


def frame_times_ms(game: GameInfo, size: tuple[int, int]) -> list[float]:
    """Update + draw of each displayed frame while the bot plays."""
    clock = SimClock()
    hand = VirtualHand(CAPACITY_N[game.sensor] * 0.2, seed=1)
    source = VirtualSqueezeSource({game.sensor: hand}, clock=clock)
    source.start()
    pipeline = ForcePipeline(source, {game.sensor: CAPACITY_N[game.sensor]})
    bot = AutoPlayer(hand, random.Random(1))
    session = _Session(game, pipeline, hand.max_force_n, autoplayer=bot)
    surface = pygame.Surface(size)
    times = []
    for index in range(WARM_UP_FRAMES + TIMED_FRAMES):
        clock.advance(FRAME_NS / 1e9)
        game_input = session.poll(clock.now_ns)
        scene = session.scene
        start = time.perf_counter_ns()
        _steps(session, game_input)
        scene.draw(surface)
        if index >= WARM_UP_FRAMES:
            times.append((time.perf_counter_ns() - start) / 1e6)
    return times


def _steps(session: _Session, game_input: GameInput) -> None:
    """One displayed frame's simulation, as the kit's loop runs it: two 120 Hz steps."""
    for _ in range(FRAME_NS // STEP_NS):
        session.play.handle(session.scene.update(STEP_NS, game_input))


class StepSource(ForceSource):
    """Samples at 80 SPS like the chip, at whatever force the bench sets: no noise."""

    simulated = True
    description = "benchmark force step"

    def __init__(self, sensor: str, clock: SimClock, phase_ns: int) -> None:
        self.sensors = (sensor,)
        self.force_n = 0.0
        self._clock = clock
        self._next_ns = clock.now_ns + phase_ns

    def poll(self) -> list[ForceSample]:
        samples = []
        while self._next_ns <= self._clock.now_ns:
            samples.append(ForceSample(self.sensors[0], self._next_ns, self.force_n))
            self._next_ns += SAMPLE_NS
        return samples

    def health(self) -> dict[str, SensorHealth]:
        return {self.sensors[0]: SensorHealth(SensorStatus.OK, rate_hz=80.0)}


@dataclass
class _Twin:
    clock: SimClock
    source: StepSource
    session: _Session
    surface: pygame.Surface

    def frame(self) -> None:
        self.clock.now_ns += FRAME_NS
        game_input = self.session.poll(self.clock.now_ns)
        _steps(self.session, game_input)
        self.session.scene.draw(self.surface)


def _twin(game: GameInfo, size: tuple[int, int], phase_ns: int, tuning: FilterTuning) -> _Twin:
    clock = SimClock(tick_ns=0)
    source = StepSource(game.sensor, clock, phase_ns)
    pipeline = ForcePipeline(source, {game.sensor: CAPACITY_N[game.sensor]}, tuning)
    session = _Session(game, pipeline, 100.0, rng_seed=7)
    return _Twin(clock, source, session, pygame.Surface(size))


def latency_frames(
    game: GameInfo, size: tuple[int, int], phase_ns: int, tuning: FilterTuning = DEFAULT_TUNING
) -> int | None:
    """Drawn frames from a force step until one shows it (1 = the very next frame).

    The force changes just after a frame. The median-of-3 spike filter needs two
    samples at the new force, so whether the next frame shows it depends on how the
    80 SPS sample grid falls against the 60 Hz frames (``phase_ns``); the jump limiter
    lets the first sample through.
    """
    stepped = _twin(game, size, phase_ns, tuning)
    control = _twin(game, size, phase_ns, tuning)
    waited = 0
    while stepped.session.scene.desired_effort() is None and waited < START_LIMIT:
        waited += 1
        stepped.frame()
        control.frame()
    for _ in range(SETTLE_FRAMES):
        stepped.frame()
        control.frame()
    stepped.source.force_n = stepped.session.target_n  # effort 0 -> 1 in one sample
    for frames in range(1, LATENCY_LIMIT + 1):
        stepped.frame()
        control.frame()
        if _differ(stepped.surface, control.surface):
            return frames
    return None


def _differ(a: pygame.Surface, b: pygame.Surface) -> bool:
    return pygame.image.tobytes(a, "RGB") != pygame.image.tobytes(b, "RGB")


REJECTORS = {
    "jump limiter": DEFAULT_TUNING,
    "median of 3": replace(DEFAULT_TUNING, rejector="median3"),
}
"""The chain's spike rejector, and the median it replaced, side by side."""


def _spread(latencies: list[int | None]) -> str:
    known = [frames for frames in latencies if frames is not None]
    if len(known) < len(latencies):
        return "never"
    late = sum(frames > 1 for frames in known)
    return f"{min(known)}-{max(known)} frames ({late}/{len(known)} late)"


def _goal(name: str) -> str:
    return f"{LATENCY_GOAL_FRAMES} frame" if name == "jump limiter" else "(the old chain)"


def main() -> Table:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # SDL reads these at display.init()
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    rows: list[Row] = []
    for game in all_games().values():
        for size in SIZES:
            times = frame_times_ms(game, size)
            median = statistics.median(times)
            p99 = statistics.quantiles(times, n=100)[98]
            label = f"{game.key} {size[0]}x{size[1]}"
            rows.append((f"{label} frame median", f"{median:.2f} ms", ""))
            rows.append((f"{label} frame p99", f"{p99:.2f} ms", f"<= {FRAME_GOAL_MS:g} ms"))
        for name, tuning in REJECTORS.items():
            latencies = [latency_frames(game, SIZES[0], p, tuning) for p in PHASES_NS]
            label = f"{game.key} force step to screen, {name}"
            if tuning is DEFAULT_TUNING:
                on_time = all(frames == LATENCY_GOAL_FRAMES for frames in latencies)
                rows.append((label, _spread(latencies), _goal(name), on_time))
            else:
                rows.append((label, _spread(latencies), _goal(name)))
    pygame.display.quit()
    return Table("Games (dummy video driver)", rows)


if __name__ == "__main__":
    print_table(main())
