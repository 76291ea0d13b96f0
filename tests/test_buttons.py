"""Start button and status LED on gpiozero mock pins: what a child and a maintainer see."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import gpiozero
import pytest
from gpiozero.pins.mock import MockFactory, MockPin

from hardware.buttons import (
    LED_PATTERNS,
    ButtonEvent,
    LedState,
    StartButton,
    StatusLed,
)

BUTTON_GPIO = 17
LED_GPIO = 27
GENEROUS_S = 10.0
"""Upper bound for waits on gpiozero's threads; a pass never comes near it."""


class WatchedPin(MockPin):
    """A mock pin that lets a test wait for its n-th level change instead of sleeping."""

    def __init__(self, factory, info) -> None:
        self.changed = threading.Condition()
        super().__init__(factory, info)

    def _change_state(self, value):
        with self.changed:
            result = super()._change_state(value)
            self.changed.notify_all()
        return result

    def wait_for_changes(self, count: int, timeout: float = GENEROUS_S) -> bool:
        """True once the pin has changed level ``count`` times since it was last cleared."""
        with self.changed:
            return self.changed.wait_for(lambda: len(self.states) > count, timeout)


@pytest.fixture
def factory() -> Iterator[MockFactory]:
    mock = MockFactory(pin_class=WatchedPin)
    yield mock
    mock.reset()


@pytest.fixture
def button_and_pin(factory: MockFactory) -> Iterator[tuple[StartButton, MockPin]]:
    button = StartButton(BUTTON_GPIO, factory, long_press_s=60.0)
    yield button, factory.pin(BUTTON_GPIO)
    button.close()


def test_a_tap_gives_one_press_and_the_queue_then_empties(button_and_pin) -> None:
    button, pin = button_and_pin
    pin.drive_low()
    assert button.events() == []  # not known to be a tap until it is released
    pin.drive_high()
    assert button.events() == [ButtonEvent.PRESS]
    assert button.events() == []


def test_taps_between_two_frames_are_all_kept_in_order(button_and_pin) -> None:
    button, pin = button_and_pin
    for _ in range(3):
        pin.drive_low()
        pin.drive_high()
    assert button.events() == [ButtonEvent.PRESS] * 3


def test_button_is_wired_to_ground_with_pull_up_and_debounce(button_and_pin) -> None:
    button, pin = button_and_pin
    assert pin.pull == "up"
    assert pin.bounce is not None and pin.bounce > 0
    assert button.events() == []  # an idle, pulled-up pin is not a press


def test_a_hold_gives_only_a_long_press_and_the_next_tap_still_counts(factory) -> None:
    button = StartButton(BUTTON_GPIO, factory, long_press_s=0.5)
    pin = factory.pin(BUTTON_GPIO)
    try:
        pin.drive_low()
        assert button.wait(timeout=GENEROUS_S) is ButtonEvent.LONG_PRESS
        pin.drive_high()
        assert button.events() == []  # releasing a hold is not also a tap

        pin.drive_low()
        pin.drive_high()
        assert button.events() == [ButtonEvent.PRESS]
    finally:
        button.close()


def test_wait_gives_up_without_a_press(button_and_pin) -> None:
    button, _ = button_and_pin
    assert button.wait(timeout=0) is None


@pytest.mark.parametrize("seconds", [0.0, -1.0])
def test_long_press_time_must_be_positive(factory, seconds: float) -> None:
    with pytest.raises(ValueError, match="long-press time"):
        StartButton(BUTTON_GPIO, factory, long_press_s=seconds)


def test_close_frees_the_pins_for_the_next_owner(factory) -> None:
    StartButton(BUTTON_GPIO, factory).close()
    StatusLed(LED_GPIO, factory).close()

    again = StartButton(BUTTON_GPIO, factory)
    led = StatusLed(LED_GPIO, factory)
    again.close()
    led.close()


def test_pins_in_use_are_refused_until_closed(factory) -> None:
    led = StatusLed(LED_GPIO, factory)
    with pytest.raises(gpiozero.GPIOPinInUse):
        StatusLed(LED_GPIO, factory)
    led.close()


@pytest.fixture
def led_and_pin(factory: MockFactory) -> Iterator[tuple[StatusLed, WatchedPin]]:
    led = StatusLed(LED_GPIO, factory)
    yield led, factory.pin(LED_GPIO)
    led.close()


def test_led_starts_dark(led_and_pin) -> None:
    led, pin = led_and_pin
    assert led.state is LedState.OFF
    assert pin.state is False


def test_ready_is_solid_on_and_off_is_dark(led_and_pin) -> None:
    led, pin = led_and_pin
    led.show(LedState.READY)
    assert pin.state is True
    led.show(LedState.OFF)
    assert pin.state is False


@pytest.mark.realtime
@pytest.mark.parametrize(
    "state", [LedState.STARTING, LedState.SENSOR_FAULT, LedState.SIMULATED], ids=str
)
def test_blinking_states_do_blink(led_and_pin, state: LedState) -> None:
    led, pin = led_and_pin
    pin.clear_states()
    led.show(state)
    # on, off, on again: a full cycle and the start of the next
    assert pin.wait_for_changes(3), f"{state} did not blink within {GENEROUS_S} s"


@pytest.mark.realtime
def test_leaving_a_blink_for_ready_stays_solid(led_and_pin) -> None:
    led, pin = led_and_pin
    led.show(LedState.SENSOR_FAULT)
    assert pin.wait_for_changes(2)
    led.show(LedState.READY)
    pin.clear_states()
    # A leftover fault blink would toggle within 0.1 s; give it five times that.
    assert not pin.wait_for_changes(1, timeout=0.5)
    assert pin.state is True


def test_showing_the_same_state_again_does_not_restart_the_blink(led_and_pin, monkeypatch):
    led, _ = led_and_pin
    starts: list[tuple[float, float]] = []
    real_blink = gpiozero.LED.blink

    def counting_blink(self, on_time=1, off_time=1, n=None, background=True):
        starts.append((on_time, off_time))
        return real_blink(self, on_time, off_time, n, background)

    monkeypatch.setattr(gpiozero.LED, "blink", counting_blink)
    for _ in range(3):
        led.show(LedState.STARTING)
    assert len(starts) == 1
    led.show(LedState.SENSOR_FAULT)
    assert len(starts) == 2
    assert starts[0] != starts[1]


def test_each_state_looks_different_to_someone_watching_the_led() -> None:
    blinking = {s: p for s, p in LED_PATTERNS.items() if p.on_s > 0 and p.off_s > 0}
    assert set(LED_PATTERNS) == set(LedState)
    assert len(set(LED_PATTERNS.values())) == len(LedState)
    # Blink patterns must differ by at least 2x in period or in duty cycle to be told apart.
    patterns = list(blinking.values())
    for i, a in enumerate(patterns):
        for b in patterns[i + 1 :]:
            period_a, period_b = a.on_s + a.off_s, b.on_s + b.off_s
            duty_a, duty_b = a.on_s / period_a, b.on_s / period_b
            period_ratio = max(period_a, period_b) / min(period_a, period_b)
            duty_ratio = max(duty_a, duty_b) / min(duty_a, duty_b)
            assert max(period_ratio, duty_ratio) >= 2, (a, b)
