"""One soak of the kiosk app: the accelerated day, or minutes on the emulated chips.

``day`` runs on the frame clock of ``tests.support.app.App`` (real shell, scenes, games,
signal chain and SQLite file; only time and the forces are simulated): the bot squeezes
virtual hands sampled like a chip, and the monkey pulls cables through
``PluggableSource``. ``chips`` runs in real time on the emulated HX711 chips in their
sampler process, which the monkey also kills. Either runs in a child process
(``in_child``) that prints one JSON line, so its RSS is the app's and nothing else's.

The children are the clinic's: Mia (a balloon and a crab exercise, tested on grip only,
so the crab starts with a quick max), Leo (no program: the game picker) and Zoe (a
paint-fish and a rocket exercise on her left hand). A PIN is set, as in any clinic, so
the monkey's taps on the PIN pad are wrong guesses rather than a first-start choice.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from games.kit.loop import pace
from hardware.chip_source import ChipSource
from hardware.frames import GRIP
from hardware.virtual_hand import VirtualHand
from station.app.config import StationConfig
from station.app.sensors import open_sensors
from station.clinic.assessment import Hand
from station.clinic.exercise import Exercise, Program, TargetKind
from station.play.visit import VisitSettings
from station.screens.therapist.base import LOGOUT, TherapistScene
from station.screens.therapist.kit import Button
from station.storage import (
    Player,
    add_player,
    add_trial,
    open_database,
    save_program,
    set_pin,
    start_assessment,
)
from tests.bench.bench_app import headless_env, rss_kb
from tests.bench.table import Row
from tests.support.app import FRAME_NS, QUICK_SETTINGS, App
from tests.support.clinic import program_and_test
from tests.support.monkey import (
    BUSY,
    CLINIC_DAY,
    ChipPlugs,
    LogTally,
    Monkey,
    PluggableSource,
    RepLedger,
    SamplerKiller,
    app_on_the_wall_clock,
)

ROOT = Path(__file__).resolve().parents[2]
MARK = "SOAK "
TEMPOS = {"day": CLINIC_DAY, "busy": BUSY}
SETTINGS = {"clinic": VisitSettings(), "quick": QUICK_SETTINGS}
"""The clinic's visit lengths (2 min warm-up, 2.5 min cool-down, 90 s idle), or short ones."""
GROWTH_GOAL_MB = 5.0
RESTART_GOAL_S = 10.0
"""A killed sampler is back within this: the back-off (0.5 s, growing to 5 s while it
keeps dying) plus a new process's start and the chips' settling time."""
SAMPLE_EVERY_S = 60.0
PIN = "4827"


