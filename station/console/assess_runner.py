"""The max-force test in a terminal: prompts, countdown, live force, rest timer, results.

The protocol decides what happens when; this loop only shows it, listens, feeds it
samples and, on simulated sensors, squeezes the virtual hand so a PC runs the test
alone. Clock, sleep, output and input are injected: a test plays the whole protocol,
with its real 15 s rests, in a fraction of a second of wall time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from hardware import GRIP, ForceInput, ForcePipeline, ForceSample, VirtualHand
from station.clinic.assessment import (
    AssessmentResult,
    Hand,
    MaxForceProtocol,
    Phase,
    ProtocolSettings,
    Step,
    Trial,
)
from station.console.stopping import Terminated, stopped_by
from station.console.tables import force_text, format_table
from station.console.text_view import force_bar
from station.storage import STOP_INTERRUPTED, STOP_NO_ANSWER, STOP_PAIN

STOP_WORDS = ("pain", "stop")
"""Typed at a prompt, these end the test at once and are stored as a pain stop."""
PINCH_POSITIONS = {
    "tip": "tip of the thumb against the tip of the index finger",
    "key": "thumb pad on the side of the index finger, as holding a key",
    "palmar": "thumb pad against the pads of the index and middle fingers",
}
RELEASE_BEFORE_END_S = 0.5
"""The simulated hand lets go this long before the squeeze window closes, as a child would."""
QUIET_REPORT_S = 1.0
"""Without a terminal to redraw on, live force and rest time are printed this often."""


@dataclass(frozen=True, slots=True)
class Pacing:
    """Where time comes from; tests pass a simulated clock whose sleep jumps it forward."""

    clock: Callable[[], int] = time.monotonic_ns
    sleep: Callable[[float], None] = time.sleep
    tick_s: float = 0.05


@dataclass(frozen=True, slots=True)
class Console:
    """The therapist's side: ``write`` puts text out as given, ``ask`` prompts for an answer."""

    write: Callable[[str], object]
    ask: Callable[[str], str]
    terminal: bool = False
    """True when one line can be redrawn in place (a TTY); else lines are printed sparsely."""
    confirm: bool = True
    """Wait for Enter before each squeeze; False (--yes) runs straight through."""

    def line(self, text: str) -> None:
        self.write(text + "\n")


@dataclass(frozen=True, slots=True)
class SimulatedHand:
    """The virtual hand on the tested sensor, and where to push its force (emulated chips)."""

    hand: VirtualHand
    force_input: ForceInput | None


def position_prompt(sensor: str, pinch_type: str | None) -> str:
    """ASHT position, with the grip pattern the sensor asks for."""
    seated = "Seated, shoulder relaxed at the side, elbow at 90°, forearm neutral (thumb up)"
    if sensor == GRIP:
        return f"{seated}, wrist straight; squeeze the bulb with the whole hand."
    pattern = PINCH_POSITIONS.get(pinch_type or "", "the pinch the therapist shows")
    return f"{seated}; pinch the sensor with the {pattern}."


