"""The benchmark table says whether each goal was met."""

from __future__ import annotations

import pytest

from tests.bench.table import Table, met, print_table


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("cold start", "0.43 s", "<= 0.5 s"), "yes"),
        (("cold start", "0.61 s", "<= 0.5 s"), "no"),
        (("history query", "4.2 ms", "< 50 ms"), "yes"),
        (("delivery", "99.1 %", ">= 99.5 %"), "no"),
        (("jitter", "0.80 g", ""), ""),
        (("latency", "1-2 frames", "1 frame", False), "no"),
    ],
)
def test_a_goal_is_met_or_not_and_no_goal_says_nothing(row, expected):
    assert met(row) == expected


def test_every_table_is_printed_under_one_header(capsys):
    print_table(Table("a", [("x", "1 s", "<= 2 s")]), Table("b", [("y", "3 s", "<= 2 s")]))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["figure", "value", "met", "goal"]
    assert [line.split()[0] for line in lines[1:5]] == ["a", "x", "b", "y"]
    assert lines[2].split()[3] == "yes"
    assert lines[4].split()[3] == "no"
