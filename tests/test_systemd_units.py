"""The kiosk's systemd units: valid, hardened, restarting, and agreeing with the app."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from station import paths
from station.app.commandline import build_parser

SYSTEMD = Path(__file__).parents[1] / "systemd"
UNITS = sorted(SYSTEMD.glob("*.service"))
INSTALLED_VENV = "/opt/grip-station/venv"
MAX_EXPOSURE = 5.0
needs_systemd = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is missing (.ci/run installs systemd from apt)",
)


def settings(unit: Path) -> dict[str, list[str]]:
    """Every ``Key=value`` of the unit, in order, values of repeated keys kept apart."""
    found: dict[str, list[str]] = {}
    for line in unit.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def as_installed_here(unit: Path, tmp_path: Path) -> Path:
    """The unit with the install prefix pointing at this venv, so verify finds the program."""
    copy = tmp_path / unit.name
    copy.write_text(unit.read_text().replace(INSTALLED_VENV, sys.prefix))
    return copy


def test_there_is_the_cage_kiosk_and_its_kmsdrm_fallback():
    assert [u.name for u in UNITS] == ["grip-station-kmsdrm.service", "grip-station.service"]


@needs_systemd
@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_systemd_analyze_verify_passes(unit, tmp_path):
    if "cage" in unit.read_text() and shutil.which("cage") is None:
        pytest.skip("cage is missing (.ci/run installs it from apt)")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(as_installed_here(unit, tmp_path))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@needs_systemd
@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_the_offline_security_score_is_5_or_lower(unit):
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(unit)],
        capture_output=True,
        text=True,
        check=False,
    )
    score = re.search(r"Overall exposure level for \S+: ([\d.]+)", done.stdout)
    assert score is not None, done.stdout + done.stderr
    assert float(score.group(1)) <= MAX_EXPOSURE


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_a_crash_or_a_hang_restarts_the_kiosk_but_a_crash_loop_gives_up(unit):
    found = settings(unit)
    assert found["Type"] == ["notify"]
    assert found["Restart"] == ["always"]
    assert 5 <= int(found["WatchdogSec"][0].removesuffix("s")) <= 30
    assert int(found["StartLimitBurst"][0]) <= 20
    assert found["StandardOutput"] == ["journal"]


def test_under_cage_the_app_may_notify_though_cage_is_the_main_process():
    assert settings(SYSTEMD / "grip-station.service")["NotifyAccess"] == ["all"]
    assert settings(SYSTEMD / "grip-station-kmsdrm.service")["NotifyAccess"] == ["main"]


def test_the_two_units_are_hardened_alike():
    differ = {"Description", "Conflicts", "NotifyAccess", "Environment", "ExecStart"}
    cage, kmsdrm = (
        settings(SYSTEMD / name) for name in ("grip-station.service", "grip-station-kmsdrm.service")
    )
    assert {k: v for k, v in cage.items() if k not in differ} == {
        k: v for k, v in kmsdrm.items() if k not in differ
    }


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_the_unit_starts_the_kiosk_with_arguments_the_app_accepts(unit):
    command = shlex.split(settings(unit)["ExecStart"][0])
    app = command.index(f"{INSTALLED_VENV}/bin/grip-station")
    args = build_parser().parse_args(command[app + 1 :])
    assert args.command == "run"
    assert args.kiosk


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_the_unit_puts_config_and_database_where_the_install_script_does(unit, monkeypatch):
    environment = dict(
        pair.split("=", 1) for line in settings(unit)["Environment"] for pair in shlex.split(line)
    )
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, environment[name])
    assert paths.config_file() == Path("/etc/grip-station/config.toml")
    assert paths.default_db_path() == Path("/var/lib/grip-station/station.db")
    found = settings(unit)
    assert found["StateDirectory"] == ["grip-station"]
    assert found["StateDirectoryMode"] == ["0700"], "the database is the service user's only"
    assert found["ConfigurationDirectory"] == ["grip-station"]


def test_the_video_driver_matches_each_way_of_showing_the_screen():
    cage = " ".join(settings(SYSTEMD / "grip-station.service")["Environment"])
    kmsdrm = " ".join(settings(SYSTEMD / "grip-station-kmsdrm.service")["Environment"])
    assert "SDL_VIDEODRIVER=wayland" in cage
    assert "SDL_VIDEODRIVER=kmsdrm" in kmsdrm
    assert settings(SYSTEMD / "grip-station.service")["ExecStart"][0].startswith("/usr/bin/cage ")


def test_the_sampler_may_ask_for_real_time_and_nothing_else_is_granted():
    for unit in UNITS:
        found = settings(unit)
        assert found["AmbientCapabilities"] == ["CAP_SYS_NICE"]
        assert found["CapabilityBoundingSet"] == ["CAP_SYS_NICE"]
        assert found["RestrictRealtime"] == ["no"]
        denied = " ".join(v for v in found["SystemCallFilter"] if v.startswith("~"))
        assert "@resources" not in denied, "sched_setscheduler is in @resources"


def test_the_pam_file_opens_a_logind_session_for_the_seat():
    lines = [
        line.split()
        for line in (SYSTEMD / "grip-station.pam").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert ["session", "required", "pam_systemd.so"] in lines
    assert settings(SYSTEMD / "grip-station.service")["PAMName"] == ["grip-station"]
