"""systemd/install.sh, run against a scratch root with the machine's commands stubbed.

The script calls apt-get, systemctl, useradd, usermod, getent, chown, id and python3 by
name, so each test puts logging stubs of them first on PATH: the code that runs is the
code a Pi runs. The python3 stub makes a fake venv (its pip only logs, and its python is
this one, reading the copied app), because pip installing the real dependencies takes
minutes and the network. SQLite, dtc, the app's config writer and every file operation
are real.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from station.app.config import load_config, write_default_config

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "systemd" / "install.sh"
APP_SOURCES = ("pyproject.toml", "README.md", "station", "hardware", "games", "assets")
UNITS = ("grip-station.service", "grip-station-kmsdrm.service")
OVERLAY_DTS = Path("systemd/overlay/grip-station-hx711.dts")
DB = "var/lib/grip-station/station.db"
CONFIG = "etc/grip-station/config.toml"
DTB_MAGIC = bytes.fromhex("d00dfeed")
PI_CONFIG_TXT = "dtparam=audio=on\n[cm4]\notg_mode=1\n[all]\ncamera_auto_detect=1"
"""Pi OS's config.txt, cut short; no newline at the end, as a hand edit can leave it."""

needs_dtc = pytest.mark.skipif(
    shutil.which("dtc") is None, reason="dtc is missing (apt install device-tree-compiler)"
)

