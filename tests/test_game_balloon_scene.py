"""The balloon screen: draws at every size, moves in the frame of the squeeze, looks right."""

from __future__ import annotations

import csv

import pygame
import pytest

from games.balloon import art
from games.balloon.model import ALT_TOP, Phase, altitude_of
from games.balloon.scene import BalloonScene
from games.contract import (
    NS_PER_S,
    Band,
    GameInput,
    GameOver,
    RepDone,
    RepSetup,
    RepStarted,
)
from games.kit.scene import Scene
from games.registry import get_game
from tests.support.planners import ListPlanner
from tests.support.reference import assert_matches_reference

STEP_NS = NS_PER_S // 120
BAND = Band(0.85, 1.15)
SIZES = [(800, 480), (1024, 600), (1280, 720)]


class HeardSounds:
    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


@pytest.fixture(autouse=True)
def _pygame():
    pygame.init()


def make_scene(
    reps: list[RepSetup] | None = None, *, personal_best: int | None = 57
) -> tuple[BalloonScene, HeardSounds]:
    reps = reps or [RepSetup(1, n, BAND, 3.0, 1.0, 2.5 if n == 3 else 0.0) for n in (1, 2, 3)]
    heard = HeardSounds()
    scene = BalloonScene(ListPlanner(reps), 7, personal_best, player=heard)
    return scene, heard


def on_target(scene: BalloonScene) -> float:
    return 0.0 if scene.desired_effort() is None else 1.0


def step(scene: BalloonScene, effort: float, events: list | None = None) -> None:
    got = scene.update(STEP_NS, GameInput(scene.flight.t_ns, effort, True))
    if events is not None:
        events += got


def play_until(scene: BalloonScene, done, child=on_target, events: list | None = None) -> None:
    for _ in range(120 * 120):
        if done(scene.flight):
            return
        step(scene, child(scene), events)
    raise AssertionError("the moment never came")


def in_gate_for(seconds: float):
    return lambda f: f.phase is Phase.GATE and f.phase_ns >= seconds * NS_PER_S


def basket_pixel(surface: pygame.Surface, effort: float) -> tuple[int, int, int]:
    lay = art.Layout(*surface.get_size())
    colour = surface.get_at((round(lay.balloon_x), round(lay.y_of(altitude_of(effort)))))
    return (colour.r, colour.g, colour.b)


def test_the_game_is_registered_for_the_squeeze_bulb():
    info = get_game("balloon")
    assert info.sensor == "grip"
    scene = info.make_scene(ListPlanner([]), 1, None)
    assert isinstance(scene, Scene)
    assert scene.pauses_on_sensor_loss


