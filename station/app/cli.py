"""``grip-station``: the one entry point, for the kiosk, the therapist and the maintainer.

Errors people can fix (a wrong pin in the config, a corrupt database, a refused
calibration) are printed as one plain sentence; anything unexpected is written in full
to a log file and summarised, so nobody in front of the box reads a traceback. A database
that cannot be written now ends a command with its own code from sysexits.h: 75 busy
(try again), 74 a full disk, 77 no permission.

This module is what the ``grip-station`` script imports, and what a sampler process
(spawned, so it re-imports the parent's main module) imports again: it stays light,
and everything else is imported when ``main`` runs.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import UTC, datetime

from station import paths
from station.console.stopping import exit_status, sigterm_interrupts, stopped_by

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner in a therapist's terminal

COMMANDS = (
    "run",
    "live",
    "doctor",
    "calibrate",
    "players",
    "pin",
    "program",
    "assess",
    "history",
    "analyse",
    "export",
    "report",
    "play",
)
"""Subcommand modules under ``station.commands``, in the order ``--help`` lists them."""

EXIT_USER_ERROR = 2
EXIT_UNEXPECTED = 70


GLOBAL_OPTIONS_WITH_VALUES = ("--config", "--db", "--sensors")


def with_default_command(argv: Sequence[str]) -> list[str]:
    """``grip-station --size 800x480`` means ``grip-station run --size 800x480``.

    The app is the default command, so its options work without naming it (as in
    ``./dev run --fullscreen``); global options before them stay global.
    """
    words = list(argv)
    index = 0
    while index < len(words) and words[index].startswith("-"):
        word = words[index]
        if word in ("-h", "--help"):
            return words
        if word in GLOBAL_OPTIONS_WITH_VALUES:
            index += 2
        elif word.split("=", 1)[0] in GLOBAL_OPTIONS_WITH_VALUES:
            index += 1
        else:
            break
    if index < len(words) and words[index] in COMMANDS:
        return words
    return [*words[:index], "run", *words[index:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; Ctrl-C or SIGTERM at any moment, even while the command line is
    still being read (a slow start on a Pi), ends it with one sentence."""
    try:
        return _run_command(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt as stop:
        print(f"grip-station: stopped {stopped_by(stop)}.", file=sys.stderr)
        return exit_status(stop)


def _run_command(argv: Sequence[str]) -> int:
    keep_numpy_out_of_sqlite_utils()
    from station.app.commandline import USER_ERRORS, build_parser  # noqa: PLC0415 - see above

    parser = build_parser()
    args = parser.parse_args(with_default_command(argv))
    # The app stops its frame loop on SIGTERM itself (station.app.launch); every other
    # command is stopped by it as by Ctrl-C.
    stoppable = nullcontext() if args.command == "run" else sigterm_interrupts()
    try:
        with stoppable:
            return int(args.handler(args) or 0)
    except USER_ERRORS as exc:
        print(f"grip-station: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_USER_ERROR)
    except Exception:  # the last line of defence: log it whole, say it short
        log = _write_crash_log()
        print(f"grip-station: unexpected error; details were saved to {log}", file=sys.stderr)
        return EXIT_UNEXPECTED


def keep_numpy_out_of_sqlite_utils() -> None:
    """sqlite-utils imports numpy whenever it is installed (matplotlib, for the therapist's
    charts, brings it): about 120 ms and 14 MB at every start, for number types the station
    never stores. Hide numpy during that one import; the charts still import it later."""
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment] - makes ``import numpy`` fail
    try:
        import sqlite_utils  # noqa: F401, PLC0415 - imported now, without numpy
    finally:
        del sys.modules["numpy"]


def _write_crash_log() -> str:
    folder = paths.data_dir() / "crash-logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        traceback.print_exc()
        return "standard error (the log folder is not writable)"
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
