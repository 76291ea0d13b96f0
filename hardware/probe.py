"""Is an HX711 really there? Asked once at start-up, before choosing real or simulated."""

from __future__ import annotations

from gpiozero import Factory

from hardware.hx711 import HX711Reader
from hardware.pins import GpioPin
from hardware.spec import SensorSpec


def chips_answering(factory: Factory, specs: tuple[SensorSpec, ...]) -> dict[str, bool]:
    """Reset each chip and wait one settling time plus a few conversions for DOUT to fall.

    An unplugged board leaves DOUT pulled up, so it never answers; a wired chip answers
    within ~100 ms at 80 SPS (~700 ms at 10 SPS).
    """
    answers: dict[str, bool] = {}
    for spec in specs:
        data = GpioPin(factory.pin(spec.dout_pin), output=False, pull_up=True)
        clock = GpioPin(factory.pin(spec.sck_pin), output=True)
        try:
            reader = HX711Reader(data, clock, rate_sps=spec.rate_sps)
            answers[spec.name] = reader.wait_ready(reader.settling_ns + 3 * reader.period_ns)
        finally:
            data.close()
            clock.close()
    return answers
