"""Database writes on their own thread, so a game frame never waits for an fsync.

With ``synchronous=FULL`` every commit waits for the SD card; that can take tens of
milliseconds on a Pi, which would freeze a game exactly when a rep ends. Jobs still run
one at a time, in order, each in its own transaction: a power cut loses at most the rep
finished in the last few milliseconds, and the database is never left half-written.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from station.storage import StorageError, open_database

Job = Callable[[Database], object]

log = logging.getLogger(__name__)


class DatabaseWriter:
    """A writer thread with its own connection; ``close`` waits for every job."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._failures: list[str] = []
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="db-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        if self._closed:
            raise RuntimeError("the database writer is closed")
        self._jobs.put(job)

    def flush(self) -> None:
        """Wait until every job submitted so far has been committed (or has failed)."""
        self._jobs.join()

    def close(self) -> list[str]:
        """Finish every queued job, stop the thread, and say what could not be saved."""
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
            self._thread.join()
        return list(self._failures)

    def _run(self) -> None:
        db: Database | None = None
        try:
            db = open_database(self._path)
        except StorageError as error:
            self._failures.append(str(error))
        while (job := self._jobs.get()) is not None:
            try:
                if db is not None:
                    job(db)
            except Exception as error:  # a full card must not end the child's game
                log.exception("a database write failed")
                self._failures.append(f"{type(error).__name__}: {error}")
            finally:
                self._jobs.task_done()
        self._jobs.task_done()
        if db is not None:
            db.close()
