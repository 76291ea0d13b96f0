"""Guided calibration against the emulated chips: what a maintainer sees and gets."""

from __future__ import annotations

import pytest

from hardware.calibration import CalibrationError
from hardware.chip_source import ChipSource
from hardware.hx711_emulator import Fault
from hardware.sampler import emulated_cell
from hardware.spec import DEFAULT_SPECS
from station.app.cli import main
from station.app.sensors import emulated_calibrations
from station.console.calibration_flow import calibrate_sensor

pytestmark = pytest.mark.realtime
GRIP = DEFAULT_SPECS[0]


@pytest.fixture
def chips():
    source = ChipSource(DEFAULT_SPECS, "emulated", emulated_calibrations(DEFAULT_SPECS))
    source.start()
    yield source
    source.close()


class BackwardsCell:
    """The emulated chips with the grip cell's signal wires swapped."""

    def __init__(self, chips: ChipSource) -> None:
        self._chips = chips

    def __getattr__(self, name: str) -> object:
        return getattr(self._chips, name)

    def set_force(self, sensor: str, newtons: float) -> None:
        self._chips.set_force(sensor, -newtons)


def test_tare_and_span_recover_the_cell(chips: ChipSource) -> None:
    prompts: list[str] = []
    said: list[str] = []
    calibration = calibrate_sensor(
        chips, GRIP, 5000, ask=prompts.append, say=said.append, read_for_s=0.5
    )
    cell = emulated_cell(GRIP, 0)
    assert calibration.offset_counts == pytest.approx(cell.offset_counts, abs=40)
    assert 1 / calibration.newtons_per_count == pytest.approx(cell.counts_per_newton, rel=0.002)
    assert calibration.known_mass_g == 5000 and not calibration.uncalibrated
    assert "Take everything off the grip sensor" in prompts[0]
    assert "5000 g" in prompts[1]
    assert any("counts per kg" in line for line in said)


def test_a_cell_wired_backwards_is_refused_with_the_fix(chips: ChipSource) -> None:
    with pytest.raises(CalibrationError, match="wired backwards") as refused:
        calibrate_sensor(
            BackwardsCell(chips),
            GRIP,
            5000,
            ask=lambda _: None,
            say=lambda _: None,
            read_for_s=0.5,
        )
    assert "A+" in str(refused.value)


def test_an_absurd_mass_is_refused_before_any_waiting(chips: ChipSource) -> None:
    asked: list[str] = []
    with pytest.raises(CalibrationError, match="more than this sensor can carry"):
        calibrate_sensor(chips, GRIP, 500_000, ask=asked.append, say=lambda _: None)
    assert asked == []


@pytest.mark.parametrize("fault", [Fault.DOUT_STUCK_HIGH, Fault.DOUT_STUCK_LOW])
def test_a_broken_sensor_cannot_be_calibrated(chips: ChipSource, fault: Fault) -> None:
    chips.set_fault("pinch", fault)
    with pytest.raises(CalibrationError, match="doctor"):
        calibrate_sensor(chips, DEFAULT_SPECS[1], 500, ask=lambda _: None, say=lambda _: None)


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_simulated_calibration_is_never_saved(xdg, capsys) -> None:
    db = xdg / "s.db"
    args = ["--sensors", "emulated", "--db", str(db), "calibrate", "grip", "--mass-g", "2000"]
    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "not saved" in out
    from station.storage import current_calibrations, open_database  # noqa: PLC0415

    assert current_calibrations(open_database(db)) == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["calibrate", "elbow", "--mass-g", "500"], "no sensor called 'elbow'"),
        (["calibrate", "grip", "--mass-g", "0", "--yes"], "more than 0 g"),
        (["--sensors", "virtual", "calibrate", "grip", "--mass-g", "500"], "no HX711"),
    ],
)
def test_bad_calibrate_requests_get_one_sentence(xdg, capsys, args, message) -> None:
    code = main(["--db", str(xdg / "s.db"), "--sensors", "emulated", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err
