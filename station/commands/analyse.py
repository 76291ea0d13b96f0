"""``grip-station analyse FILE``: the efforts in a recording, as the station would see them.

Thin over ``station.console.efforts_report``. A ``t_s,force_n`` file is read as it is; a
``t_s,raw`` file (what the sampler logs, in HX711 counts) is turned into newtons by the
``--sensor``'s stored calibration, and refused with what to do when there is none. The
file is checked whole first, then streamed (never loaded), so its size is no limit: a
20-million-row file loaded whole took 2.9 GB, more than a Raspberry Pi has.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from hardware import COUNTS, GRIP, SENSOR_NAMES, RecordingFile, check_recording
from station.app.arguments import PathUse, check_path, path_text
from station.app.context import config_from, open_db
from station.app.errors import CommandError
from station.console.efforts_report import analyse, report_json, report_text
from station.storage import current_calibrations


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "analyse", help="the squeezes in a recorded force trace: peaks, durations, trend"
    )
    parser.add_argument(
        "file", type=path_text, metavar="FILE", help="a CSV recording: t_s,force_n (or t_s,raw)"
    )
    parser.add_argument(
        "--sensor",
        choices=SENSOR_NAMES,
        default=GRIP,
        help="the sensor it was recorded on (default: %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    recording = _read(path)
    rows = _newtons(args, path, recording)
    report = analyse(path.name, args.sensor, recording.duration_s, rows)
    print(json.dumps(report_json(report), indent=2) if args.json else report_text(report))
    return 0


def _read(path: Path) -> RecordingFile:
    """The recording checked, or a sentence saying why not (a bad line is named by it)."""
    check_path(path, PathUse.READ_FILE, "FILE")
    try:
        return check_recording(path)
    except OSError as error:
        raise CommandError(f"{path} cannot be read ({error.strerror}).") from None


def _newtons(
    args: argparse.Namespace, path: Path, recording: RecordingFile
) -> Callable[[], Iterator[tuple[float, float]]]:
    """A fresh read of (time, newtons) per call: the file's own, or its counts calibrated."""
    if recording.unit != COUNTS:
        return recording.rows
    db = open_db(args, config_from(args))
    calibration = current_calibrations(db).get(args.sensor)
    if calibration is None:
        raise CommandError(
            f"{path} holds raw HX711 counts (t_s,raw) and the {args.sensor} sensor has no "
            f"stored calibration to turn them into newtons: run 'grip-station calibrate "
            f"{args.sensor}' first, or give --sensor for the sensor it was recorded on."
        )
    return lambda: ((t_s, calibration.to_newtons(round(raw))) for t_s, raw in recording.rows())
