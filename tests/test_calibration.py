"""Calibration maths on synthetic readings, every refusal, and the legacy calibration file."""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hardware.calibration import (
    Calibration,
    CalibrationError,
    CalibrationFileError,
    default_calibration,
    load_calibration_file,
    nominal_counts_per_newton,
    span,
    tare,
)
from hardware.spec import STANDARD_GRAVITY

GRIP_CAPACITY_N = 90 * STANDARD_GRAVITY
OFFSET = -81_234  # a real bridge rarely reads zero unloaded
COUNTS_PER_N = 4_500.0
WHEN = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def readings(level: float, n: int = 40, noise: float = 40.0, seed: int = 1) -> list[int]:
    rnd = random.Random(seed)
    return [round(level + rnd.gauss(0, noise)) for _ in range(n)]


def loaded(mass_g: float, counts_per_n: float = COUNTS_PER_N, **kwargs: float) -> list[int]:
    return readings(OFFSET + mass_g / 1000 * STANDARD_GRAVITY * counts_per_n, **kwargs)


def test_tare_and_span_recover_the_offset_and_slope():
    offset = tare(readings(OFFSET))
    assert abs(offset - OFFSET) <= 20
    cal = span(offset, loaded(5000), 5000, GRIP_CAPACITY_N, sensor="grip", now=WHEN)
    assert cal.newtons_per_count == pytest.approx(1 / COUNTS_PER_N, rel=0.002)
    assert (cal.sensor, cal.offset_counts, cal.known_mass_g, cal.calibrated_at) == (
        "grip",
        offset,
        5000.0,
        WHEN,
    )
    assert not cal.uncalibrated
    assert cal.to_newtons(offset + round(100 * COUNTS_PER_N)) == pytest.approx(100, rel=0.002)


def test_to_counts_is_the_inverse_of_to_newtons():
    cal = Calibration("pinch", OFFSET, 1 / 19_000, 500.0, WHEN)
    for newtons in (0.0, 0.37, 12.5, 215.0, -3.0):
        assert cal.to_newtons(cal.to_counts(newtons)) == pytest.approx(newtons, abs=1 / 19_000)


def test_one_bad_word_does_not_spoil_a_steady_tare():
    values = readings(OFFSET)
    values[17] = 0x7FFFFF
    assert abs(tare(values) - OFFSET) <= 20


def test_nominal_sensitivity_matches_the_datasheet_arithmetic():
    """A 2 mV/V cell at gain 128 should use about half the 24-bit positive range (2^22)."""
    at_capacity = nominal_counts_per_newton(GRIP_CAPACITY_N) * GRIP_CAPACITY_N
    assert at_capacity == pytest.approx(2**22, rel=0.03)
    assert nominal_counts_per_newton(100.0, 1.0, 32) == pytest.approx(
        nominal_counts_per_newton(100.0) / 8
    )


def test_default_calibration_is_marked_and_usable():
    cal = default_calibration("grip", 4_866.0, offset_counts=OFFSET, now=WHEN)
    assert cal.uncalibrated
    assert cal.known_mass_g is None
    assert cal.to_newtons(OFFSET + 4_866) == pytest.approx(1.0)
    with pytest.raises(CalibrationError):
        default_calibration("grip", 0.0)


def test_calibration_time_must_be_aware_and_is_kept_in_utc():
    with pytest.raises(CalibrationError, match="time zone"):
        Calibration("grip", 0, 1e-4, None, datetime(2025, 1, 1, 12, 0))
    local = datetime(2025, 1, 1, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    cal = Calibration("grip", 0, 1e-4, None, local)
    assert cal.calibrated_at.utcoffset() == timedelta(0)
    assert cal.calibrated_at == local


# --- refusals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "words"),
    [
        (readings(OFFSET, n=4), "at least"),
        (readings(OFFSET, noise=600.0), "not steady"),
        ([r + 14 * i for i, r in enumerate(readings(OFFSET, noise=20.0))], "drifting"),
    ],
    ids=["too-few", "wobbling", "drifting"],
)
def test_tare_refuses_an_unsettled_reading(values, words):
    with pytest.raises(CalibrationError, match=words):
        tare(values)


def test_span_refuses_an_unsettled_loaded_reading():
    with pytest.raises(CalibrationError, match="with the weight on is not steady"):
        span(OFFSET, loaded(5000, noise=2000.0), 5000, GRIP_CAPACITY_N)


@pytest.mark.parametrize(
    ("mass", "words"),
    [
        (None, "No reference mass"),
        ("500", "must be a number"),
        (True, "must be a number"),
        (float("nan"), "more than 0 g"),
        (0, "more than 0 g"),
        (-250.0, "more than 0 g"),
        (50.0, "too light"),
        (120_000.0, "more than this sensor can carry"),
    ],
)
def test_span_refuses_a_bad_mass(mass, words):
    with pytest.raises(CalibrationError, match=words) as caught:
        span(OFFSET, loaded(5000), mass, GRIP_CAPACITY_N)
    assert isinstance(caught.value, ValueError)


