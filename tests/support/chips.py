"""An emulated HX711 wired to the real reader through gpiozero mock pins."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from gpiozero.pins.mock import MockFactory

from hardware.hx711 import HX711Reader
from hardware.hx711_emulator import EmulatorSettings, HX711Emulator
from hardware.pins import GpioPin
from hardware.spec import ChannelGain
from tests.support.simclock import SimClock

DOUT, SCK = 5, 6


@dataclass
class Bench:
    factory: MockFactory
    emulator: HX711Emulator
    clock: Callable[[], int]
    sleep: Callable[[float], None]
    data_pin: GpioPin
    clock_pin: GpioPin

    def reader(self, channel_gain: ChannelGain = ChannelGain.A128) -> HX711Reader:
        return HX711Reader(
            self.data_pin,
            self.clock_pin,
            channel_gain=channel_gain,
            rate_sps=self.emulator.rate_sps,
            clock=self.clock,
            sleep=self.sleep,
        )


def wire_chip(
    settings: EmulatorSettings | None = None,
    *,
    rate_sps: int = 80,
    real_time: bool = False,
    seed: int = 0,
) -> Bench:
    """A chip on a simulated clock (exact and instant), or on the wall clock."""
    clock: Callable[[], int] = time.monotonic_ns
    sleep: Callable[[float], None] = time.sleep
    if not real_time:
        sim = SimClock()
        clock, sleep = sim, sim.sleep
    factory = MockFactory()
    emulator = HX711Emulator(
        factory, DOUT, SCK, rate_sps=rate_sps, settings=settings, clock=clock, seed=seed
    )
    data_pin = GpioPin(factory.pin(DOUT), output=False, pull_up=True)
    clock_pin = GpioPin(factory.pin(SCK), output=True)
    return Bench(factory, emulator, clock, sleep, data_pin, clock_pin)
