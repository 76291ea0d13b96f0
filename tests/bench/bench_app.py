"""App benchmarks: cold start, frame time on every screen, memory over an hour of visits.

Run with ``python -m tests.bench app`` (add ``--quick`` or ``BENCH_QUICK=1`` for CI).

Cold start is a whole new process per run, as the kiosk starts it: ``python -c`` runs
``grip-station run`` (``station.app.cli.main``, so ``run_station``) on virtual sensors, a
fresh SQLite file and an 800x480 dummy window, with ``--seconds 1e-9`` so the frame loop
stops after exactly one frame. The child notes when that first frame is flipped on
CLOCK_MONOTONIC, which on Linux is the same clock in every process, so the parent can
count from the moment it spawned the interpreter, interpreter start-up included.

Frame times and memory come from one accelerated hour of autoplay visits (guests and a
child with a two-exercise program, taking turns; every fifth visit ends with Ouch/Stop
in its game) on the frame clock of ``tests.support.app.App``: the real shell, scenes,
games and SQLite file, drawn to a software surface (dummy video driver), no sleeping.
It runs in a process of its own so the other benchmarks' memory is not counted; each
``shell.frame()`` is timed and filed under the class of the scene on top after it (the
one it drew), in a fixed-size histogram, so the timing does not grow the heap it
watches. RSS is read from ``/proc/self/status`` every simulated minute.

The emulated-chip sampler is measured where it really runs: under the real app
(``grip-station run --sensors emulated --autoplay``) in real time. ``multiprocessing``
spawns it by re-importing the parent's ``__main__`` module, so a sampler started from a
benchmark's own process would carry the benchmark's imports instead of the app's.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from array import array
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tests.bench.table import Row, Table, print_table

if TYPE_CHECKING:
    from station.storage import Player

ROOT = Path(__file__).resolve().parents[2]
SIZE = (800, 480)
COLD_RUNS = 5
COLD_GOAL_S = 0.5
FRAME_GOAL_MS = 3.0
MEMORY_GOAL_MB = 100.0
GROWTH_GOAL_MB = 2.0
"""Allowance for allocator noise: more than this between minute 5 and the end is growth."""
HOUR_S = 3600.0
QUICK_S = 600.0
BASELINE_S = 300.0
SAMPLE_EVERY_S = 60.0
STOP_EVERY = 5
"""Every fifth visit (guests and Mia in turn) is stopped with the front button two
seconds into a game."""
SAMPLER_S = 10.0
FRAME_NS = 1_000_000_000 // 60
BIN_NS = 10_000
BINS = 10_000
"""Frame-time histogram: 10 us bins up to 100 ms (longer frames go in the last bin)."""
MARK = "BENCH-APP "

COLD_CHILD = """
import time
T0 = time.monotonic_ns()
import sys
import station.app.cli, station.commands.run
T_IMPORTED = time.monotonic_ns()
import pygame
first = []
_flip = pygame.display.flip
def flip():
    _flip()
    if not first:
        first.append(time.monotonic_ns())
pygame.display.flip = flip
code = station.app.cli.main(
    ["--db", sys.argv[1], "--sensors", "virtual", "run", "--size", sys.argv[2],
     "--seconds", "1e-9"]
)
print("BENCH-APP", code, T0, T_IMPORTED, first[0] if first else -1, flush=True)
"""
"""Imports the app's entry point first (timed on its own), then runs ``grip-station run``
and notes the first ``display.flip``; the one frame of ``--seconds 1e-9`` is the attract
screen's."""


def headless_env(folder: Path) -> dict[str, str]:
    """A child's environment: dummy SDL, and config and data in ``folder``, not the user's."""
    return {
        **os.environ,
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PYGAME_HIDE_SUPPORT_PROMPT": "1",
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
    }


