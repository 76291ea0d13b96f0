"""Force frames to the games' ``GameInput``: newtons divided by the rep's target.

One poll of the pipeline per displayed frame. Every source (load cell, emulated chip,
replay, virtual squeeze) arrives here as the same ``ForceFrame``, so every game sees
the same input whatever is plugged in.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from games.contract import GameInput
from hardware.frames import ForceFrame, SensorStatus
from hardware.signal_chain import ForcePipeline
from station.clinic.difficulty import RepPlan

RESTING = GameInput(t_ns=0, effort=0.0, sensor_ok=False, starting=True)
"""What a game sees before a target exists: no force, and not yet something to score."""


class InputBridge:
    """Polls one sensor and normalises it by the plan ``current_plan()`` names.

    Between reps (and after the last) the last plan's target still applies, so the
    character keeps following the squeeze while a rest card shows.
    """

    def __init__(
        self,
        pipeline: ForcePipeline,
        sensor: str,
        current_plan: Callable[[], RepPlan | None],
    ) -> None:
        self.pipeline = pipeline
        self.sensor = sensor
        self._current_plan = current_plan
        self.latest: ForceFrame | None = None
        self.new_frames: tuple[ForceFrame, ...] = ()
        """This poll's frames of the game's sensor, oldest first: the recorder's trace."""

    def poll(self) -> GameInput:
        frame = self.pipeline.update().get(self.sensor)
        self.new_frames = tuple(f for f in self.pipeline.new_frames if f.sensor == self.sensor)
        self.latest = frame
        plan = self._current_plan()
        if frame is None or plan is None:
            return RESTING
        force_n = frame.filtered_n
        readable = math.isfinite(force_n)  # a broken conversion is a sensor fault, not force
        return GameInput(
            t_ns=frame.t_ns,
            effort=max(0.0, force_n) / plan.target_n if readable else 0.0,
            sensor_ok=frame.health.usable and readable,
            starting=frame.health.status is SensorStatus.STARTING,
        )
