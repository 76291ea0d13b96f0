"""Draw the station's wiring diagram (docs/wiring.png) from the pins the software uses.

The GPIO numbers come from ``hardware.DEFAULT_SPECS`` and the config defaults, so the
picture cannot drift from the code: ``tests/test_wiring_diagram.py`` checks the pins
against the Pi's pinout and the committed PNG against a fresh drawing. After changing a
default pin, run ``.venv/bin/python docs/draw_wiring.py --table`` and paste the table it
prints into the README's "Install on a Pi" section.
"""

from __future__ import annotations

import argparse
import os
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

from hardware import DEFAULT_SPECS

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the config module pulls in pygame

DEFAULT_OUT = Path(__file__).resolve().parent / "wiring.png"
RENDERER_KEY = "Drawn with"

HEADER = (
    *("3V3", "5V", "GPIO2", "5V", "GPIO3", "GND", "GPIO4", "GPIO14", "GND", "GPIO15"),
    *("GPIO17", "GPIO18", "GPIO27", "GND", "GPIO22", "GPIO23", "3V3", "GPIO24", "GPIO10", "GND"),
    *("GPIO9", "GPIO25", "GPIO11", "GPIO8", "GND", "GPIO7", "GPIO0", "GPIO1", "GPIO5", "GND"),
    *("GPIO6", "GPIO12", "GPIO13", "GND", "GPIO19", "GPIO16", "GPIO26", "GPIO20", "GND", "GPIO21"),
)
"""What each pin of the 40-pin header carries, physical pin 1 first (the same on a Pi 4 and 5)."""

HX711_SUPPLY_PINS = {"grip": (17, 30), "pinch": (1, 34)}
"""(3V3, GND) per HX711: each board its own pins, the ground next to its signals."""
BUTTON_GND_PIN = 9
LED_GND_PIN = 14
DISPLAY_PINS = (2, 6)
"""5V and GND: where the Raspberry Pi documentation puts the display's red and black leads."""
LED_RESISTOR = "330 Ω"
MINUS = "\N{MINUS SIGN}"
"""Printed minus, as on the boards' silkscreen; a hyphen reads as a dash."""
LOAD_CELL_WIRES = (("E+", "red"), (f"E{MINUS}", "black"), (f"A{MINUS}", "white"), ("A+", "green"))
"""The usual colour code of a four-wire load cell; some makers use others."""
BOARD_TERMINALS = ("VCC", "GND", "DT", "SCK")
SENSORS = {
    "grip": ("HX711: squeeze bulb (grip)", "100 kg load cell\nin the hand\ndynamometer"),
    "pinch": ("HX711: pinch sensor", "20-30 kg load cell\nin the pinch\ngauge"),
}

# Wire colours that stay apart on screen and on paper; every wire is labelled at both ends too.
RED, MAROON, BLACK, WHITE = "#d62728", "#7f1d1d", "#1a1a1a", "#ffffff"
BLUE, PURPLE, TEAL, ORANGE = "#1f6fd1", "#8e44ad", "#0e8a7e", "#e8740c"
CELL_GREEN = "#2e9e44"
TERMINAL_COLOURS = {"VCC": RED, "GND": BLACK, "DT": BLUE, "SCK": PURPLE}
CELL_COLOURS = {"red": RED, "black": BLACK, "white": WHITE, "green": CELL_GREEN}
INK, GREY, PCB = "#222222", "#8f8f8f", "#1f7a3a"

WIDTH_IN, HEIGHT_IN, DPI = 14.0, 9.5, 160
WIRE_PT = 3.4
ROW_PITCH = 0.37
TOP_ROW_Y = 7.95
ODD_X, EVEN_X = 8.75, 9.15
PIN_RADIUS = 0.13
PILL_WIDTH, PILL_HEIGHT, PILL_GAP = 0.95, 0.22, 0.24
LEFT_PILL_END = ODD_X - PILL_GAP - PILL_WIDTH
RIGHT_PILL_END = EVEN_X + PILL_GAP + PILL_WIDTH
BOARD_RIGHT, BOARD_WIDTH = 5.85, 2.0
TERMINAL_PITCH = 0.3
BOARD_TOP = {"grip": 4.6, "pinch": 2.25}
LOOP_X = 0.3
"""The far-left run of the wire from pin 1: round everything else, so nothing crosses."""
NOTES_LEFT = 10.75

