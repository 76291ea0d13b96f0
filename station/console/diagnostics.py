"""What ``grip-station doctor`` measures: the first thing a maintainer runs on a Pi.

The measuring is separate from the printing so that tests can check the figures.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from hardware import (
    MAX_PULSE_HIGH_NS,
    STANDARD_GRAVITY,
    ChipSource,
    RecordKind,
    SensorHealth,
    SensorSetup,
    SensorSpec,
    SensorStatus,
    StallReport,
    WordProblem,
    measure_stalls,
)

POLL_EVERY_S = 0.02
STARTUP_LIMIT_S = 10.0
MAX_DROPPED_FRACTION = 0.02
"""Linux pre-empts a read now and then and the word is dropped; more is a real fault."""
STALL_PROBE_MAX_S = 2.0
"""How long the bare loop runs, before the sensors are listened to."""


@dataclass
class SensorReport:
    spec: SensorSpec
    health: SensorHealth
    samples: int
    rate_sps: float
    counts: list[int] = field(repr=False)
    pulse_high_ns: list[int] = field(repr=False)
    dropped: Counter[WordProblem]
    newtons_per_count: float
    calibration_note: str

    @property
    def noise_counts_rms(self) -> float | None:
        return statistics.pstdev(self.counts) if len(self.counts) > 2 else None

    @property
    def noise_grams(self) -> float | None:
        noise = self.noise_counts_rms
        if noise is None:
            return None
        return noise * abs(self.newtons_per_count) / STANDARD_GRAVITY * 1000

    @property
    def problems(self) -> list[str]:
        found = []
        if self.health.status is not SensorStatus.OK:
            found.append(f"{self.spec.name}: {self.health.status.value}: {self.health.detail}")
        elif self.rate_sps < 0.9 * self.spec.rate_sps:
            found.append(
                f"{self.spec.name}: only {self.rate_sps:.1f} of {self.spec.rate_sps} samples "
                "per second (is the HX711 RATE pin tied high for 80 SPS?)"
                if self.rate_sps < 0.2 * self.spec.rate_sps
                else f"{self.spec.name}: only {self.rate_sps:.1f} of {self.spec.rate_sps} "
                "samples per second (a busy or slow Pi?)"
            )
        words = self.samples + sum(self.dropped.values())
        if words and sum(self.dropped.values()) / words > MAX_DROPPED_FRACTION:
            worst = self.dropped.most_common(1)[0][0]
            found.append(
                f"{self.spec.name}: {sum(self.dropped.values())} of {words} words dropped, "
                f"mostly {worst.value}"
            )
        return found


@dataclass
class DoctorReport:
    sensors_mode: str
    pin_factory: str
    source: str
    notice: str | None
    seconds: float
    sensors: list[SensorReport]
    stalls: StallReport | None = None
    """The machine's own stalls at the sampler's priority, measured with no pin touched."""

    @property
    def problems(self) -> list[str]:
        found = [problem for sensor in self.sensors for problem in sensor.problems]
        stalls = self.stalls
        if stalls is not None and stalls.stalled_fraction > MAX_DROPPED_FRACTION:
            found.append(
                f"this machine stalled {stalls.stalled_fraction:.1%} of word-long moments for "
                f"over {MAX_PULSE_HIGH_NS / 1000:.0f} µs with no sensor involved: dropped "
                "words are the busy machine, not the wiring (stop other programs, give the "
                "sampler real-time priority, or use the kernel driver: install.sh "
                "--kernel-driver)"
            )
        return found


def diagnose(
    setup: SensorSetup,
    specs: tuple[SensorSpec, ...],
    *,
    sensors_mode: str,
    seconds: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    stall_probe: Callable[[float], StallReport] = measure_stalls,
) -> DoctorReport:
    """Listen to the chips for ``seconds`` and sum up what a maintainer must know; first,
    measure how often the machine itself stalls a loop at the sampler's priority."""
    source = setup.source
    if not isinstance(source, ChipSource):
        return DoctorReport(sensors_mode, "none", source.description, setup.notice, 0.0, [])
    stalls = stall_probe(min(seconds, STALL_PROBE_MAX_S))
    counts: dict[int, list[int]] = {index: [] for index in range(len(specs))}
    highs: dict[int, list[int]] = {index: [] for index in range(len(specs))}
    dropped: dict[int, Counter[WordProblem]] = {index: Counter() for index in range(len(specs))}
    started = clock()
    # Let the sampler start and the chips settle before measuring the rate: until every
    # sensor has either answered or been given up on as unplugged.
    while clock() - started < STARTUP_LIMIT_S and any(
        h.status is SensorStatus.STARTING for h in source.health().values()
    ):
        source.poll_raw()
        sleep(POLL_EVERY_S)
    measure_from = clock()
    while clock() - measure_from < seconds:
        for record in source.poll_raw():
            if record.kind is RecordKind.SILENT:
                continue  # the status line says unplugged
            highs[record.sensor_index].append(record.max_high_ns)
            if record.kind is RecordKind.SAMPLE:
                counts[record.sensor_index].append(record.value)
            else:
                dropped[record.sensor_index][record.problem] += 1
        sleep(POLL_EVERY_S)
    elapsed = clock() - measure_from
    health = source.health()
    reports = []
    for index, spec in enumerate(specs):
        calibration = source.calibrations[spec.name]
        note = (
            "not calibrated (nominal scale)"
            if calibration.uncalibrated
            else f"{calibration.calibrated_at:%Y-%m-%d} with {calibration.known_mass_g:g} g"
        )
        if source.simulated:
            note = "emulated cell (exact)"
        reports.append(
            SensorReport(
                spec=spec,
                health=health[spec.name],
                samples=len(counts[index]),
                rate_sps=len(counts[index]) / elapsed if elapsed > 0 else 0.0,
                counts=counts[index],
                pulse_high_ns=highs[index],
                dropped=dropped[index],
                newtons_per_count=calibration.newtons_per_count,
                calibration_note=note,
            )
        )
    factory = "mock (gpiozero MockFactory + HX711 emulator)" if source.simulated else "lgpio"
    return DoctorReport(
        sensors_mode, factory, source.description, setup.notice, elapsed, reports, stalls
    )


