"""What every station screen is: a scene of the one stack, with a few facts for the shell.

The shell reads these attributes of the scene on top instead of knowing each screen:
what a press on the screen does to the simulated hands, whether the Ouch/Stop button
is shown, and whether the screen runs by itself (so an idle child is not an idle visit).
"""

from __future__ import annotations

from games.kit.scene import ClockedScene
from station.play.context import PlayContext
from station.screens.squeeze import Presses


class StationScene(ClockedScene):
    """A screen of the app; ``t_ns`` is its own clock, the sum of its updates."""

    name = "screen"
    """How a pain stop names where it happened."""
    presses: Presses | str = Presses.TAP
    exercise = False
    """The child is exercising here: the Ouch/Stop button is on screen."""
    keeps_awake = False
    """The screen plays by itself (warm-up, rest, results): no touch is needed to stay."""
    fed_by_play = False
    """Its ``GameInput`` is the play's effort (the quick max), not a neutral frame."""
    idle_s: float | None = None
    """Idle time before the shell goes back to attract; None: the visit's setting."""
    holds_chips = False
    """The screen sets the emulated chips' force itself (calibration places weights), so
    the shell must not push the simulated hands' force into them."""

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__()
        self.ctx = ctx

    def done(self) -> None:
        """Leave, waking the scene beneath (the visit goes on to its next step)."""
        if self.stack is not None and self.stack.top is self:
            self.stack.pop()


class TimedScene(StationScene):
    """A screen that plays for ``seconds`` and then leaves by itself."""

    keeps_awake = True

    def __init__(self, ctx: PlayContext, seconds: float) -> None:
        super().__init__(ctx)
        self.seconds = seconds

    @property
    def share_left(self) -> float:
        return max(0.0, 1.0 - self.t_s / self.seconds) if self.seconds > 0 else 0.0

    def tick(self, dt_ns: int) -> None:
        if self.t_s >= self.seconds:
            self.done()
