"""Whatever goes wrong, the person at the terminal reads one sentence, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from station.app import cli, commandline


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_a_malformed_recording_names_its_line(xdg, capsys) -> None:
    bad = xdg / "bad.csv"
    bad.write_text("t_s,force_n\n0.0,1.0\n0.1,lots\n", encoding="utf-8")
    code = cli.main(
        ["--db", str(xdg / "s.db"), "--sensors", f"replay:{bad}", "live", "--seconds", "0.1"]
    )
    err = capsys.readouterr().err
    assert code == cli.EXIT_USER_ERROR
    assert "line 3" in err and "bad.csv" in err
    assert "Traceback" not in err


def test_a_broken_config_file_is_named_and_left_alone(xdg, capsys) -> None:
    config = xdg / "config.toml"
    config.write_text("[sensors.grip]\ndout_pin = 99\n", encoding="utf-8")
    before = config.read_bytes()
    code = cli.main(["--config", str(config), "--db", str(xdg / "s.db"), "doctor"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_USER_ERROR
    assert "dout_pin" in err and str(config) in err
    assert config.read_bytes() == before


def test_an_unexpected_failure_is_logged_whole_and_summarised(xdg, capsys, monkeypatch) -> None:
    def explode(_args: object) -> int:
        raise RuntimeError("a bug we did not foresee")

    parser = commandline.build_parser()
    monkeypatch.setattr(commandline, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["live"].set_defaults(handler=explode)
    code = cli.main(["live"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_UNEXPECTED
    assert "Traceback" not in err and "details were saved to" in err
    (log,) = (xdg / "data" / "grip-station" / "crash-logs").iterdir()
    assert "a bug we did not foresee" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["run"]),
        (["--size", "800x480"], ["run", "--size", "800x480"]),
        (["--db", "x.db", "--fullscreen"], ["--db", "x.db", "run", "--fullscreen"]),
        (["--sensors=virtual", "--seconds", "3"], ["--sensors=virtual", "run", "--seconds", "3"]),
        (["--db", "x.db", "players", "list"], ["--db", "x.db", "players", "list"]),
        (["--help"], ["--help"]),
    ],
)
def test_the_app_is_the_default_command_and_takes_its_options_unnamed(argv, expected):
    assert cli.with_default_command(argv) == expected


def test_the_entry_point_a_sampler_re_imports_stays_light() -> None:
    """A spawned sampler imports the parent's main module again: it must not bring the app."""
    probe = (
        "import sys, station.app.cli; heavy = ('pygame', 'sqlite_utils', 'numpy', 'gpiozero'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_app_starts_without_numpy_for_the_database() -> None:
    probe = (
        "import sys; from station.app import cli; cli.keep_numpy_out_of_sqlite_utils(); "
        "import station.storage; print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
