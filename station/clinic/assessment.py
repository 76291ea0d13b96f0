"""The max-force test (ASHT 2015) as a clock-driven state machine, and trial analysis.

The protocol knows nothing about screens or storage: a text CLI and a touch screen both
ask ``next_step()`` what to show and ``feed()`` it samples; finished trials come back
whole, ready to be stored one commit at a time.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from hardware import GRIP, PINCH, SENSOR_NAMES, ForceSample

NS_PER_S = 1_000_000_000
MEASUREMENT_ERROR_FRACTION = 0.20
"""ASHT: a change in grip strength under ~20% is within measurement error."""
RETEST_MARGIN_FRACTION = 0.10
"""An in-game peak this far above the logged maximum suggests the maximum is stale."""
PINCH_TYPES: tuple[str, ...] = ("tip", "key", "palmar")

Point = tuple[int, float]
"""One trace point: (t_ns, newtons)."""


class Hand(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class Phase(StrEnum):
    INSTRUCT = "instruct"
    """Waiting for the therapist to confirm the child is seated and ready."""
    COUNTDOWN = "countdown"
    SQUEEZE = "squeeze"
    REST = "rest"
    DONE = "done"


class TrialFlag(StrEnum):
    """Stored as these lower-case words; ``label`` is what a therapist reads."""

    NO_SIGNAL = "no_signal"
    NO_PLATEAU = "no_plateau"
    JERK = "jerk"
    TOO_SHORT = "too_short"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class ProtocolError(ValueError):
    """The protocol was asked to do something its current phase does not allow."""


# --- trial analysis -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    """Thresholds for judging one trial; defaults follow the ASHT wording."""

    smoothing_s: float = 0.1
    """Centred moving-average window, after a 3-point median that removes lone spikes."""
    plateau_tolerance: float = 0.10
    """'Near the peak' means within this fraction below it."""
    plateau_min_s: float = 1.0
    effort_fraction: float = 0.5
    """Effort counts while the smoothed force is at least this fraction of the peak."""
    min_effort_s: float = 3.0
    signal_floor_n: float = 2.0
    """Below this the sensor reads noise, not a squeeze."""
    jerk_rfd_per_s: float = 10.0
    """Rate of force development, in peaks per second, that no steady squeeze reaches."""
    rfd_span_s: float = 0.05
    spike_ratio: float = 1.25
    """A raw sample this far above the smoothed peak is a jab, not a squeeze."""


@dataclass(frozen=True, slots=True)
class TrialAnalysis:
    peak_n: float
    effort_s: float
    plateau_s: float
    max_rfd_n_per_s: float
    flags: frozenset[TrialFlag]

    @property
    def clean(self) -> bool:
        return not self.flags


def median3(values: Sequence[float]) -> list[float]:
    """Replace each value by the median of it and its neighbours: lone spikes vanish."""
    if len(values) < 3:
        return list(values)
    inner = [sorted(values[i - 1 : i + 2])[1] for i in range(1, len(values) - 1)]
    # An end has one neighbour; borrow the next one in so a spike there is not kept.
    return [sorted(values[:3])[1], *inner, sorted(values[-3:])[1]]


def smooth(trace: Sequence[Point], window_s: float = 0.1) -> list[float]:
    """Light smoothing on real timestamps, so uneven sample spacing does not skew it."""
    values = median3([f for _, f in trace])
    half_ns = window_s * NS_PER_S / 2
    out: list[float] = []
    lo = hi = 0
    total = 0.0
    for t, _ in trace:
        while hi < len(trace) and trace[hi][0] <= t + half_ns:
            total += values[hi]
            hi += 1
        while trace[lo][0] < t - half_ns:
            total -= values[lo]
            lo += 1
        out.append(total / (hi - lo))
    return out


def _longest_run_s(trace: Sequence[Point], above: Sequence[bool]) -> float:
    """Longest contiguous stretch, in seconds, where ``above`` holds."""
    best = 0.0
    start: int | None = None
    for i, flag in enumerate(above):
        if flag and start is None:
            start = i
        if flag and start is not None:
            best = max(best, (trace[i][0] - trace[start][0]) / NS_PER_S)
        if not flag:
            start = None
    return best


def _max_rfd(trace: Sequence[Point], span_s: float) -> float:
    """Steepest rise in N/s, each measured over at least ``span_s`` to tame noise."""
    span_ns = span_s * NS_PER_S
    best = 0.0
    j = 0
    for i, (t, f) in enumerate(trace):
        while j + 1 < i and t - trace[j + 1][0] >= span_ns:
            j += 1
        dt = t - trace[j][0]
        if j < i and dt >= span_ns:
            best = max(best, (f - trace[j][1]) / (dt / NS_PER_S))
    return best


def analyse_trial(
    trace: Sequence[Point], settings: AnalysisSettings = AnalysisSettings()
) -> TrialAnalysis:
    """Peak, effort time and quality flags of one recorded squeeze."""
    if len(trace) < 2:
        return TrialAnalysis(
            peak_n=max((f for _, f in trace), default=0.0),
            effort_s=0.0,
            plateau_s=0.0,
            max_rfd_n_per_s=0.0,
            flags=frozenset({TrialFlag.NO_SIGNAL, TrialFlag.NO_PLATEAU, TrialFlag.TOO_SHORT}),
        )
    smoothed = smooth(trace, settings.smoothing_s)
    peak = max(smoothed)
    if peak < settings.signal_floor_n:
        return TrialAnalysis(
            peak_n=max(peak, 0.0),
            effort_s=0.0,
            plateau_s=0.0,
            max_rfd_n_per_s=0.0,
            flags=frozenset({TrialFlag.NO_SIGNAL, TrialFlag.NO_PLATEAU, TrialFlag.TOO_SHORT}),
        )
    effort_level = max(settings.effort_fraction * peak, settings.signal_floor_n)
    effort_s = _longest_run_s(trace, [f >= effort_level for f in smoothed])
    near_peak = (1 - settings.plateau_tolerance) * peak
    plateau_s = _longest_run_s(trace, [f >= near_peak for f in smoothed])
    rfd = _max_rfd(trace, settings.rfd_span_s)
    raw_max = max(f for _, f in trace)
    flags: set[TrialFlag] = set()
    if plateau_s < settings.plateau_min_s:
        flags.add(TrialFlag.NO_PLATEAU)
    if effort_s < settings.min_effort_s:
        flags.add(TrialFlag.TOO_SHORT)
    if rfd > settings.jerk_rfd_per_s * peak or raw_max > settings.spike_ratio * peak:
        flags.add(TrialFlag.JERK)
    return TrialAnalysis(peak, effort_s, plateau_s, rfd, frozenset(flags))


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Trial:
    """One squeeze, recorded whole: storage keeps the trace, the analysis is derived."""

    hand: Hand
    number: int
    """1-based count within this hand."""
    started_ns: int
    trace: tuple[Point, ...]
    analysis: TrialAnalysis


@dataclass(frozen=True, slots=True)
class Change:
    """How a new mean compares with the previous one, against ASHT's ~20% error."""

    previous_n: float
    current_n: float
    fraction: float
    beyond_error: bool


