"""Game scores, and the personal best the celebration screen is told about."""

from __future__ import annotations

import pytest

from station.storage import (
    InvalidRecord,
    add_player,
    open_database,
    personal_best,
    record_game_score,
    start_session,
)


@pytest.fixture
def db(tmp_path):
    return open_database(tmp_path / "station.db")


def test_personal_best_is_the_highest_finished_score_per_game(db) -> None:
    mia = add_player(db, nickname="Mia", avatar="star", dominant_hand="right").id
    leo = add_player(db, nickname="Leo", avatar="star", dominant_hand="left").id
    assert personal_best(db, mia, "balloon") is None
    first = start_session(db, mia).id
    record_game_score(db, first, game="balloon", score=40, stars=2)
    record_game_score(db, first, game="crab", score=90, stars=3)
    second = start_session(db, mia).id
    record_game_score(db, second, game="balloon", score=55, stars=3)
    record_game_score(db, start_session(db, leo).id, game="balloon", score=99, stars=3)
    assert personal_best(db, mia, "balloon") == 55
    assert personal_best(db, mia, "crab") == 90
    assert personal_best(db, leo, "balloon") == 99


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"score": -1}, "0 or more"),
        ({"score": 2.5}, "whole number"),
        ({"stars": 4}, "Stars"),
        ({"game": ""}, "short name"),
    ],
)
def test_impossible_scores_are_refused(db, change, reason) -> None:
    session = start_session(
        db, add_player(db, nickname="Mia", avatar="star", dominant_hand="right").id
    ).id
    fields = {"game": "balloon", "score": 10, "stars": 1, **change}
    with pytest.raises(InvalidRecord, match=reason):
        record_game_score(db, session, **fields)
    assert personal_best(db, 1, "balloon") is None