def test_span_refuses_a_backwards_load_cell_and_names_the_wires():
    backwards = readings(OFFSET - 5 * STANDARD_GRAVITY * COUNTS_PER_N)
    with pytest.raises(CalibrationError, match="wired backwards") as caught:
        span(OFFSET, backwards, 5000, GRIP_CAPACITY_N)
    assert "A+" in str(caught.value)
    assert "E+" in str(caught.value)


@pytest.mark.parametrize("counts_per_n", [0.0, 3.0, 200.0])
def test_span_refuses_a_weight_that_barely_moves_the_reading(counts_per_n):
    """200 counts/N is a quarter of what a 1 mV/V cell on channel B (gain 32) would give."""
    with pytest.raises(CalibrationError, match="barely changed"):
        span(OFFSET, loaded(2000, counts_per_n=counts_per_n), 2000, GRIP_CAPACITY_N)


def test_span_accepts_the_weakest_usual_wiring():
    counts_per_n = nominal_counts_per_newton(GRIP_CAPACITY_N, 1.0, 32)
    cal = span(OFFSET, loaded(2000, counts_per_n=counts_per_n), 2000, GRIP_CAPACITY_N)
    assert cal.newtons_per_count == pytest.approx(1 / counts_per_n, rel=0.01)


# --- the legacy file ------------------------------------------------------------------


def grip_cal() -> Calibration:
    return Calibration("grip", OFFSET, 1 / 4_866, 2_000.0, WHEN)


def valid_document() -> dict:
    return {
        "version": 1,
        "sensors": {
            "grip": {
                "offset_counts": OFFSET,
                "newtons_per_count": 1 / 4_866,
                "known_mass_g": 2_000.0,
                "calibrated_at": WHEN.isoformat(),
                "uncalibrated": False,
            }
        },
    }


def spoiled(change: str) -> bytes:
    document = valid_document()
    grip = document["sensors"]["grip"]
    if change == "wrong-version":
        document["version"] = 2
    elif change == "no-sensors":
        del document["sensors"]
    elif change == "missing-key":
        del grip["newtons_per_count"]
    elif change == "offset-as-text":
        grip["offset_counts"] = "-81234"
    elif change == "slope-as-bool":
        grip["newtons_per_count"] = True
    elif change == "negative-slope":
        grip["newtons_per_count"] = -1e-4
    elif change == "mass-as-text":
        grip["known_mass_g"] = "2 kg"
    elif change == "date-garbage":
        grip["calibrated_at"] = "last Tuesday"
    elif change == "date-naive":
        grip["calibrated_at"] = "2025-03-04T09:30:00"
    elif change == "entry-not-object":
        document["sensors"]["grip"] = [1, 2, 3]
    return json.dumps(document).encode()


CORRUPTIONS = {
    "garbage-bytes": b"\x89PNG\r\n\x1a\n\x00\xff\xfe",
    "truncated-json": json.dumps(valid_document()).encode()[:40],
    "a-list": b"[1, 2, 3]",
    "empty": b"",
    **{
        change: spoiled(change)
        for change in (
            "wrong-version",
            "no-sensors",
            "missing-key",
            "offset-as-text",
            "slope-as-bool",
            "negative-slope",
            "mass-as-text",
            "date-garbage",
            "date-naive",
            "entry-not-object",
        )
    },
}


def test_the_valid_document_used_below_does_load(tmp_path):
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(valid_document()))
    assert load_calibration_file(path) == {"grip": grip_cal()}


def test_every_sensor_of_the_file_is_read_with_its_own_numbers(tmp_path):
    document = valid_document()
    pinch = {**document["sensors"]["grip"], "offset_counts": 12_000, "known_mass_g": 500}
    pinch["calibrated_at"] = (WHEN + timedelta(days=1)).isoformat()
    document["sensors"]["pinch"] = pinch
    path = tmp_path / "cal.json"
    path.write_text(json.dumps(document))
    assert load_calibration_file(path) == {
        "grip": grip_cal(),
        "pinch": Calibration("pinch", 12_000, 1 / 4_866, 500.0, WHEN + timedelta(days=1)),
    }


@pytest.mark.parametrize("content", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_corrupt_file_is_reported_and_left_as_it_was(tmp_path, content):
    path = tmp_path / "cal.json"
    path.write_bytes(content)
    with pytest.raises(CalibrationFileError) as caught:
        load_calibration_file(path)
    assert str(path) in str(caught.value)
    assert "move it away" in str(caught.value)
    assert path.read_bytes() == content
    assert sorted(os.listdir(tmp_path)) == ["cal.json"]


def test_corrupt_file_error_says_what_is_wrong(tmp_path):
    path = tmp_path / "cal.json"
    path.write_bytes(CORRUPTIONS["missing-key"])
    with pytest.raises(CalibrationFileError, match="newtons_per_count"):
        load_calibration_file(path)
    path.write_bytes(CORRUPTIONS["wrong-version"])
    with pytest.raises(CalibrationFileError, match="version 2"):
        load_calibration_file(path)


def test_unreadable_path_is_reported(tmp_path: Path):
    (tmp_path / "cal.json").mkdir()
    with pytest.raises(CalibrationFileError, match="cannot be read"):
        load_calibration_file(tmp_path / "cal.json")