def _microseconds(values: list[int]) -> str:
    if not values:
        return "no words read"
    return (
        f"median {statistics.median(values) / 1000:.1f} µs, "
        f"max {max(values) / 1000:.1f} µs (limit {MAX_PULSE_HIGH_NS / 1000:.0f} µs)"
    )


def _stalls(stalls: StallReport) -> str:
    priority = "real-time priority" if stalls.realtime else "normal priority (not root)"
    return (
        f"{stalls.stalled} of {stalls.bursts} word-long moments stalled over "
        f"{MAX_PULSE_HIGH_NS / 1000:.0f} µs ({stalls.stalled_fraction:.1%}), longest "
        f"{stalls.longest_stall_ns / 1000:.0f} µs\n"
        f"                 (a loop at the sampler's {priority}, touching no pin; wake-ups "
        f"{stalls.late_wake_p99_ns / 1000:.0f} µs late at p99): compare the dropped words"
    )


def format_report(report: DoctorReport) -> str:
    lines = [
        "grip-station doctor",
        f"  sensors        {report.sensors_mode}: {report.source}",
        f"  pin factory    {report.pin_factory}",
    ]
    if report.notice:
        lines.append(f"  notice         {report.notice}")
    if report.stalls is not None:
        lines.append(f"  machine        {_stalls(report.stalls)}")
    if not report.sensors:
        lines.append("  no HX711 chips in this mode: nothing to measure")
    for sensor in report.sensors:
        spec = sensor.spec
        noise = sensor.noise_counts_rms
        grams = sensor.noise_grams
        noise_text = (
            "not enough samples"
            if noise is None or grams is None
            else f"{noise:.1f} counts rms = {grams:.2f} g (leave the sensor untouched)"
        )
        dropped = sum(sensor.dropped.values())
        reasons = ", ".join(f"{p.name.lower()}: {n}" for p, n in sensor.dropped.most_common())
        lines += [
            "",
            f"  {spec.name}: DOUT GPIO{spec.dout_pin}, PD_SCK GPIO{spec.sck_pin}, "
            f"channel {spec.channel_gain.channel} gain {spec.channel_gain.gain}, "
            f"{spec.rate_sps} SPS",
            f"    status          {sensor.health.status.value}"
            + (f" ({sensor.health.detail})" if sensor.health.detail else ""),
            f"    achieved rate   {sensor.rate_sps:.1f} SPS over {report.seconds:.1f} s "
            f"(expected {spec.rate_sps})",
            f"    PD_SCK high     {_microseconds(sensor.pulse_high_ns)} (longest pulse per word)",
            f"    dropped words   {dropped}" + (f" ({reasons})" if reasons else ""),
            f"    noise at rest   {noise_text}",
            f"    calibration     {sensor.calibration_note}",
        ]
    lines.append("")
    if report.problems:
        lines.append("PROBLEMS")
        lines += [f"  - {problem}" for problem in report.problems]
    else:
        lines.append("All sensors OK.")
    return "\n".join(lines)