@dataclass
class SoakReport:
    """What one soak saw; ``problems`` holds it against the goals."""

    kind: str
    seed: int
    simulated_s: float
    wall_s: float = 0.0
    screen_faults: int = 0
    kiosk_ended: bool = False
    escaped: str = ""
    """The traceback of an exception that got out of the app, if one did."""
    expected_logs: dict[str, int] = field(default_factory=dict)
    unexpected_logs: list[str] = field(default_factory=list)
    unexpected_total: int = 0
    rss_kb: list[tuple[float, int]] = field(default_factory=list)
    """(simulated seconds, VmRSS kB), every simulated minute."""
    baseline_s: float = 0.0
    visits: int = 0
    child_reps: int = 0
    """Reps the app reported for profiled children: each must be in the reps table."""
    guest_reps: int = 0
    stored_reps: int = 0
    open_sessions: int = 0
    pain_stops_pressed: int = 0
    pain_stops_stored: int = 0
    actions: dict[str, int] = field(default_factory=dict)
    sampler_kills: int = 0
    sampler_restarts: int = 0
    sampler_shown: int = 0
    worst_restart_s: float = 0.0

    def rss_at(self, simulated_s: float) -> int:
        """The first sample at or after ``simulated_s`` (the last one if none)."""
        return next((kb for t, kb in self.rss_kb if t >= simulated_s), self.rss_kb[-1][1])

    @property
    def ok_reps(self) -> bool:
        return self.stored_reps == self.child_reps

    @property
    def ok_stops(self) -> bool:
        return self.pain_stops_stored == self.pain_stops_pressed

    @property
    def ok_restarts(self) -> bool:
        return self.sampler_restarts == self.sampler_kills == self.sampler_shown

    @property
    def growth_kb(self) -> int:
        return self.rss_kb[-1][1] - self.rss_at(self.baseline_s) if self.rss_kb else 0

    def problems(self) -> list[str]:
        """Every goal missed, as a sentence; empty when the soak met them all."""
        found = []
        if self.escaped:
            found.append(f"an exception escaped the app:\n{self.escaped}")
        if self.screen_faults:
            found.append(f"{self.screen_faults} screen faults (the shell caught a screen failing)")
        if self.kiosk_ended:
            found.append("the kiosk app ended")
        if self.unexpected_total:
            found.append(f"{self.unexpected_total} unexpected log records: {self.unexpected_logs}")
        if self.kind == "day" and self.growth_kb > GROWTH_GOAL_MB * 1024:
            found.append(f"RSS grew {self.growth_kb / 1024:.1f} MB after the warm-up")
        if not self.ok_reps:
            found.append(f"{self.child_reps} reps reported, {self.stored_reps} in the database")
        if self.open_sessions:
            found.append(f"{self.open_sessions} sessions never ended")
        if not self.ok_stops:
            found.append(
                f"{self.pain_stops_pressed} Ouch/Stop presses, {self.pain_stops_stored} stored"
            )
        if self.sampler_restarts != self.sampler_kills:
            found.append(f"{self.sampler_kills} sampler kills, {self.sampler_restarts} restarts")
        if self.sampler_shown != self.sampler_restarts:
            found.append(
                f"only {self.sampler_shown} of {self.sampler_restarts} sampler restarts "
                "showed the sensors as not ready meanwhile"
            )
        if self.worst_restart_s > RESTART_GOAL_S:
            found.append(f"a killed sampler took {self.worst_restart_s:.1f} s to come back")
        return found


# -- the clinic -------------------------------------------------------------------------


def the_children(folder: Path) -> list[Player]:
    """Mia, Leo and Zoe (see the module notes), and the therapist's PIN."""
    db = open_database(folder / "station.db")
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    program_and_test(db, mia)
    leo = add_player(db, nickname="Leo", avatar="bear", dominant_hand="left")
    zoe = add_player(db, nickname="Zoe", avatar="owl", dominant_hand="left")
    percent = TargetKind.PERCENT
    paint = Exercise(GRIP, Hand.LEFT, percent, 30.0, 2.0, 2, 1, 5.0, game="wave")
    rocket = Exercise(GRIP, Hand.LEFT, percent, 30.0, 6.0, 2, 1, 5.0)
    save_program(db, zoe.id, Program((paint, rocket), 3))
    test = start_assessment(db, zoe.id, sensor=GRIP, hand="left")
    for number, peak in enumerate((120.0, 130.0, 125.0), start=1):
        add_trial(db, test.id, hand="left", trial_no=number, peak_n=peak, duration_s=3.0)
    set_pin(db, PIN)
    db.close()
    return [mia, leo, zoe]


def _stored(folder: Path, report: SoakReport) -> None:
    """What reached the database, read after the app closed (every write waited for)."""
    db = open_database(folder / "station.db")
    try:
        count = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731 - three small queries
        report.stored_reps = count("SELECT count(*) FROM reps")
        report.open_sessions = count("SELECT count(*) FROM sessions WHERE ended_at IS NULL")
        report.pain_stops_stored = count("SELECT count(*) FROM pain_stops")
    finally:
        db.close()


# -- the two soaks ----------------------------------------------------------------------


def morning_check(app: App) -> None:
    """The therapist opens therapist mode before the first child and logs out again.

    As on any clinic day, and it puts the PIN's scrypt into the warm-up: its 16 MiB block
    stays in the process's RSS after the first check (glibc raises its mmap threshold
    when the block is freed, so the next one comes from the heap); later checks add
    nothing, so counted after the warm-up it would read as a leak that is not there.
    """
    app.frame()
    app.hold_front_button()  # no one exercises on the attract screen: the PIN pad opens
    app.frame()  # drawn once, so its buttons are laid out
    for key in (*PIN, "ok"):
        app.tap(_button(app, key).rect.center)
    if app.top_name != "TherapistMenu":
        raise RuntimeError(f"the PIN did not open therapist mode: {app.trail}")
    app.tap(_button(app, LOGOUT).rect.center)


