"""The rocket screen: plays to the end at every screen size, reacts in the same frame."""

from __future__ import annotations

import pygame
import pytest

from games.contract import NS_PER_S, Band, GameInput, GameOver, RepDone, RepSetup
from games.kit.scene import Scene
from games.registry import get_game
from games.rocket import art
from games.rocket import scene as rocket_scene
from games.rocket.model import Phase
from games.rocket.scene import RocketScene
from tests.support.planners import ListPlanner
from tests.support.reference import assert_matches_reference

STEP_NS = NS_PER_S // 100
BAND = Band(0.8, 1.2)
SIZES = [(800, 480), (1024, 600), (1280, 720)]


@pytest.fixture(autouse=True)
def _pygame():
    # No pygame.quit() afterwards: the kit's font cache would keep fonts from the old init.
    pygame.init()


def make_scene(reps: list[RepSetup] | None = None, personal_best: int | None = 250) -> RocketScene:
    reps = reps or [RepSetup(1, 1, BAND, 2.0, 1.0), RepSetup(1, 2, BAND, 2.0, 1.0)]
    return RocketScene(ListPlanner(reps), rng_seed=4, personal_best=personal_best)


class Player:
    def __init__(self, scene: RocketScene) -> None:
        self.scene = scene
        self.t_ns = 0
        self.events: list = []

    def step(self, effort: float, *, sensor_ok: bool = True) -> None:
        self.t_ns += STEP_NS
        game_input = GameInput(self.t_ns, effort, sensor_ok)
        self.events += self.scene.update(STEP_NS, game_input)

    def run(self, seconds: float, effort: float) -> None:
        for _ in range(round(seconds * 100)):
            self.step(effort)

    def until(self, phase: Phase, effort: float = 0.0) -> None:
        for _ in range(6000):
            if self.scene.model.phase is phase:
                return
            self.step(effort)
        raise AssertionError(f"the scene never reached {phase}")


def test_the_game_is_registered_as_a_grip_game():
    info = get_game("rocket")
    assert info.sensor == "grip"
    scene = info.make_scene(ListPlanner([]), 1, None)
    assert isinstance(scene, Scene)
    assert scene.pauses_on_sensor_loss


@pytest.mark.parametrize("size", SIZES)
def test_a_whole_session_plays_and_draws_at_every_screen_size(size):
    reps = [
        RepSetup(1, 1, BAND, 1.5, 1.0),
        RepSetup(1, 2, BAND, 1.5, 1.0),
        RepSetup(2, 1, BAND, 1.5, 1.0, rest_before_s=3.0),
    ]
    scene = make_scene(reps)
    player = Player(scene)
    surface = pygame.Surface(size)
    drawn: set[Phase] = set()
    for i in range(5000):
        wanted = scene.desired_effort()
        # The bot misses the second rep by squeezing far too lightly.
        effort = 0.0 if wanted is None else 0.4 if scene.model.book.reps_done == 1 else wanted
        player.step(effort)
        if i % 7 == 0:
            scene.draw(surface)
            drawn.add(scene.model.phase)
        if any(isinstance(e, GameOver) for e in player.events):
            break
    scene.draw(surface)
    assert [e.success for e in player.events if isinstance(e, RepDone)] == [True, False, True]
    (over,) = [e for e in player.events if isinstance(e, GameOver)]
    assert (over.reps_done, over.successes, over.stars) == (3, 2, 2)
    assert scene.model.book.results == (True, False, True)
    assert drawn >= {Phase.ROLL_IN, Phase.FUELLING, Phase.LAUNCH, Phase.FIZZLE, Phase.REST}
    assert scene.desired_effort() is None


def gauge_column(surface: pygame.Surface) -> list[tuple[int, int, int]]:
    w, h = surface.get_size()
    x = round(w * rocket_scene.GAUGE_X)
    top, bottom = round(h * rocket_scene.GAUGE_TOP), round(h * rocket_scene.GAUGE_BOTTOM)
    return [tuple(surface.get_at((x, y)))[:3] for y in range(top, bottom)]


@pytest.mark.parametrize("size", SIZES)
def test_the_gauge_and_flame_answer_a_squeeze_on_the_very_next_frame(size):
    scene = make_scene()
    player = Player(scene)
    player.until(Phase.FUELLING)
    player.run(0.3, 0.3)
    surface = pygame.Surface(size)
    scene.draw(surface)
    before = surface.copy()
    empty_before = gauge_column(before).count(rocket_scene.GAUGE_EMPTY)

    player.step(1.0)  # one simulation step, one frame
    scene.draw(surface)

    assert gauge_column(surface).count(rocket_scene.GAUGE_EMPTY) < empty_before
    assert flame_pixels(surface, size) > 2 * flame_pixels(before, size)


def flame_pixels(surface: pygame.Surface, size: tuple[int, int]) -> int:
    """Flame-coloured pixels in the column under the rocket's nozzle."""
    w, h = size
    x = round(w * rocket_scene.ROCKET_X)
    colours = {art.FLAME_OUT, art.FLAME_MID, art.FLAME_IN}
    return sum(tuple(surface.get_at((x, y)))[:3] in colours for y in range(h // 2, h))


def test_too_hard_shakes_the_rocket_without_losing_fuel():
    scene = make_scene()
    player = Player(scene)
    player.until(Phase.FUELLING)
    player.run(1.0, 1.0)
    fuel = scene.model.fuel
    shakes = set()
    for _ in range(10):
        player.step(1.9)
        shakes.add(round(scene.pose().shake * 1000))
    assert scene.model.fuel == fuel
    assert shakes != {0}


def play_to_mid_rep(scene: RocketScene) -> Player:
    player = Player(scene)
    player.until(Phase.FUELLING)
    player.run(1.0, 1.0)
    return player


def test_reference_mid_rep():
    scene = make_scene([RepSetup(1, 1, BAND, 3.0, 1.0)])
    play_to_mid_rep(scene)
    surface = pygame.Surface((800, 480))
    scene.draw(surface)
    assert_matches_reference(surface, "rocket_mid_rep", tolerance=3.0, max_differing_share=0.02)


def test_reference_launch():
    scene = make_scene([RepSetup(1, 1, BAND, 3.0, 1.0)])
    player = play_to_mid_rep(scene)
    player.until(Phase.LAUNCH, effort=1.0)
    player.run(1.4, 0.0)  # lifted off, smoke billowing on the pad
    surface = pygame.Surface((800, 480))
    scene.draw(surface)
    assert_matches_reference(surface, "rocket_launch", tolerance=3.0, max_differing_share=0.02)
