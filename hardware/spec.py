"""How one load cell is wired: the numbers a maintainer sets in the config file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

STANDARD_GRAVITY = 9.80665
"""m/s²: converts kilograms of load to newtons."""


class ChannelGain(IntEnum):
    """HX711 input and gain, named by the PD_SCK pulse count that selects it (datasheet)."""

    A128 = 25
    B32 = 26
    A64 = 27

    @property
    def gain(self) -> int:
        return {ChannelGain.A128: 128, ChannelGain.B32: 32, ChannelGain.A64: 64}[self]

    @property
    def channel(self) -> str:
        return "B" if self is ChannelGain.B32 else "A"


SUPPORTED_RATES_SPS = (10, 80)
"""The HX711 RATE pin gives 10 SPS (low) or 80 SPS (high); games need 80."""
SETTLING_TIME_NS = {10: 400_000_000, 80: 50_000_000}
"""Output settling time after power-up, reset or a channel/gain change (datasheet)."""


@dataclass(frozen=True, slots=True)
class SensorSpec:
    """One HX711 and its load cell. Pins are BCM GPIO numbers."""

    name: str
    dout_pin: int
    sck_pin: int
    channel_gain: ChannelGain = ChannelGain.A128
    rate_sps: int = 80
    capacity_n: float = 90 * STANDARD_GRAVITY

    def __post_init__(self) -> None:
        if self.rate_sps not in SUPPORTED_RATES_SPS:
            raise ValueError(
                f"{self.name}: rate must be 10 or 80 samples per second (the HX711 RATE pin), "
                f"not {self.rate_sps}"
            )
        if self.dout_pin == self.sck_pin:
            raise ValueError(f"{self.name}: DOUT and PD_SCK cannot share GPIO{self.dout_pin}")
        if not self.capacity_n > 0:
            raise ValueError(f"{self.name}: load-cell capacity must be positive")

    @property
    def conversion_period_ns(self) -> int:
        return 1_000_000_000 // self.rate_sps


DEFAULT_SPECS: tuple[SensorSpec, ...] = (
    SensorSpec("grip", dout_pin=5, sck_pin=6, capacity_n=90 * STANDARD_GRAVITY),
    SensorSpec("pinch", dout_pin=13, sck_pin=19, capacity_n=22 * STANDARD_GRAVITY),
)
"""Squeeze bulb on a ~90 kg (Jamar range) cell, pinch sensor on a ~22 kg cell."""
