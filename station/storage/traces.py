"""Force traces kept at the full sample rate in about 1-2 bytes per sample.

A trace is stored as a nominal sample grid plus what deviates from it. Times are
rounded to 0.1 ms and forces to 0.01 N (so every value read back is within 0.05 ms and
0.005 N of what was stored). Each time is kept as its step's difference from the
median step, each force as its difference from the previous force; both streams are
zigzag varints, so a steady 80 SPS stream with small changes costs about one byte per
value before zlib squeezes it further. Gaps, uneven spacing and even backwards time
steps are kept exactly at that resolution, so a replay paces like the original.
"""

from __future__ import annotations

import math
import statistics
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from hardware import ForceSample
from station.storage.errors import InvalidRecord

FORMAT_VERSION = 1
TIME_TICKS_PER_S = 10_000
"""Time resolution: 0.1 ms, far below one HX711 conversion (12.5 ms at 80 SPS)."""
FORCE_TICKS_PER_N = 100
"""Force resolution: 0.01 N, ten times finer than the 0.1 kg the clinic needs."""


@dataclass(frozen=True, slots=True)
class Trace:
    """Sample times in seconds from the start of a rep or trial, and forces in newtons."""

    t_s: tuple[float, ...]
    force_n: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.t_s) != len(self.force_n):
            raise InvalidRecord(
                f"A force trace needs one time per force value "
                f"({len(self.t_s)} times, {len(self.force_n)} forces)."
            )
        if not all(map(math.isfinite, self.t_s)) or not all(map(math.isfinite, self.force_n)):
            raise InvalidRecord("A force trace holds a value that is not a number.")

    @classmethod
    def from_samples(cls, samples: Iterable[ForceSample], origin_ns: int | None = None) -> Trace:
        """Times count from ``origin_ns`` (the rep's start), else from the first sample."""
        listed = list(samples)
        if origin_ns is None:
            origin_ns = listed[0].t_ns if listed else 0
        return cls(
            tuple((s.t_ns - origin_ns) / 1e9 for s in listed),
            tuple(s.newtons for s in listed),
        )

    def __len__(self) -> int:
        return len(self.t_s)

    @property
    def duration_s(self) -> float:
        return self.t_s[-1] - self.t_s[0] if self.t_s else 0.0


def encode_trace(trace: Trace) -> bytes:
    times = [round(t * TIME_TICKS_PER_S) for t in trace.t_s]
    forces = [round(f * FORCE_TICKS_PER_N) for f in trace.force_n]
    steps = [b - a for a, b in pairwise(times)]
    period = max(statistics.median_low(steps), 0) if steps else 0
    payload = bytearray()
    _put(payload, (len(times), period))
    _put(payload, map(_zigzag, times[:1]))
    _put(payload, (_zigzag(step - period) for step in steps))
    _put(payload, (_zigzag(b - a) for a, b in pairwise([0, *forces])))
    return bytes((FORMAT_VERSION,)) + zlib.compress(payload, 6)


def decode_trace(blob: bytes) -> Trace:
    if not blob or blob[0] != FORMAT_VERSION:
        raise InvalidRecord("This is not a force trace the station can read.")
    try:
        values = _take(zlib.decompress(blob[1:]))
        count, period = next(values), next(values)
        times = [_unzigzag(next(values))] if count else []
        for _ in range(count - 1):
            times.append(times[-1] + period + _unzigzag(next(values)))
        forces: list[int] = []
        level = 0
        for _ in range(count):
            level += _unzigzag(next(values))
            forces.append(level)
    except (zlib.error, StopIteration):
        raise InvalidRecord("A stored force trace is damaged and cannot be read.") from None
    return Trace(
        tuple(t / TIME_TICKS_PER_S for t in times),
        tuple(f / FORCE_TICKS_PER_N for f in forces),
    )


def _zigzag(value: int) -> int:
    return value * 2 if value >= 0 else -value * 2 - 1


def _unzigzag(value: int) -> int:
    return value // 2 if value % 2 == 0 else -(value + 1) // 2


def _put(out: bytearray, values: Iterable[int]) -> None:
    for value in values:
        rest = value
        while rest >= 0x80:
            out.append((rest & 0x7F) | 0x80)
            rest >>= 7
        out.append(rest)


def _take(data: bytes) -> Iterator[int]:
    value = shift = 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            yield value
            value = shift = 0
