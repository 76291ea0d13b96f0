"""Storage benchmarks: rep write rate, database growth per hour, history query time.

Run with ``python -m tests.bench.bench_storage`` (or through ``python -m tests.bench``).
Each figure is the median of several runs on a fresh database in a temporary folder;
the writes use the station's real settings (WAL, synchronous=FULL, a commit per rep),
so the rate depends on how fast the disk honours fsync.
"""

from __future__ import annotations

import math
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from station.storage import (
    Trace,
    add_player,
    checkpoint,
    end_session,
    open_database,
    player_history,
    record_rep,
    start_session,
)
from tests.bench.table import Table, print_table

SPS = 80
REP_SECONDS = 5.0
RUNS = 5
HISTORY_GOAL_MS = 50.0


def synthetic_rep(rng: random.Random, peak_n: float) -> Trace:
    """A 5 s squeeze at 80 SPS: rise, tremor on the hold, release, HX711-like noise and
    host-timestamp jitter, so compression sees what a real rep looks like."""
    count = int(REP_SECONDS * SPS)
    times = tuple(i / SPS + rng.gauss(0, 0.0007) for i in range(count))
    forces = tuple(
        peak_n * math.sin(math.pi * i / count) ** 2
        + 0.8 * math.sin(2 * math.pi * 9 * i / SPS)
        + rng.gauss(0, 0.05)
        for i in range(count)
    )
    return Trace(times, forces)


def _store_rep(db: Database, session_id: int, rep_no: int, trace: Trace, sensor: str) -> None:
    record_rep(
        db,
        session_id,
        set_no=1 + (rep_no - 1) // 10,
        rep_no=1 + (rep_no - 1) % 10,
        sensor=sensor,
        hand="right",
        target_n=40.0,
        band_low_n=36.0,
        band_high_n=44.0,
        peak_n=max(trace.force_n),
        time_in_band_s=2.0,
        success=rep_no % 3 != 0,
        trace=trace,
    )


def reps_per_second(folder: Path, reps: int = 60) -> float:
    rng = random.Random(1)
    traces = [synthetic_rep(rng, rng.uniform(20, 120)) for _ in range(10)]
    db = open_database(folder / "rate.db")
    player = add_player(db, nickname="Bench", avatar="owl", dominant_hand="right")
    session = start_session(db, player.id)
    start = time.perf_counter()
    for number in range(1, reps + 1):
        _store_rep(db, session.id, number, traces[number % len(traces)], "grip")
    elapsed = time.perf_counter() - start
    db.close()
    return reps / elapsed


def bytes_per_hour(folder: Path, seed: int) -> tuple[float, float]:
    """Database growth for one hour of reps traced on both sensors, and bytes per sample."""
    rng = random.Random(seed)
    path = folder / "growth.db"
    db = open_database(path)
    player = add_player(db, nickname="Bench", avatar="owl", dominant_hand="right")
    checkpoint(db)
    before = _on_disk(path)
    reps_per_sensor = int(3600 / REP_SECONDS)
    pool = {
        sensor: [synthetic_rep(rng, peak * rng.uniform(0.5, 1.0)) for _ in range(60)]
        for sensor, peak in (("grip", 120.0), ("pinch", 30.0))
    }
    session = start_session(db, player.id)
    with db.atomic():  # one transaction: this measures size, not fsync speed
        for number in range(1, reps_per_sensor + 1):
            for sensor, traces in pool.items():
                _store_rep(db, session.id, number, traces[number % len(traces)], sensor)
    end_session(db, session.id)
    grown = _on_disk(path) - before
    db.close()
    samples = 2 * reps_per_sensor * int(REP_SECONDS * SPS)
    return float(grown), grown / samples


def _on_disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def build_two_year_history(path: Path) -> int:
    """One player, three sessions a week for two years (~312 sessions x 30 reps),
    among 10 other players with 30 sessions each, so the query must find its own rows."""
    rng = random.Random(3)
    traces = [synthetic_rep(rng, rng.uniform(20, 120)) for _ in range(20)]
    db = open_database(path)
    target = 0
    with db.atomic():
        for index in range(11):
            player = add_player(db, nickname=f"Child {index}", avatar="owl", dominant_hand="right")
            target = target or player.id
            sessions = 312 if player.id == target else 30
            day = datetime(2023, 1, 2, 15, tzinfo=UTC)
            for number in range(sessions):
                at = day + timedelta(days=7 * (number // 3) + 2 * (number % 3))
                session = start_session(db, player.id, at=at)
                for rep_no in range(1, 31):
                    _store_rep(db, session.id, rep_no, traces[rep_no % 20], "grip")
    db.close()
    return target


def history_query_ms(path: Path, player_id: int) -> tuple[float, int]:
    db = open_database(path)
    timings = []
    sessions = 0
    for _ in range(RUNS * 4):
        start = time.perf_counter()
        sessions = len(player_history(db, player_id))
        timings.append((time.perf_counter() - start) * 1000)
    db.close()
    return statistics.median(timings), sessions


def _median(measure: Callable[[Path], float]) -> float:
    values = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            values.append(measure(Path(folder)))
    return statistics.median(values)


def main() -> Table:
    rate = _median(reps_per_second)
    growth = []
    per_sample = []
    for seed in range(3):
        with tempfile.TemporaryDirectory() as folder:
            grown, bytes_each = bytes_per_hour(Path(folder), seed)
            growth.append(grown)
            per_sample.append(bytes_each)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.db"
        player_id = build_two_year_history(path)
        query_ms, sessions = history_query_ms(path, player_id)
    rows = [
        ("reps stored per second (5 s trace, 80 SPS, fsync per rep)", f"{rate:.0f}", ""),
        (
            "database growth per hour of play, two sensors",
            f"{statistics.median(growth) / 1e6:.2f} MB",
            "",
        ),
        (
            "  of which per sample (incl. row overhead)",
            f"{statistics.median(per_sample):.2f} B",
            "<= 4",
        ),
        (
            f"history query, {sessions} sessions x 30 reps",
            f"{query_ms:.1f} ms",
            f"< {HISTORY_GOAL_MS:.0f} ms",
        ),
    ]
    return Table("storage benchmark (medians)", rows)


if __name__ == "__main__":
    print_table(main())
