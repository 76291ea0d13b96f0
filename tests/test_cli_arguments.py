"""What a careless hand types on the command line: one sentence and exit status 2, never a
traceback, a crash log (70), a hang, or a silent guess.

Every command's ``--help`` must work; every number is refused outside its range (NaN and
infinities included); every player named must be one player; every path must be usable.
The cases are tables: a new command or option is one more row.
"""

from __future__ import annotations

import argparse
import os
from datetime import datetime

import pytest

from station.app.cli import main
from station.app.commandline import build_parser
from station.storage import add_player, list_players, open_database, set_archived

GOOD = "sensor=grip,hand=right,target=40%,hold=3,reps=10,sets=2,rest=30"
BIGGEST_ID = str(2**63 - 1)
THIS_YEAR = datetime.now().year


def command_paths(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    """Every command line that has a --help: the top level, each command, each action."""
    yield words
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from command_paths(sub, (*words, name))


@pytest.mark.parametrize(
    "words", list(command_paths(build_parser())), ids=lambda words: " ".join(words) or "top"
)
def test_every_command_and_action_has_a_working_help(words, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([*words, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith("usage: grip-station") and len(out.splitlines()) > 3


def test_the_help_list_reaches_the_actions_of_every_command() -> None:
    paths = set(command_paths(build_parser()))
    for words in [("program", "set"), ("players", "add"), ("players", "delete"), ("pin", "reset")]:
        assert words in paths


@pytest.fixture
def station(tmp_path, monkeypatch):
    """A scratch station with Mia (player 1); XDG points into tmp."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    db_path = tmp_path / "station.db"
    assert main(["--db", str(db_path), "players", "add", "Mia", "--hand", "right"]) == 0
    return db_path


def refused(capsys, argv) -> str:
    """The one line a refused command printed; it failed with status 2 and nothing else."""
    try:
        code = main(argv)
    except SystemExit as done:
        code = done.code
    captured = capsys.readouterr()
    assert code == 2, captured
    assert "Traceback" not in captured.err and "unexpected error" not in captured.err
    assert captured.err.strip(), "refused without saying why"
    return captured.err.strip().splitlines()[-1]


def exercise(**changes: str) -> list[str]:
    fields = dict(part.split("=") for part in GOOD.split(","))
    fields.update(changes)
    spec = ",".join(f"{key}={value}" for key, value in fields.items())
    return ["program", "set", "Mia", "--exercise", spec, "--days-per-week", "3"]


def program(*extra: str) -> list[str]:
    return ["program", "set", "Mia", "--exercise", GOOD, "--days-per-week", "3", *extra]


SECONDS = "argument --seconds: must be a number above 0 and at most 604800 s"
NUMBER_CASES = [
    # Durations: the app, the live view and the doctor stop on their own.
    (["run", "--seconds", "inf"], SECONDS),
    (["run", "--seconds", "nan"], SECONDS),
    (["run", "--seconds", "-1"], SECONDS),
    (["run", "--seconds", "0"], SECONDS),
    (["run", "--seconds", "1e400"], SECONDS),
    (["run", "--seconds", "soon"], SECONDS),
    (["live", "--seconds", "nan"], SECONDS),
    (["play", "balloon", "--seconds=-inf"], SECONDS),
    (
        ["--sensors", "virtual", "doctor", "--seconds", "inf"],
        "argument --seconds: must be a number above 0 and at most 3600 s",
    ),
    (["--sensors", "virtual", "doctor", "--seconds", "nan"], "above 0 and at most 3600 s"),
    (["--sensors", "virtual", "doctor", "--seconds", "-1"], "above 0 and at most 3600 s"),
    (["--sensors", "virtual", "doctor", "--seconds", "0"], "above 0 and at most 3600 s"),
    # Window and chart sizes.
    (["run", "--size", "0x600"], "argument --size: must be WIDTHxHEIGHT from 320x240 to 7680x4320"),
    (["run", "--size", "800x"], "from 320x240 to 7680x4320"),
    (["run", "--size", "99999999999999999999x480"], "from 320x240 to 7680x4320"),
    (["live", "--window", "--size", "100x100"], "argument --size"),
    (["report", "Mia", "--out", "m.pdf", "--png-size", "10x10"], "from 200x150 to 8000x8000"),
    (["report", "Mia", "--out", "m.pdf", "--png-size", "nanxnan"], "argument --png-size"),
    # Randomness: a seed is a whole number SQLite and every generator can hold.
    (
        ["run", "--seconds", "1", "--seed", "-1"],
        f"argument --seed: must be a whole number from 0 to {BIGGEST_ID}",
    ),
    (["run", "--seconds", "1", "--seed", str(2**63)], f"from 0 to {BIGGEST_ID}"),
    (["run", "--seconds", "1", "--seed", "1.5"], "argument --seed"),
    (
        ["play", "balloon", "--seed", "-1"],
        f"argument --seed: must be a whole number from 0 to {BIGGEST_ID}",
    ),
    (["play", "balloon", "--seed", str(2**63)], f"from 0 to {BIGGEST_ID}"),
    # The live line's full scale.
    (
        ["live", "--seconds", "1", "--full-scale-kg", "0"],
        "argument --full-scale-kg: must be a number above 0",
    ),
    (["live", "--seconds", "1", "--full-scale-kg", "nan"], "above 0 and at most 1000 kg"),
    (["live", "--seconds", "1", "--full-scale-kg", "-3"], "above 0 and at most 1000 kg"),
    (["live", "--seconds", "1", "--full-scale-kg", "inf"], "above 0 and at most 1000 kg"),
    # The reference weight: a number at all first, then the sensor's own range.
    (["calibrate", "grip", "--mass-g", "nan"], "argument --mass-g: must be a finite number"),
    (["calibrate", "grip", "--mass-g", "inf"], "argument --mass-g: must be a finite number"),
    (["calibrate", "grip", "--mass-g=-inf"], "argument --mass-g"),
    (["--sensors", "emulated", "calibrate", "grip", "--mass-g", "0"], "more than 0 g"),
    (["--sensors", "emulated", "calibrate", "grip", "--mass-g", "-5"], "takes up to 90000 g"),
    (["--sensors", "emulated", "calibrate", "pinch", "--mass-g", "50"], "at least 100 g"),
    (["--sensors", "emulated", "calibrate", "grip", "--mass-g", "1e12"], "--mass-g 1e+12"),
    (["--sensors", "real", "calibrate", "grip", "--mass-g", "0"], "--mass-g 0"),  # before chips
    # A child's birth year.
    (
        ["players", "add", "Bo", "--hand", "right", "--birth-year", "1800"],
        f"argument --birth-year: must be a whole number from 1900 to {THIS_YEAR}",
    ),
    (["players", "add", "Bo", "--hand", "right", "--birth-year", "3000"], "from 1900 to"),
    (["players", "add", "Bo", "--hand", "right", "--birth-year", "9" * 20], "from 1900 to"),
    (["players", "add", "Bo", "--hand", "right", "--birth-year", "2010.5"], "--birth-year"),
    # The program's settings and every number in an exercise.
    (
        program("--days-per-week", "0"),
        "argument --days-per-week: must be a whole number from 1 to 7",
    ),
    (program("--days-per-week", "8"), "from 1 to 7"),
    (program("--days-per-week", "9" * 20), "from 1 to 7"),
    (
        program("--limit-n", "nan"),
        "argument --limit-n: must be a number above 0 and at most 5000 N",
    ),
    (program("--limit-n", "inf"), "above 0 and at most 5000 N"),
    (program("--limit-n", "0"), "above 0 and at most 5000 N"),
    (program("--limit-n", "-5"), "above 0 and at most 5000 N"),
    (exercise(hold="nan"), "Hold time must be a number above 0 and at most 120 s, not 'nan'"),
    (exercise(hold="inf"), "Hold time must be a number above 0 and at most 120 s"),
    (exercise(hold="0"), "Hold time must be a number above 0 and at most 120 s"),
    (exercise(hold="121"), "Hold time must be a number above 0 and at most 120 s"),
    (exercise(rest="inf"), "Rest time must be a number from 0 to 600 s"),
    (exercise(rest="-1"), "Rest time must be a number from 0 to 600 s"),
    (exercise(reps="0"), "Reps per set must be a whole number from 1 to 100"),
    (exercise(reps="9" * 25), "Reps per set must be a whole number from 1 to 100"),
    (exercise(reps="1.5"), "Reps per set must be a whole number from 1 to 100"),
    (exercise(sets="21"), "Sets must be a whole number from 1 to 20"),
    (exercise(target="nan%"), "The target must be a number above 0 and at most 100%"),
    (exercise(target="0%"), "The target must be a number above 0 and at most 100%"),
    (exercise(target="1e400N"), "The target must be a number above 0 N"),
    (exercise(target="infkg"), "The target must be a number above 0 kg"),
    # A player number SQLite cannot hold names nobody, and says how far numbers go.
    (["players", "show", "9" * 20], BIGGEST_ID),
    (["history", str(2**63)], BIGGEST_ID),
    (["players", "show", "id:" + "9" * 5000], BIGGEST_ID),  # int() refuses 5000 digits itself
]


def case_ids(cases) -> list[str]:
    return [" ".join(argv)[-60:].replace("\n", "\\n") for argv, _ in cases]


@pytest.mark.parametrize(("argv", "expected"), NUMBER_CASES, ids=case_ids(NUMBER_CASES))
def test_a_number_out_of_range_is_refused_naming_the_option_and_the_range(
    station, capsys, argv, expected
) -> None:
    line = refused(capsys, ["--db", str(station), *argv])
    assert expected in line


def test_a_refused_program_number_saves_nothing(station, capsys) -> None:
    refused(capsys, ["--db", str(station), *exercise(hold="nan")])
    db = open_database(station)
    try:
        assert db.execute("SELECT count(*) FROM programs").fetchone()[0] == 0
    finally:
        db.close()


@pytest.fixture
def namesakes(station):
    """Mia (1) archived, a new Mia (2), Sam (3), and a child nicknamed '3' (4) from the screen."""
    db = open_database(station)
    try:
        set_archived(db, 1, True)
        add_player(db, nickname="Mia", avatar="star", dominant_hand="right")
        add_player(db, nickname="Sam", avatar="star", dominant_hand="left")
        add_player(db, nickname="3", avatar="star", dominant_hand="left")
    finally:
        db.close()
    return station


AMBIGUOUS_MIA = "'Mia' could mean 2 players: id:1 (Mia, archived) or id:2 (Mia)"
NAME_CASES = [
    (["players", "show", "Mia"], AMBIGUOUS_MIA),
    (["players", "show", "mia "], "could mean 2 players"),
    (["history", "Mia"], "give id:1 or id:2 to say which"),
    (["program", "show", "Mia"], AMBIGUOUS_MIA),
    (["report", "Mia", "--out", "mia.pdf"], AMBIGUOUS_MIA),
    (["export", "--player", "Mia", "--out", "exports"], AMBIGUOUS_MIA),
    (["players", "archive", "Mia", "--undo"], AMBIGUOUS_MIA),
    (["players", "delete", "Mia", "--yes"], AMBIGUOUS_MIA),
    (["--sensors", "virtual", "assess", "Mia", "--sensor", "grip", "--yes"], AMBIGUOUS_MIA),
    (
        ["--sensors", "virtual", "run", "--seconds", "1", "--autoplay", "--player", "Mia"],
        AMBIGUOUS_MIA,
    ),
    (
        ["--sensors", "virtual", "play", "balloon", "--seconds", "1", "--player", "Mia"],
        AMBIGUOUS_MIA,
    ),
    (["players", "show", "3"], "'3' could mean 2 players: id:4 (3) or id:3 (Sam, player number 3)"),
    (["players", "show", ""], "An empty player name names nobody"),
    (["players", "show", "   "], "An empty player name names nobody"),
    (["players", "show", "Sam\nMia"], "has a line break (U+000A)"),
    (["players", "show", "Sam\t"], "has a tab (U+0009)"),
    (["players", "show", "Sam\x1b[2J"], "(U+001B)"),
    (["players", "show", "id:abc"], "id: wants a player number, e.g. id:3"),
    (["players", "show", "id:99"], "There is no player number 99"),
    (["players", "add", "Bo\n", "--hand", "right"], "has a line break (U+000A)"),
    (["players", "add", "42", "--hand", "right"], "only digits"),
    (["players", "add", "\udcff\udcfe", "--hand", "right"], "set the terminal to UTF-8"),
]


@pytest.mark.parametrize(("argv", "expected"), NAME_CASES, ids=case_ids(NAME_CASES))
def test_a_name_that_is_not_exactly_one_player_is_refused_saying_how_to_pick(
    namesakes, capsys, argv, expected
) -> None:
    line = refused(capsys, ["--db", str(namesakes), *argv])
    assert expected in line
    db = open_database(namesakes)
    try:
        players = list_players(db, include_archived=True)
        assert [(p.id, p.nickname, p.archived) for p in players] == [
            (4, "3", False),
            (1, "Mia", True),
            (2, "Mia", False),
            (3, "Sam", False),
        ]  # nothing was added, deleted or archived
        assert db.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0
    finally:
        db.close()


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("id:1", "Mia (player 1) - ARCHIVED"), ("ID:2", "Mia (player 2)"), ("4", "3 (player 4)")],
)
def test_id_colon_names_one_player_whatever_the_nicknames(namesakes, capsys, typed, shown):
    assert main(["--db", str(namesakes), "players", "show", typed]) == 0
    assert capsys.readouterr().out.startswith(shown)


@pytest.fixture
def paths(station, tmp_path):
    """A file, a folder, and a folder nobody may write (where the OS has one for root too)."""
    (tmp_path / "a-file").write_text("keep me", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "old.pdf").mkdir()
    os.mkfifo(tmp_path / "pipe")
    return tmp_path


PATH_CASES = [
    (["--db", "", "players", "list"], "argument --db: is empty"),
    (["--db", "folder", "players", "list"], "folder is a folder; give a database file"),
    (["--db", "a-file/s.db", "players", "list"], "a-file is a file, not a folder"),
    (["--config", "missing.toml", "players", "list"], "argument --config: missing.toml: no such"),
    (["--config", "folder", "players", "list"], "argument --config: folder is a folder"),
    (["--config", " ", "players", "list"], "argument --config: is empty"),
    (["--config", "folder", "--seconds", "1"], "argument --config: folder is a folder"),  # run
    (["--config", "/dev/zero", "players", "list"], "/dev/zero is a device or a pipe, not a"),
    (["--config", "pipe", "players", "list"], "argument --config: pipe is a device or a pipe"),
    (["export", "--out", ""], "argument --out: is empty"),
    (["export", "--out", "a-file"], "--out: a-file is a file; give a folder"),
    (["export", "--out", "/dev/null"], "--out: /dev/null is a device or a pipe; give a folder"),
    (["export", "--out", "a-file/sub"], "a-file is a file, not a folder"),
    (["players", "delete", "Mia", "--yes", "--export-to", "a-file"], "Nothing was deleted"),
    (["players", "delete", "Mia", "--yes", "--export-to", ""], "argument --export-to: is empty"),
    (["report", "Mia", "--out", "old.pdf"], "old.pdf is a folder"),
    (["report", "Mia", "--out", "a-file/mia.pdf"], "a-file is a file, not a folder"),
    (["report", "Mia", "--out", "m.pdf", "--png-dir", "a-file"], "--png-dir: a-file is a file"),
    (["report", "Mia", "--out", "m.pdf", "--png-dir", ""], "argument --png-dir: is empty"),
    (["analyse", ""], "argument FILE: is empty"),
    (["analyse", "missing.csv"], "FILE: missing.csv: no such file"),
    (["analyse", "folder"], "FILE: folder is a folder; give a file to read"),
]


@pytest.mark.parametrize(("argv", "expected"), PATH_CASES, ids=case_ids(PATH_CASES))
def test_a_path_that_cannot_serve_says_what_is_wrong_with_it(paths, capsys, argv, expected) -> None:
    argv = argv if argv[0] == "--db" else ["--db", str(paths / "station.db"), *argv]
    line = refused(capsys, argv)
    assert expected in line
    assert (paths / "a-file").read_text(encoding="utf-8") == "keep me"
    made = {p.name for p in paths.iterdir()} - {"a-file", "folder", "old.pdf", "pipe", "data"}
    assert {name for name in made if not name.startswith("station.db")} == set()
    assert not any(any((paths / name).iterdir()) for name in ("folder", "old.pdf"))
    db = open_database(paths / "station.db")
    try:
        assert [p.nickname for p in list_players(db)] == ["Mia"]
    finally:
        db.close()


UNWRITABLE = "/proc/1"
"""A folder the kernel refuses to let anyone create files in, root included."""


@pytest.mark.skipif(
    not os.path.isdir(UNWRITABLE) or os.access(UNWRITABLE, os.W_OK),
    reason="needs a folder this user cannot write to",
)
@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--out", f"{UNWRITABLE}/exports"],
        ["report", "Mia", "--out", f"{UNWRITABLE}/mia.pdf"],
        ["players", "delete", "Mia", "--yes", "--export-to", f"{UNWRITABLE}/mia"],
    ],
    ids=["export", "report", "delete"],
)
def test_an_output_in_a_folder_that_cannot_be_written_is_refused_first(station, capsys, argv):
    line = refused(capsys, ["--db", str(station), *argv])
    assert f"the folder {UNWRITABLE} is not writable" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads through file permissions")
def test_a_config_file_that_cannot_be_read_is_refused(station, tmp_path, capsys) -> None:
    config = tmp_path / "locked.toml"
    config.write_text("", encoding="utf-8")
    config.chmod(0)
    line = refused(capsys, ["--config", str(config), "--db", str(station), "players", "list"])
    assert "cannot be read" in line


def test_a_mistyped_database_path_is_not_made_by_a_command_that_only_reads(tmp_path, capsys):
    typo = tmp_path / "clinic" / "statoin.db"
    config = tmp_path / "config.toml"
    config.write_text(f'db_path = "{typo}"\n', encoding="utf-8")
    for argv in (["--db", str(typo), "players", "list"], ["--config", str(config), "history", "M"]):
        assert f"There is no database at {typo}" in refused(capsys, argv)
    assert "Check --db" in refused(capsys, ["--db", str(typo), "export", "--out", str(tmp_path)])
    assert not (tmp_path / "clinic").exists(), "nothing was made"
    assert main(["--db", str(typo), "players", "add", "Mia", "--hand", "left"]) == 0
    assert typo.is_file(), "a command that stores something makes it"


@pytest.mark.parametrize(
    ("db_path", "said"),
    [("folder", "folder is a folder"), ("/dev/null", "/dev/null is a device or a pipe")],
)
def test_a_db_path_in_the_config_that_cannot_serve_names_the_config(paths, capsys, db_path, said):
    config = paths / "config.toml"
    config.write_text(f'db_path = "{db_path}"\n', encoding="utf-8")
    line = refused(capsys, ["--config", str(config), "players", "add", "Ann", "--hand", "left"])
    assert line.startswith(f"grip-station: db_path in {config}: ") and said in line
