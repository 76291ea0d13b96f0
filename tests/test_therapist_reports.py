"""The reports screen driven headless through taps: a PDF to the station's folder or to a
(fake) USB stick, read back with pypdf; PNG charts; everyone's CSV; and each refusal
shown with its reason (a folder that is a file, a stick pulled out after it was found).
"""

from __future__ import annotations

import csv
import shutil
from datetime import datetime
from pathlib import Path

import pygame
import pytest
from pypdf import PdfReader

from station.reports import usb
from station.screens.therapist.menu import TherapistMenu
from station.screens.therapist.reports import CSV, LOOK, PDF, PNG, ReportsScene
from station.storage import EXPORT_COLUMNS
from tests.support import therapist_screens
from tests.support.app import App
from tests.support.therapist_screens import Clinic, assert_fits, clinic, finish, tap

SIZES = [(800, 480), (1920, 1080)]


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> tuple[Path, Clinic]:
    folder = tmp_path_factory.mktemp("clinic")
    return folder / "station.db", clinic(folder)


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    """The station's own folder, under the test's: where files go without a stick."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "grip-station" / "reports"


@pytest.fixture
def sticks(monkeypatch) -> list[Path]:
    """The USB finder, replaced: the test puts mount points in this list (none at first)."""
    found: list[Path] = []
    monkeypatch.setattr(usb, "find_usb_sticks", lambda: list(found))
    return found


def open_reports(tmp_path: Path, year: tuple[Path, Clinic], size=(800, 480)) -> App:
    """Therapist mode, Reports and export from the menu, then Mia picked."""
    template, made = year
    shutil.copy(template, tmp_path / "station.db")
    app = App(tmp_path, size=size)
    app.ctx.wall_clock = lambda: made.wall_time
    app.shell.stack.push(TherapistMenu(app.ctx))
    app.frame()
    tap(app, "reports")
    assert isinstance(app.top, ReportsScene)
    tap(app, ("player", made.mia))
    assert app.top.title == "Reports: Mia"
    return app


def mia_pdf_name(year: tuple[Path, Clinic]) -> str:
    return f"Mia-{datetime.fromtimestamp(year[1].wall_time).date().isoformat()}.pdf"


def press(app: App, key: str) -> None:
    """Tap an action: "working" shows first, then the job runs on a later frame."""
    tap(app, key)
    assert app.top.later.busy, "the working message is on screen before the work"
    assert app.top.message.endswith("…")
    finish(app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_without_a_stick_the_pdf_goes_to_the_stations_folder(
    tmp_path, year, data_home, sticks, size
):
    app = open_reports(tmp_path, year, size)
    scene = app.top
    assert scene.where_text() == ("No USB stick: files go to the station", str(data_home))
    assert_fits(app)
    press(app, PDF)

    pdf = data_home / mia_pdf_name(year)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert "Mia's progress" in reader.pages[0].extract_text()
    line, ok = scene.results[PDF]
    assert ok and line == f"PDF report: {pdf}"
    assert scene.message.startswith("PDF report done in")
    assert_fits(app)


def test_with_a_stick_the_pdf_goes_to_the_stick(tmp_path, year, data_home, sticks):
    stick = tmp_path / "media" / "pi" / "STICK"
    stick.mkdir(parents=True)
    sticks.append(stick)
    app = open_reports(tmp_path, year)
    assert app.top.where_text() == ("To the USB stick", str(stick))
    press(app, PDF)
    assert len(PdfReader(stick / mia_pdf_name(year)).pages) == 1
    assert not data_home.exists(), "nothing is written to the station when a stick is in"


def test_a_stick_plugged_in_later_is_found_on_look_again(tmp_path, year, data_home, sticks):
    app = open_reports(tmp_path, year)
    assert app.top.where_text()[0].startswith("No USB stick")
    tap(app, LOOK)
    assert app.top.message == "Still no USB stick."
    stick = tmp_path / "STICK"
    stick.mkdir()
    sticks.append(stick)
    tap(app, LOOK)
    assert app.top.where_text() == ("To the USB stick", str(stick))
    press(app, PNG)
    assert (stick / mia_pdf_name(year).replace(".pdf", "-grip.png")).is_file()


def test_a_folder_that_is_a_file_is_refused_with_its_reason(tmp_path, year, data_home, sticks):
    data_home.parent.mkdir(parents=True)
    data_home.write_text("not a folder")
    app = open_reports(tmp_path, year)
    press(app, PDF)
    line, ok = app.top.results[PDF]
    assert not ok
    assert line == f"PDF report: {data_home} is a file; the report file needs a folder to go in."
    assert app.top.message == "PDF report not written: the reason is above."
    assert list(tmp_path.rglob("*.pdf")) == []


def test_a_stick_pulled_out_after_it_was_found_is_refused(tmp_path, year, data_home, sticks):
    stick = tmp_path / "STICK"
    stick.mkdir()
    sticks.append(stick)
    app = open_reports(tmp_path, year)
    sticks.clear()  # pulled out: the empty mount point folder stays behind
    press(app, CSV)
    line, ok = app.top.results[CSV]
    assert not ok and f"The USB stick {stick} is gone" in line
    assert list(stick.iterdir()) == [] and not data_home.exists()


def test_png_charts_are_written_at_the_screens_size(tmp_path, year, data_home, sticks):
    app = open_reports(tmp_path, year)
    press(app, PNG)
    stem = mia_pdf_name(year).removesuffix(".pdf")
    written = sorted(p.name for p in data_home.iterdir())
    assert written == sorted(f"{stem}-{c}.png" for c in ("grip", "pinch", "weekly", "sessions"))
    assert pygame.image.load(data_home / f"{stem}-weekly.png").get_size() == (800, 480)
    assert app.top.results[PNG] == (f"PNG charts: 4 files {stem}-*.png in {data_home}", True)


def test_the_csv_export_writes_everyones_records(tmp_path, year, data_home, sticks):
    app = open_reports(tmp_path, year)
    press(app, CSV)
    day = datetime.fromtimestamp(year[1].wall_time).date().isoformat()
    folder = data_home / f"grip-station-export-{day}"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.csv" for k in EXPORT_COLUMNS)
    with (folder / "players.csv").open(encoding="utf-8") as handle:
        nicknames = sorted(row["nickname"] for row in csv.DictReader(handle))
    assert nicknames == ["Ava", "Leo", "Mia", "Sam", "Zoé"]
    with (folder / "reps.csv").open(encoding="utf-8") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) > 1000
    line, ok = app.top.results[CSV]
    assert ok and line.startswith(f"CSV export (everyone): {len(EXPORT_COLUMNS)} files (")
    assert str(folder) in line


def test_the_screenshot_script_photographs_therapist_mode(tmp_path, monkeypatch):
    def no_real_sticks() -> list[Path]:
        raise AssertionError("the screenshots never look for a real USB stick")

    monkeypatch.setattr(usb, "find_usb_sticks", no_real_sticks)
    taken = therapist_screens.take(tmp_path)
    assert set(taken) >= {"pin", "menu", "progress-players", "progress", "progress-weekly",
                          "reports"}  # fmt: skip
    for name, path in taken.items():
        assert path.name == f"therapist-{name}.png"
        image = pygame.image.load(path)
        assert image.get_size() == (800, 480)
        small = pygame.transform.scale(image, (64, 36))
        colours = {small.get_at((x, y))[:3] for x in range(64) for y in range(36)}
        assert len(colours) > 5, f"{name} is one flat colour"
