"""The compact trace codec: small, precise to 0.01 N, and faithful to real timing."""

from __future__ import annotations

import csv
import math
import random
from itertools import pairwise
from pathlib import Path

import pytest

from hardware.frames import ForceSample
from station.storage import InvalidRecord, Trace, decode_trace, encode_trace
from station.storage.traces import FORCE_TICKS_PER_N, TIME_TICKS_PER_S

FORCE_TOLERANCE_N = 0.5 / FORCE_TICKS_PER_N + 1e-9
TIME_TOLERANCE_S = 0.5 / TIME_TICKS_PER_S + 1e-9


def _load(path: Path) -> Trace:
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Trace(tuple(float(r["t_s"]) for r in rows), tuple(float(r["force_n"]) for r in rows))


def test_real_recordings_round_trip_within_precision_and_under_4_bytes(recordings_dir):
    files = sorted(recordings_dir.glob("*.csv"))
    assert files, "the recordings corpus is empty"
    for path in files:
        original = _load(path)
        blob = encode_trace(original)
        replay = decode_trace(blob)
        assert len(replay) == len(original), path.name
        assert len(blob) / len(original) <= 4, path.name
        worst_force = max(abs(a - b) for a, b in zip(original.force_n, replay.force_n, strict=True))
        assert worst_force <= 0.01, path.name
        worst_time = max(abs(a - b) for a, b in zip(original.t_s, replay.t_s, strict=True))
        assert worst_time <= TIME_TOLERANCE_S, path.name


def test_replay_keeps_every_gap_and_uneven_step(recordings_dir):
    """The hangboard log has ~0.4 s gaps in an ~11 Hz stream; a replay must pause there too."""
    original = _load(recordings_dir / "hangboard_hx711_5hangs.csv")
    replay = decode_trace(encode_trace(original))
    steps_in = [b - a for a, b in pairwise(original.t_s)]
    steps_out = [b - a for a, b in pairwise(replay.t_s)]
    assert max(steps_in) > 0.3, "the recording no longer has the gaps this test is about"
    for before, after in zip(steps_in, steps_out, strict=True):
        assert abs(before - after) <= 2 * TIME_TOLERANCE_S


def test_jittered_80_sps_rep_is_small_and_precise():
    rng = random.Random(7)
    times = tuple(i / 80 + rng.gauss(0, 0.0007) for i in range(400))
    forces = tuple(120 * math.sin(math.pi * i / 400) ** 2 + rng.gauss(0, 0.05) for i in range(400))
    original = Trace(times, forces)
    blob = encode_trace(original)
    replay = decode_trace(blob)
    assert len(blob) <= 4 * 400
    assert all(abs(a - b) <= FORCE_TOLERANCE_N for a, b in zip(forces, replay.force_n, strict=True))
    assert all(abs(a - b) <= TIME_TOLERANCE_S for a, b in zip(times, replay.t_s, strict=True))


def test_extremes_survive_exactly_at_the_resolution():
    """Full-scale grip, negative tare drift, a backwards timestamp and a long gap."""
    original = Trace((0.0, 0.0125, 0.0110, 600.0, -2.0), (882.6, -64.7, 0.0, 1e6, -0.004))
    replay = decode_trace(encode_trace(original))
    assert replay.t_s == pytest.approx(original.t_s, abs=TIME_TOLERANCE_S)
    assert replay.force_n == pytest.approx(original.force_n, abs=FORCE_TOLERANCE_N)


def test_empty_and_single_sample_traces():
    assert len(decode_trace(encode_trace(Trace((), ())))) == 0
    single = decode_trace(encode_trace(Trace((0.25,), (3.14,))))
    assert single.t_s == (0.25,)
    assert single.force_n == (3.14,)


def test_from_samples_counts_time_from_the_rep_start():
    samples = [ForceSample("grip", 5_000_000_000 + i * 12_500_000, float(i)) for i in range(3)]
    trace = Trace.from_samples(samples, origin_ns=4_990_000_000)
    assert trace.t_s == pytest.approx((0.01, 0.0225, 0.035))
    assert trace.force_n == (0.0, 1.0, 2.0)
    assert Trace.from_samples(samples).t_s[0] == 0.0


@pytest.mark.parametrize(
    ("times", "forces"),
    [((0.0, 0.1), (1.0,)), ((0.0,), (math.nan,)), ((math.inf,), (1.0,))],
)
def test_unusable_traces_are_refused_with_a_reason(times, forces):
    with pytest.raises(InvalidRecord, match="trace"):
        Trace(times, forces)


def test_damaged_blob_is_reported_not_misread():
    blob = encode_trace(Trace((0.0, 0.0125), (1.0, 2.0)))
    for damaged in (b"", b"\x09" + blob[1:], blob[:1] + b"not zlib", blob[:-3]):
        with pytest.raises(InvalidRecord):
            decode_trace(damaged)
