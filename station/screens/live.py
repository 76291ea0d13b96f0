"""The window ``make run`` opens for now: both forces live, and the virtual squeeze.

It shows what the sensors say and nothing more, so a maintainer can check wiring and
a therapist can see that a squeeze arrives: per sensor a big bar of the smoothed force,
the number in newtons and kilograms, a 5-second trace of raw and smoothed force, the
peak of the last 10 s and the sensor's health. A frame never waits: the pipeline poll
is its only input, and bad data (a missing sensor, a force that is not a number) is
drawn as "no signal" rather than raised.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pygame

from games.kit.draw import mix
from hardware.frames import GRIP, PINCH, SENSOR_NAMES, ForceFrame, SensorStatus
from hardware.signal_chain import ForcePipeline
from hardware.source import Clock, ForceInput
from hardware.spec import STANDARD_GRAVITY
from hardware.virtual_hand import VirtualHand
from station.play.virtual_input import VirtualInput
from station.screens import ui as ui_kit
from station.screens.ui import Fonts

_log = logging.getLogger(__name__)

TRACE_S = 5.0
PEAK_S = 10.0
_NS = 1_000_000_000
_TRACE_GAP_NS = _NS // 5
"""Samples further apart than this are a dropout: the trace breaks instead of bridging."""
DEFAULT_FULL_SCALE_N = {GRIP: 200.0, PINCH: 50.0}
"""Bar range before anyone squeezes harder: about a 10-year-old's grip and pinch."""
_NICE_STEPS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
_FULL_AT = 0.9
"""The range grows once the 10 s peak passes this share of it, so the bar never pins."""
_PLAUSIBLE_N = 100_000.0
"""Ten tonnes: a reading beyond this is a broken conversion, not a squeeze."""
_TITLES = {GRIP: "Grip · squeeze bulb", PINCH: "Pinch · pinch sensor"}
BAR_COLOURS: dict[str, ui_kit.Colour] = {GRIP: (72, 150, 255), PINCH: (196, 120, 255)}
_OTHER_BAR: ui_kit.Colour = (200, 200, 210)
_KEY_SENSORS = {pygame.K_SPACE: GRIP, pygame.K_p: PINCH}
_MOUSE = "mouse"


# -- layout ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PanelLayout:
    """Where one sensor's parts go; every part lies inside ``panel`` and apart."""

    sensor: str
    panel: pygame.Rect
    title: pygame.Rect
    badge: pygame.Rect
    detail: pygame.Rect
    bar: pygame.Rect
    reading: pygame.Rect
    reading_kg: pygame.Rect
    peak: pygame.Rect
    trace: pygame.Rect

    def parts(self) -> dict[str, pygame.Rect]:
        return {
            "title": self.title,
            "badge": self.badge,
            "detail": self.detail,
            "bar": self.bar,
            "reading": self.reading,
            "reading_kg": self.reading_kg,
            "peak": self.peak,
            "trace": self.trace,
        }


@dataclass(frozen=True, slots=True)
class Layout:
    size: tuple[int, int]
    banner: pygame.Rect | None
    hint: pygame.Rect | None
    panels: tuple[PanelLayout, ...]


def compute_layout(
    size: tuple[int, int],
    sensors: Iterable[str] = SENSOR_NAMES,
    *,
    banner: bool,
    hint: bool,
) -> Layout:
    """Lay the screen out in proportions of its size; panels sit side by side, grip left."""
    width, height = size
    margin = max(4, round(min(width, height) * 0.02))
    top, bottom = margin, height - margin
    banner_rect = hint_rect = None
    if banner:
        banner_rect = pygame.Rect(margin, top, width - 2 * margin, round(height * 0.085))
        top = banner_rect.bottom + margin
    if hint:
        hint_h = round(height * 0.055)
        hint_rect = pygame.Rect(margin, bottom - hint_h, width - 2 * margin, hint_h)
        bottom = hint_rect.top - margin
    names = tuple(sensors)
    panel_w = (width - (len(names) + 1) * margin) // max(1, len(names))
    panels = tuple(
        _panel_layout(
            name,
            pygame.Rect(margin + i * (panel_w + margin), top, panel_w, bottom - top),
            margin,
            height,
        )
        for i, name in enumerate(names)
    )
    return Layout((width, height), banner_rect, hint_rect, panels)


