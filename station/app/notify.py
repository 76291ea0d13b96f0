"""Tell systemd the app is up and alive, over ``$NOTIFY_SOCKET`` (sd_notify(3), no library).

The kiosk unit is ``Type=notify`` with a watchdog: READY=1 goes once the first frame is
on the screen, WATCHDOG=1 from the main loop. A loop that hangs stops the pings, and
systemd kills and restarts the unit. Outside systemd there is no socket and every call
does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping

_log = logging.getLogger(__name__)
PINGS_PER_TIMEOUT = 4
"""Ping this many times per watchdog timeout: one late frame never looks like a hang."""


def _address(name: str) -> str | bytes:
    """A path, or an abstract socket when the name starts with '@' (systemd uses both)."""
    return b"\0" + name[1:].encode() if name.startswith("@") else name


class SystemdNotifier:
    """READY=1 once, WATCHDOG=1 at a quarter of ``$WATCHDOG_USEC``, STOPPING=1 at the end."""

    def __init__(
        self, clock_ns: Callable[[], int], environ: Mapping[str, str] | None = None
    ) -> None:
        environ = os.environ if environ is None else environ
        self._clock_ns = clock_ns
        self._socket_name = environ.get("NOTIFY_SOCKET", "")
        watchdog_us = int(environ.get("WATCHDOG_USEC", "0") or 0)
        # Under cage, WATCHDOG_PID names the compositor (the unit's main process), and
        # the unit says NotifyAccess=all: the pings are ours to send all the same.
        self._ping_every_ns = watchdog_us * 1000 // PINGS_PER_TIMEOUT if watchdog_us else 0
        self._next_ping_ns = 0
        self._ready = False

    @property
    def active(self) -> bool:
        return bool(self._socket_name)

    def frame_shown(self) -> None:
        """Call after every displayed frame: READY=1 the first time, then watchdog pings."""
        if not self.active:
            return
        if not self._ready:
            self._ready = True
            self._send("READY=1\nSTATUS=Showing the attract screen")
        if self._ping_every_ns:
            now = self._clock_ns()
            if now >= self._next_ping_ns:
                self._next_ping_ns = now + self._ping_every_ns
                self._send("WATCHDOG=1")

    def stopping(self) -> None:
        if self.active:
            self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        """One datagram; a lost message must never take the app down with it."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message.encode(), _address(self._socket_name))
        except OSError as error:
            _log.warning(
                "systemd notify (%s) failed: %s", message.split("\n", maxsplit=1)[0], error
            )
