"""Small checks and conversions shared by the record modules."""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime

from station.storage.errors import InvalidRecord

HANDS = ("left", "right")
FORCE_LIMIT_N = 100_000.0
"""Ten tonnes, far beyond any load cell the station takes (the largest, 300 kg, is 2.9 kN):
a force past it is a broken conversion, never a squeeze. Refused when written, so one read
back is damage (``stored``), and any sum or mean of stored forces stays finite."""


def utc_text(at: datetime | None) -> str:
    """Store times as UTC ISO text so they sort as strings and read back unambiguously."""
    moment = datetime.now(UTC) if at is None else at.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def finite(value: float, what: str, *, minimum: float | None = None) -> float:
    """Refuse NaN, infinities and values under ``minimum`` with a sentence naming the field."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidRecord(f"{what} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise InvalidRecord(f"{what} must be a number, not {value!r}.")
    if minimum is not None and number < minimum:
        raise InvalidRecord(f"{what} must be at least {minimum:g}, not {number:g}.")
    return number


def force(value: float, what: str, *, minimum: float | None = None) -> float:
    """Newtons, refused as ``finite`` does and beyond ``FORCE_LIMIT_N`` either way."""
    newtons = finite(value, what, minimum=minimum)
    if abs(newtons) > FORCE_LIMIT_N:
        raise InvalidRecord(f"{what} must be within {FORCE_LIMIT_N:g} N, not {newtons:g}.")
    return newtons


def whole(value: int, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidRecord(f"{what} must be a whole number from {low} to {high}, not {value!r}.")
    return value


def hand(value: str) -> str:
    if value not in HANDS:
        raise InvalidRecord(f"Hand must be 'left' or 'right', not {value!r}.")
    return value


def new_id(cursor: sqlite3.Cursor) -> int:
    """The row id an INSERT just created (SQLite always sets it for a rowid table)."""
    if cursor.lastrowid is None:
        raise RuntimeError("an INSERT returned no row id")
    return cursor.lastrowid