_FONT_DIR = Path(matplotlib.get_data_path(), "fonts", "ttf")


@dataclass(frozen=True, slots=True)
class Connection:
    """One wire from a part's terminal to a pin of the Pi's header."""

    part: str
    terminal: str
    pin: int
    """The physical header pin, 1-40."""
    colour: str

    @property
    def signal(self) -> str:
        return HEADER[self.pin - 1]


def physical_pin(gpio: int) -> int:
    """The header pin that carries BCM GPIO ``gpio``."""
    return HEADER.index(f"GPIO{gpio}") + 1


def connections() -> list[Connection]:
    """Every wire to the header, on the GPIOs the software reads and drives."""
    from station.app.config import StationConfig  # noqa: PLC0415 - after the banner is muted

    config = StationConfig()
    wires = []
    for spec in DEFAULT_SPECS:
        vcc, gnd = HX711_SUPPLY_PINS[spec.name]
        pins = (vcc, gnd, physical_pin(spec.dout_pin), physical_pin(spec.sck_pin))
        wires += [
            Connection(f"{spec.name} HX711", terminal, pin, TERMINAL_COLOURS[terminal])
            for terminal, pin in zip(BOARD_TERMINALS, pins, strict=True)
        ]
    button, led = physical_pin(config.start_button_pin), physical_pin(config.status_led_pin)
    return [
        *wires,
        Connection("start button", "one contact", button, TEAL),
        Connection("start button", "other contact", BUTTON_GND_PIN, BLACK),
        Connection("status LED", f"{LED_RESISTOR} resistor, then long leg (+)", led, ORANGE),
        Connection("status LED", f"short leg ({MINUS})", LED_GND_PIN, BLACK),
        Connection('7" display', "red lead", DISPLAY_PINS[0], MAROON),
        Connection('7" display', "black lead", DISPLAY_PINS[1], BLACK),
    ]


def markdown_table(wires: Sequence[Connection]) -> str:
    """The same connections as a table for the install guide."""
    rows = ["| part | its terminal | header pin | the pin is |", "|---|---|---|---|"]
    rows += [f"| {w.part} | {w.terminal} | {w.pin} | {w.signal} |" for w in wires]
    return "\n".join(rows)


def _font(size: float, bold: bool) -> FontProperties:
    """matplotlib's own DejaVu Sans by file, so a system font cannot change the picture."""
    return FontProperties(
        fname=_FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"), size=size
    )


def _text(
    ax: Axes,
    xy: tuple[float, float],
    text: str,
    size: float = 11,
    *,
    bold: bool = False,
    **style: object,
) -> None:
    style = {"va": "center", "color": INK, "zorder": 6, **style}
    ax.text(*xy, text, fontproperties=_font(size, bold), **style)


def _wire(ax: Axes, points: Sequence[tuple[float, float]], colour: str) -> None:
    """A wire with a halo, so neighbours stay apart; a white wire gets a dark rim."""
    xs, ys = zip(*points, strict=True)
    rim = "#6b6b6b" if colour == WHITE else "white"
    ax.plot(
        xs,
        ys,
        color=colour,
        lw=WIRE_PT,
        solid_capstyle="round",
        solid_joinstyle="round",
        path_effects=[patheffects.withStroke(linewidth=WIRE_PT + 2.6, foreground=rim)],
        zorder=3,
    )


def _box(
    ax: Axes,
    rect: tuple[float, float, float, float],
    fill: str,
    edge: str,
    *,
    zorder: float = 2,
    rounding: float = 0.06,
) -> None:
    """A rounded box; ``rect`` is (left, bottom, width, height)."""
    left, bottom, width, height = rect
    ax.add_patch(
        FancyBboxPatch(
            (left, bottom),
            width,
            height,
            boxstyle=f"round,pad=0,rounding_size={rounding}",
            fc=fill,
            ec=edge,
            lw=1.5,
            zorder=zorder,
        )
    )