def rss_kb(pid: int | str = "self") -> int:
    """VmRSS of a process in kB (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


# -- cold start -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColdStart:
    """One cold start, in seconds from the parent's spawn (CLOCK_MONOTONIC)."""

    interpreter_s: float
    """Spawn to the first line of the script: interpreter and ``site`` start-up."""
    imports_s: float
    """``station.app.cli`` and the run command with all they import (pygame, SQLite...)."""
    first_frame_s: float
    """Spawn to the first attract frame flipped: the figure the goal is about."""
    process_s: float
    """Spawn to exit, window closed and sensors stopped."""


def cold_start(size: tuple[int, int] = SIZE) -> ColdStart:
    """Start the real app in a new interpreter and stop it after its first frame."""
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        folder = Path(tmp)
        argv = [
            sys.executable,
            "-c",
            COLD_CHILD,
            str(folder / "station.db"),
            f"{size[0]}x{size[1]}",
        ]
        spawned = time.monotonic_ns()
        done = subprocess.run(
            argv, env=headless_env(folder), cwd=ROOT, capture_output=True, text=True, check=False
        )
        ended = time.monotonic_ns()
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith(MARK)), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"cold start failed ({done.returncode}): {done.stderr[-2000:]}")
    code, top, imported, flipped = (int(part) for part in line.split()[1:])
    if code != 0 or flipped < 0:
        raise RuntimeError(f"the app exited {code} without drawing a frame: {done.stderr[-2000:]}")
    return ColdStart(
        interpreter_s=(top - spawned) / 1e9,
        imports_s=(imported - top) / 1e9,
        first_frame_s=(flipped - spawned) / 1e9,
        process_s=(ended - spawned) / 1e9,
    )


# -- frame times ------------------------------------------------------------------------


