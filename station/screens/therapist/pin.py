"""The way into therapist mode: a numeric PIN pad (and, on first start, choosing a PIN).

The PIN is checked by ``station.storage`` (a salted scrypt hash, a lock that grows with
each wrong try and survives a restart); this screen only shows the pad, the dots and
what the check said. A correct PIN replaces this screen with the therapist menu.
"""

from __future__ import annotations

import pygame

from station import storage
from station.play.context import PlayContext
from station.screens.therapist import kit
from station.screens.therapist.base import TherapistScene
from station.storage import InvalidRecord, StorageError


class PinScene(TherapistScene):
    title = "Therapist PIN"
    name = "pin"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        self.pad = kit.PinPad()
        self.choosing = not storage.has_pin(ctx.db)
        """No PIN yet: the first therapist chooses one (typed twice)."""
        self._first: str | None = None
        self.title = "Choose a therapist PIN" if self.choosing else "Therapist PIN"
        if self.choosing:
            self.say("First start: choose a PIN of 4 to 8 digits. It is stored only as a hash.")

    def on_press(self, key: object) -> None:
        if self.pad.press(key):
            digits, self.pad.digits = self.pad.digits, ""
            if self.choosing:
                self._choose(digits)
            else:
                self._check(digits)

    def _choose(self, digits: str) -> None:
        if self._first is None:
            try:
                storage.clean_pin(digits)
            except InvalidRecord as error:
                self.say(str(error))
                return
            self._first = digits
            self.title = "Type the new PIN again"
            self.say("")
            return
        first, self._first = self._first, None
        if digits != first:
            self.title = "Choose a therapist PIN"
            self.say("The two PINs were not the same; choose one again.")
            return
        try:
            storage.set_pin(self.ctx.db, digits)
        except StorageError as error:  # a locked or read-only database: nothing was stored
            self.title = "Choose a therapist PIN"
            self.say(f"The PIN was not stored. {error}")
            return
        self._open_menu()

    def _check(self, digits: str) -> None:
        try:
            outcome = storage.check_pin(self.ctx.db, digits, now=self.ctx.wall_clock())
        except StorageError as error:  # a wrong try could not be counted: let nobody in
            self.say(f"The PIN could not be checked. {error}")
            return
        if outcome.ok:
            self._open_menu()
        else:
            self.say(outcome.message)

    def _open_menu(self) -> None:
        from station.screens.therapist.menu import TherapistMenu  # noqa: PLC0415 - opens the way in

        if self.stack is not None:
            self.stack.replace(TherapistMenu(self.ctx))

    def layout(self, body: pygame.Rect) -> list[kit.Button]:
        side = min(body.h - body.h // 5, body.w)
        pad_area = pygame.Rect(0, 0, round(side * 0.9), side - body.h // 8)
        pad_area.midbottom = body.midbottom
        return self.pad.buttons(pad_area)

    def draw_body(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        dots = pygame.Rect(body.x, body.y, body.w, body.h // 8)
        self.pad.draw_dots(surface, dots)
