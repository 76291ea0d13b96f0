"""The rep book on its own: a list planner in, the game events every game sends out."""

from __future__ import annotations

import subprocess
import sys

import pytest

from games.contract import Band, GameOver, RepDone, RepSetup, RepStarted, ScoreChanged
from games.kit.reps import RepBook
from tests.support.planners import ListPlanner

BAND = Band(0.8, 1.2)


def rep(rep_no: int, *, set_no: int = 1, hold_s: float = 2.0, speed: float = 1.0, rest=0.0):
    return RepSetup(set_no, rep_no, BAND, hold_s, speed, rest)


def play(book: RepBook, t_ns: int, success: bool, points: int) -> RepSetup | None:
    """One whole rep the way a game plays it: fetch, start, finish, score."""
    setup = book.next_rep()
    if setup is not None:
        book.start(t_ns)
        book.done(t_ns + 10, peak_effort=1.1, time_in_band_s=1.5, success=success)
        if points:
            book.add_score(points)
    return setup


def test_events_come_out_in_the_order_the_game_played_them():
    book = RepBook(ListPlanner([rep(1), rep(2)]))
    assert book.next_rep() == rep(1)
    book.start(100)
    book.add_score(1)  # a star collected mid-rep
    book.done(200, peak_effort=1.1, time_in_band_s=1.9, success=True, tracking_rmse=0.1)
    book.add_score(5)
    assert book.drain() == [
        RepStarted(1, 1, 100),
        ScoreChanged(1),
        RepDone(1, 1, 200, 1.1, 1.9, True, 0.1),
        ScoreChanged(6),
    ]
    assert book.drain() == [], "a drain hands each event out once"
    assert book.next_rep() == rep(2)
    book.start(300)
    book.done(400, peak_effort=0.3, time_in_band_s=0.0, success=False)
    assert book.next_rep() is None
    assert book.drain() == [
        RepStarted(1, 2, 300),
        RepDone(1, 2, 400, 0.3, 0.0, False),
        GameOver(score=6, stars=1, reps_done=2, successes=1),
    ]


def test_results_feed_the_progress_dots_in_order():
    planner = ListPlanner([rep(n) for n in range(1, 6)])
    book = RepBook(planner)
    assert (book.results, book.reps_total) == ((), 5)
    for success in (True, False, True):
        play(book, 0, success, 0)
    assert book.results == (True, False, True)
    assert (book.reps_done, book.successes) == (3, 2)


@pytest.mark.parametrize(
    ("wins", "reps", "stars"), [(5, 5, 3), (4, 5, 3), (3, 5, 2), (1, 5, 1), (0, 5, 0), (0, 0, 0)]
)
def test_game_over_carries_the_stars_for_the_share_of_good_reps(wins, reps, stars):
    book = RepBook(ListPlanner([rep(n) for n in range(1, reps + 1)]))
    for n in range(reps):
        play(book, n, n < wins, 10 if n < wins else 0)
    assert book.next_rep() is None
    over = book.drain()[-1]
    assert over == GameOver(score=10 * wins, stars=stars, reps_done=reps, successes=wins)


def test_game_over_is_sent_once_and_the_planner_is_not_asked_again():
    planner = ListPlanner([rep(1)])
    book = RepBook(planner)
    play(book, 0, True, 3)
    assert book.next_rep() is None
    assert book.next_rep() is None
    events = book.drain()
    assert sum(isinstance(e, GameOver) for e in events) == 1
    assert book.finished
    assert planner.calls == 2


def test_a_rep_that_never_started_cannot_be_done_nor_start_twice():
    book = RepBook(ListPlanner([rep(1)]))
    with pytest.raises(RuntimeError, match="start"):
        book.start(0)
    book.next_rep()
    with pytest.raises(RuntimeError, match="started"):
        book.done(0, peak_effort=0.0, time_in_band_s=0.0, success=False)
    book.start(0)
    with pytest.raises(RuntimeError, match="once"):
        book.start(1)
    book.done(2, peak_effort=0.0, time_in_band_s=0.0, success=False)
    with pytest.raises(RuntimeError, match="started"):
        book.done(3, peak_effort=0.0, time_in_band_s=0.0, success=False)
    assert book.results == (False,)


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        (rep(1, hold_s=0.0), "positive hold time"),
        (rep(1, hold_s=float("inf")), "positive hold time"),
        (rep(1, speed=0.0), "positive speed"),
        (rep(1, speed=float("nan")), "positive speed"),
        (rep(1, rest=-1.0), "rest"),
    ],
)
def test_an_unplayable_rep_is_refused_with_a_sentence_naming_it(setup, words):
    book = RepBook(ListPlanner([setup]))
    with pytest.raises(ValueError, match=words) as refused:
        book.next_rep()
    assert "rep 1 of set 1" in str(refused.value)


def test_the_book_loads_without_pygame():
    code = "import sys, games.kit.reps; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
