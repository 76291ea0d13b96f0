"""Charts, the parent's PDF, the CSV export, the USB finder and ``grip-station report``.

The report is checked the way a parent meets it: the PDF is read back with pypdf, must
be one page, and must say the numbers the generated year of history implies.
"""

from __future__ import annotations

import csv
import io
import os
import struct
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from station.app.cli import main
from station.clinic.exercise import Exercise, Program
from station.clinic.norms import STANDARD_GRAVITY
from station.reports import charts, usb
from station.reports.export import ExportError, export_csv, write_csv
from station.reports.records import load_progress
from station.reports.report import write_report
from station.storage import (
    EXPORT_COLUMNS,
    add_player,
    add_trial,
    end_session,
    export_rows,
    get_player,
    open_database,
    record_pain_stop,
    record_rep,
    save_program,
    start_assessment,
    start_session,
)

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2024, 3, 4, 15, 0, tzinfo=UTC)
"""A Monday afternoon: the first visit of the generated year."""
WEEKS = 52
REPS_PER_SESSION = 8
TEST_EVERY_WEEKS = 6
MISSED_WEEKS = (10, 11, 30)
"""Weeks with only two visits of the three planned."""
PAIN_WEEKS = (20, 41)


@dataclass(frozen=True)
class YearOfHistory:
    player_id: int
    reps: int
    successes: int
    visits: int
    latest_best_right_n: float
    latest_best_left_n: float
    last_visit: datetime


