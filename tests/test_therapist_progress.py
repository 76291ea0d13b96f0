"""The progress screen driven headless through taps, over a generated year of history.

A chart is drawn once per child, chart and size, on the frame after a press (never while
merely showing), at exactly the chart area's pixels; the line under it says the latest
test, the change judged against the ~20% a test varies by, and the pain stops.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from station.reports import charts
from station.screens.therapist.menu import TherapistMenu
from station.screens.therapist.progress import ProgressScene, summary_lines
from station.storage import add_player, add_trial, start_assessment
from tests.support.app import App
from tests.support.therapist_screens import Clinic, assert_fits, clinic, finish, tap

ROOT = Path(__file__).resolve().parents[1]
SIZES = [(800, 480), (1920, 1080)]


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> tuple[Path, Clinic]:
    """A clinic database made once; each test plays on its own copy."""
    folder = tmp_path_factory.mktemp("clinic")
    return folder / "station.db", clinic(folder)


def open_progress(tmp_path: Path, year: tuple[Path, Clinic], size=(800, 480)) -> App:
    """Therapist mode, then Progress from the menu, on a copy of the year's database."""
    template, made = year
    shutil.copy(template, tmp_path / "station.db")
    app = App(tmp_path, size=size)
    app.ctx.wall_clock = lambda: made.wall_time
    app.shell.stack.push(TherapistMenu(app.ctx))
    app.frame()
    tap(app, "progress")
    assert isinstance(app.top, ProgressScene)
    return app


def screen_pixels(app: App, rect: pygame.Rect) -> bytes:
    return pygame.image.tobytes(app.surface.subsurface(rect), "RGB")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_players_progress_is_a_chart_of_the_chart_areas_size(tmp_path, year, size):
    app = open_progress(tmp_path, year, size)
    scene = app.top
    assert [p.nickname for p in scene.players] == ["Ava", "Leo", "Mia", "Sam", "Zoé"]
    assert_fits(app)
    tap(app, ("player", year[1].mia))
    assert scene.title == "Mia's progress"
    assert scene.later.busy and "Drawing" in scene.message, "the working message comes first"
    assert scene.image is None
    finish(app)

    image = scene.image
    assert image is not None
    assert image.get_size() == scene.chart_rect.size
    assert app.surface.get_rect().contains(scene.chart_rect)
    assert scene.chart_rect.w >= 0.6 * size[0] and scene.chart_rect.h >= 0.5 * size[1]
    assert screen_pixels(app, scene.chart_rect) == pygame.image.tobytes(image, "RGB")
    assert "Grip chart drawn in" in scene.message
    assert [chart for chart, _ in scene.chart_times] == ["grip"]
    assert_fits(app)


def test_switching_charts_draws_each_once_and_never_per_frame(tmp_path, year, monkeypatch):
    drawn: list[tuple[str, tuple[int, int]]] = []
    real = charts.chart_png

    def counted(progress, chart, *, size):
        drawn.append((chart, size))
        return real(progress, chart, size=size)

    monkeypatch.setattr(charts, "chart_png", counted)
    app = open_progress(tmp_path, year)
    scene = app.top
    tap(app, ("player", year[1].mia))
    finish(app)
    grip = screen_pixels(app, scene.chart_rect)
    pictures = {"grip": grip}
    for chart in ("pinch", "weekly", "sessions"):
        tap(app, ("chart", chart))
        assert "Drawing" in scene.message
        finish(app)
        assert scene.chart == chart and scene.image is not None
        pictures[chart] = screen_pixels(app, scene.chart_rect)
    assert len(set(pictures.values())) == 4, "each chart is a different picture"

    tap(app, ("chart", "grip"))
    app.run(1)
    assert "drawn earlier" in scene.message
    assert screen_pixels(app, scene.chart_rect) == grip
    size = scene.chart_rect.size
    assert drawn == [(c, size) for c in ("grip", "pinch", "weekly", "sessions")]


def test_the_line_under_the_chart_says_the_latest_test_and_pain_stops(tmp_path, year):
    app = open_progress(tmp_path, year)
    scene = app.top
    tap(app, ("player", year[1].mia))
    finish(app)
    # the year's last grip test (week 48): right 164/168/166 N, left 149/153/151 N;
    # six weeks before, means of 160 and 145 N: up about 4%, within the 20% a test varies
    right, left = (f"mean {m / 9.80665:.1f} kg, best {b / 9.80665:.1f} kg" for m, b in
                   ((166, 168), (151, 153)))  # fmt: skip
    lines = summary_lines(scene.progress, "grip")
    assert len(lines) == 3
    assert left in lines[0] and lines[0].startswith("Left grip")
    assert right in lines[1] and "+4% vs last: within 20%" in lines[1]
    assert "played 12 days of 12 planned" in lines[2] and "pain stops: 2" in lines[2]
    tap(app, ("chart", "pinch"))
    pinch = summary_lines(scene.progress, scene.chart)
    assert pinch[0].startswith("Right key pinch") and len(pinch) == 2


def test_a_change_beyond_measurement_error_is_said(tmp_path, year):
    app = open_progress(tmp_path, year)
    leo = next(p for p in app.top.players if p.nickname == "Leo")
    for peak in (100.0, 130.0):
        test = start_assessment(app.db, leo.id, sensor="grip", hand="right")
        for number in (1, 2, 3):
            add_trial(app.db, test.id, hand="right", trial_no=number, peak_n=peak, duration_s=3)
    tap(app, ("player", leo.id))
    finish(app)
    line = summary_lines(app.top.progress, "grip")[0]
    assert "+30% vs last: beyond the 20% test error" in line


def test_a_child_with_no_records_has_no_pinch_chart_and_plain_words(tmp_path, year):
    app = open_progress(tmp_path, year)
    sam = next(p for p in app.top.players if p.nickname == "Sam")
    tap(app, ("player", sam.id))
    finish(app)
    scene = app.top
    assert scene.image is not None
    enabled = {b.key[1]: b.enabled for b in scene.buttons if isinstance(b.key, tuple)}
    assert enabled == {"grip": True, "pinch": False, "weekly": True, "sessions": True}
    assert summary_lines(scene.progress, "grip") == [
        "No grip test yet.",
        "No games played yet · no pain stops",
    ]
    tap(app, "back")
    assert scene.player is None and scene.title == "Progress: pick a player"
    assert any(b.key == ("player", sam.id) for b in scene.buttons)


def test_more_children_than_a_page_are_paged(tmp_path, year):
    app = open_progress(tmp_path, year)
    for number in range(6):
        add_player(app.db, nickname=f"Kid{number}", avatar="fox", dominant_hand="left")
    tap(app, "back")
    tap(app, "progress")
    scene = app.top
    first = {b.key for b in scene.buttons if isinstance(b.key, tuple)}
    assert len(first) == 8
    tap(app, "next")
    second = {b.key for b in scene.buttons if isinstance(b.key, tuple)}
    assert len(second) == 3 and not first & second
    assert_fits(app)


def test_the_therapist_screens_do_not_import_matplotlib_until_a_chart_is_asked_for():
    code = (
        "import sys\n"
        "import station.screens.therapist.progress, station.screens.therapist.reports\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
