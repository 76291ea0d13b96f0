"""The visit's maximum from one quick 'squeeze as hard as you can', before a game starts.

Used for guests (waiting-room play) and for a child with no max-force test on this
sensor yet. The window opens when the squeeze begins, not when the screen appears, so
a child who needs a moment to find the bulb still gets the full few seconds.
"""

from __future__ import annotations

from collections.abc import Iterable

from hardware import ForceFrame, ForceSample
from station.clinic.difficulty import GUEST_FLOOR_N, GuestCalibration

START_FRACTION_OF_FLOOR = 0.25
"""A squeeze starts once the force passes a quarter of the guest floor (5 N grip)."""


class QuickMax:
    """Feeds a ``GuestCalibration`` from the first real squeeze on for ``duration_s``."""

    def __init__(self, sensor: str, duration_s: float = 3.0) -> None:
        self.calibration = GuestCalibration(sensor, duration_s)
        self.start_n = GUEST_FLOOR_N[sensor] * START_FRACTION_OF_FLOOR
        self._first_ns: int | None = None
        self._last_ns: int | None = None

    @property
    def sensor(self) -> str:
        return self.calibration.sensor

    @property
    def started(self) -> bool:
        return self._first_ns is not None

    @property
    def done(self) -> bool:
        return self.calibration.done

    @property
    def progress(self) -> float:
        """0 until the squeeze starts, 1 when its window is over."""
        if self._first_ns is None or self._last_ns is None:
            return 0.0
        elapsed_s = (self._last_ns - self._first_ns) / 1e9
        return min(1.0, elapsed_s / self.calibration.duration_s)

    @property
    def maximum_n(self) -> float:
        return self.calibration.maximum_n

    def feed(self, frames: Iterable[ForceFrame]) -> None:
        for frame in frames:
            if frame.sensor != self.sensor or not frame.health.usable:
                continue
            if self._first_ns is None and frame.filtered_n < self.start_n:
                continue
            if self._first_ns is None:
                self._first_ns = frame.t_ns
            if not self.done:
                self._last_ns = frame.t_ns
                self.calibration.feed(ForceSample(frame.sensor, frame.t_ns, frame.raw_n))
