"""Values read back from the database, checked against what the station writes.

A hand edit, a buggy tool or bit-rot can leave a value the station never writes: a time
that is no time, a force of 1e308 N, a child born in 1800. Used as it is, it fails far
from here (an OverflowError in a mean, a ValueError in the norms) and the command ends in
"unexpected error", or it is printed as if it were true. Every row-to-record function
reads through ``Stored``, so such a value is a ``DatabaseError`` naming the table, the row
and the value: a therapist can have that row corrected or restore a backup.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from station.storage._common import FORCE_LIMIT_N
from station.storage.errors import DatabaseError


@dataclass(frozen=True, slots=True)
class Stored:
    """One row of ``table`` as read back; ``key`` is the column that names the row."""

    table: str
    row: Mapping[str, Any]
    key: str = "id"

    def __getitem__(self, column: str) -> Any:
        return self.row[column]

    def time(self, column: str) -> datetime:
        value = self.row[column]
        try:
            return datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.damaged(column, "which is not a date and time") from None

    def optional_time(self, column: str) -> datetime | None:
        return None if self.row[column] is None else self.time(column)

    def number(self, column: str, *, low: float = -math.inf, high: float = math.inf) -> float:
        """A finite number from ``low`` to ``high``, as the station writes it."""
        value = self.row[column]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.damaged(column, "which is not a number")
        if not math.isfinite(value):
            raise self.damaged(column, "which is not a finite number")
        if not low <= value <= high:
            span = f"at least {low:g}" if high == math.inf else f"from {low:g} to {high:g}"
            raise self.damaged(column, f"but the station stores {span} there")
        return float(value)

    def optional_number(
        self, column: str, *, low: float = -math.inf, high: float = math.inf
    ) -> float | None:
        return None if self.row[column] is None else self.number(column, low=low, high=high)

    def force(self, column: str, *, low: float = -FORCE_LIMIT_N) -> float:
        """Newtons, within what any load cell could read (``FORCE_LIMIT_N``)."""
        return self.number(column, low=low, high=FORCE_LIMIT_N)

    def optional_force(self, column: str, *, low: float = -FORCE_LIMIT_N) -> float | None:
        return None if self.row[column] is None else self.force(column, low=low)

    def optional_whole(self, column: str, *, low: int) -> int | None:
        value = self.row[column]
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.damaged(column, "which is not a whole number")
        if value < low:
            raise self.damaged(column, f"but the station stores {low} or more there")
        return value

    def damaged(self, column: str, why: str) -> DatabaseError:
        """The error for this row's ``column``, ``why`` ending the sentence."""
        value = self.row[column]
        shown = f"{value:g}" if isinstance(value, float) else repr(value)
        return self.refused(f"{column} is {shown}, {why}")

    def refused(self, problem: str) -> DatabaseError:
        where = f"{self.table} row {self.row[self.key]}"
        if self.key != "id":
            where = f"{self.table} row with {self.key} {self.row[self.key]}"
        return DatabaseError(
            f"The database is damaged at {where}: {problem}. "
            "Restore a backup, or have that row corrected."
        )
