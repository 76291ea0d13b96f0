"""Sensor benchmarks: two emulated HX711s at 80 SPS through the real sampler process.

Measures what issue 2 asks: samples delivered / expected, sampler CPU per sample,
latency from conversion-ready to the sample in the app (median, p99), the filter's
time to 90% of a force step, and jitter at rest before and after filtering.

Latency uses the emulator's own record of when each conversion became ready (the
same CLOCK_MONOTONIC in both processes) and a ``select`` wake-up on the sampler's
pipe, so it measures the pipeline itself; a 60 fps frame loop that polls once per
frame adds on average half a frame (8 ms) on top.
"""

from __future__ import annotations

import os
import random
import select
import statistics
import time

from hardware.chip_source import ChipSource
from hardware.frames import STARTING, ForceSample
from hardware.sampler import RecordKind
from hardware.signal_chain import SignalChain
from hardware.spec import DEFAULT_SPECS
from station.app.sensors import emulated_calibrations
from tests.bench.table import Row, print_table

RUN_SECONDS = 30.0
STEP_GOAL_MS = 25.0
SPS = 80


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def stream(seconds: float) -> dict[str, float]:
    """Run the sampler for ``seconds`` and measure delivery, CPU, latency and jitter."""
    source = ChipSource(DEFAULT_SPECS, "emulated", emulated_calibrations(DEFAULT_SPECS))
    source.start()
    try:
        deadline = time.monotonic() + 20
        while not all(h.usable for h in source.health().values()):
            source.poll_raw()
            if time.monotonic() > deadline:
                raise RuntimeError(f"emulated chips did not start: {source.health()}")
            time.sleep(0.01)
        pid = source.sampler_pid
        assert pid is not None
        cpu_before = _cpu_seconds(pid)
        received = dict.fromkeys(source.sensors, 0)
        latencies_ms: list[float] = []
        rest: dict[str, list[ForceSample]] = {name: [] for name in source.sensors}
        started = time.monotonic_ns()
        end = started + int(seconds * 1e9)
        while (now := time.monotonic_ns()) < end:
            select.select([source.fileno()], [], [], (end - now) / 1e9)
            arrived = time.monotonic_ns()
            for record in source.poll_raw():
                if record.kind is not RecordKind.SAMPLE or record.true_ready_ns < started:
                    continue
                name = source.sensors[record.sensor_index]
                received[name] += 1
                latencies_ms.append((arrived - record.true_ready_ns) / 1e6)
                newtons = source.calibrations[name].to_newtons(record.value)
                rest[name].append(ForceSample(name, record.seen_ns, newtons))
        cpu = _cpu_seconds(pid) - cpu_before
    finally:
        source.close()
    expected = seconds * SPS * len(received)
    delivered = sum(received.values())
    raw_jitter, filtered_jitter = _jitter(rest["grip"])
    return {
        "delivered": delivered / expected,
        "cpu_us_per_sample": cpu / delivered * 1e6,
        "latency_median_ms": statistics.median(latencies_ms),
        "latency_p99_ms": _percentile(latencies_ms, 0.99),
        "raw_jitter_g": raw_jitter,
        "filtered_jitter_g": filtered_jitter,
    }


def _jitter(samples: list[ForceSample]) -> tuple[float, float]:
    """Standard deviation at rest (grams) of the raw and the filtered force."""
    chain = SignalChain("grip", DEFAULT_SPECS[0].capacity_n)
    filtered = [chain.push(sample, STARTING).filtered_n for sample in samples]
    settle = SPS  # skip the filter's first second
    to_grams = 1000 / 9.80665
    return (
        statistics.pstdev(s.newtons for s in samples[settle:]) * to_grams,
        statistics.pstdev(filtered[settle:]) * to_grams,
    )


def step_response_ms(trials: int = 200, seed: int = 1) -> tuple[float, float]:
    """Median and worst time from a force step to the filtered force reaching 90%.

    Each trial steps from 0 to a child-sized squeeze (10-40 kg) at a random phase of
    the 80 SPS grid, with HX711-sized noise, exactly as the chain sees real samples.
    """
    rng = random.Random(seed)
    period_ns = 1_000_000_000 // SPS
    noise_n = 0.012
    times = []
    for _ in range(trials):
        chain = SignalChain("grip", DEFAULT_SPECS[0].capacity_n)
        step_n = rng.uniform(10, 40) * 9.80665
        step_at_ns = 2 * 10**9 + rng.randrange(period_ns)
        t_ns = 10**9
        while True:
            force = step_n if t_ns >= step_at_ns else 0.0
            frame = chain.push(ForceSample("grip", t_ns, force + rng.gauss(0, noise_n)), STARTING)
            if t_ns >= step_at_ns and frame.filtered_n >= 0.9 * step_n:
                times.append((t_ns - step_at_ns) / 1e6)
                break
            t_ns += period_ns
    return statistics.median(times), max(times)


def main(runs: int = 1, seconds: float = RUN_SECONDS) -> None:
    results = [stream(seconds) for _ in range(runs)]

    def med(key: str) -> float:
        return statistics.median(r[key] for r in results)

    step_median, step_worst = step_response_ms()
    rows: list[Row] = [
        (
            f"samples delivered / expected ({seconds:.0f} s, 2 x 80 SPS)",
            f"{med('delivered') * 100:.2f} %",
            "100 % (idle machine)",
        ),
        (
            "sampler CPU per sample (reader + emulated chip)",
            f"{med('cpu_us_per_sample'):.0f} us",
            "",
        ),
        ("latency conversion-ready -> app, median", f"{med('latency_median_ms'):.2f} ms", ""),
        ("latency conversion-ready -> app, p99", f"{med('latency_p99_ms'):.2f} ms", ""),
        (
            "filter time to 90% of a step, median",
            f"{step_median:.1f} ms",
            f"<= {STEP_GOAL_MS:.0f} ms",
        ),
        ("filter time to 90% of a step, worst of 200", f"{step_worst:.1f} ms", ""),
        ("jitter at rest, raw", f"{med('raw_jitter_g'):.2f} g", ""),
        ("jitter at rest, filtered", f"{med('filtered_jitter_g'):.2f} g", ""),
    ]
    print_table(f"sensor benchmark (median of {runs} run(s))", rows)


if __name__ == "__main__":
    main()
