"""The kiosk tells systemd it is up (READY=1) and alive (WATCHDOG=1), over a real socket."""

from __future__ import annotations

import socket
import subprocess
import uuid

import pytest

from station.app.notify import SystemdNotifier
from tests.support.notify import APP, ROOT, NotifyListener, station_env


class Clock:
    def __init__(self) -> None:
        self.ns = 0

    def __call__(self) -> int:
        return self.ns


@pytest.fixture
def listener(tmp_path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.setblocking(False)
    yield path, sock
    sock.close()


def received(sock: socket.socket) -> list[str]:
    messages = []
    while True:
        try:
            messages.append(sock.recv(4096).decode())
        except BlockingIOError:
            return messages


def test_ready_is_sent_once_after_the_first_frame_and_pings_follow_at_a_quarter_timeout(
    listener,
):
    path, sock = listener
    clock = Clock()
    notifier = SystemdNotifier(clock, {"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "8000000"})
    for _ in range(600):  # 10 s of frames at 60 fps
        notifier.frame_shown()
        clock.ns += 16_666_667
    messages = received(sock)
    assert messages[0].startswith("READY=1\n")
    assert sum(m.startswith("READY=1") for m in messages) == 1
    pings = messages.count("WATCHDOG=1")
    assert pings == 5, "every 2 s (a quarter of the 8 s timeout), from the first frame"


def test_no_watchdog_asked_means_no_pings(listener):
    path, sock = listener
    notifier = SystemdNotifier(Clock(), {"NOTIFY_SOCKET": str(path)})
    notifier.frame_shown()
    notifier.frame_shown()
    assert received(sock) == ["READY=1\nSTATUS=Showing the attract screen"]


def test_an_abstract_socket_name_is_reached_too():
    name = f"grip-station-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(b"\0" + name.encode())
        sock.settimeout(2)
        SystemdNotifier(Clock(), {"NOTIFY_SOCKET": f"@{name}"}).frame_shown()
        assert sock.recv(4096).startswith(b"READY=1")


def test_outside_systemd_nothing_is_sent_and_nothing_fails():
    notifier = SystemdNotifier(Clock(), {})
    assert not notifier.active
    notifier.frame_shown()
    notifier.stopping()


def test_a_vanished_socket_is_logged_and_the_app_goes_on(tmp_path, caplog):
    notifier = SystemdNotifier(Clock(), {"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    notifier.frame_shown()
    assert "systemd notify (READY=1) failed" in caplog.text


def test_the_real_app_in_kiosk_mode_says_ready_then_pings_then_stopping(tmp_path):
    notify = NotifyListener(tmp_path / "notify.sock")
    done = subprocess.run(
        [*APP, "--sensors", "virtual", "run", "--kiosk", "--seconds", "2"],
        env=station_env(tmp_path, WATCHDOG_USEC="2000000"),
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    while notify.receive(within_s=0.01):
        pass
    notify.close()
    assert notify.messages[0].startswith("READY=1")
    assert notify.pings() >= 3, "pings every 0.5 s over 2 s of frames"
    assert notify.messages[-1] == "STOPPING=1"
