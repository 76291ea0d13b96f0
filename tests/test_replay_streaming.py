"""A replayed file is streamed: constant memory whatever its size, played exactly like the
same recording in memory, one open file per sensor, and a file that goes bad mid-play
stops its sensor with the file and line instead of crashing the game."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hardware.frames import GRIP, PINCH, SensorStatus
from hardware.recordings import BUNDLED_DIR, load_recording, open_recording
from hardware.sim_sources import MAX_BACKLOG_S, ReplaySource
from tests.test_sim_sources import START_NS, FakeClock

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = BUNDLED_DIR / "edraki_power_grip_tracking.csv"
RATE_HZ = 80
PEAK_RSS_GROWTH_LIMIT_MB = 30


def write_trace(path: Path, rows: int, rate_hz: float = RATE_HZ) -> Path:
    """A ``t_s,force_n`` file of slow squeezes, written in chunks (never whole in memory)."""
    with path.open("w", encoding="utf-8") as out:
        out.write("t_s,force_n\n")
        for start in range(0, rows, 100_000):
            chunk = range(start, min(rows, start + 100_000))
            out.write("".join(f"{i / rate_hz:.4f},{20 + (i % 160) / 16:.3f}\n" for i in chunk))
    return path


REPLAY_AND_MEASURE = """
import json, resource, sys
from hardware.spec import DEFAULT_SPECS
from station.app.sensors import open_sensors

class Clock:
    now_ns = 1_000_000_000
    def __call__(self):
        return self.now_ns

clock = Clock()
before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
setup = open_sensors("replay:" + sys.argv[1], DEFAULT_SPECS, {}, clock=clock)
polled = 0
for _ in range(int(sys.argv[2])):
    clock.now_ns += int(float(sys.argv[3]) * 1e9)
    polled += len(setup.source.poll())
    setup.source.health()
health = setup.source.health()["grip"]
setup.close()
after_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"growth_mb": (after_kb - before_kb) / 1024, "polled": polled,
                  "seen": polled + health.dropped_words}))
"""


def test_replaying_a_50_mb_file_keeps_the_memory_it_started_with(tmp_path) -> None:
    """Every line is read twice (the check, then a whole lap of playback and into the next),
    yet the peak RSS grows by far less than the file: it is streamed, not loaded."""
    rows = 2_900_000
    path = write_trace(tmp_path / "long.csv", rows)
    assert path.stat().st_size > 50_000_000
    polls, step_s = 320, 120.0  # 320 polls of 2 minutes each: 38 400 s, past the 36 250 s lap
    out = subprocess.run(
        [sys.executable, "-c", REPLAY_AND_MEASURE, str(path), str(polls), str(step_s)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    measured = json.loads(out.stdout)
    print(f"peak RSS growth replaying {path.stat().st_size / 1e6:.0f} MB: {measured}")
    assert measured["seen"] > rows, "playback went through the whole file and looped"
    assert measured["polled"] == pytest.approx(polls * 2 * RATE_HZ, rel=0.01)
    assert measured["growth_mb"] < PEAK_RSS_GROWTH_LIMIT_MB


def play(source: ReplaySource, clock: FakeClock, steps: list[float]) -> list[object]:
    """What the source gives and says at each step: samples, then each sensor's health."""
    source.start()
    seen: list[object] = []
    for step_s in steps:
        clock.advance(step_s)
        seen.append(source.poll())
        seen.append(source.health())
    return seen


@pytest.mark.parametrize("loop", [True, False])
def test_a_streamed_file_plays_exactly_like_the_recording_in_memory(loop) -> None:
    """Odd frame times, three laps, then a pause of 1000 s: the same samples, stamps and
    health, whether the trace was loaded or is read from the file as it plays."""
    steps = [0.0137] * 700 + [1000.0] + [1 / 60] * 60
    in_memory_clock, streamed_clock = FakeClock(), FakeClock()
    loaded = ReplaySource({GRIP: load_recording(BUNDLED)}, loop=loop, clock=in_memory_clock)
    streamed = ReplaySource({GRIP: open_recording(BUNDLED)}, loop=loop, clock=streamed_clock)
    from_memory = play(loaded, in_memory_clock, steps)
    assert play(streamed, streamed_clock, steps) == from_memory
    assert sum(len(s) for s in from_memory[::2]) > (3 * 294 if loop else 293)