class FrameTimes:
    """Frame times per scene in fixed 10 us bins: constant memory however long the run."""

    def __init__(self) -> None:
        self.bins: dict[str, array] = {}
        self.worst_ns: dict[str, int] = {}

    def add(self, scene: str, ns: int) -> None:
        counts = self.bins.get(scene)
        if counts is None:
            counts = self.bins[scene] = array("I", bytes(BINS * array("I").itemsize))
            self.worst_ns[scene] = 0
        counts[min(ns // BIN_NS, BINS - 1)] += 1
        self.worst_ns[scene] = max(self.worst_ns[scene], ns)

    def count(self, scene: str) -> int:
        return sum(self.bins[scene])

    def quantile_ms(self, scene: str, q: float) -> float:
        """The frame time that ``q`` of the scene's frames do not exceed (bin upper edge)."""
        counts = self.bins[scene]
        wanted = max(1, math.ceil(q * sum(counts)))
        seen = 0
        for index, count in enumerate(counts):
            seen += count
            if seen >= wanted:
                return min((index + 1) * BIN_NS, self.worst_ns[scene]) / 1e6
        return self.worst_ns[scene] / 1e6

    def summary(self) -> dict[str, dict[str, float]]:
        """Per scene: frames, median, p99 and worst in ms (what the table shows)."""
        return {
            scene: {
                "frames": self.count(scene),
                "median_ms": self.quantile_ms(scene, 0.5),
                "p99_ms": self.quantile_ms(scene, 0.99),
                "worst_ms": self.worst_ns[scene] / 1e6,
            }
            for scene in self.bins
        }


# -- an hour of visits ------------------------------------------------------------------


@dataclass
class Soak:
    """What an accelerated run of autoplay visits measured."""

    simulated_s: float
    wall_s: float
    visits: int
    stops: int
    rss_kb: list[tuple[float, int]]
    """(simulated seconds, VmRSS kB), every simulated minute."""
    frames: dict[str, dict[str, float]]
    baseline_s: float
    grown_types: list[tuple[str, int]] = field(default_factory=list)
    """gc-tracked object counts that rose most between the baseline and the end."""

    def rss_at(self, simulated_s: float) -> int:
        """The first sample taken at or after ``simulated_s`` (the last one if none)."""
        return next((kb for t, kb in self.rss_kb if t >= simulated_s), self.rss_kb[-1][1])

    @property
    def growth_kb(self) -> int:
        return self.rss_kb[-1][1] - self.rss_at(self.baseline_s)


def profiled_player(folder: Path) -> Player:
    """Mia: a balloon exercise on the bulb (with a max-force test) and a pinch exercise."""
    from station.storage import add_player, open_database  # noqa: PLC0415 - the soak only
    from tests.support.clinic import program_and_test  # noqa: PLC0415

    db = open_database(folder / "station.db")
    mia = add_player(db, nickname="Mia", avatar="fox", dominant_hand="right")
    program_and_test(db, mia)
    db.close()
    return mia


def _object_counts() -> Counter[str]:
    counts = Counter(type(o).__qualname__ for o in gc.get_objects())
    return counts


def soak(
    folder: Path,
    seconds: float = HOUR_S,
    *,
    sample_every_s: float = SAMPLE_EVERY_S,
    baseline_s: float = BASELINE_S,
    trace: bool = False,
) -> Soak:
    """Autoplay visits for ``seconds`` of frame-clock time: frame times and RSS.

    ``trace`` starts ``tracemalloc`` at the baseline (it slows the frames several times)
    and lists the source lines whose Python allocations grew most by the end, to tell a
    Python leak from growth outside Python's heap (SDL, SQLite, the allocator).
    """
    from games.kit.cards import Celebration  # noqa: PLC0415 - heavy imports: the soak only
    from station.screens.attract import AttractScene  # noqa: PLC0415
    from station.screens.base import StationScene  # noqa: PLC0415
    from tests.support.app import App  # noqa: PLC0415

    mia = profiled_player(folder)
    app = App(folder, size=SIZE, autoplay=True)
    times = FrameTimes()
    samples: list[tuple[float, int]] = [(0.0, rss_kb())]
    frames_total = round(seconds * 60)
    every = max(1, round(sample_every_s * 60))
    baseline_frame = round(baseline_s * 60)
    visits = stops = in_game = 0
    was_attract = True
    base_counts: Counter[str] | None = None
    traced: tracemalloc.Snapshot | None = None
    began = time.perf_counter()
    for frame in range(1, frames_total + 1):
        app.clock.now_ns += FRAME_NS
        tick = time.perf_counter_ns()
        app.shell.frame()
        took = time.perf_counter_ns() - tick
        top = app.shell.stack.top
        times.add(type(top).__name__, took)
        attract = isinstance(top, AttractScene)
        if attract and not was_attract:  # a visit ended (or was stopped): the next one
            visits += 1
            app.ctx.autoplay_player = mia if visits % 2 else None
        was_attract = attract
        playing = app.shell.role().exercise and not isinstance(top, StationScene | Celebration)
        in_game = in_game + 1 if playing else 0
        if in_game == 120 and visits % STOP_EVERY == STOP_EVERY - 1:
            app.hold_front_button()
            stops += 1
        if frame % every == 0:
            samples.append((frame / 60, rss_kb()))
        if frame == baseline_frame:
            base_counts = _object_counts()
            if trace:
                tracemalloc.start(1)
                traced = tracemalloc.take_snapshot()
    wall = time.perf_counter() - began
    grown: list[tuple[str, int]] = []
    if base_counts is not None:
        diff = _object_counts()
        diff.subtract(base_counts)
        grown = [(name, n) for name, n in diff.most_common(5) if n > 0]
    if trace and traced is not None:
        stats = tracemalloc.take_snapshot().compare_to(traced, "lineno")
        grown += [(f"{stat.traceback} (bytes)", stat.size_diff) for stat in stats[:10]]
        grown.append(("traced Python memory now (bytes)", tracemalloc.get_traced_memory()[0]))
        tracemalloc.stop()
    app.close()
    return Soak(
        simulated_s=seconds,
        wall_s=wall,
        visits=visits,
        stops=stops,
        rss_kb=samples,
        frames=times.summary(),
        baseline_s=baseline_s,
        grown_types=grown,
    )


def soak_in_child(seconds: float) -> Soak:
    """``soak`` in a fresh interpreter: its RSS is the app's, not the other benchmarks'."""
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        folder = Path(tmp)
        argv = [sys.executable, "-m", "tests.bench.bench_app", "--soak", str(seconds), tmp]
        done = subprocess.run(
            argv, env=headless_env(folder), cwd=ROOT, capture_output=True, text=True, check=False
        )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith(MARK)), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"the soak failed ({done.returncode}): {done.stderr[-3000:]}")
    data = json.loads(line.removeprefix(MARK))
    data["rss_kb"] = [tuple(pair) for pair in data["rss_kb"]]
    data["grown_types"] = [tuple(pair) for pair in data["grown_types"]]
    return Soak(**data)


