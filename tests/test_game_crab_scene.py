"""The crab game's screen: drawn headless at every supported size, quick to answer a
pinch, and looking like its reference pictures at the key moments."""

from __future__ import annotations

import pygame
import pytest

from games.contract import NS_PER_S, Band, GameInput, GameOver, RepDone, RepSetup
from games.crab import GAME
from games.crab.model import Phase
from games.crab.scene import REACH, UNIT, CrabScene
from games.kit.cards import Celebration, PauseCard
from games.kit.loop import simulate
from games.kit.stack import SceneStack
from games.registry import get_game
from tests.support.planners import ListPlanner
from tests.support.reference import assert_matches_reference

SIZES = [(800, 480), (1024, 600), (1280, 720)]
STEP_NS = NS_PER_S // 120
BAND = Band(0.8, 1.25)


class Play:
    """A crab scene fed a scripted pinch in fixed steps."""

    def __init__(self, reps: int = 3, hold_s: float = 2.0, rest_s: float = 0.0, best=None):
        setups = [
            RepSetup(1, n, BAND, hold_s, 1.0, rest_s if n > 1 else 0.0) for n in range(1, reps + 1)
        ]
        self.scene = CrabScene(ListPlanner(setups), rng_seed=5, personal_best=best)
        self.t_ns = 0
        self.events: list = []

    def run(self, seconds: float, effort: float) -> Play:
        for _ in range(max(1, round(seconds * 120))):
            self.t_ns += STEP_NS
            self.events += self.scene.update(STEP_NS, GameInput(self.t_ns, effort, True))
        return self

    def draw(self, size: tuple[int, int]) -> pygame.Surface:
        surface = pygame.Surface(size)
        self.scene.draw(surface)
        return surface

    @property
    def phase(self) -> Phase:
        return self.scene.model.phase


def _changed_pixels(a: pygame.Surface, b: pygame.Surface, area: pygame.Rect) -> int:
    left, right = a.subsurface(area), b.subsurface(area)
    return sum(
        left.get_at((x, y)) != right.get_at((x, y))
        for x in range(0, area.width, 2)
        for y in range(0, area.height, 2)
    )


def _claw_area(play: Play, size: tuple[int, int]) -> pygame.Rect:
    """A box around the big claw, from the model's position and the scene's proportions."""
    width, height = size
    unit = UNIT * height
    grip_x = play.scene.model.crab_x * width + REACH * unit
    box = pygame.Rect(0, 0, round(3 * unit), round(4 * unit))
    box.midbottom = (round(grip_x), round(0.86 * height))
    return box.clip(pygame.Rect(0, 0, width, height))


def test_the_game_is_registered_for_the_pinch_sensor():
    assert get_game("crab") is GAME
    assert GAME.sensor == "pinch"
    scene = GAME.make_scene(ListPlanner([RepSetup(1, 1, BAND, 1.0, 1.0)]), 1, None)
    assert isinstance(scene, CrabScene)


@pytest.mark.parametrize("size", SIZES)
def test_every_moment_draws_at_every_size(size):
    play = Play(reps=3, rest_s=1.0, best=12)
    script = {
        Phase.REACH: [(0.5, 0.0)],
        Phase.CARRY: [(0.8, 1.0), (0.1, 1.8)],  # mid-carry, squeezing too hard
        Phase.DELIVERED: [(1.5, 1.0)],
        Phase.REST: [(2.0, 0.0)],
        Phase.POPPED: [(1.0, 0.0), (0.3, 1.0), (0.4, 2.0)],
    }
    moments = []
    for phase, steps in script.items():
        for seconds, effort in steps:
            play.run(seconds, effort)
        assert play.phase is phase
        moments.append(play.draw(size))
    pictures = [pygame.image.tobytes(surface, "RGB") for surface in moments]
    assert len(set(pictures)) == len(pictures), "two different moments drew the same picture"


def _twins(*script: tuple[float, float]) -> tuple[Play, Play]:
    """Two scenes played identically, so any later difference comes from the input alone."""
    pair = (Play(), Play())
    for play in pair:
        for seconds, effort in script:
            play.run(seconds, effort)
    return pair


