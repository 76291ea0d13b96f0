"""The game picker: a big living picture of each game the fitted sensors can play.

Each tile shows the game's own first frame, so a child picks the balloon or the crab
by sight. After a first game a chequered flag joins them: "I'm done".
"""

from __future__ import annotations

import random

import pygame

from games.contract import RepSetup
from games.kit.actions import Action, Pointer
from games.kit.draw import gradient
from games.kit.layout import Viewport
from games.registry import GameInfo
from station.play.context import PlayContext
from station.screens import ui
from station.screens.art.rewards import draw_done_flag
from station.screens.base import StationScene

AUTOPLAY_CHOOSE_S = 1.5
SKY = ((120, 210, 170), (215, 245, 225))
DONE = "done"


class _Poster:
    """A planner with one calm rep: enough for a game to draw its opening scene."""

    reps_total = 5

    def next_rep(self) -> RepSetup | None:
        return None


def poster(game: GameInfo, size: tuple[int, int]) -> pygame.Surface:
    """The game's opening frame at ``size``, drawn once and kept by the picker."""
    image = pygame.Surface(size)
    game.make_scene(_Poster(), 1, None).draw(image)
    return image


_POSTERS: dict[tuple[str, tuple[int, int]], pygame.Surface] = {}
"""Each game's poster per tile size, made once for the app's whole run: the picker comes
back after every game, and a poster costs a few milliseconds to draw."""


class PickerScene(StationScene):
    name = "picker"

    def __init__(self, ctx: PlayContext, conductor: object, *, can_finish: bool) -> None:
        super().__init__(ctx)
        self.conductor = conductor
        self.can_finish = can_finish
        self.games = ctx.games
        self.tiles: list[ui.Tile] = []
        self._press_of = ui.Press()
        self._sky: pygame.Surface | None = None

    def tick(self, dt_ns: int) -> None:
        if self.ctx.autoplay and self.t_s >= AUTOPLAY_CHOOSE_S:
            choice = (
                DONE if self.can_finish else random.Random(self.ctx.visits_done).choice(self.games)
            )
            self.choose(choice)

    def handle_action(self, action: Action) -> None:
        if not isinstance(action, Pointer):
            return
        tile = ui.tile_at(self.tiles, action.pos)
        chosen = self._press_of.feed(action, None if tile is None else tile.key)
        if chosen is not None:
            self.choose(chosen)

    def choose(self, choice: object) -> None:
        if self.stack is None or self.stack.top is not self:
            return
        self.conductor.picked = choice  # type: ignore[attr-defined]
        self.done()

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        if self._sky is None or self._sky.get_size() != vp.size:
            self._sky = gradient(vp.size, *SKY)
        surface.blit(self._sky, (0, 0))
        keys: list[object] = [*self.games, *([DONE] if self.can_finish else [])]
        area = vp.rect(0.04, 0.06, 0.92, 0.88)
        columns = 2 if len(keys) <= 4 else 3
        cells = ui.grid(area, len(keys), columns, vp.h(0.05))
        self.tiles = [ui.Tile(cell, key) for cell, key in zip(cells, keys, strict=True)]
        drawn_poster = False
        for tile in self.tiles:
            lit = tile.key == self._press_of.down
            ui.draw_tile(surface, tile.rect, lit=lit)
            inner = tile.rect.inflate(-vp.line(14), -vp.line(14))
            if tile.key == DONE:
                draw_done_flag(surface, inner, self.t_s)
                continue
            assert isinstance(tile.key, GameInfo)
            key = (tile.key.key, inner.size)
            if key not in _POSTERS and not drawn_poster:
                # One new poster a frame: a game's first drawing costs a few milliseconds.
                _POSTERS[key] = poster(tile.key, inner.size)
                drawn_poster = True
            if key in _POSTERS:
                surface.blit(_POSTERS[key], inner)