# -- the sampler ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RealApp:
    """VmRSS (kB) of the real app on emulated chips and of its child processes."""

    app_kb: int
    sampler_kb: int
    tracker_kb: int
    """multiprocessing's resource tracker (spawned for the sampler's semaphores)."""


def _children(pid: int) -> Iterator[tuple[int, str]]:
    """(pid, command line) of each child of ``pid``."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            yield int(entry.name), cmdline


@contextmanager
def _running(argv: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        yield process
    finally:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def real_app_with_sampler(seconds: float = SAMPLER_S) -> RealApp:
    """Run ``grip-station run --sensors emulated --autoplay`` and read VmRSS at ``seconds``.

    ``seconds`` counts from the sampler process's appearance; the app closes itself a
    few seconds later (``--seconds``), stopping the sampler as it always does.
    """
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        folder = Path(tmp)
        argv = [sys.executable, "-m", "station.app.cli", "--db", str(folder / "station.db")]
        argv += ["--sensors", "emulated", "run", "--autoplay", "--seconds", f"{seconds + 5:g}"]
        with _running(argv, headless_env(folder)) as process:
            deadline = time.monotonic() + 10.0
            sampler = None
            while sampler is None and time.monotonic() < deadline and process.poll() is None:
                sampler = next((p for p, c in _children(process.pid) if "spawn_main" in c), None)
                time.sleep(0.05)
            if sampler is None:
                raise RuntimeError("the app never started its sampler process")
            time.sleep(seconds)
            tracker = next((p for p, c in _children(process.pid) if "resource_tracker" in c), 0)
            measured = RealApp(rss_kb(process.pid), rss_kb(sampler), rss_kb(tracker or "-"))
    if min(measured.app_kb, measured.sampler_kb) == 0:
        raise RuntimeError(f"the app or its sampler ended before it was measured: {measured}")
    return measured


# -- the table --------------------------------------------------------------------------


def _mb(kb: float) -> str:
    return f"{kb / 1024:.1f} MB"


def rows(starts: list[ColdStart], hour: Soak, real: RealApp) -> list[Row]:
    """The table: cold start, each scene's frames, and memory against the goals."""
    out: list[Row] = []

    def med(key: str) -> float:
        return statistics.median(getattr(s, key) for s in starts)

    firsts = [s.first_frame_s for s in starts]
    out.append(
        (
            f"cold start, spawn to 1st attract frame (median of {len(starts)})",
            f"{med('first_frame_s'):.3f} s",
            f"<= {COLD_GOAL_S:g} s",
        )
    )
    out.append(("  min / max", f"{min(firsts):.3f}/{max(firsts):.3f} s", ""))
    out.append(("  of which interpreter start-up", f"{med('interpreter_s'):.3f} s", ""))
    out.append(("  of which app imports (cli + run command)", f"{med('imports_s'):.3f} s", ""))
    setup = statistics.median(s.first_frame_s - s.interpreter_s - s.imports_s for s in starts)
    out.append(("  of which setup and the first frame", f"{setup:.3f} s", ""))
    out.append(("  whole process, spawn to exit", f"{med('process_s'):.3f} s", ""))
    for scene, f in sorted(hour.frames.items(), key=lambda item: -item[1]["frames"]):
        out.append((f"{scene} frame median", f"{f['median_ms']:.2f} ms", ""))
        out.append(
            (
                f"{scene} frame p99 ({f['frames']:.0f} frames)",
                f"{f['p99_ms']:.2f} ms",
                f"<= {FRAME_GOAL_MS:g} ms",
            )
        )
    worst_scene = max(hour.frames, key=lambda s: hour.frames[s]["worst_ms"])
    worst = hour.frames[worst_scene]["worst_ms"]
    out.append((f"worst frame of all ({worst_scene})", f"{worst:.2f} ms", ""))
    minutes = hour.simulated_s / 60
    out.append(
        (
            f"visits in {minutes:g} sim min (Ouch stops), wall time",
            f"{hour.visits} ({hour.stops}), {hour.wall_s:.0f} s",
            "",
        )
    )
    base_label = f"{hour.baseline_s / 60:g} sim min"
    out.append((f"app RSS after {base_label} (frame clock)", _mb(hour.rss_at(hour.baseline_s)), ""))
    out.append((f"app RSS after {minutes:g} sim min", _mb(hour.rss_kb[-1][1]), ""))
    out.append(
        (
            f"app RSS growth, {base_label} to the end",
            f"{hour.growth_kb / 1024:+.1f} MB",
            f"<= {GROWTH_GOAL_MB:g} MB",
        )
    )
    if hour.growth_kb > GROWTH_GOAL_MB * 1024:
        grown = ", ".join(f"{name} +{n}" for name, n in hour.grown_types) or "no gc objects"
        out.append(("  gc objects grown", grown, ""))
    out.append((f"real app RSS at {SAMPLER_S:g} s (emulated chips)", _mb(real.app_kb), ""))
    out.append(("sampler process RSS", _mb(real.sampler_kb), ""))
    out.append(("multiprocessing resource tracker RSS", _mb(real.tracker_kb), ""))
    together = hour.rss_kb[-1][1] + real.sampler_kb + real.tracker_kb
    out.append(
        (
            "app after the hour + sampler + tracker",
            _mb(together),
            f"<= {MEMORY_GOAL_MB:g} MB",
        )
    )
    return out


