"""What a clinic meets: a locked database, a full disk, a read-only file or folder, a stranger.

Each fault is real: another process holds SQLite's write lock, a small tmpfs fills up (or
SQLite's own page limit refuses), a non-root process meets a read-only folder or file,
another program's SQLite file is given. Each is checked the way people meet it: the
sentence on the terminal and the exit code, a game that plays on, and that nothing saved
was lost or changed. The tests wait for events (the notice, the writer's warning), never
for time to pass.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hardware.frames import GRIP
from hardware.sim_sources import VirtualSqueezeSource
from station.app import cli, context, launch, sensors
from station.commands.play import EXIT_NOT_SAVED
from station.console.assess_runner import Pacing
from station.play import store
from station.play.session import Play
from station.storage import (
    DatabaseBusy,
    DiskFull,
    Patience,
    SessionSummary,
    add_player,
    find_player,
    guest_pain_stops,
    list_players,
    open_database,
    player_history,
    record_rep,
    session_reps,
    start_session,
)
from station.storage.faults import free_bytes
from station.storage.writer import DatabaseWriter
from tests.support.app import App
from tests.support.clinic import program_and_test
from tests.support.simclock import SimClock

HOLD_THE_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""
BUSY_NOTICE = "the database is busy (another program is writing): waiting"


class LockHolder:
    """Another program in the middle of a write: it holds the lock until told to stop."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_THE_LOCK, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None and self.process.stdin is not None
        assert self.process.stdout.readline() == "locked\n"

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("\n")
            self.process.stdin.close()
            assert self.process.wait(timeout=30) == 0