def change_vs(
    previous_n: float, current_n: float, error_fraction: float = MEASUREMENT_ERROR_FRACTION
) -> Change:
    """Relative change; only a change beyond the measurement error means progress."""
    if not previous_n > 0:
        raise ValueError(f"a previous result must be a positive force, not {previous_n} N")
    fraction = (current_n - previous_n) / previous_n
    return Change(previous_n, current_n, fraction, abs(fraction) > error_fraction)


@dataclass(frozen=True, slots=True)
class HandResult:
    hand: Hand
    trials: tuple[Trial, ...]
    mean_n: float
    """Mean of the trials' peaks (ASHT reports the mean of three)."""
    best_n: float
    change: Change | None = None

    @property
    def logged_max_n(self) -> float:
        """The maximum that scales games: the best trial, as %MVC conventionally uses."""
        return self.best_n

    @property
    def flagged(self) -> tuple[Trial, ...]:
        return tuple(t for t in self.trials if not t.analysis.clean)


@dataclass(frozen=True, slots=True)
class AssessmentResult:
    sensor: str
    pinch_type: str | None
    hands: dict[Hand, HandResult]
    complete: bool
    """False when the test was stopped (pain, refusal) before every trial was done."""
    stop_reason: str = ""


def summarise(
    trials: Iterable[Trial], hand: Hand, previous_mean_n: float | None = None
) -> HandResult | None:
    """Mean and best of one hand's trials; None when that hand has no trials."""
    own = tuple(t for t in trials if t.hand is hand)
    if not own:
        return None
    peaks = [t.analysis.peak_n for t in own]
    mean = statistics.fmean(peaks)
    change = None if previous_mean_n is None else change_vs(previous_mean_n, mean)
    return HandResult(hand, own, mean, max(peaks), change)


