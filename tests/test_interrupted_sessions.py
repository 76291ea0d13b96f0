"""A session cut off by a kill or a power cut is closed as interrupted at the next start,
with its reps kept; one whose process still runs (here or on another station) is not."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from station.app.cli import main
from station.storage import (
    add_player,
    close_interrupted_sessions,
    end_session,
    get_session,
    open_database,
    open_read_only,
    player_history,
    session_reps,
    start_session,
    this_process_tag,
)
from station.storage.owners import Owner, is_gone, this_process
from tests.bench.bench_app import headless_env
from tests.support.clinic import a_rep

ROOT = Path(__file__).resolve().parents[1]
DAY = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "station.db"


def rep(db, session_id: int, number: int, at: datetime) -> None:
    a_rep(db, session_id, rep_no=number, peak_n=41.0 + number, at=at)


def finished_process_tag() -> str:
    """The owner tag of a process that has ended (as a killed app's would be)."""
    child = subprocess.run(
        [sys.executable, "-c", "from station.storage import this_process_tag as t; print(t())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return child.stdout.strip()


# -- who owns a session ----------------------------------------------------------------


def test_this_process_is_running_and_an_ended_one_is_gone():
    assert not is_gone(this_process_tag())
    assert is_gone(finished_process_tag())


def test_a_reused_pid_or_a_reboot_means_the_owner_is_gone():
    here = this_process()
    assert is_gone(Owner(here.host, here.boot, here.pid, "1").tag()), "same pid, started earlier"
    assert is_gone(Owner(here.host, "another-boot", here.pid, here.start).tag())


def test_another_station_s_session_is_never_judged_here():
    here = this_process()
    assert not is_gone(Owner("the-other-station", "b", 1, "1").tag())
    assert not is_gone(Owner("the-other-station", here.boot, here.pid, here.start).tag())


def test_a_session_from_before_owners_were_kept_counts_as_gone():
    assert is_gone("")


# -- closing them ------------------------------------------------------------------------


def test_a_cut_off_session_ends_at_its_last_rep_keeping_every_rep(db_path):
    db = open_database(db_path)
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    cut = start_session(db, mia.id, at=DAY, owner=finished_process_tag())
    for number in (1, 2, 3):
        rep(db, cut.id, number, DAY + timedelta(minutes=number))
    empty = start_session(db, mia.id, at=DAY + timedelta(hours=1), owner=finished_process_tag())
    live = start_session(db, mia.id, at=DAY + timedelta(hours=2), owner=this_process_tag())
    done = start_session(db, mia.id, at=DAY + timedelta(hours=3), owner=finished_process_tag())
    end_session(db, done.id, at=DAY + timedelta(hours=3, minutes=5))

    closed = close_interrupted_sessions(db)

    assert sorted(session.id for session in closed) == [cut.id, empty.id]
    cut_now = get_session(db, cut.id)
    assert cut_now.interrupted and cut_now.ended_at == DAY + timedelta(minutes=3)
    assert [r.rep_no for r in session_reps(db, cut.id)] == [1, 2, 3]
    assert get_session(db, empty.id).ended_at == DAY + timedelta(hours=1), "ends at its start"
    assert get_session(db, live.id).ended_at is None, "a running app's session is left open"
    assert not get_session(db, done.id).interrupted
    rep(db, live.id, 1, DAY + timedelta(hours=2, minutes=1))  # and it can go on
    assert close_interrupted_sessions(db) == [], "a second start finds nothing to close"
    db.close()


KILLED_MID_SESSION = """
import os, signal, sys
from station.storage import add_player, open_database, record_rep, start_session
from station.storage import this_process_tag
db = open_database(sys.argv[1])
mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
session = start_session(db, mia.id, owner=this_process_tag())
for number in (1, 2):
    record_rep(db, session.id, set_no=1, rep_no=number, sensor="grip", hand="right",
               target_n=40, band_low_n=30, band_high_n=50, peak_n=45, time_in_band_s=2,
               success=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_next_start_of_the_station_closes_a_session_cut_off_by_a_kill(db_path, capsys):
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MID_SESSION, str(db_path)], cwd=ROOT, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    assert main(["--db", str(db_path), "history", "Mia"]) == 0
    assert "not finished" in capsys.readouterr().out

    app = [sys.executable, "-m", "station.app.cli", "--db", str(db_path), "--sensors", "virtual"]
    started = subprocess.run(
        [*app, "run", "--seconds", "0.5"],
        cwd=ROOT,
        env=headless_env(db_path.parent),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr

    assert main(["--db", str(db_path), "history", "Mia"]) == 0
    shown = capsys.readouterr().out
    assert "interrupted" in shown and "not finished" not in shown
    db = open_database(db_path)
    [session] = player_history(db, 1)
    assert session.reps == 2 and session.interrupted
    db.close()


def test_a_station_that_cannot_write_now_leaves_them_for_the_next_start(db_path, caplog):
    from station.app.launch import close_cut_off_sessions  # noqa: PLC0415 - the app's side

    db = open_database(db_path)
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    cut = start_session(db, mia.id, owner=finished_process_tag())
    db.close()
    read_only = open_read_only(db_path)  # as a read-only disk or file would make it
    close_cut_off_sessions(read_only)
    read_only.close()
    assert "stay open for now" in caplog.text
    db = open_database(db_path)
    assert get_session(db, cut.id).ended_at is None
    db.close()
