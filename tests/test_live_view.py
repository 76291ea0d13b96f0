"""The live view: does the window show both forces, their health, and react to squeezes?

Every test drives the real pygame loop headless, on an injected clock that moves one
60 Hz frame per frame, and reads what was drawn from the display surface.
"""

from __future__ import annotations

import itertools
import logging
import math

import pygame
import pytest

from hardware.frames import (
    GRIP,
    PINCH,
    STARTING,
    ForceFrame,
    SensorHealth,
    SensorStatus,
)
from hardware.profiles import Constant, Ramp, Sine, Squeeze, chain
from hardware.signal_chain import ForcePipeline
from hardware.sim_sources import ScriptedSource, VirtualSqueezeSource
from hardware.source import ForceInput
from hardware.virtual_hand import VirtualHand
from station.screens import ui as ui_kit
from station.screens.live import (
    BAR_COLOURS,
    DEFAULT_FULL_SCALE_N,
    FrameInfo,
    compute_layout,
    full_scale_n,
    run_live_view,
)
from tests.support.simclock import SimClock

FRAME_S = 1 / 60
SIZES = [(800, 480), (1024, 600), (1280, 720)]
SCALES = {GRIP: 900.0, PINCH: 220.0}
NOTICE = "Simulated sensors: no HX711 answered on GPIO5/6 and GPIO13/19"


class RecordingInput(ForceInput):
    """Stands in for an emulated chip: remembers every force pushed into it."""

    def __init__(self) -> None:
        self.pushed: dict[str, list[float]] = {GRIP: [], PINCH: []}

    def set_force(self, sensor: str, newtons: float) -> None:
        self.pushed[sensor].append(newtons)


def scripted(clock, profiles, **kwargs) -> ForcePipeline:
    source = ScriptedSource(profiles, clock=clock, **kwargs)
    source.start()
    return ForcePipeline(source, {name: SCALES[name] for name in profiles})


def run_view(pipeline, on_frame, clock, *, step_s: float = FRAME_S, **kwargs) -> int:
    """Run the view at full speed; ``on_frame`` sees each drawn frame, True stops."""

    def hook(info: FrameInfo) -> bool | None:
        stop = on_frame(info)
        clock.advance(step_s)
        return stop

    options = {"hands": None, "force_input": None, "notice": None, **kwargs}
    return run_live_view(pipeline, frame_hook=hook, clock=clock, fps=0, **options)


def share_of(surface: pygame.Surface, rect: pygame.Rect, colour) -> float:
    """Fraction of the pixels in ``rect`` that are exactly ``colour``."""
    mask = pygame.mask.from_threshold(surface.subsurface(rect), colour, (1, 1, 1, 255))
    return mask.count() / (rect.w * rect.h)


def bar_fill(info: FrameInfo, sensor: str) -> float:
    """Share of the bar's height filled with the sensor's colour (a column clear of marks)."""
    bar = next(p.bar for p in info.layout.panels if p.sensor == sensor)
    column = pygame.Rect(bar.right - 3, bar.y, 1, bar.h)
    return share_of(info.surface, column, BAR_COLOURS[sensor])


def post(kind: int, **attributes) -> None:
    pygame.event.post(pygame.event.Event(kind, **attributes))


def panel_of(info: FrameInfo, sensor: str):
    return next(p for p in info.layout.panels if p.sensor == sensor)


# -- what is drawn ----------------------------------------------------------------------


def test_the_bar_grows_with_force_in_proportion_to_its_scale():
    clock = SimClock(tick_ns=0)
    pipeline = scripted(
        clock, {GRIP: chain(Ramp(0.0, 150.0, 3.0), Constant(150.0)), PINCH: Constant(0.0)}
    )
    fills = {}

    def on_frame(info):
        if info.index in (30, 90, 150, 240):
            fills[info.index] = bar_fill(info, GRIP)
        return info.index >= 240

    run_view(pipeline, on_frame, clock)
    assert fills[30] < fills[90] < fills[150] < fills[240]
    assert fills[240] == pytest.approx(150.0 / DEFAULT_FULL_SCALE_N[GRIP], abs=0.03)


