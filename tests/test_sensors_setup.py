"""Choosing the force source from --sensors, and what the maintainer is told."""

from __future__ import annotations

import pytest

from hardware.chip_source import ChipSource
from hardware.sim_sources import ReplaySource, VirtualSqueezeSource
from hardware.spec import DEFAULT_SPECS
from station.app.sensors import SensorSetupError, open_sensors
from tests.test_iio_reader import FakeSysfs

BUNDLED = "assets/recordings/edraki_power_grip_tracking.csv"


def test_auto_on_a_pc_falls_back_to_emulated_chips_with_a_notice() -> None:
    setup = open_sensors("auto", DEFAULT_SPECS, {})
    try:
        assert isinstance(setup.source, ChipSource)
        assert setup.source.simulated
        assert setup.notice is not None and setup.notice.startswith("Simulated sensors")
        assert "GPIO" in setup.notice
        assert setup.force_input is setup.source  # the virtual hands push the emulated cells
        assert set(setup.hands or {}) == {"grip", "pinch"}
    finally:
        setup.close()


def test_mock_pins_in_the_config_mean_simulation_without_probing() -> None:
    setup = open_sensors("auto", DEFAULT_SPECS, {}, factory_name="mock")
    try:
        assert setup.source.simulated
        assert "mock" in (setup.notice or "")
    finally:
        setup.close()


def test_real_sensors_asked_for_but_absent_is_a_clear_error() -> None:
    with pytest.raises(SensorSetupError, match="README") as raised:
        open_sensors("real", DEFAULT_SPECS, {})
    assert "--sensors auto" in str(raised.value)


def test_virtual_sensors_need_no_chip() -> None:
    setup = open_sensors("virtual", DEFAULT_SPECS, {})
    assert isinstance(setup.source, VirtualSqueezeSource)
    assert setup.force_input is None and setup.hands
    setup.close()


def test_replay_plays_a_recording_on_the_grip_sensor() -> None:
    setup = open_sensors(f"replay:{BUNDLED}", DEFAULT_SPECS, {})
    assert isinstance(setup.source, ReplaySource)
    assert setup.source.sensors == ("grip",)
    assert "edraki_power_grip_tracking.csv on grip" in (setup.notice or "")
    setup.close()


@pytest.mark.parametrize("mode", ["replay:", f"replay:{BUNDLED},{BUNDLED},{BUNDLED}", "bogus"])
def test_bad_modes_are_refused_with_the_choices(mode: str) -> None:
    with pytest.raises(SensorSetupError):
        open_sensors(mode, DEFAULT_SPECS, {})


# --- the kernel's hx711 driver as the reader -------------------------------------------------


def test_the_kernel_reader_without_the_overlay_falls_back_and_says_why(tmp_path) -> None:
    setup = open_sensors("auto", DEFAULT_SPECS, {}, reader="kernel", iio_root=tmp_path)
    try:
        assert setup.source.simulated
        assert "install.sh --kernel-driver" in (setup.notice or "")
    finally:
        setup.close()


def test_the_kernel_reader_asked_for_real_chips_that_are_absent_is_a_clear_error(
    tmp_path,
) -> None:
    with pytest.raises(SensorSetupError, match="no IIO HX711 device named 'grip'") as raised:
        open_sensors("real", DEFAULT_SPECS, {}, reader="kernel", iio_root=tmp_path)
    assert "--sensors auto" in str(raised.value)


def test_the_kernel_reader_opens_the_chips_it_finds(tmp_path) -> None:
    sysfs = FakeSysfs(tmp_path / "sys")
    sysfs.standard_pair()
    setup = open_sensors("real", DEFAULT_SPECS, {}, reader="kernel", iio_root=sysfs.root)
    try:
        assert isinstance(setup.source, ChipSource)
        assert setup.source.backend == "kernel"
        assert not setup.source.simulated
        assert setup.hands is None and setup.force_input is None
        assert setup.notice == "Not calibrated: grip, pinch (run grip-station calibrate)"
    finally:
        setup.close()


def test_an_unknown_reader_is_refused() -> None:
    with pytest.raises(SensorSetupError, match="gpio, kernel"):
        open_sensors("auto", DEFAULT_SPECS, {}, reader="spi")