def make_year_of_history(db, nickname: str = "Mia") -> YearOfHistory:
    """A child's year: a program for 3 days a week, visits Mon/Wed/Fri with reps, a grip
    test of both hands every 6 weeks (getting stronger), pinch tests, two pain stops."""
    player = add_player(
        db,
        nickname=nickname,
        avatar="fox",
        dominant_hand="right",
        birth_year=2017,
        sex="F",
        notes="Works hard; tires after the second set. Practise the crab game at home.",
        at=START - timedelta(days=7),
    )
    program = save_program(
        db,
        player.id,
        Program(
            (Exercise("grip", "right", "percent", 40, 3, REPS_PER_SESSION, 1, 30, game="balloon"),),
            3,
        ),
        at=START - timedelta(days=1),
    )
    reps = successes = visits = 0
    last_visit = START
    for week in range(WEEKS):
        days = (0, 2) if week in MISSED_WEEKS else (0, 2, 4)
        for day in days:
            at = START + timedelta(weeks=week, days=day)
            session = start_session(db, player.id, program_id=program.id, at=at)
            for number in range(1, REPS_PER_SESSION + 1):
                success = (number + week + day) % 10 < (6 if week < WEEKS // 2 else 8)
                record_rep(
                    db,
                    session.id,
                    set_no=1,
                    rep_no=number,
                    sensor="grip",
                    hand="right",
                    target_n=50,
                    band_low_n=40,
                    band_high_n=60,
                    peak_n=55 if success else 35,
                    time_in_band_s=3.0 if success else 1.0,
                    success=success,
                    game="balloon",
                    at=at + timedelta(seconds=20 * number),
                )
                reps += 1
                successes += success
            if week in PAIN_WEEKS and day == 2:
                record_pain_stop(
                    db,
                    session.id,
                    scene="balloon",
                    game="balloon",
                    sensor="grip",
                    hand="right",
                    at=at,
                )
            end_session(db, session.id, at=at + timedelta(minutes=15))
            visits += 1
            last_visit = at
    best = {}
    for week in range(0, WEEKS, TEST_EVERY_WEEKS):
        at = START + timedelta(weeks=week, days=1)
        for hand, base in (("right", 120.0), ("left", 105.0)):
            test = start_assessment(db, player.id, sensor="grip", hand=hand, at=at)
            peaks = [base + week + offset for offset in (-4.0, 0.0, -2.0)]
            for number, peak in enumerate(peaks, start=1):
                add_trial(
                    db, test.id, hand=hand, trial_no=number, peak_n=peak, duration_s=3.5, at=at
                )
            best[hand] = max(peaks)
        if week in (0, 48):
            test = start_assessment(
                db, player.id, sensor="pinch", pinch_type="key", hand="right", at=at
            )
            for number in (1, 2, 3):
                add_trial(
                    db, test.id, hand="right", trial_no=number, peak_n=30 + week / 4, duration_s=3.2
                )
    return YearOfHistory(
        player.id, reps, successes, visits, best["right"], best["left"], last_visit
    )


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """One database with the year, shared by the read-only tests of this module."""
    path = tmp_path_factory.mktemp("year") / "station.db"
    db = open_database(path)
    history = make_year_of_history(db)
    db.close()
    return path, history


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "station.db"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking the signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_importing_the_reports_room_does_not_import_matplotlib():
    code = (
        "import sys\n"
        "import station.reports, station.reports.charts, station.reports.report\n"
        "import station.reports.export, station.reports.usb, station.reports.records\n"
        "import station.clinic.progress, station.commands.report\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_report_of_a_year_is_one_page_with_the_key_numbers(year, tmp_path):
    path, history = year
    db = open_database(path)
    player = get_player(db, history.player_id)
    out = tmp_path / "mia.pdf"
    now = history.last_visit + timedelta(days=2)
    written = write_report(db, player, out, png_dir=tmp_path / "charts", now=now)
    pages, text = pdf_text(out)
    text = " ".join(text.split())
    assert pages == 1
    right_kg = history.latest_best_right_n / STANDARD_GRAVITY
    left_kg = history.latest_best_left_n / STANDARD_GRAVITY
    assert f"Right hand grip: best {right_kg:.1f} kg ({history.latest_best_right_n:.0f} N)" in text
    assert f"Left hand grip: best {left_kg:.1f} kg" in text
    assert f"{history.visits} visits" in text
    assert f"{history.reps} squeezes" in text
    assert f"{history.successes / history.reps:.0%} of them on target" in text
    assert "children aged 6-9" in text  # the norm band for a child born in 2017, tested in 2025
    assert "since" in text and "about the same" in text  # +4-5% per 6 weeks: within the error
    assert "The right hand is" in text and "stronger than the left" in text
    assert "Play on 3 days a week" in text and "40% of the strongest squeeze" in text
    assert "tires after the second set" in text
    assert "Ouch/Stop 2 times" in text
    assert "SIMULATED" not in text
    assert [p.name for p in written] == [
        "mia.pdf",
        "mia-grip.png",
        "mia-pinch.png",
        "mia-weekly.png",
        "mia-sessions.png",
    ]
    for png in written[1:]:
        assert png_size(png.read_bytes()) == charts.DEFAULT_SIZE
    db.close()


def test_the_progress_of_the_year_counts_every_week_and_each_plan(year):
    path, history = year
    db = open_database(path)
    progress = load_progress(db, get_player(db, history.player_id), tz=UTC)
    db.close()
    assert len(progress.weeks) == WEEKS
    assert progress.reps == history.reps
    assert sum(w.successes for w in progress.weeks) == history.successes
    assert [w.days_played for w in progress.weeks if w.days_played != 3] == [2, 2, 2]
    assert {w.planned_days for w in progress.weeks} == {3}
    assert len(progress.pain_stops) == len(PAIN_WEEKS)
    assert [(s.sensor, s.hand) for s in progress.strength] == [
        ("grip", "left"),
        ("grip", "right"),
        ("pinch", "right"),
    ]
    assert len(progress.series("grip")[0].points) == len(range(0, WEEKS, TEST_EVERY_WEEKS))


@pytest.mark.parametrize("size", [(800, 480), (1600, 960), (641, 479), (1000, 300)])
def test_each_chart_is_a_png_of_the_asked_size(year, size):
    path, history = year
    db = open_database(path)
    progress = load_progress(db, get_player(db, history.player_id))
    db.close()
    for name in charts.CHARTS:
        assert png_size(charts.chart_png(progress, name, size=size)) == size


def test_a_chart_of_a_new_player_says_there_is_nothing_yet(db_path, tmp_path):
    db = open_database(db_path)
    player = add_player(db, nickname="Leo", avatar="owl", dominant_hand="left")
    progress = load_progress(db, player)
    assert charts.available(progress) == ("grip", "weekly", "sessions")
    target = tmp_path / "grip.png"
    data = charts.chart_png(progress, "grip", path=target)
    assert target.read_bytes() == data and png_size(data) == charts.DEFAULT_SIZE
    out = tmp_path / "leo.pdf"
    write_report(db, player, out)
    pages, text = pdf_text(out)
    assert pages == 1
    assert "No strength test yet" in text and "No games played yet" in text
    with pytest.raises(ValueError, match="charts are"):
        charts.chart_png(progress, "pie")


def test_the_csv_export_reads_back_row_for_row(year, tmp_path):
    path, history = year
    db = open_database(path)
    counts = export_csv(db, tmp_path / "out")
    assert [p.name for p in counts] == [f"{kind}.csv" for kind in EXPORT_COLUMNS]
    for kind, columns in EXPORT_COLUMNS.items():
        with (tmp_path / "out" / f"{kind}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert tuple(reader.fieldnames or ()) == columns
            back = list(reader)
        expected = [
            {c: "" if row[c] is None else str(row[c]) for c in columns}
            for row in export_rows(db, kind)
        ]
        assert back == expected
        assert counts[tmp_path / "out" / f"{kind}.csv"] == len(expected)
    assert counts[tmp_path / "out" / "reps.csv"] == history.reps
    db.close()


def test_write_csv_keeps_odd_text_and_refuses_a_folder(tmp_path):
    rows = [{"a": 'says "hi",\nthen 🦊', "b": None}, {"a": "", "b": 1.5}]
    assert write_csv(tmp_path / "odd.csv", ("a", "b"), rows) == 2
    with (tmp_path / "odd.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == [
            {"a": 'says "hi",\nthen 🦊', "b": ""},
            {"a": "", "b": "1.5"},
        ]
    (tmp_path / "taken.csv").mkdir()
    with pytest.raises(ExportError, match="cannot be written"):
        write_csv(tmp_path / "taken.csv", ("a",), [])
    assert not (tmp_path / "taken.csv.part").exists()


def test_the_usb_finder_takes_writable_mount_points_in_root_order(tmp_path):
    media, run_media = tmp_path / "media", tmp_path / "run" / "media"
    for folder in ("usb0", "pi/KINGSTON", "pi/LOCKED", "pi/Desktop-stuff"):
        (media / folder).mkdir(parents=True)
    (run_media / "anna" / "SANDISK").mkdir(parents=True)
    (media / "not-a-folder").write_text("x")
    mounts = {media / "usb0", media / "pi" / "KINGSTON", media / "pi" / "LOCKED"}
    mounts |= {run_media / "anna" / "SANDISK", media / "not-a-folder"}
    roots = ((media, 1), (media, 2), (run_media, 2))

    found = usb.find_usb_sticks(
        roots, is_mount=mounts.__contains__, is_writable=lambda p: p.name != "LOCKED"
    )
    assert found == [media / "usb0", media / "pi" / "KINGSTON", run_media / "anna" / "SANDISK"]
    assert usb.find_usb_sticks(((tmp_path / "nowhere", 2),), is_mount=mounts.__contains__) == []
    assert usb.is_writable(tmp_path) and not usb.is_writable(tmp_path / "nowhere")
    assert not list(tmp_path.glob(".grip-station-probe-*"))


def cli(db_path, *args):
    return main(["--db", str(db_path), *args])


@pytest.fixture
def mia(db_path):
    db = open_database(db_path)
    player = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right", birth_year=2017)
    db.close()
    return player


def test_the_report_command_writes_the_pdf_and_the_charts(db_path, mia, tmp_path, capsys):
    out = tmp_path / "new" / "folder" / "mia.pdf"
    assert cli(db_path, "report", "Mia", "--out", str(out), "--png-dir", str(tmp_path / "png")) == 0
    assert pdf_text(out)[0] == 1
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == [
        "mia-grip.png",
        "mia-sessions.png",
        "mia-weekly.png",
    ]
    assert f"written to {out}" in capsys.readouterr().out


def test_the_report_command_writes_to_the_first_usb_stick(
    db_path, mia, tmp_path, monkeypatch, capsys
):
    stick = tmp_path / "media" / "usb0"
    stick.mkdir(parents=True)
    monkeypatch.setattr("station.commands.report.find_usb_sticks", lambda: [stick])
    assert cli(db_path, "report", "Mia", "--usb", "--png-dir", "charts") == 0
    [pdf] = (stick / "grip-station").glob("Mia-*.pdf")
    assert pdf_text(pdf)[0] == 1
    assert len(list((stick / "grip-station" / "charts").glob("*.png"))) == 3
    capsys.readouterr()

    monkeypatch.setattr("station.commands.report.find_usb_sticks", list)
    assert cli(db_path, "report", "Mia", "--usb") == 2
    assert "No USB stick is mounted" in capsys.readouterr().err


def test_export_goes_to_the_usb_stick_too(db_path, mia, tmp_path, monkeypatch, capsys):
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr("station.commands.export.find_usb_sticks", lambda: [stick])
    assert cli(db_path, "export", "--usb") == 0
    [folder] = (stick / "grip-station").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.csv" for k in EXPORT_COLUMNS)
    assert f"to {folder}" in capsys.readouterr().out


def refusal(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_the_report_command_refuses_paths_it_cannot_use(db_path, mia, tmp_path, capsys):
    (tmp_path / "old.pdf").mkdir()
    (tmp_path / "a-file").write_text("x")
    cases = [
        (["--out", str(tmp_path / "mia.txt")], "ending in .pdf"),
        (["--out", str(tmp_path / "old.pdf")], "is a folder"),
        (["--out", str(tmp_path / "a-file" / "mia.pdf")], "a-file is a file"),
        (["--out", str(tmp_path / "a-file" / "sub" / "mia.pdf")], "cannot be created"),
        (
            ["--out", str(tmp_path / "mia.pdf"), "--png-dir", str(tmp_path / "a-file")],
            "is a file",
        ),
    ]
    for options, sentence in cases:
        assert cli(db_path, "report", "Mia", *options) == 2, options
        assert sentence in refusal(capsys)
    assert cli(db_path, "report", "Nobody", "--out", str(tmp_path / "n.pdf")) == 2
    assert "There is no player called 'Nobody'" in refusal(capsys)
    assert not (tmp_path / "mia.pdf").exists()
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(SystemExit):
        cli(db_path, "report", "Mia", "--out", str(tmp_path / "x.pdf"), "--usb")
    with pytest.raises(SystemExit):
        cli(db_path, "report", "Mia", "--out", str(tmp_path / "x.pdf"), "--png-size", "10x10")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through folder permissions")
def test_the_report_refuses_a_folder_it_cannot_write(db_path, mia, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    assert cli(db_path, "report", "Mia", "--out", str(locked / "mia.pdf")) == 2
    assert "is not writable" in refusal(capsys)


def test_a_pdf_is_written_whole_or_not_at_all(db_path, mia, tmp_path):
    db = open_database(db_path)
    player = get_player(db, mia.id)
    out = tmp_path / "mia.pdf"
    write_report(db, player, out)
    first = out.read_bytes()
    assert first.startswith(b"%PDF") and PdfReader(io.BytesIO(first)).pages
    assert not list(tmp_path.glob("*.part"))
    db.close()
