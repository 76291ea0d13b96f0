"""Calibrating a sensor on the touch screen: empty it (tare), a known mass (span), a second
known mass (the check, as an error in % of full scale), then save.

The maths and every refusal are ``hardware.calibration``'s (tare, span, check_known_mass,
each ``CalibrationError`` shown with its reason). The raw counts come from the frames the
shell already polls, turned back into counts through the calibration the chip source is
using: reading the sampler pipe here as well would steal samples from the shell. Time is
measured on the samples' own stamps, so a reading lasts the same on any frame rate.

On emulated chips the emulator "places" each weight, as ``grip-station calibrate`` does,
and, by the same rule, nothing simulated is ever saved over a real calibration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import pygame

from hardware import (
    STANDARD_GRAVITY,
    Calibration,
    CalibrationError,
    ChipSource,
    SensorStatus,
    check_known_mass,
    span,
    tare,
)
from station.play.context import PlayContext
from station.screens.therapist import kit
from station.screens.therapist.base import TherapistScene
from station.storage import StorageError, add_calibration

READ_FOR_S = 2.0
"""Each reading: 160 conversions at 80 SPS, as the terminal's calibration."""
SETTLE_S = 0.5
"""Let a weight stop swinging (and a hand leave) before reading."""
GOAL_FS = 0.01
"""The check's goal: within 1% of full scale."""
LIMIT_FS = 0.02
"""Beyond 2% of full scale (what E-LINK promises) the calibration is refused."""
DEFAULT_MASS_G = 5000.0
"""The first weight a stepper offers (a common clinic weight), at most a third of the range."""


class Stage(Enum):
    PICK = "pick"
    EMPTY = "empty"
    SPAN = "span"
    CHECK = "check"
    DONE = "done"


@dataclass
class CountsReading:
    """Counts of one sensor collected from the frames, timed by the samples' stamps."""

    settle_s: float
    read_for_s: float
    first_ns: int | None = None
    counts: list[int] | None = None

    def add(self, t_ns: int, counts: int) -> None:
        if self.first_ns is None:
            self.first_ns = t_ns
        if t_ns >= self.first_ns + self.settle_s * 1e9:
            self.counts = [*(self.counts or []), counts]

    def done(self, t_ns: int) -> bool:
        return (
            self.first_ns is not None
            and t_ns >= self.first_ns + (self.settle_s + self.read_for_s) * 1e9
        )


@dataclass(frozen=True, slots=True)
class Check:
    """The second mass as the new calibration weighs it."""

    known_g: float
    measured_g: float
    capacity_n: float

    @property
    def error_fs(self) -> float:
        """The error as a share of full scale (the cell's capacity), signed."""
        return (self.measured_g - self.known_g) / 1000 * STANDARD_GRAVITY / self.capacity_n


def check_reading(
    calibration: Calibration, loaded: list[int], known_mass_g: float, capacity_n: float
) -> Check:
    """Weigh the second mass with ``calibration``; the readings get span's own checks
    (steady, the right sign, enough counts), so a bad reading is refused for its cause."""
    second = span(calibration.offset_counts, loaded, known_mass_g, capacity_n)
    measured = known_mass_g * calibration.newtons_per_count / second.newtons_per_count
    return Check(known_mass_g, measured, capacity_n)


