"""CSV export of every record kind, and the one error for any output that cannot be written.

Every file gets its header even when it has no rows, so a spreadsheet template or a
script reading the folder never meets a missing column. Files are UTF-8 and written
beside their final name first, then moved into place: an export interrupted halfway
never leaves a truncated file that looks complete.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlite_utils import Database

from station.storage import EXPORT_COLUMNS, StorageError, export_rows

PARTIAL_SUFFIX = ".part"


class ExportError(StorageError):
    """An output folder or file cannot be written; the message says which and why."""


def ensure_folder(folder: Path, what: str) -> Path:
    """Create ``folder`` (and its parents) or refuse in one sentence naming ``what`` it is for."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; {what} needs a folder to go in.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"The folder {folder} cannot be created ({error.strerror}).") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"The folder {folder} is not writable.")
    return folder


def write_bytes(path: Path, data: bytes) -> None:
    """Write beside the final name, then move into place, so no half file ever shows."""
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ExportError(f"{path} cannot be written ({error.strerror}).") from None


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
        partial.unlink(missing_ok=True)
        raise ExportError(f"{path} cannot be written ({error.strerror}).") from None
    return count


def export_csv(db: Database, folder: Path, player_id: int | None = None) -> dict[Path, int]:
    """One CSV per record kind (players, assessments, sessions, reps): path -> row count."""
    ensure_folder(folder, "the CSV export")
    return {
        folder / f"{kind}.csv": write_csv(
            folder / f"{kind}.csv", columns, export_rows(db, kind, player_id)
        )
        for kind, columns in EXPORT_COLUMNS.items()
    }