class GuidedTest:
    """Runs one max-force test to the end (or to a stop) on a live pipeline.

    ``record`` is called with each trial as soon as it is sealed, so a test stopped
    halfway keeps every trial finished before the stop; ``on_stop`` is called with the
    short reason ('pain', 'interrupted', 'no answer') the moment the test stops, before
    anything else is shown, so the reason is stored even if the box loses power next.
    """

    def __init__(
        self,
        pipeline: ForcePipeline,
        console: Console,
        pacing: Pacing,
        *,
        sensor: str,
        hands: Sequence[Hand],
        record: Callable[[Trial], None],
        on_stop: Callable[[str], None],
        settings: ProtocolSettings,
        pinch_type: str | None = None,
        simulated: SimulatedHand | None = None,
        full_scale_n: float = 300.0,
    ) -> None:
        self.protocol = MaxForceProtocol(
            sensor,
            hands,
            pinch_type=pinch_type,
            settings=settings,
            clock=pacing.clock,
            on_trial=self._trial_done,
        )
        self._record = record
        self._on_stop = on_stop
        self._pipeline = pipeline
        self._console = console
        self._pacing = pacing
        self._simulated = simulated
        self._full_scale_n = full_scale_n
        self._shown: tuple[Phase, Hand | None, int, int] | None = None
        self._live_open = False
        self._force_n = 0.0

    def run(self, previous_means: dict[Hand, float] | None = None) -> AssessmentResult:
        """Guide every trial; Ctrl-C or a stop word ends the test with its trials kept.

        SIGTERM is stored as Ctrl-C is, then raised on: it ends the command, not only the test.
        """
        try:
            self._loop()
        except KeyboardInterrupt as stop:
            self._stop(STOP_INTERRUPTED, f"stopped {stopped_by(stop)}")
            if isinstance(stop, Terminated):
                raise
        except EOFError:
            self._stop(STOP_NO_ANSWER, "stopped: no answer at the prompt (input closed)")
        finally:
            self._let_go()
        return self.protocol.result(previous_means)

    def _loop(self) -> None:
        while True:
            self._pump()
            step = self.protocol.next_step()
            if step.phase is Phase.DONE:
                self._end_line()
                return
            if step.phase is Phase.INSTRUCT:
                if not self._instruct(step):
                    return
                continue
            self._drive_hand(step)
            self._show(step)
            self._pacing.sleep(self._pacing.tick_s)

    def _instruct(self, step: Step) -> bool:
        """Show the next trial's instruction; False when the therapist stops the test."""
        self._end_line()
        self._console.line(step.prompt)
        if self._console.confirm:
            answer = self._console.ask("Press Enter when ready (type 'pain' to stop): ")
            if answer.strip().lower() in STOP_WORDS:
                self._stop(STOP_PAIN, "stopped: pain reported")
                return False
        self.protocol.ready()
        return True

    def _stop(self, code: str, reason: str) -> None:
        self._end_line()
        self.protocol.stop(reason)
        self._on_stop(code)
        self._console.line(f"Test {reason}. Trials finished so far are kept.")

    def _trial_done(self, trial: Trial) -> None:
        self._record(trial)
        self._end_line()
        self._console.line(trial_line(trial) + " - stored.")

    def _pump(self) -> None:
        """Move samples from the sensor to the protocol, and the hand's force to the chip."""
        if self._simulated is not None and self._simulated.force_input is not None:
            now = self._pacing.clock()
            force = self._simulated.hand.force_n(now)
            self._simulated.force_input.set_force(self.protocol.sensor, force)
        latest = self._pipeline.update().get(self.protocol.sensor)
        if latest is not None:
            self._force_n = latest.filtered_n
        for frame in self._pipeline.new_frames:
            self.protocol.feed(ForceSample(frame.sensor, frame.t_ns, frame.raw_n))

    def _drive_hand(self, step: Step) -> None:
        if self._simulated is None:
            return
        squeezing = (
            step.phase is Phase.SQUEEZE
            and step.remaining_s is not None
            and step.remaining_s > RELEASE_BEFORE_END_S
        )
        if squeezing:
            self._simulated.hand.press(1.0)
        else:
            self._simulated.hand.release()

    def _let_go(self) -> None:
        if self._simulated is not None:
            self._simulated.hand.release()

    def _show(self, step: Step) -> None:
        remaining = step.remaining_s or 0.0
        if step.phase is Phase.COUNTDOWN:
            key = (step.phase, step.hand, step.trial, math.ceil(remaining))
            if key != self._shown:
                self._end_line()
                self._console.line(step.prompt)
            self._shown = key
            return
        if step.phase is Phase.SQUEEZE:
            bar = force_bar(self._force_n, self._full_scale_n)
            line = f"  {force_text(self._force_n):>20} [{bar}] {math.ceil(remaining)} s left"
            if self._shown is None or self._shown[0] is not Phase.SQUEEZE:
                self._console.line(step.prompt)
            self._live(line, step, math.floor(remaining / QUIET_REPORT_S))
            return
        if step.duration_s is None:  # letting go while the trial is sealed
            if self._shown is None or self._shown[0] is not Phase.REST:
                self._end_line()
                self._console.line(step.prompt)
                self._shown = (Phase.REST, None, 0, 0)
            return
        self._live(f"  {step.prompt}", step, math.ceil(remaining / (5 * QUIET_REPORT_S)))

    def _live(self, line: str, step: Step, bucket: int) -> None:
        """Redraw in place on a terminal; elsewhere print one line per time bucket."""
        key = (step.phase, step.hand, step.trial, bucket)
        if self._console.terminal:
            self._console.write("\r\x1b[K" + line)
            self._live_open = True
        elif key != self._shown:
            self._console.line(line)
        self._shown = key

    def _end_line(self) -> None:
        if self._live_open:
            self._console.write("\n")
            self._live_open = False


def trial_line(trial: Trial) -> str:
    flags = ", ".join(sorted(flag.label for flag in trial.analysis.flags))
    return (
        f"Trial {trial.number}, {trial.hand} hand: peak {force_text(trial.analysis.peak_n)}, "
        f"held {trial.analysis.effort_s:.1f} s" + (f" - flagged: {flags}" if flags else "")
    )


def results_text(
    result: AssessmentResult,
    settings: ProtocolSettings,
    previous_dates: Mapping[Hand, str],
) -> str:
    """Every trial, mean and best per hand, flags, and the change against the last test."""
    if not result.hands:
        return "No trial was finished, so there is no result."
    count = settings.trials_per_hand
    headers = ["Hand", *(f"Trial {n}" for n in range(1, count + 1)), "Mean", "Best"]
    rows = []
    notes: list[str] = []
    for hand, summary in result.hands.items():
        peaks = [force_text(t.analysis.peak_n) for t in summary.trials]
        peaks += ["-"] * (count - len(peaks))
        rows.append([hand.value, *peaks, force_text(summary.mean_n), force_text(summary.best_n)])
        for trial in summary.flagged:
            labels = ", ".join(sorted(flag.label for flag in trial.analysis.flags))
            notes.append(f"{hand} hand, trial {trial.number}: {labels}.")
        if len(summary.trials) < count:
            notes.append(
                f"{hand} hand: {len(summary.trials)} of {count} trials; the mean is not "
                f"the mean of {count}."
            )
        change = summary.change
        if change is None:
            notes.append(f"{hand} hand: no earlier test to compare with.")
        else:
            verdict = (
                "beyond the 20% measurement error: a real change"
                if change.beyond_error
                else "within the 20% measurement error: not a real change"
            )
            since = previous_dates.get(hand, "the previous test")
            notes.append(
                f"{hand} hand: {change.fraction:+.0%} against {since} "
                f"(mean {force_text(change.previous_n)}), {verdict}."
            )
    status = "" if result.complete else f"\nThe test was {result.stop_reason}."
    body = format_table(headers, rows, right=tuple(range(1, count + 3)))
    return f"Results ({result.sensor}):\n{body}\n" + "\n".join(notes) + status
