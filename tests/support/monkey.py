"""A careless waiting room, seeded: the bot plays and a "monkey" does what children do.

The autoplay bot is the child who plays; the monkey is everything around it: taps
anywhere, key mashing (Escape, Ctrl+Q and the close button included, which the kiosk
must ignore), the box's button pressed and held, Ouch/Stop, the therapist corner held,
a child walking off mid-visit, idle gaps between visitors, guests and profiled children
in turn, cables pulled and pushed back, and (on emulated chips) the sampler killed.
Every choice comes from one ``random.Random(seed)``, so a run can be replayed.

The rest of this module watches: ``RepLedger`` counts the reps the app reported,
``LogTally`` files what was logged at WARNING and above as expected or not, and
``run_on_the_wall_clock`` drives the app at 60 frames a second on the real clock, for
the chips that keep their own time.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from unittest import mock

from games.kit.actions import (
    MOUSE,
    Action,
    CloseRequest,
    FocusLost,
    FrontButton,
    Key,
    KeyAction,
    Phase,
    Pointer,
)
from games.kit.loop import pace
from hardware.chip_source import ChipSource
from hardware.frames import ForceSample, SensorHealth, SensorStatus
from hardware.hx711_emulator import Fault
from hardware.source import ForceSource
from station.app.shell import ENTRY_CORNER_SHARE
from station.play.context import PlayContext
from station.play.session import Play
from station.screens import ouch
from station.screens.attract import AttractScene
from station.screens.therapist.base import TherapistScene
from station.storage import Player
from tests.support.app import FRAME_NS, App, FrameClock

FRAME_S = FRAME_NS / 1e9
NS_PER_S = 1_000_000_000
BORED_S = 30.0
"""Mean time a child keeps tapping at a therapist screen before walking off."""
WAYS_OUT = (KeyAction(Phase.DOWN, Key.BACK), KeyAction(Phase.DOWN, Key.QUIT), CloseRequest())
"""Escape, Ctrl+Q and the window's close button: each would end the app in a window."""


@dataclass(frozen=True, slots=True)
class Tempo:
    """Mean seconds between two of each thing the monkey does (they come at random)."""

    tap_s: float = 8.0
    mash_s: float = 45.0
    """A burst of one to eight keys, now and then one of the ways out."""
    button_s: float = 120.0
    hold_button_s: float = 1800.0
    """The front button held: Ouch/Stop in a game, the PIN pad elsewhere."""
    corner_s: float = 5400.0
    """A finger held on the therapist corner long enough to open the PIN pad."""
    ouch_s: float = 900.0
    """Of exercise time: the Ouch/Stop button tapped."""
    walk_off_s: float = 1500.0
    """Of visit time: the child leaves mid-visit and the idle timeout ends it."""
    unplug_s: float = 600.0
    gap_s: float = 240.0
    """Mean idle gap between two visitors (the attract screen plays to nobody)."""
    back_to_back: float = 0.25
    """Share of visitors who come at once after the last one."""
    sampler_kill_s: float = 45.0
    """With emulated chips: how often their sampler process is SIGKILLed."""


CLINIC_DAY = Tempo()
"""A day's pace: a few hundred taps an hour, a cable pulled every ten minutes."""
BUSY = Tempo(
    tap_s=3.0,
    mash_s=8.0,
    button_s=20.0,
    hold_button_s=240.0,
    corner_s=150.0,
    ouch_s=150.0,
    walk_off_s=300.0,
    unplug_s=25.0,
    gap_s=15.0,
    back_to_back=0.3,
    sampler_kill_s=25.0,
)
"""Everything several times in a few minutes, for the short runs."""


class Plugs(Protocol):
    """Where the monkey pulls a sensor's cable and pushes it back."""

    def unplug(self, sensor: str) -> None: ...

    def replug(self, sensor: str) -> None: ...


class PluggableSource(ForceSource):
    """Another source with cables that come out: while out, a sensor sends nothing and
    reads as unplugged, as a chip with its cable pulled does to the app."""

    def __init__(self, inner: ForceSource) -> None:
        self.inner = inner
        self.sensors = inner.sensors
        self.simulated = inner.simulated
        self.description = f"{inner.description}, with cables that come out"
        self.out: set[str] = set()

    def start(self) -> None:
        self.inner.start()

    def close(self) -> None:
        self.inner.close()

    def poll(self) -> list[ForceSample]:
        return [s for s in self.inner.poll() if s.sensor not in self.out]

    def health(self) -> dict[str, SensorHealth]:
        health = self.inner.health()
        for sensor in self.out:
            health[sensor] = SensorHealth(SensorStatus.UNPLUGGED, detail="cable pulled (monkey)")
        return health

    def unplug(self, sensor: str) -> None:
        self.out.add(sensor)

    def replug(self, sensor: str) -> None:
        self.out.discard(sensor)