@pytest.mark.parametrize("size", SIZES)
def test_the_claw_closes_on_the_very_next_frame(size):
    still, pinched = _twins((0.5, 0.0))
    assert pinched.scene.model.ready_to_grab
    still.run(1 / 120, 0.0)
    pinched.run(1 / 120, 0.6)  # one step, not yet in the band: the jaws move, nothing is grabbed
    assert pinched.phase is Phase.REACH
    a, b = still.draw(size), pinched.draw(size)
    assert _changed_pixels(a, b, _claw_area(pinched, size)) > 20


def test_squeezing_too_hard_shows_at_once_on_claw_and_gauge():
    size = (1024, 600)
    gentle, hard = _twins((0.5, 0.0), (0.5, 1.0))
    gentle.run(1 / 120, 1.0)
    hard.run(1 / 120, 1.6)
    assert hard.scene.model.too_hard and hard.phase is Phase.CARRY
    a, b = gentle.draw(size), hard.draw(size)
    gauge = pygame.Rect(0, 0, round(0.15 * size[0]), size[1])
    assert _changed_pixels(a, b, gauge) > 20
    assert _changed_pixels(a, b, _claw_area(hard, size)) > 20


def test_the_crab_stops_walking_on_the_first_frame_it_slips():
    size = (1024, 600)
    steady, slipping = _twins((0.5, 0.0), (0.5, 1.0))
    steady.run(1 / 120, 1.0)
    slipping.run(1 / 120, 0.5)
    assert slipping.scene.model.crab_x < steady.scene.model.crab_x
    assert slipping.draw(size).get_view("2").raw != steady.draw(size).get_view("2").raw


def test_a_bot_plays_the_scene_to_the_end():
    play = Play(reps=4, hold_s=1.0, rest_s=0.5)
    for _ in range(120 * 60):
        wanted = play.scene.desired_effort()
        play.run(1 / 120, 0.0 if wanted is None else wanted)
        if play.phase is Phase.FINISHED:
            break
    (over,) = [event for event in play.events if isinstance(event, GameOver)]
    assert (over.reps_done, over.successes, over.stars) == (4, 4, 3)
    assert len([event for event in play.events if isinstance(event, RepDone)]) == 4
    assert play.scene.desired_effort() is None
    play.draw((800, 480))


def test_the_kit_loop_plays_the_game_to_its_celebration_through_a_sensor_dropout():
    setups = [RepSetup(1, n, BAND, 1.0, 1.0) for n in range(1, 4)]
    scene = GAME.make_scene(ListPlanner(setups), 2, None)
    stack = SceneStack(scene)
    events: list = []

    def bot(t_ns: int) -> GameInput:
        dropout = 0.5 <= t_ns / NS_PER_S < 1.5  # unplugged in the middle of the first carry
        wanted = stack.top.desired_effort() if stack else None
        return GameInput(t_ns, 0.0 if wanted is None else wanted, not dropout)

    shown: list[type] = []

    def watch(_surface: pygame.Surface) -> None:
        if stack and type(stack.top) not in shown:
            shown.append(type(stack.top))

    simulate(stack, bot, max_frames=60 * 30, on_events=events.extend, frame_hook=watch)
    done = [event for event in events if isinstance(event, RepDone)]
    assert [event.success for event in done] == [True, True, True]
    assert next(event for event in events if isinstance(event, GameOver)).stars == 3
    assert shown == [CrabScene, PauseCard, Celebration]


def test_reference_mid_carry():
    play = Play(best=30).run(0.5, 0.0).run(0.9, 1.05)
    assert play.phase is Phase.CARRY
    assert_matches_reference(play.draw((1024, 600)), "crab_mid_carry", tolerance=3.0)


def test_reference_treasure_delivered():
    play = Play(best=30).run(0.5, 0.0).run(2.0, 1.0).run(0.25, 1.0)
    assert play.phase is Phase.DELIVERED
    assert_matches_reference(play.draw((1024, 600)), "crab_delivered", tolerance=3.0)
