"""The status LED tells a maintainer across the room what state the box is in."""

from __future__ import annotations

import pytest
from gpiozero.pins.mock import MockFactory

from hardware.buttons import LedState
from hardware.frames import SensorHealth, SensorStatus
from station.app.config import StationConfig
from station.app.front_panel import FrontPanel, led_state_for, open_front_panel

OK = SensorHealth(SensorStatus.OK)
UNPLUGGED = SensorHealth(SensorStatus.UNPLUGGED)
STARTING = SensorHealth(SensorStatus.STARTING)


@pytest.mark.parametrize(
    ("health", "simulated", "expected"),
    [
        ([OK, OK], False, LedState.READY),
        ([OK, OK], True, LedState.SIMULATED),
        ([OK, UNPLUGGED], False, LedState.SENSOR_FAULT),
        ([OK, UNPLUGGED], True, LedState.SENSOR_FAULT),
        ([STARTING, OK], False, LedState.STARTING),
        ([], False, LedState.STARTING),
    ],
)
def test_led_follows_the_sensors(health, simulated, expected) -> None:
    assert led_state_for(health, simulated) is expected


def test_panel_lights_the_led_and_hands_over_presses() -> None:
    factory = MockFactory()
    panel = FrontPanel(factory, button_pin=17, led_pin=27, simulated=False)
    try:
        assert panel.update([OK, OK]) == []
        assert factory.pin(27).state  # solid on: ready
        button = factory.pin(17)
        button.drive_low()
        button.drive_high()  # mock pins call gpiozero back on this thread: no waiting
        events = panel.update([OK, OK])
        assert [e.value for e in events] == ["press"]
    finally:
        panel.close()


def test_no_panel_without_gpio() -> None:
    assert open_front_panel(StationConfig(), simulated=True) is None
    assert open_front_panel(StationConfig(pin_factory="mock"), simulated=True) is None


def test_pins_can_be_left_out() -> None:
    panel = FrontPanel(MockFactory(), button_pin=None, led_pin=None, simulated=True)
    assert panel.update([OK]) == []
    panel.close()
