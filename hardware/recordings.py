"""Recorded force traces as CSV files: checked strictly, then loaded whole or streamed.

Two layouts are accepted. ``t_s,force_n`` is the shared corpus format (newtons);
``t_s,raw`` is what our own sampler logs straight from an HX711 (whole counts, before
calibration). A file that does not fit is rejected with the file name and line number,
because a half-loaded trace would make a replay or a test quietly wrong.

``load_recording`` keeps a whole trace in memory, for the tools that need all of it at
once (profiles). ``open_recording`` is for playback: it reads the file once, a line at
a time, to check every line and learn its timing, and ``RecordingFile.rows`` then reads
it again as playback needs it, so a replay costs the same memory whatever the file's
size. ``check_recording`` does the same without playback's rules, for analysis. Only
regular files are opened: a FIFO or a device would block or never end.
"""

from __future__ import annotations

import math
import os
import stat
import statistics
from bisect import bisect_right
from collections import deque
from collections.abc import Collection, Generator, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TextIO

from hardware.sample_pace import PaceCheck, pace_problem

NEWTONS = "N"
COUNTS = "counts"

_HEADERS: dict[tuple[str, ...], str] = {
    ("t_s", "force_n"): NEWTONS,
    ("t_s", "raw"): COUNTS,
}
_HX711_MIN, _HX711_MAX = -(2**23), 2**23 - 1
"""A 24-bit two's-complement word cannot hold anything outside this range."""
MAX_FORCE_N = 1e5
"""About ten tonnes: a hundred times the largest cell here (a 90 kg grip cell, the
corpus's 83 kg hangboard pull), so only a corrupt value is beyond it, and the sums
and medians of the analysis stay finite (1e308 + 1e308 is inf)."""
_TIME_LIMIT_S = 1e10
"""Beyond about 300 years a double no longer keeps the microseconds between samples."""
_MAX_LINE_CHARS = 1000
"""A time and a value fit in far less; a longer line is not a recording (and is not kept)."""
_GAP_WINDOW = 1000
"""The typical gap between samples is the median of the last this many gaps."""
_RECHECK_EVERY = 10_000
"""Lines between two looks at whether the file being checked is still the same file."""
MAX_REPLAY_GAP_S = 3600.0
"""A replay would show a sensor frozen this long: a file with a longer gap is refused."""

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "assets" / "recordings"
"""Openly licensed recordings shipped with the project, so demos run without the corpus."""

Sample = tuple[int, float, float]
"""(line number, time in seconds, value in the recording's unit)."""


class RecordingError(ValueError):
    """A recording file that cannot be used, with where (the line, when one is at fault)."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path}: " if line is None else f"{path}: line {line}: "
        super().__init__(where + problem)
        self.path = path
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Recording:
    """One sensor's trace in memory: sample times in seconds and values in ``unit``."""

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
        if problem := pace_problem(self.times_s):
            raise ValueError(f"recording {self.name!r}: {problem}")

    @property
    def samples(self) -> int:
        return len(self.times_s)

    @property
    def first_s(self) -> float:
        return self.times_s[0]

    @property
    def duration_s(self) -> float:
        return self.times_s[-1] - self.times_s[0]

    @property
    def typical_gap_s(self) -> float:
        """The median gap between the last samples (0 for a single sample)."""
        last = self.times_s[-(_GAP_WINDOW + 1) :]
        return _median_or_zero([b - a for a, b in pairwise(last)])

    def rows(self) -> Generator[tuple[float, float], None, None]:
        """(time, value) of each sample in order: the same face as ``RecordingFile.rows``."""
        yield from zip(self.times_s, self.values, strict=True)

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


@dataclass(frozen=True, slots=True)
class RecordingFile:
    """A recording checked whole on disk, read back a line at a time for each lap.

    Holds only what playback needs to know before it reads (the count, first time,
    duration and typical gap) and the file's identity when it was checked, so a file
    changed since is noticed when it is opened again instead of played half-checked.
    """

    path: Path
    unit: str
    samples: int
    first_s: float
    duration_s: float
    typical_gap_s: float
    identity: tuple[int, ...]

    @property
    def name(self) -> str:
        return self.path.stem

    def rows(self) -> Generator[tuple[float, float], None, None]:
        """(time, value) of each sample, read and checked again as the caller asks.

        Raises ``RecordingError`` if the file was changed since it was checked or a line
        has gone bad since; the file stays open only while the iterator does.
        """
        with _open_regular(self.path) as text:
            if _identity(text) != self.identity:
                raise RecordingError(
                    self.path, None, "the file changed after it was checked; replay it again"
                )
            lines = _lines(self.path, text)
            for _, t_s, value in _samples(self.path, lines, _read_header(self.path, lines)):
                yield t_s, value


def load_recording(path: str | Path) -> Recording:
    """Read a whole recording CSV, or raise ``RecordingError`` naming the line at fault."""
    path = Path(path)
    with _open_regular(path) as text:
        lines = _lines(path, text)
        unit = _read_header(path, lines)
        times: list[float] = []
        values: list[float] = []
        for _, t_s, value in _samples(path, lines, unit):
            times.append(t_s)
            values.append(value)
    return Recording(path.stem, tuple(times), tuple(values), unit)


def check_recording(path: str | Path) -> RecordingFile:
    """Check every line of a recording in one streaming pass (constant memory), or refuse
    it: for a tool that then reads it through ``rows`` as often as it needs, such as the
    analysis of a file far bigger than memory."""
    return _checked(Path(path), replay=False)


