"""Force frames to the games' ``GameInput``: newtons divided by the rep's target.

The pipeline is polled once per displayed frame (``Reading``); every screen of that
frame reads the same reading. Every source (load cell, emulated chip, replay, virtual
squeeze) arrives as the same ``ForceFrame``, so every game sees the same input
whatever is plugged in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from games.contract import GameInput
from hardware import ForceFrame, ForcePipeline, SensorStatus

SQUEEZE_SHARE_OF_FLOOR = 0.25
"""A force above a quarter of the guest floor counts as somebody squeezing (attract, idle)."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One displayed frame's forces: the latest frame per sensor and every new one."""

    now_ns: int = 0
    """The app's clock when the sensors were polled."""
    latest: Mapping[str, ForceFrame] = field(default_factory=dict)
    new_frames: tuple[ForceFrame, ...] = ()

    def frames_of(self, sensor: str) -> tuple[ForceFrame, ...]:
        return tuple(f for f in self.new_frames if f.sensor == sensor)

    def force_n(self, sensor: str) -> float | None:
        """The smoothed force, or None while the sensor has nothing usable to say."""
        frame = self.latest.get(sensor)
        if frame is None or not frame.health.usable or not math.isfinite(frame.filtered_n):
            return None
        return max(0.0, frame.filtered_n)

    def squeezing(self, floors_n: Mapping[str, float]) -> bool:
        """Is anyone pressing a sensor harder than a resting hand would?"""
        return any(
            (force := self.force_n(sensor)) is not None and force >= floor * SQUEEZE_SHARE_OF_FLOOR
            for sensor, floor in floors_n.items()
        )


def poll(pipeline: ForcePipeline, now_ns: int) -> Reading:
    latest = pipeline.update()
    return Reading(now_ns, dict(latest), pipeline.new_frames)


def effort_input(frame: ForceFrame | None, target_n: float) -> GameInput:
    """``frame`` as the game sees it: force over ``target_n``, and whether to trust it."""
    if frame is None:
        return GameInput(t_ns=0, effort=0.0, sensor_ok=False, starting=True)
    force_n = frame.filtered_n
    readable = math.isfinite(force_n)  # a broken conversion is a sensor fault, not force
    return GameInput(
        t_ns=frame.t_ns,
        effort=max(0.0, force_n) / target_n if readable else 0.0,
        sensor_ok=frame.health.usable and readable,
        starting=frame.health.status is SensorStatus.STARTING,
    )
