"""The live view: does the app show both forces, their health, and react to squeezes?

Every test drives the ``LiveScene`` through a real ``StationShell`` headless, on an
injected clock that moves one 60 Hz frame per frame; input arrives as this frame's
actions (pygame events built by the test and translated as the shell translates the
window's), and what was drawn is read back from the surface the shell draws on.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pygame
import pytest

from games.kit.actions import Action, CloseRequest, translate_one
from hardware.frames import (
    GRIP,
    PINCH,
    STARTING,
    ForceFrame,
    SensorHealth,
    SensorStatus,
)
from hardware.profiles import Constant, Ramp, Sine, Squeeze, chain
from hardware.setup import SensorSetup
from hardware.signal_chain import ForcePipeline
from hardware.sim_sources import ScriptedSource, VirtualSqueezeSource
from hardware.source import ForceInput, ForceSource
from hardware.virtual_hand import VirtualHand
from station.app import cli
from station.app.launch import Launch
from station.app.shell import StationShell
from station.commands import live as live_command
from station.play.context import PlayContext
from station.play.visit import VisitSettings
from station.screens import ui as ui_kit
from station.screens.live import (
    BAR_COLOURS,
    DEFAULT_FULL_SCALE_N,
    LiveScene,
    PanelLayout,
    compute_layout,
    full_scale_n,
)
from station.storage import database_path, open_database
from tests.support.simclock import SimClock

FRAME_S = 1 / 60
SIZES = [(800, 480), (1024, 600), (1280, 720), (1920, 1080)]
SCALES = {GRIP: 900.0, PINCH: 220.0}
NOTICE = "Simulated sensors: no HX711 answered on GPIO5/6 and GPIO13/19"

Input = pygame.event.Event | Action
Script = Mapping[int, Sequence[Input]]
"""Frame index -> what arrives in that frame (events are translated like the window's)."""


class RecordingInput(ForceInput):
    """Stands in for an emulated chip: remembers every force pushed into it."""

    def __init__(self) -> None:
        self.pushed: dict[str, list[float]] = {GRIP: [], PINCH: []}

    def set_force(self, sensor: str, newtons: float) -> None:
        self.pushed[sensor].append(newtons)


class BrokenPipeline:
    """Hands the view every kind of bad frame, and never a pinch frame."""

    def __init__(self) -> None:
        ok = SensorHealth(SensorStatus.OK, rate_hz=80.0)
        self._frames = itertools.cycle(
            [
                {GRIP: ForceFrame(GRIP, 1, math.nan, math.nan, ok)},
                {GRIP: ForceFrame(GRIP, 2, math.inf, -math.inf, ok)},
                {},
                {GRIP: ForceFrame(GRIP, 3, 5.0, 5.0, SensorHealth(SensorStatus.FAULTY))},
                {GRIP: ForceFrame(GRIP, 4, 5.0, math.nan, STARTING)},
            ]
        )
        self.new_frames: tuple[ForceFrame, ...] = ()

    def update(self) -> dict[str, ForceFrame]:
        latest = next(self._frames)
        self.new_frames = tuple(latest.values())
        return latest


class LiveRun:
    """The live view as the app runs it: one shell, the scene at the bottom of its stack."""

    def __init__(
        self,
        db_path: Path,
        clock: SimClock,
        pipeline: ForcePipeline | BrokenPipeline,
        *,
        source: ForceSource | None = None,
        hands: dict[str, VirtualHand] | None = None,
        chip: ForceInput | None = None,
        notice: str | None = None,
        size: tuple[int, int] = (1024, 600),
        script: Script | None = None,
        settings: VisitSettings | None = None,
    ) -> None:
        db = open_database(db_path)
        self.clock = clock
        self.hands = hands
        self.script = dict(script or {})
        self.surface = pygame.Surface(size)
        self.index = -1
        self.ctx = PlayContext(
            db=db,
            db_path=database_path(db),
            capacities=dict(SCALES),
            settings=settings or VisitSettings(),
            hands=hands,
        )
        self.setup = SensorSetup(source, pipeline, hands, chip, notice)  # type: ignore[arg-type]
        self.scene = LiveScene(self.ctx, notice=notice)
        self.shell = StationShell(
            self.ctx,
            self.setup,
            lambda: self.surface,
            clock_ns=clock,
            actions=self._actions,
            first=self.scene,
        )

    def _actions(self, size: tuple[int, int]) -> list[Action]:
        return as_actions(self.script.get(self.index, ()), size)

    def run(
        self,
        frames: int,
        on_frame: Callable[[int], bool | None] | None = None,
        *,
        step_s: float = FRAME_S,
    ) -> int:
        """Run up to ``frames`` frames; ``on_frame(index)`` sees each drawn one, True stops.

        Returns how many frames were drawn (fewer when the view was closed).
        """
        drawn = 0
        for index in range(frames):
            self.index = index
            if not self.shell.frame():
                break
            drawn += 1
            stop = on_frame(index) if on_frame is not None else None
            self.clock.advance(step_s)
            if stop:
                break
        return drawn

    @property
    def layout(self):
        assert self.scene.layout is not None
        return self.scene.layout

    def panel(self, sensor: str) -> PanelLayout:
        return next(p for p in self.layout.panels if p.sensor == sensor)

    def bar_fill(self, sensor: str) -> float:
        """Share of the bar's height filled with the sensor's colour (a column clear of marks)."""
        bar = self.panel(sensor).bar
        column = pygame.Rect(bar.right - 3, bar.y, 1, bar.h)
        return share_of(self.surface, column, BAR_COLOURS[sensor])

    def level(self, sensor: str) -> float:
        assert self.shell.squeeze is not None
        return self.shell.squeeze.input.level(sensor)

    @property
    def held_pointers(self) -> int:
        assert self.shell.squeeze is not None
        return self.shell.squeeze.input.held_pointers


@pytest.fixture
def open_live(tmp_path) -> Callable[..., LiveRun]:
    """``open_live(pipeline_or_profiles, ...)``; profiles are played by a ScriptedSource."""
    count = itertools.count()

    def make(feed, clock: SimClock | None = None, *, noise_n=0.0, outages=None, **kwargs):
        clock = clock or SimClock(tick_ns=0)
        if isinstance(feed, dict):
            source = ScriptedSource(feed, clock=clock, noise_n=noise_n, outages=outages)
            source.start()
            kwargs.setdefault("source", source)
            feed = ForcePipeline(source, {name: SCALES[name] for name in source.sensors})
        return LiveRun(tmp_path / f"live{next(count)}.db", clock, feed, **kwargs)

    return make


def as_actions(items: Sequence[Input], size: tuple[int, int]) -> list[Action]:
    """Events translated as the shell translates the window's; actions as they are."""
    actions = []
    for item in items:
        action = translate_one(item, size) if isinstance(item, pygame.event.Event) else item
        if action is not None:
            actions.append(action)
    return actions


def share_of(surface: pygame.Surface, rect: pygame.Rect, colour) -> float:
    """Fraction of the pixels in ``rect`` that are exactly ``colour``."""
    mask = pygame.mask.from_threshold(surface.subsurface(rect), colour, (1, 1, 1, 255))
    return mask.count() / (rect.w * rect.h)


def event(kind: int, **attributes) -> pygame.event.Event:
    return pygame.event.Event(kind, **attributes)


def key(kind: int, code: int) -> pygame.event.Event:
    return event(kind, key=code, mod=0)


# -- the scene in the shell -------------------------------------------------------------


def test_the_live_scene_presses_by_side_and_keeps_the_box_awake(open_live):
    live = open_live(
        {GRIP: Constant(0.0), PINCH: Constant(0.0)},
        settings=VisitSettings(idle_s=10.0),
    )
    role = live.shell.role()
    assert (role.name, role.presses, role.keeps_awake, role.exercise) == (
        "live",
        live.scene.presses,
        True,
        False,
    )
    assert live.run(40, step_s=0.5) == 40  # 20 s untouched: twice the idle timeout
    assert live.shell.stack.top is live.scene  # still watching, not back to the attract screen


# -- what is drawn ----------------------------------------------------------------------


def test_the_bar_grows_with_force_in_proportion_to_its_scale(open_live):
    live = open_live({GRIP: chain(Ramp(0.0, 150.0, 3.0), Constant(150.0)), PINCH: Constant(0.0)})
    fills = {}

    def on_frame(index):
        if index in (30, 90, 150, 240):
            fills[index] = live.bar_fill(GRIP)

    live.run(241, on_frame)
    assert fills[30] < fills[90] < fills[150] < fills[240]
    assert fills[240] == pytest.approx(150.0 / DEFAULT_FULL_SCALE_N[GRIP], abs=0.03)


def test_an_unplugged_sensor_shows_the_unplugged_colour_and_no_stale_bar(open_live):
    live = open_live({GRIP: Constant(40.0), PINCH: Constant(30.0)}, outages={PINCH: [(0.5, 60.0)]})
    seen = {}

    def on_frame(index):
        if index == 20:
            seen["before"] = live.bar_fill(PINCH)
        if index == 60:
            unplugged = ui_kit.HEALTH_COLOURS[SensorStatus.UNPLUGGED]
            ok = ui_kit.HEALTH_COLOURS[SensorStatus.OK]
            seen["pinch badge"] = share_of(live.surface, live.panel(PINCH).badge, unplugged)
            seen["grip badge"] = share_of(live.surface, live.panel(GRIP).badge, ok)
            seen["after"] = live.bar_fill(PINCH)
            return True
        return None

    live.run(61, on_frame)
    assert seen["before"] > 0.3
    assert seen["pinch badge"] > 0.5
    assert seen["grip badge"] > 0.5
    assert seen["after"] == 0.0


def test_the_notice_appears_as_a_banner_only_when_given(open_live):
    profiles = {GRIP: Constant(10.0), PINCH: Constant(5.0)}
    with_notice = open_live(profiles, notice=NOTICE)
    without = open_live(profiles)
    with_notice.run(1)
    without.run(1)
    banner = with_notice.layout.banner
    assert banner is not None
    assert share_of(with_notice.surface, banner, ui_kit.BANNER) > 0.5
    assert share_of(with_notice.surface, banner, ui_kit.INK) > 0.02  # the words, in dark ink
    assert without.layout.banner is None
    assert share_of(without.surface, without.surface.get_rect(), ui_kit.BANNER) == 0.0


def white_rows(live: LiveRun, sensor: str) -> list[int]:
    """Heights (0 = bottom) of the bar's white peak line, in shares of the bar."""
    bar = live.panel(sensor).bar
    column = bar.right - 3
    rows = [
        y for y in range(bar.top, bar.bottom) if live.surface.get_at((column, y))[:3] == ui_kit.TEXT
    ]
    return [(bar.bottom - y) / bar.h for y in rows]


def test_the_peak_of_the_last_ten_seconds_is_marked_on_the_bar_and_then_forgotten(open_live):
    squeeze = Squeeze(100.0, rise_s=0.3, hold_s=1.0, release_s=0.3)
    live = open_live({GRIP: chain(squeeze, Constant(0.0)), PINCH: Constant(0.0)})
    lines = {}

    def on_frame(index):
        lines[index] = white_rows(live, GRIP)

    live.run(131, on_frame, step_s=0.1)
    at_5_s, at_13_s = lines[50], lines[130]
    assert at_5_s and all(abs(h - 100.0 / DEFAULT_FULL_SCALE_N[GRIP]) < 0.03 for h in at_5_s)
    assert all(h < 0.02 for h in at_13_s)  # the old squeeze is gone; only ~0 N remains


def test_each_frame_is_remembered_once_however_many_steps_share_a_reading(open_live):
    live = open_live({GRIP: Constant(20.0), PINCH: Constant(5.0)})
    live.run(61)  # one second: 80 samples per sensor at 80 SPS, two steps per frame
    kept = live.scene.histories[GRIP].since(0)
    times = [t for t, _, _ in kept]
    assert len(times) == len(set(times))
    assert 75 <= len(times) <= 85


@pytest.mark.parametrize("peak_n", [185.0, 250.0, 470.0, 612.0, 880.0, 1999.0])
def test_a_squeeze_beyond_the_bar_range_widens_it_to_a_round_number(peak_n):
    scale = full_scale_n(GRIP, peak_n)
    assert peak_n < 0.95 * scale < 1.5 * peak_n  # never pinned, never needlessly tiny
    mantissa = scale / 10 ** math.floor(math.log10(scale))
    assert round(mantissa, 6) in {1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0}


def test_the_bar_range_stays_put_below_the_default():
    assert full_scale_n(PINCH, None) == full_scale_n(PINCH, 10.0) == DEFAULT_FULL_SCALE_N[PINCH]


def test_a_strong_squeeze_widens_the_drawn_bar_range(open_live):
    live = open_live({GRIP: chain(Constant(0.0, 0.2), Ramp(0.0, 480.0, 0.5), Constant(480.0))})
    live.run(90)
    view = live.scene.views(live.ctx.reading.latest)[GRIP]
    assert view.scale_n == full_scale_n(GRIP, view.peak_n) > DEFAULT_FULL_SCALE_N[GRIP]
    assert live.bar_fill(GRIP) == pytest.approx(480.0 / view.scale_n, abs=0.03)


def test_bad_data_is_drawn_as_no_signal_instead_of_raising(open_live):
    live = open_live(BrokenPipeline())
    fills = []

    def on_frame(index):
        fills.append(live.bar_fill(GRIP) + live.bar_fill(PINCH))

    assert live.run(21, on_frame) == 21
    assert len(fills) == 21
    assert max(fills) == 0.0


def test_the_simulated_hand_s_target_is_marked_beside_the_bar_and_the_hint_names_the_keys(
    open_live,
):
    w, h = 1024, 600
    hands = {GRIP: VirtualHand(300.0), PINCH: VirtualHand(100.0)}
    mouse = {"button": 1, "touch": False}
    live = open_live(
        {GRIP: Constant(0.0), PINCH: Constant(0.0)},
        hands=hands,
        chip=RecordingInput(),
        script={3: [event(pygame.MOUSEBUTTONDOWN, pos=(w // 4, round(h * 0.4)), **mouse)]},
    )
    marked = {}

    def on_frame(index):
        bar = live.panel(GRIP).bar
        target = hands[GRIP].level * hands[GRIP].max_force_n
        y = bar.bottom - round(min(1.0, target / DEFAULT_FULL_SCALE_N[GRIP]) * bar.h)
        marked[index] = live.surface.get_at((bar.x + 1, max(bar.top, y)))[:3] == ui_kit.TEXT

    live.run(6, on_frame)
    assert not marked[2]
    assert hands[GRIP].level == pytest.approx(0.55 / 0.9, abs=0.01)  # 40% down the screen
    assert marked[3] and marked[5]
    assert "SPACE or left half: grip" in live.scene.hint
    assert "P or right half: pinch" in live.scene.hint
    assert live.scene.hint.endswith("Esc quits")
    hint = live.layout.hint
    assert hint is not None and share_of(live.surface, hint, ui_kit.MUTED) > 0.01


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
def test_nothing_is_drawn_outside_the_layout_and_a_screenshot_is_saved(size, open_live, tmp_path):
    live = open_live(
        {
            GRIP: chain(Constant(2.0, 1.0), Squeeze(160.0, rise_s=0.6, hold_s=10.0)),
            PINCH: Sine(22.0, 12.0, 0.6),
        },
        noise_n=0.8,
        size=size,
        notice=NOTICE,
        hands={GRIP: VirtualHand(250.0), PINCH: VirtualHand(60.0)},
        chip=RecordingInput(),
        script={3: [key(pygame.KEYDOWN, pygame.K_SPACE)]},
    )
    live.run(201)
    shot = tmp_path / f"live_view_{size[0]}x{size[1]}.png"
    pygame.image.save(live.surface, shot)
    outside = live.surface.copy()
    layout = live.layout
    assert layout.banner is not None and layout.hint is not None
    for rect in (layout.banner, layout.hint, *(p.panel for p in layout.panels)):
        outside.fill(ui_kit.BACKGROUND, rect)
    assert live.surface.get_size() == layout.size == size
    assert 1.0 - share_of(outside, outside.get_rect(), ui_kit.BACKGROUND) == 0.0
    assert live.bar_fill(GRIP) > 0.5
    assert pygame.image.load(shot).get_size() == size


def test_a_resized_window_is_laid_out_again_for_its_new_size(open_live):
    live = open_live({GRIP: Constant(100.0), PINCH: Constant(20.0)})
    sizes = {}

    def on_frame(index):
        sizes[index] = live.layout.size
        if index == 3:
            live.surface = pygame.Surface((800, 480))  # the window the shell draws on next
        if index == 5:
            sizes["fill"] = live.bar_fill(GRIP)

    live.run(6, on_frame)
    assert sizes[0] == sizes[3] == (1024, 600)
    assert sizes[4] == sizes[5] == (800, 480)
    assert sizes["fill"] > 0.3


# -- input ------------------------------------------------------------------------------


def squeeze_run(open_live, script: Script, *, frames: int = 90):
    """Run with simulated hands and a recording chip; ``script`` says what arrives when.

    Returns the hands' levels and the pointers held after each frame, and every force
    the shell pushed into the chip (one per frame).
    """
    chip = RecordingInput()
    live = open_live(
        {GRIP: Constant(0.0), PINCH: Constant(0.0)},
        hands={GRIP: VirtualHand(300.0), PINCH: VirtualHand(100.0)},
        chip=chip,
        script=script,
    )
    levels: list[dict[str, float]] = []
    pointers: list[int] = []

    def on_frame(index):
        levels.append({name: live.level(name) for name in (GRIP, PINCH)})
        pointers.append(live.held_pointers)

    live.run(frames + 1, on_frame)
    return levels, chip.pushed, pointers


def test_holding_space_squeezes_the_grip_and_the_emulated_chip_gets_rising_force(open_live):
    levels, pushed, _ = squeeze_run(
        open_live,
        {6: [key(pygame.KEYDOWN, pygame.K_SPACE)], 51: [key(pygame.KEYUP, pygame.K_SPACE)]},
    )
    assert levels[5][GRIP] == 0.0 and levels[6][GRIP] == 1.0 and levels[51][GRIP] == 0.0
    grip = pushed[GRIP]
    assert len(grip) == 91  # the shell pushes the hand into the chip once per frame
    assert grip[5] == 0.0
    rising = grip[6:25]
    assert rising == sorted(rising)
    assert max(grip[30:51]) > 0.8 * 300.0
    assert grip[-1] < 0.05 * 300.0  # let go ~0.6 s before the end
    assert max(pushed[PINCH]) == 0.0


def test_holding_p_squeezes_the_pinch_only(open_live):
    levels, pushed, _ = squeeze_run(open_live, {4: [key(pygame.KEYDOWN, pygame.K_p)]}, frames=40)
    assert levels[-1] == {GRIP: 0.0, PINCH: 1.0}
    assert max(pushed[GRIP]) == 0.0
    assert pushed[PINCH][-1] > 0.8 * 100.0


def test_a_mouse_press_height_grades_the_force_and_moving_changes_it(open_live):
    w, h = 1024, 600
    mouse = {"button": 1, "touch": False}
    levels, pushed, _ = squeeze_run(
        open_live,
        {
            4: [event(pygame.MOUSEBUTTONDOWN, pos=(w // 4, h // 4), **mouse)],
            41: [
                event(
                    pygame.MOUSEMOTION,
                    pos=(w // 4, 3 * h // 4),
                    rel=(0, h // 2),
                    buttons=(1, 0, 0),
                    touch=False,
                )
            ],
            81: [event(pygame.MOUSEBUTTONUP, pos=(w // 4, 3 * h // 4), **mouse)],
        },
        frames=90,
    )
    high, low = levels[10][GRIP], levels[50][GRIP]
    assert 0.6 < high < 0.9
    assert 0.1 < low < 0.4
    assert levels[85][GRIP] == 0.0
    assert max(level[PINCH] for level in levels) == 0.0
    grip = pushed[GRIP]
    assert grip[40] == pytest.approx(high * 300.0, rel=0.15)  # settled near the graded level
    assert grip[80] == pytest.approx(low * 300.0, rel=0.15)


def test_hovering_without_a_button_squeezes_nothing(open_live):
    levels, _, pointers = squeeze_run(
        open_live,
        {4: [event(pygame.MOUSEMOTION, pos=(100, 50), rel=(0, 0), buttons=(0, 0, 0), touch=False)]},
        frames=8,
    )
    assert max(level[GRIP] + level[PINCH] for level in levels) == 0.0
    assert max(pointers) == 0


def test_a_click_on_the_right_half_pinches(open_live):
    w, h = 1024, 600
    levels, _, _ = squeeze_run(
        open_live,
        {4: [event(pygame.MOUSEBUTTONDOWN, pos=(3 * w // 4, h // 10), button=1, touch=False)]},
        frames=6,
    )
    assert levels[-1][PINCH] > 0.8 and levels[-1][GRIP] == 0.0


def test_a_touch_and_its_synthetic_mouse_click_count_once(open_live):
    w, h = 1024, 600
    finger = {"touch_id": 1, "finger_id": 7}
    synthetic = {"button": 1, "touch": True}
    levels, _, pointers = squeeze_run(
        open_live,
        {
            4: [
                event(pygame.FINGERDOWN, x=0.75, y=0.5, dx=0.0, dy=0.0, **finger),
                event(pygame.MOUSEBUTTONDOWN, pos=(3 * w // 4, h // 2), **synthetic),
            ],
            11: [
                event(pygame.FINGERMOTION, x=0.75, y=0.1, dx=0.0, dy=-0.4, **finger),
                event(
                    pygame.MOUSEMOTION,
                    pos=(3 * w // 4, h // 10),
                    rel=(0, -240),
                    buttons=(1, 0, 0),
                    touch=True,
                ),
            ],
            21: [
                event(pygame.FINGERUP, x=0.75, y=0.1, dx=0.0, dy=0.0, **finger),
                event(pygame.MOUSEBUTTONUP, pos=(3 * w // 4, h // 10), **synthetic),
            ],
        },
        frames=25,
    )
    assert pointers[3] == 0 and pointers[4] == 1
    assert levels[4][PINCH] == pytest.approx(0.5, abs=0.05)
    assert levels[11][PINCH] > 0.9
    assert levels[21][PINCH] == 0.0 and pointers[21] == 0
    assert max(level[GRIP] for level in levels) == 0.0


def test_without_a_chip_the_hands_reach_the_bar_through_the_virtual_squeeze_source(open_live):
    clock = SimClock(tick_ns=0)
    hands = {GRIP: VirtualHand(150.0), PINCH: VirtualHand(40.0)}
    source = VirtualSqueezeSource(hands, clock=clock)
    source.start()
    live = open_live(
        ForcePipeline(source, SCALES),
        clock,
        source=source,
        hands=hands,
        script={4: [key(pygame.KEYDOWN, pygame.K_SPACE)]},
    )
    fills = []

    def on_frame(index):
        fills.append(live.bar_fill(GRIP))

    assert live.run(61, on_frame) == 61
    assert fills[3] < 0.01
    assert fills[60] == pytest.approx(150.0 / DEFAULT_FULL_SCALE_N[GRIP], abs=0.08)


def test_losing_window_focus_lets_go_of_a_held_key(open_live):
    levels, _, _ = squeeze_run(
        open_live,
        {4: [key(pygame.KEYDOWN, pygame.K_SPACE)], 11: [event(pygame.WINDOWFOCUSLOST)]},
        frames=12,
    )
    assert levels[5][GRIP] == 1.0
    assert levels[11][GRIP] == 0.0


# -- the end ----------------------------------------------------------------------------


def test_closing_the_window_ends_the_view(open_live):
    live = open_live({GRIP: Constant(0.0), PINCH: Constant(0.0)}, script={5: [event(pygame.QUIT)]})
    assert live.run(300) == 5


def test_escape_ends_the_view(open_live):
    live = open_live(
        {GRIP: Constant(0.0), PINCH: Constant(0.0)},
        script={5: [key(pygame.KEYDOWN, pygame.K_ESCAPE)]},
    )
    assert live.run(300) == 5


# -- the command's window -----------------------------------------------------------------


def window_run(tmp_path, *, fullscreen=False, max_seconds=None, script: Script | None = None):
    """``run_live_window`` on the headless display, paced on a simulated clock."""
    clock = SimClock(tick_ns=0)
    source = ScriptedSource({GRIP: Constant(30.0), PINCH: Constant(0.0)}, clock=clock)
    source.start()
    db = open_database(tmp_path / "window.db")
    hands = {GRIP: VirtualHand(300.0), PINCH: VirtualHand(100.0)}
    setup = SensorSetup(source, ForcePipeline(source, SCALES), hands, RecordingInput(), NOTICE)
    ctx = PlayContext(db=db, db_path=database_path(db), capacities=SCALES, hands=hands)
    launch = Launch(size=(800, 480), fullscreen=fullscreen, max_seconds=max_seconds)
    frames = 0
    script = script or {}

    def actions(size):
        nonlocal frames
        frames += 1
        return as_actions(script.get(frames - 1, ()), size)

    code = live_command.run_live_window(
        launch, ctx, setup, clock_ns=clock, sleep=clock.sleep, actions=actions
    )
    return code, frames


def test_the_window_stops_after_its_seconds_on_its_clock(tmp_path):
    code, frames = window_run(tmp_path, max_seconds=0.5)
    assert code == 0
    assert 30 <= frames <= 32
    assert pygame.display.get_surface() is None  # the window is closed again


def test_escape_ends_a_window_but_not_the_fullscreen_view(tmp_path):
    escape = {4: [key(pygame.KEYDOWN, pygame.K_ESCAPE)]}
    assert window_run(tmp_path, script=escape) == (0, 5)
    code, frames = window_run(tmp_path, script=escape, fullscreen=True, max_seconds=0.5)
    assert code == 0 and frames > 25
    ctrl_q = {4: [event(pygame.KEYDOWN, key=pygame.K_q, mod=pygame.KMOD_CTRL)]}
    assert window_run(tmp_path, script=ctrl_q, fullscreen=True) == (0, 5)
    close = {4: [CloseRequest()]}
    assert window_run(tmp_path, script=close, fullscreen=True) == (0, 5)


def test_a_display_that_cannot_open_gives_exit_code_1_and_says_why(tmp_path, monkeypatch, caplog):
    pygame.display.quit()  # a display left open would not be opened (and fail) again
    monkeypatch.setenv("SDL_VIDEODRIVER", "no-such-driver")
    with caplog.at_level(logging.ERROR):
        code, frames = window_run(tmp_path)
    assert (code, frames) == (1, 0)
    assert "could not open a window" in caplog.text


def test_live_window_opens_the_shell_with_the_command_s_options(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    seen = {}

    def fake_window(launch, ctx, setup):
        seen.update(launch=launch, hands=ctx.hands is setup.hands, notice=setup.notice)
        return 0

    monkeypatch.setattr(live_command, "run_live_window", fake_window)
    argv = ["--db", str(tmp_path / "s.db"), "--sensors", "virtual", "live", "--window"]
    assert cli.main([*argv, "--size", "1024x600", "--seconds", "2"]) == 0
    assert seen["launch"].size == (1024, 600)
    assert seen["launch"].max_seconds == 2.0 and not seen["launch"].fullscreen
    assert seen["hands"] and seen["notice"] == "Virtual sensors: keyboard and touch"


def test_window_options_without_window_are_refused_with_a_sentence(tmp_path, capsys):
    code = cli.main(["--db", str(tmp_path / "s.db"), "live", "--fullscreen"])
    assert code == cli.EXIT_USER_ERROR
    assert "--window" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["live", "--window", "--size", "0x600"])
    assert "--size" in capsys.readouterr().err
