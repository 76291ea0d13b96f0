"""Every question the command line asks, answered by a closed input (Ctrl-D, a script with
no terminal, ``< /dev/null``): the command stops with one sentence, changes nothing, and
exits non-zero but never with the crash code 70.
"""

from __future__ import annotations

import getpass
import io

import pytest

from hardware.chip_source import ChipSource
from hardware.spec import DEFAULT_SPECS
from station.app.cli import EXIT_UNEXPECTED, main
from station.app.sensors import emulated_calibrations
from station.console.calibration_flow import calibrate_sensor
from station.console.prompts import NoAnswer
from station.storage import open_database, set_pin, trials_of


@pytest.fixture
def station(tmp_path, monkeypatch):
    """Mia and a therapist PIN in a scratch database; XDG points into tmp."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    db_path = tmp_path / "station.db"
    assert main(["--db", str(db_path), "players", "add", "Mia", "--hand", "right"]) == 0
    db = open_database(db_path)
    set_pin(db, "2468")
    db.close()
    return db_path


def typed(monkeypatch, text: str) -> None:
    """Standard input holds ``text`` and then closes; PINs are read from it too (no TTY)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    monkeypatch.setattr(getpass, "getpass", getpass.fallback_getpass)


def contents(db_path) -> list[str]:
    db = open_database(db_path)
    try:
        return list(db.conn.iterdump())
    finally:
        db.close()


PROMPTS = [
    pytest.param(
        (
            ["--sensors", "emulated", "calibrate", "grip", "--mass-g", "2000"],
            "",
            "nothing was saved",
        ),
        marks=pytest.mark.realtime,
        id="calibrate-zero",
    ),
    pytest.param((["players", "delete", "Mia"], "", "Mia (player 1) was not deleted"), id="delete"),
    pytest.param((["players", "delete", "Mia"], "Mi", "does not match"), id="delete-half-typed"),
    pytest.param((["pin", "set"], "", "nothing was changed"), id="pin-set-first"),
    pytest.param((["pin", "set"], "4812\n", "nothing was changed"), id="pin-set-again"),
    pytest.param((["pin", "reset"], "", "nothing was changed"), id="pin-reset"),
]


@pytest.mark.parametrize("case", PROMPTS)
def test_a_closed_input_at_a_prompt_stops_cleanly_and_changes_nothing(
    station, monkeypatch, capsys, case
) -> None:
    argv, stdin, said = case
    before = contents(station)
    typed(monkeypatch, stdin)
    code = main(["--db", str(station), *argv])
    captured = capsys.readouterr()
    assert code == 2
    assert said in captured.err.strip().splitlines()[-1]
    assert captured.err.count("grip-station:") == 1
    assert "Traceback" not in captured.err + captured.out
    assert contents(station) == before


@pytest.mark.realtime
def test_calibration_stops_at_the_second_prompt_without_a_result() -> None:
    chips = ChipSource(DEFAULT_SPECS, "emulated", emulated_calibrations(DEFAULT_SPECS))
    chips.start()
    replies = [""]  # Enter at the first prompt, then the input closes

    def closed_after_one_enter(_prompt: str) -> str:
        if not replies:
            raise EOFError
        return replies.pop()

    try:
        with pytest.raises(NoAnswer, match=r"input closed\); nothing was saved"):
            calibrate_sensor(
                chips,
                DEFAULT_SPECS[0],
                5000,
                ask=closed_after_one_enter,
                say=lambda _: None,
                read_for_s=0.2,
            )
    finally:
        chips.close()
    assert replies == []  # the zero was read; the span was never reached


@pytest.mark.realtime
def test_ctrl_c_during_calibration_says_nothing_was_saved(station, monkeypatch, capsys) -> None:
    def interrupted(_prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", interrupted)
    argv = ["--db", str(station), "--sensors", "emulated", "calibrate", "grip", "--mass-g", "2000"]
    assert main(argv) == 130
    err = capsys.readouterr().err
    assert "Calibration stopped with Ctrl-C; nothing was saved." in err


@pytest.fixture
def clock(assess_clock):
    return assess_clock


@pytest.mark.parametrize("case", [("", 0), ("\n", 1)], ids=["first", "second"])
def test_a_closed_input_during_a_max_force_test_keeps_what_was_finished(
    station, clock, monkeypatch, capsys, case
) -> None:
    stdin, kept = case
    typed(monkeypatch, stdin)
    code = main(["--db", str(station), "--sensors", "virtual", "assess", "Mia", "--sensor", "grip"])
    assert code == 1 and code != EXIT_UNEXPECTED
    assert "no answer at the prompt (input closed)" in capsys.readouterr().out
    db = open_database(station)
    try:
        [(test_id, reason)] = db.execute("SELECT id, stop_reason FROM assessments").fetchall()
        assert reason == "no answer"
        assert len(trials_of(db, test_id)) == kept
    finally:
        db.close()


@pytest.mark.parametrize(
    "argv",
    [["players", "delete", "Mia"], ["pin", "set"], ["pin", "reset"]],
    ids=["delete", "pin-set", "pin-reset"],
)
def test_ctrl_c_at_a_prompt_says_it_stopped_and_changes_nothing(
    station, monkeypatch, capsys, argv
) -> None:
    def interrupted(_prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", interrupted)
    monkeypatch.setattr(getpass, "getpass", interrupted)
    before = contents(station)
    assert main(["--db", str(station), *argv]) == 130
    captured = capsys.readouterr()
    assert captured.err.splitlines() == ["grip-station: stopped with Ctrl-C."]
    assert contents(station) == before
