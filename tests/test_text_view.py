from __future__ import annotations

import math

from hardware.frames import ForceFrame, SensorHealth, SensorStatus
from station.console.text_view import force_bar, status_line

OK = SensorHealth(SensorStatus.OK, rate_hz=80.0)


def test_bar_fills_with_force_and_clips() -> None:
    assert force_bar(0.0, 100.0, width=10) == ".........."
    assert force_bar(50.0, 100.0, width=10) == "#####....."
    assert force_bar(500.0, 100.0, width=10) == "##########"
    assert force_bar(-5.0, 100.0, width=10) == ".........."
    assert force_bar(math.nan, 100.0, width=10) == "??????????"


def test_line_shows_newtons_kilograms_and_health() -> None:
    frames = {
        "grip": ForceFrame("grip", 1, 98.0, 98.0665, OK),
        "pinch": ForceFrame("pinch", 1, 0.0, 0.0, SensorHealth(SensorStatus.UNPLUGGED)),
    }
    line = status_line(frames, {"grip": 196.133, "pinch": 50.0})
    assert "98.1 N" in line and "10.0 kg" in line and "80.0 Hz" in line
    _, pinch = line.split(" | ")
    assert "unplugged" in pinch and "--" in pinch  # no number is shown for a dead sensor
