"""A child's progress on the touch screen: pick the child, then their charts and key numbers.

The charts are ``station.reports.charts``' own (the same pictures as the parent's PDF),
drawn by matplotlib into a PNG of exactly the chart area's pixels and shown as a pygame
image. Drawing one takes a fraction of a second (the first also imports matplotlib, about
half a second on a Pi), so it never happens in a frame's drawing: a press asks for it,
the next frame shows "Drawing…", and the frame after draws it, once per child, chart and
size; the time it took is said on the message line and logged. The work itself runs on
the frame thread, so the screen stands still meanwhile, with the message showing why.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from datetime import datetime
from io import BytesIO

import pygame

from hardware import GRIP, PINCH
from station.clinic.assessment import MEASUREMENT_ERROR_FRACTION
from station.clinic.progress import LatestTest, Progress
from station.play.context import PlayContext
from station.reports import charts
from station.reports.records import load_progress
from station.screens.art.avatars import draw_avatar
from station.screens.therapist import kit
from station.screens.therapist.base import BACK, TherapistScene
from station.storage import Player, get_player

_log = logging.getLogger(__name__)

CHART_LABELS = {GRIP: "Grip", PINCH: "Pinch", "weekly": "Weekly", "sessions": "Sessions"}
"""The chart buttons, in ``charts.CHARTS`` order: grip, pinch, weekly success and time in
band, sessions against the program's days per week (each chart's title says it in full)."""
PICK_COLUMNS, PICK_ROWS = 2, 4
PER_PAGE = PICK_COLUMNS * PICK_ROWS
NAME_SAMPLE = "Wwwwwwwwww"
"""Every nickname in the list is drawn at one size; a longer one shrinks itself."""
PREV, NEXT = "prev", "next"
RECENT_WEEKS = 4
SIDE_SHARE = 0.22
"""Of the body's width, for the column of chart buttons beside the chart."""
SUMMARY_ROWS = 3
"""The summary's rows: two hands and the practice line (more lines share the space)."""
_ERROR = f"{MEASUREMENT_ERROR_FRACTION:.0%}"


def now_of(ctx: PlayContext) -> datetime:
    """The clinic's local time from the context's wall clock (injected in tests)."""
    return datetime.fromtimestamp(ctx.wall_clock()).astimezone()


