"""The station config file as a maintainer meets it: defaults, edits and mistakes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hardware.spec import DEFAULT_SPECS, STANDARD_GRAVITY, ChannelGain
from station import paths
from station.app.config import ConfigError, StationConfig, load_config, write_default_config

DEFAULT_SENSORS = """\
[sensors.grip]
dout_pin = 5
sck_pin = 6

[sensors.pinch]
dout_pin = 13
sck_pin = 19
"""


@pytest.fixture(autouse=True)
def xdg_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real home directory."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return tmp_path


def load_text(tmp_path: Path, text: str) -> StationConfig:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def broken(tmp_path: Path, text: str | bytes) -> ConfigError:
    """Load a bad file, expect a ConfigError, and check the file was left untouched."""
    path = tmp_path / "config.toml"
    raw = text.encode() if isinstance(text, str) else text
    path.write_bytes(raw)
    before = path.stat().st_mtime_ns
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert path.read_bytes() == raw
    assert path.stat().st_mtime_ns == before
    assert str(path) in str(caught.value)
    return caught.value


# --- paths -----------------------------------------------------------------------------


def test_paths_follow_xdg_variables(xdg_dirs: Path) -> None:
    assert paths.config_dir() == xdg_dirs / "xdg-config" / "grip-station"
    assert paths.data_dir() == xdg_dirs / "xdg-data" / "grip-station"
    assert paths.config_file().parent == paths.config_dir()
    assert paths.default_db_path().parent == paths.data_dir()


@pytest.mark.parametrize("value", [None, "", "relative/dir"])
def test_paths_fall_back_to_home_when_xdg_is_unset_or_invalid(monkeypatch, tmp_path, value):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        if value is None:
            monkeypatch.delenv(variable)
        else:
            monkeypatch.setenv(variable, value)
    assert paths.config_dir() == tmp_path / "home" / ".config" / "grip-station"
    assert paths.data_dir() == tmp_path / "home" / ".local" / "share" / "grip-station"


# --- defaults and the default file ---------------------------------------------------------


def test_missing_file_gives_defaults_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "config.toml"
    config = load_config(path)
    assert config.sensors == DEFAULT_SPECS
    assert (config.start_button_pin, config.status_led_pin) == (17, 27)
    assert config.pin_factory == "auto"
    assert config.db_path == paths.default_db_path()
    assert not path.exists()
    assert not path.parent.exists()


def test_without_a_path_the_xdg_config_file_is_read(tmp_path: Path) -> None:
    paths.config_dir().mkdir(parents=True)
    paths.config_file().write_text('pin_factory = "mock"\n', encoding="utf-8")
    assert load_config().pin_factory == "mock"


def test_default_file_round_trips_to_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "config.toml"
    write_default_config(path)
    assert load_config(path) == StationConfig()
    text = path.read_text(encoding="utf-8")
    assert "#" in text  # commented for the maintainer who edits it


def test_default_file_is_written_with_the_pins_from_the_design(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_default_config(path)
    config = load_config(path)
    grip, pinch = config.sensors
    assert (grip.name, grip.dout_pin, grip.sck_pin) == ("grip", 5, 6)
    assert (pinch.name, pinch.dout_pin, pinch.sck_pin) == ("pinch", 13, 19)
    assert grip.capacity_n == pytest.approx(90 * STANDARD_GRAVITY)
    assert pinch.capacity_n == pytest.approx(22 * STANDARD_GRAVITY)


def test_default_file_edited_by_hand_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_default_config(path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("start_button_pin = 17\n", "").replace(
        "capacity_kg = 90.0", "capacity_kg = 100"
    )
    path.write_text(text.replace('# db_path = "', 'db_path = "'), encoding="utf-8")
    config = load_config(path)
    assert config.start_button_pin is None
    assert config.sensors[0].capacity_n == pytest.approx(100 * STANDARD_GRAVITY)


def test_default_file_never_overwrites_an_edited_one(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("status_led_pin = 22\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="already exists"):
        write_default_config(path)
    assert path.read_text(encoding="utf-8") == "status_led_pin = 22\n"


def test_default_file_survives_an_odd_database_path(tmp_path, monkeypatch) -> None:
    odd = tmp_path / 'quote " back \\ slash'
    monkeypatch.setenv("XDG_DATA_HOME", str(odd))
    path = tmp_path / "config.toml"
    write_default_config(path)
    text = path.read_text(encoding="utf-8").replace('# db_path = "', 'db_path = "')
    path.write_text(text, encoding="utf-8")
    assert load_config(path).db_path == odd / "grip-station" / "station.db"


# --- valid edits -----------------------------------------------------------------------------


def test_absent_button_and_led_mean_none_fitted(tmp_path: Path) -> None:
    config = load_text(tmp_path, DEFAULT_SENSORS)
    assert config.start_button_pin is None
    assert config.status_led_pin is None


def test_only_the_listed_sensors_are_fitted_and_omitted_keys_keep_defaults(tmp_path) -> None:
    config = load_text(tmp_path, '[sensors.grip]\nchannel_gain = "B32"\nrate_sps = 10\n')
    (grip,) = config.sensors
    assert (grip.dout_pin, grip.sck_pin) == (5, 6)
    assert grip.channel_gain is ChannelGain.B32
    assert grip.rate_sps == 10


def test_relative_db_path_is_next_to_the_config_file(tmp_path: Path) -> None:
    assert load_text(tmp_path, 'db_path = "data/grip.db"\n').db_path == tmp_path / "data/grip.db"


def test_db_path_expands_the_home_directory(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load_text(tmp_path, 'db_path = "~/g.db"\n').db_path == tmp_path / "home" / "g.db"


# --- mistakes ----------------------------------------------------------------------------------


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    error = broken(tmp_path, 'pin_factory = "mock"\nstart_button_pin 17\n')
    assert error.line == 2
    assert "line 2" in str(error)
    assert "TOML" in str(error)


def test_toml_error_at_the_end_of_the_file_still_names_a_line(tmp_path: Path) -> None:
    error = broken(tmp_path, 'pin_factory = "mock"\nstatus_led_pin =')
    assert error.line == 2


def test_duplicate_key_is_a_toml_error(tmp_path: Path) -> None:
    error = broken(tmp_path, "status_led_pin = 27\nstatus_led_pin = 22\n")
    assert "TOML" in str(error)


def test_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    error = broken(tmp_path, b"status_led_pin = 27\n\xff\xfe\n")
    assert error.line == 2
    assert "UTF-8" in str(error)


def test_a_directory_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()
    with pytest.raises(ConfigError, match="is a folder, a device or a pipe, not a file"):
        load_config(path)


def test_a_pipe_or_a_device_is_refused_at_once_instead_of_blocking_or_filling_memory(
    tmp_path: Path,
) -> None:
    pipe = tmp_path / "config.toml"
    os.mkfifo(pipe)  # opening it to read would wait for a writer for ever
    for path in (pipe, Path("/dev/zero")):
        with pytest.raises(ConfigError, match="not a file"):
            load_config(path)


def test_a_file_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbfstatus_led_pin = 22\n")  # as Notepad saves UTF-8
    assert load_config(path).status_led_pin == 22


@pytest.mark.parametrize(
    ("text", "key", "suggestion", "line"),
    [
        ('pin_factroy = "mock"\n', "pin_factroy", "pin_factory", 1),
        ("\nstart_buton_pin = 17\n", "start_buton_pin", "start_button_pin", 2),
        ("[sensor.grip]\ndout_pin = 5\n", "sensor", "sensors", 1),
        ("[sensors.grp]\ndout_pin = 5\n", "sensors.grp", "grip", 1),
        ("[sensors.grip]\ndout_pn = 5\n", "sensors.grip.dout_pn", "dout_pin", 2),
        ("[sensors.pinch]\ncapacity = 22\n", "sensors.pinch.capacity", "capacity_kg", 2),
    ],
)
def test_unknown_key_is_named_with_the_close_match(tmp_path, text, key, suggestion, line):
    error = broken(tmp_path, text)
    assert error.key == key
    assert error.line == line
    assert f"'{suggestion}'" in str(error)


def test_unknown_key_without_a_close_match_lists_the_allowed_ones(tmp_path: Path) -> None:
    error = broken(tmp_path, "volume = 3\n")
    assert "sensors" in str(error) and "pin_factory" in str(error)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("start_button_pin = 28\n", "start_button_pin"),
        ("status_led_pin = -1\n", "status_led_pin"),
        ("[sensors.grip]\ndout_pin = 29\n", "sensors.grip.dout_pin"),
        ("[sensors.pinch]\nsck_pin = 40\n", "sensors.pinch.sck_pin"),
    ],
)
def test_pins_outside_the_header_are_refused(tmp_path, text, key) -> None:
    error = broken(tmp_path, text)
    assert error.key == key
    assert "0 to 27" in str(error)
    assert "physical" in str(error)  # the usual mix-up: header pin 11 is GPIO17


@pytest.mark.parametrize("value", ['"17"', "17.0", "true", "[17]"])
def test_pin_must_be_a_whole_number(tmp_path, value) -> None:
    error = broken(tmp_path, f"start_button_pin = {value}\n")
    assert error.key == "start_button_pin"
    assert "whole number" in str(error)


def test_two_sensors_cannot_share_a_dout_pin(tmp_path: Path) -> None:
    error = broken(tmp_path, DEFAULT_SENSORS.replace("dout_pin = 13", "dout_pin = 5"))
    assert error.key == "sensors.pinch.dout_pin"
    assert error.line == 6
    assert "sensors.grip.dout_pin" in str(error)


@pytest.mark.parametrize(
    ("text", "key", "first"),
    [
        ("start_button_pin = 27\nstatus_led_pin = 27\n", "status_led_pin", "start_button_pin"),
        ("status_led_pin = 6\n", "status_led_pin", "sensors.grip.sck_pin"),
        ("start_button_pin = 13\n", "start_button_pin", "sensors.pinch.dout_pin"),
        (
            "[sensors.grip]\n[sensors.pinch]\ndout_pin = 6\n",
            "sensors.pinch.dout_pin",
            "sensors.grip.sck_pin",
        ),
    ],
)
def test_one_gpio_cannot_do_two_jobs(tmp_path, text, key, first) -> None:
    error = broken(tmp_path, text)
    assert error.key == key
    assert first in str(error)


def test_dout_and_clock_of_one_sensor_cannot_share_a_pin(tmp_path: Path) -> None:
    error = broken(tmp_path, "[sensors.grip]\ndout_pin = 6\nsck_pin = 6\n")
    assert error.key is not None and error.key.startswith("sensors.grip")


def test_two_sensors_cannot_share_a_clock_line(tmp_path: Path) -> None:
    error = broken(tmp_path, DEFAULT_SENSORS.replace("sck_pin = 19", "sck_pin = 6"))
    assert error.key == "sensors.pinch.sck_pin"
    assert "GPIO6 is already used by sensors.grip.sck_pin" in str(error)
    assert "own DOUT and PD_SCK" in str(error)


@pytest.mark.parametrize("capacity", ["0", "-5", "0.2", "5000", "nan", "inf"])
def test_capacity_must_be_a_plausible_number_of_kilograms(tmp_path, capacity) -> None:
    error = broken(tmp_path, f"[sensors.grip]\ncapacity_kg = {capacity}\n")
    assert error.key == "sensors.grip.capacity_kg"
    assert error.line == 2


def test_capacity_in_newtons_gets_a_hint(tmp_path: Path) -> None:
    error = broken(tmp_path, "[sensors.grip]\ncapacity_kg = 882.6\n")
    assert "newtons" in str(error)
    assert "90 kg" in str(error)


def test_capacity_as_text_is_refused(tmp_path: Path) -> None:
    error = broken(tmp_path, '[sensors.grip]\ncapacity_kg = "90 kg"\n')
    assert "kilograms" in str(error)


@pytest.mark.parametrize("rate", ["40", "0", '"80"'])
def test_rate_must_be_10_or_80(tmp_path, rate) -> None:
    error = broken(tmp_path, f"[sensors.pinch]\nrate_sps = {rate}\n")
    assert error.key == "sensors.pinch.rate_sps"


def test_unknown_gain_suggests_the_close_one(tmp_path: Path) -> None:
    error = broken(tmp_path, '[sensors.grip]\nchannel_gain = "A 128"\n')
    assert error.key == "sensors.grip.channel_gain"
    assert '"A128"' in str(error)


@pytest.mark.parametrize("factory", ['"gpio"', '"LGPIO"', "1"])
def test_unknown_pin_factory_lists_the_choices(tmp_path, factory) -> None:
    error = broken(tmp_path, f"pin_factory = {factory}\n")
    assert error.key == "pin_factory"
    assert '"mock"' in str(error) and '"lgpio"' in str(error)


def test_empty_sensors_table_is_refused(tmp_path: Path) -> None:
    error = broken(tmp_path, "[sensors]\n")
    assert error.key == "sensors"
    assert "[sensors.grip]" in str(error)


@pytest.mark.parametrize(
    ("text", "key"),
    [("sensors = 3\n", "sensors"), ("[sensors]\ngrip = 5\n", "sensors.grip")],
)
def test_sensors_must_be_tables(tmp_path, text, key) -> None:
    error = broken(tmp_path, text)
    assert error.key == key
    assert "table" in str(error)


@pytest.mark.parametrize("value", ['""', "3"])
def test_db_path_must_be_a_path(tmp_path, value) -> None:
    error = broken(tmp_path, f"db_path = {value}\n")
    assert error.key == "db_path"


def test_a_therapist_can_shorten_or_skip_the_warm_up_and_set_the_idle_time(tmp_path) -> None:
    config = load_text(tmp_path, "[visit]\nwarmup_s = 0\ncooldown_s = 60.5\nidle_s = 120\n")
    assert (config.visit.warmup_s, config.visit.cooldown_s, config.visit.idle_s) == (0, 60.5, 120)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[visit]\nwarmup_s = "two minutes"\n', "expected seconds"),
        ("[visit]\nidle_s = 3\n", "idle timeout under 10 s"),
        ("[visit]\ncooldown_s = -5\n", "cool-down lasts 0 to 600 s"),
        ("[visit]\nwarmup_s = nan\n", "warm-up lasts 0 to 600 s"),
        ("[visit]\nwarm_up = 60\n", "Did you mean 'warmup_s'?"),
    ],
)
def test_impossible_visit_times_are_refused_with_the_key_and_line(tmp_path, text, words) -> None:
    error = broken(tmp_path, text)
    assert words in str(error) and "line" in str(error)


# --- the HX711 reader ----------------------------------------------------------------------


def test_the_reader_is_the_stations_own_unless_the_kernel_is_chosen(tmp_path: Path) -> None:
    assert StationConfig().reader == "gpio"
    assert load_text(tmp_path, 'reader = "kernel"\n').reader == "kernel"


def test_the_default_file_explains_the_reader_and_switching_it_loads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_default_config(path)
    text = path.read_text(encoding="utf-8")
    assert 'reader = "gpio"' in text and "install.sh --kernel-driver" in text
    path.write_text(text.replace('reader = "gpio"', 'reader = "kernel"'), encoding="utf-8")
    assert load_config(path).reader == "kernel"


@pytest.mark.parametrize("value", ['"iio"', '"Kernel"', "true"])
def test_an_unknown_reader_lists_the_choices(tmp_path: Path, value: str) -> None:
    error = broken(tmp_path, f'pin_factory = "auto"\nreader = {value}\n')
    assert error.key == "reader"
    assert error.line == 2
    assert '"gpio"' in str(error) and '"kernel"' in str(error)