def test_an_unplugged_sensor_shows_the_unplugged_colour_and_no_stale_bar():
    clock = SimClock(tick_ns=0)
    pipeline = scripted(
        clock, {GRIP: Constant(40.0), PINCH: Constant(30.0)}, outages={PINCH: [(0.5, 60.0)]}
    )
    seen = {}

    def on_frame(info):
        if info.index == 20:
            seen["before"] = bar_fill(info, PINCH)
        if info.index == 60:
            unplugged = ui_kit.HEALTH_COLOURS[SensorStatus.UNPLUGGED]
            ok = ui_kit.HEALTH_COLOURS[SensorStatus.OK]
            seen["pinch badge"] = share_of(info.surface, panel_of(info, PINCH).badge, unplugged)
            seen["grip badge"] = share_of(info.surface, panel_of(info, GRIP).badge, ok)
            seen["after"] = bar_fill(info, PINCH)
            return True
        return None

    run_view(pipeline, on_frame, clock)
    assert seen["before"] > 0.3
    assert seen["pinch badge"] > 0.5
    assert seen["grip badge"] > 0.5
    assert seen["after"] == 0.0


def test_the_notice_appears_as_a_banner_only_when_given():
    clock = SimClock(tick_ns=0)
    profiles = {GRIP: Constant(10.0), PINCH: Constant(5.0)}
    seen = {}

    def grab(key):
        def on_frame(info):
            seen[key] = info
            seen[key + " banner share"] = (
                share_of(info.surface, info.layout.banner, ui_kit.BANNER)
                if info.layout.banner is not None
                else share_of(info.surface, info.surface.get_rect(), ui_kit.BANNER)
            )
            seen[key + " ink"] = (
                share_of(info.surface, info.layout.banner, ui_kit.INK)
                if info.layout.banner is not None
                else 0.0
            )
            return True

        return on_frame

    run_view(scripted(clock, profiles), grab("with"), clock, notice=NOTICE)
    run_view(scripted(clock, profiles), grab("without"), clock)
    assert seen["with banner share"] > 0.5
    assert seen["with ink"] > 0.02  # the words are there, in dark ink
    assert seen["without"].layout.banner is None
    assert seen["without banner share"] == 0.0


def white_rows(info: FrameInfo, sensor: str) -> list[int]:
    """Heights (0 = bottom) of the bar's white peak line, in shares of the bar."""
    bar = panel_of(info, sensor).bar
    column = bar.right - 3
    rows = [
        y for y in range(bar.top, bar.bottom) if info.surface.get_at((column, y))[:3] == ui_kit.TEXT
    ]
    return [(bar.bottom - y) / bar.h for y in rows]


def test_the_peak_of_the_last_ten_seconds_is_marked_on_the_bar_and_then_forgotten():
    clock = SimClock(tick_ns=0)
    squeeze = Squeeze(100.0, rise_s=0.3, hold_s=1.0, release_s=0.3)
    pipeline = scripted(clock, {GRIP: chain(squeeze, Constant(0.0)), PINCH: Constant(0.0)})
    lines = {}

    def on_frame(info):
        lines[info.index] = white_rows(info, GRIP)
        return info.index >= 130

    run_view(pipeline, on_frame, clock, step_s=0.1)
    at_5_s, at_13_s = lines[50], lines[130]
    assert at_5_s and all(abs(h - 100.0 / DEFAULT_FULL_SCALE_N[GRIP]) < 0.03 for h in at_5_s)
    assert all(h < 0.02 for h in at_13_s)  # the old squeeze is gone; only ~0 N remains


@pytest.mark.parametrize("peak_n", [185.0, 250.0, 470.0, 612.0, 880.0, 1999.0])
def test_a_squeeze_beyond_the_bar_range_widens_it_to_a_round_number(peak_n):
    scale = full_scale_n(GRIP, peak_n)
    assert peak_n < 0.95 * scale < 1.5 * peak_n  # never pinned, never needlessly tiny
    mantissa = scale / 10 ** math.floor(math.log10(scale))
    assert round(mantissa, 6) in {1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0}


def test_the_bar_range_stays_put_below_the_default():
    assert full_scale_n(PINCH, None) == full_scale_n(PINCH, 10.0) == DEFAULT_FULL_SCALE_N[PINCH]


