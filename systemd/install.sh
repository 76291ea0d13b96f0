#!/usr/bin/env bash
# Installs the grip station on Raspberry Pi OS Lite (Bookworm or Trixie, 64-bit) as a
# kiosk: run it as root from a checkout of the repository. See usage() below.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: sudo ./systemd/install.sh [--update] [--kernel-driver] [--root DIR]

Installs the grip station kiosk from this checkout:
  apt packages (python3, python3-venv, python3-lgpio, cage, xwayland, libwayland-egl1,
  libwayland-cursor0, sqlite3), the service user grip-station (groups gpio, video,
  render, input), the app in /opt/grip-station/app and its venv in /opt/grip-station/venv
  (--system-site-packages, for python3-lgpio), the units grip-station.service (cage,
  enabled; it replaces getty@tty1) and grip-station-kmsdrm.service (the fallback, not
  enabled), /etc/pam.d/grip-station, a journald size cap, the config
  /etc/grip-station/config.toml (the app's defaults with db_path set; never rewritten,
  --kernel-driver sets one line) and the data folder
  /var/lib/grip-station. Reboot afterwards to start the kiosk.

On a station that is already installed it changes nothing and says so: upgrading is
only ever done on purpose, with --update.

  --update         upgrade an installed station: back the database up first
                   (/var/lib/grip-station/backups, the last 10 kept), stop the kiosk,
                   replace the app and its venv, reinstall the units, start the kiosk
                   again. The database and the config are kept as they are. If the new
                   venv cannot be built (no network), the previous app and venv are put
                   back.
  --kernel-driver  also read the HX711s through the kernel's driver: compile and install
                   the overlay systemd/overlay/grip-station-hx711.dts, add
                   dtoverlay=grip-station-hx711 to config.txt once, and set
                   reader = "kernel" in the config (that line only). Needs a reboot. On an
                   installed station: --update --kernel-driver.
  --root DIR       write every file under DIR instead of / (for tests). Packages, users
                   and services are still handled by the machine's own commands.
  -h, --help       this text.

The script calls apt-get, systemctl, useradd, usermod, getent, chown, id, python3, dtc
and modinfo by name through PATH, so a test can put logging stubs of them first on PATH.
EOF
}

SERVICE_USER=grip-station
KIOSK_GROUPS=(gpio video render input)
PACKAGES=(python3 python3-venv python3-lgpio cage xwayland libwayland-egl1
    libwayland-cursor0 sqlite3)
APP_SOURCES=(pyproject.toml README.md station hardware games assets)
UNITS=(grip-station.service grip-station-kmsdrm.service)
PREFIX=/opt/grip-station
APP=$PREFIX/app
VENV=$PREFIX/venv
CONFIG_DIR=/etc/grip-station
CONFIG=$CONFIG_DIR/config.toml
DATA_DIR=/var/lib/grip-station
DB=$DATA_DIR/station.db
BACKUPS=$DATA_DIR/backups
KEEP_BACKUPS=10
JOURNALD_DROPIN=/etc/systemd/journald.conf.d/grip-station.conf
WRAPPER=/usr/local/bin/grip-station
OVERLAY=grip-station-hx711

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=""
UPDATE=0
KERNEL_DRIVER=0
INSTALLED=0
WAS_ACTIVE=()

# sudo's secure_path has the sbin folders, `su` without `-` may not: useradd lives there.
PATH=$PATH:/usr/sbin:/sbin
umask 022

step() { printf '==> %s\n' "$*"; }
warn() { printf 'grip-station install: warning: %s\n' "$*" >&2; }
die() {
    printf 'grip-station install: %s\n' "$*" >&2
    exit 1
}