def _button(app: App, key: str) -> Button:
    top = app.top
    assert isinstance(top, TherapistScene)
    return next(button for button in top.buttons if button.key == key)


def _virtual_app(folder: Path, settings: VisitSettings, seed: int) -> App:
    """The kiosk on virtual hands sampled like a chip, with cables that come out."""
    hands: dict[str, VirtualHand] = {}

    def source(clock: Callable[[], int]) -> PluggableSource:
        sensors = StationConfig(db_path=folder / "station.db").sensors
        opened = open_sensors("virtual", sensors, {}, clock=clock)
        hands.update(opened.hands or {})
        return PluggableSource(opened.source)

    app = App(folder, source=source, settings=settings, seed=seed)
    app.setup.hands = app.ctx.hands = hands  # the bot's hands, as ``open_sensors`` gives them
    app.shell.kiosk = True
    return app


def day(folder: Path, seconds: float, seed: int, tempo: str, settings: str) -> SoakReport:
    """``seconds`` of frame-clock time in the waiting room, as fast as the frames go."""
    report = SoakReport("day", seed, seconds, baseline_s=min(1800.0, seconds / 4))
    children = the_children(folder)
    with LogTally() as tally:
        app = _virtual_app(folder, SETTINGS[settings], seed)
        morning_check(app)
        monkey = Monkey(seed, children, app.setup.source, TEMPOS[tempo])  # type: ignore[arg-type]
        ledger = RepLedger()
        every = round(SAMPLE_EVERY_S * 60)
        report.rss_kb.append((0.0, rss_kb()))

        def frame(number: int) -> bool:
            app.clock.now_ns += FRAME_NS
            alive = _one_frame(app, monkey, ledger)
            if number % every == 0:
                report.rss_kb.append((number / 60, rss_kb()))
            return alive

        began = time.perf_counter()
        try:
            report.kiosk_ended = not all(frame(n) for n in range(1, round(seconds * 60) + 1))
        except Exception:
            report.escaped = traceback.format_exc()
        report.wall_s = time.perf_counter() - began
        _finish(app, monkey, ledger, tally, report)
    _stored(folder, report)
    return report


def chips(folder: Path, seconds: float, seed: int, tempo: str, settings: str) -> SoakReport:
    """``seconds`` of real time on the emulated chips, the sampler killed now and then."""
    report = SoakReport("chips", seed, seconds, baseline_s=min(60.0, seconds / 2))
    children = the_children(folder)
    with LogTally() as tally:
        app = app_on_the_wall_clock(
            folder, sensors="emulated", settings=SETTINGS[settings], seed=seed
        )
        app.shell.kiosk = True
        source = app.setup.source
        assert isinstance(source, ChipSource)
        killer = SamplerKiller(source)
        monkey = Monkey(seed, children, ChipPlugs(source), TEMPOS[tempo], sampler=killer)
        ledger = RepLedger()
        began = time.monotonic()
        sampled = [began]

        def frame() -> bool:
            now = time.monotonic()
            app.clock.now_ns = max(app.clock.now_ns, time.monotonic_ns())
            alive = _one_frame(app, monkey, ledger)
            report.kiosk_ended = not alive
            if now - sampled[-1] >= SAMPLE_EVERY_S:
                sampled.append(now)
                report.rss_kb.append((now - began, rss_kb()))
            return alive and now - began < seconds

        report.rss_kb.append((0.0, rss_kb()))
        try:
            pace(frame, clock_ns=time.monotonic_ns, fps=60)
        except Exception:
            report.escaped = traceback.format_exc()
        report.wall_s = time.monotonic() - began
        report.sampler_kills = killer.kills - killer.waiting  # the last may still be coming back
        report.sampler_restarts = killer.restarts
        report.sampler_shown = killer.shown
        report.worst_restart_s = killer.worst_s
        _finish(app, monkey, ledger, tally, report)
    _stored(folder, report)
    return report


def _one_frame(app: App, monkey: Monkey, ledger: RepLedger) -> bool:
    monkey.before_frame(app)
    alive = app.shell.frame()
    ledger.after_frame(app.ctx)
    return alive


