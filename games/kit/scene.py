"""The scene contract every screen of every game follows.

Simulation advances in fixed steps of integer nanoseconds (``update``), drawing happens
once per displayed frame (``draw``); a scene never reads the clock or the sensors itself.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

import pygame

from games.contract import NS_PER_S, GameEvent, GameInput
from games.kit.actions import Action

if TYPE_CHECKING:
    from games.kit.stack import SceneStack


class Scene(ABC):
    """One screen: a game's play field, a pause card, a celebration."""

    stack: SceneStack | None = None
    """Set by the stack when the scene is pushed; lets a scene push, pop or replace."""
    personal_best: int | None = None
    """The score to beat; None: no trophy possible (a guest, or nothing to compare with).

    A play scene sets it from what the station knows (0 for a player's first game, so any
    score is a real first best); the loop reads it from the scene that finished.
    """

    def enter(self) -> None:  # noqa: B027 - optional hook
        """Called when the scene becomes the top of the stack (again)."""

    def leave(self) -> None:  # noqa: B027 - optional hook
        """Called when another scene covers this one or it is popped."""

    def handle_action(self, action: Action) -> None:  # noqa: B027 - optional hook
        """A touch, key or button press addressed to this scene (never a raw pygame event)."""

    @abstractmethod
    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        """Advance the simulation by exactly ``dt_ns``; return what happened."""

    @abstractmethod
    def draw(self, surface: pygame.Surface) -> None:
        """Draw the current state, laid out from ``surface.get_size()``."""

    def desired_effort(self) -> float | None:
        """The effort this scene wants right now (for the autoplay bot), None = relax."""
        return None

    @property
    def pauses_on_sensor_loss(self) -> bool:
        """Play scenes pause when the sensor goes; cards and celebrations do not."""
        return True


class ClockedScene(Scene):
    """A screen that keeps its own clock (the sum of its steps) and never pauses for the
    sensor: cards, celebrations, and the station's menus and timed screens."""

    def __init__(self) -> None:
        self.t_ns = 0

    @property
    def t_s(self) -> float:
        return self.t_ns / NS_PER_S

    @property
    def pauses_on_sensor_loss(self) -> bool:
        return False

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        self.t_ns += dt_ns
        self.tick(dt_ns)
        return []

    def tick(self, dt_ns: int) -> None:
        """What happens as ``dt_ns`` passes (``t_ns`` has already moved): sounds, leaving."""
