"""The doctor's bare loop tells a busy machine from a wiring fault."""

from __future__ import annotations

from hardware.hx711 import MAX_PULSE_HIGH_NS
from hardware.stalls import BURST_EVERY_NS, StallReport, measure_stalls, probe
from station.console.diagnostics import DoctorReport, format_report


class StallingClock:
    """A clock read every microsecond, frozen for 80 µs in every third burst's middle."""

    def __init__(self) -> None:
        self.now = 0
        self.reads_in_burst = 0
        self.bursts = 0

    def __call__(self) -> int:
        self.now += 1_000
        self.reads_in_burst += 1
        if self.bursts % 3 == 0 and self.reads_in_burst == 100:
            self.now += 80_000
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += round(seconds * 1e9)
        self.bursts += 1
        self.reads_in_burst = 0


def test_stalls_past_the_pulse_limit_are_counted_per_word_long_burst():
    clock = StallingClock()
    report = probe(0.5, clock=clock, sleep=clock.sleep)
    assert report.bursts == 0.5e9 // BURST_EVERY_NS - 1
    assert report.stalled == len(range(1, report.bursts + 1, 3))
    assert report.longest_stall_ns > MAX_PULSE_HIGH_NS


def test_the_real_probe_runs_at_the_samplers_priority_in_its_own_process():
    report = measure_stalls(0.3)
    assert report.bursts >= 0.3e9 // BURST_EVERY_NS * 0.8
    assert 0 <= report.stalled <= report.bursts
    assert report.late_wake_p99_ns >= 0


def test_a_busy_machine_is_named_as_the_cause_of_dropped_words():
    busy = StallReport(
        bursts=400, stalled=40, longest_stall_ns=900_000, late_wake_p99_ns=2e6, realtime=False
    )
    report = DoctorReport("real", "lgpio", "HX711 chips", None, 5.0, [], busy)
    assert any("not the wiring" in problem for problem in report.problems)
    text = format_report(report)
    assert "40 of 400 word-long moments stalled" in text
    assert "normal priority" in text


def test_a_quiet_machine_adds_no_problem():
    quiet = StallReport(
        bursts=400, stalled=1, longest_stall_ns=60_000, late_wake_p99_ns=80_000, realtime=True
    )
    assert DoctorReport("real", "lgpio", "HX711 chips", None, 5.0, [], quiet).problems == []