class ChipPlugs:
    """Emulated chips' cables: out is DOUT held high by its pull-up, as on the bench."""

    def __init__(self, chips: ChipSource) -> None:
        self.chips = chips

    def unplug(self, sensor: str) -> None:
        self.chips.set_fault(sensor, Fault.DOUT_STUCK_HIGH)

    def replug(self, sensor: str) -> None:
        self.chips.set_fault(sensor, Fault.NONE)


class SamplerKiller:
    """SIGKILLs the emulated chips' sampler and times the app's way back: a new sampler
    process, and every sensor whose cable is in usable again."""

    def __init__(self, chips: ChipSource) -> None:
        self.chips = chips
        self.kills = 0
        self.restarts = 0
        self.shown = 0
        """Kills during which the app showed the sensors as not ready."""
        self.worst_s = 0.0
        self._killed: tuple[int, int] | None = None
        self._seen_down = False

    @property
    def waiting(self) -> bool:
        return self._killed is not None

    def kill(self, now_ns: int) -> None:
        pid = self.chips.sampler_pid
        if self._killed is not None or pid is None:
            return
        os.kill(pid, signal.SIGKILL)
        self._killed = (pid, now_ns)
        self._seen_down = False
        self.kills += 1

    def watch(self, now_ns: int, health: Mapping[str, SensorHealth], out: set[str]) -> None:
        """Call once a frame with the health the app shows and the sensors pulled out."""
        if self._killed is None:
            return
        pid, at_ns = self._killed
        plugged = [h for sensor, h in health.items() if sensor not in out]
        if not all(h.usable for h in plugged):
            self._seen_down = True
            return
        if self.chips.sampler_pid in (None, pid) or not plugged:
            return
        self.restarts += 1
        self.shown += self._seen_down
        self.worst_s = max(self.worst_s, (now_ns - at_ns) / NS_PER_S)
        self._killed = None


