"""Recorded force traces as CSV files: loading them strictly, and reading them back.

Two layouts are accepted. ``t_s,force_n`` is the shared corpus format (newtons);
``t_s,raw`` is what our own sampler logs straight from an HX711 (whole counts, before
calibration). A file that does not fit is rejected with the file name and line number,
because a half-loaded trace would make a replay or a test quietly wrong.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

NEWTONS = "N"
COUNTS = "counts"

_HEADERS: dict[tuple[str, ...], str] = {
    ("t_s", "force_n"): NEWTONS,
    ("t_s", "raw"): COUNTS,
}
_HX711_MIN, _HX711_MAX = -(2**23), 2**23 - 1
"""A 24-bit two's-complement word cannot hold anything outside this range."""

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "assets" / "recordings"
"""Openly licensed recordings shipped with the project, so demos run without the corpus."""


class RecordingError(ValueError):
    """A recording file that cannot be used, with where and why."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}: line {line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Recording:
    """One sensor's trace: sample times in seconds and values in ``unit``."""

    name: str
    times_s: tuple[float, ...]
    values: tuple[float, ...]
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in (NEWTONS, COUNTS):
            raise ValueError(f"recording {self.name!r}: unit must be 'N' or 'counts'")
        if not self.times_s or len(self.times_s) != len(self.values):
            raise ValueError(
                f"recording {self.name!r}: needs at least one sample and one value per time"
            )

    @property
    def duration_s(self) -> float:
        return self.times_s[-1] - self.times_s[0]

    def force_at(self, t_s: float) -> float:
        """The value at ``t_s`` (the recording's own time axis), in the recording's unit.

        Linear between samples and held flat outside the recording, so a profile built
        on it never extrapolates a trend past what was measured.
        """
        times = self.times_s
        if t_s <= times[0]:
            return self.values[0]
        if t_s >= times[-1]:
            return self.values[-1]
        i = bisect_right(times, t_s)
        t0, t1 = times[i - 1], times[i]
        v0, v1 = self.values[i - 1], self.values[i]
        if t1 == t0:
            return v1
        return v0 + (v1 - v0) * (t_s - t0) / (t1 - t0)


def load_recording(path: str | Path) -> Recording:
    """Read a recording CSV, or raise ``RecordingError`` naming the line at fault."""
    path = Path(path)
    text = _decode(path, path.read_bytes())
    lines = text.splitlines()
    if not lines:
        raise RecordingError(path, 1, "the file is empty; expected a header 't_s,force_n'")
    unit = _parse_header(path, lines[0])
    times: list[float] = []
    values: list[float] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        t_s, value = _parse_row(path, number, line, unit)
        if times and t_s < times[-1]:
            raise RecordingError(
                path, number, f"time goes backwards ({t_s:g} s comes after {times[-1]:g} s)"
            )
        times.append(t_s)
        values.append(value)
    if not times:
        raise RecordingError(path, len(lines), "no samples after the header")
    return Recording(path.stem, tuple(times), tuple(values), unit)


def _decode(path: Path, data: bytes) -> str:
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise RecordingError(path, line, "this is a binary file, not a CSV text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise RecordingError(path, line, "the text is not valid UTF-8") from None


def _parse_header(path: Path, line: str) -> str:
    columns = tuple(cell.strip() for cell in line.split(","))
    unit = _HEADERS.get(columns)
    if unit is None:
        expected = " or ".join(repr(",".join(h)) for h in _HEADERS)
        raise RecordingError(path, 1, f"header is {line.strip()!r}; expected {expected}")
    return unit


def _parse_row(path: Path, number: int, line: str, unit: str) -> tuple[float, float]:
    cells = line.split(",")
    if len(cells) != 2:
        raise RecordingError(
            path, number, f"expected 2 columns (time, value), found {len(cells)}: {line!r}"
        )
    t_s = _number(path, number, cells[0], "time")
    if unit == NEWTONS:
        return t_s, _number(path, number, cells[1], "force")
    text = cells[1].strip()
    try:
        raw = int(text)
    except ValueError:
        raise RecordingError(path, number, f"raw count {text!r} is not a whole number") from None
    if not _HX711_MIN <= raw <= _HX711_MAX:
        raise RecordingError(path, number, f"raw count {raw} does not fit a 24-bit HX711 word")
    return t_s, float(raw)


def _number(path: Path, number: int, cell: str, what: str) -> float:
    text = cell.strip()
    try:
        value = float(text)
    except ValueError:
        raise RecordingError(path, number, f"{what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise RecordingError(path, number, f"{what} is {text!r}; it must be a finite number")
    return value
