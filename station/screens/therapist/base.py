"""What every therapist screen shares: a title bar with Back and Log out, buttons that act
on release, and a logout after a few idle minutes (the shell counts the idle time).
"""

from __future__ import annotations

import pygame

from games.kit.actions import Action, Pointer
from games.kit.layout import Viewport
from station.play.context import PlayContext
from station.screens import ui
from station.screens.base import StationScene
from station.screens.therapist import kit
from station.storage import THERAPIST_IDLE_S

BACK, LOGOUT = "back", "logout"


class TherapistScene(StationScene):
    """A screen behind the PIN; subclasses lay out ``body_buttons`` and draw the body."""

    title = "Therapist"
    idle_s: float | None = THERAPIST_IDLE_S

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        self.buttons: list[kit.Button] = []
        self.message = ""
        """One line for the therapist: a refusal with its reason, or what was just saved."""
        self.message_colour = kit.WARNING
        self._press_of = ui.Press()

    # -- input --------------------------------------------------------------------------

    def handle_action(self, action: Action) -> None:
        if not isinstance(action, Pointer):
            return
        button = kit.pressed(self.buttons, action.pos)
        chosen = self._press_of.feed(action, None if button is None else button.key)
        if chosen is not None:
            self.press(chosen)

    def press(self, key: object) -> None:
        if key == BACK:
            self.done()
        elif key == LOGOUT:
            self.log_out()
        else:
            self.on_press(key)

    def on_press(self, key: object) -> None:
        """A body button was pressed."""

    def log_out(self) -> None:
        from station.screens.attract import AttractScene  # noqa: PLC0415 - back to the start

        if self.stack is not None:
            self.ctx.end_visit()
            self.stack.reset(AttractScene(self.ctx))

    def say(self, text: str, *, ok: bool = False) -> None:
        self.message = text
        self.message_colour = kit.PRIMARY if ok else kit.WARNING

    # -- drawing ------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        vp = Viewport.of(surface)
        surface.fill(kit.BACKGROUND)
        bar = pygame.Rect(0, 0, vp.width, vp.h(0.13))
        pygame.draw.rect(surface, kit.BAR, bar)
        pad = vp.h(0.02)
        back = kit.Button(pygame.Rect(pad, pad, vp.h(0.2), bar.h - 2 * pad), "Back", BACK)
        logout = kit.Button(
            pygame.Rect(vp.width - pad - vp.h(0.3), pad, vp.h(0.3), bar.h - 2 * pad),
            "Log out",
            LOGOUT,
        )
        title = pygame.Rect(back.rect.right + pad, pad, 0, bar.h - 2 * pad)
        title.width = logout.rect.left - pad - title.x
        kit.draw_text(surface, self.title, title.inflate(0, -bar.h // 4), align="center")
        message_h = vp.h(0.11) if self.message else 0
        body = pygame.Rect(pad, bar.bottom + pad, vp.width - 2 * pad, 0)
        body.height = vp.height - body.y - pad - message_h
        self.buttons = [back, logout, *self.layout(body)]
        for button in self.buttons:
            kit.draw_button(surface, button, lit=button.key == self._press_of.down)
        self.draw_body(surface, body)
        if self.message:
            area = pygame.Rect(pad, vp.height - message_h - pad // 2, vp.width - 2 * pad, message_h)
            kit.draw_lines(surface, kit.wrap(self.message, 70), area, self.message_colour)

    def layout(self, body: pygame.Rect) -> list[kit.Button]:
        """The body's buttons for this frame (drawn by the base)."""
        return []

    def draw_body(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        """What the body shows beside its buttons."""
