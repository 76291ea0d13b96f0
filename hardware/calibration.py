"""Turning HX711 counts into newtons: tare, span with a known mass, and the old calibration file.

How many counts a load cell gives, worked out from the datasheet: the HX711's input range
is ±0.5·AVDD/gain and maps onto the 24-bit two's-complement range ±2^23, so one AVDD/gain
of input spans 2^24 counts. A bridge of sensitivity S (volts per volt of excitation, fed
from the same AVDD) outputs S·AVDD at capacity, which is S·gain·2^24 counts: AVDD cancels
out (the measurement is ratiometric). A common 2 mV/V cell at gain 128 gives
0.002·128·2^24 ≈ 4.29 million counts at capacity, about 2^22: half the positive range,
leaving headroom for overload. On the 90 kg grip cell that is ~4900 counts per newton, so
the chip's 25-60 counts of rms noise are ~0.01 N.
"""

from __future__ import annotations

import json
import math
import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hardware.spec import STANDARD_GRAVITY

HX711_COUNTS_PER_INPUT_RANGE = 2**24
"""Counts spanned by one AVDD/gain of differential input (the full ±0.5·AVDD/gain range)."""

HX711_NOISE_RMS_COUNTS = 60
"""Worst rms noise at gain 128 and 80 SPS: 90 nV over ~2.3 nV per count at AVDD 5 V is
~40 counts; boards whose regulator gives AVDD ≈ 4.3 V, or a noisy supply, reach ~60."""

MIN_SETTLED_READINGS = 10
"""Fewest readings that show a level is steady: 1/8 s at 80 SPS, 1 s at 10 SPS; enough
for a median that ignores a stray bad word and for comparing the first and second half."""

MAX_SETTLED_SPREAD_COUNTS = 4 * HX711_NOISE_RMS_COUNTS
"""Largest robust spread of a steady reading (1.4826 times the median absolute deviation:
the rms for Gaussian noise, yet blind to one stray word). Four times the chip's noise: a
resting cell stays well inside it, while a swinging mass or a hand still touching the
sensor moves it by hundreds to thousands of counts."""

MAX_SETTLED_DRIFT_COUNTS = 4 * HX711_NOISE_RMS_COUNTS
"""Largest change between the medians of the first and second half of a reading. With 10
readings of noise alone that change has an rms of ~45 counts, so this limit is past 5
sigma; a cell still creeping after a mass was put on, or a warming chip, exceeds it."""

MIN_KNOWN_MASS_G = 100.0
"""Lightest useful reference mass. The span found with it is stretched up to the cell's
capacity (900 times for 100 g on a 90 kg cell), so any error in it grows with that ratio;
below 100 g a clinic's kitchen scale error alone (±1-2 g) would already be 1-2%."""

MIN_COUNTS_AT_CAPACITY = round(0.5e-3 * 32 * HX711_COUNTS_PER_INPUT_RANGE)
"""≈268 000 counts: the least a working wiring can give at full load. The weakest usual
set-up is a 1 mV/V cell on channel B (gain 32): 0.001·32·2^24 ≈ 537 000 counts. Half of
that allows for a cell below its nominal sensitivity; a span under it means the mass
barely reaches the chip: wrong channel or gain, a loose signal wire, or a shorted bridge."""


class CalibrationError(ValueError):
    """A calibration step refused its input; the message says why and what to do."""


