"""Player profiles: what a therapist may type, and what the station refuses and why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from station.storage import (
    InvalidRecord,
    NotFound,
    add_player,
    find_player,
    get_player,
    list_players,
    open_database,
    set_archived,
    update_player,
)

NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "station.db")
    yield database
    database.close()


def _add(db, nickname, **extra):
    fields = {"avatar": "fox", "dominant_hand": "right", "birth_year": 2016, "at": NOW}
    return add_player(db, nickname=nickname, **{**fields, **extra})


def test_a_player_reads_back_as_entered(db):
    player = _add(db, "Mia", sex="F", notes="uses left hand for pinch")
    again = get_player(db, player.id)
    assert again == player
    assert (again.nickname, again.sex, again.birth_year, again.archived) == (
        "Mia",
        "F",
        2016,
        False,
    )
    assert again.created_at == NOW


@pytest.mark.parametrize("nickname", ["Lea 😀", "🦊", "Max\u200d", "Tom\x07"])
def test_emoji_and_invisible_characters_are_refused_with_a_reason(db, nickname):
    with pytest.raises(InvalidRecord, match="letters, digits") as refused:
        _add(db, nickname)
    assert "screen" in str(refused.value)
    assert list_players(db) == []


@pytest.mark.parametrize("nickname", ["", "   ", "\n\t"])
def test_an_empty_nickname_is_refused(db, nickname):
    with pytest.raises(InvalidRecord, match="nickname is needed"):
        _add(db, nickname)


def test_a_200_character_nickname_is_refused_and_40_fit(db):
    with pytest.raises(InvalidRecord, match="at most 40 characters; this one has 200"):
        _add(db, "A" * 200)
    assert _add(db, "B" * 40).nickname == "B" * 40


def test_punctuation_only_is_not_a_name(db):
    with pytest.raises(InvalidRecord, match="at least one letter"):
        _add(db, "- . -")


def test_names_from_many_scripts_are_welcome_and_spaces_tidied(db):
    names = ["  Zoë   Ann ", "Ömer", "Юлия", "小明", "Anne-Marie O'Neil", "J.R. 2"]
    stored = [_add(db, name).nickname for name in names]
    assert stored == ["Zoë Ann", "Ömer", "Юлия", "小明", "Anne-Marie O'Neil", "J.R. 2"]


def test_decomposed_unicode_is_stored_composed_and_found_either_way(db):
    player = _add(db, "Zoe\u0301")  # 'e' + combining acute, as some keyboards send it
    assert player.nickname == "Zo\u00e9"
    assert len(player.nickname) == 3
    assert find_player(db, "ZOÉ") == player
    assert find_player(db, "zoe\u0301") == player
    assert find_player(db, "Zoe") is None


def test_duplicate_active_nicknames_are_refused_ignoring_case_and_composition(db):
    _add(db, "Zoé")
    with pytest.raises(InvalidRecord, match="already an active player"):
        _add(db, "ZOE\u0301", avatar="cat")
    assert len(list_players(db)) == 1


def test_archiving_frees_the_name_and_unarchiving_a_clash_is_refused(db):
    first = _add(db, "Sam")
    set_archived(db, first.id, True)
    assert list_players(db) == []
    assert [p.id for p in list_players(db, include_archived=True)] == [first.id]
    second = _add(db, "sam")
    assert find_player(db, "Sam") == second
    with pytest.raises(InvalidRecord, match="already an active player"):
        set_archived(db, first.id, False)
    assert get_player(db, first.id).archived is True


def test_update_validates_like_add_and_keeps_other_fields(db):
    player = _add(db, "Noah", notes="likes the rocket game")
    changed = update_player(db, player.id, nickname="Noah B", dominant_hand="left")
    assert (changed.nickname, changed.dominant_hand, changed.notes) == (
        "Noah B",
        "left",
        "likes the rocket game",
    )
    with pytest.raises(InvalidRecord, match="letters, digits"):
        update_player(db, player.id, nickname="Noah 🚀")
    with pytest.raises(InvalidRecord, match="no field called email"):
        update_player(db, player.id, email="x@example.org")
    assert get_player(db, player.id) == changed


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"dominant_hand": "both"}, "Hand must be"),
        ({"sex": "X"}, "'F', 'M' or left empty"),
        ({"birth_year": 2031}, "Birth year"),
        ({"birth_year": 1850}, "Birth year"),
        ({"avatar": "Fox Face!"}, "avatar"),
        ({"notes": "n" * 2001}, "Notes"),
    ],
)
def test_other_bad_fields_are_refused_with_a_reason(db, extra, reason):
    with pytest.raises(InvalidRecord, match=reason):
        _add(db, "Ava", **extra)


def test_sex_and_birth_year_may_be_left_out(db):
    player = _add(db, "Kim", birth_year=None)
    assert (player.sex, player.birth_year) == (None, None)


def test_an_unknown_player_is_reported_by_number(db):
    with pytest.raises(NotFound, match="no player number 42"):
        get_player(db, 42)