# Every change of owner goes through here (a scratch root has no grip-station user).
set_owner() { chown "$@"; }

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
        --update) UPDATE=1 ;;
        --kernel-driver) KERNEL_DRIVER=1 ;;
        --root)
            [ $# -ge 2 ] || die "--root needs a folder (see --help)"
            ROOT=$2
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *) die "unknown option '$1' (see --help)" ;;
        esac
        shift
    done
    case $ROOT in
    "" | /*) ROOT=${ROOT%/} ;;
    *) ROOT=$PWD/${ROOT%/} ;;
    esac
}

check_machine() {
    [ "$(id -u)" -eq 0 ] || die "it installs system files: run it with sudo (sudo $0 $*)"
    command -v apt-get >/dev/null ||
        die "apt-get not found: this script is for Raspberry Pi OS (Debian Bookworm or Trixie)"
    local model=$ROOT/proc/device-tree/model
    if ! { [ -r "$model" ] && tr -d '\0' <"$model" | grep -q 'Raspberry Pi'; }; then
        warn "this is not a Raspberry Pi: installing anyway; the app will use emulated sensors"
    fi
    local file
    for file in "${APP_SOURCES[@]}" "${UNITS[@]/#/systemd/}" systemd/grip-station.pam; do
        [ -e "$REPO/$file" ] || die "$REPO/$file is missing: run it from a full checkout"
    done
    if [ "$KERNEL_DRIVER" -eq 1 ] && [ ! -f "$REPO/systemd/overlay/$OVERLAY.dts" ]; then
        die "$REPO/systemd/overlay/$OVERLAY.dts is missing: run it from a full checkout"
    fi
    # Not every Pi OS kernel is built with CONFIG_HX711: without the module the overlay
    # would bind nothing and the station would find no sensor.
    if [ "$KERNEL_DRIVER" -eq 1 ] && ! modinfo hx711 >/dev/null 2>&1; then
        die "this kernel has no hx711 driver module (CONFIG_HX711): install without" \
            "--kernel-driver (the station's own reader), or build the module first"
    fi
    if [ -x "$ROOT$VENV/bin/grip-station" ]; then INSTALLED=1; fi
}

install_packages() {
    local packages=("${PACKAGES[@]}")
    [ "$KERNEL_DRIVER" -eq 0 ] || packages+=(device-tree-compiler)
    step "Updating the package lists (apt-get update)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    step "Installing packages: ${packages[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
}

ensure_user() {
    if getent passwd "$SERVICE_USER" >/dev/null; then
        step "Service user $SERVICE_USER already exists"
    else
        step "Creating the service user $SERVICE_USER (home $DATA_DIR, no login shell)"
        # A group left over from an earlier install is reused rather than refused.
        local group_option=--user-group
        if getent group "$SERVICE_USER" >/dev/null; then group_option="--gid=$SERVICE_USER"; fi
        useradd --system "$group_option" --home-dir "$DATA_DIR" --no-create-home \
            --shell /usr/sbin/nologin --comment "Grip station kiosk" "$SERVICE_USER"
    fi
    local groups=() group
    for group in "${KIOSK_GROUPS[@]}"; do
        if getent group "$group" >/dev/null; then
            groups+=("$group")
        else
            warn "group $group does not exist here: skipped (Pi OS has it;" \
                "the units' SupplementaryGroups= need it, or they will not start)"
        fi
    done
    [ ${#groups[@]} -gt 0 ] || return 0
    step "Adding $SERVICE_USER to the groups ${groups[*]}"
    usermod --append --groups "$(IFS=,; echo "${groups[*]}")" "$SERVICE_USER"
}

# ensure_dir MODE OWNER PATH: the folder exists with exactly this mode and owner.
ensure_dir() {
    install -d -m "$1" "$ROOT$3"
    set_owner "$2" "$ROOT$3"
}

make_folders() {
    step "Making $CONFIG_DIR (0750) and $DATA_DIR with its backups (0700, the service user's)"
    ensure_dir 0750 "root:$SERVICE_USER" "$CONFIG_DIR"
    ensure_dir 0700 "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR"
    ensure_dir 0700 "$SERVICE_USER:$SERVICE_USER" "$BACKUPS"
    local file
    for file in "$DB" "$DB-wal" "$DB-shm"; do
        [ ! -e "$ROOT$file" ] || chmod 0600 "$ROOT$file"
    done
}

# A consistent snapshot even while the app writes: SQLite's online backup reads the
# database and its WAL under one read lock. Read-only, so nothing is checkpointed and the
# database stays byte for byte as it was.
backup_database() {
    [ -f "$ROOT$DB" ] || return 0
    local name
    name=station-$(date +%Y%m%d-%H%M%S).db
    step "Backing the database up to $BACKUPS/$name"
    python3 - "$ROOT$DB" "$ROOT$BACKUPS/$name" <<'EOF'
import os
import sqlite3
import sys
from pathlib import Path

source_path, target_path = sys.argv[1], sys.argv[2]
partial = target_path + ".partial"
os.umask(0o077)  # 0600 from its first byte: never readable by others
source = sqlite3.connect(f"{Path(source_path).as_uri()}?mode=ro", uri=True)
target = sqlite3.connect(partial)
source.backup(target)
target.close()
source.close()
os.replace(partial, target_path)
EOF
    set_owner "$SERVICE_USER:$SERVICE_USER" "$ROOT$BACKUPS/$name"
    prune_backups
}

prune_backups() {
    local backups=() stale
    shopt -s nullglob
    backups=("$ROOT$BACKUPS"/station-*.db)
    shopt -u nullglob
    local excess=$((${#backups[@]} - KEEP_BACKUPS))
    [ "$excess" -gt 0 ] || return 0
    # The names sort by time: the oldest come first.
    for stale in "${backups[@]:0:excess}"; do
        step "Removing the old backup ${stale#"$ROOT"}"
        rm -f "$stale"
    done
}

stop_kiosk() {
    local unit
    for unit in "${UNITS[@]}"; do
        if systemctl is-active --quiet "$unit"; then WAS_ACTIVE+=("$unit"); fi
    done
    [ ${#WAS_ACTIVE[@]} -gt 0 ] || return 0
    step "Stopping ${WAS_ACTIVE[*]}"
    systemctl stop "${WAS_ACTIVE[@]}"
}

copy_app() {
    local target=$1
    rm -rf "$target"
    mkdir -p "$target"
    cp -R "${APP_SOURCES[@]/#/$REPO/}" "$target/"
    find "$target" -name __pycache__ -type d -prune -exec rm -rf {} +
    # Readable by the service user (assets are read from here) whatever the checkout's umask.
    chmod -R u=rwX,go=rX "$target"
}

# One && chain: `set -e` does not apply inside a function called as an if condition.
# Editable: the app reads assets/ (fonts, bundled recordings) beside its code, and a
# wheel does not carry that folder.
build_venv() {
    python3 -m venv --system-site-packages "$ROOT$VENV" &&
        "$ROOT$VENV/bin/pip" install --quiet --disable-pip-version-check \
            --root-user-action=ignore --editable "$ROOT$APP" &&
        [ -x "$ROOT$VENV/bin/grip-station" ]
}

# The new app and venv replace the old ones only once pip has succeeded: a station
# without network keeps the version it had.
install_app() {
    local app=$ROOT$APP venv=$ROOT$VENV
    step "Copying the app to $APP"
    copy_app "$app.new"
    rm -rf "$app.old" "$venv.old"
    [ ! -e "$app" ] || mv "$app" "$app.old"
    [ ! -e "$venv" ] || mv "$venv" "$venv.old"
    mv "$app.new" "$app"
    step "Making the venv $VENV (--system-site-packages) and installing the app with pip"
    if ! build_venv; then
        rm -rf "$app" "$venv"
        [ ! -e "$app.old" ] || mv "$app.old" "$app"
        [ ! -e "$venv.old" ] || mv "$venv.old" "$venv"
        [ ${#WAS_ACTIVE[@]} -eq 0 ] || start_kiosk
        die "pip could not install the app (no network?): $PREFIX is as it was"
    fi
    rm -rf "$app.old" "$venv.old"
}

# The installed app itself, without pygame's banner in the install's output.
app_python() { PYGAME_HIDE_SUPPORT_PROMPT=1 "$ROOT$VENV/bin/python" "$@"; }

# A draft replaces the config only once it is complete, with its mode and owner.
finish_config() {
    chmod 0640 "$ROOT$CONFIG.new"
    mv "$ROOT$CONFIG.new" "$ROOT$CONFIG"
    set_owner "root:$SERVICE_USER" "$ROOT$CONFIG"
}

# The app's own writer makes the file, so it keeps the maintainer's comments; only the
# commented db_path line becomes a real one. Checked by loading it with the app itself.
write_config() {
    if [ -e "$ROOT$CONFIG" ]; then
        step "Keeping the existing config $CONFIG"
        return
    fi
    step "Writing the default config $CONFIG (db_path = \"$DB\")"
    rm -f "$ROOT$CONFIG.new"
    app_python - "$ROOT$CONFIG.new" "$DB" <<'EOF'
import re
import sys
from pathlib import Path

from station.app.config import load_config, write_default_config

draft, db_path = Path(sys.argv[1]), sys.argv[2]
write_default_config(draft)
text, count = re.subn(
    r"(?m)^# db_path = .*$", f'db_path = "{db_path}"', draft.read_text(encoding="utf-8")
)
if count != 1:
    sys.exit("the app's default config has no '# db_path = ...' line to set")
draft.write_text(text, encoding="utf-8")
if load_config(draft).db_path != Path(db_path):
    sys.exit(f"the written config does not read back db_path = {db_path}")
EOF
    finish_config
}

# The kernel's driver is chosen in the config: that one line is set (or added before the
# first table, where TOML wants top-level keys); the rest of the file stays as it is.
use_kernel_reader() {
    if grep -qE '^\s*reader\s*=\s*"kernel"' "$ROOT$CONFIG"; then
        step "The config already reads the sensors through the kernel driver"
        return
    fi
    step "Setting reader = \"kernel\" in $CONFIG (the rest is kept)"
    rm -f "$ROOT$CONFIG.new"
    app_python - "$ROOT$CONFIG" "$ROOT$CONFIG.new" <<'EOF'
import re
import sys
from pathlib import Path

from station.app.config import ConfigError, load_config

config, draft = Path(sys.argv[1]), Path(sys.argv[2])
setting = 'reader = "kernel"'
text, count = re.subn(
    r"(?m)^#?\s*reader\s*=.*$", setting, config.read_text(encoding="utf-8"), count=1
)
if not count:
    table = re.search(r"(?m)^\[", text)
    at = table.start() if table else len(text)
    text = f"{text[:at]}{setting}\n\n{text[at:]}"
draft.write_text(text, encoding="utf-8")
try:
    reader = load_config(draft).reader
except ConfigError as exc:
    reader = exc
if reader != "kernel":
    draft.unlink()
    sys.exit(f"the app does not take {setting} ({reader}): the config is left as it was")
EOF
    finish_config
}

install_units() {
    step "Installing ${UNITS[*]} and /etc/pam.d/grip-station"
    local unit
    for unit in "${UNITS[@]}"; do
        install -D -m 0644 "$REPO/systemd/$unit" "$ROOT/etc/systemd/system/$unit"
    done
    install -D -m 0644 "$REPO/systemd/grip-station.pam" "$ROOT/etc/pam.d/grip-station"
}

# Maintenance commands (doctor, calibrate, players ...) must see the kiosk's config and
# database, as its service user: one wrapper on PATH, with the units' XDG folders.
install_wrapper() {
    step "Installing $WRAPPER (the app as $SERVICE_USER, with the kiosk's config and data)"
    install -d -m 0755 "$ROOT$(dirname "$WRAPPER")"
    cat >"$ROOT$WRAPPER.new" <<EOF
#!/bin/sh
# Written by grip-station's systemd/install.sh: the app as the kiosk's service user, with
# the kiosk's config and database. Stop the kiosk first for a command that uses the sensors.
exec sudo -u $SERVICE_USER env XDG_CONFIG_HOME=/etc XDG_DATA_HOME=/var/lib \\
    $VENV/bin/grip-station "\$@"
EOF
    chmod 0755 "$ROOT$WRAPPER.new"
    mv "$ROOT$WRAPPER.new" "$ROOT$WRAPPER"
}

# A unit cannot cap the journal: journald's own config does, for the whole box.
cap_journal() {
    step "Capping the journal at 200M ($JOURNALD_DROPIN)"
    mkdir -p "$(dirname "$ROOT$JOURNALD_DROPIN")"
    cat >"$ROOT$JOURNALD_DROPIN" <<'EOF'
# Written by grip-station's systemd/install.sh: an SD card must not fill up with logs.
[Journal]
SystemMaxUse=200M
EOF
    chmod 0644 "$ROOT$JOURNALD_DROPIN"
    systemctl restart systemd-journald.service
}

boot_folder() {
    local folder
    for folder in /boot/firmware /boot; do
        if [ -d "$ROOT$folder/overlays" ] && [ -f "$ROOT$folder/config.txt" ]; then
            echo "$folder"
            return
        fi
    done
    die "no /boot/firmware/overlays (or /boot/overlays) with a config.txt: is this Pi OS?"
}

install_overlay() {
    local boot dtbo config_txt
    boot=$(boot_folder)
    dtbo=$ROOT$boot/overlays/$OVERLAY.dtbo
    config_txt=$ROOT$boot/config.txt
    step "Compiling the HX711 overlay into $boot/overlays/$OVERLAY.dtbo"
    dtc -@ -q -I dts -O dtb -o "$dtbo.new" "$REPO/systemd/overlay/$OVERLAY.dts"
    mv "$dtbo.new" "$dtbo"
    if grep -qE "^dtoverlay=$OVERLAY([,:]|$)" "$config_txt"; then
        step "$boot/config.txt already loads $OVERLAY"
        return
    fi
    step "Adding dtoverlay=$OVERLAY to $boot/config.txt"
    # The leading newline also ends a last line left without one. [all]: config.txt may
    # end inside a [pi4]-style section that would limit the line to that model.
    printf '\n# grip-station: the kernel HX711 driver (systemd/install.sh --kernel-driver)\n' \
        >>"$config_txt"
    printf '[all]\ndtoverlay=%s\n' "$OVERLAY" >>"$config_txt"
}

enable_kiosk() {
    step "Enabling grip-station.service; disabling getty@tty1.service (the kiosk takes tty1)"
    systemctl enable grip-station.service
    systemctl disable getty@tty1.service
}

start_kiosk() {
    if [ ${#WAS_ACTIVE[@]} -eq 0 ]; then
        step "The kiosk was not running; it starts at the next boot"
        return
    fi
    step "Starting ${WAS_ACTIVE[*]}"
    systemctl start "${WAS_ACTIVE[@]}" ||
        die "the kiosk did not start again: see journalctl -u grip-station -b"
}

main() {
    parse_args "$@"
    check_machine "$@"
    if [ "$INSTALLED" -eq 1 ] && [ "$UPDATE" -eq 0 ]; then
        step "grip-station is already installed in $PREFIX: nothing was changed"
        step "To upgrade it (the database and config are kept, the database backed up first):"
        step "  sudo $0 --update$([ "$KERNEL_DRIVER" -eq 0 ] || echo ' --kernel-driver')"
        return 0
    fi
    if [ "$UPDATE" -eq 1 ] && [ "$INSTALLED" -eq 0 ]; then
        step "grip-station is not installed yet: installing it afresh"
    fi
    install_packages
    ensure_user
    make_folders
    backup_database
    stop_kiosk
    install_app
    write_config
    # The config first: if the app refuses the kernel reader, no overlay takes its pins.
    if [ "$KERNEL_DRIVER" -eq 1 ]; then
        use_kernel_reader
        install_overlay
    fi
    install_units
    install_wrapper
    cap_journal
    step "Reloading systemd (systemctl daemon-reload)"
    systemctl daemon-reload
    if [ "$INSTALLED" -eq 1 ]; then start_kiosk; else enable_kiosk; fi
    if [ "$KERNEL_DRIVER" -eq 1 ] || [ "$INSTALLED" -eq 0 ]; then
        step "Done. Reboot to start the kiosk with the new settings: sudo reboot"
    else
        step "Done."
    fi
    step "Maintenance: sudo systemctl stop grip-station, then $WRAPPER doctor (or calibrate)"
}

main "$@"
