"""The live force view (both sensors, traces, health) inside therapist mode, with Back.

The view is ``LiveScene``'s own, drawn into the body below the title bar, so the wiring
check a maintainer runs with ``grip-station live --window`` and this screen never drift
apart. Presses stay taps here (Back must work); Space and P still squeeze on a PC.
"""

from __future__ import annotations

import pygame

from station.play.context import PlayContext
from station.screens.live import LiveScene
from station.screens.squeeze import Presses
from station.screens.therapist.base import TherapistScene


class TherapistLiveScene(TherapistScene):
    title = "Live forces"
    name = "therapist live"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        setup = ctx.sensor_setup
        notice = None if setup is None else setup.notice
        self.live = LiveScene(ctx, notice=notice, escape_quits=False, presses=Presses.TAP)

    def tick(self, dt_ns: int) -> None:
        self.live.tick(dt_ns)

    def draw_body(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        self.live.draw(surface.subsurface(body))