class CalibrateScene(TherapistScene):
    title = "Calibrate sensors"
    name = "calibrate"

    def __init__(
        self, ctx: PlayContext, *, read_for_s: float = READ_FOR_S, settle_s: float = SETTLE_S
    ) -> None:
        super().__init__(ctx)
        self.read_for_s = read_for_s
        self.settle_s = settle_s
        self.stage = Stage.PICK
        self.sensor: str | None = None
        self.reading: CountsReading | None = None
        """The reading under way; None while waiting for a press."""
        self.offset: int | None = None
        self.calibration: Calibration | None = None
        self.check: Check | None = None
        self.saved = False
        self.masses: dict[Stage, kit.Stepper] = {}
        self._taken: object | None = None
        setup = ctx.sensor_setup
        self.setup = setup
        self.source = setup.source if setup is not None else None
        if not isinstance(self.source, ChipSource):
            self.say(
                "These sensors have no HX711 to calibrate (virtual or replayed forces): "
                "calibrate on the load cells, or on emulated chips to rehearse."
            )

    @property
    def chips(self) -> ChipSource | None:
        return self.source if isinstance(self.source, ChipSource) else None

    @property
    def emulated(self) -> bool:
        return self.chips is not None and self.chips.simulated

    @property
    def holds_chips(self) -> bool:  # type: ignore[override]
        """On emulated chips the wizard places the weights: the hands must not press."""
        return self.emulated

    # -- emulated chips: the wizard places the weights --------------------------------------

    def leave(self) -> None:
        """The weights come off when the wizard goes (the hands squeeze again)."""
        if self.emulated and self.chips is not None:
            for name in self.chips.sensors:
                self.chips.set_force(name, 0.0)

    def _place(self, newtons: float) -> None:
        if self.emulated and self.chips is not None and self.sensor is not None:
            self.chips.set_force(self.sensor, newtons)

    # -- presses --------------------------------------------------------------------------

    def on_press(self, key: object) -> None:
        match key:
            case ("sensor", str(sensor)):
                self._begin(sensor)
            case (str(stepper), int(direction)) if self.stage in self.masses:
                if stepper == self.masses[self.stage].key:
                    self.masses[self.stage].press(direction)
            case "read":
                self._read()
            case "save":
                self._save()
            case "restart":
                self._place(0.0)
                self.stage, self.sensor, self.reading = Stage.PICK, None, None
                self.say("")

    def _capacity_n(self) -> float:
        return self.ctx.capacities[self.sensor or ""]

    def _begin(self, sensor: str) -> None:
        if self.chips is None:
            return
        self.sensor = sensor
        self.stage = Stage.EMPTY
        self.offset = self.calibration = self.check = None
        self.saved = False
        capacity_g = self._capacity_n() / STANDARD_GRAVITY * 1000
        step = 100.0 if capacity_g >= 50_000 else 50.0
        first = round(min(DEFAULT_MASS_G, capacity_g / 3) / step) * step
        high = math.floor(capacity_g / step) * step
        self.masses = {
            Stage.SPAN: kit.Stepper("Known mass", first, step, 0, high, " g", key="span mass"),
            Stage.CHECK: kit.Stepper("Second mass", first / 2, step, 0, high, " g", key="check"),
        }
        self._place(0.0)
        self.say("")

    def _read(self) -> None:
        """Start the reading this stage asks for, refusing at once what cannot work."""
        sensor = self.sensor
        if sensor is None or self.reading is not None or self.stage in (Stage.PICK, Stage.DONE):
            return
        frame = self.ctx.reading.latest.get(sensor)
        if frame is None or frame.health.status is not SensorStatus.OK:
            status = "not set up" if frame is None else frame.health.status.value
            detail = "" if frame is None else f" ({frame.health.detail})"
            self.say(
                f"The {sensor} sensor is {status}{detail}; run grip-station doctor, fix the "
                "wiring, then calibrate."
            )
            return
        if self.stage in self.masses:
            try:
                grams = check_known_mass(self.masses[self.stage].value, self._capacity_n())
            except CalibrationError as refusal:
                self.say(str(refusal))
                return
            self._place(grams / 1000 * STANDARD_GRAVITY)
            self.say("(emulated chips: the weight is placed for you)" if self.emulated else "")
        else:
            self._place(0.0)
            self.say("")
        self.reading = CountsReading(self.settle_s, self.read_for_s)

    def tick(self, dt_ns: int) -> None:
        self._take_in()

    def _take_in(self) -> None:
        reading, chips, sensor = self.reading, self.chips, self.sensor
        frames = self.ctx.reading
        if reading is None or chips is None or sensor is None or frames is self._taken:
            return
        self._taken = frames
        latest = frames.latest.get(sensor)
        if latest is not None and latest.health.status is not SensorStatus.OK:
            self.reading = None
            self._place(0.0)
            self.say(f"The {sensor} sensor went {latest.health.status.value} while reading.")
            return
        in_use = chips.calibrations[sensor]
        for frame in frames.frames_of(sensor):
            if math.isfinite(frame.raw_n):
                reading.add(frame.t_ns, in_use.to_counts(frame.raw_n))
            if reading.done(frame.t_ns):
                self.reading = None
                self._finish(reading.counts or [])
                return

    def _finish(self, counts: list[int]) -> None:
        """Judge the reading; a refusal keeps the stage, with the reason shown."""
        self._place(0.0)
        try:
            if self.stage is Stage.EMPTY:
                self.offset = tare(counts)
                self.stage = Stage.SPAN
                self.say(f"Zero is {self.offset} counts.", ok=True)
            elif self.stage is Stage.SPAN and self.offset is not None:
                mass = self.masses[Stage.SPAN].value
                self.calibration = span(
                    self.offset, counts, mass, self._capacity_n(), sensor=self.sensor or ""
                )
                self.stage = Stage.CHECK
                per_kg = STANDARD_GRAVITY / self.calibration.newtons_per_count
                self.say(f"Span found: {per_kg:,.0f} counts per kg.", ok=True)
            elif self.stage is Stage.CHECK and self.calibration is not None:
                self._judge(counts)
        except CalibrationError as refusal:
            self.say(str(refusal))

    def _judge(self, counts: list[int]) -> None:
        calibration = self.calibration
        if calibration is None:
            return
        mass = self.masses[Stage.CHECK].value
        if mass == calibration.known_mass_g:
            raise CalibrationError(
                f"The check needs a different mass from the span's {mass:g} g, or it only "
                "repeats the span: set the second mass and read again."
            )
        check = check_reading(calibration, counts, mass, self._capacity_n())
        error = abs(check.error_fs)
        if error > LIMIT_FS:
            self.stage = Stage.SPAN
            self.calibration = None
            raise CalibrationError(
                f"The check weighed {check.measured_g:.0f} g for {mass:g} g: "
                f"{check.error_fs:+.1%} of full scale, beyond the 2% allowed. Check the "
                "masses typed and that nothing rubs the sensor, then place the first mass again."
            )
        self.check = check
        self.stage = Stage.DONE
        verdict = "goal met (within 1%)" if error <= GOAL_FS else "within 2%, above the 1% goal"
        where = "" if not self.emulated else " Emulated chips: nothing will be saved."
        self.say(f"Check: {check.error_fs:+.2%} of full scale, {verdict}.{where}", ok=True)

    def _save(self) -> None:
        if self.stage is not Stage.DONE or self.calibration is None or self.saved:
            return
        if self.emulated or self.chips is None:
            self.say("Simulated sensors: this calibration is not saved.")
            return
        try:
            add_calibration(self.ctx.db, self.calibration)
        except StorageError as error:
            self.say(f"Not saved: {error}")
            return
        self.chips.set_calibration(self.calibration.sensor, self.calibration)
        self.saved = True
        self.say(f"Saved: the {self.calibration.sensor} sensor is calibrated.", ok=True)

    # -- layout and drawing ------------------------------------------------------------------

    def instructions(self) -> list[str]:
        """What the therapist is asked to do now (and a test reads)."""
        sensor = self.sensor or ""
        if self.stage is Stage.PICK:
            return ["Which sensor to calibrate?"]
        if self.reading is not None:
            return ["Reading... keep everything still."]
        if self.stage is Stage.EMPTY:
            return [f"1. Take everything off the {sensor} sensor and keep it still.", "Then: Tare."]
        if self.stage is Stage.SPAN:
            return [f"2. Put a known mass on the {sensor} sensor; set its mass.", "Then: Read."]
        if self.stage is Stage.CHECK:
            return [f"3. Put a second, different mass on the {sensor} sensor.", "Then: Check."]
        check = self.check
        lines = [f"{sensor} calibrated and checked."]
        if check is not None:
            lines.append(
                f"Check: {check.measured_g:.0f} g measured for {check.known_g:g} g = "
                f"{check.error_fs:+.2%} of full scale (goal 1%, limit 2%)."
            )
        if self.emulated:
            lines.append("SIMULATED (emulated chips): not saved over any real calibration.")
        elif self.saved:
            lines.append("Saved.")
        return lines

    def _split(self, body: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """Words (top), the stepper's row, and the buttons' row (bottom)."""
        gap = max(4, body.h // 40)
        row_h = body.h // 5
        buttons = pygame.Rect(body.x, body.bottom - row_h, body.w, row_h)
        stepper = pygame.Rect(body.x, buttons.y - gap - row_h, body.w, row_h)
        words = pygame.Rect(body.x, body.y, body.w, stepper.y - gap - body.y)
        return words, stepper, buttons

    def layout(self, body: pygame.Rect) -> list[kit.Button]:
        gap = max(4, body.h // 40)
        _words, stepper_row, bottom = self._split(body)
        if self.stage is Stage.PICK:
            if self.chips is None:
                return []
            names = self.ctx.fitted
            area = pygame.Rect(bottom.x, stepper_row.y, bottom.w, bottom.bottom - stepper_row.y)
            cells = kit.row(area, len(names), gap)
            return [
                kit.Button(cell, name.capitalize(), ("sensor", name))
                for cell, name in zip(cells, names, strict=True)
            ]
        buttons: list[kit.Button] = []
        stepper = self.masses.get(self.stage)
        if stepper is not None:
            buttons += stepper.buttons(stepper_row)
        again, act = kit.row(bottom, 2, gap)
        buttons.append(kit.Button(again, "Start again", "restart"))
        if self.stage is Stage.DONE:
            can_save = not self.emulated and not self.saved
            buttons.append(kit.Button(act, "Save", "save", kit.PRIMARY, can_save))
        else:
            label = {Stage.EMPTY: "Tare", Stage.SPAN: "Read span", Stage.CHECK: "Check"}
            idle = self.reading is None
            buttons.append(kit.Button(act, label[self.stage], "read", kit.PRIMARY, idle))
        return buttons

    def draw(self, surface: pygame.Surface) -> None:
        self._take_in()
        super().draw(surface)

    def draw_body(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        words, stepper_row, _bottom = self._split(body)
        lines = self.instructions()
        if self.sensor is not None:
            force = self.ctx.reading.force_n(self.sensor)
            now = "no signal" if force is None else f"{force / STANDARD_GRAVITY * 1000:.0f} g"
            lines = [*lines, f"The sensor reads {now} now (with the calibration in use)."]
        kit.draw_lines(surface, lines, words)
        stepper = self.masses.get(self.stage)
        if stepper is not None:
            stepper.draw(surface, stepper_row)
