"""The max-force test (ASHT 2015) on the touch screen: who, which sensor and hands, then
a position picture, "squeeze as hard as you can" with a live trace, rests counted down,
and the results with norms, left/right difference and the change since the last test.

``MaxForceProtocol`` decides what happens when; this screen feeds it the frames the
shell polled and runs it on the app's clock (``ctx.reading.now_ns``), exactly as the
terminal's guided test does with its own clock. Each trial is stored the moment it is
sealed and a stop is stored with its reason at once, so a power cut loses nothing that
was shown. A test on simulated, emulated or replayed sensors says SIMULATED on every
step and is stored marked, so it never becomes a child's logged maximum.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

import pygame

from hardware import GRIP, PINCH, STANDARD_GRAVITY, ForceSample
from station.clinic.assessment import (
    PINCH_TYPES,
    AssessmentResult,
    Hand,
    HandResult,
    MaxForceProtocol,
    Phase,
    ProtocolSettings,
    Step,
    Trial,
)
from station.clinic.norms import percentile_band
from station.clinic.progress import NORMS_SEX, LeftRight, age_at
from station.play.context import PlayContext
from station.screens import ui
from station.screens.art.sensors import draw_bulb_grip, draw_pinch
from station.screens.live import full_scale_n
from station.screens.therapist import kit
from station.screens.therapist.base import BACK, LOGOUT, TherapistScene
from station.storage import (
    STOP_INTERRUPTED,
    STOP_PAIN,
    Player,
    StorageError,
    add_protocol_trial,
    latest_results,
    mark_assessment_stopped,
    start_assessment,
)

PLAYERS_PER_PAGE = 8
BOTH = "both"
SIMULATED_LABEL = "SIMULATED - no load cell measures this test; it is never a logged maximum"
POSITION = {
    GRIP: "Seated, elbow at 90°, forearm neutral (thumb up), wrist straight: squeeze the bulb.",
    PINCH: "Seated, elbow at 90°, forearm neutral: pinch the sensor as shown.",
}


def force_text(newtons: float) -> str:
    return f"{newtons:.0f} N ({newtons / STANDARD_GRAVITY:.1f} kg)"


def sensors_simulated(ctx: PlayContext) -> bool:
    """No load cell measures: emulated chips, virtual hands or a replayed recording."""
    setup = ctx.sensor_setup
    return setup is None or bool(setup.source.simulated)  # unknown: never a logged max


class AssessScene(TherapistScene):
    """Pick → set up → trials (instruct, countdown, squeeze, rest) → results."""

    title = "Max-force test"
    name = "max-force test"

    def __init__(self, ctx: PlayContext, settings: ProtocolSettings | None = None) -> None:
        super().__init__(ctx)
        self.settings = settings or ProtocolSettings()
        self.simulated = sensors_simulated(ctx)
        self.players: list[Player] = ctx.players()
        self.page = 0
        self.player: Player | None = None
        self.sensor = GRIP if GRIP in ctx.fitted else next(iter(ctx.fitted), GRIP)
        self.pinch_type = PINCH_TYPES[0]
        self.hands_choice = BOTH
        self.protocol: MaxForceProtocol | None = None
        self.assessment_id: int | None = None
        self.previous: dict[Hand, float] = {}
        self.previous_dates: dict[Hand, datetime] = {}
        self.result: AssessmentResult | None = None
        self.step: Step | None = None
        self.trace: list[tuple[int, float]] = []
        """This squeeze's smoothed force (t_ns, N), for the live trace."""
        self.squeeze_start_ns = 0
        self._taken: object | None = None
        if not self.players:
            self.say("No players yet: add one under Players first.")

    # -- what the shell asks ------------------------------------------------------------

    @property
    def keeps_awake(self) -> bool:  # type: ignore[override]
        """A running test is not an idle therapist: rests alone last 15 s or more."""
        return self.running

    @property
    def running(self) -> bool:
        return self.protocol is not None and self.result is None

    @property
    def stage(self) -> str:
        if self.result is not None:
            return "results"
        if self.protocol is not None:
            return "test"
        return "setup" if self.player is not None else "player"

    # -- presses ------------------------------------------------------------------------

    def press(self, key: object) -> None:
        if key in (BACK, LOGOUT) and self.running:
            self._stop(STOP_INTERRUPTED)  # leaving mid-test is a stop, stored as such
        super().press(key)

    def on_press(self, key: object) -> None:
        match key:
            case ("player", int(player_id)):
                self.player = next(p for p in self.players if p.id == player_id)
                self.hands_choice = BOTH
                self.say("")
            case "page":
                self.page = (self.page + 1) % self._pages()
            case ("sensor", str(sensor)):
                self.sensor = sensor
            case ("pinch", str(pinch_type)):
                self.pinch_type = pinch_type
            case ("hands", str(choice)):
                self.hands_choice = choice
            case "change player":
                self.player = None
            case "start":
                self._start()
            case "ready":
                if self.protocol is not None and self._phase() is Phase.INSTRUCT:
                    self.protocol.ready()
            case "stop":
                self._stop(STOP_PAIN)
            case "again":
                self.protocol = self.result = self.step = None
                self.assessment_id = None
                self.say("")

    def _pages(self) -> int:
        return max(1, math.ceil(len(self.players) / PLAYERS_PER_PAGE))

    def _phase(self) -> Phase | None:
        return None if self.step is None else self.step.phase

    def hands(self) -> tuple[Hand, ...]:
        """The hands in testing order; both starts with the dominant hand."""
        if self.hands_choice != BOTH:
            return (Hand(self.hands_choice),)
        dominant = Hand(self.player.dominant_hand if self.player else Hand.RIGHT)
        return (dominant, Hand.LEFT if dominant is Hand.RIGHT else Hand.RIGHT)

    # -- the test -----------------------------------------------------------------------

    def _start(self) -> None:
        player = self.player
        if player is None:
            return
        pinch_type = self.pinch_type if self.sensor == PINCH else None
        hands = self.hands()
        # Earlier results first: once this test's trials are stored they would compare
        # with themselves. A rehearsal compares with rehearsals only, never a child's test.
        self.previous, self.previous_dates = {}, {}
        for earlier in latest_results(self.ctx.db, player.id, simulated=self.simulated):
            same = (earlier.assessment.sensor, earlier.assessment.pinch_type) == (
                self.sensor,
                pinch_type,
            )
            if same and earlier.mean_n > 0:
                self.previous[Hand(earlier.hand)] = earlier.mean_n
                self.previous_dates[Hand(earlier.hand)] = earlier.assessment.created_at
        try:
            assessment = start_assessment(
                self.ctx.db,
                player.id,
                sensor=self.sensor,
                hand=BOTH if len(hands) > 1 else hands[0].value,
                pinch_type=pinch_type,
                simulated=self.simulated,
            )
        except StorageError as error:
            self.say(str(error))
            return
        self.assessment_id = assessment.id
        self.protocol = MaxForceProtocol(
            self.sensor,
            hands,
            pinch_type=pinch_type,
            settings=self.settings,
            clock=lambda: self.ctx.reading.now_ns,
            on_trial=self._store_trial,
        )
        self._taken = self.ctx.reading  # frames polled before the test are not its samples
        self.step = self.protocol.next_step()
        self.say("")

    def _store_trial(self, trial: Trial) -> None:
        if self.assessment_id is None:
            return
        try:
            add_protocol_trial(self.ctx.db, self.assessment_id, trial)
        except StorageError as error:
            self.say(f"Trial {trial.number} ({trial.hand}) was not stored: {error}")
            return
        flags = ", ".join(sorted(flag.label for flag in trial.analysis.flags))
        self.say(
            f"{trial.hand.capitalize()} hand, trial {trial.number}: "
            f"{force_text(trial.analysis.peak_n)} stored"
            + (f" (flagged: {flags})" if flags else ""),
            ok=not flags,
        )

    def _stop(self, reason: str) -> None:
        """End at once, trials kept; the reason is stored before anything else happens."""
        protocol = self.protocol
        if protocol is None or self.result is not None:
            return
        protocol.stop(reason)
        if self.assessment_id is not None:
            try:
                mark_assessment_stopped(self.ctx.db, self.assessment_id, reason)
            except StorageError as error:
                self.say(f"The stop was not stored: {error}")
        self._finish()

    def _finish(self) -> None:
        if self.protocol is not None:
            self.result = self.protocol.result(self.previous)

    def tick(self, dt_ns: int) -> None:
        self._take_in()

    def _take_in(self) -> None:
        """Feed this frame's samples once, however many steps or draws share the reading."""
        reading = self.ctx.reading
        protocol = self.protocol
        if protocol is None or self.result is not None or reading is self._taken:
            return
        self._taken = reading
        before = self._phase()
        for frame in reading.frames_of(self.sensor):
            protocol.feed(ForceSample(frame.sensor, frame.t_ns, frame.raw_n))
        self.step = protocol.next_step()
        if self.step.phase is Phase.SQUEEZE:
            if before is not Phase.SQUEEZE:
                elapsed_s = (self.step.duration_s or 0.0) - (self.step.remaining_s or 0.0)
                self.squeeze_start_ns = reading.now_ns - round(elapsed_s * 1e9)
                self.trace = []
            self.trace += [
                (f.t_ns, f.filtered_n)
                for f in reading.frames_of(self.sensor)
                if f.t_ns >= self.squeeze_start_ns and math.isfinite(f.filtered_n)
            ]
        if self.step.phase is Phase.DONE:
            self._finish()

    # -- results ------------------------------------------------------------------------

    def result_lines(self) -> list[str]:
        """The results as the screen shows them (and a test reads them)."""
        result, player = self.result, self.player
        if result is None or player is None:
            return []
        lines: list[str] = []
        if not result.hands:
            lines.append("No trial was finished, so there is no result.")
        for hand, summary in result.hands.items():
            lines += self._hand_lines(hand, summary, player)
        left, right = result.hands.get(Hand.LEFT), result.hands.get(Hand.RIGHT)
        if left is not None and right is not None:
            lines.append(
                left_right_line(
                    LeftRight(result.sensor, result.pinch_type, left.mean_n, right.mean_n)
                )
            )
        if not result.complete:
            lines.append(f"Stopped ({result.stop_reason}): trials finished before it are kept.")
        return lines

    def _hand_lines(self, hand: Hand, summary: HandResult, player: Player) -> list[str]:
        peaks = ", ".join(f"{t.analysis.peak_n:.0f}" for t in summary.trials)
        flagged = len(summary.flagged)
        lines = [
            f"{hand.capitalize()}: mean {force_text(summary.mean_n)}, best "
            f"{force_text(summary.best_n)}; trials {peaks} N"
            + (f", {flagged} flagged" if flagged else "")
        ]
        lines.append("   " + self._norm_text(summary.best_n, player))
        change = summary.change
        if change is None:
            lines.append("   no earlier test to compare with")
        else:
            when = self.previous_dates.get(hand)
            since = f"{when:%Y-%m-%d}" if when is not None else "the last test"
            verdict = "beyond" if change.beyond_error else "within"
            lines.append(
                f"   {change.fraction:+.0%} vs {since} (mean {change.previous_n:.0f} N): "
                f"{verdict} the 20% measurement error"
            )
        return lines

    def _norm_text(self, best_n: float, player: Player) -> str:
        if self.sensor != GRIP:
            return "norms: none for pinch strength"
        now = datetime.fromtimestamp(self.ctx.wall_clock(), UTC)
        age = age_at(player.birth_year, now)
        if age is None:
            return "norms: no birth year, so no percentile"
        norm = percentile_band(age, best_n, NORMS_SEX.get(player.sex or ""))
        if norm.band is None or norm.row is None:
            return f"norms: no percentile - {norm.reason}"
        row = norm.row
        return (
            f"norms (best, about {age} y): {norm.band} for ages {row.age_min}-{row.age_max} "
            f"(P10/P50/P90 {row.p10_kg:g}/{row.p50_kg:g}/{row.p90_kg:g} kg)"
        )

    # -- layout -------------------------------------------------------------------------

    def banner(self) -> str | None:
        """The SIMULATED label, on every step of a test no load cell measures."""
        return SIMULATED_LABEL if self.simulated and self.stage != "player" else None

    def _areas(self, body: pygame.Rect) -> tuple[pygame.Rect | None, pygame.Rect]:
        """The banner's strip (when there is one) above the rest of the body."""
        if self.banner() is None:
            return None, body
        gap = max(4, body.h // 40)
        strip = pygame.Rect(body.x, body.y, body.w, body.h // 10)
        return strip, pygame.Rect(body.x, strip.bottom + gap, body.w, body.h - strip.h - gap)

    def layout(self, body: pygame.Rect) -> list[kit.Button]:
        gap = max(4, body.h // 40)
        _strip, area = self._areas(body)
        if self.stage == "player":
            return self._player_buttons(area, gap)
        if self.stage == "setup":
            return self._setup_buttons(area, gap)
        if self.stage == "test":
            ready, stop = kit.column(self._side(area, gap)[1], 2, gap)
            can_start = self._phase() is Phase.INSTRUCT
            return [
                kit.Button(ready, "Ready: start", "ready", kit.PRIMARY, can_start),
                kit.Button(stop, "Stop (pain)", "stop", kit.DANGER),
            ]
        return [kit.Button(self._results_split(area, gap)[1], "New test", "again", kit.PRIMARY)]

    def _results_split(self, area: pygame.Rect, gap: int) -> tuple[pygame.Rect, pygame.Rect]:
        button = pygame.Rect(0, 0, area.w // 3, area.h // 6)
        button.bottomright = area.bottomright
        return pygame.Rect(area.x, area.y, area.w, button.y - gap - area.y), button

    def _player_buttons(self, body: pygame.Rect, gap: int) -> list[kit.Button]:
        more = len(self.players) > PLAYERS_PER_PAGE
        grid = pygame.Rect(body.x, body.y, body.w, body.h * 5 // 6 - gap) if more else body
        shown = self.players[self.page * PLAYERS_PER_PAGE :][:PLAYERS_PER_PAGE]
        cells = ui.grid(grid, len(shown), 4, gap)
        buttons = [
            kit.Button(cell, player.nickname, ("player", player.id))
            for cell, player in zip(cells, shown, strict=True)
        ]
        if more:
            rect = pygame.Rect(0, 0, body.w // 4, body.h // 6)
            rect.bottomright = body.bottomright
            buttons.append(kit.Button(rect, f"More ({self.page + 1}/{self._pages()})", "page"))
        return buttons

    def _setup_rows(self, body: pygame.Rect, gap: int) -> tuple[list[pygame.Rect], int]:
        """Five rows (sensor, pinch type, hands, who, buttons) and the labels' width."""
        return kit.column(body, 5, gap), body.w // 4

    def _setup_buttons(self, body: pygame.Rect, gap: int) -> list[kit.Button]:
        rows, label_w = self._setup_rows(body, gap)

        def choices(
            rect: pygame.Rect, kind: str, options: Sequence[str], chosen: str
        ) -> list[kit.Button]:
            area = pygame.Rect(rect.x + label_w, rect.y, rect.w - label_w, rect.h)
            cells = kit.row(area, len(options), gap)
            return [
                kit.Button(cell, option.capitalize(), (kind, option), _lit(option == chosen))
                for cell, option in zip(cells, options, strict=True)
            ]

        buttons = choices(rows[0], "sensor", self.ctx.fitted, self.sensor)
        if self.sensor == PINCH:
            buttons += choices(rows[1], "pinch", PINCH_TYPES, self.pinch_type)
        buttons += choices(rows[2], "hands", ("right", "left", BOTH), self.hands_choice)
        last = rows[4]
        area = pygame.Rect(last.x + label_w, last.y, last.w - label_w, last.h)
        change, start = kit.row(area, 2, gap)
        buttons.append(kit.Button(change, "Other player", "change player"))
        fitted = self.sensor in self.ctx.fitted
        buttons.append(kit.Button(start, "Start test", "start", kit.PRIMARY, fitted))
        return buttons

    def _side(self, body: pygame.Rect, gap: int) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """The test's picture (left), its buttons (bottom right) and its words (top right)."""
        picture = pygame.Rect(body.x, body.y, round(body.w * 0.58), body.h)
        right = pygame.Rect(picture.right + gap, body.y, body.right - picture.right - gap, body.h)
        buttons = pygame.Rect(right.x, right.y + right.h * 11 // 20, right.w, right.h * 9 // 20)
        words = pygame.Rect(right.x, right.y, right.w, buttons.y - right.y - gap)
        return picture, buttons, words

    # -- drawing ------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        self._take_in()
        super().draw(surface)

    def draw_body(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        gap = max(4, body.h // 40)
        strip, area = self._areas(body)
        if strip is not None:
            pygame.draw.rect(surface, kit.BAR, strip, border_radius=gap)
            label = strip.inflate(-2 * gap, -strip.h // 4)
            kit.draw_text(surface, self.banner() or "", label, kit.WARNING, align="center")
        if self.stage == "setup":
            self._draw_setup(surface, area, gap)
        elif self.stage == "test":
            self._draw_test(surface, area, gap)
        elif self.stage == "results":
            kit.draw_lines(surface, self.result_lines(), self._results_split(area, gap)[0])

    def _draw_setup(self, surface: pygame.Surface, body: pygame.Rect, gap: int) -> None:
        rows, label_w = self._setup_rows(body, gap)
        names = ("Sensor", "Pinch type" if self.sensor == PINCH else "", "Hands")
        for rect, name in zip(rows, names, strict=False):
            label = pygame.Rect(rect.x, rect.y, label_w - gap, rect.h).inflate(0, -rect.h // 3)
            kit.draw_text(surface, name, label, kit.MUTED)
        player = self.player
        if player is not None:
            who = (
                f"{player.nickname}, {player.dominant_hand}-handed: "
                f"{self.settings.trials_per_hand} trials per hand, "
                f"{self.settings.rest_s:g} s rest between a hand's trials"
            )
            kit.draw_text(surface, who, rows[3].inflate(0, -rows[3].h // 3))

    def _draw_test(self, surface: pygame.Surface, body: pygame.Rect, gap: int) -> None:
        picture, _buttons, words = self._side(body, gap)
        step = self.step
        if step is None:
            return
        pygame.draw.rect(surface, kit.BAR, picture, border_radius=gap)
        inner = picture.inflate(-2 * gap, -2 * gap)
        if step.phase is Phase.SQUEEZE:
            self._draw_trace(surface, inner)
        elif step.phase is Phase.REST and step.remaining_s is not None:
            seconds = f"{math.ceil(step.remaining_s)} s"
            kit.draw_text(surface, seconds, inner.inflate(0, -inner.h // 3), align="center")
        else:  # the position picture: instructions, countdown, and letting go
            squeeze = 0.3 if step.phase is Phase.COUNTDOWN else 0.0
            draw = draw_bulb_grip if self.sensor == GRIP else draw_pinch
            draw(surface, inner, squeeze, self.t_s)
        lines = []
        if step.hand is not None:
            total = self.settings.trials_per_hand
            lines.append(f"{step.hand.capitalize()} hand, trial {step.trial} of {total}")
        lines += kit.wrap(step.prompt, 30)
        if step.phase is Phase.INSTRUCT:
            lines += kit.wrap(POSITION[self.sensor], 30)
        kit.draw_lines(surface, lines, words)

    def _draw_trace(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The squeeze so far on a fixed time axis, with the force now in big figures."""
        pygame.draw.rect(surface, kit.BACKGROUND, rect)
        peak = max((n for _, n in self.trace), default=None)
        scale = full_scale_n(self.sensor, peak)
        window_ns = self.settings.squeeze_window_s * 1e9
        points = [
            (
                rect.x + round(min(1.0, (t - self.squeeze_start_ns) / window_ns) * (rect.w - 1)),
                rect.bottom - 1 - round(min(1.0, max(0.0, n / scale)) * (rect.h - 1)),
            )
            for t, n in self.trace
        ]
        if len(points) >= 2:
            pygame.draw.lines(surface, kit.PRIMARY, False, points, max(2, rect.h // 60))
        now = self.ctx.reading.force_n(self.sensor)
        label = pygame.Rect(rect.x + rect.w // 20, rect.y + rect.h // 20, rect.w * 9 // 10, 0)
        label.h = rect.h // 6
        text = "no signal" if now is None else force_text(now)
        kit.draw_text(surface, text, label, kit.TEXT if now is not None else kit.WARNING)
        kit.draw_text(surface, f"scale {scale:g} N", label.move(0, label.h), kit.MUTED)


def _lit(chosen: bool) -> ui.Colour:
    return kit.PRIMARY if chosen else kit.BUTTON


def left_right_line(pair: LeftRight) -> str:
    stronger = pair.stronger
    if stronger is None:
        return "Left and right: the same mean"
    weaker = "left" if stronger == "right" else "right"
    return f"Left/right: {weaker} hand {pair.fraction:.0%} weaker than {stronger} (means)"
