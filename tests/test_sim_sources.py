"""Simulated force sources driven by a fake clock: replay, scripted and virtual squeeze."""

from __future__ import annotations

import statistics

import pytest

from hardware.frames import GRIP, PINCH, SensorStatus
from hardware.profiles import Constant, Ramp, Squeeze
from hardware.recordings import BUNDLED_DIR, COUNTS, NEWTONS, Recording, load_recording
from hardware.sim_sources import ReplaySource, ScriptedSource, VirtualSqueezeSource
from hardware.virtual_hand import VirtualHand

START_NS = 7_000_000_000


class FakeClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self, now_ns: int = START_NS) -> None:
        self.now_ns = now_ns

    def __call__(self) -> int:
        return self.now_ns

    def advance(self, seconds: float) -> None:
        self.now_ns += round(seconds * 1e9)

    def at(self, seconds: float) -> None:
        """Jump to ``seconds`` after START_NS."""
        self.now_ns = START_NS + round(seconds * 1e9)


UNEVEN = Recording("uneven", (0.0, 0.01, 0.03, 0.07), (1.0, 2.0, 3.0, 4.0), NEWTONS)


def replay(recordings, clock, **options) -> ReplaySource:
    source = ReplaySource(recordings, clock=clock, **options)
    source.start()
    return source


# --- replay -------------------------------------------------------------------------------


def test_replay_releases_each_sample_exactly_when_it_is_due():
    clock = FakeClock()
    source = replay({GRIP: UNEVEN}, clock)
    assert [s.newtons for s in source.poll()] == [1.0]
    clock.at(0.029999999)
    assert [s.newtons for s in source.poll()] == [2.0]
    clock.at(0.03)
    assert [s.newtons for s in source.poll()] == [3.0]
    assert source.poll() == []


def test_replay_keeps_the_recordings_uneven_spacing():
    clock = FakeClock()
    source = replay({GRIP: UNEVEN}, clock)
    clock.at(1.0)
    stamps = [s.t_ns for s in source.poll()]
    assert stamps == [START_NS + round(t * 1e9) for t in UNEVEN.times_s]


def test_replay_at_double_speed_halves_the_gaps():
    clock = FakeClock()
    source = replay({GRIP: UNEVEN}, clock, speed=2.0)
    clock.at(0.035)
    stamps = [s.t_ns - START_NS for s in source.poll()]
    assert stamps == [0, 5_000_000, 15_000_000, 35_000_000]


def test_replay_starts_a_late_starting_recording_at_once():
    late = Recording("late", (100.0, 100.5), (5.0, 6.0), NEWTONS)
    clock = FakeClock()
    source = replay({GRIP: late}, clock)
    assert [s.t_ns for s in source.poll()] == [START_NS]


def test_two_replayed_sensors_arrive_interleaved_oldest_first():
    other = Recording("other", (0.0, 0.02, 0.04), (9.0, 8.0, 7.0), NEWTONS)
    clock = FakeClock()
    source = replay({GRIP: UNEVEN, PINCH: other}, clock)
    clock.at(0.05)
    polled = source.poll()
    assert [s.t_ns for s in polled] == sorted(s.t_ns for s in polled)
    assert [(s.sensor, s.newtons) for s in polled] == [
        (GRIP, 1.0),
        (PINCH, 9.0),
        (GRIP, 2.0),
        (PINCH, 8.0),
        (GRIP, 3.0),
        (PINCH, 7.0),
    ]


def test_a_finished_replay_stays_ok_says_so_and_ages():
    clock = FakeClock()
    source = replay({GRIP: UNEVEN}, clock)
    clock.at(0.05)
    assert source.health()[GRIP].detail == ""
    assert not source.ended
    clock.at(1.07)
    assert len(source.poll()) == 4
    health = source.health()[GRIP]
    assert health.status is SensorStatus.OK
    assert health.detail == "recording ended"
    assert health.last_sample_age_s == pytest.approx(1.0)
    assert source.ended
    clock.at(5.07)
    assert source.poll() == []
    assert source.health()[GRIP].last_sample_age_s == pytest.approx(5.0)


def test_a_looped_replay_starts_again_one_typical_gap_after_its_end():
    clock = FakeClock()
    source = replay({GRIP: UNEVEN}, clock, loop=True)
    clock.at(0.2)
    polled = source.poll()
    # Gaps are 10, 20 and 40 ms; the median, 20 ms, joins the laps: lap length 90 ms.
    assert [s.newtons for s in polled] == [1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0, 1.0, 2.0]
    lap_two = [s.t_ns - START_NS for s in polled[4:8]]
    assert lap_two == [90_000_000, 100_000_000, 120_000_000, 160_000_000]
    assert source.health()[GRIP].detail == ""
    assert not source.ended


