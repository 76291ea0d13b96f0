"""What ``grip-station analyse`` says of a recording: its efforts and the trend of their peaks.

The efforts come from ``hardware.find_efforts_in``, the detector the station records reps
with, so the command shows a therapist what the station would have seen. The trend is
told two ways that a tired hand shows alike: the mean peak of the first third of the
efforts against the last third, and a least-squares line through every peak over time,
as a share of the mean peak per minute (so a weak child and a strong one compare).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hardware import STANDARD_GRAVITY, Effort, find_efforts_in
from station.console.tables import force_text, format_table

FEWEST_FOR_A_TREND = 3
"""Fewer efforts than this have no first and last third to compare."""


@dataclass(frozen=True, slots=True)
class Trend:
    first_third_n: float
    last_third_n: float
    slope_pct_per_min: float
    """Least-squares slope of peak over time, in % of the mean peak per minute."""

    @property
    def change(self) -> float:
        """Last third against the first, as a fraction (-0.5: half as strong)."""
        return self.last_third_n / self.first_third_n - 1 if self.first_third_n else 0.0


@dataclass(frozen=True, slots=True)
class EffortsReport:
    name: str
    sensor: str
    duration_s: float
    efforts: tuple[Effort, ...]

    @property
    def trend(self) -> Trend | None:
        peaks = [e.peak_n for e in self.efforts]
        if len(peaks) < FEWEST_FOR_A_TREND:
            return None
        third = len(peaks) // 3
        times_min = [e.peak_s / 60 for e in self.efforts]
        mean = statistics.fmean(peaks)
        slope = statistics.linear_regression(times_min, peaks).slope
        return Trend(
            statistics.fmean(peaks[:third]),
            statistics.fmean(peaks[-third:]),
            100 * slope / mean if mean else 0.0,
        )


def analyse(
    name: str,
    sensor: str,
    duration_s: float,
    rows: Callable[[], Iterable[tuple[float, float]]],
) -> EffortsReport:
    """The report of a recording that ``rows`` reads afresh as (time, newtons) each call:
    streamed, so a file bigger than the station's memory can still be analysed."""
    return EffortsReport(name, sensor, duration_s, tuple(find_efforts_in(rows)))


def _kg(newtons: float) -> float:
    return round(newtons / STANDARD_GRAVITY, 2)


def report_text(report: EffortsReport) -> str:
    """The efforts as a table, then the peaks' summary and trend."""
    efforts = report.efforts
    head = f"{report.name} ({report.sensor}): {len(efforts)} efforts in {report.duration_s:.1f} s"
    if not efforts:
        return f"{head}.\nNo squeeze rose clearly above the rest level."
    rows = [
        [
            number,
            f"{e.start_s:.2f}",
            force_text(e.peak_n),
            f"{e.time_to_peak_s:.2f}",
            f"{e.duration_s:.2f}",
            f"{e.rest_n:.1f} N",
            "" if e.complete else "cut by the end of the file",
        ]
        for number, e in enumerate(efforts, start=1)
    ]
    headers = ["#", "Start s", "Peak", "To peak s", "Duration s", "Rose from", ""]
    lines = [head, format_table(headers, rows, right=(0, 1, 3, 4))]
    peaks = [e.peak_n for e in efforts]
    lines.append(
        f"Peaks: mean {force_text(statistics.fmean(peaks))}, best {force_text(max(peaks))}; "
        f"mean duration {statistics.fmean(e.duration_s for e in efforts):.2f} s, "
        f"time to peak {statistics.fmean(e.time_to_peak_s for e in efforts):.2f} s."
    )
    trend = report.trend
    if trend is None:
        lines.append(f"Trend: needs {FEWEST_FOR_A_TREND} efforts or more.")
    else:
        lines.append(
            f"Trend: first third {force_text(trend.first_third_n)}, last third "
            f"{force_text(trend.last_third_n)} ({trend.change:+.0%}); "
            f"slope {trend.slope_pct_per_min:+.1f}% of the mean peak per minute."
        )
    return "\n".join(lines)


def report_json(report: EffortsReport) -> dict[str, object]:
    """The same, as plain data for ``--json`` (newtons and kilograms, seconds)."""
    trend = report.trend
    return {
        "file": report.name,
        "sensor": report.sensor,
        "duration_s": round(report.duration_s, 3),
        "count": len(report.efforts),
        "efforts": [
            {
                "start_s": round(e.start_s, 3),
                "peak_s": round(e.peak_s, 3),
                "end_s": round(e.end_s, 3),
                "peak_n": round(e.peak_n, 2),
                "peak_kg": _kg(e.peak_n),
                "rest_n": round(e.rest_n, 2),
                "time_to_peak_s": round(e.time_to_peak_s, 3),
                "duration_s": round(e.duration_s, 3),
                "complete": e.complete,
            }
            for e in report.efforts
        ],
        "trend": None
        if trend is None
        else {
            "first_third_mean_n": round(trend.first_third_n, 2),
            "first_third_mean_kg": _kg(trend.first_third_n),
            "last_third_mean_n": round(trend.last_third_n, 2),
            "last_third_mean_kg": _kg(trend.last_third_n),
            "change": round(trend.change, 4),
            "slope_pct_per_min": round(trend.slope_pct_per_min, 2),
        },
    }