def _panel_layout(sensor: str, panel: pygame.Rect, gap: int, height: int) -> PanelLayout:
    inner = panel.inflate(-2 * gap, -2 * gap)
    head_h = round(height * 0.08)
    title = pygame.Rect(inner.x, inner.y, round(inner.w * 0.54), head_h)
    badge = pygame.Rect(title.right + gap, inner.y, inner.right - title.right - gap, head_h)
    detail = pygame.Rect(inner.x, title.bottom + gap // 2, inner.w, round(height * 0.04))
    body_top = detail.bottom + gap
    bar = pygame.Rect(inner.x, body_top, round(inner.w * 0.2), inner.bottom - body_top)
    column_x = bar.right + gap
    column_w = inner.right - column_x
    reading = pygame.Rect(column_x, body_top, column_w, round(height * 0.13))
    reading_kg = pygame.Rect(column_x, reading.bottom, column_w, round(height * 0.07))
    peak = pygame.Rect(column_x, reading_kg.bottom + gap // 2, column_w, round(height * 0.045))
    trace_top = peak.bottom + gap
    trace = pygame.Rect(column_x, trace_top, column_w, inner.bottom - trace_top)
    return PanelLayout(sensor, panel, title, badge, detail, bar, reading, reading_kg, peak, trace)


# -- what to show -------------------------------------------------------------------------


def nice_ceiling(value_n: float) -> float:
    """The smallest round number (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 x 10^k) >= ``value_n``."""
    decade = 10.0 ** math.floor(math.log10(value_n))
    return next(step * decade for step in _NICE_STEPS if step * decade >= value_n * (1 - 1e-9))


def plausible(newtons: float) -> bool:
    """False for NaN, infinities and forces no load cell here can feel: bad data."""
    return abs(newtons) <= _PLAUSIBLE_N


class ForceHistory:
    """The last 10 s of one sensor's frames: the trace and the peak are drawn from it."""

    def __init__(self) -> None:
        self._frames: deque[tuple[int, float, float]] = deque()

    def add(self, frame: ForceFrame) -> None:
        if plausible(frame.filtered_n) and plausible(frame.raw_n):
            self._frames.append((frame.t_ns, frame.raw_n, frame.filtered_n))

    def forget_before(self, t_ns: int) -> None:
        while self._frames and self._frames[0][0] < t_ns:
            self._frames.popleft()

    def peak_n(self) -> float | None:
        return max((filtered for _, _, filtered in self._frames), default=None)

    def since(self, t_ns: int) -> list[tuple[int, float, float]]:
        return [entry for entry in self._frames if entry[0] >= t_ns]


@dataclass(frozen=True, slots=True)
class Readout:
    """One sensor as the screen shows it; ``force_n`` is None when there is no signal."""

    status: SensorStatus
    detail: str
    force_n: float | None


def readout(frame: ForceFrame | None) -> Readout:
    if frame is None:
        return Readout(SensorStatus.UNPLUGGED, "this sensor is not set up", None)
    health = frame.health
    force = frame.filtered_n if health.usable and plausible(frame.filtered_n) else None
    if health.usable and force is None:
        return Readout(
            health.status, f"the reading is not a plausible force: {frame.filtered_n:.6g} N", None
        )
    details = [health.detail]
    if health.status is SensorStatus.OK and not health.detail:
        details = [f"{health.rate_hz:.0f} samples/s"]
    if health.dropped_words:
        details.append(f"{health.dropped_words} bad readings dropped")
    return Readout(health.status, " · ".join(d for d in details if d), force)


def full_scale_n(sensor: str, peak_n: float | None) -> float:
    """The bar's range: the sensor's default, or a round number above a stronger peak."""
    default = DEFAULT_FULL_SCALE_N.get(sensor, 100.0)
    if peak_n is None or peak_n <= default * _FULL_AT:
        return default
    return nice_ceiling(peak_n / _FULL_AT)


def kg(newtons: float) -> float:
    return newtons / STANDARD_GRAVITY


# -- drawing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SensorView:
    """Everything one panel draws, gathered once per frame."""

    sensor: str
    readout: Readout
    history: ForceHistory
    peak_n: float | None
    scale_n: float
    target_n: float | None
    """The force the virtual hand is asked for: shown as a marker beside the bar."""

    @property
    def colour(self) -> ui_kit.Colour:
        return BAR_COLOURS.get(self.sensor, _OTHER_BAR)


class _Painter:
    """Draws one frame from the data alone; keeps only fonts and fixed texts."""

    def __init__(self, notice: str | None, hint: str) -> None:
        self.fonts = Fonts()
        self.notice = notice
        self.hint = hint

    def frame(
        self,
        surface: pygame.Surface,
        layout: Layout,
        views: Mapping[str, SensorView],
        now_ns: int,
    ) -> None:
        surface.fill(ui_kit.BACKGROUND)
        if layout.banner is not None and self.notice:
            self._banner(surface, layout.banner, self.notice)
        if layout.hint is not None:
            self.fonts.draw(surface, self.hint, layout.hint, ui_kit.MUTED, align="center")
        for panel in layout.panels:
            self._panel(surface, panel, views[panel.sensor], now_ns)

    def _banner(self, surface: pygame.Surface, rect: pygame.Rect, notice: str) -> None:
        pygame.draw.rect(surface, ui_kit.BANNER, rect, border_radius=rect.h // 4)
        icon = pygame.Rect(rect.x + rect.h // 3, rect.y, rect.h, rect.h).inflate(
            -rect.h // 4, -rect.h // 4
        )
        pygame.draw.circle(surface, ui_kit.INK, icon.center, icon.h // 2)
        self.fonts.draw(surface, "i", icon.inflate(0, -icon.h // 5), ui_kit.BANNER, align="center")
        text = pygame.Rect(icon.right + rect.h // 3, rect.y, 0, rect.h)
        text.width = rect.right - rect.h // 3 - text.x
        self.fonts.draw(surface, notice, text.inflate(0, -rect.h // 4), ui_kit.INK)

    def _panel(
        self, surface: pygame.Surface, panel: PanelLayout, view: SensorView, now_ns: int
    ) -> None:
        status = view.readout.status
        health_colour = ui_kit.HEALTH_COLOURS[status]
        border = max(2, panel.title.h // 14)
        radius = panel.title.h // 4
        pygame.draw.rect(surface, ui_kit.PANEL, panel.panel, border_radius=radius)
        pygame.draw.rect(surface, health_colour, panel.panel, border, border_radius=radius)
        title = _TITLES.get(panel.sensor, panel.sensor)
        self.fonts.draw(surface, title, panel.title.inflate(0, -panel.title.h // 4), ui_kit.TEXT)
        self._badge(surface, panel.badge, status)
        self.fonts.draw(surface, view.readout.detail, panel.detail, ui_kit.MUTED)
        self._bar(surface, panel.bar, view)
        self._numbers(surface, panel, view)
        self._trace(surface, panel.trace, view, now_ns)

    def _badge(self, surface: pygame.Surface, rect: pygame.Rect, status: SensorStatus) -> None:
        pygame.draw.rect(surface, ui_kit.HEALTH_COLOURS[status], rect, border_radius=rect.h // 4)
        pad = rect.h // 6
        icon = pygame.Rect(rect.x + pad * 2, rect.y + pad, rect.h - 2 * pad, rect.h - 2 * pad)
        ui_kit.draw_health_icon(surface, status, icon, ui_kit.INK)
        words = pygame.Rect(icon.right + pad * 2, icon.y, rect.right - icon.right - pad * 4, icon.h)
        self.fonts.draw(surface, ui_kit.HEALTH_WORDS[status], words, ui_kit.INK, sample="Unplugged")

    def _bar(self, surface: pygame.Surface, rect: pygame.Rect, view: SensorView) -> None:
        pygame.draw.rect(surface, ui_kit.TRACK, rect)

        def y_of(newtons: float) -> int:
            share = min(1.0, max(0.0, newtons / view.scale_n))
            return rect.bottom - round(share * rect.h)

        force = view.readout.force_n
        if force is not None and force > 0:
            top = y_of(force)
            pygame.draw.rect(surface, view.colour, (rect.x, top, rect.w, rect.bottom - top))
        for quarter in (1, 2, 3):
            y = y_of(view.scale_n * quarter / 4)
            pygame.draw.line(surface, ui_kit.GRID, (rect.x, y), (rect.x + rect.w // 5, y), 2)
        if view.peak_n is not None and view.peak_n > 0:
            y = y_of(view.peak_n)
            width = max(2, rect.h // 120)
            pygame.draw.line(surface, ui_kit.TEXT, (rect.x, y), (rect.right - 1, y), width)
        if view.target_n is not None and view.target_n > 0:
            y = y_of(view.target_n)
            size = max(6, rect.w // 6)
            arrow = [(rect.x + size, y), (rect.x, y - size), (rect.x, y + size)]
            pygame.draw.polygon(surface, ui_kit.TEXT, arrow)
        # Right-aligned, clear of the hand's marker, which runs along the left edge.
        label = pygame.Rect(rect.x, rect.y, rect.w, max(12, rect.h // 14))
        label = label.inflate(-max(12, rect.w // 3), -2).move(rect.w // 6 - 3, 0)
        scale = f"{view.scale_n:g} N"
        self.fonts.draw(surface, scale, label, ui_kit.MUTED, sample="8888 N", align="right")

    def _numbers(self, surface: pygame.Surface, panel: PanelLayout, view: SensorView) -> None:
        fonts = self.fonts
        force = view.readout.force_n
        if force is None:
            starting = view.readout.status is SensorStatus.STARTING
            word = "starting..." if starting else "no signal"
            fonts.draw(surface, word, panel.reading, ui_kit.MUTED, sample="888.8 N")
        else:
            fonts.draw(surface, f"{force:.1f} N", panel.reading, ui_kit.TEXT, sample="888.8 N")
            weight = f"{kg(force):.1f} kg"
            fonts.draw(surface, weight, panel.reading_kg, ui_kit.TEXT, sample="88.8 kg")
        peak = "peak 10 s: none yet"
        if view.peak_n is not None:
            peak = f"peak 10 s: {view.peak_n:.1f} N · {kg(view.peak_n):.1f} kg"
        sample = "peak 10 s: 888.8 N · 88.8 kg"
        fonts.draw(surface, peak, panel.peak, ui_kit.MUTED, sample=sample)

    def _trace(
        self, surface: pygame.Surface, rect: pygame.Rect, view: SensorView, now_ns: int
    ) -> None:
        pygame.draw.rect(surface, ui_kit.TRACK, rect)
        for quarter in (1, 2, 3):
            y = rect.bottom - round(rect.h * quarter / 4)
            pygame.draw.line(surface, ui_kit.GRID, (rect.x, y), (rect.right - 1, y))
        label = pygame.Rect(rect.x + 6, rect.y + 2, rect.w // 3, max(12, rect.h // 9))
        self.fonts.draw(surface, f"last {TRACE_S:g} s", label, ui_kit.MUTED)
        window_ns = TRACE_S * _NS
        # One multiply-add per point: this runs for ~800 points per panel per frame on a
        # Pi. Off-scale points are left to the clip rectangle instead of being clamped.
        x_per_ns = (rect.w - 1) / window_ns
        x_base = rect.right - 1 - now_ns * x_per_ns
        y_per_n = (rect.h - 1) / view.scale_n
        y_base = rect.bottom - 1
        raw_colour = mix(view.colour, ui_kit.TRACK, 0.45)
        thick = max(2, rect.h // 45)
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip))
        for segment in _segments(view.history.since(now_ns - round(window_ns))):
            if len(segment) < 2:
                continue
            raw = [(int(x_base + t * x_per_ns), int(y_base - n * y_per_n)) for t, n, _ in segment]
            pygame.draw.lines(surface, raw_colour, False, raw)
            smooth = [
                (int(x_base + t * x_per_ns), int(y_base - n * y_per_n)) for t, _, n in segment
            ]
            pygame.draw.lines(surface, view.colour, False, smooth, thick)
        surface.set_clip(clip)


def _segments(entries: list[tuple[int, float, float]]) -> list[list[tuple[int, float, float]]]:
    """Split at dropouts, so an unplugged stretch shows as a gap, not a straight line."""
    segments: list[list[tuple[int, float, float]]] = []
    last_t: int | None = None
    for entry in entries:
        if last_t is None or not 0 <= entry[0] - last_t <= _TRACE_GAP_NS:
            segments.append([])
        segments[-1].append(entry)
        last_t = entry[0]
    return segments


# -- the loop -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrameInfo:
    """Handed to ``frame_hook`` after each frame is drawn (tests, screenshots, watchdogs)."""

    index: int
    now_ns: int
    surface: pygame.Surface
    layout: Layout
    frames: Mapping[str, ForceFrame]
    virtual_input: VirtualInput | None


FrameHook = Callable[[FrameInfo], bool | None]
"""Return True to close the view after this frame."""


def run_live_view(
    pipeline: ForcePipeline,
    *,
    hands: dict[str, VirtualHand] | None,
    force_input: ForceInput | None,
    notice: str | None,
    size: tuple[int, int] = (1024, 600),
    fullscreen: bool = False,
    max_seconds: float | None = None,
    frame_hook: FrameHook | None = None,
    clock: Clock = time.monotonic_ns,
    fps: int = 60,
) -> int:
    """Show both forces live until the window closes; returns the process exit code.

    With ``hands`` the keyboard, mouse and touch screen squeeze them. With ``force_input``
    (an emulated chip) the view pushes the hands' forces into it every frame, so they
    travel through the real reading code; without it the caller's source must sample
    the same hands, and the view only commands them (it must not read them as well,
    or the two readers would ask for forces out of time order).
    """
    _check_arguments(size, max_seconds, fps)
    try:
        surface = _open_window(size, fullscreen)
    except pygame.error as exc:
        _log.error("The live view could not open a window: %s", exc)
        return 1
    try:
        loop = _Loop(
            pipeline,
            hands=hands,
            force_input=force_input,
            notice=notice,
            fullscreen=fullscreen,
            clock=clock,
        )
        loop.run(surface, max_seconds, frame_hook, fps)
    finally:
        pygame.display.quit()
    return 0


def _check_arguments(size: tuple[int, int], max_seconds: float | None, fps: int) -> None:
    if len(size) != 2 or min(size) < 1:
        raise ValueError(f"the window size must be two positive pixel counts, not {size!r}")
    if max_seconds is not None and not max_seconds > 0:
        raise ValueError(
            f"max_seconds must be above 0 (or None to run until closed), not {max_seconds}"
        )
    if fps < 0:
        raise ValueError(f"fps must be 0 (unlimited) or more, not {fps}")


def _open_window(size: tuple[int, int], fullscreen: bool) -> pygame.Surface:
    pygame.display.init()
    pygame.display.set_caption("Grip station: live forces")
    if fullscreen:
        pygame.mouse.set_visible(False)
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    return pygame.display.set_mode(size, pygame.RESIZABLE)


class _Loop:
    """One run of the view: input, poll, draw, once per frame."""

    def __init__(
        self,
        pipeline: ForcePipeline,
        *,
        hands: dict[str, VirtualHand] | None,
        force_input: ForceInput | None,
        notice: str | None,
        fullscreen: bool,
        clock: Clock,
    ) -> None:
        self.pipeline = pipeline
        self.input = VirtualInput(hands) if hands else None
        self.force_input = force_input
        self.notice = notice
        self.fullscreen = fullscreen
        self.clock = clock
        self.histories = {name: ForceHistory() for name in SENSOR_NAMES}
        self.hint = self._hint_text()
        self.painter = _Painter(notice, self.hint)
        self.layout: Layout | None = None

    def _hint_text(self) -> str:
        hands = self.input.hands if self.input is not None else {}
        parts = [
            f"{key} or {side} half: {sensor}"
            for sensor, key, side in ((GRIP, "SPACE", "left"), (PINCH, "P", "right"))
            if sensor in hands
        ]
        if parts:
            parts.append("touch higher = harder")
        if not self.fullscreen:
            parts.append("Esc quits")
        return " · ".join(parts)

    def run(
        self,
        surface: pygame.Surface,
        max_seconds: float | None,
        frame_hook: FrameHook | None,
        fps: int,
    ) -> None:
        ticker = pygame.time.Clock()
        start_ns = self.clock()
        index = 0
        while not self._handle_events(surface.get_size()):
            now_ns = self.clock()
            self._push_hands(now_ns)
            frames = self.pipeline.update()
            self._remember(now_ns)
            surface = pygame.display.get_surface()
            layout = self._layout_for(surface.get_size())
            self.painter.frame(surface, layout, self._views(frames), now_ns)
            pygame.display.flip()
            info = FrameInfo(index, now_ns, surface, layout, frames, self.input)
            if frame_hook is not None and frame_hook(info):
                return
            if max_seconds is not None and now_ns - start_ns >= max_seconds * _NS:
                return
            index += 1
            ticker.tick(fps)

    def _push_hands(self, now_ns: int) -> None:
        if self.input is None or self.force_input is None:
            return
        for sensor, newtons in self.input.forces(now_ns).items():
            self.force_input.set_force(sensor, newtons)

    def _remember(self, now_ns: int) -> None:
        for frame in self.pipeline.new_frames:
            history = self.histories.get(frame.sensor)
            if history is not None:
                history.add(frame)
        for history in self.histories.values():
            history.forget_before(now_ns - round(PEAK_S * _NS))

    def _views(self, frames: Mapping[str, ForceFrame]) -> dict[str, SensorView]:
        views = {}
        for name, history in self.histories.items():
            target = None
            if self.input is not None and name in self.input.hands:
                target = self.input.level(name) * self.input.hands[name].max_force_n
            peak = history.peak_n()
            views[name] = SensorView(
                name, readout(frames.get(name)), history, peak, full_scale_n(name, peak), target
            )
        return views

    def _layout_for(self, size: tuple[int, int]) -> Layout:
        if self.layout is None or self.layout.size != size:
            self.layout = compute_layout(
                size, SENSOR_NAMES, banner=bool(self.notice), hint=bool(self.hint)
            )
        return self.layout

    # -- events ---------------------------------------------------------------------------

    def _handle_events(self, size: tuple[int, int]) -> bool:
        """Apply this frame's events; True when the user closed the view."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                return True
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                if not self.fullscreen:
                    return True
            elif self.input is not None:
                self._squeeze_event(self.input, event, size)
        return False

    def _squeeze_event(
        self, vinput: VirtualInput, event: pygame.Event, size: tuple[int, int]
    ) -> None:
        kind = event.type
        if kind in (pygame.KEYDOWN, pygame.KEYUP):
            sensor = _KEY_SENSORS.get(event.key)
            if sensor is not None:
                (vinput.key_down if kind == pygame.KEYDOWN else vinput.key_up)(sensor)
        elif kind in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
            _finger_event(vinput, event)
        elif kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP):
            if not getattr(event, "touch", False):  # SDL's copy of a finger: already handled
                _mouse_event(vinput, event, size)
        elif kind == pygame.WINDOWFOCUSLOST:
            vinput.release_all()


def _finger_event(vinput: VirtualInput, event: pygame.Event) -> None:
    pointer = ("finger", event.touch_id, event.finger_id)
    if event.type == pygame.FINGERDOWN:
        vinput.pointer_down(pointer, event.x, event.y)
    elif event.type == pygame.FINGERMOTION:
        vinput.pointer_move(pointer, event.y)
    else:
        vinput.pointer_up(pointer)


def _mouse_event(vinput: VirtualInput, event: pygame.Event, size: tuple[int, int]) -> None:
    width, height = size
    if event.type == pygame.MOUSEMOTION:
        vinput.pointer_move(_MOUSE, event.pos[1] / height)
    elif event.button == pygame.BUTTON_LEFT:
        if event.type == pygame.MOUSEBUTTONDOWN:
            vinput.pointer_down(_MOUSE, event.pos[0] / width, event.pos[1] / height)
        else:
            vinput.pointer_up(_MOUSE)
