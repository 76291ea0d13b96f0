"""A started set of sensors, as the app receives it: the source and what drives it."""

from __future__ import annotations

from dataclasses import dataclass

from hardware.signal_chain import ForcePipeline
from hardware.source import ForceInput, ForceSource
from hardware.virtual_hand import VirtualHand


@dataclass
class SensorSetup:
    """A started source and what the screens need to drive or explain it."""

    source: ForceSource
    pipeline: ForcePipeline
    hands: dict[str, VirtualHand] | None
    """The simulated hands, when a keyboard, a finger or the bot squeezes for a child."""
    force_input: ForceInput | None
    """Where the hands' force goes (emulated chips); None when the source reads them."""
    notice: str | None
    """For the maintainer: why the sensors are simulated, or what is not calibrated."""

    def close(self) -> None:
        self.source.close()
