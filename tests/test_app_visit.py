"""A child's whole visit in the station app, headless: every screen, in order, and the record.

The bot plays (``autoplay``), or the test touches the screen where a child would; the
database is a real SQLite file, read back as the therapist's commands read it.
"""

from __future__ import annotations

import pygame
import pytest

from games.kit.actions import CloseRequest, Key, KeyAction, Phase
from games.kit.cards import PauseCard
from games.registry import get_game
from hardware.frames import GRIP, PINCH
from hardware.profiles import Constant
from hardware.sim_sources import ScriptedSource
from station.app.cli import main
from station.clinic.difficulty import guest_exercise
from station.play.visit import Exercising, VisitSettings
from station.screens import ouch
from station.screens.visit import VisitScene
from station.storage import (
    add_player,
    guest_pain_stops,
    list_players,
    open_database,
    pain_stops_of,
    player_history,
    set_archived,
)
from tests.support.app import App
from tests.support.clinic import program_and_test

GAME_SCENES = {"BalloonScene", "CrabScene", "RocketScene", "WaveScene"}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def mia_with_a_program(folder):
    """Mia: a balloon exercise on the bulb (tested) and a crab exercise (never tested)."""
    db = open_database(folder / "station.db")
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    program = program_and_test(db, mia)
    db.close()
    return mia, program


def subsequence(wanted: list[str], trail: list[str]) -> bool:
    it = iter(trail)
    return all(any(name == seen for seen in it) for name in wanted)


def test_a_child_with_a_two_exercise_program_goes_through_every_step_and_back(folder):
    mia, program = mia_with_a_program(folder)
    app = App(folder, autoplay=True, player=mia)
    app.run_until(lambda: app.ctx.visits_done == 1, within_s=400)
    wanted = [
        "AttractScene", "WhoScene", "MovesScene", "BalloonScene", "Celebration",
        "RestScene", "QuickMaxScene", "CrabScene", "Celebration", "MovesScene",
        "ResultsScene", "AttractScene",
    ]  # fmt: skip
    assert subsequence(wanted, app.trail), app.trail
    [session] = player_history(app.db, mia.id)
    assert session.ended_at is not None and session.reps == 4
    assert {part.sensor for part in session.peaks} == {GRIP, PINCH}
    stored = {row["exercise_id"] for row in app.db.query("SELECT exercise_id FROM reps")}
    assert stored == set(program.exercise_ids)
    games = [row["game"] for row in app.db.query("SELECT game FROM game_scores ORDER BY id")]
    assert games == ["balloon", "crab"]
    app.close()


def test_a_guest_plays_through_the_picker_and_leaves_no_row_naming_them(folder):
    app = App(folder, autoplay=True)
    app.run_until(lambda: app.ctx.visits_done == 1, within_s=400)
    wanted = [
        "AttractScene", "WhoScene", "MovesScene", "PickerScene", "QuickMaxScene",
        "Celebration", "PickerScene", "MovesScene", "ResultsScene", "AttractScene",
    ]  # fmt: skip
    assert subsequence(wanted, app.trail), app.trail
    assert GAME_SCENES & set(app.trail)
    assert app.ctx.last_visit is not None and app.ctx.last_visit.reps_done > 0
    for table in ("players", "sessions", "reps", "rep_traces", "game_scores", "pain_stops"):
        assert app.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    app.close()


def test_a_guest_trophy_needs_a_best_to_beat(folder):
    app = App(folder, autoplay=True)
    app.run_until(lambda: app.ctx.visits_done == 1, within_s=400)
    first = app.ctx.last_visit
    assert first is not None and not first.new_personal_best, "nothing to beat on the first visit"
    assert app.ctx.guest_bests, "the waiting room remembers today's best, in memory"
    app.close()


# -- leaving by idling --------------------------------------------------------------------


def start_a_guest_visit(app: App) -> None:
    app.frame()
    app.tap((400, 240))
    app.until_screen("WhoScene", within_s=2)
    app.frame()
    guest = next(t for t in app.top.tiles if t.key == "guest")
    app.tap(guest.rect.center)


def to_the_picker(app: App) -> None:
    start_a_guest_visit(app)
    app.until_screen("PickerScene", within_s=20)
    app.frame()


@pytest.mark.parametrize("screen", ["WhoScene", "PickerScene", "QuickMaxScene"])
def test_an_idle_screen_goes_back_to_attract(folder, screen):
    app = App(folder)
    if screen == "WhoScene":
        app.frame()
        app.tap((400, 240))
    else:
        to_the_picker(app)
    if screen == "QuickMaxScene":
        app.tap(app.top.tiles[0].rect.center)
    assert app.top_name == screen
    idle = app.ctx.settings.idle_s
    app.run(idle - 1)
    assert app.top_name == screen, "left before the idle time"
    app.run(2)
    assert app.top_name == "AttractScene"
    assert app.ctx.visit is None
    app.close()