def test_bad_data_is_drawn_as_no_signal_instead_of_raising():
    ok = SensorHealth(SensorStatus.OK, rate_hz=80.0)
    frames = itertools.cycle(
        [
            {GRIP: ForceFrame(GRIP, 1, math.nan, math.nan, ok)},
            {GRIP: ForceFrame(GRIP, 2, math.inf, -math.inf, ok)},
            {},
            {GRIP: ForceFrame(GRIP, 3, 5.0, 5.0, SensorHealth(SensorStatus.FAULTY))},
            {GRIP: ForceFrame(GRIP, 4, 5.0, math.nan, STARTING)},
        ]
    )

    class BrokenPipeline:
        """Hands the view every kind of bad frame, and never a pinch frame."""

        new_frames: tuple[ForceFrame, ...] = ()

        def update(self):
            latest = next(frames)
            self.new_frames = tuple(latest.values())
            return latest

    clock = SimClock(tick_ns=0)
    fills = []

    def on_frame(info):
        fills.append(bar_fill(info, GRIP) + bar_fill(info, PINCH))
        return info.index >= 20

    assert run_view(BrokenPipeline(), on_frame, clock) == 0
    assert len(fills) == 21
    assert max(fills) == 0.0


# -- layout -----------------------------------------------------------------------------


def all_rects(layout) -> list[tuple[str, pygame.Rect]]:
    named = [("banner", layout.banner), ("hint", layout.hint)]
    for panel in layout.panels:
        named += [(f"{panel.sensor} {name}", rect) for name, rect in panel.parts().items()]
    return [(name, rect) for name, rect in named if rect is not None]


@pytest.mark.parametrize("size", SIZES)
def test_the_layout_keeps_every_part_on_screen_and_apart(size):
    layout = compute_layout(size, banner=True, hint=True)
    screen = pygame.Rect((0, 0), size)
    rects = all_rects(layout)
    for name, rect in rects:
        assert rect.w > 0 and rect.h > 0, name
        assert screen.contains(rect), name
    for panel in layout.panels:
        for name, rect in panel.parts().items():
            assert panel.panel.contains(rect), f"{panel.sensor} {name}"
    for (name_a, a), (name_b, b) in itertools.combinations(rects, 2):
        assert not a.colliderect(b), f"{name_a} overlaps {name_b}"
    left, right = layout.panels
    assert left.sensor == GRIP and right.sensor == PINCH
    assert left.panel.right <= size[0] // 2 <= right.panel.left  # the halves a finger presses
    assert min(p.reading.h for p in layout.panels) >= size[1] // 10  # readable from 2 m


@pytest.mark.parametrize("size", SIZES)
def test_nothing_is_drawn_outside_the_layout_and_a_screenshot_is_saved(size):
    clock = SimClock(tick_ns=0)
    pipeline = scripted(
        clock,
        {
            GRIP: chain(Constant(2.0, 1.0), Squeeze(160.0, rise_s=0.6, hold_s=10.0)),
            PINCH: Sine(22.0, 12.0, 0.6),
        },
        noise_n=0.8,
    )
    hands = {GRIP: VirtualHand(250.0), PINCH: VirtualHand(60.0)}
    seen = {}

    def on_frame(info):
        if info.index == 2:
            post(pygame.KEYDOWN, key=pygame.K_SPACE)
        if info.index == 200:
            pygame.image.save(info.surface, f"/tmp/live_view_{size[0]}x{size[1]}.png")
            outside = info.surface.copy()
            layout = info.layout
            for rect in (layout.banner, layout.hint, *(p.panel for p in layout.panels)):
                outside.fill(ui_kit.BACKGROUND, rect)
            seen["stray"] = 1.0 - share_of(outside, outside.get_rect(), ui_kit.BACKGROUND)
            seen["size"] = info.surface.get_size()
            seen["grip fill"] = bar_fill(info, GRIP)
            return True
        return None

    run_view(
        pipeline,
        on_frame,
        clock,
        size=size,
        notice=NOTICE,
        hands=hands,
        force_input=RecordingInput(),
    )
    assert seen["size"] == size
    assert seen["stray"] == 0.0
    assert seen["grip fill"] > 0.5


def test_a_resized_window_is_laid_out_again_for_its_new_size():
    clock = SimClock(tick_ns=0)
    pipeline = scripted(clock, {GRIP: Constant(100.0), PINCH: Constant(20.0)})
    sizes = {}

    def on_frame(info):
        sizes[info.index] = info.layout.size
        if info.index == 3:
            pygame.display.set_mode((800, 480), pygame.RESIZABLE)
            post(pygame.VIDEORESIZE, size=(800, 480), w=800, h=480)
        if info.index == 5:
            sizes["fill"] = bar_fill(info, GRIP)
        return info.index >= 5

    run_view(pipeline, on_frame, clock)
    assert sizes[0] == (1024, 600)
    assert sizes[5] == (800, 480)
    assert sizes["fill"] > 0.3