@dataclass(frozen=True, slots=True)
class RetestFlag:
    logged_max_n: float
    peak_n: float
    excess_fraction: float
    retest_suggested: bool


def check_in_game_peak(
    logged_max: float, peak: float, margin: float = RETEST_MARGIN_FRACTION
) -> RetestFlag:
    """Flag a stale maximum; the caller records the peak but leaves the scale alone."""
    if not logged_max > 0:
        raise ValueError(f"the logged maximum must be a positive force, not {logged_max} N")
    if not math.isfinite(peak):
        raise ValueError(f"an in-game peak must be a number of newtons, not {peak}")
    excess = (peak - logged_max) / logged_max
    return RetestFlag(logged_max, peak, excess, excess > margin)


# --- the protocol ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProtocolSettings:
    trials_per_hand: int = 3
    countdown_s: float = 3.0
    squeeze_window_s: float = 5.0
    """How long the squeeze prompt stays up: room to ramp up plus the 3 s hold."""
    rest_s: float = 15.0
    """Between trials of the same hand. ASHT's minimum is 15 s; NHANES uses 60 s."""
    alternate: bool = True
    late_sample_grace_s: float = 0.5
    """Samples reach the app a little after they are taken; wait this long to seal a trial."""
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)

    def __post_init__(self) -> None:
        if self.trials_per_hand < 1:
            raise ValueError("a max-force test needs at least one trial per hand")
        if self.rest_s < 15.0:
            raise ValueError(f"ASHT asks for at least 15 s of rest, not {self.rest_s} s")
        if self.squeeze_window_s < self.analysis.min_effort_s:
            raise ValueError(
                f"the squeeze window ({self.squeeze_window_s} s) is shorter than the "
                f"{self.analysis.min_effort_s} s squeeze the test asks for"
            )
        if self.countdown_s < 0 or self.late_sample_grace_s < 0:
            raise ValueError("countdown and grace times cannot be negative")


NHANES_SETTINGS = ProtocolSettings(rest_s=60.0)


@dataclass(frozen=True, slots=True)
class Step:
    """What to show now: whose turn, the words, and the time box."""

    phase: Phase
    hand: Hand | None
    trial: int
    """1-based trial number of ``hand``; 0 when no trial is pending."""
    prompt: str
    duration_s: float | None
    """Length of this phase; None while waiting for ``ready()``."""
    remaining_s: float | None


def _hand_order(hands: Sequence[Hand], trials: int, alternate: bool) -> list[Hand]:
    if alternate:
        return [h for _ in range(trials) for h in hands]
    return [h for h in hands for _ in range(trials)]


