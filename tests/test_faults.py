"""Faults through the emulated chips and the OS: what a game sees when words go bad.

**A spike reaching a game**, as these tests count it: a stretch of consecutive force
frames whose game input (``effort_input``: filtered force over the rep's target) is off
the force really applied by more than ``JUMP_AGREE`` of the cell's capacity (50 times
the HX711's noise), that either lasts two frames or more, or is off by more than
``JUMP_LIMIT`` of capacity plus that allowance in its worst frame. ``JUMP_LIMIT`` is
what the spike rejector lets an unconfirmed jump show for one sample, so anything
beyond either bound got past it. Every sample is checked, not only the one a game
frame happens to draw.

Corrupt words are the emulator's bit slips (an extra clock edge: the word shifted up
one bit). Stretched pulses are a PD_SCK high phase held past 60 µs, which powers the
chip down mid-word; the emulated sampler runs in its own process with its own pins and
has no knob for them, so they come from a stalling PD_SCK pin on a chip read in this
process (exact, on a simulated clock), and from the OS: the sampler process stopped
and continued (SIGSTOP/SIGCONT) at random moments, some of which land mid-word.
"""

from __future__ import annotations

import math
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from games.kit.cards import PauseCard
from games.registry import get_game
from hardware.chip_source import ChipSource
from hardware.filters import JUMP_AGREE, JUMP_LIMIT
from hardware.frames import GRIP, PINCH, ForceFrame, ForceSample, SensorHealth, SensorStatus
from hardware.hx711 import MAX_PULSE_HIGH_NS, HX711Reader, WordProblem
from hardware.pins import GpioPin
from hardware.sampler import emulated_cell
from hardware.signal_chain import ForcePipeline, SignalChain
from hardware.source import ForceInput
from hardware.spec import DEFAULT_SPECS
from station.app.cli import main
from station.app.sensors import emulated_calibrations
from station.play.effort import effort_input
from station.play.visit import Exercising, VisitSettings
from station.screens.visit import VisitScene
from station.storage import add_player, open_database
from tests.bench.bench_app import headless_env
from tests.support.app import App
from tests.support.chips import Bench, wire_chip
from tests.support.clinic import program_and_test
from tests.support.monkey import app_on_the_wall_clock, run_on_the_wall_clock
from tests.support.simclock import SimClock

ROOT = Path(__file__).resolve().parents[1]
CAPACITY_N = {spec.name: spec.capacity_n for spec in DEFAULT_SPECS}
FORCE_N = {GRIP: 80.0, PINCH: 20.0}
"""What the hand applies, steadily, while the words go bad."""
TARGET_N = {GRIP: 100.0, PINCH: 25.0}
"""The rep's target the game input is divided by."""
STEADY_AFTER = 10
"""Frames after a (re)start of the chain before it is judged: it takes its first
sample as it comes, whatever it is. (The chain restarts when a sensor turns usable.)"""
OK = SensorHealth(SensorStatus.OK)
SEED = 20260311


# -- watching what a game would see -----------------------------------------------------


@dataclass
class Spike:
    frames: int
    worst_n: float


