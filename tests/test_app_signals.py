"""Signals reach the station as systemd and a terminal send them: it stops cleanly, and
its sampler never outlives it or prints a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.notify import APP, ROOT, NotifyListener, station_env
from tests.support.processes import alive, children_of

pytestmark = pytest.mark.realtime


class Station:
    """``grip-station run --kiosk`` on emulated chips, in its own process group."""

    def __init__(self, tmp_path: Path) -> None:
        self.notify = NotifyListener(tmp_path / "notify.sock")
        self.process = subprocess.Popen(
            [*APP, "--sensors", "emulated", "run", "--kiosk"],
            cwd=ROOT,
            env=station_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert self.notify.wait_for("READY=1", 60, lambda: self.process.poll() is None)
        self.sampler = self._sampler()

    def _sampler(self) -> int:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            spawned = [
                pid
                for pid, cmdline in children_of(self.process.pid).items()
                if "spawn_main" in cmdline
            ]
            if spawned:
                return spawned[0]
            time.sleep(0.05)
        raise AssertionError("the app started no sampler process")

    def finish(self) -> tuple[int, str]:
        try:
            _, stderr = self.process.communicate(timeout=20)
        finally:
            while self.notify.receive(within_s=0.01):
                pass  # what it said before it ended
            self.notify.close()
        return self.process.returncode, stderr


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not alive(pid)


def test_sigterm_stops_the_kiosk_cleanly_and_says_so_to_systemd(tmp_path):
    station = Station(tmp_path)
    station.process.send_signal(signal.SIGTERM)
    code, stderr = station.finish()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert "leaked semaphore" not in stderr
    assert gone_within(station.sampler, 2)
    assert station.notify.messages[-1] == "STOPPING=1"


def test_ctrl_c_in_the_terminal_prints_no_sampler_traceback(tmp_path):
    station = Station(tmp_path)
    os.killpg(station.process.pid, signal.SIGINT)  # what a terminal sends the whole group
    _, stderr = station.finish()
    assert "grip-sampler" not in stderr
    assert gone_within(station.sampler, 2)


def test_a_killed_app_takes_its_sampler_with_it(tmp_path):
    station = Station(tmp_path)
    station.process.kill()
    station.finish()
    assert gone_within(station.sampler, 0.5), "the sampler died with its parent"
