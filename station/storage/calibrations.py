"""Sensor calibrations: every one kept, the newest per sensor in use.

The sensor layer used to keep calibrations in a JSON file. That file is read into the
database once and then renamed ``*.imported`` (never deleted), so the old numbers stay
on the card for a maintainer to inspect and are not imported twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from station.storage import _common
from station.storage.errors import InvalidRecord

FILE_VERSION = 1
IMPORTED_SUFFIX = ".imported"


@dataclass(frozen=True, slots=True)
class Calibration:
    id: int
    sensor: str
    offset_counts: float
    newtons_per_count: float
    known_mass_g: float
    calibrated_at: datetime
    source: str
    """'station' when made on this database, else the file it was imported from."""


def add_calibration(
    db: Database,
    *,
    sensor: str,
    offset_counts: float,
    newtons_per_count: float,
    known_mass_g: float,
    calibrated_at: datetime | None = None,
    source: str = "station",
) -> Calibration:
    row = _checked(sensor, offset_counts, newtons_per_count, known_mass_g)
    row["calibrated_at"] = _common.utc_text(calibrated_at)
    row["source"] = source
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO calibrations (sensor, offset_counts, newtons_per_count, known_mass_g,"
            " calibrated_at, source) VALUES (:sensor, :offset_counts, :newtons_per_count,"
            " :known_mass_g, :calibrated_at, :source)",
            row,
        )
    return _by_id(db, _common.new_id(cursor))


def current_calibrations(db: Database) -> dict[str, Calibration]:
    """The newest calibration of each sensor, by when it was made (then by entry order)."""
    rows = db.query(
        "SELECT * FROM calibrations AS c WHERE id = (SELECT id FROM calibrations"
        " WHERE sensor = c.sensor ORDER BY calibrated_at DESC, id DESC LIMIT 1)"
        " ORDER BY sensor"
    )
    return {row["sensor"]: _calibration(row) for row in rows}


def calibration_history(db: Database, sensor: str) -> list[Calibration]:
    rows = db.query(
        "SELECT * FROM calibrations WHERE sensor = ? ORDER BY calibrated_at, id", [sensor]
    )
    return [_calibration(row) for row in rows]


def import_calibration_file(db: Database, path: str | Path) -> list[Calibration]:
    """Read the sensor layer's JSON file into the database, then rename it ``*.imported``.

    All sensors go in one transaction, and the file keeps its name when anything in it is
    refused. A calibration already present (same sensor and time) is not added again, so
    a crash between the commit and the rename does no harm.
    """
    source = Path(path)
    entries = _read_file(source)
    added: list[Calibration] = []
    with db.atomic():
        for sensor, entry in entries.items():
            calibrated_at = entry["calibrated_at"]
            duplicate = list(
                db.query(
                    "SELECT id FROM calibrations WHERE sensor = ? AND calibrated_at = ?",
                    [sensor, _common.utc_text(calibrated_at)],
                )
            )
            if duplicate:
                continue
            added.append(
                add_calibration(
                    db,
                    sensor=sensor,
                    offset_counts=entry["offset_counts"],
                    newtons_per_count=entry["newtons_per_count"],
                    known_mass_g=entry["known_mass_g"],
                    calibrated_at=calibrated_at,
                    source=source.name,
                )
            )
    source.rename(_free_name(source.with_name(source.name + IMPORTED_SUFFIX)))
    return added


def _read_file(path: Path) -> dict[str, dict[str, Any]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidRecord(f"The calibration file {path} cannot be read ({error}).") from None
    if not isinstance(document, dict) or document.get("version") != FILE_VERSION:
        raise InvalidRecord(
            f"The calibration file {path} is not a version {FILE_VERSION} calibration file."
        )
    sensors = document.get("sensors")
    if not isinstance(sensors, dict):
        raise InvalidRecord(f"The calibration file {path} has no 'sensors' section.")
    entries: dict[str, dict[str, Any]] = {}
    for sensor, entry in sensors.items():
        try:
            _checked(
                sensor, entry["offset_counts"], entry["newtons_per_count"], entry["known_mass_g"]
            )
            entries[sensor] = {
                **entry,
                "calibrated_at": datetime.fromisoformat(entry["calibrated_at"]),
            }
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidRecord(
                f"The calibration file {path}: sensor {sensor!r} is incomplete or wrong ({error})."
            ) from None
    return entries


def _checked(
    sensor: str, offset_counts: float, newtons_per_count: float, known_mass_g: float
) -> dict[str, Any]:
    if not isinstance(sensor, str) or not sensor.strip():
        raise InvalidRecord("A calibration needs the name of its sensor.")
    scale = _common.finite(newtons_per_count, "Newtons per count")
    if scale == 0:
        raise InvalidRecord("Newtons per count cannot be zero: every force would read 0 N.")
    return {
        "sensor": sensor,
        "offset_counts": _common.finite(offset_counts, "Offset (counts)"),
        "newtons_per_count": scale,
        "known_mass_g": _common.finite(known_mass_g, "Known mass (g)", minimum=0.001),
    }


def _free_name(wanted: Path) -> Path:
    candidate, counter = wanted, 1
    while candidate.exists():
        candidate = wanted.with_name(f"{wanted.name}.{counter}")
        counter += 1
    return candidate


def _by_id(db: Database, calibration_id: int) -> Calibration:
    rows = db.query("SELECT * FROM calibrations WHERE id = ?", [calibration_id])
    return _calibration(next(iter(rows)))


def _calibration(row: dict[str, Any]) -> Calibration:
    return Calibration(
        id=row["id"],
        sensor=row["sensor"],
        offset_counts=row["offset_counts"],
        newtons_per_count=row["newtons_per_count"],
        known_mass_g=row["known_mass_g"],
        calibrated_at=_common.parse_time(row["calibrated_at"]),
        source=row["source"],
    )
