"""``grip-station program``: show or set a player's therapy program.

An exercise is typed as one ``key=value`` list, e.g.
``sensor=grip,hand=right,target=40%,hold=3,reps=10,sets=2,rest=30``. Anything that
cannot be played safely is refused with the field and the reason; nothing is saved
unless every exercise passes.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Callable, Sequence

from hardware import PINCH, STANDARD_GRAVITY, SensorSpec
from station.app.arguments import finite_float, whole_number
from station.app.context import config_from, open_db
from station.clinic.exercise import (
    MAX_HOLD_S,
    MAX_REPS,
    MAX_REST_S,
    MAX_SETS,
    Exercise,
    ForceLimits,
    InvalidExercise,
    Program,
)
from station.commands.players import PLAYER_HELP, program_lines, resolve_player, sensor_label
from station.play.visit import check_for_station
from station.storage import (
    HandResult,
    InvalidRecord,
    current_program,
    latest_results,
    save_program,
)

REQUIRED_FIELDS = ("sensor", "hand", "target", "hold", "reps", "sets", "rest")
OPTIONAL_FIELDS = ("pinch", "game")
EXAMPLE = "sensor=grip,hand=right,target=40%,hold=3,reps=10,sets=2,rest=30"
HELP_EXAMPLE = EXAMPLE.replace("%", "%%")
"""argparse formats help texts with %: a bare one there is a crash of --help."""
_TARGET = re.compile(r"(.*?)\s*(%|n|kg)", re.IGNORECASE)
_KINDS = {"%": "percent", "n": "newtons", "kg": "newtons"}
MAX_LIMIT_N = 5000.0
"""About 510 kg: far above any cell the station takes; a larger limit is a typing slip."""
FIELDS: dict[str, tuple[str, Callable[[str], float]]] = {
    "hold": ("Hold time", finite_float(0, MAX_HOLD_S, unit=" s", above_low=True)),
    "rest": ("Rest time", finite_float(0, MAX_REST_S, unit=" s")),
    "reps": ("Reps per set", whole_number(1, MAX_REPS)),
    "sets": ("Sets", whole_number(1, MAX_SETS)),
    "%": ("The target", finite_float(0, 100, unit="%", above_low=True)),
    "n": ("The target", finite_float(0, unit=" N", above_low=True)),
    "kg": ("The target", finite_float(0, unit=" kg", above_low=True)),
}
"""Each number of an exercise: its name in a refusal and its range (a newton target's top
is the sensor's capacity, checked against the config once the exercise is whole)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("program", help="show or set a player's therapy program")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    show = actions.add_parser("show", help="the player's current program")
    show.add_argument("player", help=PLAYER_HELP)
    show.set_defaults(handler=_show)

    put = actions.add_parser("set", help="give the player a new program (the old one is kept)")
    put.add_argument("player", help=PLAYER_HELP)
    put.add_argument(
        "--exercise",
        action="append",
        required=True,
        metavar="SPEC",
        help=f"one exercise, e.g. {HELP_EXAMPLE} (target as 40%% of max, 120N or 12kg; "
        "pinch=tip|key|palmar for pinch; game=balloon|rocket|wave|crab to choose the "
        "game); repeat for more",
    )
    put.add_argument("--days-per-week", type=whole_number(1, 7), required=True, help="1 to 7")
    put.add_argument(
        "--limit-n",
        type=finite_float(0, MAX_LIMIT_N, unit=" N", above_low=True),
        default=None,
        metavar="N",
        help="no target above N newtons",
    )
    put.add_argument(
        "--allow-above-80",
        action="store_true",
        help="let targets go above 80%% of the child's max (normally capped there)",
    )
    put.set_defaults(handler=_set)


def parse_exercise(spec: str) -> Exercise:
    """One ``key=value,...`` spec as an exercise; ``InvalidExercise`` names the bad field."""
    fields: dict[str, str] = {}
    for piece in spec.split(","):
        key, equals, value = piece.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not equals or not key or "=" in value:
            raise InvalidExercise(
                f"{piece.strip()!r} is not one key=value pair; separate fields with commas "
                f"(example: {EXAMPLE})."
            )
        if key not in REQUIRED_FIELDS + OPTIONAL_FIELDS:
            close = difflib.get_close_matches(key, REQUIRED_FIELDS + OPTIONAL_FIELDS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"use {', '.join(REQUIRED_FIELDS)}"
            raise InvalidExercise(f"{key!r} is not an exercise field; {hint}.")
        if key in fields:
            raise InvalidExercise(f"The field {key!r} is given twice.")
        fields[key] = value
    missing = [name for name in REQUIRED_FIELDS if name not in fields]
    if missing:
        raise InvalidExercise(f"The exercise needs {', '.join(missing)} (example: {EXAMPLE}).")
    kind, target = _target(fields["target"])
    return Exercise(
        sensor=fields["sensor"].lower(),
        hand=fields["hand"].lower(),
        target_kind=kind,
        target_value=target,
        hold_s=_field("hold", fields["hold"]),
        reps=int(_field("reps", fields["reps"])),
        sets=int(_field("sets", fields["sets"])),
        rest_s=_field("rest", fields["rest"]),
        pinch_type=fields["pinch"].lower() if "pinch" in fields else None,
        game=fields["game"].lower() if "game" in fields else None,
    )


def check_against(
    exercise: Exercise, specs: Sequence[SensorSpec], results: Sequence[HandResult]
) -> str | None:
    """Refuse what this station or this child cannot meet; return a note worth reading."""
    capacities = {spec.name: spec.capacity_n for spec in specs}
    if check_for_station(exercise, capacities, results) is None:
        what = f"{sensor_label(exercise.sensor, exercise.pinch_type)}, {exercise.hand} hand"
        return (
            f"Note: no max-force test for {what} yet; run grip-station assess before "
            "playing, so the games know the child's maximum."
        )
    return None


def _target(text: str) -> tuple[str, float]:
    match = _TARGET.fullmatch(text)
    if match is None:
        raise InvalidExercise(
            f"target must be a number with %, N or kg (e.g. 40% of max, 120N or 12kg), "
            f"not {text!r}."
        )
    unit = match.group(2).lower()
    value = _field(unit, match.group(1))
    return _KINDS[unit], value * STANDARD_GRAVITY if unit == "kg" else value


def _field(key: str, text: str) -> float:
    """One number of the spec, refused with its name and range like any other argument."""
    name, parse = FIELDS[key]
    try:
        return parse(text)
    except argparse.ArgumentTypeError as error:
        raise InvalidExercise(f"{name} {error}.") from None


def _show(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    player = resolve_player(db, args.player)
    program = current_program(db, player.id)
    if program is None:
        print(
            f"{player.nickname} has no program yet. Set one with: grip-station program set "
            f'{player.id} --exercise "{EXAMPLE}" --days-per-week 3'
        )
        return 0
    print(f"{player.nickname} (player {player.id})")
    print("\n".join(program_lines(program, latest_results(db, player.id))))
    return 0


def _set(args: argparse.Namespace) -> int:
    config = config_from(args)
    db = open_db(args, config)
    player = resolve_player(db, args.player)
    results = latest_results(db, player.id)
    exercises: list[Exercise] = []
    notes: list[str] = []
    for number, spec in enumerate(args.exercise, start=1):
        try:
            exercise = parse_exercise(spec)
            if exercise.sensor == PINCH and exercise.pinch_type is None:
                raise InvalidExercise("A pinch exercise needs pinch=tip, key or palmar.")
            note = check_against(exercise, config.sensors, results)
        except InvalidExercise as error:
            raise InvalidRecord(f"Exercise {number} ({spec.strip()!r}) refused: {error}") from None
        exercises.append(exercise)
        if note:
            notes.append(note)
    try:
        limits = ForceLimits(args.limit_n, args.allow_above_80)
        program = Program(tuple(exercises), args.days_per_week, limits)
    except InvalidExercise as error:
        raise InvalidRecord(f"Program refused: {error}") from None
    stored = save_program(db, player.id, program)
    print(f"Saved a new program for {player.nickname} (player {player.id}).")
    print("\n".join(program_lines(stored, results)))
    for note in dict.fromkeys(notes):
        print(note)
    return 0
