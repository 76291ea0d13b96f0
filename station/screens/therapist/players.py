"""Players on the touch screen: create, edit, archive, restore, and erase a child for good.

One scene with a few views (the list, the archived list, the form, the keyboard, the
avatar grid, the erase confirmation), so Back steps out of a view and not out of the
scene. The form keeps a draft and storage sees it only on Save, all fields at once:
storage checks them all before it writes, so a refusal (a duplicate or unreadable
nickname) is shown with its sentence and nothing is half-saved. Erasing first offers
the child's CSV export, then asks for the nickname typed back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import pygame

from station import paths
from station.play.context import PlayContext
from station.reports.export import ExportError, export_csv
from station.reports.usb import find_usb_sticks
from station.screens.art.avatars import AVATARS, DEFAULT_AVATAR, draw_avatar
from station.screens.therapist import kit
from station.screens.therapist.base import BACK, TherapistScene
from station.storage import (
    InvalidRecord,
    Player,
    add_player,
    delete_player,
    get_player,
    list_players,
    set_archived,
    update_player,
)

COLUMNS, ROWS = 4, 2
PER_PAGE = COLUMNS * ROWS
AVATAR_COLUMNS = 8
YEARS_BACK = 30
"""The birth-year stepper reaches this far back (further if a player's year is older)."""
AGE_OF_A_NEW_PLAYER = 7
"""A new player's birth year starts this many years back: a usual clinic age."""
NOTES_KEYBOARD_CHARS = 300
PREV, NEXT = "prev", "next"
NEW, ARCHIVED_VIEW, ACTIVE_VIEW = "new", "archived", "active"
NICKNAME, PICTURE, YEAR_KNOWN, NOTES = "nickname", "picture", "year known", "notes"
SAVE, ARCHIVE, RESTORE, ERASE, EXPORT, CONFIRM = (
    "save",
    "archive",
    "restore",
    "erase",
    "export",
    "confirm",
)
LEFT, RIGHT = "left", "right"


class View(StrEnum):
    LIST = "Players"
    ARCHIVED = "Archived players"
    FORM = "Player"
    TYPING = "Type"
    PICTURES = "Pick a picture"
    ERASE = "Delete for good"


class Typing(StrEnum):
    """What the keyboard is typing."""

    NICKNAME = "Nickname"
    NOTES = "Notes"
    CONFIRM = "Type the nickname to delete"


@dataclass
class Draft:
    """The form's values, saved only as a whole."""

    player: Player | None
    nickname: str
    avatar: str
    year: kit.Stepper
    year_known: bool
    hand: str
    notes: str

    @classmethod
    def of(cls, player: Player | None, this_year: int) -> Draft:
        born = None if player is None else player.birth_year
        low = min(this_year - YEARS_BACK, born or this_year)
        start = born or this_year - AGE_OF_A_NEW_PLAYER
        year = kit.Stepper("Birth year", start, 1, low, this_year, key="year")
        if player is None:
            return cls(None, "", DEFAULT_AVATAR, year, True, RIGHT, "")
        return cls(
            player,
            player.nickname,
            player.avatar,
            year,
            born is not None,
            player.dominant_hand,
            player.notes,
        )

    @property
    def birth_year(self) -> int | None:
        return round(self.year.value) if self.year_known else None


# -- what the players and programs screens share: a page of players as avatar tiles --------


def pages(count: int) -> int:
    return max(1, -(-count // PER_PAGE))


def player_buttons(players: Sequence[Player], area: pygame.Rect, page: int) -> list[kit.Button]:
    """One tile per player of this page; the tile's picture and name are drawn by
    ``draw_player_tiles``, since a button draws only a label."""
    shown = players[page * PER_PAGE : (page + 1) * PER_PAGE]
    cells = page_cells(area, PER_PAGE, COLUMNS)
    return [kit.Button(cell, "", ("player", p.id)) for cell, p in zip(cells, shown, strict=False)]


def draw_player_tiles(
    surface: pygame.Surface, buttons: Iterable[kit.Button], players: Sequence[Player]
) -> None:
    by_id = {("player", p.id): p for p in players}
    for button in buttons:
        player = by_id.get(button.key) if isinstance(button.key, tuple) else None
        if player is None:
            continue
        rect = button.rect
        pad = round(rect.h * 0.06)
        radius = min(rect.h * 0.3, rect.w * 0.3)
        draw_avatar(surface, player.avatar, (rect.centerx, rect.y + pad + radius), radius)
        name = pygame.Rect(rect.x + pad, round(rect.y + 2 * (pad + radius)), rect.w - 2 * pad, 0)
        name.height = rect.bottom - pad - name.y
        kit.FONTS.draw(surface, player.nickname, name, kit.TEXT, sample="Wwwww", align="center")


def page_buttons(area: pygame.Rect, page: int, count: int) -> list[kit.Button]:
    """Two arrows in ``area`` when the players fill more than one page."""
    if pages(count) < 2:
        return []
    left, right = kit.row(area, 2, max(4, area.h // 8))
    return [
        kit.Button(left, "<", PREV, enabled=page > 0),
        kit.Button(right, ">", NEXT, enabled=page < pages(count) - 1),
    ]


def page_cells(area: pygame.Rect, count: int, columns: int) -> list[pygame.Rect]:
    """Cells for ``count`` tiles, always the size of a full page (a short page keeps them)."""
    rows = -(-count // columns)
    gap = max(4, area.h // 40)
    cells = []
    width = (area.w - gap * (columns - 1)) // columns
    height = (area.h - gap * (rows - 1)) // rows
    for index in range(count):
        row, column = divmod(index, columns)
        cells.append(
            pygame.Rect(
                area.x + column * (width + gap), area.y + row * (height + gap), width, height
            )
        )
    return cells


def split_bottom(body: pygame.Rect, share: float) -> tuple[pygame.Rect, pygame.Rect]:
    """The body's top and a strip of ``share`` of its height at the bottom, with a gap."""
    gap = max(4, body.h // 30)
    strip_h = round(body.h * share)
    top = pygame.Rect(body.x, body.y, body.w, body.h - strip_h - gap)
    strip = pygame.Rect(body.x, top.bottom + gap, body.w, strip_h)
    return top, strip


def this_year(ctx: PlayContext) -> int:
    return datetime.fromtimestamp(ctx.wall_clock(), UTC).year


def same_name(typed: str, nickname: str) -> bool:
    """Typed back as the nickname, ignoring case, composition and extra spaces."""

    def key(text: str) -> str:
        return unicodedata.normalize("NFC", " ".join(text.split()).casefold())

    return key(typed) == key(nickname)


# -- export before erasing -----------------------------------------------------------------


def export_folder(player: Player) -> Path:
    """The first USB stick when one is mounted (the family takes it away), else the
    station's data folder; one folder per child either way."""
    sticks = find_usb_sticks()
    return (sticks[0] if sticks else paths.data_dir() / "exports") / player.nickname


# -- the scene -----------------------------------------------------------------------------


class PlayersScene(TherapistScene):
    title = View.LIST.value
    name = "therapist players"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        self.view = View.LIST
        self.page = 0
        self.players: list[Player] = []
        self.archived_count = 0
        self.draft: Draft | None = None
        self.keyboard = kit.Keyboard()
        self.typing = Typing.NICKNAME
        self._typing_from = View.FORM
        self.export_to = Path()
        """Looked for once, on the way into the erase view: finding a stick probes it."""
        self.exported = False

    # -- moving between views --------------------------------------------------------------

    def _go(self, view: View) -> None:
        self.view = view
        self.title = view.value
        if view is View.FORM and self.draft is not None:
            self.title = self.draft.nickname or "New player"
        self.say("")

    def enter(self) -> None:
        """Read the players again whenever the screen shows (a command may have added one)."""
        self._reload()

    def _reload(self) -> None:
        everyone = list_players(self.ctx.db, include_archived=True)
        archived = self.view is View.ARCHIVED
        self.players = [p for p in everyone if p.archived == archived]
        self.archived_count = sum(p.archived for p in everyone)
        self.page = min(self.page, pages(len(self.players)) - 1)

    def _to_list(self, view: View) -> None:
        self.draft = None
        self.page = 0
        self._go(view)
        self._reload()

    def _type(self, what: Typing, text: str, max_chars: int) -> None:
        self._typing_from = self.view
        self.typing = what
        self.keyboard = kit.Keyboard(text, max_chars, shift=not text, with_digits=True)
        self._go(View.TYPING)
        self.title = what.value

    def press(self, key: object) -> None:
        if key != BACK or self.view is View.LIST:
            super().press(key)
        elif self.view is View.ARCHIVED:
            self._to_list(View.LIST)
        elif self.view is View.FORM:
            player = None if self.draft is None else self.draft.player
            self._to_list(View.ARCHIVED if player is not None and player.archived else View.LIST)
        elif self.view is View.TYPING:
            self._go(self._typing_from)
        else:  # the pictures and the erase confirmation belong to the form
            self._go(View.FORM)

    def on_press(self, key: object) -> None:
        handler = {
            View.LIST: self._press_list,
            View.ARCHIVED: self._press_list,
            View.FORM: self._press_form,
            View.TYPING: self._press_typing,
            View.PICTURES: self._press_picture,
            View.ERASE: self._press_erase,
        }[self.view]
        handler(key)

    # -- the lists -------------------------------------------------------------------------

    def _press_list(self, key: object) -> None:
        if key == PREV:
            self.page = max(0, self.page - 1)
        elif key == NEXT:
            self.page = min(pages(len(self.players)) - 1, self.page + 1)
        elif key == NEW:
            self._open(None)
        elif key == ARCHIVED_VIEW:
            self._to_list(View.ARCHIVED)
        elif key == ACTIVE_VIEW:
            self._to_list(View.LIST)
        elif isinstance(key, tuple) and key[0] == "player":
            self._open(get_player(self.ctx.db, key[1]))

    def _open(self, player: Player | None) -> None:
        self.draft = Draft.of(player, this_year(self.ctx))
        self._go(View.FORM)

    # -- the form --------------------------------------------------------------------------

    def _press_form(self, key: object) -> None:
        draft = self.draft
        assert draft is not None
        if key == NICKNAME:
            self._type(Typing.NICKNAME, draft.nickname, kit.Keyboard.max_chars)
        elif key == NOTES:
            self._type(Typing.NOTES, draft.notes, max(NOTES_KEYBOARD_CHARS, len(draft.notes)))
        elif key == PICTURE:
            self._go(View.PICTURES)
        elif key == YEAR_KNOWN:
            draft.year_known = not draft.year_known
        elif key in (LEFT, RIGHT):
            draft.hand = str(key)
        elif isinstance(key, tuple) and key[0] == "year":
            draft.year.press(key[1])
        elif key == SAVE:
            self._save(draft)
        elif key in (ARCHIVE, RESTORE) and draft.player is not None:
            self._archive(draft.player, archived=key == ARCHIVE)
        elif key == ERASE and draft.player is not None:
            self.exported = False
            self.export_to = export_folder(draft.player)
            self._go(View.ERASE)

    def _save(self, draft: Draft) -> None:
        fields = {
            "nickname": draft.nickname,
            "avatar": draft.avatar,
            "dominant_hand": draft.hand,
            "birth_year": draft.birth_year,
            "notes": draft.notes,
        }
        try:
            if draft.player is None:
                saved = add_player(self.ctx.db, **fields)
            else:
                saved = update_player(self.ctx.db, draft.player.id, **fields)
        except InvalidRecord as error:
            self.say(str(error))
            return
        self._to_list(View.ARCHIVED if saved.archived else View.LIST)
        self.say(f"Saved {saved.nickname}.", ok=True)

    def _archive(self, player: Player, *, archived: bool) -> None:
        try:
            saved = set_archived(self.ctx.db, player.id, archived)
        except InvalidRecord as error:  # restoring beside an active namesake
            self.say(str(error))
            return
        self._to_list(View.LIST)
        done = "archived: kept, off the children's screen" if archived else "restored"
        self.say(f"{saved.nickname} {done}.", ok=True)

    # -- typing and pictures ---------------------------------------------------------------

    def _press_typing(self, key: object) -> None:
        if not self.keyboard.press(key):
            return
        text, draft = self.keyboard.text, self.draft
        assert draft is not None
        if self.typing is Typing.CONFIRM:
            self._go(View.ERASE)
            self._erase(draft, text)
            return
        if self.typing is Typing.NICKNAME:
            draft.nickname = text
        else:
            draft.notes = text
        self._go(View.FORM)

    def _press_picture(self, key: object) -> None:
        if isinstance(key, tuple) and key[0] == "avatar" and self.draft is not None:
            self.draft.avatar = key[1]
            self._go(View.FORM)

    # -- erasing ---------------------------------------------------------------------------

    def _press_erase(self, key: object) -> None:
        draft = self.draft
        assert draft is not None and draft.player is not None
        if key == EXPORT:
            folder = self.export_to
            try:
                written = export_csv(self.ctx.db, folder, draft.player.id)
            except ExportError as error:
                self.say(str(error))
                return
            self.exported = True
            self.say(f"Exported {len(written)} files to {folder}.", ok=True)
        elif key == CONFIRM:
            self._type(Typing.CONFIRM, "", kit.Keyboard.max_chars)

    def _erase(self, draft: Draft, typed: str) -> None:
        player = draft.player
        assert player is not None
        if not same_name(typed, player.nickname):
            self.say(f"That is not {player.nickname!r}: nothing was deleted.")
            return
        erased = delete_player(self.ctx.db, player.id)
        self._to_list(View.LIST)
        note = f" {len(erased.backups)} old backup copies still hold it." if erased.backups else ""
        self.say(f"{erased.nickname} was deleted for good ({erased.total} rows).{note}", ok=True)

    # -- layout ----------------------------------------------------------------------------

    def layout(self, body: pygame.Rect) -> list[kit.Button]:
        if self.view in (View.LIST, View.ARCHIVED):
            return self._list_buttons(body)
        if self.view is View.FORM:
            return self._form_buttons(body)
        if self.view is View.TYPING:
            return self.keyboard.buttons(_keyboard_area(body))
        if self.view is View.PICTURES:
            cells = page_cells(body, len(AVATARS), AVATAR_COLUMNS)
            return [
                kit.Button(cell, "", ("avatar", key))
                for cell, key in zip(cells, AVATARS, strict=True)
            ]
        return self._erase_buttons(body)

    def _list_buttons(self, body: pygame.Rect) -> list[kit.Button]:
        tiles, strip = split_bottom(body, 0.18)
        buttons = player_buttons(self.players, tiles, self.page)
        left, arrows = kit.row(strip, 2, max(4, strip.h // 4))
        if self.view is View.LIST:
            new, other = kit.row(left, 2, max(4, strip.h // 4))
            buttons.append(kit.Button(new, "New player", NEW, kit.PRIMARY))
            buttons.append(kit.Button(other, f"Archived ({self.archived_count})", ARCHIVED_VIEW))
        else:
            buttons.append(kit.Button(left, "Active players", ACTIVE_VIEW))
        return buttons + page_buttons(arrows, self.page, len(self.players))

    def _form_rows(self, body: pygame.Rect) -> tuple[list[pygame.Rect], int]:
        gap = max(4, body.h // 40)
        return kit.column(body, 6, gap), round(body.w * 0.22)

    def _form_buttons(self, body: pygame.Rect) -> list[kit.Button]:
        draft = self.draft
        assert draft is not None
        rows, label_w = self._form_rows(body)
        gap = max(4, body.h // 40)

        def field(rect: pygame.Rect) -> pygame.Rect:
            return pygame.Rect(rect.x + label_w, rect.y, rect.w - label_w, rect.h)

        nickname, picture, year, hand, notes, actions = rows
        buttons = [
            kit.Button(field(nickname), draft.nickname or "tap to type", NICKNAME),
            kit.Button(field(picture), "", PICTURE),
            kit.Button(field(notes), _preview(draft.notes) or "tap to type", NOTES),
        ]
        toggle = pygame.Rect(0, year.y, round(year.h * 3), year.h)
        toggle.right = year.right
        buttons.append(kit.Button(toggle, "Clear" if draft.year_known else "Set", YEAR_KNOWN))
        if draft.year_known:
            stepper = pygame.Rect(year.x, year.y, toggle.x - gap - year.x, year.h)
            buttons += draft.year.buttons(stepper)
        for cell, side in zip(kit.row(field(hand), 2, gap), (LEFT, RIGHT), strict=True):
            colour = kit.PRIMARY if draft.hand == side else kit.BUTTON
            buttons.append(kit.Button(cell, side.capitalize(), side, colour))
        player = draft.player
        if player is None:
            return [*buttons, kit.Button(actions, "Save new player", SAVE, kit.PRIMARY)]
        save, archive, erase = kit.row(actions, 3, gap)
        archived = player.archived
        return [
            *buttons,
            kit.Button(save, "Save", SAVE, kit.PRIMARY),
            kit.Button(
                archive, "Restore" if archived else "Archive", RESTORE if archived else ARCHIVE
            ),
            kit.Button(erase, "Delete for good", ERASE, kit.DANGER),
        ]

    def _erase_buttons(self, body: pygame.Rect) -> list[kit.Button]:
        draft = self.draft
        assert draft is not None and draft.player is not None
        _text, strip = split_bottom(body, 0.3)
        export, confirm = kit.row(strip, 2, max(4, strip.h // 6))
        name = draft.player.nickname
        return [
            kit.Button(export, f"Export {name}'s data first", EXPORT, kit.PRIMARY),
            kit.Button(confirm, "Type the nickname to delete", CONFIRM, kit.DANGER),
        ]

    # -- drawing ---------------------------------------------------------------------------

    def draw_body(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        if self.view in (View.LIST, View.ARCHIVED):
            draw_player_tiles(surface, self.buttons, self.players)
            if not self.players:
                empty = "No archived players." if self.view is View.ARCHIVED else "No players yet."
                kit.draw_text(surface, empty, split_bottom(body, 0.18)[0].inflate(0, -body.h // 2))
        elif self.view is View.FORM:
            self._draw_form(surface, body)
        elif self.view is View.TYPING:
            box = pygame.Rect(body.x, body.y, body.w, body.h // 7)
            pygame.draw.rect(surface, kit.BAR, box, border_radius=max(4, box.h // 6))
            shown = _tail(self.keyboard.text) + "_"
            kit.draw_text(surface, shown, box.inflate(-box.h // 2, -box.h // 3))
        elif self.view is View.PICTURES:
            for button in self.buttons:
                if isinstance(button.key, tuple) and button.key[0] == "avatar":
                    radius = min(button.rect.w, button.rect.h) * 0.42
                    draw_avatar(surface, button.key[1], button.rect.center, radius)
        else:
            self._draw_erase(surface, body)

    def _draw_form(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        draft = self.draft
        assert draft is not None
        rows, label_w = self._form_rows(body)
        labels = ("Nickname", "Picture", "", "Hand", "Notes")
        for rect, label in zip(rows, labels, strict=False):
            if label:
                cell = pygame.Rect(rect.x, rect.y, label_w - rect.h // 4, rect.h)
                kit.FONTS.draw(
                    surface, label, cell.inflate(0, -rect.h // 3), kit.MUTED, sample="Nickname"
                )
        picture = rows[1]
        radius = picture.h * 0.42
        draw_avatar(
            surface, draft.avatar, (picture.x + label_w + picture.h, picture.centery), radius
        )
        year = rows[2]
        if draft.year_known:
            toggle_w = round(year.h * 3)
            gap = max(4, body.h // 40)
            draft.year.draw(surface, pygame.Rect(year.x, year.y, year.w - toggle_w - gap, year.h))
        else:
            cell = pygame.Rect(year.x, year.y, year.w // 2, year.h)
            kit.draw_text(
                surface, "Birth year: not given", cell.inflate(0, -year.h // 3), kit.MUTED
            )

    def _draw_erase(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        draft = self.draft
        assert draft is not None and draft.player is not None
        name = draft.player.nickname
        text, _strip = split_bottom(body, 0.3)
        folder = self.export_to
        lines = [
            f"Delete {name} and everything of theirs for good:",
            "sessions, reps, force traces, max-force tests, programs, notes.",
            "This cannot be undone. Export their data first if the family wants it:",
            f"the CSV files go to {folder}.",
            "Exported." if self.exported else "Not exported yet.",
        ]
        kit.draw_lines(surface, lines, text)


def _keyboard_area(body: pygame.Rect) -> pygame.Rect:
    top = body.h // 7 + max(4, body.h // 30)
    return pygame.Rect(body.x, body.y + top, body.w, body.h - top)


def _preview(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 40 else line[:39] + "…"


def _tail(text: str) -> str:
    return text if len(text) <= 50 else "…" + text[-49:]
