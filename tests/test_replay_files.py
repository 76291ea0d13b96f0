"""``--sensors replay:FILE``: what a person replaying a file reads when it cannot be played.

Every refusal comes through the command line as one sentence naming the file (and the
line, when one is at fault), exit code 2, no traceback, and the database untouched. A raw
``t_s,raw`` log is replayed through the sensor's stored calibration; a game whose sensor
has no file is refused, and the picker does not offer it.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hardware import Calibration
from hardware.frames import GRIP, PINCH
from hardware.spec import DEFAULT_SPECS
from station.app import cli
from station.app.config import load_config
from station.app.launch import Launch, build_context
from station.app.sensors import open_sensors
from station.play.visit import Picker
from station.storage import add_calibration, add_player, open_database
from tests.test_sim_sources import FakeClock

HANG_LIMIT_S = 10


class Hung(BaseException):
    """Raised by the alarm: a BaseException, so the CLI's last line of defence passes it."""


@pytest.fixture
def station(tmp_path, monkeypatch):
    """A database with a child in it, and XDG folders of the test's own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db_path = tmp_path / "station.db"
    db = open_database(db_path)
    add_player(db, nickname="Mia", avatar="star", dominant_hand="left")
    db.close()
    return db_path


@pytest.fixture
def no_hang():
    """A file that blocks (a FIFO) or never ends (/dev/zero) fails the test, not the suite."""

    def hung(_signum: int, _frame: object) -> None:
        raise Hung(f"still running after {HANG_LIMIT_S} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_LIMIT_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def row_counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as con:
        tables = [
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")
        ]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def text_file(text: str):
    def make(path: Path) -> Path:
        path.write_text(text, encoding="utf-8")
        return path

    return make


def folder(path: Path) -> Path:
    path.mkdir()
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


LONG_LINE = "t_s,force_n\n0.0," + "1" * 5000 + "\n"


def spaced(rows: int, gap_s: float):
    """Rows ``gap_s`` apart: 200,000 rows 1 ns apart used to replay without end."""
    return text_file("t_s,force_n\n" + "".join(f"{i * gap_s:.9f},{i % 50}\n" for i in range(rows)))


BAD_FILES = {
    # case: (make the file at a path, line named or None, what the message says)
    "missing": (lambda path: path, None, "no such file"),
    "a folder": (folder, None, "is a folder"),
    "a FIFO": (fifo, None, "pipe"),
    "/dev/zero": (lambda _path: Path("/dev/zero"), None, "is a device"),
    "empty": (text_file(""), 1, "empty"),
    "header only": (text_file("t_s,force_n\n"), 1, "no samples"),
    "one row": (text_file("t_s,force_n\n0.0,1.0\n"), 2, "one sample"),
    "all at one time": (
        text_file("t_s,force_n\n0.5,1.0\n0.5,2.0\n0.5,3.0\n"),
        4,
        "every sample is at 0.5 s",
    ),
    "time 1e300": (text_file("t_s,force_n\n0.0,1.0\n1e300,2.0\n"), 3, "out of range"),
    "force NaN": (text_file("t_s,force_n\n0.0,1.0\n0.1,nan\n"), 3, "finite"),
    "force inf": (text_file("t_s,force_n\n0.0,1.0\n0.1,-inf\n"), 3, "finite"),
    "time inf": (text_file("t_s,force_n\n0.0,1.0\ninf,1.0\n"), 3, "finite"),
    "force 1e308": (text_file("t_s,force_n\n0.0,1.0\n0.1,1e308\n"), 3, "beyond any load cell"),
    "rows 1 µs apart": (spaced(5000, 1e-6), 1002, "a rate of 1e+06 Hz"),
    "rows 1 ns apart": (spaced(200_000, 1e-9), 1002, "a rate of 1e+09 Hz"),
    "backwards": (text_file("t_s,force_n\n0.0,1.0\n0.2,1.0\n0.1,1.0\n"), 4, "backwards"),
    "a two-hour gap": (text_file("t_s,force_n\n0.0,1.0\n7200.0,2.0\n"), 3, "freeze"),
    "an endless line": (text_file(LONG_LINE), 2, "over 1000 characters"),
    "raw, no calibration": (
        text_file("t_s,raw\n0.0,100\n0.0125,200\n"),
        None,
        "run 'grip-station calibrate grip' first",
    ),
}


@pytest.mark.parametrize("command", [["run", "--seconds", "1"], ["live", "--seconds", "1"]])
@pytest.mark.parametrize("case", list(BAD_FILES))
@pytest.mark.usefixtures("no_hang")
def test_a_file_that_cannot_be_replayed_is_one_sentence_and_nothing_is_written(
    station, tmp_path, capsys, case, command
):
    make, line, phrase = BAD_FILES[case]
    path = make(tmp_path / "trace.csv")
    if not path.exists() and case != "missing":
        pytest.skip(f"{path} does not exist on this machine")
    before = row_counts(station)
    code = cli.main(["--db", str(station), "--sensors", f"replay:{path}", *command])
    err = capsys.readouterr().err
    assert code == cli.EXIT_USER_ERROR, err
    assert "Traceback" not in err and "unexpected error" not in err
    assert len(err.strip().splitlines()) == 1
    assert str(path) in err and phrase in err
    named = re.search(r": line (\d+): ", err)
    assert (named is not None and int(named[1]) == line) if line else named is None
    assert row_counts(station) == before
    assert not (tmp_path / "data" / "grip-station" / "crash-logs").exists()


def test_a_raw_count_log_replays_through_the_sensors_stored_calibration(station, tmp_path, capsys):
    """Counts 1000 at rest, 1000 + 9807 squeezed, 0.01 N per count: about 10 kg."""
    db = open_database(station)
    now = datetime.now(UTC)
    add_calibration(db, Calibration(GRIP, 1000, 0.01, 500.0, now))
    db.close()
    log = tmp_path / "sampler.csv"
    rows = "".join(f"{i / 80:.4f},{1000 + 9807 * (i > 5)}\n" for i in range(400))
    log.write_text("t_s,raw\n" + rows, encoding="utf-8")
    before = row_counts(station)
    code = cli.main(
        ["--db", str(station), "--sensors", f"replay:{log}", "live", "--seconds", "0.3"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "98.1 N  10.0 kg" in out.splitlines()[-1]
    assert row_counts(station) == before


def test_raw_counts_are_turned_into_newtons_sample_for_sample(tmp_path) -> None:
    log = text_file("t_s,raw\n0.0,-500\n0.0125,0\n0.025,9500\n")(tmp_path / "raw.csv")
    calibration = Calibration(GRIP, -500, 0.02, 1000.0, datetime.now(UTC))
    clock = FakeClock()
    setup = open_sensors(f"replay:{log}", DEFAULT_SPECS, {GRIP: calibration}, clock=clock)
    clock.advance(0.03)
    try:
        assert [s.newtons for s in setup.source.poll()] == pytest.approx([0.0, 10.0, 200.0])
    finally:
        setup.close()


def test_a_game_whose_sensor_has_no_file_is_refused_with_how_to_give_one(station, tmp_path, capsys):
    grip = text_file("t_s,force_n\n0.0,1.0\n0.0125,2.0\n0.025,3.0\n")(tmp_path / "grip.csv")
    argv = ["--db", str(station), "--sensors", f"replay:{grip}", "play", "crab", "--guest"]
    code = cli.main([*argv, "--seconds", "1"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_USER_ERROR
    assert "Crab Catch is played on the pinch sensor" in err
    assert "--sensors replay:grip.csv,pinch.csv" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("files", [1, 2])
def test_the_picker_offers_only_the_games_of_sensors_with_a_file(station, tmp_path, files):
    grip = text_file("t_s,force_n\n0.0,1.0\n0.0125,2.0\n")(tmp_path / "grip.csv")
    pinch = text_file("t_s,force_n\n0.0,1.0\n0.0125,2.0\n")(tmp_path / "pinch.csv")
    mode = "replay:" + ",".join(str(p) for p in [grip, pinch][:files])
    db = open_database(station)
    setup = open_sensors(mode, DEFAULT_SPECS, {}, clock=FakeClock())
    try:
        ctx = build_context(Launch(size=(800, 480)), load_config(None), db, setup)
        visit = ctx.begin_visit(None)
    finally:
        setup.close()
        db.close()
    fed = {GRIP, PINCH} if files == 2 else {GRIP}
    assert {game.sensor for game in ctx.games} == fed
    assert ("crab" in {game.key for game in ctx.games}) == (files == 2)
    assert any(isinstance(step, Picker) for step in visit.steps)