@pytest.mark.parametrize("size", SIZES)
def test_a_whole_session_plays_and_draws_at_every_screen_size(size):
    scene, _ = make_scene()
    surface = pygame.Surface(size)
    events: list = []
    for _ in range(120 * 60):
        step(scene, on_target(scene), events)
        if scene.flight.t_ns % (NS_PER_S // 4) < STEP_NS:
            scene.draw(surface)
            # the basket is drawn where the model says it is, whatever the screen
            assert basket_pixel(surface, scene.flight.effort) == art.BASKET
        if scene.flight.phase is Phase.FINISHED:
            break
    assert [e.rep_no for e in events if isinstance(e, RepStarted)] == [1, 2, 3]
    assert all(e.success for e in events if isinstance(e, RepDone))
    assert [e.stars for e in events if isinstance(e, GameOver)] == [3]
    scene.draw(surface)  # the ending still draws while the celebration is on its way


@pytest.mark.parametrize("size", SIZES)
def test_the_balloon_moves_in_the_first_frame_after_the_squeeze_changes(size):
    scene, _ = make_scene()
    surface = pygame.Surface(size)
    play_until(scene, lambda f: f.phase is Phase.APPROACH and f.phase_ns > NS_PER_S / 2)
    step(scene, 0.3)
    scene.draw(surface)
    assert basket_pixel(surface, 0.3) == art.BASKET
    assert basket_pixel(surface, 0.9) != art.BASKET

    step(scene, 0.9)  # one step, one frame: no lag, no easing
    scene.draw(surface)
    assert basket_pixel(surface, 0.9) == art.BASKET
    assert basket_pixel(surface, 0.3) != art.BASKET


def test_the_balloon_rests_on_the_meadow_and_never_leaves_the_sky():
    scene, _ = make_scene()
    surface = pygame.Surface((800, 480))
    lay = art.Layout(800, 480)
    for effort in (0.0, 0.01, 5.0):
        step(scene, effort)
        scene.draw(surface)
        top = lay.y_of(scene.flight.altitude) - art.balloon_height(lay)
        assert lay.y_of(scene.flight.altitude) + lay.basket_h / 2 <= lay.ground_y + 0.5
        assert top > -0.04 * lay.height  # at the most the crown peeks off the top
        assert basket_pixel(surface, effort) == art.BASKET
    assert scene.flight.altitude == ALT_TOP


def test_a_good_gate_chimes_and_a_squeeze_too_hard_boings():
    scene, heard = make_scene()
    play_until(scene, lambda f: f.phase is Phase.AFTER)
    assert heard.played.count("chime") == 1
    assert "pop" in heard.played  # stars collected on the way
    assert "boing" not in heard.played

    heard.played.clear()
    play_until(scene, in_gate_for(0.5))
    play_until(scene, lambda f: f.phase is Phase.AFTER, child=lambda _: 1.5)
    assert heard.played.count("boing") == 1
    assert "chime" not in heard.played


def test_a_rest_lands_the_balloon_on_a_picnic_blanket():
    scene, _ = make_scene()
    surface = pygame.Surface((800, 480))
    play_until(scene, lambda f: f.phase is Phase.REST and f.phase_ns > 1.4 * NS_PER_S)
    scene.draw(surface)
    lay = art.Layout(800, 480)
    blanket_row = round(lay.ground_y + lay.u(0.015))
    row = {
        tuple(surface.get_at((x, blanket_row)))[:3]
        for x in range(round(lay.balloon_x - lay.u(0.1)), round(lay.balloon_x + lay.u(0.1)))
    }
    assert art.BLANKET in row and art.BLANKET_LIGHT in row
    assert scene.desired_effort() is None


def test_a_real_grip_recording_flies_without_leaving_the_sky(recordings_dir):
    with (recordings_dir / "hangboard_hx711_5hangs.csv").open() as f:
        forces = [(float(r["t_s"]), float(r["force_n"])) for r in csv.DictReader(f)]
    target_n = 0.6 * max(force for _, force in forces)
    scene, _ = make_scene([RepSetup(1, n, BAND, 3.0, 1.0) for n in range(1, 9)])
    surface = pygame.Surface((800, 480))
    events: list = []
    i = 0
    while i < len(forces):
        t_s = scene.flight.t_ns / NS_PER_S
        while i + 1 < len(forces) and forces[i + 1][0] <= t_s:
            i += 1
        step(scene, forces[i][1] / target_n, events)
        assert 0.0 <= scene.flight.altitude <= ALT_TOP
        if t_s >= forces[-1][0]:
            break
    scene.draw(surface)
    started = [e for e in events if isinstance(e, RepStarted)]
    done = [e for e in events if isinstance(e, RepDone)]
    assert len(started) - len(done) in (0, 1)  # every rep but the one in flight is judged
    assert all(r.peak_effort >= 0 and 0 <= r.time_in_band_s <= 3.0 for r in done)


def test_the_play_moment_mid_gate_looks_right():
    scene, _ = make_scene()
    play_until(scene, in_gate_for(1.2))
    surface = pygame.Surface((800, 480))
    scene.draw(surface)
    assert_matches_reference(surface, "balloon_mid_gate", tolerance=3.0)


def test_the_gate_bursting_into_stars_looks_right():
    scene, _ = make_scene()
    play_until(
        scene,
        lambda f: f.phase is Phase.AFTER and f.phase_ns >= 0.25 * NS_PER_S,
        child=lambda s: 1.0 if s.flight.phase in (Phase.GATE, Phase.AFTER) else on_target(s),
    )
    surface = pygame.Surface((800, 480))
    scene.draw(surface)
    assert_matches_reference(surface, "balloon_gate_burst", tolerance=3.0)