def test_a_long_pause_returns_only_the_last_two_seconds_and_counts_the_rest():
    clock = FakeClock()
    source = replay({GRIP: UNEVEN}, clock, loop=True)
    source.poll()
    clock.at(1000.05)
    polled = source.poll()
    assert min(s.t_ns for s in polled) >= clock.now_ns - 2_000_000_000
    assert max(s.t_ns for s in polled) <= clock.now_ns
    # A lap is 90 ms (70 ms of recording plus its median gap of 20 ms).
    due = sum(1 for lap in range(12_000) for t in UNEVEN.times_s if lap * 0.09 + t <= 1000.05)
    assert 1 + len(polled) + source.health()[GRIP].dropped_words == due
    assert len(polled) == pytest.approx(2.0 / 0.09 * 4, abs=4)


def test_a_recording_that_spans_no_time_cannot_loop():
    instant = Recording("instant", (0.0,), (1.0,), NEWTONS)
    with pytest.raises(ValueError, match="nothing to loop"):
        ReplaySource({GRIP: instant}, loop=True)
    clock = FakeClock()
    assert [s.newtons for s in replay({GRIP: instant}, clock).poll()] == [1.0]


def test_raw_count_recordings_are_replayed_through_the_calibration():
    raw = Recording("raw", (0.0, 0.0125), (1000.0, 5000.0), COUNTS)
    with pytest.raises(ValueError, match="to_newtons"):
        ReplaySource({GRIP: raw})
    clock = FakeClock()
    source = replay({GRIP: raw}, clock, to_newtons={GRIP: lambda c: c / 100.0})
    clock.at(0.02)
    assert [s.newtons for s in source.poll()] == [10.0, 50.0]


def test_a_newton_recording_is_not_calibrated_twice():
    with pytest.raises(ValueError, match="already in newtons"):
        ReplaySource({GRIP: UNEVEN}, to_newtons={GRIP: lambda c: c})


def test_replay_waits_for_start_and_stops_at_close():
    clock = FakeClock()
    source = ReplaySource({GRIP: UNEVEN}, clock=clock)
    assert source.poll() == []
    assert source.health()[GRIP].status is SensorStatus.STARTING
    with source:
        clock.advance(0.02)
        assert len(source.poll()) == 2
    clock.advance(0.1)
    assert source.poll() == []
    assert source.health()[GRIP].detail == "source closed"
    source.close()


def test_a_real_recording_replays_sample_for_sample_at_its_own_rate():
    rec = load_recording(BUNDLED_DIR / "edraki_power_grip_tracking.csv")
    clock = FakeClock()
    source = replay({GRIP: rec}, clock)
    got = []
    for _ in range(240):
        clock.advance(1 / 60)
        got.extend(source.poll())
        if clock.now_ns - START_NS == pytest.approx(2e9, abs=1e7):
            assert source.health()[GRIP].rate_hz == pytest.approx(90.9, abs=1.5)
    assert [s.newtons for s in got] == list(rec.values)
    assert [(s.t_ns - START_NS) / 1e9 for s in got] == pytest.approx(list(rec.times_s), abs=1e-9)
    assert source.simulated
    assert rec.name in source.description


# --- scripted -----------------------------------------------------------------------------


def scripted(clock, **options) -> ScriptedSource:
    profiles = options.pop("profiles", {GRIP: Ramp(0.0, 80.0, 1.0), PINCH: Constant(5.0)})
    source = ScriptedSource(profiles, clock=clock, **options)
    source.start()
    return source


def test_scripted_samples_land_on_an_80_hz_grid_from_start():
    clock = FakeClock()
    source = scripted(clock)
    clock.at(1.0)
    grip = [s for s in source.poll() if s.sensor == GRIP]
    assert len(grip) == 81
    assert [s.t_ns - START_NS for s in grip] == [k * 12_500_000 for k in range(81)]
    assert [s.newtons for s in grip] == pytest.approx([k for k in range(81)])


def test_polling_at_odd_frame_times_neither_loses_nor_repeats_samples():
    clock_a, clock_b = FakeClock(), FakeClock()
    once, often = scripted(clock_a), scripted(clock_b)
    clock_a.at(2.0)
    all_at_once = once.poll()
    in_frames = []
    t = 0.0
    while t < 2.0:
        t = min(2.0, t + 0.0137)
        clock_b.at(t)
        in_frames.extend(often.poll())
    assert in_frames == all_at_once