# The stubs log each call as one line: the command's name and its arguments.
STUBS = {
    "apt-get": 'echo "apt-get $*" >>"$STUB_LOG"\n',
    "modinfo": '[ -z "$STUB_NO_HX711" ] && echo "filename: /lib/modules/hx711.ko.xz"\n',
    "usermod": 'echo "usermod $*" >>"$STUB_LOG"\n',
    "chown": 'echo "chown $*" >>"$STUB_LOG"\n',
    "id": '[ "$1" = -u ] && echo "$STUB_UID"\n',
    "systemctl": """echo "systemctl $*" >>"$STUB_LOG"
if [ "$1" = is-active ]; then
    for unit in $STUB_ACTIVE; do [ "$unit" = "$3" ] && exit 0; done
    exit 3
fi
""",
    "useradd": """echo "useradd $*" >>"$STUB_LOG"
for user; do :; done
echo "$user" >>"$STUB_STATE/users"
""",
    "getent": """case $1 in
passwd) grep -qx "$2" "$STUB_STATE/users" 2>/dev/null ;;
group) for group in $STUB_GROUPS; do [ "$group" = "$2" ] && exit 0; done; exit 2 ;;
esac
""",
    "python3": """echo "python3 $*" >>"$STUB_LOG"
if [ "$1 $2" = "-m venv" ]; then
    for venv; do :; done
    mkdir -p "$venv/bin"
    printf '#!/bin/sh\\nPYTHONDONTWRITEBYTECODE=1 PYTHONPATH=%s exec %s "$@"\\n' \\
        "$(dirname "$venv")/app" "$REAL_PYTHON" >"$venv/bin/python"
    cat >"$venv/bin/pip" <<'EOF'
#!/bin/sh
echo "pip $*" >>"$STUB_LOG"
[ -z "$STUB_PIP_FAILS" ] || exit 1
printf '#!/bin/sh\\n' >"$(dirname "$0")/grip-station"
chmod 755 "$(dirname "$0")/grip-station"
EOF
    chmod 755 "$venv/bin/python" "$venv/bin/pip"
    exit 0
fi
exec "$REAL_PYTHON" "$@"
""",
}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's layout; files other helpers have not written yet are
    stood in for by placeholders here, never in the repository."""
    copy = tmp_path_factory.mktemp("checkout")
    skip = shutil.ignore_patterns("__pycache__")
    for name in APP_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=skip)
        else:
            shutil.copy2(source, copy / name)
    shutil.copytree(REPO / "systemd", copy / "systemd", ignore=skip)
    # As a checkout can be: made under umask 077, with bytecode from a run.
    (copy / "README.md").chmod(0o600)
    (copy / "station/__pycache__").mkdir()
    (copy / "station/__pycache__/paths.cpython-311.pyc").write_bytes(b"")
    for name in (*UNITS, "grip-station.pam"):
        placeholder = copy / "systemd" / name
        if not placeholder.exists():
            placeholder.write_text(f"# placeholder for {name}\n")
    dts = copy / OVERLAY_DTS
    if not dts.exists():
        dts.parent.mkdir(parents=True, exist_ok=True)
        dts.write_text(
            '/dts-v1/;\n/plugin/;\n/ {\n\tcompatible = "brcm,bcm2835";\n'
            '\tfragment@0 {\n\t\ttarget-path = "/";\n'
            "\t\t__overlay__ {\n\t\t\tplaceholder: placeholder { };\n\t\t};\n\t};\n};\n"
        )
    return copy


@dataclass
class Machine:
    """A scratch root with stubbed commands, and a way to run the install script on it."""

    checkout: Path
    root: Path
    log: Path
    env: dict[str, str]

    def run(self, *options: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        script = self.checkout / "systemd" / "install.sh"
        done = subprocess.run(
            ["bash", str(script), "--root", str(self.root), *options],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def calls(self, command: str) -> list[str]:
        """The logged calls of one stubbed command, as lines."""
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        return [line for line in lines if line.split(" ", 1)[0] == command]

    def owners(self) -> dict[str, str]:
        """Path (relative to the root) to the last owner chown gave it."""
        found = {}
        for line in self.calls("chown"):
            _, owner, path = line.split(" ")
            found[str(Path(path).relative_to(self.root))] = owner
        return found

    def mode(self, relative: str) -> int:
        return stat.S_IMODE((self.root / relative).stat().st_mode)


@pytest.fixture
def machine(tmp_path: Path, checkout: Path) -> Machine:
    """A Raspberry Pi 5 with Pi OS's boot folder and every group the kiosk joins."""
    root, stubs, state = tmp_path / "root", tmp_path / "stubs", tmp_path / "state"
    for folder in (root / "proc/device-tree", root / "boot/firmware/overlays", stubs, state):
        folder.mkdir(parents=True)
    (root / "proc/device-tree/model").write_bytes(b"Raspberry Pi 5 Model B Rev 1.0\0")
    (root / "boot/firmware/config.txt").write_text(PI_CONFIG_TXT)
    for name, body in STUBS.items():
        stub = stubs / name
        stub.write_text("#!/bin/sh\n" + body)
        stub.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}",
        "STUB_LOG": str(tmp_path / "calls.log"),
        "STUB_STATE": str(state),
        "STUB_UID": "0",
        "STUB_GROUPS": "gpio video render input",
        "STUB_ACTIVE": "",
        "STUB_PIP_FAILS": "",
        "REAL_PYTHON": sys.executable,
    }
    return Machine(checkout, root, tmp_path / "calls.log", env)


def snapshot(root: Path, leave_out: str | None = None) -> dict[str, tuple[str, int, str]]:
    """Every path under root (but those under leave_out) with its kind, mode and content."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = str(path.relative_to(root))
        if leave_out and relative.startswith(leave_out):
            continue
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            found[relative] = ("link", 0, os.readlink(path))
        elif path.is_dir():
            found[relative] = ("dir", stat.S_IMODE(info.st_mode), "")
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[relative] = ("file", stat.S_IMODE(info.st_mode), digest)
    return found


def wal_database(path: Path, rows: int) -> sqlite3.Connection:
    """A database like the running app's: WAL mode, with its latest rows still in the WAL
    for as long as the returned connection stays open."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("CREATE TABLE reps (n INTEGER)")
    connection.executemany("INSERT INTO reps VALUES (?)", [(n,) for n in range(rows)])
    connection.commit()
    assert Path(f"{path}-wal").stat().st_size > 0
    return connection


def test_script_parses() -> None:
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)


