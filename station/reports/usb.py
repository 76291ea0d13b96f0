"""Find a mounted, writable USB stick, where Raspberry Pi OS and other desktops mount them.

usbmount and some images mount at ``/media/usb0``; udisks (Pi OS desktop, most Linux
desktops) at ``/media/USER/LABEL``; Fedora-style systems at ``/run/media/USER/LABEL``.
``/media/USER`` itself is a plain folder, so only mount points count, and a stick
mounted read-only (a locked switch, a damaged file system) is passed over.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

USB_ROOTS: tuple[tuple[Path, int], ...] = (
    (Path("/media"), 1),
    (Path("/media"), 2),
    (Path("/run/media"), 2),
)
"""(folder, depth) pairs: mount points are looked for that many levels below each folder."""


def is_writable(folder: Path) -> bool:
    """Really try: ``os.access`` says yes to root on some read-only mounts."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".grip-station-probe-"):
            return True
    except OSError:
        return False


def find_usb_sticks(
    roots: Sequence[tuple[Path, int]] = USB_ROOTS,
    *,
    is_mount: Callable[[Path], bool] = os.path.ismount,
    is_writable: Callable[[Path], bool] = is_writable,
) -> list[Path]:
    """Writable mount points under ``roots``, in the order the roots are given, then by name."""
    found: list[Path] = []
    for root, depth in roots:
        pattern = "/".join(["*"] * depth)
        try:
            candidates = sorted(root.glob(pattern))
        except OSError:
            continue
        for path in candidates:
            try:
                if path in found or not path.is_dir() or not is_mount(path):
                    continue
            except OSError:
                continue
            if is_writable(path):
                found.append(path)
    return found
