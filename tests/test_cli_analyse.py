"""``grip-station analyse FILE``: the efforts of a recording, as a table or JSON, and one
plain sentence (exit 2) for a file it cannot read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hardware import Calibration
from hardware.recordings import BUNDLED_DIR
from station.app import cli
from station.storage import add_calibration, open_database

POWER = BUNDLED_DIR / "edraki_power_grip_tracking.csv"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "station.db"


def analyse(db_path, *args: str) -> int:
    return cli.main(["--db", str(db_path), "analyse", *map(str, args)])


def test_a_recording_is_a_table_of_its_squeezes_with_peaks_in_newtons_and_kilograms(
    db_path, capsys
):
    assert analyse(db_path, POWER) == 0
    out = capsys.readouterr().out
    assert "3 efforts in 3.2 s" in out
    for peak in ("49.9 N (5.1 kg)", "57.8 N (5.9 kg)", "51.8 N (5.3 kg)"):
        assert peak in out
    assert "To peak s" in out and "Duration s" in out and "Trend: first third" in out


def test_json_has_every_effort_and_the_trend(db_path, capsys):
    assert analyse(db_path, POWER, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 3 and len(data["efforts"]) == 3
    assert [e["peak_n"] for e in data["efforts"]] == pytest.approx([49.9, 57.8, 51.8], abs=0.2)
    first = data["efforts"][0]
    assert first["peak_kg"] == pytest.approx(first["peak_n"] / 9.80665, abs=0.01)
    assert first["time_to_peak_s"] == pytest.approx(first["peak_s"] - first["start_s"], abs=1e-3)
    assert set(data["trend"]) >= {"first_third_mean_n", "last_third_mean_n", "slope_pct_per_min"}


def test_a_fading_hand_shows_as_a_falling_trend(db_path, capsys, recordings_dir):
    recording = recordings_dir / "bammri_mri_grip_rhythmic_squeezes.csv"
    assert analyse(db_path, recording, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert abs(data["count"] - 116) <= 1
    trend = data["trend"]
    assert trend["first_third_mean_kg"] > 18 and trend["last_third_mean_kg"] < 11
    assert trend["change"] < -0.35 and trend["slope_pct_per_min"] < -20


def test_a_file_with_only_rest_has_no_efforts_and_says_so(db_path, capsys, tmp_path):
    flat = tmp_path / "rest.csv"
    flat.write_text("t_s,force_n\n" + "".join(f"{i / 80},2.0\n" for i in range(400)))
    assert analyse(db_path, flat) == 0
    out = capsys.readouterr().out
    assert "0 efforts" in out and "No squeeze" in out


def test_raw_counts_are_read_through_the_sensors_stored_calibration(db_path, capsys, tmp_path):
    raw = tmp_path / "sampler.csv"
    counts = [1000 + (5000 if 100 <= i < 200 else 0) for i in range(300)]  # a 50 N squeeze
    raw.write_text("t_s,raw\n" + "".join(f"{i / 80},{c}\n" for i, c in enumerate(counts)))
    assert analyse(db_path, raw) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert str(raw) in err and "calibrate grip" in err and "Traceback" not in err
    db = open_database(db_path)
    try:
        made = datetime(2025, 1, 6, tzinfo=UTC)
        add_calibration(db, Calibration("grip", 1000, 0.01, 5000.0, made))
    finally:
        db.close()
    assert analyse(db_path, raw, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 1 and data["efforts"][0]["peak_n"] == pytest.approx(50.0)


BAD_FILES = {
    "empty.csv": ("", ["empty", "line 1"]),
    "columns.csv": ("time,newtons\n0,1\n", ["header", "t_s,force_n"]),
    "words.csv": ("t_s,force_n\n0.0,1.0\n0.0125,lots\n", ["line 3", "'lots'"]),
    "three.csv": ("t_s,force_n\n0.0,1.0,2.0\n", ["line 2", "2 columns"]),
    "huge.csv": ("t_s,force_n\n0.0,1e308\n0.0125,-1e308\n", ["line 2", "beyond any load cell"]),
    "dense.csv": (
        "t_s,force_n\n" + "".join(f"{i / 1e6:.6f},{i % 50}\n" for i in range(5000)),
        ["line 1002", "a rate of 1e+06 Hz"],
    ),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_file_that_is_not_a_recording_is_one_sentence_naming_it(db_path, capsys, tmp_path, name):
    text, said = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_text(text)
    assert analyse(db_path, bad) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert name in err and "Traceback" not in err and "unexpected error" not in err
    for words in said:
        assert words in err
    assert not (tmp_path / "data" / "grip-station" / "crash-logs").exists()


def test_a_missing_file_a_folder_and_a_device_are_refused_plainly(db_path, capsys, tmp_path):
    for path, said in (
        (tmp_path / "nothing.csv", "no such file"),
        (tmp_path, "is a folder"),
        ("/dev/zero", "is a device or a pipe"),
    ):
        assert analyse(db_path, path) == cli.EXIT_USER_ERROR
        err = capsys.readouterr().err
        assert str(path) in err and said in err and "Traceback" not in err


ANALYSE_AND_MEASURE = """
import json, resource, sys
from station.app import cli

before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
code = cli.main(["--db", sys.argv[2], "analyse", sys.argv[1], "--json"])
after_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "growth_mb": (after_kb - before_kb) / 1024}), file=sys.stderr)
"""
PEAK_RSS_GROWTH_LIMIT_MB = 8
"""Streamed, the peak set by importing the app is not passed; loaded whole, the 400,000
rows below raised it by 24 MB (and 20 million rows took 2.9 GB)."""


def test_a_long_recording_is_analysed_streamed_in_bounded_memory(tmp_path):
    """A squeeze of 40 N every 2 s for 83 minutes at 80 Hz: 5 MB, 2,500 efforts."""
    rows, path = 400_000, tmp_path / "long.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("t_s,force_n\n")
        for start in range(0, rows, 100_000):
            chunk = range(start, start + 100_000)
            out.write("".join(f"{i / 80:.4f},{2 + 40 * (i % 160 >= 80)}\n" for i in chunk))
    done = subprocess.run(
        [sys.executable, "-c", ANALYSE_AND_MEASURE, str(path), str(tmp_path / "station.db")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path / "data")},
    )
    measured = json.loads(done.stderr.strip().splitlines()[-1])
    print(f"peak RSS growth analysing {path.stat().st_size / 1e6:.1f} MB: {measured}")
    assert measured["code"] == 0
    assert json.loads(done.stdout)["count"] == rows // 160
    assert measured["growth_mb"] < PEAK_RSS_GROWTH_LIMIT_MB
