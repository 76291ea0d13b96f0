"""The station's settings file: which sensors are fitted, on which pins, and where data lives.

The file is written once by the CLI and then edited by hand by a maintainer, so every
mistake is reported as a ``ConfigError`` naming the file, the key, the line where it can
be found, and what to do about it. Loading never writes: a missing file means the
built-in defaults, and a broken file is left exactly as the maintainer saved it.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from hardware import (
    DEFAULT_SPECS,
    SENSOR_NAMES,
    STANDARD_GRAVITY,
    SUPPORTED_RATES_SPS,
    ChannelGain,
    FactoryName,
    SensorSpec,
)
from station import paths
from station.play.visit import VisitSettings

MAX_GPIO = 27
"""BCM GPIO 0-27 are the ones on the Pi's 40-pin header."""
CAPACITY_RANGE_KG = (1.0, 300.0)
"""Hand dynamometers top out at 90 kg and pinch gauges at 22 kg; far outside is a typo."""

_TOP_KEYS = (
    "pin_factory",
    "reader",
    "start_button_pin",
    "status_led_pin",
    "db_path",
    "sensors",
    "visit",
)
_VISIT_KEYS = ("warmup_s", "cooldown_s", "idle_s")
_SENSOR_KEYS = ("dout_pin", "sck_pin", "channel_gain", "rate_sps", "capacity_kg")
_PIN_FACTORIES: tuple[str, ...] = get_args(FactoryName)
ReaderName = Literal["gpio", "kernel"]
"""Who clocks the HX711s: the station's own sampler, or the kernel's hx711 driver."""
_READERS: tuple[str, ...] = get_args(ReaderName)
_DEFAULT_BY_NAME = {spec.name: spec for spec in DEFAULT_SPECS}


@dataclass(frozen=True, slots=True)
class StationConfig:
    """Everything the station reads from its config file, with the built-in defaults."""

    sensors: tuple[SensorSpec, ...] = DEFAULT_SPECS
    pin_factory: FactoryName = "auto"
    reader: ReaderName = "gpio"
    start_button_pin: int | None = 17
    """None: no start button fitted."""
    status_led_pin: int | None = 27
    """None: no status LED fitted."""
    db_path: Path = field(default_factory=paths.default_db_path)
    visit: VisitSettings = field(default_factory=VisitSettings)
    """How long the warm-up and cool-down last (0 skips them), and when idle ends a visit."""


class ConfigError(Exception):
    """The config file cannot be used; the message tells a maintainer where and how to fix it."""

    def __init__(
        self, path: Path, key: str | None, problem: str, fix: str, line: int | None = None
    ) -> None:
        self.path = path
        self.key = key
        self.line = line
        where = f"{path}, line {line}" if line is not None else str(path)
        what = f" [{key}]" if key else ""
        super().__init__(f"{where}{what}: {problem}. {fix}")


def load_config(path: Path | None = None) -> StationConfig:
    """The settings in ``path`` (default: the XDG config file), or the defaults if it is absent."""
    path = paths.config_file() if path is None else path
    if path.exists() and not path.is_file():  # a FIFO would block, /dev/zero fill the memory
        raise ConfigError(
            path, None, "is a folder, a device or a pipe, not a file", "Give a config.toml file."
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return StationConfig()
    except OSError as exc:
        raise ConfigError(
            path, None, f"cannot be read ({exc.strerror})", "Check that it is a readable file."
        ) from exc
    try:
        text = raw.decode("utf-8-sig")  # Notepad starts UTF-8 files with a byte-order mark
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            path, None, "not UTF-8 text", "Save it as plain UTF-8 text.", line
        ) from exc
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem, line = _split_toml_error(str(exc), text)
        raise ConfigError(
            path,
            None,
            f"not valid TOML ({problem})",
            "Fix the syntax there, or move the file away to run on the built-in defaults.",
            line,
        ) from exc
    return _Reader(path, text).station(table)


