"""What systemd would see of the station: a notify socket, and the app started as a unit
starts it (its own folders, its own process group)."""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).parents[2]
APP = [sys.executable, "-m", "station.app.cli"]
"""The station's command line, as the unit's ExecStart runs it."""


class NotifyListener:
    """A ``$NOTIFY_SOCKET`` the app reports to; keeps the first line of each message."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(str(path))
        self.messages: list[str] = []

    def receive(self, within_s: float) -> bool:
        """Take one message if one comes within ``within_s``."""
        self._socket.settimeout(max(within_s, 0.001))
        try:
            self.messages.append(self._socket.recv(4096).decode().split("\n")[0])
        except TimeoutError:
            return False
        return True

    def wait_for(
        self, wanted: str, within_s: float, alive: Callable[[], bool] = lambda: True
    ) -> bool:
        """Until ``wanted`` has come, the time is up, or ``alive()`` says the app is gone."""
        deadline = time.monotonic() + within_s
        while wanted not in self.messages and alive():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.receive(min(left, 0.5))
        return wanted in self.messages

    def pings(self) -> int:
        return self.messages.count("WATCHDOG=1")

    def more_pings(self, count: int, within_s: float) -> bool:
        """At least ``count`` more watchdog pings arrive: the main loop is running."""
        wanted = self.pings() + count
        deadline = time.monotonic() + within_s
        while self.pings() < wanted and time.monotonic() < deadline:
            self.receive(min(0.5, max(0.0, deadline - time.monotonic())))
        return self.pings() >= wanted

    def close(self) -> None:
        self._socket.close()


def station_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a station started for a test: its own data and config folders,
    headless video and audio, and the notify socket ``folder / "notify.sock"``."""
    return {
        **os.environ,
        "NOTIFY_SOCKET": str(folder / "notify.sock"),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        **extra,
    }
