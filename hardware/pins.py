"""GPIO pins from gpiozero pin factories, behind the digitalio ``.value`` interface.

The Adafruit HX711 driver talks to ``digitalio.DigitalInOut``-like objects. Giving it
gpiozero pins instead lets the same reading code run on lgpio on a Pi and on gpiozero's
MockFactory (with our chip emulator behind the mock pins) on a PC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal, Protocol

from gpiozero import Factory, Pin
from gpiozero.pins.mock import MockFactory, MockPin

FactoryName = Literal["auto", "lgpio", "mock"]


class PinFactoryUnavailable(RuntimeError):
    """No GPIO hardware here (a PC, or a Pi without lgpio)."""


class DigitalIO(Protocol):
    """The slice of ``digitalio.DigitalInOut`` that the HX711 driver uses."""

    @property
    def value(self) -> bool: ...

    @value.setter
    def value(self, level: bool) -> None: ...


class GpioPin:
    """A gpiozero pin with a digitalio-style ``value``; configured once, as input or output."""

    __slots__ = ("_pin",)

    def __init__(self, pin: Pin, *, output: bool, pull_up: bool = False) -> None:
        self._pin = pin
        if output:
            pin.function = "output"
            pin.state = False
        else:
            pin.function = "input"
            # Pull-up: an unplugged DOUT reads high ("never ready") and is caught by the
            # ready timeout, instead of floating and producing random words.
            pin.pull = "up" if pull_up else "floating"

    @property
    def value(self) -> bool:
        return bool(self._pin.state)

    @value.setter
    def value(self, level: bool) -> None:
        self._pin.state = level

    @property
    def pin(self) -> Pin:
        return self._pin

    def close(self) -> None:
        self._pin.close()


@dataclass(frozen=True, slots=True)
class RawLines:
    """PD_SCK and DOUT as bare calls into the pin library, for the 25-27 pulses of a word.

    Through gpiozero, every write on lgpio asks the kernel for the pin's mode first (an
    ioctl, to refuse writing an input) and goes through two layers of Python properties:
    five lgpio calls per pulse instead of three, and a longer PD_SCK high phase. The pins
    are still chosen, claimed and configured by gpiozero; only the hot loop goes direct.
    """

    set_clock: Callable[[bool], object]
    read_data: Callable[[], object]


def raw_lines(clock: object, data: object) -> RawLines | None:
    """The direct calls for two ``GpioPin``s on lgpio or mock pins; None for other pins."""
    if not (isinstance(clock, GpioPin) and isinstance(data, GpioPin)):
        return None
    clock_pin, data_pin = clock.pin, data.pin
    if isinstance(clock_pin, MockPin) and isinstance(data_pin, MockPin):
        # The mock pins' equivalent of the handle: the methods gpiozero's state ends in.
        return RawLines(clock_pin._change_state, data_pin._get_state)
    handle = getattr(clock_pin.factory, "_handle", None)
    if type(clock_pin).__name__ != "LGPIOPin" or handle is None:
        return None
    import lgpio  # noqa: PLC0415 - only present on a Pi, and only for LGPIOPin

    return RawLines(
        partial(lgpio.gpio_write, handle, clock_pin.number),
        partial(lgpio.gpio_read, handle, data_pin.number),
    )


def open_pin_factory(name: FactoryName) -> Factory:
    """The factory named in the config; ``auto`` means real GPIO or an explicit error."""
    if name == "mock":
        return MockFactory()
    try:
        from gpiozero.pins.lgpio import LGPIOFactory  # noqa: PLC0415 - only present on a Pi
    except ImportError as exc:
        raise PinFactoryUnavailable(
            "the lgpio module is not installed (on a Pi: sudo apt install python3-lgpio, "
            "and make the venv with --system-site-packages)"
        ) from exc
    try:
        return LGPIOFactory()
    except Exception as exc:  # lgpio raises its own error types for a missing gpiochip
        raise PinFactoryUnavailable(f"no GPIO chip could be opened: {exc}") from exc