class CalibrationFileError(ValueError):
    """The calibration file exists but cannot be used; it is left exactly as it was."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"Calibration file {path} {problem}. It was left untouched: move it away "
            f"(for example rename it to {path.name}.bad) and calibrate the sensors again."
        )
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Calibration:
    """How one sensor's counts become newtons: force = (counts - offset) · newtons/count.

    ``uncalibrated`` marks a nominal stand-in (see ``default_calibration``): forces are
    only roughly right and the station should say so.
    """

    sensor: str
    offset_counts: int
    newtons_per_count: float
    known_mass_g: float | None
    calibrated_at: datetime
    uncalibrated: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.newtons_per_count) and self.newtons_per_count > 0):
            raise CalibrationError(
                f"{self.sensor}: newtons per count must be a positive number, "
                f"not {self.newtons_per_count!r}"
            )
        if self.calibrated_at.utcoffset() is None:
            raise CalibrationError(
                f"{self.sensor}: the calibration time needs a time zone, "
                f"got {self.calibrated_at.isoformat()}"
            )
        object.__setattr__(self, "calibrated_at", self.calibrated_at.astimezone(UTC))

    def to_newtons(self, counts: int) -> float:
        return (counts - self.offset_counts) * self.newtons_per_count

    def to_counts(self, newtons: float) -> int:
        """The reading this force would give: how an emulated chip fakes a load."""
        return self.offset_counts + round(newtons / self.newtons_per_count)


def nominal_counts_per_newton(
    capacity_n: float, sensitivity_mv_per_v: float = 2.0, gain: int = 128
) -> float:
    """Counts per newton a cell should give by its datasheet (see the module notes)."""
    counts_at_capacity = sensitivity_mv_per_v * 1e-3 * gain * HX711_COUNTS_PER_INPUT_RANGE
    return counts_at_capacity / capacity_n


def default_calibration(
    sensor: str,
    counts_per_newton: float,
    *,
    offset_counts: int = 0,
    now: datetime | None = None,
) -> Calibration:
    """A nominal calibration, marked ``uncalibrated``, so a new station still plays.

    Pass ``offset_counts`` from a ``tare`` at start-up if one is possible: a real cell's
    zero is rarely at count 0.
    """
    if not (math.isfinite(counts_per_newton) and counts_per_newton > 0):
        raise CalibrationError(
            f"{sensor}: counts per newton must be a positive number, not {counts_per_newton!r}"
        )
    return Calibration(
        sensor=sensor,
        offset_counts=offset_counts,
        newtons_per_count=1.0 / counts_per_newton,
        known_mass_g=None,
        calibrated_at=now or datetime.now(UTC),
        uncalibrated=True,
    )


def _settled_level(
    readings: Sequence[int],
    what: str,
    min_readings: int,
    max_spread_counts: float,
    max_drift_counts: float,
) -> float:
    """The median of a reading, once it is shown to be steady enough to trust."""
    if len(readings) < min_readings:
        raise CalibrationError(
            f"Only {len(readings)} readings of {what}; at least {min_readings} are needed. "
            "Keep the sensor still a moment longer and try again."
        )
    level = statistics.median(readings)
    spread = 1.4826 * statistics.median(abs(r - level) for r in readings)
    if spread > max_spread_counts:
        raise CalibrationError(
            f"The reading of {what} is not steady: it wobbles by about {spread:.0f} counts, "
            f"more than the {max_spread_counts:.0f} allowed. Let the sensor rest with no "
            "hand on it and nothing swinging, then try again."
        )
    half = len(readings) // 2
    drift = statistics.median(readings[-half:]) - statistics.median(readings[:half])
    if abs(drift) > max_drift_counts:
        raise CalibrationError(
            f"The reading of {what} is still drifting ({drift:+.0f} counts within the "
            f"reading, more than the {max_drift_counts:.0f} allowed). Wait a few seconds "
            "for it to settle, then try again."
        )
    return level


def tare(
    readings: Sequence[int],
    *,
    min_readings: int = MIN_SETTLED_READINGS,
    max_spread_counts: float = MAX_SETTLED_SPREAD_COUNTS,
    max_drift_counts: float = MAX_SETTLED_DRIFT_COUNTS,
) -> int:
    """The zero-force reading (offset) from raw counts taken with the sensor unloaded."""
    level = _settled_level(
        readings, "the empty sensor", min_readings, max_spread_counts, max_drift_counts
    )
    return round(level)


def check_known_mass(known_mass_g: object, capacity_n: float) -> float:
    """The reference mass in grams, refused before any reading is taken if it cannot work."""
    if known_mass_g is None:
        raise CalibrationError(
            "No reference mass was given. Enter the mass in grams of the weight on the sensor."
        )
    if isinstance(known_mass_g, bool) or not isinstance(known_mass_g, int | float):
        raise CalibrationError(
            f"The reference mass must be a number of grams, not {known_mass_g!r}."
        )
    if not math.isfinite(known_mass_g) or known_mass_g <= 0:
        raise CalibrationError(
            f"The reference mass must be more than 0 g, not {known_mass_g}. "
            "Enter the mass of the weight on the sensor."
        )
    if known_mass_g < MIN_KNOWN_MASS_G:
        raise CalibrationError(
            f"A {known_mass_g:g} g weight is too light to calibrate with: use at least "
            f"{MIN_KNOWN_MASS_G:g} g, ideally a third of the sensor's range or more."
        )
    capacity_g = capacity_n / STANDARD_GRAVITY * 1000
    if known_mass_g > capacity_g:
        raise CalibrationError(
            f"{known_mass_g:g} g is more than this sensor can carry ({capacity_g:.0f} g). "
            "Check the number typed (grams, not kilograms) and use a lighter weight."
        )
    return float(known_mass_g)


def span(
    offset: int,
    loaded_readings: Sequence[int],
    known_mass_g: float,
    capacity_n: float,
    *,
    sensor: str = "",
    now: datetime | None = None,
    min_readings: int = MIN_SETTLED_READINGS,
    max_spread_counts: float = MAX_SETTLED_SPREAD_COUNTS,
    max_drift_counts: float = MAX_SETTLED_DRIFT_COUNTS,
) -> Calibration:
    """The calibration found by hanging a known mass on a tared sensor."""
    if not (math.isfinite(capacity_n) and capacity_n > 0):
        raise CalibrationError(
            f"The sensor's capacity must be a positive number of newtons, not {capacity_n!r}; "
            "check the sensor settings."
        )
    mass_g = check_known_mass(known_mass_g, capacity_n)
    level = _settled_level(
        loaded_readings,
        "the sensor with the weight on",
        min_readings,
        max_spread_counts,
        max_drift_counts,
    )
    weight_n = mass_g / 1000 * STANDARD_GRAVITY
    least_counts = MIN_COUNTS_AT_CAPACITY * weight_n / capacity_n
    change = level - offset
    if change <= -least_counts:
        raise CalibrationError(
            f"The weight made the reading go down ({change:+.0f} counts): the load cell is "
            "wired backwards or loaded from the wrong side. Swap its two signal wires at "
            "the HX711 (A+ and A-, often green and white); swapping the excitation wires "
            "(E+ and E-, red and black) also flips the sign, but never swap both pairs. "
            "If the sensor was touched during the tare, tare again."
        )
    if change < least_counts:
        raise CalibrationError(
            f"The weight barely changed the reading ({change:+.0f} counts; at least "
            f"{least_counts:.0f} expected for {mass_g:g} g). Check the load cell is on the "
            "channel and gain set for this sensor, that its signal wires are firmly "
            "connected, and that nothing holds the weight off the sensor."
        )
    return Calibration(
        sensor=sensor,
        offset_counts=offset,
        newtons_per_count=weight_n / change,
        known_mass_g=mass_g,
        calibrated_at=now or datetime.now(UTC),
    )


LEGACY_FILE_VERSION = 1
_ENTRY_KEYS = (
    "offset_counts",
    "newtons_per_count",
    "known_mass_g",
    "calibrated_at",
    "uncalibrated",
)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _from_json(name: str, entry: object) -> Calibration:
    """One sensor's entry, or a ValueError whose message names the bad field."""
    if not isinstance(entry, dict):
        raise ValueError(f"has an entry for {name!r} that is not an object")
    missing = [key for key in _ENTRY_KEYS if key not in entry]
    if missing:
        raise ValueError(f"lacks {', '.join(missing)} for sensor {name!r}")
    offset, npc, mass = entry["offset_counts"], entry["newtons_per_count"], entry["known_mass_g"]
    if not isinstance(offset, int) or isinstance(offset, bool):
        raise ValueError(f"has a non-integer offset_counts for sensor {name!r}")
    if not _is_number(npc):
        raise ValueError(f"has a non-numeric newtons_per_count for sensor {name!r}")
    if mass is not None and not _is_number(mass):
        raise ValueError(f"has a non-numeric known_mass_g for sensor {name!r}")
    if not isinstance(entry["uncalibrated"], bool):
        raise ValueError(f"has an uncalibrated flag that is not true/false for sensor {name!r}")
    try:
        when = datetime.fromisoformat(entry["calibrated_at"])
    except (TypeError, ValueError):
        raise ValueError(f"has an unreadable calibrated_at for sensor {name!r}") from None
    try:
        mass_g = None if mass is None else float(mass)
        return Calibration(name, offset, float(npc), mass_g, when, entry["uncalibrated"])
    except CalibrationError as err:
        raise ValueError(f"has an impossible calibration for sensor {name!r} ({err})") from None