def _finish(
    app: App, monkey: Monkey, ledger: RepLedger, tally: LogTally, report: SoakReport
) -> None:
    """Close the app as the kiosk's stop does (the visit saved), then note the counts."""
    try:
        app.close()
    except Exception:
        report.escaped += traceback.format_exc()
    report.screen_faults = app.shell.screen_faults
    report.pain_stops_pressed = app.shell.pain_stops
    report.visits = app.ctx.visits_done
    report.child_reps = ledger.child_reps
    report.guest_reps = ledger.guest_reps
    report.actions = dict(monkey.counts)
    report.expected_logs = dict(tally.expected)
    report.unexpected_logs = tally.unexpected
    report.unexpected_total = tally.unexpected_total


SOAKS = {"day": day, "chips": chips}


# -- in a process of its own ------------------------------------------------------------


def in_child(
    kind: str, seconds: float, seed: int, *, tempo: str, settings: str, timeout_s: float
) -> SoakReport:
    """Run a soak in a fresh interpreter: its RSS is the app's, not the test runner's."""
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        argv = [sys.executable, "-m", "tests.soak.day", kind, tmp, "--seconds", f"{seconds:g}"]
        argv += ["--seed", str(seed), "--tempo", tempo, "--settings", settings]
        done = subprocess.run(
            argv,
            env=headless_env(Path(tmp)),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout_s,
        )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith(MARK)), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(
            f"the {kind} soak (seed {seed}) died ({done.returncode}): {done.stderr[-3000:]}"
        )
    data = json.loads(line.removeprefix(MARK))
    data["rss_kb"] = [tuple(pair) for pair in data["rss_kb"]]
    return SoakReport(**data)


def replay_hint(seed: int, test: str) -> str:
    return f"seed {seed}; replay with GRIP_SOAK_SEED={seed} pytest {test}"


# -- the table --------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    return f"{seconds / 3600:g} h" if seconds >= 3600 else f"{seconds / 60:g} min"


def rows(report: SoakReport) -> list[Row]:
    """Crashes, logs, memory and records against the goals, then what the monkey did."""
    crashes = report.screen_faults + bool(report.escaped) + report.kiosk_ended
    out: list[Row] = [
        ("crashes (screen faults, escaped, kiosk ended)", str(crashes), "<= 0"),
        ("unexpected warnings and errors logged", str(report.unexpected_total), "<= 0"),
    ]
    out += [(f"  expected: {what}", str(n), "") for what, n in report.expected_logs.items()]
    growth = f"{report.growth_kb / 1024:+.1f} MB"
    label = f"RSS growth, {_duration(report.baseline_s)} to the end"
    if report.kind == "day":
        out.append((label, growth, f"< {GROWTH_GOAL_MB:g} MB"))
    else:
        out.append((f"{label} (no goal: minutes)", growth, ""))
    stored = f"{report.child_reps} / {report.stored_reps}"
    out.append(("reps reported (children) / in the database", stored, "all", report.ok_reps))
    out.append(("sessions left open", str(report.open_sessions), "<= 0"))
    stops = f"{report.pain_stops_pressed} / {report.pain_stops_stored}"
    out.append(("Ouch/Stop presses / stored", stops, "all", report.ok_stops))
    if report.kind == "chips":
        restarts = f"{report.sampler_kills} / {report.sampler_restarts}"
        out.append(("sampler SIGKILLs / restarted", restarts, "all", report.ok_restarts))
        out.append(
            ("  worst time back", f"{report.worst_restart_s:.1f} s", f"<= {RESTART_GOAL_S:g} s")
        )
    out.append(("visits ended, guest reps", f"{report.visits}, {report.guest_reps}", ""))
    out += [(f"  monkey: {what}", str(n), "") for what, n in sorted(report.actions.items())]
    sim = _duration(report.simulated_s)
    out.append(
        (
            f"wall time for {sim} {'simulated' if report.kind == 'day' else 'real'}",
            f"{report.wall_s / 60:.1f} min",
            "",
        )
    )
    return out


def main(argv: list[str] | None = None) -> None:
    """The child's side: run one soak and print its report as one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m tests.soak.day")
    parser.add_argument("kind", choices=sorted(SOAKS))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--tempo", choices=sorted(TEMPOS), default="day")
    parser.add_argument("--settings", choices=sorted(SETTINGS), default="clinic")
    args = parser.parse_args(argv)
    report = SOAKS[args.kind](args.folder, args.seconds, args.seed, args.tempo, args.settings)
    print(MARK + json.dumps(asdict(report)), flush=True)


if __name__ == "__main__":
    main()