def test_an_outage_unplugs_one_sensor_and_it_recovers():
    clock = FakeClock()
    source = scripted(clock, outages={PINCH: [(1.0, 2.0)]})
    clock.at(0.999)
    source.poll()
    assert source.health()[PINCH].status is SensorStatus.OK
    clock.at(1.5)
    during = source.poll()
    assert {s.sensor for s in during} == {GRIP}
    health = source.health()
    assert health[GRIP].status is SensorStatus.OK
    assert health[PINCH].status is SensorStatus.UNPLUGGED
    assert "outage" in health[PINCH].detail
    assert health[PINCH].last_sample_age_s == pytest.approx(0.5125)
    clock.at(1.999)
    source.poll()
    assert source.health()[PINCH].rate_hz == 0.0
    clock.at(2.0)
    after = [s for s in source.poll() if s.sensor == PINCH]
    assert [s.t_ns - START_NS for s in after] == [2_000_000_000]
    assert source.health()[PINCH].status is SensorStatus.OK
    assert source.health()[PINCH].last_sample_age_s == 0.0


def test_health_reports_the_rate_and_age_seen_on_the_clock():
    clock = FakeClock()
    source = scripted(clock)
    clock.at(3.005)
    health = source.health()[GRIP]
    assert health.status is SensorStatus.OK
    assert health.rate_hz == pytest.approx(80.0)
    assert health.last_sample_age_s == pytest.approx(0.005)


def test_scripted_noise_is_repeatable_and_of_the_asked_size():
    def run(seed: int) -> list[float]:
        clock = FakeClock()
        source = scripted(clock, profiles={GRIP: Constant(10.0)}, noise_n=0.5, seed=seed)
        clock.at(10.0)
        return [s.newtons for s in source.poll()]

    first = run(seed=1)
    assert first == run(seed=1)
    assert first != run(seed=2)
    assert statistics.fmean(first) == pytest.approx(10.0, abs=0.1)
    assert statistics.stdev(first) == pytest.approx(0.5, rel=0.15)


def test_a_poll_after_a_long_pause_is_bounded():
    clock = FakeClock()
    source = scripted(clock, outages={PINCH: [(10.0, 20.0)]})
    clock.at(60.0)
    polled = source.poll()
    grip = [s for s in polled if s.sensor == GRIP]
    assert len(grip) == 161
    assert grip[0].t_ns == START_NS + 58_000_000_000
    health = source.health()
    assert health[GRIP].dropped_words == 60 * 80 - 160
    assert health[PINCH].dropped_words == 50 * 80 - 160


def test_an_outage_starting_at_once_never_reports_ok():
    clock = FakeClock()
    source = scripted(clock, outages={PINCH: [(0.0, 1.0)]})
    health = source.health()[PINCH]
    assert health.status is SensorStatus.UNPLUGGED
    assert health.last_sample_age_s == float("inf")


@pytest.mark.parametrize(
    "options",
    [
        {"rate_hz": 0.0},
        {"noise_n": -1.0},
        {"outages": {"thumb": [(1.0, 2.0)]}},
        {"outages": {PINCH: [(2.0, 1.0)]}},
        {"outages": {PINCH: [(1.0, float("inf"))]}},
    ],
)
def test_impossible_scripts_are_refused(options):
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        ScriptedSource({GRIP: Constant(1.0), PINCH: Constant(1.0)}, **options)


def test_a_squeeze_script_shows_up_in_the_samples():
    clock = FakeClock()
    source = scripted(clock, profiles={GRIP: Squeeze(peak_n=40.0, rise_s=0.5, hold_s=1.0)})
    clock.at(2.0)
    forces = [s.newtons for s in source.poll()]
    assert forces[0] == 0.0
    assert max(forces) == pytest.approx(40.0)
    assert forces[-1] == pytest.approx(0.0)


# --- virtual squeeze ----------------------------------------------------------------------


def test_the_virtual_source_samples_the_hand_on_the_grid():
    clock = FakeClock()
    hand = VirtualHand(120.0, seed=5)
    source = VirtualSqueezeSource({GRIP: hand}, noise_n=0.0, clock=clock)
    source.start()
    clock.at(0.5)
    resting = source.poll()
    assert {s.newtons for s in resting} == {0.0}
    hand.press()
    clock.at(1.5)
    squeezing = source.poll()
    assert squeezing[-1].newtons > 0.9 * 120.0
    twin = VirtualHand(120.0, seed=5)
    twin.force_n(START_NS)
    twin.force_n(resting[-1].t_ns)
    twin.press()
    assert [s.newtons for s in squeezing] == [twin.force_n(s.t_ns) for s in squeezing]
    assert source.simulated
    assert "virtual" in source.description


def test_the_virtual_source_adds_a_little_noise_by_default():
    clock = FakeClock()
    source = VirtualSqueezeSource({GRIP: VirtualHand(100.0)}, clock=clock)
    source.start()
    clock.at(2.0)
    rest = [s.newtons for s in source.poll()]
    assert 0.0 < statistics.pstdev(rest) < 0.1