# -- input ------------------------------------------------------------------------------


def squeeze_run(events_at, *, frames=90, **kwargs):
    """Run with virtual hands; ``events_at`` maps a frame index to events to post then."""
    clock = SimClock(tick_ns=0)
    pipeline = scripted(clock, {GRIP: Constant(0.0), PINCH: Constant(0.0)})
    hands = {GRIP: VirtualHand(300.0), PINCH: VirtualHand(100.0)}
    chip = RecordingInput()
    levels: list[dict[str, float]] = []
    pointers: list[int] = []

    def on_frame(info):
        levels.append({name: info.virtual_input.level(name) for name in (GRIP, PINCH)})
        pointers.append(info.virtual_input.held_pointers)
        for kind, attributes in events_at.get(info.index, ()):
            post(kind, **attributes)
        return info.index >= frames

    run_view(pipeline, on_frame, clock, hands=hands, force_input=chip, **kwargs)
    return levels, chip.pushed, pointers


def test_holding_space_squeezes_the_grip_and_the_emulated_chip_gets_rising_force():
    levels, pushed, _ = squeeze_run(
        {
            5: [(pygame.KEYDOWN, {"key": pygame.K_SPACE})],
            50: [(pygame.KEYUP, {"key": pygame.K_SPACE})],
        }
    )
    assert levels[5][GRIP] == 0.0 and levels[6][GRIP] == 1.0 and levels[51][GRIP] == 0.0
    grip = pushed[GRIP]
    assert grip[5] == 0.0
    rising = grip[6:25]
    assert rising == sorted(rising)
    assert max(grip[30:51]) > 0.8 * 300.0
    assert grip[-1] < 0.05 * 300.0  # let go ~0.6 s before the end
    assert max(pushed[PINCH]) == 0.0


def test_holding_p_squeezes_the_pinch_only():
    levels, pushed, _ = squeeze_run({3: [(pygame.KEYDOWN, {"key": pygame.K_p})]}, frames=40)
    assert levels[-1] == {GRIP: 0.0, PINCH: 1.0}
    assert max(pushed[GRIP]) == 0.0
    assert pushed[PINCH][-1] > 0.8 * 100.0