def _pad(ax: Axes, xy: tuple[float, float]) -> None:
    ax.add_patch(Circle(xy, 0.07, fc="#d9b44a", ec="#7a5c12", zorder=4))


def _row_y(pin: int) -> float:
    return TOP_ROW_Y - (pin - 1) // 2 * ROW_PITCH


def _pin_xy(pin: int) -> tuple[float, float]:
    return (ODD_X if pin % 2 else EVEN_X), _row_y(pin)


def _label_end(pin: int) -> tuple[float, float]:
    """Where a wire leaves the header: the outer end of the pin's label."""
    return (LEFT_PILL_END if pin % 2 else RIGHT_PILL_END), _row_y(pin)


def _leaving_left(pin: int, *, above: bool) -> list[tuple[float, float]]:
    """Any pin's wire to a part on the left; an even pin's goes between two odd pins."""
    if pin % 2:
        return [_label_end(pin)]
    x, y = _pin_xy(pin)
    gap = y + (ROW_PITCH if above else -ROW_PITCH) / 2
    return [(x, y), (x, gap), (LEFT_PILL_END, gap)]


def _staircase(
    start: Sequence[tuple[float, float]], end: tuple[float, float], turn_x: float
) -> list[tuple[float, float]]:
    """From the header to a terminal with one step, turning down or up at ``turn_x``."""
    *lead, last = start
    return [*lead, last, (turn_x, last[1]), (turn_x, end[1]), end]


def _draw_header(ax: Axes, wires: Sequence[Connection]) -> None:
    used = {w.pin: w for w in wires}
    top, bottom = _row_y(1), _row_y(40)
    _box(
        ax,
        (ODD_X - 0.22, bottom - 0.22, EVEN_X - ODD_X + 0.44, top - bottom + 0.44),
        "#2b2b2b",
        "#111111",
        zorder=1,
    )
    for pin, name in enumerate(HEADER, start=1):
        x, y = _pin_xy(pin)
        wire = used.get(pin)
        ax.add_patch(
            Circle(
                (x, y),
                PIN_RADIUS,
                fc=wire.colour if wire else "#cfcfcf",
                ec="white" if wire else GREY,
                lw=1.2,
                zorder=4,
            )
        )
        _text(
            ax,
            (x, y),
            str(pin),
            7.5,
            bold=bool(wire),
            ha="center",
            color="white" if wire else "#333333",
        )
        label_x = LEFT_PILL_END if pin % 2 else EVEN_X + PILL_GAP
        centre = (label_x + PILL_WIDTH / 2, y)
        if wire:
            _box(
                ax,
                (label_x, y - PILL_HEIGHT / 2, PILL_WIDTH, PILL_HEIGHT),
                wire.colour,
                "white",
                zorder=4,
                rounding=0.1,
            )
            _text(ax, centre, name, 10, bold=True, ha="center", color="white")
        else:
            _text(ax, centre, name, 9, ha="center", color=GREY)
    _text(
        ax,
        ((ODD_X + EVEN_X) / 2, top + 0.62),
        "Raspberry Pi 4 / 5\n40-pin header",
        11.5,
        bold=True,
        ha="center",
    )
    _text(
        ax,
        ((ODD_X + EVEN_X) / 2, bottom - 0.55),
        "seen from above, USB ports\ndown: pin 1 is top left",
        9,
        ha="center",
        color="#555555",
    )


def _draw_load_cell(ax: Axes, right: float, ys: Sequence[float], caption: str) -> None:
    top, bottom = ys[0] + 0.28, ys[-1] - 0.28
    _box(ax, (right - 2.1, bottom, 2.1, top - bottom), "#c7ccd1", "#6d747a", rounding=0.1)
    for hole_x in (right - 1.75, right - 0.35):
        ax.add_patch(Circle((hole_x, (top + bottom) / 2), 0.09, fc="white", ec="#6d747a", zorder=3))
    _text(ax, (right - 1.05, (top + bottom) / 2), caption, 9.5, ha="center", linespacing=1.25)


