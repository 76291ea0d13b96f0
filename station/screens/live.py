"""The live view: both forces as the sensors report them (``grip-station live --window``).

It shows what the sensors say and nothing more, so a maintainer can check wiring and
a therapist can see that a squeeze arrives: per sensor a big bar of the smoothed force,
the number in newtons and kilograms, a 5-second trace of raw and smoothed force, the
peak of the last 10 s and the sensor's health. It is a scene of the one app shell: the
shell polls the sensors into ``ctx.reading`` every frame and turns keys, mouse and touch
into the simulated hands' squeeze (left half the bulb, right half the pinch sensor);
the scene only remembers the frames and draws. Bad data (a missing sensor, a force that
is not a number) is drawn as "no signal" rather than raised.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pygame

from games.kit.draw import mix
from hardware import (
    GRIP,
    PINCH,
    SENSOR_NAMES,
    STANDARD_GRAVITY,
    ForceFrame,
    SensorStatus,
    VirtualHand,
)
from station.play.context import PlayContext
from station.play.effort import Reading
from station.screens import ui as ui_kit
from station.screens.base import StationScene
from station.screens.squeeze import Presses
from station.screens.ui import Fonts

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
            if abs(force) < 0.05:  # a resting cell's -0.0 N reads like a fault; it is zero
                force = 0.0
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


# -- the scene ----------------------------------------------------------------------------


class LiveScene(StationScene):
    """Both forces live, on the one app shell; the shell's squeeze presses by screen half.

    ``escape_quits`` only words the hint: the shell (or the command's runner) decides
    which keys end the app.
    """

    name = "live"
    presses = Presses.BY_SIDE
    keeps_awake = True
    """A maintainer watching the forces is not an idle visit."""

    def __init__(
        self,
        ctx: PlayContext,
        *,
        notice: str | None = None,
        escape_quits: bool = True,
        presses: Presses = Presses.BY_SIDE,
    ) -> None:
        super().__init__(ctx)
        self.presses = presses
        """TAP where the view is part of a screen with buttons (therapist mode)."""
        self.notice = notice
        self.escape_quits = escape_quits
        self.histories = {name: ForceHistory() for name in SENSOR_NAMES}
        self.hint = self._hint_text()
        self.painter = _Painter(notice, self.hint)
        self.layout: Layout | None = None
        """The layout of the last frame drawn (for tests and screenshots)."""
        self._taken: Reading | None = None

    def _squeezable(self) -> Mapping[str, VirtualHand]:
        """The hands the shell's squeeze drives (none while the bot plays)."""
        hands = self.ctx.hands
        return {} if hands is None or self.ctx.autoplay else hands

    def _hint_text(self) -> str:
        hands = self._squeezable()
        by_side = self.presses is Presses.BY_SIDE
        parts = [
            f"{key} or {side} half: {sensor}" if by_side else f"{key}: {sensor}"
            for sensor, key, side in ((GRIP, "SPACE", "left"), (PINCH, "P", "right"))
            if sensor in hands
        ]
        if parts and by_side:
            parts.append("touch higher = harder")
        if self.escape_quits:
            parts.append("Esc quits")
        return " · ".join(parts)

    def tick(self, dt_ns: int) -> None:
        self._take_in(self.ctx.reading)

    def _take_in(self, reading: Reading) -> None:
        """Remember the reading's new frames once, however many steps share the reading.

        The loop runs two fixed steps per 60 Hz frame, and none in the very first frame,
        so the frames are taken in by whichever of a step and the draw sees them first.
        """
        if reading is self._taken:
            return
        self._taken = reading
        for frame in reading.new_frames:
            history = self.histories.get(frame.sensor)
            if history is not None:
                history.add(frame)
        for history in self.histories.values():
            history.forget_before(reading.now_ns - round(PEAK_S * _NS))

    def draw(self, surface: pygame.Surface) -> None:
        reading = self.ctx.reading
        self._take_in(reading)
        layout = self._layout_for(surface.get_size())
        self.painter.frame(surface, layout, self.views(reading.latest), reading.now_ns)

    def views(self, frames: Mapping[str, ForceFrame]) -> dict[str, SensorView]:
        hands = self._squeezable()
        views = {}
        for name, history in self.histories.items():
            hand = hands.get(name)
            target = None if hand is None else hand.level * hand.max_force_n
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
