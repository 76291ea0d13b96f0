"""The players screen driven headless through taps on its buttons, to the end of each task."""

from __future__ import annotations

import csv

import pytest

from station.clinic.exercise import Exercise, Program
from station.screens.therapist import kit
from station.screens.therapist import players as players_screen
from station.screens.therapist.menu import TherapistMenu
from station.screens.therapist.players import PlayersScene, View
from station.storage import (
    EXPORT_COLUMNS,
    add_player,
    current_program,
    export_rows,
    find_player,
    list_players,
    save_program,
)
from tests.support.app import App


@pytest.fixture
def usb(monkeypatch, tmp_path):
    """No USB stick unless a test mounts one; exports go under the test's data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    sticks: list = []
    monkeypatch.setattr(players_screen, "find_usb_sticks", lambda: list(sticks))
    return sticks


def open_app(tmp_path, size=(800, 480), players=()) -> App:
    """The app with therapist mode open on the players screen; ``players`` are added first."""
    app = App(tmp_path, size=size)
    for nickname in players:
        add_player(app.db, nickname=nickname, avatar="owl", dominant_hand="right")
    app.shell.stack.push(TherapistMenu(app.ctx))
    app.frame()
    tap(app, "players")
    assert isinstance(app.top, PlayersScene)
    return app


def button(app: App, key: object) -> kit.Button:
    found = [b for b in app.top.buttons if b.key == key]
    assert found, f"no button {key!r} on {app.top.view}: {[b.key for b in app.top.buttons]}"
    return found[0]


def tap(app: App, key: object) -> None:
    target = button(app, key)
    assert target.enabled, f"{key!r} is disabled"
    app.tap(target.rect.center)


def type_text(app: App, text: str) -> None:
    """Type on the on-screen keyboard, with shift as a finger would, then press done."""
    keyboard = app.top.keyboard
    for char in text:
        if char == " ":
            tap(app, kit.SPACE)
            continue
        if char.isalpha() and char.isupper() != keyboard.shift:
            tap(app, kit.SHIFT)
        tap(app, char.lower())
    tap(app, kit.DONE)


def clear_text(app: App) -> None:
    for _ in range(len(app.top.keyboard.text)):
        tap(app, kit.DELETE)


def assert_fits(app: App) -> None:
    screen = app.surface.get_rect()
    rects = [b.rect for b in app.top.buttons]
    assert rects
    for rect in rects:
        assert screen.contains(rect), f"{rect} is outside {screen} on {app.top.view}"
        assert rect.w >= 20 and rect.h >= 20, f"{rect} is too small to touch"
    for index, rect in enumerate(rects):
        others = rects[index + 1 :]
        assert rect.collidelist(others) == -1, f"{rect} overlaps another button"


def player_key(app: App, nickname: str) -> tuple[str, int]:
    player = find_player(app.db, nickname)
    assert player is not None
    return ("player", player.id)


def test_a_player_is_created_edited_archived_and_restored(tmp_path, usb):
    app = open_app(tmp_path)
    tap(app, players_screen.NEW)
    assert app.top.view is View.FORM
    tap(app, players_screen.NICKNAME)
    type_text(app, "Zoé")
    tap(app, players_screen.PICTURE)
    assert app.top.view is View.PICTURES
    tap(app, ("avatar", "fox"))
    start = app.top.draft.year.value
    tap(app, ("year", -1))
    tap(app, ("year", -1))
    tap(app, players_screen.LEFT)
    tap(app, players_screen.NOTES)
    type_text(app, "Likes crabs")
    tap(app, players_screen.SAVE)

    assert app.top.view is View.LIST
    assert "Saved Zoé" in app.top.message
    zoe = find_player(app.db, "zoé")
    assert zoe is not None
    assert (zoe.avatar, zoe.birth_year, zoe.dominant_hand) == ("fox", start - 2, "left")
    assert zoe.notes == "Likes crabs"
    app.frame()
    assert player_key(app, "Zoé") in [b.key for b in app.top.buttons]

    tap(app, player_key(app, "Zoé"))
    tap(app, players_screen.NICKNAME)
    type_text(app, " B")
    tap(app, players_screen.YEAR_KNOWN)
    tap(app, players_screen.SAVE)
    edited = find_player(app.db, "Zoé B")
    assert edited is not None and edited.id == zoe.id
    assert edited.birth_year is None and edited.avatar == "fox"

    tap(app, ("player", zoe.id))
    tap(app, players_screen.ARCHIVE)
    assert list_players(app.db) == []
    assert "archived" in app.top.message
    app.frame()
    assert ("player", zoe.id) not in [b.key for b in app.top.buttons]
    assert button(app, players_screen.ARCHIVED_VIEW).label == "Archived (1)"

    tap(app, players_screen.ARCHIVED_VIEW)
    assert app.top.view is View.ARCHIVED
    tap(app, ("player", zoe.id))
    tap(app, players_screen.RESTORE)
    assert [p.id for p in list_players(app.db)] == [zoe.id]
    assert app.top.view is View.LIST and "restored" in app.top.message
    app.close()


def test_a_refused_nickname_is_shown_with_its_reason_and_nothing_is_saved(tmp_path, usb):
    app = open_app(tmp_path)
    add_player(app.db, nickname="Mia", avatar="cat", dominant_hand="right")
    tap(app, players_screen.NEW)
    tap(app, players_screen.NICKNAME)
    type_text(app, "mia")
    tap(app, players_screen.SAVE)
    assert app.top.view is View.FORM
    assert "There is already an active player called 'mia'" in app.top.message
    assert [p.nickname for p in list_players(app.db, include_archived=True)] == ["Mia"]

    tap(app, players_screen.NICKNAME)
    clear_text(app)
    type_text(app, "-")
    tap(app, players_screen.SAVE)
    assert app.top.message == "A nickname needs at least one letter or digit."
    assert len(list_players(app.db, include_archived=True)) == 1

    tap(app, players_screen.NICKNAME)
    clear_text(app)
    type_text(app, "Mia 2")
    tap(app, players_screen.SAVE)
    assert find_player(app.db, "Mia 2") is not None
    app.close()


def test_deleting_offers_the_export_first_then_erases_every_row(tmp_path, usb):
    usb.append(tmp_path / "stick")
    app = open_app(tmp_path, players=["Mia", "Noah"])
    mia, keep = find_player(app.db, "Mia"), find_player(app.db, "Noah")
    exercise = Exercise("grip", "right", "percent", 40, 3, 8, 2, 30)
    save_program(app.db, mia.id, Program((exercise,), 3))
    save_program(app.db, keep.id, Program((exercise,), 2))
    tap(app, ("player", mia.id))
    tap(app, players_screen.ERASE)
    assert app.top.view is View.ERASE
    assert_fits(app)
    assert [b.key for b in app.top.buttons[2:]] == [players_screen.EXPORT, players_screen.CONFIRM]

    tap(app, players_screen.EXPORT)
    folder = tmp_path / "stick" / "Mia"
    assert "Exported 4 files" in app.top.message
    for kind in EXPORT_COLUMNS:
        assert (folder / f"{kind}.csv").is_file()
    with (folder / "players.csv").open(encoding="utf-8") as handle:
        assert [row["nickname"] for row in csv.DictReader(handle)] == ["Mia"]

    tap(app, players_screen.CONFIRM)
    type_text(app, "Noah")
    assert app.top.view is View.ERASE
    assert "nothing was deleted" in app.top.message
    assert find_player(app.db, "Mia") is not None

    tap(app, players_screen.CONFIRM)
    type_text(app, "mia")
    assert app.top.view is View.LIST
    assert "Mia was deleted for good" in app.top.message
    assert find_player(app.db, "Mia") is None
    for kind in EXPORT_COLUMNS:
        assert list(export_rows(app.db, kind, mia.id)) == []
    assert current_program(app.db, mia.id) is None
    assert list(app.db.query("SELECT * FROM programs WHERE player_id = ?", [mia.id])) == []
    assert current_program(app.db, keep.id) is not None
    app.close()


def test_without_a_stick_the_export_goes_to_the_data_folder(tmp_path, usb):
    app = open_app(tmp_path, players=["Mia"])
    mia = find_player(app.db, "Mia")
    tap(app, ("player", mia.id))
    tap(app, players_screen.ERASE)
    tap(app, players_screen.EXPORT)
    assert (tmp_path / "data" / "grip-station" / "exports" / "Mia" / "players.csv").is_file()
    app.close()


@pytest.mark.parametrize("size", [(800, 480), (1920, 1080)])
def test_every_view_fits_the_screen(tmp_path, usb, size):
    app = open_app(tmp_path, size, [f"Child {n}" for n in range(10)])  # more than a page
    assert_fits(app)
    assert len([b for b in app.top.buttons if b.key[0] == "player"]) == players_screen.PER_PAGE
    tap(app, players_screen.NEXT)
    assert_fits(app)
    assert len([b for b in app.top.buttons if b.key[0] == "player"]) == 2
    tap(app, ("player", find_player(app.db, "Child 9").id))
    assert_fits(app)
    tap(app, players_screen.PICTURE)
    assert_fits(app)
    tap(app, ("avatar", "robot"))
    tap(app, players_screen.NOTES)
    assert_fits(app)
    tap(app, "back")
    tap(app, players_screen.YEAR_KNOWN)
    assert_fits(app)
    tap(app, players_screen.ARCHIVE)
    tap(app, players_screen.ARCHIVED_VIEW)
    assert_fits(app)
    tap(app, "back")
    tap(app, players_screen.NEW)
    assert_fits(app)
    tap(app, "back")
    assert app.top.view is View.LIST
    tap(app, "back")
    assert isinstance(app.top, TherapistMenu)
    app.close()
