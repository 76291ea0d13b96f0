"""``grip-station play GAME``: one game in a window, for a child, a guest or the bot.

With ``--player`` the child's program and latest max-force test set the targets and
every rep is stored; ``--guest`` (the default) stores nothing. ``--autoplay`` lets the
virtual hand play (simulated sensors only), ``--seconds`` ends a smoke run.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace

from sqlite_utils import Database

from games.registry import GameInfo, UnknownGameError, get_game
from station.app.context import config_from, open_db, sensors_from
from station.app.sensors import SensorSetupError
from station.clinic.difficulty import guest_exercise
from station.clinic.exercise import NO_LIMITS, InvalidExercise
from station.commands.players import logged_max, refuse_archived, resolve_player
from station.commands.run import parse_size
from station.console.assess_runner import Pacing
from station.console.tables import force_text
from station.play.autoplay import AutoPlayer
from station.play.recorder import PlayerStore, RepContext
from station.play.session import GameSession, Visit
from station.storage import (
    Player,
    current_program,
    database_path,
    latest_results,
    personal_best,
    recent_reps,
    start_session,
)
from station.storage.writer import DatabaseWriter

RECENT_REPS = 50
"""Enough reps for the staircase to pick up where the last sessions left it."""
EXIT_USER_ERROR = 2
REAL_TIME = Pacing()
"""The loop's clock and sleep. Tests replace them with a simulated clock; users cannot."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("play", help="play one game (e.g. for a demo or a smoke run)")
    parser.add_argument("game", help="the game's name, e.g. balloon")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--player", default=None, help="nickname or number: targets and storage")
    who.add_argument("--guest", action="store_true", help="play without a profile (the default)")
    parser.add_argument("--autoplay", action="store_true", help="the virtual hand plays itself")
    parser.add_argument("--seconds", type=float, default=None, help="close after this long")
    parser.add_argument(
        "--size", type=parse_size, default=(1024, 600), help="window size, e.g. 800x480"
    )
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen (kiosk)")
    parser.add_argument("--seed", type=int, default=None, help="randomness of the game and bot")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        game = get_game(args.game)
    except UnknownGameError as error:
        return _refuse(str(error))
    if args.seconds is not None and not args.seconds > 0:
        return _refuse(f"--seconds must be above 0, not {args.seconds:g}")
    config = config_from(args)
    spec = next((s for s in config.sensors if s.name == game.sensor), None)
    if spec is None:
        raise SensorSetupError(f"{game.title} needs the {game.sensor} sensor, and none is fitted")
    db = open_db(args, config)
    player = None if args.player is None else resolve_player(db, args.player)
    try:
        visit, notes = visit_for(db, player, game, spec.capacity_n)
    except InvalidExercise as error:
        return _refuse(str(error))
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    with sensors_from(args, config, db) as setup:
        hand = None if setup.hands is None else setup.hands.get(game.sensor)
        if args.autoplay and hand is None:
            return _refuse(
                "--autoplay squeezes a virtual hand, and these sensors are real or replayed; "
                "use --sensors virtual or emulated"
            )
        for note in notes:
            print(note)
        bot = AutoPlayer(hand, random.Random(seed)) if args.autoplay and hand else None
        session = GameSession(game, setup.pipeline, visit, rng_seed=seed, autoplayer=bot)
        from station.app.play_window import play_in_window  # noqa: PLC0415 - pygame on demand

        code = play_in_window(
            session,
            setup,
            size=args.size,
            fullscreen=args.fullscreen,
            max_seconds=args.seconds,
            pacing=REAL_TIME,
            virtual_squeeze=bot is None,
        )
    print(summary(session, player))
    return code


def visit_for(
    db: Database, player: Player | None, game: GameInfo, capacity_n: float
) -> tuple[Visit, list[str]]:
    """The exercise, maximum and storage of this play, and what the therapist should know."""
    if player is None:
        return Visit(guest_exercise(game.sensor), capacity_n, None), []
    refuse_archived(player)
    notes = []
    stored = current_program(db, player.id)
    exercises = [] if stored is None else list(stored.program.exercises)
    chosen = next((i for i, e in enumerate(exercises) if e.sensor == game.sensor), None)
    if stored is None or chosen is None:
        exercise = replace(guest_exercise(game.sensor), hand=player.dominant_hand)
        exercise_id = program_id = None
        notes.append(
            f"{player.nickname} has no {game.sensor} exercise in a program: playing the default "
            f"({exercise.target_value:g}% of max, {exercise.reps} reps, "
            f"{exercise.hand} hand)."
        )
    else:
        exercise, exercise_id = exercises[chosen], stored.exercise_ids[chosen]
        program_id = stored.id
    results = latest_results(db, player.id)
    result = logged_max(results, game.sensor, exercise.hand, exercise.pinch_type)
    if result is None:
        notes.append(
            f"{player.nickname} has no {game.sensor} max-force test for the {exercise.hand} "
            "hand: a quick hard squeeze sets the targets for this visit only. Reps are "
            f"stored; run grip-station assess {player.id} --sensor {game.sensor} for real "
            "targets."
        )
    context = RepContext(game.sensor, exercise.hand, game.key, exercise_id)

    def open_store() -> PlayerStore:
        session = start_session(db, player.id, program_id=program_id)
        return PlayerStore(DatabaseWriter(database_path(db)), session.id, context)

    recent = recent_reps(db, player.id, sensor=game.sensor, hand=exercise.hand, limit=RECENT_REPS)
    visit = Visit(
        exercise,
        capacity_n,
        None if result is None else result.best_n,
        tuple(recent),
        NO_LIMITS if stored is None else stored.program.limits,
        open_store,
        personal_best(db, player.id, game.key),
    )
    return visit, notes


def summary(session: GameSession, player: Player | None) -> str:
    """One paragraph for the terminal: what was played and what was kept."""
    recorder = session.recorder
    if recorder is None or not recorder.outcomes:
        return f"{session.game.title}: no rep finished."
    done = len(recorder.outcomes)
    wins = sum(o.record.success for o in recorder.outcomes)
    over = session.game_over
    lines = [
        f"{session.game.title}: {wins} of {done} reps in the band"
        + (f", {over.stars} stars, score {over.score}." if over else " (stopped early).")
    ]
    if session.quick is not None and session.maximum_n is not None:
        lines.append(f"Quick squeeze: {force_text(session.maximum_n)} set this visit's targets.")
    if player is None:
        lines.append("Guest play: nothing was stored.")
    elif recorder.save_failures:
        lines.append(
            f"WARNING: {len(recorder.save_failures)} write(s) for {player.nickname} could not "
            f"be saved ({recorder.save_failures[0]}); check the SD card with grip-station doctor."
        )
    else:
        lines.append(f"Stored for {player.nickname} (player {player.id}).")
    flag = recorder.retest
    if flag is not None:
        lines.append(
            f"Re-test suggested: a peak of {force_text(flag.peak_n)} is "
            f"{flag.excess_fraction:.0%} above the logged max of {force_text(flag.logged_max_n)}."
        )
    return "\n".join(lines)


def _refuse(message: str) -> int:
    print(f"grip-station: {message}", file=sys.stderr)
    return EXIT_USER_ERROR
