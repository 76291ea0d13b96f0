"""Which process keeps a session open, told apart well enough to know when it is gone.

An owner is ``host boot pid start``: the machine's name, its boot id (a reboot or a power
cut starts a new one), the process id and the process's start time since boot (so a pid
reused by another program later does not count as the session's process). Without
``/proc`` (not Linux) the boot and start are empty and only the pid is checked.
A session owned by another host is never judged here: that station closes its own.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class Owner:
    host: str
    boot: str
    pid: int
    start: str

    def tag(self) -> str:
        return f"{self.host} {self.boot or '-'} {self.pid} {self.start or '-'}"

    @classmethod
    def parse(cls, tag: str) -> Owner | None:
        """The owner a tag names; None for a session stored before owners were kept."""
        parts = tag.split(" ")
        if len(parts) != 4 or not parts[2].isdigit():
            return None
        host, boot, pid, start = parts
        return cls(host, "" if boot == "-" else boot, int(pid), "" if start == "-" else start)


def this_process(proc: Path = PROC) -> Owner:
    pid = os.getpid()
    return Owner(socket.gethostname(), _boot_id(proc), pid, _start_time(proc, pid))


def this_process_tag() -> str:
    """What a session started by this process records as its owner."""
    return this_process().tag()


def is_gone(tag: str, proc: Path = PROC) -> bool:
    """Whether the process that owned a session has certainly ended.

    An owner-less session (stored before owners were kept) counts as gone: no running
    station opened it. Another host's session is never gone as far as this one knows.
    """
    owner = Owner.parse(tag)
    if owner is None:
        return True
    here = this_process(proc)
    if owner.host != here.host:
        return False
    if owner.boot and here.boot and owner.boot != here.boot:
        return True
    if owner.pid == here.pid:
        return owner.start != here.start
    start = _start_time(proc, owner.pid)
    if owner.start and start:
        return start != owner.start
    return not _pid_alive(owner.pid)


def _boot_id(proc: Path) -> str:
    try:
        return (proc / "sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _start_time(proc: Path, pid: int) -> str:
    """Field 22 of /proc/PID/stat (clock ticks since boot); empty if there is no such process."""
    try:
        stat = (proc / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[-1].split()  # the name in brackets may hold spaces
    return fields[19] if len(fields) > 19 else ""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True
