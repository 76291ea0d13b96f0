"""Plain text for the therapist's terminal: tables, forces and dates, written one way.

Table width is counted in terminal cells, not characters, so a nickname such as 'Zoé'
(two code points typed one way, one another) or '小明' (two wide cells) keeps its row
straight. Forces show newtons (what the sensors measure) beside kilograms (what norms
and dynamometers use); dates are the station's local time, as the therapist lived them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime

from hardware import STANDARD_GRAVITY

GAP = "  "


def force_text(newtons: float) -> str:
    if abs(newtons) < 0.05:
        newtons = 0.0  # a resting sensor's noise would otherwise read "-0.0 N"
    return f"{newtons:.1f} N ({newtons / STANDARD_GRAVITY:.1f} kg)"


def date_text(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d}"


def time_text(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def cell_width(text: str) -> int:
    """Terminal cells: combining marks take none, East Asian wide characters take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - cell_width(text))
    return fill + text if right else text + fill


def format_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, right: Sequence[int] = ()
) -> str:
    """Rows under a header line; ``right`` lists the columns (numbers) to right-align."""
    cells = [[str(value) for value in row] for row in rows]
    for row in cells:
        if len(row) != len(headers):
            raise ValueError(f"a table row has {len(row)} cells for {len(headers)} columns")
    widths = [
        max([cell_width(header)] + [cell_width(row[i]) for row in cells])
        for i, header in enumerate(headers)
    ]
    lines = [
        GAP.join(_pad(text, widths[i], i in right) for i, text in enumerate(line)).rstrip()
        for line in [list(headers), *cells]
    ]
    return "\n".join(lines)
