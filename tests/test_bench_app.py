"""The app benchmark's parts run on tiny inputs and give sane numbers (no timing goals)."""

from __future__ import annotations

import pytest

from tests.bench import bench_app
from tests.bench.bench_app import ColdStart, FrameTimes, RealApp, Soak


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def test_frame_times_give_the_median_p99_and_worst_of_each_scene():
    times = FrameTimes()
    for ms in range(1, 101):  # 1..100 ms, then one very long frame
        times.add("A", ms * 1_000_000 - 5_000)
    times.add("A", 500_000_000)
    times.add("B", 2_000)
    summary = times.summary()
    assert summary["A"]["frames"] == 101
    assert summary["A"]["median_ms"] == pytest.approx(51.0, abs=0.02)
    assert summary["A"]["p99_ms"] == pytest.approx(100.0, abs=0.02)
    assert summary["A"]["worst_ms"] == 500.0
    assert summary["B"] == {"frames": 1, "median_ms": 0.002, "p99_ms": 0.002, "worst_ms": 0.002}


def test_rss_of_this_process_is_read_and_of_a_gone_one_is_zero():
    assert 1_000 < bench_app.rss_kb() < 10_000_000
    assert bench_app.rss_kb("-") == 0


def test_a_short_soak_plays_visits_and_samples_memory_every_minute(folder):
    result = bench_app.soak(folder, 150.0, sample_every_s=30.0, baseline_s=60.0)
    assert [round(t) for t, _ in result.rss_kb] == [0, 30, 60, 90, 120, 150]
    assert all(kb > 10_000 for _, kb in result.rss_kb)
    assert result.visits >= 1, result.frames
    frames = result.frames
    assert sum(f["frames"] for f in frames.values()) == 150 * 60
    assert {"AttractScene", "WhoScene", "MovesScene"} <= set(frames)
    for f in frames.values():
        assert 0 < f["median_ms"] <= f["p99_ms"] <= f["worst_ms"]
    assert result.rss_at(60.0) == result.rss_kb[2][1]


@pytest.mark.realtime
def test_a_cold_start_reaches_the_first_frame_and_exits():
    start = bench_app.cold_start()
    assert 0 < start.interpreter_s < start.first_frame_s < start.process_s < 30
    assert 0 < start.imports_s < start.first_frame_s


@pytest.mark.realtime
def test_the_real_app_and_its_sampler_are_measured():
    real = bench_app.real_app_with_sampler(seconds=1.0)
    assert real.app_kb > 10_000 and real.sampler_kb > 5_000


def test_the_table_has_a_goal_for_each_headline_figure():
    starts = [ColdStart(0.05, 0.2, 0.4, 0.45), ColdStart(0.06, 0.21, 0.42, 0.47)]
    scene = {"frames": 10, "median_ms": 1.0, "p99_ms": 2.0, "worst_ms": 9.0}
    hour = Soak(600.0, 20.0, 3, 1, [(0.0, 40_000), (300.0, 60_000), (600.0, 61_000)], {}, 300.0)
    hour.frames = {"AttractScene": scene, "WaveScene": {**scene, "worst_ms": 12.0}}
    rows = bench_app.rows(starts, hour, RealApp(60_000, 40_000, 12_000))
    by_label = {label: (value, goal) for label, value, goal in rows}
    assert by_label["cold start, spawn to 1st attract frame (median of 2)"] == (
        "0.410 s",
        "<= 0.5 s",
    )
    assert by_label["WaveScene frame p99 (10 frames)"] == ("2.00 ms", "<= 3 ms")
    assert by_label["worst frame of all (WaveScene)"][0] == "12.00 ms"
    assert by_label["app RSS growth, 5 sim min to the end"] == ("+1.0 MB", "<= 2 MB")
    assert by_label["app after the hour + sampler + tracker"][0] == "110.4 MB"
