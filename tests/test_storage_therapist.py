"""The therapist PIN: only a salted hash is stored, and wrong guesses lock the pad for longer
and longer, across restarts, on an injected clock (no test sleeps)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from station.storage import (
    InvalidRecord,
    NotFound,
    PinStatus,
    check_pin,
    has_pin,
    open_database,
    reset_pin,
    set_pin,
    therapist,
)

T0 = 1_750_000_000.0
"""Unix seconds: the clock the checks are given."""


@pytest.fixture
def path(tmp_path):
    return tmp_path / "station.db"


@pytest.fixture
def db(path):
    database = open_database(path)
    yield database
    database.close()


def stored(db) -> dict:
    return next(iter(db.query("SELECT * FROM therapist_pin")))


def test_a_new_station_has_no_pin_and_a_set_pin_opens_the_pad(db):
    assert not has_pin(db)
    with pytest.raises(NotFound, match="No therapist PIN"):
        check_pin(db, "1234", now=T0)
    set_pin(db, "2580")
    assert has_pin(db)
    assert check_pin(db, "2580", now=T0).ok
    assert check_pin(db, "2581", now=T0).status is PinStatus.WRONG


def test_only_a_salted_scrypt_hash_is_stored_with_its_parameters(db, path):
    set_pin(db, "13572468")
    row = stored(db)
    assert (row["kdf"], row["n"], row["r"], row["p"]) == ("scrypt", 2**14, 8, 1)
    assert len(row["salt"]) == 16
    expected = hashlib.scrypt(
        b"13572468", salt=row["salt"], n=2**14, r=8, p=1, dklen=len(row["hash"])
    )
    assert row["hash"] == expected
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"13572468" not in path.read_bytes()
    first_salt = row["salt"]
    set_pin(db, "13572468")  # the same PIN again gets a new salt, so a new hash
    assert stored(db)["salt"] != first_salt and stored(db)["hash"] != expected


@pytest.mark.parametrize(
    "pin", ["123", "123456789", "12a4", "", " 1234", "12 34", "\u0661\u0662\u0663\u0664", "1234\n"]
)
def test_a_pin_that_is_not_4_to_8_digits_is_refused_with_a_sentence(db, pin):
    with pytest.raises(InvalidRecord, match="4 to 8 digits"):
        set_pin(db, pin)
    assert not has_pin(db)


def test_wrong_pins_count_down_then_lock_for_a_doubling_time_capped_at_an_hour(db):
    set_pin(db, "1234")
    first = check_pin(db, "0000", now=T0)
    second = check_pin(db, "0000", now=T0 + 1)
    assert (first.status, first.attempts_left) == (PinStatus.WRONG, 2)
    assert (second.status, second.attempts_left) == (PinStatus.WRONG, 1)
    assert "1 more try" in second.message
    third = check_pin(db, "0000", now=T0 + 2)
    assert (third.status, third.wait_s) == (PinStatus.LOCKED, 30.0)
    assert "30 s" in third.message

    # While locked even the right PIN is not taken, and the wait counts down.
    during = check_pin(db, "1234", now=T0 + 12)
    assert (during.status, during.wait_s) == (PinStatus.LOCKED, pytest.approx(20.0))
    assert stored(db)["failures"] == 3  # a try during the lock is not counted

    now = T0 + 2
    waits = []
    for _ in range(9):
        now += 3600.0  # past any lock
        waits.append(check_pin(db, "0000", now=now).wait_s)
    assert waits == [60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 3600.0, 3600.0, 3600.0]
    assert "60 min" in check_pin(db, "0000", now=now + 1).message


def test_the_right_pin_after_a_lock_ends_resets_the_count(db):
    set_pin(db, "1234")
    for second in range(3):
        check_pin(db, "9999", now=T0 + second)
    assert check_pin(db, "1234", now=T0 + 2 + 29.9).status is PinStatus.LOCKED
    assert check_pin(db, "1234", now=T0 + 2 + 30.0).ok
    assert (stored(db)["failures"], stored(db)["locked_until"]) == (0, None)
    assert check_pin(db, "9999", now=T0 + 40).attempts_left == 2


def test_the_lock_survives_a_restart(path):
    db = open_database(path)
    set_pin(db, "1234")
    for second in range(4):  # three to lock, one more after the lock: 60 s
        check_pin(db, "1111", now=T0 + second * 31)
    db.close()

    again = open_database(path)  # the power was cut, the station starts again
    try:
        outcome = check_pin(again, "1234", now=T0 + 3 * 31 + 10)
        assert (outcome.status, outcome.wait_s) == (PinStatus.LOCKED, pytest.approx(50.0))
    finally:
        again.close()


def test_a_clock_set_backwards_cannot_stretch_a_lock_beyond_its_length(db):
    set_pin(db, "1234")
    for second in range(3):
        check_pin(db, "1111", now=T0 + second)
    days_back = T0 - 5 * 86400  # a Pi without a real-time clock, before NTP answers
    outcome = check_pin(db, "1234", now=days_back)
    assert (outcome.status, outcome.wait_s) == (PinStatus.LOCKED, 30.0)
    assert check_pin(db, "1234", now=days_back + 30).ok


def test_now_may_be_a_datetime(db):
    set_pin(db, "1234")
    at = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    for second in range(3):
        check_pin(db, "1111", now=at + timedelta(seconds=second))
    assert check_pin(db, "1234", now=at + timedelta(seconds=12)).wait_s == pytest.approx(20.0)


def test_reset_clears_the_pin_and_the_lock(db):
    set_pin(db, "1234")
    for second in range(3):
        check_pin(db, "1111", now=T0 + second)
    assert reset_pin(db) is True
    assert not has_pin(db) and db.execute("SELECT count(*) FROM therapist_pin").fetchone() == (0,)
    assert reset_pin(db) is False
    set_pin(db, "4321")
    assert check_pin(db, "4321", now=T0 + 3).ok  # no lock carried over


def test_a_hash_with_weaker_parameters_is_upgraded_at_the_next_right_pin(db, monkeypatch):
    monkeypatch.setattr(therapist, "COST", (2**10, 8, 1))
    set_pin(db, "1234")
    assert stored(db)["n"] == 2**10
    monkeypatch.undo()
    assert check_pin(db, "0000", now=T0).status is PinStatus.WRONG
    assert stored(db)["n"] == 2**10  # a wrong PIN changes nothing but the count
    assert check_pin(db, "1234", now=T0 + 1).ok
    assert (stored(db)["n"], stored(db)["failures"]) == (2**14, 0)
    assert check_pin(db, "1234", now=T0 + 2).ok
