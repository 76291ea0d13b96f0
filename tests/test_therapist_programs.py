"""The programs screen driven headless through taps: saved and read back, or refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from station.clinic.defaults import UNDER_6
from station.clinic.exercise import TargetKind
from station.clinic.norms import STANDARD_GRAVITY
from station.screens.therapist import programs as screen
from station.screens.therapist.kit import Stepper
from station.screens.therapist.menu import TherapistMenu
from station.screens.therapist.programs import ProgramsScene, View
from station.storage import add_player, current_program, find_player
from tests.support.app import App
from tests.test_therapist_players import assert_fits, button, tap

THIS_YEAR = datetime.now().year


def open_app(tmp_path, size=(800, 480), birth_year=THIS_YEAR - 5) -> App:
    """Therapist mode on the programs screen, with Mia (five this year) to pick."""
    app = App(tmp_path, size=size)
    add_player(app.db, nickname="Mia", avatar="cat", dominant_hand="right", birth_year=birth_year)
    app.shell.stack.push(TherapistMenu(app.ctx))
    app.frame()
    tap(app, "programs")
    assert isinstance(app.top, ProgramsScene)
    return app


def pick(app: App, nickname: str) -> None:
    tap(app, ("player", find_player(app.db, nickname).id))
    assert app.top.view is View.PROGRAM


def press_times(app: App, key: object, times: int) -> None:
    for _ in range(times):
        tap(app, key)


def test_a_program_is_built_by_taps_saved_and_read_back(tmp_path):
    app = open_app(tmp_path)
    pick(app, "Mia")
    assert "one exercise to start, set for age 5" in app.top.message
    first = app.top.drafts[0]
    assert (first.percent.value, first.hold.value, first.reps.value) == (
        UNDER_6.target_percent,
        UNDER_6.hold_s,
        UNDER_6.reps,
    )

    tap(app, ("edit", 0))
    assert app.top.view is View.EXERCISE
    tap(app, ("game", "wave"))
    tap(app, screen.LEFT)
    press_times(app, ("hold", 1), 2)
    press_times(app, ("percent", -1), 1)
    tap(app, screen.DONE)

    tap(app, screen.ADD)
    tap(app, ("game", "crab"))
    tap(app, ("pinch", "key"))
    tap(app, ("unit", screen.Unit.KG.value))
    press_times(app, ("kg", 1), 2)
    press_times(app, ("sets", 1), 1)
    press_times(app, ("rest", -1), 2)
    tap(app, screen.DONE)
    tap(app, ("up", 1))  # the pinch exercise first
    press_times(app, ("days", 1), 1)
    tap(app, screen.LIMIT_ON)
    tap(app, screen.SAVE)

    assert "Saved a new program for Mia" in app.top.message
    assert "No max-force test yet" in app.top.message
    stored = current_program(app.db, find_player(app.db, "Mia").id)
    assert stored is not None
    program = stored.program
    assert (program.days_per_week, program.limits.limit_n) == (4, screen.DEFAULT_LIMIT_N)
    crab, wave = program.exercises
    assert (crab.game, crab.sensor, crab.pinch_type, crab.hand) == ("crab", "pinch", "key", "right")
    assert crab.target_kind is TargetKind.NEWTONS
    assert crab.target_value == pytest.approx(6.0 * STANDARD_GRAVITY)
    assert (crab.sets, crab.rest_s) == (UNDER_6.sets + 1, UNDER_6.rest_s - 10)
    assert (wave.game, wave.sensor, wave.hand) == ("wave", "grip", "left")
    assert wave.target_kind is TargetKind.PERCENT
    assert (wave.target_value, wave.hold_s) == (UNDER_6.target_percent - 5, UNDER_6.hold_s + 1)

    tap(app, "back")  # and in again: the stored program is what the screen shows
    pick(app, "Mia")
    assert app.top.message == ""
    assert [d.game for d in app.top.drafts] == ["crab", "wave"]
    assert app.top.days.value == 4 and app.top.limit_on
    tap(app, ("remove", 0))
    tap(app, screen.SAVE)
    again = current_program(app.db, find_player(app.db, "Mia").id)
    assert again.id != stored.id
    assert [e.game for e in again.program.exercises] == ["wave"]
    app.close()


def test_a_target_the_sensor_cannot_measure_is_refused_with_the_reason(tmp_path):
    app = open_app(tmp_path)
    pick(app, "Mia")
    tap(app, ("edit", 0))
    tap(app, ("game", "crab"))
    tap(app, ("unit", screen.Unit.NEWTONS.value))
    press_times(app, ("newtons", 1), 50)  # 50 N + 50 x 5 N = 300 N
    tap(app, screen.DONE)
    tap(app, screen.SAVE)
    assert app.top.message == (
        "Exercise 1 refused: A target of 300 N is above what the pinch sensor can measure (216 N)."
    )
    assert current_program(app.db, find_player(app.db, "Mia").id) is None
    app.close()


def test_a_program_without_exercises_is_refused(tmp_path):
    app = open_app(tmp_path, birth_year=None)
    pick(app, "Mia")
    assert "set for an unknown age" in app.top.message
    tap(app, ("remove", 0))
    tap(app, screen.SAVE)
    assert app.top.message == "Program refused: A program needs at least one exercise."
    assert current_program(app.db, find_player(app.db, "Mia").id) is None
    app.close()


@pytest.mark.parametrize("size", [(800, 480), (1920, 1080)])
def test_every_view_fits_the_screen(tmp_path, size):
    app = open_app(tmp_path, size)
    assert_fits(app)
    pick(app, "Mia")
    for _ in range(5):  # more than a page of exercises, so the arrows show
        tap(app, screen.ADD)
        tap(app, screen.DONE)
    tap(app, screen.LIMIT_ON)
    assert_fits(app)
    assert button(app, screen.NEXT).enabled and not button(app, screen.PREV).enabled
    tap(app, screen.NEXT)
    assert_fits(app)
    tap(app, ("edit", 5))
    tap(app, ("game", "crab"))
    assert_fits(app)
    tap(app, screen.REMOVE_THIS)
    assert len(app.top.drafts) == 5
    tap(app, "back")
    assert app.top.view is View.PLAYERS
    tap(app, "back")
    assert isinstance(app.top, TherapistMenu)
    app.close()


def test_a_value_off_the_steppers_step_is_kept_until_it_is_changed():
    rest = Stepper("Rest", 7.0, 5.0, 0.0, 600.0, unit=" s")
    assert rest.value == 7.0, "opening a program must not change it"
    rest.press(1)
    assert rest.value == 10.0
    assert Stepper("Reps", 500, 1, 1, 100).value == 100, "still held to its range"
