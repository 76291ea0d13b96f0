"""The kiosk under the real cage compositor (wlroots' headless backend), as the unit runs it.

cage refuses to run as root, so as root (CI) it runs in a user namespace whose user is
not root inside but maps to the caller outside (it can still read the venv), with a
private /tmp/.X11-unix for its Xwayland. cage 0.1.4 (Debian 12) has no virtual-keyboard
protocol, so the escape keys are typed with xdotool into an app shown through cage's
Xwayland; the native Wayland run checks start-up, READY=1 and the watchdog.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.support.notify import APP, ROOT, NotifyListener, station_env

pytestmark = [
    pytest.mark.compositor,
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("cage", "Xwayland", "xdotool")),
        reason="cage, Xwayland or xdotool is missing (.ci/run installs them from apt)",
    ),
]

ESCAPES = ("Escape", "alt+F4", "ctrl+q", "ctrl+w", "ctrl+c", "alt+Tab", "ctrl+alt+F2")
READY_WITHIN_S = 60


def cage_command(inner: str) -> list[str]:
    cage = ["cage", "-d", "--", "sh", "-c", inner]
    if os.geteuid() != 0:
        return cage
    # Outer namespace: root inside, to mount a private /tmp/.X11-unix; inner: a plain user.
    nested = shlex.join(["unshare", "--user", "--map-user=1000", "--map-group=1000", *cage])
    setup = f"mount -t tmpfs tmpfs /tmp/.X11-unix && exec {nested}"
    return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", setup]


class Kiosk:
    """The app in kiosk mode under cage, and the notify socket it reports to."""

    def __init__(self, tmp_path: Path, video_driver: str) -> None:
        runtime = tmp_path / "runtime"
        runtime.mkdir(mode=0o700)
        self.notify = NotifyListener(tmp_path / "notify.sock")
        env = station_env(
            tmp_path,
            XDG_RUNTIME_DIR=str(runtime),
            WLR_BACKENDS="headless",
            WLR_LIBINPUT_NO_DEVICES="1",
            WLR_RENDERER="pixman",
            WATCHDOG_USEC="2000000",
        )
        env.pop("SDL_VIDEODRIVER")
        env.pop("DISPLAY", None)
        app = shlex.join([*APP, "--sensors", "emulated", "run", "--kiosk"])
        # cage sets WAYLAND_DISPLAY and DISPLAY for its child; the app's driver is chosen
        # here, and DISPLAY is left for xdotool (Xwayland's abstract socket is reachable).
        self.display_file = tmp_path / "display"
        inner = (
            f'echo "$DISPLAY" > {shlex.quote(str(self.display_file))}; '
            f"SDL_VIDEODRIVER={video_driver} exec {app}"
        )
        self.process = subprocess.Popen(
            cage_command(inner),
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    def running(self) -> bool:
        return self.process.poll() is None

    def x_display(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display_file.read_text().strip()}

    def close(self) -> str:
        """Stop cage and everything it started (the app, its sampler, Xwayland)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            output, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            output, _ = self.process.communicate(timeout=10)
        self.notify.close()
        return output


@pytest.fixture
def kiosk(tmp_path):
    kiosks: list[Kiosk] = []

    def start(video_driver: str) -> Kiosk:
        kiosks.append(Kiosk(tmp_path, video_driver))
        return kiosks[-1]

    yield start
    for each in kiosks:
        each.close()


def started(kiosk: Kiosk) -> None:
    if not kiosk.notify.wait_for("READY=1", READY_WITHIN_S, kiosk.running):
        output = kiosk.close()
        if "unshare failed" in output or "Operation not permitted" in output:
            pytest.skip(f"cage cannot run on this machine: {output.strip().splitlines()[-1]}")
        pytest.fail(f"no READY=1 within {READY_WITHIN_S} s; cage and the app said:\n{output}")


def test_under_cage_on_wayland_the_kiosk_says_ready_and_keeps_the_watchdog_fed(kiosk):
    app = kiosk("wayland")
    started(app)
    assert app.notify.more_pings(3, within_s=10), "WATCHDOG=1 every 0.5 s from the main loop"
    assert app.process.poll() is None


def test_under_cage_no_escape_key_ends_the_kiosk(kiosk):
    app = kiosk("x11")
    started(app)
    for keys in ESCAPES:
        subprocess.run(["xdotool", "key", keys], env=app.x_display(), check=True, timeout=10)
    assert app.notify.more_pings(3, within_s=10), "the main loop still runs after every key"
    assert app.process.poll() is None, "the kiosk is still up"
