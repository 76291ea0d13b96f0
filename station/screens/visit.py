"""The visit's conductor: it lies under the visit's screens and shows each step in turn.

Each step's screen is pushed over this scene and leaves by itself (a warm-up runs
out, a game's celebration ends, the results are seen); the stack then wakes this scene,
which shows the next step. After the last step the visit is saved and the waiting
room's attract screen comes back.
"""

from __future__ import annotations

import pygame

from games.kit.scene import Scene
from games.registry import GameInfo
from station.play.context import PlayContext
from station.play.session import Play
from station.play.visit import CoolDown, Exercising, Picker, Rest, Results, Step, WarmUp
from station.screens.base import StationScene
from station.screens.moves import MovesScene
from station.screens.picker import PickerScene
from station.screens.quick_max import QuickMaxScene
from station.screens.rest import RestScene
from station.screens.results import ResultsScene


class PickedGame:
    """The step shown while a game chosen at the picker plays (the picker comes back after)."""


class VisitScene(StationScene):
    name = "visit"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        self.picked: GameInfo | object | None = None
        """What the child chose at the picker: a game, or ``DONE``."""
        self._showing: object | None = None

    def enter(self) -> None:
        """Called when this scene is placed and whenever a step's screen leaves."""
        visit = self.ctx.visit
        if self.stack is None or visit is None:
            return
        shown, self._showing = self._showing, None
        if isinstance(shown, Exercising | PickedGame):
            self.ctx.finish_play()
        if isinstance(shown, Picker) and isinstance(self.picked, GameInfo):
            self._show(PickedGame(), self._play(self.ctx.start_play(self.picked)))
            return
        if shown is not None and not isinstance(shown, PickedGame):
            visit.advance()
        self.picked = None
        step = visit.next_step()
        scene = None if step is None else self._scene_for(step)
        if scene is None:
            self._end()
        else:
            self._show(step, scene)

    def _show(self, step: object, scene: Scene) -> None:
        self._showing = step
        if self.stack is not None:
            self.stack.push(scene)

    def _scene_for(self, step: Step) -> Scene:
        ctx = self.ctx
        if isinstance(step, WarmUp | CoolDown):
            return MovesScene(ctx, step.seconds, warm_up=isinstance(step, WarmUp))
        if isinstance(step, Rest):
            return RestScene(ctx, step.seconds)
        if isinstance(step, Results):
            return ResultsScene(ctx)
        if isinstance(step, Exercising):
            return self._play(ctx.start_play(step.game, step))
        visit = ctx.visit
        return PickerScene(ctx, self, can_finish=visit is not None and bool(visit.plays))

    def _play(self, play: Play) -> Scene:
        return QuickMaxScene(self.ctx, play) if play.quick is not None else play.start_game()

    def _end(self) -> None:
        from station.screens.attract import AttractScene  # noqa: PLC0415 - the loop closes here

        self.ctx.end_visit()
        self.ctx.visits_done += 1
        if self.stack is not None:
            self.stack.replace(AttractScene(self.ctx))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((110, 190, 255))  # shown for no frame: a step is always on top
