"""Small checks and conversions shared by the record modules."""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime

from station.storage.errors import InvalidRecord

HANDS = ("left", "right")


def utc_text(at: datetime | None) -> str:
    """Store times as UTC ISO text so they sort as strings and read back unambiguously."""
    moment = datetime.now(UTC) if at is None else at.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def optional_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


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