class MaxForceProtocol:
    """Instruct → countdown → squeeze → (rest) → … → done, per ASHT 2015.

    Rest is only imposed where a hand needs it: with alternating hands the other hand
    squeezes while the first one recovers, which is why NHANES alternates.
    """

    def __init__(
        self,
        sensor: str,
        hands: Sequence[Hand] = (Hand.RIGHT, Hand.LEFT),
        *,
        pinch_type: str | None = None,
        settings: ProtocolSettings = ProtocolSettings(),
        clock: Callable[[], int] = time.monotonic_ns,
        on_trial: Callable[[Trial], None] | None = None,
    ) -> None:
        if sensor not in SENSOR_NAMES:
            raise ValueError(f"unknown sensor {sensor!r}; expected one of {SENSOR_NAMES}")
        if sensor == GRIP and pinch_type is not None:
            raise ValueError("a pinch type only applies to the pinch sensor")
        if sensor == PINCH and pinch_type not in PINCH_TYPES:
            raise ValueError(f"the pinch test needs a pinch type: one of {PINCH_TYPES}")
        hands = tuple(Hand(h) for h in hands)
        if not hands or len(set(hands)) != len(hands):
            raise ValueError("name each hand to test once, e.g. (right, left)")
        self.sensor = sensor
        self.pinch_type = pinch_type
        self.settings = settings
        self._clock = clock
        self._on_trial = on_trial
        self._queue = deque(_hand_order(hands, settings.trials_per_hand, settings.alternate))
        self._hands = hands
        self._trials: list[Trial] = []
        self._last_end_ns: dict[Hand, int] = {}
        self._phase = Phase.INSTRUCT
        self._phase_start_ns = clock()
        self._open: list[Point] = []
        self._unsealed: tuple[Hand, int, int, list[Point]] | None = None
        self._stop_reason = ""

    # public API

    @property
    def trials(self) -> tuple[Trial, ...]:
        return tuple(self._trials)

    def next_step(self) -> Step:
        """The current step, after letting the clock move the protocol on."""
        now = self._clock()
        self._advance(now)
        return self._describe(now)

    def ready(self) -> None:
        """The child is in position: start the countdown."""
        self._advance(self._clock())
        if self._phase is not Phase.INSTRUCT:
            raise ProtocolError(
                f"a trial can only start from the instructions, not during {self._phase}"
            )
        self._enter(Phase.COUNTDOWN, self._clock())

    def feed(self, sample: ForceSample) -> None:
        """Offer one sample; those of other sensors or outside a squeeze are ignored."""
        if sample.sensor != self.sensor:
            return
        self._advance(self._clock())
        t = sample.t_ns
        if self._phase is Phase.SQUEEZE:
            start, trace = self._phase_start_ns, self._open
        elif self._unsealed is not None:
            _, _, start, trace = self._unsealed
        else:
            return
        if start <= t < start + self._window_ns:
            trace.append((t, sample.newtons))

    def redo_last_trial(self) -> Trial:
        """Discard the latest trial (a jab, a slip) and schedule it again for that hand."""
        self._advance(self._clock())
        if self._stop_reason:
            raise ProtocolError(f"the test was stopped ({self._stop_reason}); start a new one")
        if self._phase in (Phase.COUNTDOWN, Phase.SQUEEZE) or self._unsealed is not None:
            raise ProtocolError("wait until the current squeeze has finished before redoing it")
        if not self._trials:
            raise ProtocolError("there is no trial to redo yet")
        dropped = self._trials.pop()
        self._queue.appendleft(dropped.hand)
        self._enter(Phase.INSTRUCT, self._clock())
        return dropped

    def stop(self, reason: str) -> None:
        """End at once (pain, distress); trials already sealed are kept."""
        if self._phase is Phase.DONE:
            return
        self._stop_reason = reason or "stopped"
        self._unsealed = None
        self._open = []
        self._queue.clear()
        self._phase = Phase.DONE

    def result(self, previous_means: dict[Hand, float] | None = None) -> AssessmentResult:
        """Every trial per hand, mean of the trials and best, and change vs last time."""
        previous_means = previous_means or {}
        hands: dict[Hand, HandResult] = {}
        for hand in self._hands:
            summary = summarise(self._trials, hand, previous_means.get(hand))
            if summary is not None:
                hands[hand] = summary
        expected = self.settings.trials_per_hand
        complete = not self._stop_reason and all(
            sum(t.hand is h for t in self._trials) == expected for h in self._hands
        )
        return AssessmentResult(self.sensor, self.pinch_type, hands, complete, self._stop_reason)

    # internals

    @property
    def _window_ns(self) -> int:
        return round(self.settings.squeeze_window_s * NS_PER_S)

    def _enter(self, phase: Phase, at_ns: int) -> None:
        self._phase = phase
        self._phase_start_ns = at_ns

    def _trial_number(self, hand: Hand) -> int:
        return (
            sum(t.hand is hand for t in self._trials)
            + 1
            + (self._unsealed is not None and self._unsealed[0] is hand)
        )

    def _rest_until_ns(self, hand: Hand) -> int:
        last = self._last_end_ns.get(hand)
        return 0 if last is None else last + round(self.settings.rest_s * NS_PER_S)

    def _advance(self, now: int) -> None:
        s = self.settings
        self._seal_if_due(now)
        if self._phase is Phase.COUNTDOWN:
            end = self._phase_start_ns + round(s.countdown_s * NS_PER_S)
            if now >= end:
                self._enter(Phase.SQUEEZE, end)
                self._open = []
        if self._phase is Phase.SQUEEZE:
            end = self._phase_start_ns + self._window_ns
            if now >= end:
                hand = self._queue.popleft()
                self._unsealed = (hand, self._trial_number(hand), self._phase_start_ns, self._open)
                self._open = []
                self._last_end_ns[hand] = end
                self._enter(Phase.REST, end)
                self._seal_if_due(now)
        # The next instruction waits for the last trial to be sealed, so it can be reviewed
        # (and redone) before the child is asked to squeeze again.
        if self._phase is Phase.REST and self._unsealed is None:
            if not self._queue:
                self._enter(Phase.DONE, now)
            elif now >= self._rest_until_ns(self._queue[0]):
                self._enter(Phase.INSTRUCT, now)

    def _seal_if_due(self, now: int) -> None:
        if self._unsealed is None:
            return
        hand, number, start, trace = self._unsealed
        if now < start + self._window_ns + round(self.settings.late_sample_grace_s * NS_PER_S):
            return
        self._unsealed = None
        ordered = tuple(sorted(trace))
        trial = Trial(hand, number, start, ordered, analyse_trial(ordered, self.settings.analysis))
        self._trials.append(trial)
        if self._on_trial is not None:
            self._on_trial(trial)

    def _describe(self, now: int) -> Step:
        s = self.settings
        phase = self._phase
        if phase is Phase.DONE:
            return Step(phase, None, 0, "All done — well squeezed!", None, None)
        if phase is Phase.SQUEEZE:
            hand = self._queue[0]
            remaining = (self._phase_start_ns + self._window_ns - now) / NS_PER_S
            prompt = f"Squeeze with your {hand} hand as hard as you can — keep going!"
            return Step(
                phase,
                hand,
                self._trial_number(hand),
                prompt,
                s.squeeze_window_s,
                max(remaining, 0.0),
            )
        if phase is Phase.COUNTDOWN:
            hand = self._queue[0]
            remaining = (self._phase_start_ns + round(s.countdown_s * NS_PER_S) - now) / NS_PER_S
            prompt = f"Get ready, {hand} hand: {max(math.ceil(remaining), 1)}"
            return Step(
                phase, hand, self._trial_number(hand), prompt, s.countdown_s, max(remaining, 0.0)
            )
        if phase is Phase.REST:
            hand = self._queue[0] if self._queue else None
            remaining = 0.0 if hand is None else (self._rest_until_ns(hand) - now) / NS_PER_S
            if hand is None or remaining <= 0:
                # Only the short wait while the last trial is sealed.
                return Step(phase, None, 0, "Let go and relax…", None, None)
            prompt = f"Rest your {hand} hand: {math.ceil(remaining)} s"
            return Step(phase, hand, self._trial_number(hand), prompt, s.rest_s, remaining)
        hand = self._queue[0]
        number = self._trial_number(hand)
        prompt = (
            f"{hand.capitalize()} hand, squeeze {number} of {s.trials_per_hand}: sit tall, "
            "elbow bent at a right angle, thumb up. Ready?"
        )
        return Step(phase, hand, number, prompt, None, None)