def write_default_config(path: Path) -> None:
    """Write a commented default file for the maintainer to edit; never over an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(_default_file_text())
    except FileExistsError as exc:
        raise ConfigError(
            path, None, "already exists", "Edit it, or move it away to get a fresh default."
        ) from exc


def _split_toml_error(message: str, text: str) -> tuple[str, int | None]:
    """tomllib (3.11) puts the position only in its message: '... (at line 3, column 5)'."""
    if match := re.search(r"\s*\(at line (\d+), column \d+\)$", message):
        return message[: match.start()], int(match.group(1))
    if match := re.search(r"\s*\(at end of document\)$", message):
        return message[: match.start()], max(1, len(text.splitlines()))
    return message, None


def _line_of(text: str, dotted_key: str) -> int | None:
    """Where a key (or a table) is written, for the usual one-key-per-line layout."""
    *table_parts, key = dotted_key.split(".")
    table = ".".join(table_parts)
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if header := re.match(r"\s*\[([^\[\]]+)\]", line):
            current = re.sub(r"[\s\"']", "", header.group(1))
            if current == dotted_key or current.startswith(dotted_key + "."):
                return number
        elif current == table and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return None


def _describe(value: object) -> str:
    """A value as a maintainer wrote it, with its TOML kind."""
    kinds = {
        bool: "true/false",
        int: "a whole number",
        float: "a decimal number",
        str: "text",
        list: "a list",
        dict: "a table",
    }
    kind = kinds.get(type(value), type(value).__name__)
    shown = f'"{value}"' if isinstance(value, str) else repr(value)
    return f"{shown} ({kind})" if not isinstance(value, dict) else kind


class _Reader:
    """Turns the parsed TOML into a StationConfig, failing on the first mistake."""

    def __init__(self, path: Path, text: str) -> None:
        self._path = path
        self._text = text

    def _fail(self, key: str, problem: str, fix: str) -> ConfigError:
        return ConfigError(self._path, key, problem, fix, _line_of(self._text, key))

    def station(self, table: Mapping[str, Any]) -> StationConfig:
        self._check_keys(table, _TOP_KEYS, "")
        defaults = StationConfig()
        sensors = self._sensors(table["sensors"]) if "sensors" in table else defaults.sensors
        config = StationConfig(
            sensors=sensors,
            pin_factory=self._choice(table, "pin_factory", _PIN_FACTORIES, defaults.pin_factory),
            reader=self._choice(table, "reader", _READERS, defaults.reader),
            start_button_pin=self._optional_pin(table, "start_button_pin"),
            status_led_pin=self._optional_pin(table, "status_led_pin"),
            db_path=self._db_path(table) if "db_path" in table else defaults.db_path,
            visit=self._visit(table["visit"]) if "visit" in table else defaults.visit,
        )
        self._check_pin_sharing(config)
        return config

    def _check_keys(self, table: Mapping[str, Any], allowed: Collection[str], prefix: str) -> None:
        for key in table:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1)
            fix = (
                f"Did you mean '{close[0]}'?"
                if close
                else f"Allowed here: {', '.join(sorted(allowed))}."
            )
            raise self._fail(f"{prefix}{key}", f"unknown key '{key}'", fix)

    def _table(self, value: object, key: str, fix: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self._fail(key, f"expected a table, got {_describe(value)}", fix)
        return value

    def _sensors(self, value: object) -> tuple[SensorSpec, ...]:
        table = self._table(value, "sensors", "Write one [sensors.grip] / [sensors.pinch] table.")
        self._check_keys(table, SENSOR_NAMES, "sensors.")
        if not table:
            raise self._fail(
                "sensors",
                "no sensor is listed",
                "Add a [sensors.grip] or [sensors.pinch] table, or remove [sensors] "
                "to use the standard pair.",
            )
        return tuple(self._sensor(name, sensor) for name, sensor in table.items())

    def _sensor(self, name: str, value: object) -> SensorSpec:
        prefix = f"sensors.{name}."
        table = self._table(value, prefix[:-1], f"Write it as a [sensors.{name}] table.")
        self._check_keys(table, _SENSOR_KEYS, prefix)
        default = _DEFAULT_BY_NAME[name]
        gain_names = tuple(gain.name for gain in ChannelGain)
        gain = self._choice(table, "channel_gain", gain_names, default.channel_gain.name, prefix)
        try:
            return SensorSpec(
                name=name,
                dout_pin=self._pin(table.get("dout_pin", default.dout_pin), prefix + "dout_pin"),
                sck_pin=self._pin(table.get("sck_pin", default.sck_pin), prefix + "sck_pin"),
                channel_gain=ChannelGain[gain],
                rate_sps=self._rate(table, prefix, default.rate_sps),
                capacity_n=self._capacity_kg(table, prefix, default) * STANDARD_GRAVITY,
            )
        except ValueError as exc:
            raise self._fail(prefix[:-1], str(exc), "Correct this sensor's settings.") from exc

    def _int(self, value: object, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(
                key,
                f"expected a whole number, got {_describe(value)}",
                "Write the number without quotes or decimal point, e.g. 17.",
            )
        return value

    def _pin(self, value: object, key: str) -> int:
        pin = self._int(value, key)
        if not 0 <= pin <= MAX_GPIO:
            raise self._fail(
                key,
                f"GPIO{pin} does not exist",
                f"Use a BCM GPIO number from 0 to {MAX_GPIO} (as in 'GPIO17'), "
                "not a physical header pin number.",
            )
        return pin

    def _optional_pin(self, table: Mapping[str, Any], key: str) -> int | None:
        """Absent means not fitted: a box without a button or LED is still a station."""
        return self._pin(table[key], key) if key in table else None

    def _choice(
        self,
        table: Mapping[str, Any],
        key: str,
        allowed: tuple[str, ...],
        default: str,
        prefix: str = "",
    ) -> Any:
        value = table.get(key, default)
        if value not in allowed:
            options = ", ".join(f'"{option}"' for option in allowed)
            close = difflib.get_close_matches(str(value), allowed, n=1)
            hint = f' Did you mean "{close[0]}"?' if close else ""
            raise self._fail(
                prefix + key, f"{_describe(value)} is not one of {options}", f"Pick one.{hint}"
            )
        return value

    def _rate(self, table: Mapping[str, Any], prefix: str, default: int) -> int:
        rate = self._int(table.get("rate_sps", default), prefix + "rate_sps")
        if rate not in SUPPORTED_RATES_SPS:
            raise self._fail(
                prefix + "rate_sps",
                f"the HX711 runs at 10 or 80 samples per second, not {rate}",
                "Use 80 (RATE pin high, needed for games) or 10 (RATE pin low).",
            )
        return rate

    def _capacity_kg(self, table: Mapping[str, Any], prefix: str, default: SensorSpec) -> float:
        key = prefix + "capacity_kg"
        value = table.get("capacity_kg", _kilograms(default))
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self._fail(
                key, f"expected a number of kilograms, got {_describe(value)}", "E.g. 90.0."
            )
        low, high = CAPACITY_RANGE_KG
        if low <= value <= high:
            return float(value)
        fix = "Write the load cell's rated capacity in kilograms, as printed on it."
        if high < value <= high * STANDARD_GRAVITY:
            fix += f" {value} looks like newtons: that is {value / STANDARD_GRAVITY:.0f} kg."
        raise self._fail(key, f"{value} kg is outside {low:g}-{high:g} kg", fix)

    def _visit(self, value: object) -> VisitSettings:
        table = self._table(value, "visit", "Write it as a [visit] table.")
        self._check_keys(table, _VISIT_KEYS, "visit.")
        defaults = VisitSettings()
        seconds = {}
        for key in _VISIT_KEYS:
            number = table.get(key, getattr(defaults, key))
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise self._fail(
                    f"visit.{key}", f"expected seconds, got {_describe(number)}", "E.g. 120."
                )
            seconds[key] = float(number)
        try:
            return VisitSettings(**seconds)
        except ValueError as exc:
            raise self._fail("visit", str(exc), "Correct the visit's times.") from exc

    def _db_path(self, table: Mapping[str, Any]) -> Path:
        value = table["db_path"]
        if not isinstance(value, str) or not value.strip():
            raise self._fail(
                "db_path",
                f"expected a file path in quotes, got {_describe(value)}",
                'E.g. db_path = "/home/pi/grip.db", or delete the line for the default.',
            )
        db_path = Path(value).expanduser()
        return db_path if db_path.is_absolute() else self._path.parent / db_path

    def _check_pin_sharing(self, config: StationConfig) -> None:
        """One GPIO, one job: the sampler clocks each HX711 on its own PD_SCK line."""
        jobs: dict[int, str] = {}
        wanted: list[tuple[int | None, str]] = []
        for spec in config.sensors:
            wanted.append((spec.dout_pin, f"sensors.{spec.name}.dout_pin"))
            wanted.append((spec.sck_pin, f"sensors.{spec.name}.sck_pin"))
        wanted.append((config.start_button_pin, "start_button_pin"))
        wanted.append((config.status_led_pin, "status_led_pin"))
        for pin, key in wanted:
            if pin is None:
                continue
            if pin in jobs:
                raise self._fail(
                    key,
                    f"GPIO{pin} is already used by {jobs[pin]}",
                    "Give each job its own GPIO: every HX711 needs its own DOUT and PD_SCK "
                    "lines (reading two chips on one shared clock is not supported).",
                )
            jobs[pin] = key


def _kilograms(spec: SensorSpec) -> float:
    """The capacity as the file states it; rounding undoes the float error of kg -> N -> kg."""
    return round(spec.capacity_n / STANDARD_GRAVITY, 3)


def _toml_value(value: str | float) -> str:
    """TOML for the few value kinds the default file holds."""
    if not isinstance(value, str):
        return repr(value)
    escaped = "".join(
        f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in value.replace("\\", "\\\\").replace('"', '\\"')
    )
    return f'"{escaped}"'


def _default_file_text() -> str:
    config = StationConfig()
    lines = [
        "# Grip station settings. Restart the station after editing.",
        "# Pins are BCM GPIO numbers (0-27, as in 'GPIO17'), not physical header pin numbers.",
        "",
        '# "auto" uses the Pi\'s GPIO; "mock" runs without any hardware (on a PC).',
        f"pin_factory = {_toml_value(config.pin_factory)}",
        '# HX711 reader: "gpio" (the station\'s own) or "kernel" (install.sh --kernel-driver).',
        f"reader = {_toml_value(config.reader)}",
        "",
        "# Push button between this GPIO and GND. Delete the line if there is no button.",
        f"start_button_pin = {config.start_button_pin}",
        "# LED (with its resistor) from this GPIO to GND. Delete the line if there is none.",
        f"status_led_pin = {config.status_led_pin}",
        "",
        "# The database. Uncomment to keep it elsewhere; a relative path starts at this folder.",
        f"# db_path = {_toml_value(str(config.db_path))}",
        "",
        "# A visit: warm-up and cool-down in seconds (0 skips them); back to the attract",
        "# screen after idle_s seconds with nobody playing.",
        "[visit]",
        f"warmup_s = {config.visit.warmup_s:g}",
        f"cooldown_s = {config.visit.cooldown_s:g}",
        f"idle_s = {config.visit.idle_s:g}",
        "",
        "# One table per fitted sensor (grip, pinch); delete the table of a missing one.",
        '# channel_gain: "A128" (usual), "A64" or "B32". rate_sps: 80 (RATE pin high, for',
        "# games) or 10. capacity_kg: the load cell's rated capacity, in kilograms.",
        "# Every sensor needs its own dout_pin and sck_pin.",
    ]
    for spec in config.sensors:
        lines += [
            "",
            f"[sensors.{spec.name}]",
            f"dout_pin = {spec.dout_pin}",
            f"sck_pin = {spec.sck_pin}",
            f"channel_gain = {_toml_value(spec.channel_gain.name)}",
            f"rate_sps = {spec.rate_sps}",
            f"capacity_kg = {_toml_value(_kilograms(spec))}",
        ]
    return "\n".join(lines) + "\n"
