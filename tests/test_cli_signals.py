"""SIGTERM stops a terminal command as Ctrl-C does: the sensors are closed, the sampler
goes with the command, a max-force test stores that it was interrupted, and the person (or
the service manager) reads one sentence and exit status 143; Ctrl-C says so too, with 130.

The commands run as a terminal or ``kill`` would meet them: a real process of their own,
on emulated chips (so a real sampler process), each line read as it is written.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from station.app.cli import main
from station.storage import STOP_INTERRUPTED, list_players, newest_assessment, open_database
from tests.support.notify import APP, ROOT, station_env
from tests.support.processes import alive, children_of

pytestmark = pytest.mark.realtime

TERMINATED = "grip-station: stopped by SIGTERM."
INTERRUPTED = "grip-station: stopped with Ctrl-C."


class Command:
    """``grip-station --db DB ARGS`` in its own process group, its output read as it comes."""

    def __init__(self, db_path: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [*APP, "--db", str(db_path), *args],
            cwd=ROOT,
            env=station_env(db_path.parent),
            stdin=subprocess.PIPE,  # open and silent: a prompt waits, as at a terminal
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
            start_new_session=True,
        )
        self.out = ""

    def wait_for(self, text: str) -> None:
        """Read standard output until ``text`` has been written (a prompt has no newline)."""
        assert self.process.stdout is not None
        while text not in self.out:
            chunk = os.read(self.process.stdout.fileno(), 4096)
            assert chunk, f"the command ended before it wrote {text!r}:\n{self.out}"
            self.out += chunk.decode()

    def sampler(self) -> int:
        """The sampler process (spawned by multiprocessing) under the command."""
        [pid] = [pid for pid, line in children_of(self.process.pid).items() if "spawn_main" in line]
        return pid

    def finish(self) -> tuple[int, str]:
        """The exit status and standard error, once the command (and all it started) ended."""
        out, err = self.process.communicate(timeout=30)
        self.out += out.decode()
        return self.process.returncode, err.decode()


@pytest.fixture
def db_path(mia_station):
    return mia_station


def test_sigterm_stops_live_cleanly_and_its_sampler_with_it(db_path):
    live = Command(db_path, "--sensors", "emulated", "live")
    live.wait_for(" ok ")  # a sensor reads ok: words come from the sampler process
    sampler = live.sampler()
    live.process.send_signal(signal.SIGTERM)
    code, err = live.finish()
    assert code == 128 + signal.SIGTERM
    assert "Traceback" not in err and "leaked semaphore" not in err
    assert err.splitlines() == [TERMINATED]
    assert not alive(sampler), "the sampler outlived the command"


def test_sigterm_during_a_max_force_test_stores_it_as_interrupted(db_path):
    assess = Command(db_path, "--sensors", "emulated", "assess", "Mia", "--sensor", "grip", "--yes")
    assess.wait_for("[#")  # the first squeeze shows force: the sampler sends its words
    sampler = assess.sampler()
    assess.process.send_signal(signal.SIGTERM)
    code, err = assess.finish()
    assert code == 128 + signal.SIGTERM
    assert "Traceback" not in err and "leaked semaphore" not in err
    assert err.splitlines() == [TERMINATED]
    assert "Test stopped by SIGTERM. Trials finished so far are kept." in assess.out
    assert not alive(sampler), "the sampler outlived the command"
    db = open_database(db_path)
    try:
        test = newest_assessment(db, 1)
        assert test is not None and test.stop_reason == STOP_INTERRUPTED
    finally:
        db.close()


def test_ctrl_c_at_the_delete_confirmation_says_it_stopped_and_deletes_nothing(db_path):
    delete = Command(db_path, "players", "delete", "Mia")
    delete.wait_for("to confirm: ")
    os.killpg(delete.process.pid, signal.SIGINT)  # what a terminal sends the whole group
    code, err = delete.finish()
    assert code == 128 + signal.SIGINT
    assert err.splitlines() == [INTERRUPTED]
    assert delete.out.endswith("to confirm: \n")  # the sentence starts on a line of its own
    db = open_database(db_path)
    try:
        assert [player.nickname for player in list_players(db)] == ["Mia"]
    finally:
        db.close()


def test_sigterm_at_a_prompt_is_the_same_clean_stop(db_path):
    delete = Command(db_path, "players", "delete", "Mia")
    delete.wait_for("to confirm: ")
    delete.process.send_signal(signal.SIGTERM)
    code, err = delete.finish()
    assert code == 128 + signal.SIGTERM
    assert err.splitlines() == [TERMINATED]


def test_ctrl_c_while_the_command_line_is_still_being_read_is_one_sentence(monkeypatch, capsys):
    """On a Pi the start takes a while; a Ctrl-C then landed in an import, with a traceback."""
    from station.app import commandline  # noqa: PLC0415 - the module the start is reading

    def interrupted_start():
        raise KeyboardInterrupt

    monkeypatch.setattr(commandline, "build_parser", interrupted_start)
    assert main(["players", "list"]) == 130
    assert capsys.readouterr().err == INTERRUPTED + "\n"


def test_ctrl_c_in_the_doctor_s_stall_probe_ends_the_probe_quietly(capfd):
    """A terminal's Ctrl-C reaches the doctor and its probe process alike."""
    from hardware.stalls import measure_stalls  # noqa: PLC0415

    def spawned() -> set[int]:
        return {
            pid
            for pid, cmd in children_of(os.getpid()).items()
            if "multiprocessing.spawn" in cmd and "resource_tracker" not in cmd
        }

    before = spawned()

    def ctrl_c_to_the_group(_signum, _frame):
        for pid in spawned() - before:
            os.kill(pid, signal.SIGINT)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, ctrl_c_to_the_group)
    signal.setitimer(signal.ITIMER_REAL, 1.0)  # a second into a ten-second probe
    try:
        with pytest.raises(KeyboardInterrupt):
            measure_stalls(10.0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert spawned() - before == set(), "the probe went with the doctor"
    assert "Traceback" not in capfd.readouterr().err