class WriterWarnings(logging.Handler):
    """The writer's warnings as they are logged, so a test can act on the first one."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.first = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        self.first.set()


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def writer_warnings():
    handler = WriterWarnings()
    logger = logging.getLogger("station.storage.writer")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture
def small_disk(tmp_path):
    """A 16 MB tmpfs of its own, to fill up for real; skipped where mounting is not allowed."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command to make a small disk (the page-limit test still runs)")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {made.stderr.strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk says it is full; delete it to make room again."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    assert free_bytes(disk) < 4096
    return filler


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def with_kim(path: Path) -> None:
    db = open_database(path)
    add_player(db, nickname="Kim", avatar="owl", dominant_hand="right")
    db.close()


def cli_run(path: Path, *argv: str) -> int:
    return cli.main(["--db", str(path), *argv])


def nicknames(path: Path) -> list[str]:
    db = open_database(path)
    try:
        return sorted(p.nickname for p in list_players(db))
    finally:
        db.close()


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return verdict


# -- a locked database ---------------------------------------------------------------------


def test_players_add_waits_out_another_programs_lock_with_a_notice(xdg, monkeypatch, capsys):
    path = xdg / "station.db"
    with_kim(path)
    holder = LockHolder(path)
    said: list[str] = []

    def notice(message: str) -> None:
        said.append(message)
        print(f"grip-station: {message}", file=sys.stderr)
        holder.release()  # the other program finishes only once the station said it waits

    monkeypatch.setattr(context, "COMMAND_PATIENCE", Patience(wait_s=60.0, slice_s=0.05))
    monkeypatch.setattr(context, "busy_notice", notice)
    try:
        code = cli_run(path, "players", "add", "Ann", "--hand", "left")
    finally:
        holder.release()
    err = capsys.readouterr().err
    assert code == 0, err
    assert len(said) == 1 and said[0].startswith(BUSY_NOTICE)
    assert nicknames(path) == ["Ann", "Kim"]


def test_players_add_gives_up_on_a_lock_that_stays_with_a_sentence_and_changes_nothing(
    xdg, monkeypatch, capsys
):
    path = xdg / "station.db"
    with_kim(path)
    monkeypatch.setattr(context, "COMMAND_PATIENCE", Patience(wait_s=0.3, slice_s=0.05))
    holder = LockHolder(path)
    try:
        code = cli_run(path, "players", "add", "Ann", "--hand", "left")
    finally:
        holder.release()
    err = capsys.readouterr().err
    assert code == DatabaseBusy.exit_code == 75
    assert BUSY_NOTICE in err
    assert f"The database {path} is busy" in err and "Nothing was changed" in err
    assert "Traceback" not in err and "SD card" not in err and "unexpected" not in err
    assert nicknames(path) == ["Kim"]
    assert integrity(path) == "ok"


def mia_at_the_balloon(folder: Path) -> tuple[App, Play, Path]:
    """Mia (four balloon reps in her program) has just started her game, autoplayed."""
    path = folder / "station.db"
    db = open_database(path)
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    program_and_test(db, mia, reps=4)
    db.close()
    app = App(folder, autoplay=True, player=mia)
    app.run_until(lambda: app.top_name == "BalloonScene", within_s=120)
    assert app.ctx.play is not None
    return app, app.ctx.play, path


def played_and_stored(balloon: Play, path: Path) -> tuple[list, list, SessionSummary]:
    """(set, rep, peak) of each rep the game reported, and of each in Mia's one session."""
    played = [(o.plan.set_no, o.plan.rep_no, o.record.peak_n) for o in balloon.recorder.outcomes]
    db = open_database(path)
    [session] = player_history(db, find_player(db, "Mia").id)
    stored = [(r.set_no, r.rep_no, r.peak_n) for r in session_reps(db, session.session_id)]
    db.close()
    return played, stored, session


def test_a_game_plays_on_through_a_lock_and_every_rep_lands_in_order(xdg, writer_warnings):
    """The issue's case: another program holds the lock while a child plays four reps."""
    app, balloon, path = mia_at_the_balloon(xdg)
    holder = LockHolder(path)
    try:
        slowest_s = 0.0
        while len(balloon.recorder.outcomes) < 4:
            started = time.perf_counter()
            app.frame()
            slowest_s = max(slowest_s, time.perf_counter() - started)
            assert app.frames < 60 * 600, "the balloon game never finished its four reps"
        assert writer_warnings.first.wait(30), "the writer never met the lock"
        assert slowest_s < 2.0, "a frame waited for the database"
        assert player_history(app.db, find_player(app.db, "Mia").id) == [], "nothing yet"
    finally:
        holder.release()
    app.close()  # the child leaves: the visit is saved as after an idle minute
    played, stored, session = played_and_stored(balloon, path)
    assert stored == played and len(played) == 4
    assert session.ended_at is not None and app.ctx.last_visit.save_failures == []
    [warning] = writer_warnings.messages
    assert "is busy" in warning and "wait in memory" in warning


def test_a_visit_that_ends_during_a_lock_saves_in_the_background_and_the_next_child_plays(
    xdg, writer_warnings
):
    app, balloon, path = mia_at_the_balloon(xdg)
    holder = LockHolder(path)
    try:
        app.run_until(lambda: len(balloon.recorder.outcomes) >= 2, within_s=600)
        assert writer_warnings.first.wait(30), "the writer never met the lock"
        app.ctx.end_visit()  # the child walks away, as the idle timeout would end it
        # Back while the lock is still held: the frame did not wait for it.
        assert app.ctx.saves.saving == 1, "the visit's writer waits out the lock on its own"
        app.ctx.begin_visit(None)  # a guest steps up at once
        app.run(2.0)
    finally:
        holder.release()
    app.close()
    played, stored, session = played_and_stored(balloon, path)
    assert stored == played and len(played) >= 2
    assert session.ended_at is not None and not session.interrupted
    assert app.ctx.saves.saving == 0 and app.ctx.last_visit.save_failures == []


def test_a_guest_s_pain_stop_during_a_lock_is_kept_and_the_screen_goes_on(xdg, writer_warnings):
    path = xdg / "station.db"
    open_database(path).close()
    app = App(xdg)
    app.ctx.begin_visit(None)
    holder = LockHolder(path)
    try:
        app.ctx.pain_stop("BalloonScene")
        assert app.ctx.saves.saving == 1, "back while the lock is held: the press did not wait"
    finally:
        holder.release()
    app.close()
    db = open_database(path)
    [stop] = guest_pain_stops(db)
    db.close()
    assert stop.scene == "BalloonScene" and stop.session_id is None


def adding(name: str):
    return lambda db: add_player(db, nickname=name, avatar="owl", dominant_hand="left")


def test_closing_gives_up_writes_still_held_and_names_each(tmp_path):
    path = tmp_path / "station.db"
    with_kim(path)
    holder = LockHolder(path)
    try:
        writer = DatabaseWriter(path, close_wait_s=0.3)
        for name in ("Ann", "Ben", "Cleo"):
            writer.submit(adding(name))
        failures = writer.close()
    finally:
        holder.release()
    assert len(failures) == 3
    assert all("not saved" in failure and "is busy" in failure for failure in failures)
    assert nicknames(path) == ["Kim"]


# -- a full disk ---------------------------------------------------------------------------


def test_a_full_disk_is_named_with_the_room_needed_and_reading_still_works(xdg, small_disk, capsys):
    path = small_disk / "station.db"
    with_kim(path)
    filler = fill(small_disk)
    before = snapshot(small_disk)
    for _ in range(2):  # the second try once said "damaged ... Restore a backup"
        assert cli_run(path, "players", "add", "Ann", "--hand", "left") == DiskFull.exit_code
        err = capsys.readouterr().err
        assert f"The disk holding {small_disk} is full: 0 bytes free" in err, err
        assert "needs at least 4.2 MB more" in err
        assert "not damaged" in err and "Restore" not in err and "Traceback" not in err
    assert cli_run(path, "players", "list") == 0
    out, err = capsys.readouterr()
    assert "Kim" in out and "is full" in err and "Reading it as it is" in err
    assert snapshot(small_disk) == before, "no -wal or -shm was left on the full disk"
    filler.unlink()
    assert cli_run(path, "players", "add", "Ann", "--hand", "left") == 0
    assert nicknames(path) == ["Ann", "Kim"]
    assert integrity(path) == "ok"


def test_a_game_on_a_disk_that_fills_up_keeps_its_reps_in_memory_until_there_is_room(
    xdg, small_disk, writer_warnings
):
    path = small_disk / "station.db"
    db = open_database(path)
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    program_and_test(db, mia)
    tests_before = list(db.query("SELECT * FROM trials ORDER BY id"))
    db.close()
    app = App(small_disk, autoplay=True, player=mia)
    app.run_until(lambda: app.top_name == "BalloonScene", within_s=120)
    balloon = app.ctx.play
    filler = fill(small_disk)
    app.run_until(lambda: len(balloon.recorder.outcomes) == 2, within_s=600)
    assert writer_warnings.first.wait(30), "the writer never met the full disk"
    assert player_history(app.db, mia.id) == []
    filler.unlink()
    app.close()
    played = [(o.plan.set_no, o.plan.rep_no, o.record.peak_n) for o in balloon.recorder.outcomes]
    db = open_database(path)  # not refused as damaged
    [session] = player_history(db, mia.id)
    stored = [(r.set_no, r.rep_no, r.peak_n) for r in session_reps(db, session.session_id)]
    assert list(db.query("SELECT * FROM trials ORDER BY id")) == tests_before
    db.close()
    assert stored == played and len(played) == 2
    assert session.ended_at is not None and app.ctx.last_visit.save_failures == []
    [warning] = writer_warnings.messages
    assert f"The disk holding {small_disk} is full" in warning and "wait in memory" in warning
    assert integrity(path) == "ok"


def test_sqlites_own_full_error_is_a_full_database_not_a_damaged_one(tmp_path):
    """SQLite's page limit returns the same SQLITE_FULL as a full disk, on any machine."""
    path = tmp_path / "station.db"
    db = open_database(path)
    kim = add_player(db, nickname="Kim", avatar="owl", dominant_hand="right")
    session = start_session(db, kim.id)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    rep = {"sensor": GRIP, "hand": "right", "target_n": 40.0, "band_low_n": 36.0}
    rep |= {"band_high_n": 44.0, "peak_n": 41.0, "time_in_band_s": 2.0, "success": True}
    with pytest.raises(DiskFull) as full:
        for rep_no in range(1, 10_000):
            record_rep(db, session.id, set_no=1, rep_no=rep_no, **rep)
    db.close()
    message = str(full.value)
    assert "full (database or disk is full)" in message and "size limit" in message
    assert "not damaged" in message and "Restore" not in message
    db = open_database(path)
    assert len(session_reps(db, session.id)) == rep_no - 1
    db.close()
    assert integrity(path) == "ok"


# -- read-only -----------------------------------------------------------------------------


def unprivileged() -> list[str]:
    """A prefix that runs a command without root's power over file modes, or skip.

    Root ignores file modes, so as root the command runs in a user namespace as uid
    1000: files still open as their owner's, but modes are obeyed.
    """
    if os.geteuid() != 0:
        return []
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    if shutil.which("unshare") is None:
        pytest.skip("running as root, and no unshare to drop root's power over file modes")
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"running as root, and user namespaces are refused: {probe.stderr.strip()}")
    return prefix


