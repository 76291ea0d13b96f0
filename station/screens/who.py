"""Who is playing: each child's own picture with their nickname, and a guest tile.

A five-year-old finds themself by their picture, not their name, so the avatar fills
most of the tile. Archived children are not shown. More children than fit turn pages
with big arrows; nothing scrolls under a finger by accident.
"""

from __future__ import annotations

import math

import pygame

from games.kit.actions import Action, Pointer
from games.kit.draw import gradient, mix
from games.kit.layout import Viewport
from station.play.context import PlayContext
from station.screens import ui
from station.screens.art.avatars import draw_avatar, draw_guest
from station.screens.base import StationScene
from station.storage import Player

AUTOPLAY_CHOOSE_S = 1.5
COLUMNS, ROWS = 4, 2
PER_PAGE = COLUMNS * ROWS - 1
"""The guest tile is on every page."""
SKY_TOP, SKY_BOTTOM = (110, 190, 255), (200, 235, 255)
GUEST = "guest"
NEXT, BACK = "next", "back"
GUEST_FPS = 12


class WhoScene(StationScene):
    name = "who"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        self.players = ctx.players()
        self.page = 0
        self.tiles: list[ui.Tile] = []
        self._press_of = ui.Press()
        self._sky: pygame.Surface | None = None
        self._guest: tuple[tuple[int, int], pygame.Surface] | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.players) / PER_PAGE))

    def on_page(self) -> list[Player]:
        return self.players[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]

    def tick(self, dt_ns: int) -> None:
        if self.ctx.autoplay and self.t_s >= AUTOPLAY_CHOOSE_S:
            self.choose(self.ctx.autoplay_player)

    def handle_action(self, action: Action) -> None:
        if not isinstance(action, Pointer):
            return
        tile = ui.tile_at(self.tiles, action.pos)
        chosen = self._press_of.feed(action, None if tile is None else tile.key)
        if chosen is not None:
            self._press(chosen)

    def _press(self, key: object) -> None:
        if key == NEXT:
            self.page = (self.page + 1) % self.pages
        elif key == BACK:
            self.page = (self.page - 1) % self.pages
        elif key == GUEST:
            self.choose(None)
        elif isinstance(key, int):
            self.choose(next(p for p in self.players if p.id == key))

    def choose(self, player: Player | None) -> None:
        if self.stack is None or self.stack.top is not self:
            return
        from station.screens.visit import VisitScene  # noqa: PLC0415 - the visit follows this screen

        self.ctx.begin_visit(player)
        self.stack.replace(VisitScene(self.ctx))

    # -- drawing ------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        if self._sky is None or self._sky.get_size() != vp.size:
            self._sky = gradient(vp.size, SKY_TOP, SKY_BOTTOM)
        surface.blit(self._sky, (0, 0))
        self.tiles = self._layout(vp)
        for tile in self.tiles:
            lit = tile.key == self._press_of.down
            if tile.key in (NEXT, BACK):
                self._draw_arrow(surface, tile, lit)
                continue
            ui.draw_tile(surface, tile.rect, lit=lit)
            picture = tile.rect.inflate(-tile.rect.w // 10, 0)
            picture.height = round(tile.rect.h * 0.72)
            radius = min(picture.w, picture.h) // 2 - vp.line(4)
            centre = (picture.centerx, tile.rect.y + picture.h // 2 + vp.line(4))
            label = pygame.Rect(tile.rect.x, 0, tile.rect.w, round(tile.rect.h * 0.2))
            label.bottom = tile.rect.bottom - vp.line(6)
            label = label.inflate(-vp.line(12), 0)
            if tile.key == GUEST:
                self._draw_guest(surface, centre, radius)
                continue
            player = next(p for p in self.players if p.id == tile.key)
            draw_avatar(surface, player.avatar, centre, radius)
            ui.draw_label(surface, player.nickname, label, ui.INK_LABEL)

    def _draw_guest(self, surface: pygame.Surface, centre: tuple[int, int], radius: int) -> None:
        """The guest waves at 12 pictures a second: smooth enough for a wave, and the
        picture (0.8 ms to draw) is not redrawn every frame."""
        moment = int(self.t_s * GUEST_FPS)
        if self._guest is None or self._guest[0] != (moment, radius):
            image = pygame.Surface((2 * radius + 2, 2 * radius + 2), pygame.SRCALPHA)
            draw_guest(image, (radius + 1, radius + 1), radius, moment / GUEST_FPS)
            self._guest = ((moment, radius), image)
        image = self._guest[1]
        surface.blit(image, image.get_rect(center=centre))

    def _layout(self, vp: Viewport) -> list[ui.Tile]:
        paging = self.pages > 1
        side = vp.w(0.09) if paging else 0
        area = pygame.Rect(0, 0, vp.width - 2 * side - vp.h(0.08), vp.height - vp.h(0.08))
        area.center = vp.point(0.5, 0.5)
        keys: list[object] = [GUEST, *(p.id for p in self.on_page())]
        columns = min(COLUMNS, len(keys))
        rows = math.ceil(len(keys) / columns)
        gap = vp.h(0.04)
        # Tiles a little taller than wide: the picture above, the name below.
        tallest = round((area.w - gap * (columns - 1)) / columns * 1.15)
        area.height = min(area.height, rows * tallest + (rows - 1) * gap)
        area.centery = vp.y(0.5)
        cells = ui.grid(area, len(keys), columns, gap)
        tiles = [ui.Tile(cell, key) for cell, key in zip(cells, keys, strict=True)]
        if paging:
            height = vp.h(0.3)
            tiles.append(
                ui.Tile(pygame.Rect(vp.h(0.02), vp.y(0.5) - height // 2, side, height), BACK)
            )
            right = pygame.Rect(0, vp.y(0.5) - height // 2, side, height)
            right.right = vp.width - vp.h(0.02)
            tiles.append(ui.Tile(right, NEXT))
        return tiles

    def _draw_arrow(self, surface: pygame.Surface, tile: ui.Tile, lit: bool) -> None:
        ui.draw_tile(surface, tile.rect, mix(ui.TILE, SKY_TOP, 0.4), lit=lit)
        r = tile.rect.inflate(-tile.rect.w // 3, -tile.rect.h // 3)
        if tile.key == NEXT:
            points = [r.topleft, (r.right, r.centery), r.bottomleft]
        else:
            points = [r.topright, (r.left, r.centery), r.bottomright]
        pygame.draw.polygon(surface, ui.TILE_RIM, points)