@dataclass
class SpikeWatch:
    """Holds every force frame of one sensor against the force really applied.

    Only frames a game acts on are judged: the sensor usable, and the chain past its
    first ``STEADY_AFTER`` samples since it last (re)started.
    """

    sensor: str
    frames: int = 0
    corrupt: int = 0
    """Samples that reached the chain far from the applied force: bad words let through."""
    not_usable: Counter[SensorStatus] = field(default_factory=Counter)
    spikes: list[Spike] = field(default_factory=list)
    _open: Spike | None = None
    _steady: int = 0

    @property
    def allowance_n(self) -> float:
        return JUMP_AGREE * CAPACITY_N[self.sensor]

    @property
    def one_sample_n(self) -> float:
        return JUMP_LIMIT * CAPACITY_N[self.sensor] + self.allowance_n

    def feed(self, frame: ForceFrame) -> None:
        self.frames += 1
        if not frame.health.usable:
            self.not_usable[frame.health.status] += 1
            self._close()
            self._steady = 0
            return
        self._steady += 1
        if self._steady <= STEADY_AFTER:
            return
        truth = FORCE_N[self.sensor]
        corrupt = abs(frame.raw_n - truth) > JUMP_LIMIT * CAPACITY_N[self.sensor]
        self.corrupt += corrupt
        target = TARGET_N[self.sensor]
        error = abs(effort_input(frame, target).effort * target - truth)
        if error <= self.allowance_n:
            self._close()
            return
        if self._open is None:
            self._open = Spike(0, 0.0)
        spike = self._open
        spike.frames += 1
        spike.worst_n = max(spike.worst_n, error)

    def _close(self) -> None:
        spike, self._open = self._open, None
        if spike is not None and (spike.frames >= 2 or spike.worst_n > self.one_sample_n):
            self.spikes.append(spike)

    def reaching_games(self) -> list[Spike]:
        self._close()
        return list(self.spikes)


def read_words(
    bench: Bench, sensor: str, words: int, clock_pin: object | None = None
) -> tuple[SpikeWatch, HX711Reader]:
    """``words`` conversions through the reader, the sensor's signal chain and the game
    input; returns the watch and the reader (its stats say what it dropped)."""
    reader = HX711Reader(
        bench.data_pin, clock_pin or bench.clock_pin, clock=bench.clock, sleep=bench.sleep
    )
    calibration = emulated_calibrations(DEFAULT_SPECS)[sensor]
    chain = SignalChain(sensor, CAPACITY_N[sensor])
    watch = SpikeWatch(sensor)
    for _ in range(words):
        assert reader.wait_ready(1_000_000_000), "the chip stopped answering"
        conversion = reader.read_conversion()
        if conversion.problem is None:
            sample = ForceSample(
                sensor, conversion.ready_ns, calibration.to_newtons(conversion.counts)
            )
            watch.feed(chain.push(sample, OK))
    return watch, reader


class StallingClockPin:
    """PD_SCK as the reader drives it, pre-empted now and then while high: the clock
    jumps past the chip's 60 µs power-down limit before the reader's next step."""

    STALL_S = 70e-6

    def __init__(self, pin: GpioPin, clock: SimClock, per_pulse: float) -> None:
        self._pin = pin
        self._clock = clock
        self._per_pulse = per_pulse
        self._rng = random.Random(SEED)
        self.stalls = 0

    @property
    def value(self) -> bool:
        return self._pin.value

    @value.setter
    def value(self, level: bool) -> None:
        self._pin.value = level
        if level and self._rng.random() < self._per_pulse:
            self.stalls += 1
            self._clock.advance(self.STALL_S)


# -- corrupt words and stretched pulses on a chip in this process -----------------------


def test_at_1_percent_corrupt_words_no_spike_reaches_a_game_in_six_minutes():
    bench = wire_chip(
        replace(
            emulated_cell(DEFAULT_SPECS[0], 0),
            force_n=lambda _t: FORCE_N[GRIP],
            bit_slip_probability=0.01,
        ),
        seed=SEED,
    )
    watch, reader = read_words(bench, GRIP, 30_000)
    assert bench.emulator.slipped_words > 200
    assert reader.stats.dropped[WordProblem.BIT_SLIP] == bench.emulator.slipped_words
    assert watch.corrupt == 0, "no slipped word became a force, two in a row included"
    assert watch.reaching_games() == []


def test_at_1_percent_stretched_pulses_the_words_are_dropped_and_no_spike_reaches_a_game():
    bench = wire_chip(
        replace(emulated_cell(DEFAULT_SPECS[0], 0), force_n=lambda _t: FORCE_N[GRIP]),
        seed=SEED,
    )
    assert isinstance(bench.clock, SimClock)
    stalling = StallingClockPin(bench.clock_pin, bench.clock, per_pulse=1 - 0.99 ** (1 / 25))
    words = 10_000
    watch, reader = read_words(bench, GRIP, words, stalling)
    stretched = reader.stats.dropped[WordProblem.STRETCHED_PULSE]
    assert 0.005 * words < stretched <= stalling.stalls, "about 1% of words were stretched"
    assert bench.emulator.power_downs >= stretched * 0.9, "each one powered the chip down"
    assert watch.corrupt == 0, "no stretched word became a force"
    assert watch.reaching_games() == []
    assert watch.frames >= words - stretched - 1