def test_an_idle_child_mid_game_goes_back_to_attract_and_keeps_the_reps_done(folder):
    mia, _ = mia_with_a_program(folder)
    app = App(folder, autoplay=True, player=mia)
    app.run_until(lambda: app.ctx.play is not None and app.ctx.play.recorder is not None
                  and len(app.ctx.play.recorder.outcomes) >= 1, within_s=120)  # fmt: skip
    app.ctx.autoplay = False  # the child walks away
    app.ctx.play.autoplayer = None
    app.setup.hands[GRIP].release()
    app.until_screen("AttractScene", within_s=120)
    assert "StoppedScene" not in app.trail and "ResultsScene" not in app.trail
    [session] = player_history(app.db, mia.id)
    assert session.reps >= 1 and session.ended_at is not None
    app.close()


def test_a_long_warm_up_keeps_the_visit_awake_and_idle_counts_after_it(folder):
    app = App(folder, settings=VisitSettings(warmup_s=60.0, cooldown_s=8.0, idle_s=30.0))
    start_a_guest_visit(app)
    app.run(50)
    assert app.top_name == "MovesScene", "a child copying the hands is not idle"
    app.until_screen("PickerScene", within_s=70)
    app.run(31)
    assert app.top_name == "AttractScene"
    app.close()


def test_the_results_go_back_to_attract_by_themselves(folder):
    app = App(folder, autoplay=True)
    app.until_screen("ResultsScene", within_s=400)
    app.ctx.autoplay = False
    app.run(13)
    assert app.top_name == "AttractScene"
    app.close()


# -- Ouch / Stop ---------------------------------------------------------------------------


def test_ouch_mid_rep_stops_at_once_and_the_therapist_sees_it_in_history(folder, capsys):
    mia, _ = mia_with_a_program(folder)
    app = App(folder, autoplay=True, player=mia)
    app.run_until(lambda: app.top_name == "BalloonScene" and app.ctx.play.last_force_n, within_s=60)
    app.run(3)
    app.tap(ouch.ouch_rect(app.surface.get_size()).center)
    assert app.top_name == "StoppedScene"
    assert app.ctx.visit is None
    [stop] = pain_stops_of(app.db, mia.id)
    assert stop.scene == "balloon" and stop.sensor == GRIP and stop.hand == "right"
    assert stop.last_force_n is not None and stop.at is not None
    [session] = player_history(app.db, mia.id)
    assert session.pain_stop
    app.ctx.autoplay = False
    app.run(11)
    assert app.top_name == "AttractScene"
    app.close()
    assert main(["--db", str(folder / "station.db"), "history", "Mia"]) == 0
    out = capsys.readouterr().out
    assert "PAIN STOP" in out and "balloon" in out


def test_holding_the_front_button_is_ouch_too_and_a_guest_stop_names_nobody(folder):
    app = App(folder, autoplay=True)
    app.until_screen("MovesScene", within_s=10)
    app.hold_front_button()
    assert app.top_name == "StoppedScene"
    [stop] = guest_pain_stops(app.db)
    assert stop.scene == "warm-up" and stop.session_id is None
    assert list_players(app.db) == []
    app.close()


def test_there_is_no_ouch_button_where_nobody_exercises(folder):
    app = App(folder)
    app.frame()
    app.tap((400, 240))
    assert app.top_name == "WhoScene"
    app.frame()
    app.tap(ouch.ouch_rect(app.surface.get_size()).center)
    assert app.top_name in ("WhoScene", "MovesScene"), "a tap there is just a tap"
    assert guest_pain_stops(app.db) == []
    app.close()


# -- the sensor comes and goes -------------------------------------------------------------


def one_game_visit(folder, outages=(), *, sensors=None):
    """A guest's balloon game on a steady 60 N squeeze, the sensor out at ``outages``."""

    def source(clock):
        return ScriptedSource(
            {GRIP: Constant(60.0), PINCH: Constant(0.0)}, outages={GRIP: outages}, clock=clock
        )

    settings = VisitSettings(warmup_s=0, cooldown_s=0, idle_s=3600)
    app = App(
        folder, source=None if sensors else source, sensors=sensors or "virtual", settings=settings
    )
    step = Exercising(get_game("balloon"), guest_exercise(GRIP), None)
    app.ctx.begin_visit(None, (step,))
    app.shell.stack.reset(VisitScene(app.ctx))
    return app