def _draw_hx711(ax: Axes, name: str) -> dict[str, tuple[float, float]]:
    """One HX711 board and its load cell; returns where the Pi's wires end."""
    title, cell = SENSORS[name]
    top = BOARD_TOP[name]
    ys = [top - 0.3 - i * TERMINAL_PITCH for i in range(4)]
    height = TERMINAL_PITCH * 3 + 0.6
    left = BOARD_RIGHT - BOARD_WIDTH
    _box(ax, (left, top - height, BOARD_WIDTH, height), PCB, "#0d4a20")
    ax.add_patch(
        Rectangle((left + 0.72, top - height / 2 - 0.3), 0.56, 0.6, fc="#141414", zorder=3)
    )
    _text(ax, (left + 1.0, top - height / 2), "HX711", 8, bold=True, ha="center", color="white")
    _text(ax, (left + BOARD_WIDTH / 2, top + 0.2), title, 11, bold=True, ha="center")
    _text(
        ax,
        (left + BOARD_WIDTH / 2, top - height - 0.2),
        "RATE pin to VCC: 80 SPS",
        9,
        bold=True,
        ha="center",
        color=PCB,
    )
    ends = {}
    for terminal, y in zip(BOARD_TERMINALS, ys, strict=True):
        _pad(ax, (BOARD_RIGHT - 0.12, y))
        _text(ax, (BOARD_RIGHT - 0.26, y), terminal, 9.5, bold=True, ha="right", color="white")
        ends[terminal] = (BOARD_RIGHT - 0.12, y)
    cell_right = left - 1.0
    for (terminal, colour), y in zip(LOAD_CELL_WIRES, ys, strict=True):
        _pad(ax, (left + 0.12, y))
        _text(ax, (left + 0.26, y), terminal, 9.5, bold=True, ha="left", color="white")
        _wire(ax, [(cell_right, y), (left + 0.12, y)], CELL_COLOURS[colour])
        _text(ax, (cell_right + 0.5, y + 0.12), colour, 8, ha="center", color="#444444")
    _draw_load_cell(ax, cell_right, ys, cell)
    return ends


def _draw_sensors(ax: Axes, wires: Sequence[Connection]) -> None:
    by_key = {(w.part, w.terminal): w for w in wires}
    for spec in DEFAULT_SPECS:
        ends = _draw_hx711(ax, spec.name)
        for order, terminal in enumerate(BOARD_TERMINALS):
            wire = by_key[(f"{spec.name} HX711", terminal)]
            end = ends[terminal]
            if wire.pin == 1:
                _draw_loop_from_pin_1(ax, wire, end)
                continue
            start = _leaving_left(wire.pin, above=True)
            # Wires that climb turn nearer the board the lower they start, wires that
            # drop the higher they start: then none crosses another.
            rank = 3 - order if end[1] > start[-1][1] else order
            _wire(ax, _staircase(start, end, BOARD_RIGHT + 0.4 + rank * 0.27), wire.colour)


def _draw_loop_from_pin_1(ax: Axes, wire: Connection, end: tuple[float, float]) -> None:
    """Pin 1's 3V3 runs round the outside and hooks into its board's VCC from above."""
    start = _label_end(1)
    over = BOARD_TOP[wire.part.split()[0]] + 0.38
    hook_x = BOARD_RIGHT + 0.2
    _wire(
        ax,
        [start, (LOOP_X, start[1]), (LOOP_X, over), (hook_x, over), (hook_x, end[1]), end],
        wire.colour,
    )
    _text(
        ax,
        (LOOP_X + 0.14, (start[1] + over) / 2),
        f"3V3 from pin 1 to the {wire.part}'s VCC",
        9,
        bold=True,
        rotation=90,
        ha="left",
        color=RED,
    )


