"""The box's own start button and status LED, driven from the app's frame loop.

On a Pi they use the same lgpio factory as the sensors' pins; on a PC there is nothing
to light, so the panel is simply absent. The LED follows the sensors' health, so a
maintainer can tell from across the room whether the box is ready, simulated or faulty.
"""

from __future__ import annotations

from collections.abc import Iterable

from gpiozero import Factory

from hardware import (
    ButtonEvent,
    LedState,
    PinFactoryUnavailable,
    SensorHealth,
    SensorStatus,
    StartButton,
    StatusLed,
    open_pin_factory,
)
from station.app.config import StationConfig


def led_state_for(health: Iterable[SensorHealth], simulated: bool) -> LedState:
    statuses = {h.status for h in health}
    if statuses & {SensorStatus.UNPLUGGED, SensorStatus.FAULTY}:
        return LedState.SENSOR_FAULT
    if SensorStatus.STARTING in statuses or not statuses:
        return LedState.STARTING
    return LedState.SIMULATED if simulated else LedState.READY


class FrontPanel:
    """The start button's queued presses and the LED's state, polled once per frame."""

    def __init__(
        self, factory: Factory, button_pin: int | None, led_pin: int | None, simulated: bool
    ) -> None:
        self._button = StartButton(button_pin, factory) if button_pin is not None else None
        self._led = StatusLed(led_pin, factory) if led_pin is not None else None
        self._simulated = simulated
        if self._led is not None:
            self._led.show(LedState.STARTING)

    def update(self, health: Iterable[SensorHealth]) -> list[ButtonEvent]:
        if self._led is not None:
            self._led.show(led_state_for(health, self._simulated))
        return self._button.events() if self._button is not None else []

    def close(self) -> None:
        for part in (self._button, self._led):
            if part is not None:
                part.close()


def open_front_panel(config: StationConfig, simulated: bool) -> FrontPanel | None:
    """The panel on a Pi's GPIO, or None where there is no GPIO (a PC, mock pins)."""
    if config.pin_factory == "mock":
        return None
    try:
        factory = open_pin_factory("lgpio")
    except PinFactoryUnavailable:
        return None
    return FrontPanel(factory, config.start_button_pin, config.status_led_pin, simulated)
