"""The sensor benchmark blames each lost conversion on the right cause, and counts the
bit slips that reach the app."""

from __future__ import annotations

from hardware.bit_slips import SlipGuard
from hardware.hx711 import WordProblem
from hardware.sampler import PROBLEMS, RawRecord, RecordKind
from tests.bench.bench_sensors import lost_by_cause, slips_passed

PERIOD = 12_500_000


def sample(k: int) -> RawRecord:
    return RawRecord(0, RecordKind.SAMPLE, 100, k * PERIOD + 200_000, k * PERIOD, 5_000)


def dropped(k: int, problem: WordProblem) -> RawRecord:
    return RawRecord(0, RecordKind.DROPPED, PROBLEMS.index(problem), k * PERIOD, k * PERIOD, 0)


def test_a_clean_stream_lost_nothing():
    assert sum(lost_by_cause([sample(k) for k in range(50)]).values()) == 0


def test_each_loss_is_counted_under_its_cause():
    records = [sample(k) for k in range(10)]
    records.append(dropped(10, WordProblem.STRETCHED_PULSE))  # then the chip settles
    records += [sample(k) for k in range(15, 20)]  # 11-14 lost to the power-down
    records += [sample(k) for k in range(22, 25)]  # 20-21 overwritten before read
    records.append(dropped(25, WordProblem.SATURATED_HIGH))
    records.append(sample(26))
    lost = lost_by_cause(records)
    assert lost == {"dropped_word": 2, "power_down_settling": 4, "never_read": 2}


def test_the_slip_figure_counts_slipped_words_that_reach_the_app(monkeypatch):
    made, passed = slips_passed(words=3_000, probability=0.02)
    assert made > 30 and passed == 0
    monkeypatch.setattr(SlipGuard, "is_slip", lambda _self, _word: False)
    made_unguarded, passed_unguarded = slips_passed(words=3_000, probability=0.02)
    assert passed_unguarded == made_unguarded == made