# -- through the real sampler process ---------------------------------------------------


@contextmanager
def emulated_chips() -> Iterator[tuple[ChipSource, ForcePipeline]]:
    """Both emulated cells held at ``FORCE_N``, read by the real sampler process."""
    source = ChipSource(DEFAULT_SPECS, "emulated", emulated_calibrations(DEFAULT_SPECS))
    for sensor, newtons in FORCE_N.items():
        source.set_force(sensor, newtons)
    source.start()
    try:
        yield source, ForcePipeline(source, CAPACITY_N)
    finally:
        source.close()


@contextmanager
def preempted(source: ChipSource, seed: int) -> Iterator[list[int]]:
    """The OS stops the sampler process for a fraction of a millisecond, hundreds of times
    a second, at random moments: the ones that land mid-word stretch a PD_SCK pulse."""
    done = threading.Event()
    stops = [0]
    rng = random.Random(seed)

    def storm() -> None:
        while not done.wait(rng.uniform(0.001, 0.004)):
            pid = source.sampler_pid
            if pid is None:
                continue
            with suppress(ProcessLookupError):  # a sampler that died is restarted anyway
                os.kill(pid, signal.SIGSTOP)
                held = time.perf_counter() + rng.uniform(0.0001, 0.0004)
                while time.perf_counter() < held:
                    pass
                os.kill(pid, signal.SIGCONT)
                stops[0] += 1

    thread = threading.Thread(target=storm, daemon=True)
    thread.start()
    try:
        yield stops
    finally:
        done.set()
        thread.join()
        if source.sampler_pid is not None:
            os.kill(source.sampler_pid, signal.SIGCONT)


def stretched(source: ChipSource) -> int:
    return sum(
        high > MAX_PULSE_HIGH_NS for sensor in FORCE_N for high in source.pulse_high_ns(sensor)
    )


@pytest.mark.realtime
def test_corrupt_words_and_a_preempted_sampler_let_no_spike_reach_a_game():
    """1% bit slips on both cells, and the sampler stopped by the OS until words were
    stretched: the real sampler drops both kinds, and no spike reaches a game."""
    watches = {sensor: SpikeWatch(sensor) for sensor in FORCE_N}
    with emulated_chips() as (source, pipeline), preempted(source, SEED) as stops:
        for sensor in FORCE_N:
            source.set_bit_slip_probability(sensor, 0.01)

        def slips() -> list[int]:
            return [source.dropped_words(sensor)[WordProblem.BIT_SLIP] for sensor in FORCE_N]

        deadline = time.monotonic() + 40
        while min(slips()) < 5 or stretched(source) < 2:
            assert time.monotonic() < deadline, (
                f"only {slips()} slipped words and {stretched(source)} stretched in 40 s "
                f"({stops[0]} stops)"
            )
            select.select([source], [], [], 0.05)
            pipeline.update()
            for frame in pipeline.new_frames:
                watches[frame.sensor].feed(frame)
    for watch in watches.values():
        assert watch.reaching_games() == [], f"{watch.sensor}: spikes reached a game"
        assert watch.not_usable[SensorStatus.FAULTY] == 0, f"{watch.sensor}: {watch.not_usable}"


# -- the app on emulated chips ----------------------------------------------------------


class Overload(ForceInput):
    """The chips' force input with extra force on top: a child standing on the bulb."""

    def __init__(self, chips: ForceInput) -> None:
        self.chips = chips
        self.extra_n = 0.0

    def set_force(self, sensor: str, newtons: float) -> None:
        self.chips.set_force(sensor, newtons + (self.extra_n if sensor == GRIP else 0.0))


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def mia(folder: Path):
    db = open_database(folder / "station.db")
    player = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    program = program_and_test(db, player, reps=20)
    db.close()
    return player, program