def _draw_button(ax: Axes, wires: Sequence[Connection]) -> None:
    """An arcade button seen from above, its two contacts wired straight across."""
    signal, ground = (w for w in wires if w.part == "start button")
    ys = [_row_y(ground.pin), _row_y(signal.pin)]
    centre = (4.9, sum(ys) / 2)
    ax.add_patch(Circle(centre, 0.42, fc="#3a3a3a", ec="#111111", lw=1.5, zorder=2))
    ax.add_patch(Circle(centre, 0.31, fc="#e53935", ec="#8e1c1a", lw=1.5, zorder=3))
    for wire, y in ((ground, ys[0]), (signal, ys[1])):
        lug = (5.55, y)
        ax.add_patch(Rectangle((5.3, y - 0.05), 0.3, 0.1, fc="#c0c0c0", ec="#777777", zorder=3))
        _wire(ax, [*_leaving_left(wire.pin, above=True), lug], wire.colour)
    _text(
        ax,
        (4.35, centre[1]),
        "start button\n(arcade, push to close)\nno resistor: the Pi's\ninternal pull-up is used",
        9.5,
        ha="right",
        linespacing=1.25,
    )


def _draw_led(ax: Axes, wires: Sequence[Connection]) -> None:
    """A 5 mm LED side on, its resistor in the GPIO wire, both leads straight across."""
    signal, ground = (w for w in wires if w.part == "status LED")
    anode_y = _row_y(signal.pin)
    cathode_y = _leaving_left(ground.pin, above=False)[-1][1]
    dome_right = 4.45
    anode_end, cathode_end = 5.75, 5.55
    ax.add_patch(
        FancyBboxPatch(
            (dome_right - 0.5, cathode_y - 0.1),
            0.5,
            anode_y - cathode_y + 0.2,
            boxstyle="round,pad=0,rounding_size=0.13",
            fc="#ff9d2e",
            ec="#b35900",
            lw=1.5,
            zorder=3,
        )
    )
    for y, end in ((anode_y, anode_end), (cathode_y, cathode_end)):
        _wire(ax, [(dome_right, y), (end, y)], "#a0a0a0")
    _text(ax, (dome_right - 0.25, anode_y), "+", 11, bold=True, ha="center", color="white")
    _text(ax, (dome_right - 0.25, cathode_y), MINUS, 11, bold=True, ha="center", color="white")
    _text(
        ax,
        (dome_right - 0.62, (anode_y + cathode_y) / 2),
        f"status LED (5 mm): + long leg,\n{MINUS} short leg on the flat side",
        9.5,
        ha="right",
        linespacing=1.25,
    )
    _wire(ax, [*_leaving_left(signal.pin, above=True), (anode_end, anode_y)], signal.colour)
    _wire(ax, [*_leaving_left(ground.pin, above=False), (cathode_end, cathode_y)], ground.colour)
    centre = 6.7
    _box(
        ax,
        (centre - 0.32, anode_y - 0.085, 0.64, 0.17),
        "#e7d3a8",
        "#8a6d3b",
        zorder=4,
        rounding=0.08,
    )
    for offset, band in (
        (-0.19, "#ff8c00"),
        (-0.09, "#ff8c00"),
        (0.01, "#8b4513"),
        (0.19, "#c9a227"),
    ):
        ax.add_patch(Rectangle((centre + offset, anode_y - 0.085), 0.05, 0.17, fc=band, zorder=5))
    _text(ax, (centre, anode_y + 0.19), f"{LED_RESISTOR} resistor", 8.5, bold=True, ha="center")


def _draw_display(ax: Axes, wires: Sequence[Connection]) -> None:
    """The display's two power leads; its picture comes over the DSI ribbon, not the header."""
    power, ground = (w for w in wires if w.part == '7" display')
    left = 11.2
    top, bottom = _row_y(power.pin) + 0.35, _row_y(ground.pin) - 0.5
    _box(ax, (left, bottom, 2.6, top - bottom), "#30343a", "#111111")
    _box(
        ax,
        (left + 0.45, bottom + 0.15, 1.95, top - bottom - 0.3),
        "#5b8fb9",
        "#1d3b53",
        zorder=3,
        rounding=0.03,
    )
    _text(
        ax,
        (left + 1.42, (top + bottom) / 2),
        'official 7"\ntouch display',
        10.5,
        bold=True,
        ha="center",
        color="white",
    )
    for wire, colour_name in ((power, "red"), (ground, "black")):
        y = _row_y(wire.pin)
        _wire(ax, [_label_end(wire.pin), (left + 0.15, y)], wire.colour)
        _pad(ax, (left + 0.15, y))
        _text(ax, (left + 0.22, y + 0.16), colour_name, 8, ha="left", color="white")
    _text(
        ax,
        (left + 1.3, bottom - 0.22),
        "power only: the picture goes over the flat ribbon",
        8.5,
        ha="center",
        color="#555555",
    )


