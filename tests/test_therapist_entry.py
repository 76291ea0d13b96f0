"""Into therapist mode and out again: the hidden corner, the PIN pad, the lock, the logout."""

from __future__ import annotations

import pytest

from games.kit.actions import MOUSE, Phase, Pointer
from station.screens.therapist.menu import TherapistMenu
from station.screens.therapist.pin import PinScene
from station.storage import THERAPIST_IDLE_S, database_path, has_pin, open_read_only, set_pin
from tests.support.app import App

CORNER = (795, 475)


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    running = App(tmp_path)
    running.ctx.wall_clock = lambda: running.clock.now_ns / 1e9
    yield running
    running.close()


def hold_corner(app: App, seconds: float) -> None:
    app.send(Pointer(Phase.DOWN, MOUSE, CORNER, 0.99, 0.99))
    app.run(seconds)
    app.send(Pointer(Phase.UP, MOUSE, CORNER, 0.99, 0.99))
    app.frame()


def type_pin(app: App, digits: str) -> None:
    for key in [*digits, "ok"]:
        app.frame()
        button = next(b for b in app.top.buttons if b.key == key)
        app.tap(button.rect.center)


def test_a_short_touch_in_the_corner_is_just_a_touch(app):
    app.frame()
    hold_corner(app, 1.0)
    assert not isinstance(app.top, PinScene)


def test_a_long_press_in_the_corner_asks_for_the_pin_from_any_screen(app):
    set_pin(app.db, "2468")
    app.frame()
    hold_corner(app, 3.2)
    assert isinstance(app.top, PinScene) and not app.top.choosing
    type_pin(app, "2468")
    assert isinstance(app.top, TherapistMenu)


def test_the_front_button_held_opens_the_pin_pad_too(app):
    app.frame()
    app.hold_front_button()
    assert isinstance(app.top, PinScene)


def test_the_first_start_asks_for_a_new_pin_twice_and_stores_it(app):
    app.frame()
    hold_corner(app, 3.2)
    assert app.top.choosing
    type_pin(app, "12")
    assert "4 to 8 digits" in app.top.message
    type_pin(app, "13579")
    type_pin(app, "13570")
    assert "not the same" in app.top.message and not has_pin(app.db)
    type_pin(app, "13579")
    type_pin(app, "13579")
    assert isinstance(app.top, TherapistMenu) and has_pin(app.db)


def test_wrong_pins_lock_the_pad_for_a_while_even_after_a_restart(app, tmp_path):
    set_pin(app.db, "2468")
    app.frame()
    hold_corner(app, 3.2)
    for _ in range(3):
        type_pin(app, "1111")
    assert "try again in" in app.top.message.lower() or "locked" in app.top.message.lower()
    type_pin(app, "2468")
    assert isinstance(app.top, PinScene), "the right PIN does not open a locked pad"
    again = App(tmp_path)
    again.ctx.wall_clock = app.ctx.wall_clock
    again.frame()
    hold_corner(again, 3.2)
    type_pin(again, "2468")
    assert isinstance(again.top, PinScene), "the lock survives a restart"
    app.clock.now_ns += 10 * 60 * 10**9
    type_pin(again, "2468")
    assert isinstance(again.top, TherapistMenu)
    again.close()


def test_an_idle_therapist_is_logged_out_to_the_attract_screen(app):
    set_pin(app.db, "2468")
    app.frame()
    hold_corner(app, 3.2)
    type_pin(app, "2468")
    app.run(THERAPIST_IDLE_S - 5)
    assert isinstance(app.top, TherapistMenu), "a therapist reading is given a few minutes"
    app.run(10)
    assert app.top_name == "AttractScene"


def test_a_database_that_cannot_be_written_is_named_on_the_pin_pad_and_nobody_gets_in(app):
    set_pin(app.db, "2468")
    app.frame()
    hold_corner(app, 3.2)
    app.ctx.db = open_read_only(database_path(app.db))  # as a read-only SD card would make it
    try:
        type_pin(app, "1111")
        assert isinstance(app.top, PinScene) and app.shell.screen_faults == 0
        assert "could not be checked" in app.top.message and "cannot be written" in app.top.message
    finally:
        app.ctx.db.close()


def test_a_new_pin_that_cannot_be_stored_says_so_and_asks_again(app):
    app.frame()
    hold_corner(app, 3.2)
    app.ctx.db = open_read_only(database_path(app.db))
    try:
        type_pin(app, "13579")
        type_pin(app, "13579")
        assert isinstance(app.top, PinScene) and app.top.choosing
        assert "not stored" in app.top.message
    finally:
        app.ctx.db.close()
    assert not has_pin(app.db)
