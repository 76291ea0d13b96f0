"""SIGKILL during a therapy session must never lose a finished rep or damage the file.

A child process plays an endless session: it commits reps (each with a 5 s trace) and
prints each rep id only after its commit returned. The test kills it with SIGKILL at a
random point, many times over the same file, then checks the file and that every
reported rep (and its trace) is there. Note: SIGKILL tests the transaction logic; a
power cut additionally relies on synchronous=FULL, which no test here can pull the
plug on.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from station.storage import open_database, rep_trace

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

WRITER = """
import sys
from station.storage import (
    Trace, add_player, end_session, find_player, open_database, record_rep, start_session,
)

db = open_database(sys.argv[1])
player = find_player(db, "Kim") or add_player(
    db, nickname="Kim", avatar="owl", dominant_hand="right"
)
trace = Trace(
    tuple(i / 80 for i in range(400)), tuple(30.0 + (i * 7919 % 211) / 10 for i in range(400))
)
rep_no = 0
while True:
    session = start_session(db, player.id)
    for rep_no in range(1, 11):
        rep = record_rep(
            db, session.id, set_no=1, rep_no=rep_no, sensor="grip", hand="right",
            target_n=40.0, band_low_n=36.0, band_high_n=44.0, peak_n=50.0 + rep_no,
            time_in_band_s=2.0, success=rep_no % 3 != 0, trace=trace,
        )
        print(rep.id, flush=True)
    end_session(db, session.id)
"""
RUNS = 24


def test_sigkill_at_random_moments_keeps_every_committed_rep(tmp_path):
    path = tmp_path / "station.db"
    rng = random.Random(20250301)
    reported: set[int] = set()
    for _ in range(RUNS):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        wanted = rng.randint(1, 25)
        for _ in range(wanted):
            line = child.stdout.readline()
            if not line:
                break
            reported.add(int(line))
        # A random extra delay moves the kill to any point of the write cycle.
        time.sleep(rng.uniform(0, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        rest, errors = child.communicate()
        assert child.returncode == -signal.SIGKILL, errors
        reported.update(int(line) for line in rest.splitlines(keepends=True) if line.endswith("\n"))

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    db = open_database(path)
    stored = {row[0] for row in db.execute("SELECT id FROM reps")}
    assert reported, "the writer never finished a rep"
    assert reported <= stored
    missing_traces = db.execute(
        "SELECT count(*) FROM reps LEFT JOIN rep_traces ON rep_id = id WHERE rep_id IS NULL"
    ).fetchone()[0]
    assert missing_traces == 0
    assert len(rep_trace(db, max(reported)) or ()) == 400
    db.close()
