"""Which games exist, found by importing each game package's ``GAME`` on first use.

The import is lazy because every game package imports ``GameInfo`` from here: loading
the games at module import time would be circular, and would make a command that only
lists players pay for pygame and four scene modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from games.contract import RepPlanner
    from games.kit.scene import Scene

SENSORS = ("grip", "pinch")
"""The sensor a game is played with: the squeeze bulb or the pinch sensor."""

GAME_PACKAGES = ("games.balloon", "games.crab", "games.rocket", "games.wave")

SceneFactory = Callable[["RepPlanner", int, "int | None"], "Scene"]
"""make_scene(planner, rng_seed, personal_best score or None) -> the game's play scene."""


class UnknownGameError(LookupError):
    """A game name that no game package registers (a typo on the command line, say)."""


@dataclass(frozen=True)
class GameInfo:
    """What the station needs to offer a game: a key, a title, a sensor, a scene factory."""

    key: str
    """Short stable name used on the command line and in stored sessions."""
    title: str
    sensor: str
    """"grip" or "pinch"."""
    make_scene: SceneFactory

    def __post_init__(self) -> None:
        if not self.key or not self.key.isidentifier():
            raise ValueError(f"a game key must be a short lower-case word, got {self.key!r}")
        if self.sensor not in SENSORS:
            raise ValueError(
                f"game {self.key!r} names sensor {self.sensor!r}; it must be one of {SENSORS}"
            )


@cache
def all_games() -> dict[str, GameInfo]:
    """Every registered game by key, in a stable order (the order of ``GAME_PACKAGES``)."""
    games: dict[str, GameInfo] = {}
    for package in GAME_PACKAGES:
        info = importlib.import_module(package).GAME
        if info.key in games:
            raise ValueError(f"two game packages register the key {info.key!r}")
        games[info.key] = info
    return games


def get_game(key: str) -> GameInfo:
    """The game called ``key``, or an error that lists the names that do exist."""
    games = all_games()
    try:
        return games[key]
    except KeyError:
        known = ", ".join(sorted(games))
        raise UnknownGameError(f"there is no game called {key!r}; try one of: {known}") from None


def __getattr__(name: str) -> dict[str, GameInfo]:
    # ``GAMES`` reads like a constant but is built on first access, after the games'
    # own imports of this module have finished.
    if name == "GAMES":
        return all_games()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
