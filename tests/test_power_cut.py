"""A power cut mid-write: the database as the disk holds it at a random instant opens
intact, with every rep the app had reported as saved.

A child process commits a child's visits through the app's writer thread without pause
(sessions, reps with their 5 s traces, game scores), printing each rep's id only after
its commit returned. At random moments the test freezes it (SIGSTOP, so the files stand
still at that instant, mid-transaction or mid-checkpoint as it happens), reads every id
printed so far, copies the database and its -wal (and, every other time, its -shm: after
a cut the shared-memory index may be stale or gone), lets the writer go on, and opens
the copy. The copy is the files as the OS had them: torn WAL frames and a hot journal are
recovered as after a crash. Writes the OS had not yet put on the card are not modelled;
``synchronous=FULL`` is what makes a committed rep be on the card, and no test here can
pull the plug on the card itself.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station.storage import open_database

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs POSIX signals")

ROOT = Path(__file__).resolve().parents[1]
WRITER = """
import sys
from pathlib import Path
from station.storage import (
    Trace, add_player, end_session, open_database, record_game_score, record_rep, start_session,
)
from station.storage.writer import DatabaseWriter

path = Path(sys.argv[1])
db = open_database(path)
kim = add_player(db, nickname="Kim", avatar="owl", dominant_hand="right")
db.close()
writer = DatabaseWriter(path)
trace = Trace(
    tuple(i / 80 for i in range(400)), tuple(30 + (i * 7919 % 211) / 10 for i in range(400))
)
session = {}

def begin(db):
    session["id"] = start_session(db, kim.id).id

def rep(number):
    def job(db):
        done = record_rep(
            db, session["id"], set_no=1, rep_no=number, sensor="grip", hand="right",
            target_n=40.0, band_low_n=36.0, band_high_n=44.0, peak_n=40.0 + number,
            time_in_band_s=2.0, success=number % 3 != 0, game="balloon", trace=trace,
        )
        print(done.id, flush=True)
    return job

def end(db):
    record_game_score(db, session["id"], game="balloon", score=120, stars=2)
    end_session(db, session["id"])

while True:
    writer.submit(begin)
    for number in range(1, 9):
        writer.submit(rep(number))
    writer.submit(end)
    writer.flush()
"""
CUTS = 40
SEED = 20260312


def freeze(pid: int) -> None:
    """SIGSTOP, and wait until the process is really stopped (state T), not just signalled."""
    os.kill(pid, signal.SIGSTOP)
    deadline = time.monotonic() + 5
    stat = Path(f"/proc/{pid}/stat")
    while stat.read_text().rsplit(")", 1)[1].split()[0] not in ("T", "t"):
        assert time.monotonic() < deadline, "the writer did not stop"


class Printed:
    """The ids a process has printed so far, read without blocking."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        os.set_blocking(fd, False)
        self.ids: set[int] = set()
        self._partial = b""

    def read(self) -> set[int]:
        try:
            while chunk := os.read(self.fd, 65536):
                self._partial += chunk
        except BlockingIOError:
            pass
        *lines, self._partial = self._partial.split(b"\n")
        self.ids.update(int(line) for line in lines if line)
        return self.ids


def cut(path: Path, to: Path, *, with_shm: bool) -> Path:
    """The database's files as they stand, copied into ``to``."""
    to.mkdir()
    for suffix in ("", "-wal", *(["-shm"] if with_shm else [])):
        source = path.with_name(path.name + suffix)
        if source.exists():
            shutil.copyfile(source, to / (path.name + suffix))
    return to / path.name


def check(copy: Path, saved: set[int]) -> str | None:
    """What is wrong with the copy, or None: intact, every saved rep there with its trace."""
    with sqlite3.connect(copy) as raw:
        integrity = raw.execute("PRAGMA integrity_check").fetchall()
    raw.close()
    if integrity != [("ok",)]:
        return f"integrity check: {integrity}"
    db = open_database(copy)
    try:
        stored = {row[0] for row in db.execute("SELECT id FROM reps")}
        traced = {row[0] for row in db.execute("SELECT rep_id FROM rep_traces")}
    finally:
        db.close()
    missing = saved - stored
    if missing:
        return f"reps reported saved but missing: {sorted(missing)}"
    if stored - traced:
        return f"reps without their trace: {sorted(stored - traced)}"
    return None


@pytest.mark.realtime
def test_a_power_cut_at_random_moments_mid_write_loses_no_saved_rep(tmp_path):
    path = tmp_path / "station.db"
    rng = random.Random(SEED)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert writer.stdout is not None
    printed = Printed(writer.stdout.fileno())
    failures: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while not printed.read():
            assert writer.poll() is None, writer.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "the writer committed no rep in 30 s"
        for number in range(CUTS):
            time.sleep(rng.uniform(0.0, 0.05))  # a random moment of the write cycle
            freeze(writer.pid)
            saved = set(printed.read())  # every id printed before the stop was committed
            copy = cut(path, tmp_path / f"cut-{number}", with_shm=number % 2 == 0)
            os.kill(writer.pid, signal.SIGCONT)
            problem = check(copy, saved)
            if problem is not None:
                failures.append(f"cut {number} ({len(saved)} reps saved): {problem}")
    finally:
        writer.kill()
        writer.communicate()
    assert len(printed.ids) > CUTS, "the writer kept committing between the cuts"
    assert failures == []
