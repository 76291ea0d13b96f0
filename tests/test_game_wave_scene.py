"""The wave game on screen, headless: every resolution, the fish's instant response, key screens."""

from __future__ import annotations

import pygame
import pytest

from games.contract import NS_PER_S, Band, GameInput, GameOver, RepDone, RepSetup, ScoreChanged
from games.kit.cards import Celebration, PauseCard
from games.kit.loop import GameLoop
from games.kit.scene import Scene
from games.kit.stack import SceneStack
from games.registry import GAME_PACKAGES
from games.wave import GAME, art
from games.wave.model import Phase
from games.wave.scene import EFFORT_AT_SURFACE, REST_Y, SURFACE_Y, WaveScene
from tests.support.planners import ListPlanner
from tests.support.reference import assert_matches_reference

STEP_NS = NS_PER_S // 120
BAND = Band(0.85, 1.2)
SIZES = [(800, 480), (1024, 600), (1280, 720)]


@pytest.fixture(autouse=True)
def _pygame():
    pygame.init()


class Player:
    """Drives a scene in fixed steps, squeezing what the scene asks, a little late."""

    def __init__(self, reps: int = 2, seed: int = 4) -> None:
        setups = [RepSetup(1, n, BAND, 4.0, 1.0) for n in range(1, reps + 1)]
        self.scene = WaveScene(ListPlanner(setups), seed, personal_best=260)
        self.t_ns = 0
        self.effort = 0.0
        self.events: list = []

    def step(self, effort: float | None = None) -> None:
        if effort is None:
            wanted = self.scene.desired_effort() or 0.0
            self.effort += (wanted - self.effort) * 0.12
        else:
            self.effort = effort
        self.t_ns += STEP_NS
        self.events += self.scene.update(STEP_NS, GameInput(self.t_ns, self.effort, True))

    def until(self, done, limit_s: float = 60.0) -> Player:
        for _ in range(round(limit_s * 120)):
            if done(self):
                return self
            self.step()
        raise AssertionError("the moment never came")


def fish_centroid_y(surface: pygame.Surface) -> float:
    """Mean height of the fish's orange, the one colour only the fish wears."""
    mask = pygame.mask.from_threshold(surface, art.FISH, (1, 1, 1, 255))
    assert mask.count() > 0, "no fish on screen"
    return mask.centroid()[1]


def test_the_game_is_registered_for_the_squeeze_bulb():
    assert "games.wave" in GAME_PACKAGES
    assert (GAME.key, GAME.sensor) == ("wave", "grip")
    scene = GAME.make_scene(ListPlanner([]), 1, None)
    assert isinstance(scene, Scene) and scene.pauses_on_sensor_loss


@pytest.mark.parametrize("size", SIZES)
def test_the_fish_rises_on_the_very_frame_the_squeeze_grows(size):
    surface = pygame.Surface(size)
    player = Player().until(lambda p: p.scene.model.phase is Phase.TRACKING)
    player.step(0.5)
    player.scene.draw(surface)
    before = fish_centroid_y(surface)
    player.step(1.0)
    player.scene.draw(surface)
    after = fish_centroid_y(surface)
    expected = 0.5 / EFFORT_AT_SURFACE * (REST_Y - SURFACE_Y) * size[1]
    assert before - after == pytest.approx(expected, rel=0.2)


@pytest.mark.parametrize("size", SIZES)
def test_squeezing_far_too_hard_keeps_the_fish_in_the_water(size):
    surface = pygame.Surface(size)
    player = Player().until(lambda p: p.scene.model.phase is Phase.TRACKING)
    player.step(5.0)
    player.scene.draw(surface)
    at_surface = SURFACE_Y * size[1]
    assert abs(fish_centroid_y(surface) - at_surface) < 0.06 * size[1]


@pytest.mark.parametrize("size", SIZES)
def test_a_whole_game_plays_and_draws_at_every_size(size):
    surface = pygame.Surface(size)
    player = Player(reps=2)
    frames = 0
    while not any(isinstance(e, GameOver) for e in player.events):
        player.step()
        if player.t_ns % (4 * STEP_NS) == 0:
            player.scene.draw(surface)
            frames += 1
        assert player.t_ns < 60 * NS_PER_S
    done = [e for e in player.events if isinstance(e, RepDone)]
    assert [d.success for d in done] == [True, True]
    over = next(e for e in player.events if isinstance(e, GameOver))
    scores = [e.score for e in player.events if isinstance(e, ScoreChanged)]
    assert over.score == scores[-1] > 0 and over.stars == 3
    assert player.scene.desired_effort() is None
    player.scene.draw(surface)
    assert frames > 100


def test_reference_mid_rep():
    surface = pygame.Surface((800, 480))
    player = Player().until(lambda p: p.scene.model.rep_progress() >= 0.5)
    player.scene.draw(surface)
    pygame.image.save(surface, "/tmp/wave_reference_mid_rep.png")
    assert_matches_reference(surface, "wave/mid_rep", tolerance=3.0, max_differing_share=0.02)


def test_reference_rep_success():
    surface = pygame.Surface((800, 480))
    player = Player().until(lambda p: any(isinstance(e, RepDone) for e in p.events))
    assert player.events[-2].success
    for _ in range(36):
        player.step()
    player.scene.draw(surface)
    pygame.image.save(surface, "/tmp/wave_reference_rep_success.png")
    assert_matches_reference(surface, "wave/rep_success", tolerance=3.0, max_differing_share=0.02)


def test_in_the_game_loop_a_lost_sensor_pauses_the_fish_and_the_game_ends_in_celebration():
    surface = pygame.Surface((800, 480))
    scene = WaveScene(ListPlanner([RepSetup(1, 1, BAND, 3.0, 1.0)]), 2, personal_best=None)
    stack = SceneStack(scene)
    clock = {"ns": 0, "ok": True}
    events: list = []

    def read_input() -> GameInput:
        wanted = scene.desired_effort() or 0.0
        return GameInput(clock["ns"], wanted, clock["ok"])

    loop = GameLoop(
        stack,
        read_input,
        lambda: surface,
        clock_ns=lambda: clock["ns"],
        on_events=events.extend,
        actions=list,
    )

    def frames(seconds: float) -> None:
        for _ in range(round(seconds * 60)):
            clock["ns"] += NS_PER_S // 60
            loop.frame()

    frames(5.0)
    assert scene.model.phase is Phase.TRACKING
    clock["ok"] = False
    frames(0.1)
    frozen_at = scene.model.now_ns
    frames(5.0)
    assert isinstance(stack.top, PauseCard) and scene.model.now_ns == frozen_at
    clock["ok"] = True
    frames(1.0)
    assert stack.top is scene and scene.model.now_ns > frozen_at
    frames(8.0)
    (done,) = [e for e in events if isinstance(e, RepDone)]
    assert done.success
    assert isinstance(stack.top, Celebration)


@pytest.mark.parametrize("hue", range(0, 360, 30))
def test_light_pressure_paints_pale_and_strong_pressure_paints_deep(hue):
    pale, middle, deep = (art.paint_colour(hue, s) for s in (0.0, 0.5, 1.0))
    assert sum(pale) > sum(middle) > sum(deep)
    assert sum(pale) - sum(deep) > 150