@pytest.mark.realtime
def test_a_starting_sensor_never_shows_the_unplugged_card(folder):
    """Emulated chips in their own process take a moment to send a first conversion."""
    app = one_game_visit(folder, sensors="emulated")
    cards = []
    while app.ctx.reading.force_n(GRIP) is None and app.frames < 100_000:
        app.frame()
        if isinstance(app.top, PauseCard):
            cards.append(app.top.starting)
    assert app.ctx.reading.force_n(GRIP) is not None, "the emulated sensor never started"
    assert cards and all(cards), "only the getting-ready card while the sensor starts"
    app.close()


def test_an_unplugged_sensor_pauses_the_game_and_it_resumes_when_plugged_back(folder):
    app = one_game_visit(folder, [(8.0, 12.0)])
    app.run_until(lambda: app.top_name == "BalloonScene", within_s=8)
    app.run_until(lambda: isinstance(app.top, PauseCard) and not app.top.starting, within_s=10)
    flight = app.shell.stack.below(app.top).flight
    frozen = flight.t_ns
    app.run(2)
    assert isinstance(app.top, PauseCard) and flight.t_ns == frozen, "the game waits"
    app.run_until(lambda: app.top_name == "BalloonScene", within_s=4)
    app.run(1)
    assert flight.t_ns > frozen, "and plays on where it stopped"
    app.close()


@pytest.mark.realtime
def test_run_with_the_bot_opens_the_app_and_closes_after_the_seconds_asked(folder, capsys):
    argv = ["--db", str(folder / "station.db"), "--sensors", "virtual", "run"]
    assert main([*argv, "--autoplay", "--guest", "--seconds", "2", "--size", "800x480"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_run_refuses_a_player_without_the_bot_with_a_sentence(folder, capsys):
    mia_with_a_program(folder)
    argv = ["--db", str(folder / "station.db"), "--sensors", "virtual", "run", "--player", "Mia"]
    assert main(argv) == 2
    assert "--player goes with --autoplay" in capsys.readouterr().err


def test_many_children_turn_pages_with_big_arrows_and_every_tile_is_on_screen(folder):
    db = open_database(folder / "station.db")
    for number in range(17):
        add_player(db, nickname=f"Kid {number:02}", avatar="bear", dominant_hand="right")
    archived = add_player(db, nickname="Gone", avatar="cat", dominant_hand="right")
    set_archived(db, archived.id, True)
    db.close()
    app = App(folder)
    app.frame()
    app.tap((400, 240))
    app.frame()
    who = app.top
    screen = app.surface.get_rect()
    assert who.pages == 3, "17 children, 7 a page beside the guest tile; the archived one hidden"
    assert all(screen.contains(t.rect) for t in who.tiles)
    assert min(t.rect.height for t in who.tiles) >= 0.2 * screen.height
    seen = {p.nickname for p in who.on_page()}
    next_arrow = next(t for t in who.tiles if t.key == "next")
    app.tap(next_arrow.rect.center)
    assert who.page == 1 and seen.isdisjoint(p.nickname for p in who.on_page())
    assert "Gone" not in {p.nickname for p in who.players}
    app.close()


def test_the_very_first_frame_is_the_attract_screen_not_a_black_one(folder):
    app = App(folder)
    app.frame()
    assert app.top_name == "AttractScene"
    assert pygame.transform.average_color(app.surface)[:3] > (40, 40, 40)
    app.close()


# -- the waiting room runs unattended -------------------------------------------------------


def test_a_failing_screen_is_logged_and_the_visit_starts_again_at_attract(folder, caplog):
    app = App(folder, autoplay=True)
    app.until_screen("MovesScene", within_s=10)

    def broken(_surface):
        raise RuntimeError("a bug in a screen")

    app.top.draw = broken
    assert app.frame(), "the app goes on"
    assert app.top_name == "AttractScene" and app.ctx.visit is None
    assert app.shell.screen_faults == 1
    assert "a bug in a screen" in caplog.text
    app.close()


@pytest.mark.parametrize(
    "action",
    [CloseRequest(), KeyAction(Phase.DOWN, Key.BACK), KeyAction(Phase.DOWN, Key.QUIT)],
    ids=["close button", "Escape", "Ctrl+Q"],
)
def test_the_kiosk_cannot_be_left_by_keys_or_the_close_button(folder, action):
    app = App(folder)
    app.shell.kiosk = True
    app.frame()
    app.send(action)
    assert app.frame(), "the kiosk keeps running"
    windowed = App(folder / "window")
    windowed.frame()
    windowed.send(action)
    assert not windowed.frame(), "in a window the same key ends the app"
    app.close()
    windowed.close()