def quick_wanted(quick: bool = False) -> bool:
    return quick or os.environ.get("BENCH_QUICK", "") not in ("", "0")


def main(hour_s: float | None = None, quick: bool = False) -> Table:
    quick = quick_wanted(quick)
    seconds = hour_s if hour_s is not None else (QUICK_S if quick else HOUR_S)
    starts = [cold_start() for _ in range(3 if quick else COLD_RUNS)]
    real = real_app_with_sampler()
    hour = soak_in_child(seconds)
    return Table(
        f"App ({SIZE[0]}x{SIZE[1]}, dummy video driver; frames: software surface)",
        rows(starts, hour, real),
    )


def _soak_main(argv: list[str]) -> None:
    """The soak's own process: run it and print the result as one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_app")
    parser.add_argument("--soak", type=float, required=True, help="simulated seconds")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--trace", action="store_true", help="tracemalloc from the baseline")
    args = parser.parse_args(argv)
    baseline_s = min(BASELINE_S, args.soak / 2)
    result = soak(args.folder, args.soak, baseline_s=baseline_s, trace=args.trace)
    print(MARK + json.dumps(asdict(result)), flush=True)


if __name__ == "__main__":
    if "--soak" in sys.argv:
        _soak_main(sys.argv[1:])
    else:
        print_table(main(quick="--quick" in sys.argv))