def load_calibration_file(path: str | os.PathLike[str]) -> dict[str, Calibration]:
    """Every calibration in a file written by earlier versions of the station, by sensor.

    Calibrations now live in the station database; this reads the old JSON file
    (``{"version": 1, "sensors": {name: {...}}}``) so it can be moved in once. Nothing
    writes the file any more, and reading it never changes it: any defect raises
    ``CalibrationFileError``, so numbers that might be recovered by hand are not lost.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CalibrationFileError(source, "is not text (binary garbage)") from None
    except OSError as err:
        raise CalibrationFileError(source, f"cannot be read ({err.strerror})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        problem = f"is not valid JSON (line {err.lineno}: {err.msg})"
        raise CalibrationFileError(source, problem) from None
    if not isinstance(document, dict):
        raise CalibrationFileError(source, "does not hold a JSON object")
    if document.get("version") != LEGACY_FILE_VERSION:
        problem = (
            f"has version {document.get('version')!r}; this program reads version "
            f"{LEGACY_FILE_VERSION}"
        )
        raise CalibrationFileError(source, problem)
    entries = document.get("sensors")
    if not isinstance(entries, dict):
        raise CalibrationFileError(source, 'has no "sensors" object')
    try:
        return {name: _from_json(name, entry) for name, entry in entries.items()}
    except ValueError as err:
        raise CalibrationFileError(source, str(err)) from None