def sqlite_may_write(prefix: list[str], folder: Path) -> bool:
    """Whether SQLite, run with ``prefix``, could still create a database in ``folder``."""
    probe = "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('CREATE TABLE t (x)')"
    target = folder / "probe.db"
    done = subprocess.run(
        [*prefix, sys.executable, "-c", probe, str(target)], capture_output=True, check=False
    )
    target.unlink(missing_ok=True)
    return done.returncode == 0


def station(prefix: list[str], home: Path, path: Path, *argv: str) -> subprocess.CompletedProcess:
    """``grip-station --db path ARGV`` in a process of its own, as ``prefix`` runs it."""
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "cfg")}
    code = "import sys; from station.app.cli import main; sys.exit(main())"
    return subprocess.run(
        [*prefix, sys.executable, "-c", code, "--db", str(path), *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("made_read_only", ["folder", "file"])
def test_read_only_refuses_play_before_it_starts_and_still_lets_the_therapist_read(
    tmp_path, made_read_only
):
    prefix = unprivileged()
    folder = tmp_path / "clinic"
    folder.mkdir()
    path = folder / "station.db"
    with_kim(path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    target = folder if made_read_only == "folder" else path
    target.chmod(0o555 if made_read_only == "folder" else 0o444)
    scratch.chmod(0o555)
    try:
        if sqlite_may_write(prefix, scratch):
            pytest.skip("this process can write a read-only folder (root's power survives)")
        before = snapshot(folder)
        for refused in (
            ["--sensors", "virtual", "run", "--autoplay", "--guest", "--seconds", "1"],
            ["--sensors", "virtual", "play", "balloon", "--player", "Kim", "--autoplay"],
            ["players", "add", "Ann", "--hand", "left"],
        ):
            done = station(prefix, tmp_path, path, *refused)
            assert done.returncode == 77, done.stderr
            assert f"The database {path} cannot be written" in done.stderr
            assert "play cannot start" in done.stderr and "chown" in done.stderr
            assert str(folder) in done.stderr and "Traceback" not in done.stderr
        for reading in (["players", "list"], ["history", "Kim"]):
            done = station(prefix, tmp_path, path, *reading)
            assert done.returncode == 0, done.stderr
            assert "Kim" in done.stdout and "Reading it as it is" in done.stderr
        out = tmp_path / "export"
        done = station(prefix, tmp_path, path, "export", "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert "Kim" in (out / "players.csv").read_text(encoding="utf-8")
        assert snapshot(folder) == before, "nothing was written, not even a -wal or -shm"
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    assert nicknames(path) == ["Kim"]


# -- a foreign SQLite file -----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [["players", "list"], ["players", "add", "Ann", "--hand", "left"]], ids=["read", "add"]
)
def test_another_programs_database_is_named_as_not_ours_and_left_as_it_was(xdg, capsys, argv):
    path = xdg / "photos.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photos (name) VALUES ('beach.jpg')")
    conn.close()
    before = snapshot(xdg)
    assert cli_run(path, *argv) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert f"{path} is not a grip-station database" in err and "photos" in err
    assert "damaged" not in err and "backup" not in err
    assert snapshot(xdg) == before


def test_play_says_what_was_lost_and_fails_when_a_lock_outlasts_the_visit(xdg, monkeypatch, capsys):
    """A therapist at the terminal must not read a visit as stored when it is not."""
    sim = SimClock()
    monkeypatch.setattr(
        sensors, "VirtualSqueezeSource", functools.partial(VirtualSqueezeSource, clock=sim)
    )
    monkeypatch.setattr(launch, "REAL_TIME", Pacing(clock=sim, sleep=sim.sleep))
    monkeypatch.setattr(store, "CLOSE_WAIT_S", 0.5)
    path = xdg / "station.db"
    with_kim(path)
    holder = LockHolder(path)
    try:
        argv = ["--db", str(path), "--sensors", "virtual", "play", "balloon", "--player", "Kim"]
        code = cli.main([*argv, "--autoplay", "--seed", "3", "--size", "320x240"])
    finally:
        holder.release()
    out = capsys.readouterr().out
    assert code == EXIT_NOT_SAVED != 0
    assert "NOT SAVED" in out and "is busy" in out and "Stored for" not in out
    db = open_database(path)
    assert player_history(db, find_player(db, "Kim").id) == [], "and indeed nothing was"
    db.close()
