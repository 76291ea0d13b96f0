"""The wiring diagram and the install guide show the pins the software uses, on the
right header pins, and the committed picture is what docs/draw_wiring.py draws today."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import matplotlib
import pygame
import pytest
from gpiozero import pi_info
from PIL import Image

from hardware.spec import DEFAULT_SPECS
from station.app.config import StationConfig

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "draw_wiring.py"
COMMITTED_PNG = ROOT / "docs" / "wiring.png"
GUIDE = ROOT / "README.md"
REDRAW = ".venv/bin/python docs/draw_wiring.py"

PUBLISHED_PINOUT = {
    **{0: 27, 1: 28, 2: 3, 3: 5, 4: 7, 5: 29, 6: 31, 7: 26, 8: 24, 9: 21, 10: 19, 11: 23},
    **{12: 32, 13: 33, 14: 8, 15: 10, 16: 36, 17: 11, 18: 12, 19: 35, 20: 38, 21: 40},
    **{22: 15, 23: 16, 24: 18, 25: 22, 26: 37, 27: 13},
}
"""BCM GPIO -> physical pin, typed from a Raspberry Pi pinout chart (Pi 4 and 5 alike)."""
POWER_PINS = {"3V3": {1, 17}, "5V": {2, 4}, "GND": {6, 9, 14, 20, 25, 30, 34, 39}}
PI4, PI5 = "c03111", "c04170"
"""Board revision codes of a Pi 4 Model B and a Pi 5, for gpiozero's pin tables."""


def _load_script():
    spec = importlib.util.spec_from_file_location("draw_wiring", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


draw_wiring = _load_script()


def _header_names(revision: str) -> dict[int, str]:
    """gpiozero's own table of a board's 40-pin header: physical pin -> what it carries."""
    return {number: pin.name for number, pin in pi_info(revision).headers["J8"].pins.items()}


def _pixels(path: Path) -> tuple[tuple[int, int], bytes]:
    surface = pygame.image.load(str(path))
    return surface.get_size(), pygame.image.tobytes(surface, "RGBA")


@pytest.fixture(scope="module")
def wires():
    return draw_wiring.connections()


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wiring") / "wiring.png"
    draw_wiring.draw(out)
    return out


@pytest.mark.parametrize("board", [PI4, PI5], ids=["pi4", "pi5"])
def test_the_scripts_header_is_the_pis_header(board):
    assert dict(enumerate(draw_wiring.HEADER, start=1)) == _header_names(board)


def test_published_pinout_agrees_with_the_header():
    assert sorted(PUBLISHED_PINOUT) == list(range(28)), "GPIO0-27 are on the header"
    for gpio, pin in PUBLISHED_PINOUT.items():
        assert draw_wiring.physical_pin(gpio) == pin, f"GPIO{gpio} is on pin {pin}"
    for name, pins in POWER_PINS.items():
        assert {p for p, n in enumerate(draw_wiring.HEADER, start=1) if n == name} == pins


def test_the_hx711_wires_are_on_the_pins_in_the_code(wires):
    header = _header_names(PI4)
    by_key = {(w.part, w.terminal): w for w in wires}
    for spec in DEFAULT_SPECS:
        part = f"{spec.name} HX711"
        assert header[by_key[(part, "DT")].pin] == f"GPIO{spec.dout_pin}"
        assert header[by_key[(part, "SCK")].pin] == f"GPIO{spec.sck_pin}"
        assert by_key[(part, "DT")].pin == PUBLISHED_PINOUT[spec.dout_pin]
        assert by_key[(part, "SCK")].pin == PUBLISHED_PINOUT[spec.sck_pin]
        assert by_key[(part, "VCC")].pin in POWER_PINS["3V3"], "3.3 V, never 5 V"
        assert by_key[(part, "GND")].pin in POWER_PINS["GND"]


def test_the_button_and_led_are_on_the_config_defaults(wires):
    config = StationConfig()
    header = _header_names(PI5)
    for part, gpio in (
        ("start button", config.start_button_pin),
        ("status LED", config.status_led_pin),
    ):
        pins = {w.pin for w in wires if w.part == part}
        assert sorted(header[pin] for pin in pins) == ["GND", f"GPIO{gpio}"]
        assert PUBLISHED_PINOUT[gpio] in pins


def test_every_wire_has_a_pin_of_its_own_and_the_label_it_claims(wires):
    pins = [w.pin for w in wires]
    assert len(pins) == len(set(pins)), "one wire per header pin"
    header = _header_names(PI4)
    assert all(w.signal == header[w.pin] for w in wires)
    display = {w.signal for w in wires if w.part == '7" display'}
    assert display == {"5V", "GND"}, "5 V goes to the display only"
    assert not any(w.signal == "5V" for w in wires if w.part != '7" display')


def test_the_script_runs_and_writes_a_png_of_a_sensible_size(tmp_path):
    out = tmp_path / "diagram.png"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(out)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (width, height), _ = _pixels(out)
    assert 1800 <= width <= 4000 and 1200 <= height <= 3000 and width > height
    assert 100_000 < out.stat().st_size < 2_000_000


def test_drawing_twice_gives_the_same_bytes(drawn, tmp_path):
    again = tmp_path / "again.png"
    draw_wiring.draw(again)
    assert again.read_bytes() == drawn.read_bytes()


def test_the_picture_records_its_connections_and_no_date(drawn, wires):
    text = Image.open(drawn).text
    assert text["Description"] == draw_wiring.markdown_table(wires)
    assert "Software" not in text
    assert set(text) == {"Title", "Description", draw_wiring.RENDERER_KEY}


def test_the_committed_picture_shows_todays_pins(wires):
    """Whatever renders it, the committed PNG carries the connection table it was drawn from."""
    recorded = Image.open(COMMITTED_PNG).text["Description"]
    assert recorded == draw_wiring.markdown_table(wires), f"pins changed: run {REDRAW}"


def test_the_committed_picture_is_what_the_script_draws_today(drawn):
    renderer = Image.open(COMMITTED_PNG).text[draw_wiring.RENDERER_KEY]
    if renderer != f"matplotlib {matplotlib.__version__}":
        pytest.skip(f"docs/wiring.png was drawn with {renderer}; this is {matplotlib.__version__}")
    same = _pixels(COMMITTED_PNG) == _pixels(drawn)  # a bool: no diff of megabytes on failure
    assert same, f"docs/wiring.png is not what the script draws today: run {REDRAW}"


def test_the_install_guide_has_the_same_connection_table(wires):
    guide = GUIDE.read_text(encoding="utf-8")
    table = draw_wiring.markdown_table(wires)
    assert table in guide, f"paste the table from `{REDRAW} --table` into {GUIDE.name}"
    assert "docs/wiring.png" in guide
