"""The front-panel start button and status LED.

A child presses the button to start a game; a therapist holds it to reach their menu.
gpiozero reports edges on its own threads, so the button only queues events and the app
takes them from its frame loop: no app code ever runs on a GPIO thread.

The LED is all a maintainer sees when the screen is dark, so every state has a pattern
that cannot be mistaken for another one:

========================  ==========================  ===========================================
state                     LED                         meaning / what to do
========================  ==========================  ===========================================
``OFF``                   dark                        the app is not running: check the service
``STARTING``              slow blink, 1 per second    starting up and zeroing the sensors; wait
``READY``                 solid on                    running with every sensor healthy
``SENSOR_FAULT``          fast blink, 5 per second    a sensor is unplugged or faulty: check its
                                                      cable, then run ``grip-station doctor``
``SIMULATED``             short blip every 2 seconds  running without real sensors (mock pins);
                                                      right on a PC, wrong on a clinic box
========================  ==========================  ===========================================
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum

from gpiozero import LED, Button, Factory

DEBOUNCE_S = 0.02
"""Tactile switches stop bouncing within 5-20 ms; a child's tap lasts far longer."""


class ButtonEvent(StrEnum):
    PRESS = "press"
    """Released before the long-press time: start / confirm."""
    LONG_PRESS = "long_press"
    """Held for the long-press time; reported while still held, so the holder gets feedback."""


class StartButton:
    """A push button between a GPIO and GND, read with the internal pull-up.

    A short press is reported on release, because only then is it known not to be a hold;
    a hold is reported once, when it passes ``long_press_s``, and its release adds nothing.
    """

    def __init__(self, pin: int, pin_factory: Factory, long_press_s: float = 3.0) -> None:
        if not long_press_s > 0:
            raise ValueError(f"the long-press time must be positive, not {long_press_s} s")
        self._events: queue.SimpleQueue[ButtonEvent] = queue.SimpleQueue()
        # The hold thread and the edge callback can race at the hold boundary; the lock
        # makes "was this press a hold?" a single decision.
        self._lock = threading.Lock()
        self._held = False
        self._button = Button(
            pin,
            pull_up=True,
            bounce_time=DEBOUNCE_S,
            hold_time=long_press_s,
            pin_factory=pin_factory,
        )
        self._button.when_held = self._on_held
        self._button.when_released = self._on_released

    def _on_held(self) -> None:
        with self._lock:
            # A release may have landed just before this hold fired: then it was a press.
            if self._button.is_pressed:
                self._held = True
                self._events.put(ButtonEvent.LONG_PRESS)

    def _on_released(self) -> None:
        with self._lock:
            if not self._held:
                self._events.put(ButtonEvent.PRESS)
            self._held = False

    def events(self) -> list[ButtonEvent]:
        """Everything since the last call, oldest first; never blocks (call once per frame)."""
        drained: list[ButtonEvent] = []
        while True:
            try:
                drained.append(self._events.get_nowait())
            except queue.Empty:
                return drained

    def wait(self, timeout: float) -> ButtonEvent | None:
        """The next event, or None after ``timeout`` seconds: for "press the button" checks."""
        try:
            return self._events.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self._button.close()


class LedState(Enum):
    """What the box tells a maintainer who can only see the LED (table in the module doc)."""

    OFF = "off"
    STARTING = "starting"
    READY = "ready"
    SENSOR_FAULT = "sensor_fault"
    SIMULATED = "simulated"


@dataclass(frozen=True, slots=True)
class BlinkPattern:
    """One LED cycle; ``off_s == 0`` is solid on and ``on_s == 0`` is dark."""

    on_s: float
    off_s: float


LED_PATTERNS: Mapping[LedState, BlinkPattern] = {
    LedState.OFF: BlinkPattern(on_s=0.0, off_s=1.0),
    LedState.STARTING: BlinkPattern(on_s=0.5, off_s=0.5),
    LedState.READY: BlinkPattern(on_s=1.0, off_s=0.0),
    LedState.SENSOR_FAULT: BlinkPattern(on_s=0.1, off_s=0.1),
    LedState.SIMULATED: BlinkPattern(on_s=0.1, off_s=1.9),
}


class StatusLed:
    """An LED (with its resistor) from a GPIO to GND, showing one ``LedState`` at a time."""

    def __init__(self, pin: int, pin_factory: Factory) -> None:
        self._led = LED(pin, initial_value=False, pin_factory=pin_factory)
        self._state = LedState.OFF

    @property
    def state(self) -> LedState:
        return self._state

    def show(self, state: LedState) -> None:
        """Switch pattern; showing the current state again leaves a running blink alone."""
        if state is self._state:
            return
        pattern = LED_PATTERNS[state]
        if pattern.on_s == 0:
            self._led.off()
        elif pattern.off_s == 0:
            self._led.on()
        else:
            self._led.blink(on_time=pattern.on_s, off_time=pattern.off_s)
        self._state = state

    def close(self) -> None:
        self._led.close()
