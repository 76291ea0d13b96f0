"""Where a child's grip sits among children of the same age, from the table we ship.

The table is data (``station/data/grip_norms.json``) with its source beside each value.
Where it has no row, the answer says so: a percentile guessed outside the table would
read as a clinical statement the data does not support.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from hardware import GRIP, PINCH

STANDARD_GRAVITY = 9.80665
"""Newtons per kilogram-force: tables are in kg, sensors report N."""
SEXES: tuple[str, ...] = ("female", "male")


class NormsDataError(ValueError):
    """The norms file is missing, unreadable or not shaped as expected."""


class Band(StrEnum):
    BELOW_P10 = "below P10"
    P10_P50 = "P10-P50"
    P50_P90 = "P50-P90"
    ABOVE_P90 = "above P90"


@dataclass(frozen=True, slots=True)
class PercentileRow:
    age_min: int
    age_max: int
    p10_kg: float
    p50_kg: float
    p90_kg: float
    sexes: str
    source: str

    def band(self, grip_kg: float) -> Band:
        """P10 and P50 open the band above them; P90 itself is still within P50-P90."""
        if grip_kg < self.p10_kg:
            return Band.BELOW_P10
        if grip_kg < self.p50_kg:
            return Band.P10_P50
        if grip_kg <= self.p90_kg:
            return Band.P50_P90
        return Band.ABOVE_P90


@dataclass(frozen=True, slots=True)
class ReferenceValue:
    """A typical value (mean, maybe ± SD) that is not a percentile table."""

    label: str
    age_min: int
    age_max: int
    sex: str | None
    mean_kg: float
    sd_kg: float | None
    approximate: bool
    source: str

    def describe(self) -> str:
        spread = f" ± {self.sd_kg:g}" if self.sd_kg is not None else ""
        about = "≈ " if self.approximate else ""
        return f"{self.label}: {about}{self.mean_kg:g}{spread} kg ({self.source})"


@dataclass(frozen=True, slots=True)
class NormsTable:
    rows: tuple[PercentileRow, ...]
    references: tuple[ReferenceValue, ...]


@dataclass(frozen=True, slots=True)
class NormResult:
    age_years: float
    grip_kg: float
    band: Band | None
    row: PercentileRow | None
    reason: str = ""
    """Why there is no band; empty when there is one."""
    references: tuple[ReferenceValue, ...] = ()
    """Typical values that cover this person, shown for context, never turned into a band."""

    @property
    def no_data(self) -> bool:
        return self.band is None


def _parse(doc: dict[str, Any]) -> NormsTable:
    rows = tuple(
        PercentileRow(
            int(r["age_min"]),
            int(r["age_max"]),
            float(r["p10"]),
            float(r["p50"]),
            float(r["p90"]),
            str(table["sexes"]),
            str(table["source"]),
        )
        for table in doc["percentile_tables"]
        if table["measure"] == GRIP
        for r in table["rows"]
    )
    references = tuple(
        ReferenceValue(
            str(v["label"]),
            int(v["age_min"]),
            int(v["age_max"]),
            v["sex"],
            float(v["mean"]),
            None if v["sd"] is None else float(v["sd"]),
            bool(v["approximate"]),
            str(v["source"]),
        )
        for v in doc["reference_values"]
        if v["measure"] == GRIP
    )
    for row in rows:
        if not row.p10_kg < row.p50_kg < row.p90_kg or row.age_min > row.age_max:
            raise NormsDataError(
                f"a norms row for ages {row.age_min}-{row.age_max} is out of order"
            )
    return NormsTable(rows, references)


def load_norms(path: Path | None = None) -> NormsTable:
    """Read the table shipped with the package, or another file of the same shape."""
    try:
        if path is None:
            text = resources.files("station").joinpath("data/grip_norms.json").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
        return _parse(json.loads(text))
    except NormsDataError:
        raise
    except (OSError, json.JSONDecodeError) as exc:
        raise NormsDataError(f"cannot read the grip norms file: {exc}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise NormsDataError(f"the grip norms file is not shaped as expected: {exc!r}") from exc


@cache
def _shipped() -> NormsTable:
    return load_norms()


def _check_inputs(age_years: float, grip_n: float, sex: str | None) -> None:
    if not (isinstance(age_years, int | float) and math.isfinite(age_years)):
        raise ValueError(f"age must be a number of years, not {age_years!r}")
    if not 0 <= age_years < 130:
        raise ValueError(f"an age of {age_years} years is not possible")
    if not (isinstance(grip_n, int | float) and math.isfinite(grip_n)) or grip_n < 0:
        raise ValueError(f"grip force must be zero or more newtons, not {grip_n!r}")
    if sex is not None and sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES} or left out, not {sex!r}")


def percentile_band(
    age_years: float,
    grip_n: float,
    sex: str | None = None,
    *,
    sensor: str = GRIP,
    table: NormsTable | None = None,
) -> NormResult:
    """The percentile band of a grip force for this age, or plainly no data.

    Ages count in completed years (a child of 9.8 is in the 6-9 row). The children's
    table combines the sexes, so ``sex`` only picks which typical values to show.
    """
    _check_inputs(age_years, grip_n, sex)
    # Rounded well below sensor resolution, so a value typed as 14 kg lands on P50 itself.
    kg = round(grip_n / STANDARD_GRAVITY, 3)
    if sensor == PINCH:
        return NormResult(age_years, kg, None, None, "there are no pinch-strength norms here")
    if sensor != GRIP:
        raise ValueError(f"norms exist only for the {GRIP} sensor, not {sensor!r}")
    table = table or _shipped()
    age = math.floor(age_years)
    references = tuple(
        r
        for r in table.references
        if r.age_min <= age <= r.age_max and (r.sex is None or sex is None or r.sex == sex)
    )
    row = next((r for r in table.rows if r.age_min <= age <= r.age_max), None)
    if row is None:
        covered = ", ".join(f"{r.age_min}-{r.age_max}" for r in table.rows)
        reason = f"the grip percentile table has no data for age {age} (it covers {covered})"
        if references:
            reason += "; only a typical value is known, which is not a percentile"
        return NormResult(age_years, kg, None, None, reason, references)
    return NormResult(age_years, kg, row.band(kg), row, "", references)
