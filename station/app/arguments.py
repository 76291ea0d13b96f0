"""The argument types and checks every command shares, so a bad value is refused one way.

A number that is NaN, infinite or out of range, a size that is no size, a path that
cannot serve, a name with a pasted newline: each is refused with its range or its reason
before anything is written, and the person at the terminal reads one sentence and exit
status 2: argparse's ``error:`` line for the types, a ``CommandError`` for the checks that
run once the command knows where its output goes (``--usb`` moves it onto the stick).
"""

from __future__ import annotations

import argparse
import math
import os
import unicodedata
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from station.app.errors import CommandError

SQLITE_MAX_INTEGER = 2**63 - 1
"""The largest whole number SQLite stores: a bigger id names no row (and crashes a query)."""
_NAMED_CONTROLS = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab"}


def finite_float(
    low: float = -math.inf, high: float = math.inf, *, unit: str = "", above_low: bool = False
) -> Callable[[str], float]:
    """A type for a finite number from ``low`` to ``high`` (strictly above ``low`` if asked).

    ``float`` alone takes 'nan', 'inf' and '1e400', and a NaN slips through any check
    written as "refuse if below low or above high"; here they are refused with the range.
    """
    wanted = _range_text(low, high, unit, above_low)

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        fits = (low < value if above_low else low <= value) and value <= high
        if not (math.isfinite(value) and fits):
            raise argparse.ArgumentTypeError(f"must be {wanted}, not {text!r}")
        return value

    return parse


def whole_number(low: int, high: int = SQLITE_MAX_INTEGER) -> Callable[[str], int]:
    """A type for a whole number from ``low`` to ``high``; the default top is SQLite's."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low} to {high}, not {text!r}"
            )
        return value

    return parse


def pixel_size(low: tuple[int, int], high: tuple[int, int]) -> Callable[[str], tuple[int, int]]:
    """A type for WIDTHxHEIGHT in pixels, each side within ``low`` and ``high``."""
    wanted = f"WIDTHxHEIGHT from {low[0]}x{low[1]} to {high[0]}x{high[1]}"

    def parse(text: str) -> tuple[int, int]:
        try:
            width, height = (int(part) for part in text.lower().split("x"))
        except ValueError:
            width = height = -1
        if not (low[0] <= width <= high[0] and low[1] <= height <= high[1]):
            raise argparse.ArgumentTypeError(f"must be {wanted}, not {text!r}")
        return width, height

    return parse


class PathUse(Enum):
    """What a path argument is for, which decides what must be true of it."""

    READ_FILE = "a file to read"
    DATABASE = "a database file"
    """Made if missing; written or not, as the command needs."""
    WRITE_FILE = "a file to write"
    WRITE_FOLDER = "a folder to write in"
    """Made if missing."""


def path_text(text: str) -> Path:
    """A type for any path: an empty one (a variable that was never set) is refused."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; give a path")
    return Path(text)


def checked_path(use: PathUse) -> Callable[[str], Path]:
    """A type for a path that is checked for ``use`` as soon as it is parsed."""

    def parse(text: str) -> Path:
        path = path_text(text)
        problem = path_problem(path, use)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return path

    return parse


def check_path(path: Path, use: PathUse, option: str) -> Path:
    """``path`` if it can serve for ``use``; else a ``CommandError`` naming ``option``."""
    problem = path_problem(path, use)
    if problem is not None:
        raise CommandError(f"{option}: {problem}.")
    return path


def path_problem(path: Path, use: PathUse) -> str | None:
    """What is wrong with ``path`` for ``use``, in words for whoever typed it; None if nothing.

    Only what can be known before writing: a missing file to read, a folder where a file
    goes or the other way round, a file in the way of a folder to be made, a folder that
    cannot be written. Whether a database is writable is left to the database, so that
    commands that only read work on a read-only one.
    """
    if not path.exists():
        return f"{path}: no such file" if use is PathUse.READ_FILE else _creatable(path)
    return _folder_problem(path, use) if path.is_dir() else _file_problem(path, use)


def control_character(text: str) -> str | None:
    """The first control or invisible character in ``text``, described with what to do about
    it; None if there is none.

    A name pasted with its newline, or with a terminal escape, would otherwise be squeezed
    into some other name or printed as a command to the terminal.
    """
    for char in text:
        if unicodedata.category(char) == "Cs":  # how Python keeps bytes that were not UTF-8
            return "bytes that are not UTF-8 text; set the terminal to UTF-8 and type it again"
        if unicodedata.category(char).startswith("C"):
            what = _NAMED_CONTROLS.get(char, "an invisible character")
            return f"{what} (U+{ord(char):04X}); type it on one line, letters only"
    return None


def _creatable(path: Path) -> str | None:
    """Why ``path`` (missing) cannot be made: the nearest existing folder up the way decides."""
    ancestor = path.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{path} cannot be created: {ancestor} is a file, not a folder"
    if not _writable(ancestor):
        return f"{path} cannot be created: the folder {ancestor} is not writable"
    return None


def _folder_problem(folder: Path, use: PathUse) -> str | None:
    if use is not PathUse.WRITE_FOLDER:
        example = f", e.g. {folder / 'station.db'}" if use is PathUse.DATABASE else ""
        return f"{folder} is a folder; give {use.value}{example}"
    return None if _writable(folder) else f"the folder {folder} is not writable"


def _file_problem(path: Path, use: PathUse) -> str | None:
    if use is PathUse.WRITE_FOLDER:
        return f"{path} is {'a file' if path.is_file() else 'a device or a pipe'}; give a folder"
    if use in (PathUse.READ_FILE, PathUse.DATABASE) and not path.is_file():
        return f"{path} is a device or a pipe, not a file"  # reading would block, or never end
    if use is PathUse.READ_FILE and not os.access(path, os.R_OK):
        return f"{path} cannot be read (permission denied)"
    if use is PathUse.WRITE_FILE and not _writable(path.parent):
        return f"{path} cannot be replaced: the folder {path.parent} is not writable"
    return None


def _writable(folder: Path) -> bool:
    """New files can be made in ``folder`` (write and search permission on it)."""
    return os.access(folder, os.W_OK | os.X_OK)


def _range_text(low: float, high: float, unit: str, above_low: bool) -> str:
    bottom, top = _number_text(low), _number_text(high)
    if math.isinf(low) and math.isinf(high):
        return "a finite number" + (f" ({unit.strip()})" if unit else "")
    if math.isinf(high):
        return f"a number {'above' if above_low else 'of at least'} {bottom}{unit}"
    if above_low:
        return f"a number above {bottom} and at most {top}{unit}"
    return f"a number from {bottom} to {top}{unit}"


def _number_text(value: float) -> str:
    return str(int(value)) if math.isfinite(value) and value == int(value) else f"{value:g}"