def open_recording(path: str | Path) -> RecordingFile:
    """Check a recording for replay in one streaming pass (constant memory), or refuse it.

    Every line is checked now, so playback never meets a bad line in the middle of a
    game, and so are what would make a replay wrong: a single sample or no time spanned
    (nothing to play in real time) and a gap longer than ``MAX_REPLAY_GAP_S``.
    """
    return _checked(Path(path), replay=True)


def _checked(path: Path, *, replay: bool) -> RecordingFile:
    with _open_regular(path) as text:
        identity = _identity(text)
        lines = _lines(path, text)
        unit = _read_header(path, lines)
        count, number, first, last = 0, 1, 0.0, 0.0
        gaps: deque[float] = deque(maxlen=_GAP_WINDOW)
        for number, t_s, _ in _samples(path, lines, unit):
            if count:
                if replay:
                    _check_gap(path, number, last, t_s)
                gaps.append(t_s - last)
            else:
                first = t_s
            count, last = count + 1, t_s
            if count % _RECHECK_EVERY == 0:
                _check_unchanged(path, text, identity)
        _check_unchanged(path, text, identity)
    if replay and last <= first:
        problem = "it holds one sample" if count == 1 else f"every sample is at {first:g} s"
        raise RecordingError(
            path, number, f"{problem}; a replay needs samples at two or more times"
        )
    return RecordingFile(path, unit, count, first, last - first, _median_or_zero(gaps), identity)


def _check_unchanged(path: Path, text: TextIO, identity: tuple[int, ...]) -> None:
    """A log still being written would never end, and its new lines were never checked."""
    if _identity(text) != identity:
        raise RecordingError(
            path,
            None,
            "the file changed while it was checked (is it still being written?); "
            "replay it once it is complete",
        )


def _check_gap(path: Path, number: int, previous_s: float, t_s: float) -> None:
    if t_s - previous_s > MAX_REPLAY_GAP_S:
        raise RecordingError(
            path,
            number,
            f"{t_s - previous_s:g} s pass since the sample before; a replay would freeze "
            f"the sensor that long (at most {MAX_REPLAY_GAP_S:g} s between samples)",
        )


def _median_or_zero(gaps: Collection[float]) -> float:
    return statistics.median(gaps) if gaps else 0.0


def _open_regular(path: Path) -> TextIO:
    """``path`` opened as text, if it is a regular file; never blocks on a FIFO.

    ``O_NONBLOCK`` lets the open of a FIFO return at once (it would wait for a writer)
    so that ``fstat`` can refuse it, along with folders and devices like /dev/zero.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise RecordingError(path, None, "no such file; give a recording CSV file") from None
    except OSError as error:
        raise RecordingError(path, None, f"cannot be opened ({error.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise RecordingError(path, None, f"{_kind(mode)}, not a recording file; give a CSV")
    return open(fd, encoding="utf-8-sig", errors="surrogateescape")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "this is a folder"
    if stat.S_ISFIFO(mode):
        return "this is a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "this is a device"
    return "this is not a regular file"


def _identity(text: TextIO) -> tuple[int, ...]:
    info = os.fstat(text.fileno())
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _lines(path: Path, text: TextIO) -> Iterator[tuple[int, str]]:
    """Numbered lines without their ends, refusing binary, non-UTF-8 and overlong ones."""
    number = 0
    while True:
        try:
            line = text.readline(_MAX_LINE_CHARS + 1)
        except OSError as error:
            raise RecordingError(path, number + 1, f"cannot be read ({error.strerror})") from None
        if not line:
            return
        number += 1
        if "\0" in line:
            raise RecordingError(path, number, "this is a binary file, not a CSV text file")
        if not line.isascii() and not _is_utf8(line):
            raise RecordingError(path, number, "the text is not valid UTF-8")
        if len(line) > _MAX_LINE_CHARS and not line.endswith("\n"):
            raise RecordingError(
                path, number, f"the line is over {_MAX_LINE_CHARS} characters; not a recording"
            )
        yield number, line.rstrip("\n")


def _is_utf8(line: str) -> bool:
    """False when the decoder had to escape bytes (``surrogateescape``): not UTF-8."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_header(path: Path, lines: Iterator[tuple[int, str]]) -> str:
    first = next(lines, None)
    if first is None:
        raise RecordingError(path, 1, "the file is empty; expected a header 't_s,force_n'")
    return _parse_header(path, first[1])


def _samples(path: Path, lines: Iterator[tuple[int, str]], unit: str) -> Iterator[Sample]:
    """Each sample after the header, checked; blank lines are skipped."""
    number, previous = 1, None
    pace = PaceCheck()
    for number, line in lines:
        if not line.strip():
            continue
        t_s, value = _parse_row(path, number, line, unit)
        if previous is not None and t_s < previous:
            raise RecordingError(
                path, number, f"time goes backwards ({t_s:g} s comes after {previous:g} s)"
            )
        if problem := pace.add(number, t_s):
            raise RecordingError(path, number, problem)
        previous = t_s
        yield number, t_s, value
    if previous is None:
        raise RecordingError(path, number, "no samples after the header")
    if problem := pace.finish():
        raise RecordingError(path, number, problem)


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
    if abs(t_s) > _TIME_LIMIT_S:
        raise RecordingError(
            path, number, f"time {t_s:g} s is out of range (at most {_TIME_LIMIT_S:g} s)"
        )
    if unit == NEWTONS:
        force_n = _number(path, number, cells[1], "force")
        if abs(force_n) > MAX_FORCE_N:
            raise RecordingError(
                path,
                number,
                f"force {force_n:g} N is beyond any load cell (at most {MAX_FORCE_N:g} N, "
                "about ten tonnes)",
            )
        return t_s, force_n
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
