"""``grip-station export``: players, assessments, sessions and reps as CSV files.

Every file gets its header even when it has no rows, so a spreadsheet template or a
script reading the folder never meets a missing column. Files are UTF-8 and written
beside their final name first, then moved into place: an export interrupted halfway
never leaves a truncated file that looks complete.
"""

from __future__ import annotations

import argparse
import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from station.app.context import config_from, open_db
from station.commands.players import resolve_player
from station.storage import EXPORT_COLUMNS, StorageError, export_rows

PARTIAL_SUFFIX = ".part"


class ExportError(StorageError):
    """The export folder or a file in it cannot be written; the message says which."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write players, assessments, sessions and reps as CSV files"
    )
    parser.add_argument(
        "--player", default=None, help="nickname or player number (default: everyone)"
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the CSV files")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    player = None if args.player is None else resolve_player(db, args.player)
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; --out needs a folder for the CSV files.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"The folder {out} cannot be created ({error.strerror}).") from None
    written = []
    for kind, columns in EXPORT_COLUMNS.items():
        path = out / f"{kind}.csv"
        rows = export_rows(db, kind, None if player is None else player.id)
        written.append(f"{path.name} ({write_csv(path, columns, rows)} rows)")
    who = "everyone" if player is None else f"{player.nickname} (player {player.id})"
    print(f"Exported {who} to {out}: {', '.join(written)}.")
    return 0


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict]) -> int:
    """Write the header and rows; return the number of rows."""
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    count = 0
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
                count += 1
        os.replace(partial, path)
    except OSError as error:
        raise ExportError(f"{path} cannot be written ({error.strerror}).") from None
    return count
