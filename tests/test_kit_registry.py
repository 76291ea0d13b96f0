"""The game registry: every game is found by key, and mistakes read as sentences."""

from __future__ import annotations

import pytest

from games import registry
from games.kit.scene import Scene
from games.registry import SENSORS, GameInfo, UnknownGameError, all_games, get_game
from tests.support.planners import ListPlanner


def make_scene(planner, rng_seed, personal_best) -> Scene:
    raise AssertionError("not called")


def test_the_four_games_register_under_their_keys():
    games = all_games()
    assert len(games) == len(registry.GAME_PACKAGES) == 4
    for key, info in games.items():
        assert isinstance(info, GameInfo)
        assert info.key == key
        assert info.sensor in SENSORS
        assert info.title and callable(info.make_scene)
    assert {info.sensor for info in games.values()} == set(SENSORS), "both sensors get a game"
    assert games == registry.GAMES


def test_an_unknown_game_lists_the_games_there_are():
    games = all_games()
    with pytest.raises(UnknownGameError, match="no game called 'pong'") as failure:
        get_game("pong")
    for key in games:
        assert key in str(failure.value)
    first = next(iter(games))
    assert get_game(first) is games[first]


@pytest.mark.parametrize(
    ("key", "sensor", "message"),
    [("balloon", "foot", "one of"), ("", "grip", "short"), ("two words", "grip", "short")],
)
def test_a_malformed_game_is_refused(key, sensor, message):
    with pytest.raises(ValueError, match=message):
        GameInfo(key, "Title", sensor, make_scene)


@pytest.mark.parametrize("best", [None, 0, 57])
@pytest.mark.parametrize("key", registry.GAME_PACKAGES)
def test_every_game_scene_carries_the_best_it_was_given_for_the_celebration(key, best):
    info = get_game(key.removeprefix("games."))
    scene = info.make_scene(ListPlanner([]), 3, best)
    assert scene.personal_best == best
