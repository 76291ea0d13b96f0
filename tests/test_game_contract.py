"""The rules every game shares: end-of-game stars and the game clock's units."""

from __future__ import annotations

import pytest

from games.contract import NS_PER_S, ns_from_s, stars_for


@pytest.mark.parametrize(
    ("successes", "reps", "stars"),
    [
        (10, 10, 3),
        (8, 10, 3),
        (4, 5, 3),
        (7, 10, 2),
        (6, 10, 2),
        (3, 5, 2),
        (5, 10, 1),
        (1, 10, 1),
        (1, 5, 1),
        (0, 10, 0),
        (0, 5, 0),
        (0, 0, 0),
    ],
)
def test_stars_follow_the_share_of_good_reps(successes, reps, stars):
    assert stars_for(successes, reps) == stars


def test_rule_seconds_become_whole_clock_nanoseconds():
    assert ns_from_s(1.5) == 3 * NS_PER_S // 2
    assert ns_from_s(0.0) == 0
    assert isinstance(ns_from_s(0.1), int)