@pytest.mark.skipif(
    shutil.which("shellcheck") is None, reason="shellcheck is missing (apt install shellcheck)"
)
def test_shellcheck_finds_nothing() -> None:
    done = subprocess.run(["shellcheck", str(SCRIPT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_refuses_to_run_without_root(tmp_path: Path) -> None:
    script = SCRIPT
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is missing to drop it")
        # The checkout may sit in a folder only root can enter (mktemp -d makes it 0700):
        # the unprivileged user runs a copy it can read, as it could on a Pi.
        readable = Path(tempfile.mkdtemp(prefix="grip-install-"))
        readable.chmod(0o755)
        script = readable / SCRIPT.name
        shutil.copy(SCRIPT, script)
        script.chmod(0o755)
    command = ["bash", str(script), "--root", str(tmp_path / "root")]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd="/", check=False)
    finally:
        if script != SCRIPT:
            shutil.rmtree(script.parent)
    assert done.returncode != 0
    assert "run it with sudo" in done.stderr
    assert not (tmp_path / "root").exists()


def test_install_lays_down_units_pam_and_journal_cap(machine: Machine) -> None:
    done = machine.run()
    systemd = machine.checkout / "systemd"
    for unit in UNITS:
        installed = machine.root / "etc/systemd/system" / unit
        assert installed.read_bytes() == (systemd / unit).read_bytes()
        assert machine.mode(f"etc/systemd/system/{unit}") == 0o644
    pam = machine.root / "etc/pam.d/grip-station"
    assert pam.read_bytes() == (systemd / "grip-station.pam").read_bytes()
    dropin = machine.root / "etc/systemd/journald.conf.d/grip-station.conf"
    assert "[Journal]\nSystemMaxUse=200M\n" in dropin.read_text()
    assert "Reboot" in done.stdout


def test_install_writes_the_apps_own_config_with_the_station_db_path(
    machine: Machine, tmp_path: Path
) -> None:
    machine.run()
    config = machine.root / CONFIG
    assert load_config(config).db_path == Path("/var/lib/grip-station/station.db")
    write_default_config(tmp_path / "default.toml")
    expected = [
        'db_path = "/var/lib/grip-station/station.db"' if line.startswith("# db_path = ") else line
        for line in (tmp_path / "default.toml").read_text().splitlines()
    ]
    assert config.read_text().splitlines() == expected


def test_config_and_data_are_the_service_users_only(machine: Machine) -> None:
    machine.run()
    assert machine.mode("etc/grip-station") == 0o750
    assert machine.mode(CONFIG) == 0o640
    assert machine.mode("var/lib/grip-station") == 0o700
    assert machine.mode("var/lib/grip-station/backups") == 0o700
    owners = machine.owners()
    assert owners["etc/grip-station"] == "root:grip-station"
    assert owners[CONFIG] == "root:grip-station"
    assert owners["var/lib/grip-station"] == "grip-station:grip-station"
    assert owners["var/lib/grip-station/backups"] == "grip-station:grip-station"


def test_install_makes_the_user_and_enables_the_kiosk(machine: Machine) -> None:
    machine.run()
    assert machine.calls("useradd") == [
        "useradd --system --user-group --home-dir /var/lib/grip-station --no-create-home "
        "--shell /usr/sbin/nologin --comment Grip station kiosk grip-station"
    ]
    assert machine.calls("usermod") == [
        "usermod --append --groups gpio,video,render,input grip-station"
    ]
    systemctl = machine.calls("systemctl")
    assert "systemctl daemon-reload" in systemctl
    assert "systemctl enable grip-station.service" in systemctl
    assert "systemctl disable getty@tty1.service" in systemctl
    assert not [call for call in systemctl if "enable grip-station-kmsdrm" in call]
    install = machine.calls("apt-get")[-1].split()
    assert install[:4] == ["apt-get", "install", "-y", "-qq"]
    assert {"python3-venv", "python3-lgpio", "cage", "xwayland"} <= set(install)
    assert "device-tree-compiler" not in install


def test_app_is_copied_and_pip_installed_into_a_system_site_venv(machine: Machine) -> None:
    machine.run()
    app, venv = machine.root / "opt/grip-station/app", machine.root / "opt/grip-station/venv"
    assert sorted(path.name for path in app.iterdir()) == sorted(APP_SOURCES)
    assert not list(app.rglob("__pycache__"))
    for path in app.rglob("*"):  # the service user reads the assets from here
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path
    assert f"python3 -m venv --system-site-packages {venv}" in machine.calls("python3")
    [pip] = machine.calls("pip")
    assert pip.startswith("pip install ")
    assert pip.endswith(f" --editable {app}"), "fonts and recordings are read beside the code"


def test_a_missing_group_is_skipped_with_a_warning(machine: Machine) -> None:
    machine.env["STUB_GROUPS"] = "video input"
    done = machine.run()
    assert "group gpio does not exist" in done.stderr
    assert "group render does not exist" in done.stderr
    assert machine.calls("usermod") == ["usermod --append --groups video,input grip-station"]


def test_a_machine_that_is_no_pi_is_told_so(machine: Machine) -> None:
    (machine.root / "proc/device-tree/model").unlink()
    done = machine.run()
    assert "not a Raspberry Pi" in done.stderr


def test_a_second_run_changes_nothing_and_points_at_update(machine: Machine) -> None:
    machine.run()
    before, calls = snapshot(machine.root), machine.log.read_text()
    done = machine.run()
    assert snapshot(machine.root) == before
    assert "already installed" in done.stdout
    assert "--update" in done.stdout
    assert machine.log.read_text() == calls


def test_updating_twice_changes_nothing_but_the_backups(machine: Machine) -> None:
    machine.run()
    machine.run("--update")
    before = snapshot(machine.root, leave_out="var/lib/grip-station/backups/")
    machine.run("--update")
    assert snapshot(machine.root, leave_out="var/lib/grip-station/backups/") == before
    assert len(machine.calls("useradd")) == 1


@pytest.mark.parametrize("app_running", [True, False], ids=["app running", "after a crash"])
def test_update_backs_up_a_wal_database_and_keeps_db_and_config(
    machine: Machine, tmp_path: Path, app_running: bool
) -> None:
    machine.run()
    db = machine.root / DB
    live = db if app_running else tmp_path / "crashed" / "station.db"
    app = wal_database(live, rows=500)
    if not app_running:  # the files as a power cut leaves them: WAL full, nobody connected
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(f"{live}{suffix}", f"{db}{suffix}")
        app.close()
    kept = {name: (machine.root / name).read_bytes() for name in (DB, f"{DB}-wal", CONFIG)}
    machine.env["STUB_ACTIVE"] = "grip-station.service"
    earlier = len(machine.log.read_text().splitlines())
    try:
        machine.run("--update")
        assert {name: (machine.root / name).read_bytes() for name in kept} == kept
    finally:
        app.close()
    [backup] = (machine.root / "var/lib/grip-station/backups").glob("station-*.db")
    assert machine.mode(str(backup.relative_to(machine.root))) == 0o600
    assert machine.mode(DB) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM reps").fetchone() == (500,)
    copy.close()
    calls = machine.log.read_text().splitlines()[earlier:]
    order = [
        f"python3 - {db} {backup}",
        "systemctl stop grip-station.service",
        f"python3 -m venv --system-site-packages {machine.root}/opt/grip-station/venv",
        "systemctl daemon-reload",
        "systemctl start grip-station.service",
    ]
    assert [calls.index(call) for call in order] == sorted(calls.index(call) for call in order)
    assert "systemctl enable grip-station.service" not in calls


def test_update_keeps_the_last_ten_backups(machine: Machine) -> None:
    machine.run()
    wal_database(machine.root / DB, rows=3).close()
    backups = machine.root / "var/lib/grip-station/backups"
    old = [backups / f"station-20200101-0000{n:02}.db" for n in range(12)]
    for path in old:
        path.write_bytes(b"")
    machine.run("--update")
    left = sorted(backups.iterdir())
    assert len(left) == 10
    assert left[:9] == old[-9:]
    assert left[9].name.startswith("station-2")
    assert left[9] not in old


def test_a_failed_pip_keeps_the_installed_version(machine: Machine) -> None:
    machine.run()
    before = snapshot(machine.root / "opt")
    machine.env["STUB_PIP_FAILS"] = "yes"
    machine.env["STUB_ACTIVE"] = "grip-station.service"
    done = machine.run("--update", check=False)
    assert done.returncode != 0
    assert "pip could not install the app" in done.stderr
    assert snapshot(machine.root / "opt") == before
    assert machine.calls("systemctl")[-1] == "systemctl start grip-station.service"


@needs_dtc
def test_kernel_driver_compiles_the_overlay_and_loads_it_once(machine: Machine) -> None:
    first = machine.run("--kernel-driver")
    machine.run("--update", "--kernel-driver")
    dtbo = machine.root / "boot/firmware/overlays/grip-station-hx711.dtbo"
    assert dtbo.read_bytes()[:4] == DTB_MAGIC
    assert b"__symbols__" in dtbo.read_bytes()  # dtc -@: the overlay's labels for config.txt
    assert machine.mode("boot/firmware/overlays/grip-station-hx711.dtbo") == 0o644
    lines = (machine.root / "boot/firmware/config.txt").read_text().splitlines()
    assert lines.count("dtoverlay=grip-station-hx711") == 1
    assert lines[: len(PI_CONFIG_TXT.splitlines())] == PI_CONFIG_TXT.splitlines()
    assert lines[lines.index("dtoverlay=grip-station-hx711") - 1] == "[all]"
    assert "device-tree-compiler" in machine.calls("apt-get")[-1].split()
    assert load_config(machine.root / CONFIG).reader == "kernel"
    assert "Reboot" in first.stdout


@needs_dtc
@pytest.mark.parametrize("older_file", [False, True], ids=["reader line", "no reader line"])
def test_kernel_driver_later_changes_one_line_of_the_config(
    machine: Machine, older_file: bool
) -> None:
    machine.run()
    config = machine.root / CONFIG
    lines = config.read_text().replace("capacity_kg = 90.0", "capacity_kg = 100.0").splitlines()
    if older_file:  # written before the reader key existed
        lines = [line for line in lines if "reader" not in line]
    config.write_text("\n".join(lines) + "\n")
    machine.run("--update", "--kernel-driver")
    if older_file:
        first_table = lines.index("[visit]")
        lines[first_table:first_table] = ['reader = "kernel"', ""]
    else:
        lines[lines.index('reader = "gpio"')] = 'reader = "kernel"'
    assert config.read_text().splitlines() == lines
    assert load_config(config).reader == "kernel"
    assert machine.mode(CONFIG) == 0o640
    assert machine.owners()[CONFIG] == "root:grip-station"


def test_a_wrapper_runs_maintenance_commands_as_the_kiosk_with_its_config_and_data(
    machine: Machine,
) -> None:
    machine.run()
    wrapper = machine.root / "usr/local/bin/grip-station"
    assert stat.S_IMODE(wrapper.stat().st_mode) == 0o755
    words = wrapper.read_text().replace("\\\n", " ").split()
    unit = (REPO / "systemd/grip-station.service").read_text()
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        [value] = re.findall(rf"{name}=(\S+)", unit)
        assert f"{name}={value}" in words, "the same folders as the kiosk unit"
    assert words[words.index("exec") :][:3] == ["exec", "sudo", "-u"]
    assert "/opt/grip-station/venv/bin/grip-station" in words


def test_kernel_driver_on_a_kernel_without_the_module_changes_nothing(machine: Machine) -> None:
    machine.env["STUB_NO_HX711"] = "1"
    done = machine.run("--kernel-driver", check=False)
    assert done.returncode != 0
    assert "no hx711 driver module" in done.stderr
    assert machine.calls("apt-get") == []
