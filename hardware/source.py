"""The one interface every force source implements.

The app polls a source once per frame; a poll never blocks. Real and emulated chips,
replayed recordings, scripted profiles and the virtual squeeze all look alike here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from types import TracebackType
from typing import Self

from hardware.frames import ForceSample, SensorHealth

Clock = Callable[[], int]
"""A monotonic clock in integer nanoseconds (``time.monotonic_ns`` in production)."""


class ForceSource(ABC):
    """Yields timestamped force samples, in newtons, for a fixed set of sensors."""

    #: Sensor names this source delivers, e.g. ``("grip", "pinch")``.
    sensors: tuple[str, ...]
    #: True when no real load cell is behind the numbers (shown to the therapist).
    simulated: bool
    #: One line for people: what is producing the forces.
    description: str

    def start(self) -> None:  # noqa: B027 - optional hook, most sources need nothing
        """Begin producing samples (spawn processes, open files)."""

    @abstractmethod
    def poll(self) -> list[ForceSample]:
        """Every sample produced since the last poll, oldest first. Never blocks."""

    @abstractmethod
    def health(self) -> dict[str, SensorHealth]:
        """The current health of each sensor in ``sensors``."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release processes, pins and files. Safe to call twice."""

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ForceInput(ABC):
    """Where a simulated hand pushes force: the emulated chip, or a direct source."""

    @abstractmethod
    def set_force(self, sensor: str, newtons: float) -> None:
        """Apply this force to the sensor from now on."""
