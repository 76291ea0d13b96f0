"""``grip-station pin``: setting the PIN over SSH, and the way back in when it is lost."""

from __future__ import annotations

import pytest

from station.app.cli import main
from station.commands import pin as pin_command
from station.storage import PinStatus, check_pin, has_pin, open_database, set_pin

T0 = 1_750_000_000.0


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """A scratch database; the XDG folders point into tmp so the real ones stay untouched."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "station.db"


def cli(db_path, *args):
    return main(["--db", str(db_path), "pin", *args])


def typed(monkeypatch, *replies, secret=True):
    """Answer the successive prompts (getpass for PINs, input otherwise); EOFError = Ctrl-D."""
    queue = list(replies)
    prompts = []

    def answer(prompt=""):
        prompts.append(prompt)
        reply = queue.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    if secret:
        monkeypatch.setattr(pin_command.getpass, "getpass", answer)
    else:
        monkeypatch.setattr("builtins.input", answer)
    return prompts


def stored_check(db_path, pin):
    db = open_database(db_path)
    try:
        return check_pin(db, pin, now=T0) if has_pin(db) else None
    finally:
        db.close()


def test_set_asks_twice_without_echo_and_stores_the_pin(db_path, monkeypatch, capsys):
    prompts = typed(monkeypatch, "4812", "4812")
    assert cli(db_path, "set") == 0
    assert len(prompts) == 2 and "4-8 digits" in prompts[0]
    assert "PIN was set" in capsys.readouterr().out
    assert stored_check(db_path, "4812").ok

    typed(monkeypatch, "97531", "97531")
    assert cli(db_path, "set") == 0
    assert "PIN was changed" in capsys.readouterr().out
    assert stored_check(db_path, "97531").ok
    assert stored_check(db_path, "4812").status is PinStatus.WRONG


def test_two_different_pins_change_nothing(db_path, monkeypatch, capsys):
    typed(monkeypatch, "4812", "4813")
    assert cli(db_path, "set") == 2
    assert "two PINs differ" in capsys.readouterr().err
    assert stored_check(db_path, "4812") is None


@pytest.mark.parametrize("pin", ["12", "12345678901", "abcd"])
def test_a_pin_that_is_not_4_to_8_digits_is_refused_with_a_sentence(db_path, capsys, pin):
    assert cli(db_path, "set", "--pin", pin) == 2
    error = capsys.readouterr().err
    assert "4 to 8 digits" in error and error.count("\n") == 1
    assert stored_check(db_path, "1234") is None


def test_a_script_may_give_the_pin_on_the_command_line(db_path, capsys):
    assert cli(db_path, "set", "--pin", "0000") == 0
    assert stored_check(db_path, "0000").ok


@pytest.mark.parametrize("replies", [[EOFError()], ["4812", EOFError()]])
def test_ctrl_d_at_a_pin_prompt_stops_cleanly(db_path, monkeypatch, capsys, replies):
    typed(monkeypatch, *replies)
    assert cli(db_path, "set") == 2
    error = capsys.readouterr().err
    assert "input closed" in error and "Traceback" not in error
    assert stored_check(db_path, "4812") is None


def locked_station(db_path):
    db = open_database(db_path)
    try:
        set_pin(db, "2468")
        for second in range(3):
            check_pin(db, "1111", now=T0 + second)
    finally:
        db.close()


def test_reset_after_typing_reset_clears_the_pin_and_the_lock(db_path, monkeypatch, capsys):
    locked_station(db_path)
    typed(monkeypatch, "RESET", secret=False)
    assert cli(db_path, "reset") == 0
    assert "asks for a new one" in capsys.readouterr().out
    assert stored_check(db_path, "2468") is None
    assert cli(db_path, "set", "--pin", "2468") == 0
    assert stored_check(db_path, "2468").ok  # no lock left over


def test_reset_without_the_confirmation_keeps_the_pin(db_path, monkeypatch, capsys):
    locked_station(db_path)
    typed(monkeypatch, "no", secret=False)
    assert cli(db_path, "reset") == 2
    assert "PIN was kept" in capsys.readouterr().err
    typed(monkeypatch, EOFError(), secret=False)
    assert cli(db_path, "reset") == 2
    assert "input closed" in capsys.readouterr().err
    assert stored_check(db_path, "2468").status is PinStatus.LOCKED


def test_reset_with_yes_asks_nothing_and_without_a_pin_says_so(db_path, monkeypatch, capsys):
    locked_station(db_path)
    typed(monkeypatch, secret=False)  # any prompt would fail: the queue is empty
    assert cli(db_path, "reset", "--yes") == 0
    assert stored_check(db_path, "2468") is None
    capsys.readouterr()
    assert cli(db_path, "reset") == 0
    assert "No therapist PIN is set" in capsys.readouterr().out
