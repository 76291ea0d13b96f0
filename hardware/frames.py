"""The values that flow from a sensor to the app: samples, health and force frames.

Everything downstream of a force source speaks only these types, so a real chip,
the emulator, a replayed recording and the virtual squeeze are interchangeable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

GRIP = "grip"
"""The squeeze bulb: power grip."""
PINCH = "pinch"
"""The pinch sensor: precision grip."""
SENSOR_NAMES: tuple[str, ...] = (GRIP, PINCH)


class SensorStatus(StrEnum):
    """What the person in front of the box needs to know about one sensor."""

    STARTING = "starting"
    OK = "ok"
    UNPLUGGED = "unplugged"
    """No conversion arrived in time: DOUT stuck, cable out, chip unpowered."""
    FAULTY = "faulty"
    """Conversions arrive but are mostly bad words (stuck low, saturated, slipping)."""


@dataclass(frozen=True, slots=True)
class SensorHealth:
    """A snapshot of one sensor's condition, cheap to copy into every frame."""

    status: SensorStatus
    rate_hz: float = 0.0
    dropped_words: int = 0
    last_sample_age_s: float = float("inf")
    detail: str = ""

    @property
    def usable(self) -> bool:
        return self.status is SensorStatus.OK


STARTING = SensorHealth(SensorStatus.STARTING, detail="waiting for the first sample")


@dataclass(frozen=True, slots=True)
class ForceSample:
    """One force reading in newtons, stamped with the monotonic clock of the app."""

    sensor: str
    t_ns: int
    newtons: float


@dataclass(frozen=True, slots=True)
class ForceFrame:
    """One sensor's latest force after spike rejection and smoothing."""

    sensor: str
    t_ns: int
    raw_n: float
    filtered_n: float
    health: SensorHealth
