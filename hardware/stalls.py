"""How often this machine stalls a loop at the sampler's priority: a wiring fault, or a busy Pi?

A word is dropped as a stretched pulse when the reader is pre-empted for more than 50 µs
in the middle of it. Any loop at the same priority on the same machine meets the same
pre-emptions: a bare loop that does what the sampler does (wake, spend a word's time
reading the clock, sleep again) without touching a pin shows how many words the machine
alone would spoil. ``grip-station doctor`` prints it beside the dropped words.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from hardware.hx711 import MAX_PULSE_HIGH_NS
from hardware.sampler import in_sampler_process, raise_priority

WORD_NS = 300_000
"""About what shifting one word out takes on a Pi 4 (25-27 pulses of ~12 µs)."""
BURST_EVERY_NS = 5_000_000
"""Bursts come faster than conversions so that a few seconds give a useful count."""
RESULT_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class StallReport:
    """What the bare loop met: how many word-long bursts were stalled past the pulse limit."""

    bursts: int
    stalled: int
    longest_stall_ns: int
    late_wake_p99_ns: int
    """How late the loop woke, 99th percentile: the latency a conversion is read with."""
    realtime: bool
    """The loop ran at the sampler's real-time priority (root or CAP_SYS_NICE)."""

    @property
    def stalled_fraction(self) -> float:
        return self.stalled / self.bursts if self.bursts else 0.0


def probe(
    seconds: float,
    *,
    clock: Callable[[], int] = time.monotonic_ns,
    sleep: Callable[[float], None] = time.sleep,
    realtime: bool = False,
) -> StallReport:
    """The bare loop itself, in the calling thread, at whatever priority it has."""
    end = clock() + int(seconds * 1e9)
    bursts = stalled = longest = 0
    late: list[int] = []
    wake_at = clock() + BURST_EVERY_NS
    while wake_at < end:
        sleep(max(0, wake_at - clock()) / 1e9)
        started = previous = clock()
        late.append(started - wake_at)
        worst_gap = 0
        while previous - started < WORD_NS:
            now = clock()
            worst_gap = max(worst_gap, now - previous)
            previous = now
        bursts += 1
        stalled += worst_gap > MAX_PULSE_HIGH_NS
        longest = max(longest, worst_gap)
        wake_at += BURST_EVERY_NS
    late.sort()
    p99 = late[min(len(late) - 1, int(0.99 * len(late)))] if late else 0
    return StallReport(bursts, stalled, longest, p99, realtime)


def _probe_at_sampler_priority(seconds: float, out: mp.connection.Connection) -> None:
    raise_priority()
    realtime = os.sched_getscheduler(0) == os.SCHED_FIFO
    report = probe(seconds, realtime=realtime)
    with contextlib.suppress(BrokenPipeError):  # the asker stopped waiting: nobody to tell
        out.send(report)
    out.close()


def measure_stalls(seconds: float) -> StallReport:
    """The bare loop in its own process at the sampler's priority, as the sampler runs."""
    context = mp.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=in_sampler_process,
        args=(_probe_at_sampler_priority, seconds, send),
        name="grip-stall-probe",
    )
    process.start()
    send.close()
    try:
        if not receive.poll(seconds + RESULT_TIMEOUT_S):
            raise TimeoutError("the scheduling-stall probe gave no answer")
        return receive.recv()
    except BaseException:  # Ctrl-C or SIGTERM in the doctor: the probe's answer is moot
        process.kill()
        raise
    finally:
        receive.close()
        process.join(5)
        if process.is_alive():
            process.kill()