class Monkey:
    """Decides, before each frame, what the room does to the app in that frame."""

    def __init__(
        self,
        seed: int,
        children: Sequence[Player],
        plugs: Plugs,
        tempo: Tempo = CLINIC_DAY,
        sampler: SamplerKiller | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.children = tuple(children)
        self.plugs = plugs
        self.tempo = tempo
        self.sampler = sampler
        self.counts: Counter[str] = Counter()
        self.out: dict[str, int] = {}
        """Sensors pulled out, and when each goes back in."""
        self._due: list[tuple[int, Action]] = []
        self._arrive_ns: int | None = 0
        self._child_next = True
        self._was_attract = True

    def before_frame(self, app: App) -> None:
        now = app.clock.now_ns
        self._visitors(app, now)
        self._cables(app, now)
        if self.sampler is not None:
            health = {name: f.health for name, f in app.ctx.reading.latest.items()}
            self.sampler.watch(now, health, set(self.out))
            if self._chance(self.tempo.sampler_kill_s):
                self.sampler.kill(now)
        if app.ctx.autoplay:
            self._mischief(app, now)
        due = [action for at, action in self._due if at <= now]
        if due:
            self._due = [(at, action) for at, action in self._due if at > now]
            app.send(*due)

    def _chance(self, mean_s: float) -> bool:
        return self.rng.random() < FRAME_S / mean_s

    def _later(self, now: int, after_s: float, action: Action) -> None:
        self._due.append((now + round(after_s * NS_PER_S), action))

    # -- who is in the room -------------------------------------------------------------

    def _visitors(self, app: App, now: int) -> None:
        attract = isinstance(app.top, AttractScene)
        if attract and not self._was_attract:
            self._leave(app, now)
        self._was_attract = attract
        if self._arrive_ns is not None and now >= self._arrive_ns:
            self._arrive(app, now)
        elif app.ctx.autoplay and not attract and self._chance(self._stay_s(app)):
            self.counts["walked off mid-visit"] += 1
            self._stop_playing(app.ctx)

    def _stay_s(self, app: App) -> float:
        """A child soon tires of a PIN pad the bot cannot get past; a visit holds longer."""
        return BORED_S if isinstance(app.top, TherapistScene) else self.tempo.walk_off_s

    def _arrive(self, app: App, now: int) -> None:
        """Children and guests take turns, a child first. A child begins with a touch or
        the box's button, never by waiting: the bot alone would start a visit on a shell
        whose idle clock still counts from the last visitor."""
        child = self.rng.choice(self.children) if self._child_next and self.children else None
        self._child_next = not self._child_next
        self.counts["child visitors" if child else "guest visitors"] += 1
        app.ctx.autoplay_player = child
        app.ctx.autoplay = True
        self._arrive_ns = None
        if self.rng.random() < 0.8:
            self._tap(app, now)
        else:
            self.counts["front button presses"] += 1
            self._later(now, 0, FrontButton(held=False))

    def _leave(self, app: App, now: int) -> None:
        """Back at the attract screen: this visitor is gone; the next comes after a gap."""
        self._stop_playing(app.ctx)
        tempo = self.tempo
        gap_s = (
            0.0 if self.rng.random() < tempo.back_to_back else self.rng.expovariate(1 / tempo.gap_s)
        )
        self.counts["idle gap seconds"] += round(gap_s)
        self._arrive_ns = now + round(gap_s * NS_PER_S)

    def _stop_playing(self, ctx: PlayContext) -> None:
        ctx.autoplay = False
        play: Play | None = ctx.play
        if play is not None:
            play.autoplayer = None
        for hand in (ctx.hands or {}).values():
            hand.release()

    # -- cables and the sampler ---------------------------------------------------------

    def _cables(self, app: App, now: int) -> None:
        for sensor, back_ns in list(self.out.items()):
            if now >= back_ns:
                self.plugs.replug(sensor)
                del self.out[sensor]
        plugged = [s for s in app.ctx.fitted if s not in self.out]
        if plugged and self._chance(self.tempo.unplug_s):
            sensor = self.rng.choice(plugged)
            wobble = self.rng.random() < 0.7
            out_s = self.rng.uniform(0.3, 5.0) if wobble else self.rng.uniform(10.0, 120.0)
            self.plugs.unplug(sensor)
            self.out[sensor] = now + round(out_s * NS_PER_S)
            self.counts["cables pulled"] += 1

    # -- hands on the screen and the box ------------------------------------------------

    def _mischief(self, app: App, now: int) -> None:
        tempo = self.tempo
        if self._chance(tempo.tap_s):
            self._tap(app, now)
        if self._chance(tempo.mash_s):
            self._mash(now)
        if self._chance(tempo.button_s):
            self.counts["front button presses"] += 1
            self._later(now, 0, FrontButton(held=False))
        if self._chance(tempo.hold_button_s):
            self.counts["front button holds"] += 1
            self._later(now, 0, FrontButton(held=True))
        if self._chance(tempo.corner_s):
            self._hold_corner(app, now)
        if app.shell.role().exercise and self._chance(tempo.ouch_s):
            self._ouch(app, now)

    def _pointer(self, app: App, phase: Phase, finger: object, pos: tuple[int, int]) -> Pointer:
        width, height = app.surface.get_size()
        return Pointer(phase, finger, pos, pos[0] / width, pos[1] / height)

    def _press(self, app: App, now: int, pos: tuple[int, int], held_s: float) -> None:
        """A finger down at ``pos`` and up ``held_s`` later, sometimes sliding on the way."""
        finger = MOUSE if self.rng.random() < 0.5 else self.rng.randrange(3)
        self._later(now, 0, self._pointer(app, Phase.DOWN, finger, pos))
        if self.rng.random() < 0.2:
            width, height = app.surface.get_size()
            slid = (self.rng.randrange(width), self.rng.randrange(height))
            self._later(now, held_s / 2, self._pointer(app, Phase.MOVE, finger, slid))
            pos = slid
        self._later(now, held_s, self._pointer(app, Phase.UP, finger, pos))

    def _tap(self, app: App, now: int) -> None:
        width, height = app.surface.get_size()
        pos = (self.rng.randrange(width), self.rng.randrange(height))
        self.counts["taps"] += 1
        self._press(app, now, pos, self.rng.randint(1, 30) * FRAME_S)

    def _mash(self, now: int) -> None:
        self.counts["key bursts"] += 1
        for index in range(self.rng.randint(1, 8)):
            at_s = index * FRAME_S * self.rng.randint(1, 4)
            if self.rng.random() < 0.15:
                self.counts["ways out tried (Escape, Ctrl+Q, close)"] += 1
                self._later(now, at_s, self.rng.choice(WAYS_OUT))
                continue
            if self.rng.random() < 0.05:
                self._later(now, at_s, FocusLost())
                continue
            key = self.rng.choice(list(Key))
            self._later(now, at_s, KeyAction(Phase.DOWN, key))
            self._later(now, at_s + self.rng.randint(1, 20) * FRAME_S, KeyAction(Phase.UP, key))

    def _hold_corner(self, app: App, now: int) -> None:
        width, height = app.surface.get_size()
        side = round(height * ENTRY_CORNER_SHARE)
        pos = (width - 1 - self.rng.randrange(side), height - 1 - self.rng.randrange(side))
        self.counts["therapist corner holds"] += 1
        self._press(app, now, pos, self.rng.uniform(3.2, 4.5))

    def _ouch(self, app: App, now: int) -> None:
        self.counts["Ouch/Stop"] += 1
        if self.rng.random() < 0.5:
            self._later(now, 0, FrontButton(held=True))
            return
        rect = ouch.ouch_rect(app.surface.get_size())
        pos = (rect.x + self.rng.randrange(rect.w), rect.y + self.rng.randrange(rect.h))
        self._press(app, now, pos, self.rng.randint(2, 10) * FRAME_S)


# -- what the app reported --------------------------------------------------------------


class RepLedger:
    """Counts the reps every play reported (its recorder's outcomes), a profiled child's
    apart from a guest's, so they can be held against the reps table afterwards."""

    def __init__(self) -> None:
        self.child_reps = 0
        self.guest_reps = 0
        self._play: Play | None = None
        self._seen = 0

    def after_frame(self, ctx: PlayContext) -> None:
        play = ctx.play
        if play is not self._play:
            self._settle()  # a play that ended this frame may have finished a rep in it
            self._play, self._seen = play, 0
        self._settle()

    def _settle(self) -> None:
        play = self._play
        if play is None or play.recorder is None:
            return
        done = len(play.recorder.outcomes)
        if play.store is None:
            self.guest_reps += done - self._seen
        else:
            self.child_reps += done - self._seen
        self._seen = done


EXPECTED_LOGS = {"Ouch/Stop pressed during": "Ouch/Stop presses"}
"""Message starts the monkey causes on purpose, and what they count as."""
KEPT_MESSAGES = 20


class LogTally(logging.Handler):
    """Every record at WARNING or above, filed as expected (counted) or not (kept)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.expected: Counter[str] = Counter()
        self.unexpected: list[str] = []
        self.unexpected_total = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for start, what in EXPECTED_LOGS.items():
            if message.startswith(start):
                self.expected[what] += 1
                return
        self.unexpected_total += 1
        if len(self.unexpected) < KEPT_MESSAGES:
            error = record.exc_info[1] if record.exc_info else None
            cause = f" ({type(error).__name__}: {error})" if error is not None else ""
            self.unexpected.append(f"{record.levelname} {record.name}: {message}{cause}")

    def __enter__(self) -> LogTally:
        logging.captureWarnings(True)
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        logging.getLogger().removeHandler(self)
        logging.captureWarnings(False)


# -- the app on the wall clock ----------------------------------------------------------


class _WallClock(FrameClock):
    def __init__(self) -> None:
        self.now_ns = time.monotonic_ns()


def app_on_the_wall_clock(folder: object, **kwargs: object) -> App:
    """``App`` whose clock starts at the monotonic clock's now: emulated chips stamp their
    samples on that clock, and the shell's idle timer starts from the clock it is built on."""
    with mock.patch("tests.support.app.FrameClock", _WallClock):
        return App(folder, **kwargs)  # type: ignore[arg-type]


def run_on_the_wall_clock(
    app: App,
    until: Callable[[], bool],
    *,
    within_s: float,
    each_frame: Callable[[], None] | None = None,
) -> None:
    """Frames at 60 a second (the app's own pacing) until ``until()``; fails after
    ``within_s`` with the screens seen. ``each_frame`` runs before every frame."""
    deadline = time.monotonic() + within_s
    seen: list[str] = []

    def frame() -> bool:
        if until():
            return False
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {within_s} s; screens were {seen}")
        if each_frame is not None:
            each_frame()
        app.clock.now_ns = max(app.clock.now_ns, time.monotonic_ns())
        if not app.shell.frame():
            raise AssertionError("the app ended")
        if not seen or seen[-1] != app.top_name:
            seen.append(app.top_name)
        return True

    pace(frame, clock_ns=time.monotonic_ns, fps=60)