def balloon_on_emulated_chips(folder: Path) -> App:
    """Mia's balloon exercise on the emulated chips in real time, the bot squeezing."""
    player, program = mia(folder)
    settings = VisitSettings(warmup_s=0, cooldown_s=0, idle_s=3600)
    app = app_on_the_wall_clock(
        folder, sensors="emulated", autoplay=True, player=player, settings=settings
    )
    step = Exercising(get_game("balloon"), program.program.exercises[0], program.exercise_ids[0])
    app.ctx.begin_visit(player, (step,))
    app.shell.stack.reset(VisitScene(app.ctx))
    return app


def reps_of(app: App) -> int:
    play = app.ctx.play
    return 0 if play is None or play.recorder is None else len(play.recorder.outcomes)


def grip_health(app: App) -> SensorHealth:
    return app.ctx.reading.latest[GRIP].health


def card_shown(app: App) -> bool:
    return isinstance(app.top, PauseCard) and not app.top.starting


@pytest.mark.realtime
def test_a_saturating_sensor_is_shown_faulty_pauses_the_game_and_makes_no_rep(folder):
    app = balloon_on_emulated_chips(folder)
    overload = Overload(app.setup.force_input)
    app.setup.force_input = overload
    run_on_the_wall_clock(app, lambda: reps_of(app) >= 1, within_s=40)
    before = reps_of(app)
    overload.extra_n = 3 * CAPACITY_N[GRIP]  # past the 2 mV/V cell's range: 0x7FFFFF
    run_on_the_wall_clock(
        app, lambda: grip_health(app).status is SensorStatus.FAULTY and card_shown(app), within_s=5
    )
    assert grip_health(app).detail == WordProblem.SATURATED_HIGH.value
    held = time.monotonic() + 1.5
    run_on_the_wall_clock(app, lambda: time.monotonic() > held or not card_shown(app), within_s=3)
    assert card_shown(app), "the card stays while the sensor is faulty"
    assert reps_of(app) == before, "no rep was finished from the faulty sensor"
    overload.extra_n = 0.0
    run_on_the_wall_clock(app, lambda: app.top_name == "BalloonScene", within_s=5)
    app.close()
    db = open_database(folder / "station.db")
    peaks = [row[0] for row in db.execute("SELECT peak_n FROM reps")]
    db.close()
    assert len(peaks) >= before and max(peaks) < CAPACITY_N[GRIP] / 2, peaks


@pytest.mark.realtime
def test_a_killed_sampler_is_shown_restarting_then_samples_and_the_game_resume(folder):
    app = balloon_on_emulated_chips(folder)
    source = app.setup.source
    assert isinstance(source, ChipSource)
    run_on_the_wall_clock(app, lambda: app.top_name == "BalloonScene", within_s=20)
    killed = source.sampler_pid
    assert killed is not None
    os.kill(killed, signal.SIGKILL)
    run_on_the_wall_clock(
        app, lambda: card_shown(app) and "restarting" in grip_health(app).detail, within_s=3
    )
    run_on_the_wall_clock(
        app,
        lambda: source.sampler_pid not in (None, killed) and app.top_name == "BalloonScene",
        within_s=15,
    )
    resumed = time.monotonic() + 1.0
    frames = [0]

    def count() -> None:
        frames[0] += len(app.ctx.reading.frames_of(GRIP))

    run_on_the_wall_clock(app, lambda: time.monotonic() > resumed, within_s=3, each_frame=count)
    assert frames[0] >= 40, "samples resume at the chip's rate"
    assert grip_health(app).usable and app.shell.screen_faults == 0
    app.close()