def pages(count: int) -> int:
    return max(1, -(-count // PER_PAGE))


def split_bottom(body: pygame.Rect, share: float) -> tuple[pygame.Rect, pygame.Rect]:
    """The body's top and a strip of ``share`` of its height at the bottom, with a gap."""
    gap = max(4, body.h // 30)
    strip_h = round(body.h * share)
    top = pygame.Rect(body.x, body.y, body.w, body.h - strip_h - gap)
    return top, pygame.Rect(body.x, top.bottom + gap, body.w, strip_h)


def short_day(moment: datetime) -> str:
    day = moment.astimezone()
    return f"{day.day} {day:%b %Y}"


class Later:
    """One slow job, run on the frame after the one that showed the "working" message.

    Done at once on the press, the job would freeze the screen before the message saying
    so was ever drawn; one frame later, the message is what the therapist sees meanwhile.
    """

    def __init__(self) -> None:
        self._job: Callable[[], None] | None = None
        self._shown = False

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, job: Callable[[], None]) -> None:
        self._job, self._shown = job, False

    def drawn(self) -> None:
        """A frame with the working message reached the screen."""
        self._shown = self._job is not None

    def run_due(self) -> None:
        if self._job is not None and self._shown:
            job, self._job = self._job, None
            job()


class PlayerScene(TherapistScene):
    """A therapist screen that first asks which child (progress and reports share it):
    nicknames with small avatars, a page at a time; Back from the child comes back here."""

    pick_title = "Pick a player"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        self.title = self.pick_title
        self.players: list[Player] = []
        self.page = 0
        self.player: Player | None = None
        self.later = Later()

    def enter(self) -> None:
        """Read the children again whenever the screen shows (one may have been added)."""
        self.players = self.ctx.players()
        self.page = min(self.page, pages(len(self.players)) - 1)

    def press(self, key: object) -> None:
        if self.later.busy:
            return  # a press during the slow job would act on a screen about to change
        if key == BACK and self.player is not None:
            self.player = None
            self.title = self.pick_title
            self.say("")
            self.enter()
        else:
            super().press(key)

    def on_press(self, key: object) -> None:
        if self.player is not None:
            self.on_player_press(key)
        elif key == PREV:
            self.page = max(0, self.page - 1)
        elif key == NEXT:
            self.page = min(pages(len(self.players)) - 1, self.page + 1)
        elif isinstance(key, tuple) and key[0] == "player":
            self.player = get_player(self.ctx.db, key[1])
            self.open_player(self.player)

    def open_player(self, player: Player) -> None:
        """The child was picked."""

    def on_player_press(self, key: object) -> None:
        """A body button of the child's view was pressed."""

    def tick(self, dt_ns: int) -> None:
        self.later.run_due()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.later.drawn()

    def layout(self, body: pygame.Rect) -> list[kit.Button]:
        if self.player is not None:
            return self.player_layout(body)
        listing, strip = split_bottom(body, 0.16)
        gap = max(4, body.h // 40)
        rows = -(-PER_PAGE // PICK_COLUMNS)
        cell_w = (listing.w - gap * (PICK_COLUMNS - 1)) // PICK_COLUMNS
        cell_h = (listing.h - gap * (rows - 1)) // rows
        shown = self.players[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]
        buttons = []
        for index, player in enumerate(shown):
            row, column = divmod(index, PICK_COLUMNS)
            x, y = listing.x + column * (cell_w + gap), listing.y + row * (cell_h + gap)
            buttons.append(kit.Button(pygame.Rect(x, y, cell_w, cell_h), "", ("player", player.id)))
        if pages(len(self.players)) > 1:
            arrows = pygame.Rect(strip.centerx, strip.y, strip.w // 2, strip.h)
            left, right = kit.row(arrows, 2, gap)
            last = pages(len(self.players)) - 1
            buttons.append(kit.Button(left, "<", PREV, enabled=self.page > 0))
            buttons.append(kit.Button(right, ">", NEXT, enabled=self.page < last))
        return buttons

    def player_layout(self, body: pygame.Rect) -> list[kit.Button]:
        return []

    def draw_body(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        if self.player is not None:
            self.draw_player(surface, body)
            return
        by_key = {("player", p.id): p for p in self.players}
        for button in self.buttons:
            player = by_key.get(button.key) if isinstance(button.key, tuple) else None
            if player is not None:
                rect = button.rect
                radius = rect.h * 0.38
                draw_avatar(surface, player.avatar, (rect.x + rect.h // 2, rect.centery), radius)
                name = pygame.Rect(rect.x + rect.h, rect.y, rect.w - rect.h * 5 // 4, rect.h)
                name = name.inflate(0, -rect.h // 2)
                kit.FONTS.draw(surface, player.nickname, name, kit.TEXT, sample=NAME_SAMPLE)
        if not self.players:
            line = body.inflate(0, -body.h * 3 // 4)
            kit.draw_text(surface, "No players yet: add one under Players.", line)

    def draw_player(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        """The body of the child's view."""


# -- the words under the chart ---------------------------------------------------------------


def _test_line(latest: LatestTest) -> str:
    point = latest.point
    what = f"{point.pinch_type} pinch" if point.pinch_type else point.sensor
    line = (
        f"{point.hand.capitalize()} {what} {short_day(point.at)}: "
        f"mean {point.mean_kg:.1f} kg, best {point.best_kg:.1f} kg"
    )
    if point.norm is not None and point.norm.band is not None:
        line += f" ({point.norm.band.value})"
    change = latest.change
    if change is not None:
        sign = "+" if change.fraction >= 0 else "-"
        verdict = f"beyond the {_ERROR} test error" if change.beyond_error else f"within {_ERROR}"
        line += f", {sign}{abs(change.fraction):.0%} vs last: {verdict}"
    if point.simulated:
        line += " · SIMULATED sensor"
    elif not point.complete:
        line += f" · {point.trials} of 3 trials"
    return line


def summary_lines(progress: Progress, chart: str) -> list[str]:
    """The latest test per hand (pinch on the pinch chart, else grip), then practice and
    pain stops: the numbers a therapist reads off before talking to the parent."""
    sensor = PINCH if chart == PINCH else GRIP
    lines = [_test_line(t) for t in progress.latest if t.point.sensor == sensor]
    if not lines:
        lines = [f"No {sensor} test yet."]
    recent = progress.recent_weeks(RECENT_WEEKS)
    played = sum(w.days_played for w in recent)
    planned = [w.planned_days for w in recent if w.planned_days is not None]
    reps = sum(w.reps for w in recent)
    practice = f"Last {len(recent)} weeks: played {played} days"
    if planned:
        practice += f" of {sum(planned)} planned"
    if reps:
        practice += f", {sum(w.successes for w in recent) / reps:.0%} on target"
    stops = len(progress.pain_stops)
    pain = "no pain stops" if not stops else f"pain stops: {stops}"
    if stops:
        pain += f" (last {short_day(progress.pain_stops[-1].at)})"
    lines.append(f"{practice} · {pain}" if recent else f"No games played yet · {pain}")
    return lines


def draw_summary(surface: pygame.Surface, lines: list[str], rect: pygame.Rect) -> None:
    """The lines at one size, as large as the longest allows in its share of ``rect``."""
    rows = kit.column(rect, max(SUMMARY_ROWS, len(lines)), 0)
    px = kit.FONTS.fitting(max(lines, key=len), rect.w, rows[0].h * 4 // 5)
    for row, line in zip(rows, lines, strict=False):
        image = kit.FONTS.render(line, px, kit.TEXT)
        surface.blit(image, image.get_rect(midleft=row.midleft))


# -- the scene --------------------------------------------------------------------------------


class ProgressScene(PlayerScene):
    pick_title = "Progress: pick a player"
    name = "therapist progress"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        self.progress: Progress | None = None
        self.chart = GRIP
        self.chart_rect = pygame.Rect(0, 0, 0, 0)
        """Where the chart goes this frame: the image is drawn at exactly this size."""
        self.images: dict[tuple[int, str, tuple[int, int]], pygame.Surface] = {}
        """Drawn charts by (player, chart, size): each is drawn once, never per frame."""
        self.chart_times: list[tuple[str, float]] = []
        """(chart, seconds) for each chart drawn, the first one including matplotlib."""
        self._seconds: dict[tuple[int, str, tuple[int, int]], float] = {}

    @property
    def image(self) -> pygame.Surface | None:
        """The chart on screen now, when it has been drawn."""
        if self.player is None:
            return None
        return self.images.get((self.player.id, self.chart, self.chart_rect.size))

    def open_player(self, player: Player) -> None:
        self.progress = load_progress(self.ctx.db, player, until=now_of(self.ctx))
        self.title = f"{player.nickname}'s progress"
        self.chart = GRIP
        self.say(f"Drawing {player.nickname}'s {CHART_LABELS[self.chart].lower()} chart…", ok=True)

    def on_player_press(self, key: object) -> None:
        player = self.player
        assert player is not None
        if isinstance(key, tuple) and key[0] == "chart" and key[1] != self.chart:
            self.chart = str(key[1])
            label = CHART_LABELS[self.chart]
            drawn = self._seconds.get((player.id, self.chart, self.chart_rect.size))
            if drawn is None:
                self.say(f"Drawing the {label.lower()} chart…", ok=True)
            else:
                self.say(f"{label} chart (drawn earlier in {drawn:.2f} s).", ok=True)

    # -- the chart ------------------------------------------------------------------------------

    def _areas(self, body: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """(chart, column of chart buttons, summary lines) within the body."""
        gap = max(4, body.h // 40)
        top, summary = split_bottom(body, 0.2)
        side_w = round(top.w * SIDE_SHARE)
        chart = pygame.Rect(top.x, top.y, top.w - side_w - gap, top.h)
        side = pygame.Rect(chart.right + gap, top.y, side_w, top.h)
        return chart, side, summary

    def player_layout(self, body: pygame.Rect) -> list[kit.Button]:
        chart, side, _summary = self._areas(body)
        self.chart_rect = chart
        shown = charts.available(self.progress) if self.progress is not None else ()
        cells = kit.column(side, len(charts.CHARTS), max(4, side.h // 30))
        return [
            kit.Button(
                cell,
                CHART_LABELS[name],
                ("chart", name),
                kit.PRIMARY if name == self.chart else kit.BUTTON,
                enabled=name in shown,
            )
            for cell, name in zip(cells, charts.CHARTS, strict=True)
        ]

    def _draw_chart(self, player: Player, chart: str, size: tuple[int, int]) -> None:
        """The slow part: matplotlib draws the PNG, pygame reads it back."""
        assert self.progress is not None
        first = "matplotlib.figure" not in sys.modules
        start = time.perf_counter()
        png = charts.chart_png(self.progress, chart, size=size)
        key = (player.id, chart, size)
        self.images[key] = pygame.image.load(BytesIO(png), "chart.png")
        seconds = self._seconds[key] = time.perf_counter() - start
        self.chart_times.append((chart, seconds))
        loaded = ", including loading matplotlib" if first else ""
        _log.info("%s chart %dx%d drawn in %.3f s%s", chart, *size, seconds, loaded)
        self.say(f"{CHART_LABELS[chart]} chart drawn in {seconds:.2f} s{loaded}.", ok=True)

    def draw_player(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        player, progress = self.player, self.progress
        assert player is not None and progress is not None
        chart, _side, summary = self._areas(body)
        image = self.image
        if image is not None:
            surface.blit(image, chart)
        else:
            pygame.draw.rect(surface, kit.BAR, chart, border_radius=8)
            kit.draw_text(surface, "Drawing…", chart.inflate(-chart.w // 2, -chart.h * 3 // 4),
                          kit.MUTED, align="center")  # fmt: skip
            if not self.later.busy:
                wanted = (player, self.chart, chart.size)
                self.later.start(lambda: self._draw_chart(*wanted))
        draw_summary(surface, summary_lines(progress, self.chart), summary)