def test_a_mouse_press_height_grades_the_force_and_moving_changes_it():
    w, h = 1024, 600
    mouse = {"button": 1, "touch": False}
    levels, pushed, _ = squeeze_run(
        {
            3: [(pygame.MOUSEBUTTONDOWN, {"pos": (w // 4, h // 4), **mouse})],
            40: [
                (
                    pygame.MOUSEMOTION,
                    {
                        "pos": (w // 4, 3 * h // 4),
                        "rel": (0, h // 2),
                        "buttons": (1, 0, 0),
                        "touch": False,
                    },
                )
            ],
            80: [(pygame.MOUSEBUTTONUP, {"pos": (w // 4, 3 * h // 4), **mouse})],
        },
        frames=90,
    )
    high, low = levels[10][GRIP], levels[50][GRIP]
    assert 0.6 < high < 0.9
    assert 0.1 < low < 0.4
    assert levels[85][GRIP] == 0.0
    assert max(level[PINCH] for level in levels) == 0.0
    grip = pushed[GRIP]
    assert grip[39] == pytest.approx(high * 300.0, rel=0.15)  # settled near the graded level
    assert grip[79] == pytest.approx(low * 300.0, rel=0.15)


def test_a_click_on_the_right_half_pinches():
    w, h = 1024, 600
    levels, _, _ = squeeze_run(
        {
            3: [
                (
                    pygame.MOUSEBUTTONDOWN,
                    {"pos": (3 * w // 4, h // 10), "button": 1, "touch": False},
                )
            ]
        },
        frames=6,
    )
    assert levels[-1][PINCH] > 0.8 and levels[-1][GRIP] == 0.0


def test_a_touch_and_its_synthetic_mouse_click_count_once():
    w, h = 1024, 600
    finger = {"touch_id": 1, "finger_id": 7}
    synthetic = {"button": 1, "touch": True}
    levels, _, pointers = squeeze_run(
        {
            3: [
                (pygame.FINGERDOWN, {"x": 0.75, "y": 0.5, "dx": 0.0, "dy": 0.0, **finger}),
                (pygame.MOUSEBUTTONDOWN, {"pos": (3 * w // 4, h // 2), **synthetic}),
            ],
            10: [
                (pygame.FINGERMOTION, {"x": 0.75, "y": 0.1, "dx": 0.0, "dy": -0.4, **finger}),
                (
                    pygame.MOUSEMOTION,
                    {
                        "pos": (3 * w // 4, h // 10),
                        "rel": (0, -240),
                        "buttons": (1, 0, 0),
                        "touch": True,
                    },
                ),
            ],
            20: [
                (pygame.FINGERUP, {"x": 0.75, "y": 0.1, "dx": 0.0, "dy": 0.0, **finger}),
                (pygame.MOUSEBUTTONUP, {"pos": (3 * w // 4, h // 10), **synthetic}),
            ],
        },
        frames=25,
    )
    assert pointers[4] == 1
    assert levels[4][PINCH] == pytest.approx(0.5, abs=0.05)
    assert levels[11][PINCH] > 0.9
    assert levels[21][PINCH] == 0.0 and pointers[21] == 0
    assert max(level[GRIP] for level in levels) == 0.0


def test_without_a_chip_the_hands_reach_the_bar_through_the_virtual_squeeze_source():
    clock = SimClock(tick_ns=0)
    hands = {GRIP: VirtualHand(150.0), PINCH: VirtualHand(40.0)}
    source = VirtualSqueezeSource(hands, clock=clock)
    source.start()
    pipeline = ForcePipeline(source, SCALES)
    fills = []

    def on_frame(info):
        if info.index == 3:
            post(pygame.KEYDOWN, key=pygame.K_SPACE)
        fills.append(bar_fill(info, GRIP))
        return info.index >= 60

    assert run_view(pipeline, on_frame, clock, hands=hands) == 0
    assert fills[3] < 0.01
    assert fills[60] == pytest.approx(150.0 / DEFAULT_FULL_SCALE_N[GRIP], abs=0.08)


def test_losing_window_focus_lets_go_of_a_held_key():
    levels, _, _ = squeeze_run(
        {3: [(pygame.KEYDOWN, {"key": pygame.K_SPACE})], 10: [(pygame.WINDOWFOCUSLOST, {})]},
        frames=12,
    )
    assert levels[5][GRIP] == 1.0
    assert levels[11][GRIP] == 0.0


# -- the loop ---------------------------------------------------------------------------


def count_frames(**kwargs) -> tuple[int, int]:
    clock = SimClock(tick_ns=0)
    pipeline = scripted(clock, {GRIP: Constant(0.0), PINCH: Constant(0.0)})
    count = 0
    script = kwargs.pop("script", {})

    def on_frame(info):
        nonlocal count
        count += 1
        for kind, attributes in script.get(info.index, ()):
            post(kind, **attributes)
        return info.index >= 300

    code = run_view(pipeline, on_frame, clock, **kwargs)
    return code, count


def test_the_view_stops_after_max_seconds_on_its_clock():
    code, frames = count_frames(max_seconds=0.5)
    assert code == 0
    assert 30 <= frames <= 32


def test_closing_the_window_ends_the_view():
    code, frames = count_frames(script={4: [(pygame.QUIT, {})]})
    assert code == 0
    assert frames == 5


def test_escape_quits_a_window_but_not_the_fullscreen_kiosk():
    escape = {4: [(pygame.KEYDOWN, {"key": pygame.K_ESCAPE})]}
    assert count_frames(script=escape)[1] == 5
    assert count_frames(script=escape, fullscreen=True, max_seconds=0.5)[1] > 25


def test_a_display_that_cannot_open_gives_exit_code_1_and_says_why(monkeypatch, caplog):
    monkeypatch.setenv("SDL_VIDEODRIVER", "no-such-driver")
    clock = SimClock(tick_ns=0)
    pipeline = scripted(clock, {GRIP: Constant(0.0)})
    with caplog.at_level(logging.ERROR):
        code = run_view(pipeline, lambda info: True, clock)
    assert code == 1
    assert "could not open a window" in caplog.text


def test_bad_arguments_are_refused_with_a_sentence():
    clock = SimClock(tick_ns=0)
    pipeline = scripted(clock, {GRIP: Constant(0.0)})
    with pytest.raises(ValueError, match="window size"):
        run_view(pipeline, lambda info: True, clock, size=(0, 600))
    with pytest.raises(ValueError, match="max_seconds"):
        run_view(pipeline, lambda info: True, clock, max_seconds=-1.0)
