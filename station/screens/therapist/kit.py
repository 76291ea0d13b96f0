"""The therapist screens' widgets: buttons, a PIN pad, an on-screen keyboard, steppers.

Plain on purpose: dark background, white words, big targets a hurried finger hits.
Every widget lays itself out in a rectangle and answers a press with a key; screens
only say what each key does. Sizes follow the rectangle, so 800x480 and 1920x1080 both
work, and nothing here keeps more state than a widget's own value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pygame

from station.screens import ui
from station.screens.ui import Colour, Fonts

BACKGROUND: Colour = (24, 28, 44)
BAR: Colour = (38, 44, 68)
BUTTON: Colour = (62, 72, 110)
BUTTON_LIT: Colour = (96, 112, 170)
PRIMARY: Colour = (40, 150, 100)
DANGER: Colour = (190, 60, 60)
DISABLED: Colour = (50, 54, 70)
TEXT: Colour = (245, 247, 255)
MUTED: Colour = (165, 172, 200)
WARNING: Colour = (255, 200, 90)

FONTS = Fonts()


@dataclass
class Button:
    """A labelled touch target; ``key`` is what a press on it means to the screen."""

    rect: pygame.Rect
    label: str
    key: object
    colour: Colour = BUTTON
    enabled: bool = True

    def hit(self, pos: tuple[int, int]) -> bool:
        return self.enabled and self.rect.collidepoint(pos)


def draw_button(surface: pygame.Surface, button: Button, *, lit: bool = False) -> None:
    rect = button.rect
    fill = DISABLED if not button.enabled else (BUTTON_LIT if lit else button.colour)
    pygame.draw.rect(surface, fill, rect, border_radius=max(4, rect.h // 6))
    colour = TEXT if button.enabled else MUTED
    label = rect.inflate(-rect.h // 3, -rect.h // 3)
    FONTS.draw(surface, button.label, label, colour, align="center")


def draw_text(
    surface: pygame.Surface,
    text: str,
    rect: pygame.Rect,
    colour: Colour = TEXT,
    *,
    align: str = "left",
) -> None:
    FONTS.draw(surface, text, rect, colour, align=align)


def draw_lines(
    surface: pygame.Surface, lines: Sequence[str], rect: pygame.Rect, colour: Colour = TEXT
) -> None:
    """Several lines of one size filling ``rect`` from the top (the size fits the longest)."""
    if not lines:
        return
    line_h = min(rect.h // len(lines), max(18, rect.h // 6))
    longest = max(lines, key=len)
    px = FONTS.fitting(longest, rect.w, line_h)
    for index, line in enumerate(lines):
        image = FONTS.render(line, px, colour)
        surface.blit(image, (rect.x, rect.y + index * line_h))


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def row(area: pygame.Rect, count: int, gap: int) -> list[pygame.Rect]:
    """``count`` equal cells side by side."""
    return ui.grid(area, count, count, gap) if count else []


def column(area: pygame.Rect, count: int, gap: int) -> list[pygame.Rect]:
    """``count`` equal cells one above the other."""
    return ui.grid(area, count, 1, gap) if count else []


def pressed(buttons: Sequence[Button], pos: tuple[int, int]) -> Button | None:
    return next((b for b in buttons if b.hit(pos)), None)


# -- PIN pad -------------------------------------------------------------------------------

DIGITS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok")


@dataclass
class PinPad:
    """Ten digits, back and OK; the digits typed are shown as dots, never as numbers."""

    max_digits: int = 8
    digits: str = ""

    def buttons(self, area: pygame.Rect) -> list[Button]:
        gap = max(4, area.h // 40)
        cells = ui.grid(area, len(DIGITS), 3, gap)
        labels = {"back": "<", "ok": "OK"}
        return [
            Button(cell, labels.get(key, key), key, PRIMARY if key == "ok" else BUTTON)
            for cell, key in zip(cells, DIGITS, strict=True)
        ]

    def press(self, key: object) -> bool:
        """Apply a key; True when OK was pressed."""
        if key == "back":
            self.digits = self.digits[:-1]
        elif key == "ok":
            return True
        elif isinstance(key, str) and key.isdigit() and len(self.digits) < self.max_digits:
            self.digits += key
        return False

    def clear(self) -> None:
        self.digits = ""

    def draw_dots(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        radius = max(4, rect.h // 4)
        for index in range(self.max_digits):
            centre = (rect.centerx + (index - (self.max_digits - 1) / 2) * radius * 3, rect.centery)
            filled = index < len(self.digits)
            pygame.draw.circle(surface, TEXT, centre, radius, 0 if filled else max(1, radius // 4))


# -- on-screen keyboard ----------------------------------------------------------------------

LETTER_ROWS = ("qwertyuiop", "asdfghjkl'", "zxcvbnm-.", "éèàçöüñ")
SHIFT, SPACE, DELETE, DONE = "shift", "space", "delete", "done"


@dataclass
class Keyboard:
    """Letters (with the accents French, German and Spanish names need), space, delete."""

    text: str = ""
    max_chars: int = 40
    shift: bool = True
    """Capital for the first letter of a name, then small letters."""
    with_digits: bool = False

    def rows(self) -> list[list[str]]:
        letters = [list(r) for r in LETTER_ROWS]
        if self.with_digits:
            letters.insert(0, list("1234567890"))
        return [*letters, [SHIFT, SPACE, DELETE, DONE]]

    def buttons(self, area: pygame.Rect) -> list[Button]:
        rows = self.rows()
        gap = max(3, area.h // 60)
        row_h = (area.h - gap * (len(rows) - 1)) // len(rows)
        widest = max(len(r) for r in rows[:-1])
        key_w = (area.w - gap * (widest - 1)) // widest
        buttons = []
        for index, keys in enumerate(rows):
            y = area.y + index * (row_h + gap)
            if index == len(rows) - 1:
                cells = row(pygame.Rect(area.x, y, area.w, row_h), len(keys), gap)
            else:
                width = len(keys) * key_w + (len(keys) - 1) * gap
                left = area.x + (area.w - width) // 2
                cells = [
                    pygame.Rect(left + i * (key_w + gap), y, key_w, row_h) for i in range(len(keys))
                ]
            for cell, key in zip(cells, keys, strict=True):
                buttons.append(
                    Button(cell, self._label(key), key, PRIMARY if key == DONE else BUTTON)
                )
        return buttons

    def _label(self, key: str) -> str:
        names = {SHIFT: "Aa", SPACE: "space", DELETE: "delete", DONE: "done"}
        if key in names:
            return names[key]
        return key.upper() if self.shift else key

    def press(self, key: object) -> bool:
        """Apply a key; True when done was pressed."""
        if key == DONE:
            return True
        if key == SHIFT:
            self.shift = not self.shift
        elif key == DELETE:
            self.text = self.text[:-1]
        elif isinstance(key, str) and len(self.text) < self.max_chars:
            char = " " if key == SPACE else (key.upper() if self.shift else key)
            self.text += char
            self.shift = False
        return False


# -- numbers and choices --------------------------------------------------------------------


@dataclass
class Stepper:
    """A number set with - and + (and held to its range): no typing on a touch screen."""

    label: str
    value: float
    step: float
    low: float
    high: float
    unit: str = ""
    decimals: int = 0
    key: str = field(default="")

    def __post_init__(self) -> None:
        self.key = self.key or self.label
        # Held to the range but not to the step: a program set on the command line with a
        # 7 s rest must not become 5 s just by being opened and saved here.
        self.value = min(self.high, max(self.low, self.value))

    def _held(self, value: float) -> float:
        return min(self.high, max(self.low, round(value / self.step) * self.step))

    @property
    def text(self) -> str:
        return f"{self.value:.{self.decimals}f}{self.unit}"

    def buttons(self, rect: pygame.Rect) -> list[Button]:
        side = rect.h
        return [
            Button(pygame.Rect(rect.right - 2 * side - 8, rect.y, side, side), "-", (self.key, -1)),
            Button(pygame.Rect(rect.right - side, rect.y, side, side), "+", (self.key, 1)),
        ]

    def press(self, direction: int) -> None:
        self.value = self._held(self.value + direction * self.step)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        side = rect.h
        label = pygame.Rect(rect.x, rect.y, rect.w - 3 * side - 16, side)
        value = pygame.Rect(label.right, rect.y, side + 8, side)
        draw_text(surface, self.label, label.inflate(0, -side // 3), MUTED)
        draw_text(surface, self.text, value.inflate(0, -side // 4), TEXT, align="right")
        for button in self.buttons(rect):
            draw_button(surface, button)