@pytest.mark.realtime
def test_one_long_frame_does_not_show_a_plugged_sensor_as_unplugged(folder):
    app = balloon_on_emulated_chips(folder)
    run_on_the_wall_clock(app, lambda: app.top_name == "BalloonScene", within_s=20)
    steady = time.monotonic() + 1.0
    run_on_the_wall_clock(app, lambda: time.monotonic() > steady, within_s=3)
    assert grip_health(app).usable
    time.sleep(0.4)  # the fault: the app's process not scheduled (a slow SD card, a swap-in)
    app.clock.now_ns = time.monotonic_ns()
    app.shell.frame()
    shown = (grip_health(app).status, app.top_name)
    app.close()
    assert shown == (SensorStatus.OK, "BalloonScene")


# -- the app killed, and the power cut mid-write ----------------------------------------

PLAYING_CHILD = """
import sys, time
from pathlib import Path
from station.storage import find_player, open_database
from tests.support.app import App
from tests.support.monkey import RepLedger

folder = Path(sys.argv[1])
db = open_database(folder / "station.db")
mia = find_player(db, "Mia")
db.close()
app = App(folder, autoplay=True, player=mia)
ledger = RepLedger()
while True:
    app.frame()
    seen = ledger.child_reps
    ledger.after_frame(app.ctx)
    for _ in range(ledger.child_reps - seen):
        print(time.monotonic(), flush=True)
"""
"""Mia's visits, one after another, on the frame clock (as fast as it goes), printing
the moment each rep is reported by the app."""
SETTLED_S = 0.5
"""A rep reported this long before the kill has been committed (the writer takes ms)."""


def kill_mid_game(folder: Path, rng: random.Random) -> tuple[list[float], float]:
    """Run the app, SIGKILL it a few reps in at a random moment; (rep times, kill time)."""
    child = subprocess.Popen(
        [sys.executable, "-c", PLAYING_CHILD, str(folder)],
        cwd=ROOT,
        env=headless_env(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    reps = [float(child.stdout.readline() or "nan") for _ in range(rng.randint(2, 5))]
    assert all(math.isfinite(t) for t in reps), child.communicate()[1][-2000:]
    moment = time.monotonic() + rng.uniform(0.0, 0.6)  # anywhere in the write cycle
    while (left := moment - time.monotonic()) > 0:
        if select.select([child.stdout], [], [], left)[0]:
            reps.append(float(child.stdout.readline()))
    child.kill()
    killed_at = time.monotonic()
    rest, _ = child.communicate()
    reps += [float(line) for line in rest.splitlines() if line.strip()]
    assert child.returncode == -signal.SIGKILL
    return reps, killed_at


@pytest.mark.realtime
def test_the_app_killed_mid_game_keeps_every_finished_rep_and_starts_again(folder):
    mia(folder)
    rng = random.Random(SEED)
    reported = settled = 0
    for _ in range(2):
        reps, killed_at = kill_mid_game(folder, rng)
        reported += len(reps)
        settled += sum(t < killed_at - SETTLED_S for t in reps)
        path = folder / "station.db"
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            stored = raw.execute("SELECT count(*) FROM reps").fetchone()[0]
            untraced = raw.execute(
                "SELECT count(*) FROM reps LEFT JOIN rep_traces ON rep_id = id WHERE rep_id IS NULL"
            ).fetchone()[0]
        raw.close()
        assert settled <= stored <= reported, "every rep reported before the kill is stored"
        assert untraced == 0
    argv = ["--db", str(folder / "station.db"), "--sensors", "virtual", "run", "--autoplay"]
    started = subprocess.run(
        [sys.executable, "-m", "station.app.cli", *argv, "--player", "Mia", "--seconds", "2"],
        cwd=ROOT,
        env=headless_env(folder),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert started.returncode == 0 and "Traceback" not in started.stderr, started.stderr
    with sqlite3.connect(folder / "station.db") as raw:
        still_open, cut_off, kept = raw.execute(
            "SELECT sum(ended_at IS NULL), sum(interrupted), (SELECT count(*) FROM reps)"
            " FROM sessions"
        ).fetchone()
    raw.close()
    assert still_open == 0, "the restart closed the sessions the kills cut off"
    assert 1 <= cut_off <= 2 and kept >= stored, "as interrupted, keeping their reps"
    assert main(["--db", str(folder / "station.db"), "history", "Mia"]) == 0
