"""Sensor calibrations: every one kept, the newest per sensor in use.

The sensor layer used to keep calibrations in a JSON file. That file is read into the
database once and then renamed ``*.imported`` (never deleted), so the old numbers stay
on the card for a maintainer to inspect and are not imported twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from hardware import Calibration, CalibrationFileError, load_calibration_file
from station.storage import _common
from station.storage.errors import InvalidRecord
from station.storage.stored import Stored

IMPORTED_SUFFIX = ".imported"
STATION_SOURCE = "station"


@dataclass(frozen=True, slots=True)
class StoredCalibration:
    """A calibration as the database keeps it: with where it came from."""

    calibration: Calibration
    source: str
    """'station' when made on this database, else the file it was imported from."""


def add_calibration(
    db: Database, calibration: Calibration, *, source: str = STATION_SOURCE
) -> StoredCalibration:
    """Keep a calibration made with a known weight; nominal stand-ins are refused."""
    if calibration.uncalibrated:
        raise InvalidRecord(
            f"The nominal setting of the {calibration.sensor or 'unnamed'} sensor is not a "
            "calibration and is never stored. Calibrate the sensor with a known weight."
        )
    if not calibration.sensor.strip():
        raise InvalidRecord("A calibration needs the name of its sensor.")
    if calibration.known_mass_g is None:
        raise InvalidRecord(
            f"The {calibration.sensor} calibration does not say which weight it was made "
            "with; calibrate the sensor again with a known weight."
        )
    with db.atomic():
        db.execute(
            "INSERT INTO calibrations (sensor, offset_counts, newtons_per_count, known_mass_g,"
            " calibrated_at, source) VALUES (?, ?, ?, ?, ?, ?)",
            [
                calibration.sensor,
                calibration.offset_counts,
                calibration.newtons_per_count,
                calibration.known_mass_g,
                _common.utc_text(calibration.calibrated_at),
                source,
            ],
        )
    return StoredCalibration(calibration, source)


def current_calibrations(db: Database) -> dict[str, Calibration]:
    """The newest calibration of each sensor, by when it was made (then by entry order)."""
    rows = db.query(
        "SELECT * FROM calibrations AS c WHERE id = (SELECT id FROM calibrations"
        " WHERE sensor = c.sensor ORDER BY calibrated_at DESC, id DESC LIMIT 1)"
        " ORDER BY sensor"
    )
    return {row["sensor"]: _calibration(row) for row in rows}


def calibration_history(db: Database, sensor: str) -> list[StoredCalibration]:
    rows = db.query(
        "SELECT * FROM calibrations WHERE sensor = ? ORDER BY calibrated_at, id", [sensor]
    )
    return [StoredCalibration(_calibration(row), row["source"]) for row in rows]


def import_calibration_file(db: Database, path: str | Path) -> list[StoredCalibration]:
    """Move the sensor layer's old JSON file into the database, then rename it ``*.imported``.

    No file means nothing to import. All sensors go in one transaction; when anything
    in the file is refused, ``CalibrationFileError`` says why, nothing is stored and the
    file keeps its name and bytes. A calibration already present (same sensor and time)
    is not added again, so a crash between the commit and the rename does no harm.
    """
    source = Path(path)
    if not source.exists():
        return []
    calibrations = load_calibration_file(source)
    added: list[StoredCalibration] = []
    with db.atomic():
        for calibration in calibrations.values():
            duplicate = list(
                db.query(
                    "SELECT id FROM calibrations WHERE sensor = ? AND calibrated_at = ?",
                    [calibration.sensor, _common.utc_text(calibration.calibrated_at)],
                )
            )
            if duplicate:
                continue
            try:
                added.append(add_calibration(db, calibration, source=source.name))
            except InvalidRecord as refusal:
                problem = f"cannot be used: {str(refusal).rstrip('.')}"
                raise CalibrationFileError(source, problem) from None
    source.rename(_free_name(source.with_name(source.name + IMPORTED_SUFFIX)))
    return added


def _free_name(wanted: Path) -> Path:
    candidate, counter = wanted, 1
    while candidate.exists():
        candidate = wanted.with_name(f"{wanted.name}.{counter}")
        counter += 1
    return candidate


def _calibration(fields: dict[str, Any]) -> Calibration:
    row = Stored("calibrations", fields)
    return Calibration(
        sensor=row["sensor"],
        offset_counts=round(row.number("offset_counts")),
        newtons_per_count=row.number("newtons_per_count"),
        known_mass_g=row.number("known_mass_g"),
        calibrated_at=row.time("calibrated_at"),
    )
