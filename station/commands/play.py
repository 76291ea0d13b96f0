"""``grip-station play GAME``: one game in the station app, for a child, a guest or the bot.

The game is played as a visit of one step in the same app as ``run`` (the quick
squeeze if needed, the game, its celebration), and the command ends with it. With
``--player`` the child's program and latest max-force test set the targets and every
rep is stored; ``--guest`` (the default) stores nothing. ``--autoplay`` lets the bot
play (simulated sensors only), ``--seconds`` ends a smoke run.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from sqlite_utils import Database

from games.registry import GameInfo, UnknownGameError, get_game
from station.app.context import config_from, open_db, sensors_from
from station.app.errors import CommandError
from station.app.launch import build_context, close_cut_off_sessions, run_station
from station.app.sensors import refuse_unfed
from station.clinic.difficulty import guest_exercise
from station.commands.players import refuse_archived, resolve_player
from station.commands.run import (
    SEED,
    add_window_options,
    launch_from,
    refuse_autoplay_without_hands,
)
from station.console.tables import force_text
from station.play.visit import Exercising, Visit, program_exercise
from station.storage import Player, current_program, latest_results, logged_max

EXIT_NOT_SAVED = 1
"""The game was played, but part of the child's visit could not be stored (the terminal
says which records, and why)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("play", help="play one game (e.g. for a demo or a smoke run)")
    parser.add_argument("game", help="the game's name, e.g. balloon")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--player", default=None, help="nickname or number: targets and storage")
    who.add_argument("--guest", action="store_true", help="play without a profile (the default)")
    parser.add_argument("--autoplay", action="store_true", help="the virtual hand plays itself")
    add_window_options(parser)
    parser.add_argument("--seed", type=SEED, default=None, help="randomness of the game and bot")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        game = get_game(args.game)
    except UnknownGameError as error:
        raise CommandError(str(error)) from None
    config = config_from(args)
    if all(spec.name != game.sensor for spec in config.sensors):
        raise CommandError(f"{game.title} needs the {game.sensor} sensor, and none is fitted")
    db = open_db(args, config)
    close_cut_off_sessions(db)
    player = None if args.player is None else resolve_player(db, args.player)
    step, notes = step_for(db, player, game)
    with sensors_from(args, config, db) as setup:
        refuse_autoplay_without_hands(args, setup)
        refuse_unfed(
            game.sensor,
            setup,
            config.sensors,
            f"{game.title} is played on the {game.sensor} sensor",
        )
        for note in notes:
            print(note)
        launch = launch_from(args, autoplay_player=player, visit=(player, (step,)))
        ctx = build_context(launch, config, db, setup)
        code = run_station(launch, ctx, config, setup)
    if ctx.last_visit is not None:
        print(summary(ctx.last_visit, game))
        if ctx.last_visit.save_failures:
            return EXIT_NOT_SAVED
    return code


def step_for(db: Database, player: Player | None, game: GameInfo) -> tuple[Exercising, list[str]]:
    """The program's exercise for ``game`` (or the gentle default), and what to know."""
    if player is None:
        return Exercising(game, guest_exercise(game.sensor), None), []
    refuse_archived(player)
    notes = []
    stored = current_program(db, player.id)
    program = (
        ()
        if stored is None
        else tuple(zip(stored.program.exercises, stored.exercise_ids, strict=True))
    )
    chosen = program_exercise(program, game)
    if chosen is None:
        exercise = replace(guest_exercise(game.sensor), hand=player.dominant_hand)
        chosen = (exercise, None)
        notes.append(
            f"{player.nickname} has no {game.sensor} exercise in a program: playing the default "
            f"({exercise.target_value:g}% of max, {exercise.reps} reps, {exercise.hand} hand)."
        )
    exercise, exercise_id = chosen
    if logged_max(latest_results(db, player.id), game.sensor, exercise.hand) is None:
        notes.append(
            f"{player.nickname} has no {game.sensor} max-force test for the {exercise.hand} "
            "hand: a quick hard squeeze sets the targets for this visit only. Reps are "
            f"stored; run grip-station assess {player.id} --sensor {game.sensor} for real "
            "targets."
        )
    return Exercising(game, exercise, exercise_id), notes


def summary(visit: Visit, game: GameInfo) -> str:
    """One paragraph for the terminal: what was played and what was kept."""
    if not visit.plays:
        return f"{game.title}: no rep finished."
    play = visit.plays[-1]
    recorder = play.recorder
    assert recorder is not None
    over = play.game_over
    lines = [
        f"{game.title}: {recorder.successes} of {len(recorder.outcomes)} reps in the band"
        + (f", {over.stars} stars, score {over.score}." if over else " (stopped early).")
    ]
    if play.quick is not None and play.maximum_n is not None:
        lines.append(f"Quick squeeze: {force_text(play.maximum_n)} set this visit's targets.")
    player = visit.player
    if player is None:
        lines.append("Guest play: nothing was stored.")
    elif visit.save_failures:
        lines.append(
            f"NOT SAVED: {len(visit.save_failures)} record(s) of {player.nickname}'s visit "
            f"could not be written and are lost. {visit.save_failures[0]}"
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
