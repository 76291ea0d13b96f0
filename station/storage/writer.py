"""Database writes on their own thread, so a game frame never waits for an fsync.

With ``synchronous=FULL`` every commit waits for the SD card; that can take tens of
milliseconds on a Pi, which would freeze a game exactly when a rep ends. Jobs still run
one at a time, in order, each in its own transaction: a power cut loses at most the rep
finished in the last few milliseconds, and the database is never left half-written.

A write that cannot happen now (another program holds the lock, the disk is full, the
file turned read-only) is never dropped: it stays at the head of the queue, the jobs
after it wait behind it in memory, one warning is logged, and it is tried again until it
lands. The child plays on meanwhile. Only closing gives up, after ``close_wait_s``: the
kiosk's watchdog would end an app whose frame loop stood still much longer.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from station.storage import CannotWriteNow, DatabaseBusy, StorageError, open_database
from station.storage.connection import Patience

Job = Callable[[Database], object]

log = logging.getLogger(__name__)

WRITER_PATIENCE = Patience(wait_s=0.25, slice_s=0.25)
"""One short wait per try: the writer tries again itself, so it can stop when told."""
RETRY_S = 1.0
"""Pause between tries at a full or read-only disk (a lock is waited out by SQLite)."""
SETTLE_POLL_S = 0.02
"""How often ``settle`` looks whether a write is held back (one frame's worth of wait)."""
CLOSE_WAIT_S = 10.0
"""How long closing waits for writes held back: under the kiosk watchdog's 15 s."""


class DatabaseWriter:
    """A writer thread with its own connection; ``close`` waits for every job."""

    def __init__(
        self, path: Path, *, retry_s: float = RETRY_S, close_wait_s: float = CLOSE_WAIT_S
    ) -> None:
        self._path = path
        self._retry_s = retry_s
        self._close_wait_s = close_wait_s
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._failures: list[str] = []
        self._closed = False
        self._db: Database | None = None
        self._unusable = False
        self._held: CannotWriteNow | None = None
        """Why the job at the head of the queue waits; None while writes land."""
        self._give_up = threading.Event()
        self._thread = threading.Thread(target=self._run, name="db-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        if self._closed:
            raise RuntimeError("the database writer is closed")
        self._jobs.put(job)

    def flush(self) -> None:
        """Wait until every job submitted so far has been committed (or has failed)."""
        self._jobs.join()

    def close_soon(self) -> None:
        """Take no more jobs; the thread writes what is queued, then stops. Never blocks."""
        if not self._closed:
            self._closed = True
            self._jobs.put(None)

    @property
    def done(self) -> bool:
        """Every job has landed or failed, and the thread has stopped."""
        return self._closed and not self._thread.is_alive()

    def settle(self) -> bool:
        """After ``close_soon``: wait while the writes land, but not once one is held back
        (a lock, a full disk). True if all is done; False: it goes on in the background."""
        while self._thread.is_alive():
            if self._held is not None:
                return False
            self._thread.join(SETTLE_POLL_S)
        return True

    def close(self, wait_s: float | None = None) -> list[str]:
        """Finish every queued job, stop the thread, and say what could not be saved.

        Writes held back for longer than ``wait_s`` (default ``close_wait_s``) are given
        up, each one named.
        """
        self.close_soon()
        self._thread.join(self._close_wait_s if wait_s is None else max(0.0, wait_s))
        if self._thread.is_alive():
            self._give_up.set()
            self._thread.join()
        return list(self._failures)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                self._write(job)
            finally:
                self._jobs.task_done()
        self._jobs.task_done()
        if self._db is not None:
            self._db.close()

    def _write(self, job: Job) -> None:
        """Run ``job`` until it lands, fails for good, or closing gives it up."""
        while True:
            if self._give_up.is_set() and self._held is not None:
                self._failures.append(f"not saved before the station stopped waiting: {self._held}")
                return
            try:
                db = self._connection()
                if db is not None:
                    job(db)
            except CannotWriteNow as error:
                self._hold(error)
                if not isinstance(error, DatabaseBusy):
                    self._give_up.wait(self._retry_s)
                continue
            except Exception as error:  # a refused record must not end the child's game
                log.exception("a database write failed")
                self._failures.append(f"{type(error).__name__}: {error}")
            if self._held is not None:
                log.info("the database %s takes writes again; the held ones follow", self._path)
                self._held = None
            return

    def _connection(self) -> Database | None:
        """The writer's connection, opened at the first job; None if the file is unusable."""
        if self._db is None and not self._unusable:
            try:
                self._db = open_database(self._path, patience=WRITER_PATIENCE)
            except CannotWriteNow:
                raise
            except StorageError as error:  # damaged or foreign: every write would fail
                self._unusable = True
                self._failures.append(str(error))
        return self._db

    def _hold(self, error: CannotWriteNow) -> None:
        """Warn once per cause that writes wait in memory."""
        if type(error) is not type(self._held):
            log.warning(
                "%s Meanwhile the visit's records wait in memory and are written as soon as "
                "the database takes them.",
                error,
            )
        self._held = error
