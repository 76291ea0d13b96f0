"""grip-station doctor: the figures a maintainer reads on a new Pi."""

from __future__ import annotations

import pytest

from hardware.frames import SensorStatus
from hardware.hx711_emulator import NOISE_COUNTS_RMS, Fault
from hardware.spec import DEFAULT_SPECS
from station.app.cli import main
from station.app.sensors import open_sensors
from station.console.diagnostics import diagnose, format_report

pytestmark = pytest.mark.realtime


@pytest.fixture
def emulated():
    setup = open_sensors("emulated", DEFAULT_SPECS, {})
    yield setup
    setup.close()


def test_healthy_emulated_chips_report_rate_timing_and_datasheet_noise(emulated) -> None:
    report = diagnose(emulated, DEFAULT_SPECS, sensors_mode="emulated", seconds=1.5)
    assert [s.spec.name for s in report.sensors] == ["grip", "pinch"]
    for sensor in report.sensors:
        assert sensor.health.status is SensorStatus.OK
        assert 60 <= sensor.rate_sps <= 85
        assert sensor.noise_counts_rms == pytest.approx(NOISE_COUNTS_RMS[80], rel=0.35)
        assert 0 < (sensor.noise_grams or 0) < 5  # well under the 0.1 kg resolution needed
        assert sensor.pulse_high_ns
    text = format_report(report)
    for words in (
        "pin factory",
        "mock",
        "achieved rate",
        "PD_SCK high",
        "dropped words",
        "noise at rest",
        "counts rms",
        " g ",
    ):
        assert words in text


def test_an_unplugged_sensor_is_named_as_a_problem(emulated) -> None:
    emulated.source.set_fault("pinch", Fault.DOUT_STUCK_HIGH)
    report = diagnose(emulated, DEFAULT_SPECS, sensors_mode="emulated", seconds=1.0)
    assert any(p.startswith("pinch: unplugged") for p in report.problems)
    grip = report.sensors[0]
    assert grip.health.status is SensorStatus.OK and grip.samples > 0  # it plays on
    assert "PROBLEMS" in format_report(report)


def test_doctor_command_prints_the_report(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code = main(
        ["--sensors", "emulated", "--db", str(tmp_path / "s.db"), "doctor", "--seconds", "1"]
    )
    out = capsys.readouterr().out
    assert "grip-station doctor" in out
    assert "grip: DOUT GPIO5, PD_SCK GPIO6" in out
    assert code in (0, 1)  # 1 only if this shared machine starved the sampler
    assert ("All sensors OK." in out) == (code == 0)


def test_doctor_without_chips_says_there_is_nothing_to_measure(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["--sensors", "virtual", "--db", str(tmp_path / "s.db"), "doctor"]) == 0
    assert "nothing to measure" in capsys.readouterr().out
