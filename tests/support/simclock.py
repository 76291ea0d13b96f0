"""A simulated monotonic clock shared by the reader and the chip emulator.

Every reading of the clock advances it by one tick, as real time passes between pin
operations; ``sleep`` jumps it forward. Tests become exact and take no wall time.
"""

from __future__ import annotations


class SimClock:
    def __init__(self, start_ns: int = 1_000_000_000, tick_ns: int = 1_000) -> None:
        self.now_ns = start_ns
        self.tick_ns = tick_ns

    def __call__(self) -> int:
        self.now_ns += self.tick_ns
        return self.now_ns

    def sleep(self, seconds: float) -> None:
        self.now_ns += max(0, round(seconds * 1e9))

    def advance(self, seconds: float) -> None:
        self.sleep(seconds)