def open_files(path: Path) -> int:
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("needs /proc to count open files")
    return sum(1 for fd in fds.iterdir() if os.path.realpath(fd) == str(path.resolve()))


def test_a_looping_replay_holds_one_file_open_per_sensor_and_none_once_closed(tmp_path):
    """Fifty laps in: a file opened again each lap and never closed would run the app out
    of file handles within hours."""
    path = write_trace(tmp_path / "short.csv", rows=3)
    clock = FakeClock()
    source = ReplaySource({GRIP: open_recording(path)}, loop=True, clock=clock)
    play(source, clock, [0.01] * 200)
    assert open_files(path) <= 1
    source.close()
    assert open_files(path) == 0


def corrupt_line(path: Path, line: int) -> None:
    """Overwrite the start of ``line`` in place (same size), as an editor or a copy might."""
    with path.open("r+b") as data:
        offset = sum(len(row) for _, row in zip(range(line - 1), data, strict=False))
        data.seek(offset)
        data.write(b"x")


def test_a_line_that_goes_bad_during_play_stops_its_sensor_and_names_the_line(tmp_path):
    grip = write_trace(tmp_path / "grip.csv", rows=20_000)
    pinch = write_trace(tmp_path / "pinch.csv", rows=20_000)
    clock = FakeClock()
    source = ReplaySource({GRIP: open_recording(grip), PINCH: open_recording(pinch)}, clock=clock)
    source.start()
    clock.advance(1.0)
    source.poll()
    corrupt_line(grip, 15_001)  # sample 14 999, due at 187.5 s
    grip_times = []
    for _ in range(200):
        clock.advance(1.0)
        grip_times += [s.t_ns for s in source.poll() if s.sensor == GRIP]
    health = source.health()
    assert health[GRIP].status is SensorStatus.FAULTY
    assert f"{grip}: line 15001: time 'x" in health[GRIP].detail
    assert health[PINCH].status is SensorStatus.OK
    assert (grip_times[-1] - START_NS) / 1e9 == pytest.approx(14_998 / RATE_HZ)


def test_a_file_replaced_between_laps_stops_its_sensor_instead_of_playing_unchecked(
    tmp_path,
):
    path = write_trace(tmp_path / "trace.csv", rows=3)
    clock = FakeClock()
    source = ReplaySource({GRIP: open_recording(path)}, loop=True, clock=clock)
    play(source, clock, [0.01])
    path.write_text("t_s,force_n\n0.0,1.0\n0.0125,not a force\n", encoding="utf-8")
    play(source, clock, [0.01] * 10)
    health = source.health()[GRIP]
    assert health.status is SensorStatus.FAULTY
    assert "changed after it was checked" in health.detail and str(path) in health.detail
    assert source.poll() == []


def test_a_file_at_the_fastest_pace_a_file_may_have_hands_out_only_the_backlog(tmp_path):
    """2 kHz (the most a recording may have): however long since the last poll, a poll
    gives at most the backlog's samples, and the health shows the file's own rate."""
    path = write_trace(tmp_path / "fast.csv", 4000, rate_hz=2000)
    clock = FakeClock()
    source = ReplaySource({GRIP: open_recording(path)}, loop=True, clock=clock)
    source.start()
    clock.advance(0.01)
    assert len(source.poll()) == 21
    clock.advance(3600.0)
    assert len(source.poll()) <= MAX_BACKLOG_S * 2000 + 1
    assert source.health()[GRIP].rate_hz == pytest.approx(2000, rel=0.01)
    source.close()