def _draw_notes(ax: Axes) -> None:
    supply = " and ".join(str(vcc) for vcc, _ in sorted(HX711_SUPPLY_PINS.values()))
    notes = (
        f"Power each HX711 from 3.3 V (pins {supply}), never 5 V: its DT output swings "
        "to its supply, and a Pi input must stay at 3.3 V or below.",
        "Most cheap HX711 boards tie the RATE pin (chip pin 15) to ground: 10 SPS. "
        "Join it to VCC for 80 SPS; grip-station doctor prints the rate.",
        "HX711 boards order their pins differently: go by the names printed on yours.",
        "Load-cell colours vary by maker: check the cell's sheet. If a squeeze reads "
        f"negative, swap A+ and A{MINUS}.",
        "GPIO numbers are BCM numbers, as in the config file; the circles are the "
        "physical pin numbers.",
    )
    _text(ax, (NOTES_LEFT, 5.6), "Before you power up", 12, bold=True, ha="left")
    y = 5.3
    for note in notes:
        lines = textwrap.wrap(note, 37, break_on_hyphens=False)
        ax.add_patch(Circle((NOTES_LEFT + 0.07, y - 0.09), 0.05, fc=INK, zorder=6))
        _text(
            ax,
            (NOTES_LEFT + 0.22, y),
            "\n".join(lines),
            10.5,
            ha="left",
            va="top",
            linespacing=1.25,
        )
        y -= 0.21 * len(lines) + 0.2


def _draw_legend(ax: Axes) -> None:
    """The wire colours in one row under the title."""
    x, y = 0.3, 8.35
    for colour, meaning in (
        (RED, "3.3 V"),
        (MAROON, "5 V"),
        (BLACK, "GND"),
        (BLUE, "DT (data)"),
        (PURPLE, "SCK (clock)"),
        (TEAL, "button"),
        (ORANGE, "LED"),
    ):
        _wire(ax, [(x, y), (x + 0.3, y)], colour)
        _text(ax, (x + 0.4, y), meaning, 9.5, ha="left")
        x += 0.62 + 0.08 * len(meaning)


def draw(out: Path) -> None:
    """Draw the diagram to ``out`` as a PNG, byte for byte the same on every run."""
    wires = connections()
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH_IN)
    ax.set_ylim(0, HEIGHT_IN)
    ax.set_aspect("equal")
    ax.axis("off")
    _text(ax, (0.3, 9.1), "Grip station wiring", 20, bold=True, ha="left")
    _text(
        ax,
        (0.3, 8.72),
        "Drawn by docs/draw_wiring.py from the pins in hardware/spec.py and the config defaults",
        10,
        ha="left",
        color="#555555",
    )
    _draw_header(ax, wires)
    _draw_sensors(ax, wires)
    _draw_button(ax, wires)
    _draw_led(ax, wires)
    _draw_display(ax, wires)
    _draw_notes(ax)
    _draw_legend(ax)
    # No date and no "Software" line: the same pins give the same bytes. The renderer's
    # version is recorded because another matplotlib may draw the same text a pixel aside.
    metadata = {
        "Software": None,
        "Title": "Grip station wiring",
        "Description": markdown_table(wires),
        RENDERER_KEY: f"matplotlib {matplotlib.__version__}",
    }
    figure.savefig(out, format="png", dpi=DPI, metadata=metadata)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="PNG to write")
    parser.add_argument(
        "--table", action="store_true", help="also print the connections as a Markdown table"
    )
    args = parser.parse_args(argv)
    draw(args.out)
    if args.table:
        print(markdown_table(connections()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
