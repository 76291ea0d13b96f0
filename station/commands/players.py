"""``grip-station players``: add, list, show, archive and delete children's profiles.

Every other therapist command names a child the same way (nickname, number or ``id:N``),
so the lookup and the profile text live here and the sibling commands import them. ``delete``
is for a family that asks for their child's data to be erased: it cannot be undone, so
it offers a CSV export first and wants the nickname typed back.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from hardware import GRIP
from station.app.arguments import (
    SQLITE_MAX_INTEGER,
    PathUse,
    check_path,
    control_character,
    path_text,
    whole_number,
)
from station.app.context import config_from, open_db
from station.app.errors import CommandError
from station.clinic.assessment import check_in_game_peak
from station.clinic.difficulty import MAX_FRACTION_CAP
from station.clinic.exercise import TargetKind
from station.clinic.norms import percentile_band
from station.console import prompts
from station.console.tables import date_text, force_text, format_table
from station.reports.export import ExportError, export_csv
from station.storage import (
    STOP_PAIN,
    TRIALS_PER_HAND,
    Assessment,
    HandResult,
    InvalidRecord,
    NotFound,
    Player,
    StoredProgram,
    add_player,
    current_program,
    delete_player,
    get_player,
    latest_results,
    list_players,
    logged_max,
    newest_assessment,
    player_history,
    set_archived,
)
from station.storage.players import OLDEST_BIRTH_YEAR

DEFAULT_AVATAR = "star"
ID_PREFIX = "id:"
"""``id:3`` is always player number 3, even when some child is nicknamed '3'."""
LIST_HINT = "grip-station players list --all"
PLAYER_HELP = f"nickname, player number, or {ID_PREFIX}NUMBER"
NORMS_SEX = {"F": "female", "M": "male"}
"""Profiles store the sex as F/M; the norms table names it in full."""


def resolve_player(db: Database, text: str) -> Player:
    """The one player ``text`` names: a nickname (any case or spacing), a number, or ``id:N``.

    A text that could name two players (a nickname an archived child shares, a number
    that is also someone's nickname) is refused with each one's ``id:N``, which always
    names exactly one: nicknames cannot hold a colon.
    """
    typed = text.strip()
    if not typed:
        raise CommandError(
            "An empty player name names nobody; give a nickname or a player number "
            f"({LIST_HINT} lists them)."
        )
    control = control_character(text)
    if control is not None:
        raise CommandError(f"The player name {text!r} has {control} (or give the player number).")
    if typed[: len(ID_PREFIX)].lower() == ID_PREFIX:
        return get_player(db, _player_number(typed[len(ID_PREFIX) :], text))
    named = [p for p in list_players(db, include_archived=True) if _same_name(typed, p.nickname)]
    numbered = _numbered(db, typed)
    choices = [*named, *([] if numbered is None or numbered in named else [numbered])]
    if len(choices) == 1:
        return choices[0]
    if not choices:
        too_big = _is_number(typed) and _as_number(typed) is None
        numbers = f", and player numbers end at {SQLITE_MAX_INTEGER}" if too_big else ""
        raise NotFound(
            f"There is no player called {text!r}{numbers}; '{LIST_HINT}' shows every stored "
            "player and their numbers."
        )
    listed = [f"{ID_PREFIX}{p.id} ({_who(p, p is numbered)})" for p in choices]
    picks = [f"{ID_PREFIX}{p.id}" for p in choices]
    raise CommandError(
        f"{text!r} could mean {len(choices)} players: {_either(listed)}; "
        f"give {_either(picks)} to say which."
    )


def _player_number(digits: str, text: str) -> int:
    """The number after ``id:``; refused if it is none, or more than SQLite can hold."""
    if not _is_number(digits):
        raise CommandError(f"{text!r}: {ID_PREFIX} wants a player number, e.g. {ID_PREFIX}3.")
    number = _as_number(digits)
    if number is None:
        raise NotFound(f"There is no player number {digits}: they end at {SQLITE_MAX_INTEGER}.")
    return number


def _numbered(db: Database, typed: str) -> Player | None:
    """The player whose number ``typed`` is, if it is a number and someone has it."""
    number = _as_number(typed)
    if number is None:
        return None
    try:
        return get_player(db, number)
    except NotFound:
        return None


def _as_number(text: str) -> int | None:
    """``text`` as a player number SQLite can hold; None if it is not one, or too big."""
    if not _is_number(text) or len(text.lstrip("0")) > len(str(SQLITE_MAX_INTEGER)):
        return None  # also spares int() a 5000-digit string, which it refuses
    number = int(text)
    return number if number <= SQLITE_MAX_INTEGER else None


def _is_number(text: str) -> bool:
    """Plain digits 0-9, as a player number is typed (int() would also take '٣' or '1_0')."""
    return text.isascii() and text.isdecimal()


def _who(player: Player, by_number: bool) -> str:
    parts = [player.nickname]
    if by_number:
        parts.append(f"player number {player.id}")
    if player.archived:
        parts.append("archived")
    return ", ".join(parts)


def _either(options: Sequence[str]) -> str:
    return ", ".join(options[:-1]) + f" or {options[-1]}"


def refuse_archived(player: Player) -> None:
    """Refuse new tests and games for an archived player until someone brings them back."""
    if player.archived:
        raise InvalidRecord(
            f"{player.nickname} is archived; bring them back first with "
            f"grip-station players archive {player.id} --undo"
        )


def sensor_label(sensor: str, pinch_type: str | None) -> str:
    return sensor if pinch_type is None else f"{sensor} ({pinch_type})"


SIMULATED_LABEL = "SIMULATED"
"""Marks a test on simulated sensors wherever it is shown: it never sets a maximum."""


def stop_label(reason: str | None) -> str:
    """How a test ended early; pain in capitals, as the therapist must not miss it."""
    if reason is None:
        return "not finished"
    return "stopped: PAIN" if reason == STOP_PAIN else f"stopped: {reason}"


def program_lines(stored: StoredProgram, results: Sequence[HandResult]) -> list[str]:
    """The program as a therapist wrote it, with what each % target means in newtons today."""
    program = stored.program
    limit_n = program.limits.limit_n
    limit = "no force limit" if limit_n is None else f"force limit {force_text(limit_n)}"
    cap = f"{MAX_FRACTION_CAP:.0%}"
    allowed = program.limits.allow_above_80pct
    lines = [
        f"Program of {date_text(stored.created_at)}: {program.days_per_week} days a week; "
        f"{limit}; targets above {cap} of max {'allowed' if allowed else 'not allowed'}."
    ]
    for number, exercise in enumerate(program.exercises, start=1):
        if exercise.target_kind is TargetKind.PERCENT:
            target = f"{exercise.target_value:g}% of max"
            result = logged_max(results, exercise.sensor, exercise.hand, exercise.pinch_type)
            if result is None:
                target += " (no max-force test yet, so no force in newtons)"
            else:
                target += f" (= {force_text(exercise.target_value / 100 * result.best_n)} now)"
            if exercise.target_value > MAX_FRACTION_CAP * 100 and not allowed:
                target += f", played at {cap}"
        else:
            target = force_text(exercise.target_value)
        lines.append(
            f"  {number}. {sensor_label(exercise.sensor, exercise.pinch_type)}, "
            f"{exercise.hand} hand: target {target}, hold {exercise.hold_s:g} s, "
            f"{exercise.sets} x {exercise.reps} reps, rest {exercise.rest_s:g} s"
        )
    return lines


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("players", help="add, list, show or archive players")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a child's profile")
    add.add_argument("nickname", help="the name the child taps on the screen")
    add.add_argument("--hand", required=True, choices=("right", "left"), help="dominant hand")
    add.add_argument(
        "--birth-year",
        type=whole_number(OLDEST_BIRTH_YEAR, datetime.now().year),
        default=None,
        help="for the age norms",
    )
    add.add_argument("--sex", choices=("F", "M"), default=None, help="for the norms (optional)")
    add.add_argument("--avatar", default=DEFAULT_AVATAR, help="avatar id (default: %(default)s)")
    add.add_argument("--notes", default="", help="a therapist's note")
    add.set_defaults(handler=_add)

    listing = actions.add_parser("list", help="list the players")
    listing.add_argument("--all", action="store_true", help="include archived players")
    listing.set_defaults(handler=_list)

    show = actions.add_parser("show", help="a player's profile, maxima, norms and program")
    show.add_argument("player", help=PLAYER_HELP)
    show.set_defaults(handler=_show)

    archive = actions.add_parser("archive", help="hide a player from the pick list")
    archive.add_argument("player", help=PLAYER_HELP)
    archive.add_argument("--undo", action="store_true", help="bring an archived player back")
    archive.set_defaults(handler=_archive)

    delete = actions.add_parser(
        "delete", help="erase a player and all their data for good (a family's request)"
    )
    delete.add_argument("player", help=PLAYER_HELP)
    delete.add_argument(
        "--export-to",
        type=path_text,
        default=None,
        metavar="FOLDER",
        help="first write this player's data as CSV files to FOLDER",
    )
    delete.add_argument("--yes", action="store_true", help="do not ask for the nickname")
    delete.set_defaults(handler=_delete)


def _add(args: argparse.Namespace) -> int:
    _check_new_nickname(args.nickname)
    db = open_db(args, config_from(args))
    player = add_player(
        db,
        nickname=args.nickname,
        avatar=args.avatar,
        dominant_hand=args.hand,
        birth_year=args.birth_year,
        sex=args.sex,
        notes=args.notes,
    )
    print(f"Added {player.nickname} as player {player.id}.")
    print(f"Next: a max-force test, e.g. grip-station assess {player.id} --sensor grip")
    return 0


def _check_new_nickname(nickname: str) -> None:
    """Refuse what would later name the wrong child: a pasted newline, a bare number."""
    control = control_character(nickname)
    if control is not None:
        raise CommandError(f"The nickname {nickname!r} has {control}.")
    if _is_number(nickname.strip()):
        raise CommandError(
            f"A nickname of only digits ({nickname.strip()!r}) would be read as a player "
            "number; add a letter, e.g. 'Player 7' or 'Seven'."
        )


def _list(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    players = list_players(db, include_archived=args.all)
    if not players:
        hidden = "" if args.all else " (none active; --all also lists archived ones)"
        print(f"No players yet{hidden}. Add one with: grip-station players add NICK --hand right")
        return 0
    headers = ["No.", "Nickname", "Hand", "Born", "Avatar"] + (["Status"] if args.all else [])
    rows = [
        [
            p.id,
            p.nickname,
            p.dominant_hand,
            p.birth_year or "-",
            p.avatar,
            *(["archived" if p.archived else "active"] if args.all else []),
        ]
        for p in players
    ]
    print(format_table(headers, rows, right=(0, 3)))
    return 0


def _show(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    player = resolve_player(db, args.player)
    results = latest_results(db, player.id)
    rehearsals = latest_results(db, player.id, simulated=True)
    sections = [
        _profile_lines(player),
        _maxima_lines(player, results, newest_assessment(db, player.id)),
        _simulated_lines(rehearsals),
        _norms_lines(player, results),
        _program_section(db, player, results),
        _retest_lines(db, player, results),
    ]
    print("\n\n".join("\n".join(lines) for lines in sections if lines))
    return 0


def _archive(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    player = resolve_player(db, args.player)
    if args.undo and not player.archived:
        print(f"{player.nickname} (player {player.id}) is not archived; nothing to undo.")
        return 0
    player = set_archived(db, player.id, not args.undo)
    if player.archived:
        print(
            f"{player.nickname} (player {player.id}) is archived: hidden from the pick list, "
            f"history kept. Undo with: grip-station players archive {player.id} --undo"
        )
    else:
        print(f"{player.nickname} (player {player.id}) is back on the pick list.")
    return 0


def _delete(args: argparse.Namespace) -> int:
    if args.export_to is not None:
        try:
            check_path(args.export_to, PathUse.WRITE_FOLDER, "--export-to")
        except CommandError as error:
            raise CommandError(f"{error} Nothing was deleted.") from None
    db = open_db(args, config_from(args))
    player = resolve_player(db, args.player)
    who = f"{player.nickname} (player {player.id})"
    if args.export_to is not None:
        print(f"Exported {who} to {args.export_to}: {_export(db, player, args.export_to)}.")
    elif not args.yes:
        print(
            f"No copy of {player.nickname}'s data was made; to keep one, stop here and run "
            f"again with --export-to FOLDER."
        )
    if not args.yes:
        typed = prompts.ask(
            input,
            f"This erases {who} and every test, session and rep of theirs for good.\n"
            f"Type the nickname {player.nickname!r} to confirm: ",
            outcome=f"{who} was not deleted",
        )
        if not _same_name(typed, player.nickname):
            raise CommandError(f"The name typed does not match; {who} was not deleted.")
    erased = delete_player(db, player.id)
    detail = ", ".join(f"{count} {table}" for table, count in erased.rows.items())
    print(f"Deleted {who} for good: {detail}.")
    if not erased.scrubbed:
        print(
            "The station app has the database open, so the erased bytes stay in its log "
            "until the app closes the database: stop the app (or restart the box) to finish."
        )
    if erased.backups:
        print(
            "Copies made before software upgrades still hold their data; delete them when "
            "no longer needed: " + ", ".join(str(path) for path in erased.backups)
        )
    return 0


def _export(db: Database, player: Player, folder: Path) -> str:
    """The player's CSV files, as ``grip-station export --player`` writes them."""
    try:
        counts = export_csv(db, folder, player.id)
    except ExportError as error:
        raise ExportError(f"{error} Nothing was deleted.") from None
    return ", ".join(f"{path.name} ({rows} rows)" for path, rows in counts.items())


def _same_name(typed: str, nickname: str) -> bool:
    """The nickname typed back, whatever the case, spacing or Unicode composition."""

    def key(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return key(typed) == key(nickname)


def _age_at(player: Player, moment: datetime) -> int | None:
    """Whole years at ``moment`` as far as a birth year tells (up to a year too many)."""
    return None if player.birth_year is None else moment.astimezone().year - player.birth_year


def _profile_lines(player: Player) -> list[str]:
    status = " - ARCHIVED" if player.archived else ""
    age = _age_at(player, datetime.now().astimezone())
    born = "not recorded" if age is None else f"{player.birth_year} (about {age} years old)"
    lines = [
        f"{player.nickname} (player {player.id}){status}",
        f"Dominant hand: {player.dominant_hand}",
        f"Born: {born}",
        f"Sex for the norms: {player.sex or 'not recorded'}",
        f"Avatar: {player.avatar}",
    ]
    if player.notes:
        lines.append("Notes: " + player.notes.replace("\n", "\n       "))
    return lines


def _maxima_lines(
    player: Player, results: Sequence[HandResult], newest: Assessment | None
) -> list[str]:
    """The logged maxima, what they rest on, and any newer stop they leave out."""
    if newest is None:
        return [
            "Max-force tests: none yet. Run one with: "
            f"grip-station assess {player.id} --sensor grip"
        ]
    lines = _maxima_table(results) if results else ["Max-force tests: no result yet."]
    shown = {r.assessment.id for r in results}
    shown.update(r.newer_partial.assessment.id for r in results if r.newer_partial is not None)
    if newest.stop_reason is not None and newest.id not in shown:
        marked = f", {SIMULATED_LABEL}" if newest.simulated else ""
        lines.append(
            f"The newest test ({date_text(newest.created_at)}, "
            f"{sensor_label(newest.sensor, newest.pinch_type)}{marked}) was "
            f"{stop_label(newest.stop_reason)} before its first trial."
        )
    return lines


def _simulated_lines(rehearsals: Sequence[HandResult]) -> list[str]:
    """Tests on simulated sensors: shown so a rehearsal is not lost, never as a maximum."""
    if not rehearsals:
        return []
    return [
        f"{SIMULATED_LABEL} tests (virtual, emulated or replayed sensors; no load cell",
        "measured them, so they are never a logged maximum):",
        *_maxima_table(rehearsals)[2:],
    ]


def _maxima_table(results: Sequence[HandResult]) -> list[str]:
    rows = []
    notes = []
    for result in sorted(results, key=lambda r: (r.assessment.sensor, r.hand)):
        what = sensor_label(result.assessment.sensor, result.assessment.pinch_type)
        flagged = sorted({flag for trial in result.trials for flag in trial.flags})
        rows.append(
            [
                what,
                result.hand,
                date_text(result.assessment.created_at),
                _trials_text(result),
                force_text(result.mean_n),
                force_text(result.best_n),
                _test_text(result),
                ", ".join(flag.replace("_", " ") for flag in flagged) or "-",
            ]
        )
        newer = result.newer_partial
        if newer is not None:
            ended = stop_label(newer.assessment.stop_reason)
            notes.append(
                f"{what}, {result.hand} hand: the newer test of "
                f"{date_text(newer.assessment.created_at)} ({ended}, {_trials_text(newer)} "
                f"trials, best {force_text(newer.best_n)}) is not used as the maximum."
            )
    headers = ["Sensor", "Hand", "Tested", "Trials", "Mean", "Best", "Test", "Flags"]
    lines = [
        f"Logged maximum per sensor and hand (newest test with all {TRIALS_PER_HAND} trials;",
        "a partial test only while there is none):",
        format_table(headers, rows, right=(3,)),
    ]
    if any(not result.complete for result in results):
        lines.append("A PARTIAL maximum is provisional: repeat the test when the child can.")
    return lines + notes


def _test_text(result: HandResult) -> str:
    """Whether the maximum rests on a complete test, and how its test ended if stopped."""
    reason = result.assessment.stop_reason
    if not result.complete:
        text = f"PARTIAL, {stop_label(reason)}"
    else:
        text = "complete" if reason is None else f"complete; test {stop_label(reason)}"
    return f"{SIMULATED_LABEL}, {text}" if result.simulated else text


def _trials_text(result: HandResult) -> str:
    count = len(result.trials)
    return str(count) if result.complete else f"{count} of {TRIALS_PER_HAND}"


def _norms_lines(player: Player, results: Sequence[HandResult]) -> list[str]:
    grips = sorted((r for r in results if r.assessment.sensor == GRIP), key=lambda r: r.hand)
    if not grips:
        return ["Grip norms: no grip test yet."]
    if player.birth_year is None:
        return ["Grip norms: no birth year recorded, so the grip cannot be placed by age."]
    lines = ["Grip norms (best trial, age from the birth year only):"]
    shown_references: set[str] = set()
    for result in grips:
        age = _age_at(player, result.assessment.created_at)
        if age is None or age < 0:
            lines.append(f"  {result.hand} hand: the birth year is after the test date.")
            continue
        norm = percentile_band(age, result.best_n, NORMS_SEX.get(player.sex or ""))
        kg = f"{norm.grip_kg:.1f} kg at about {age}"
        if norm.band is None or norm.row is None:
            lines.append(f"  {result.hand} hand, {kg}: no percentile - {norm.reason}.")
        else:
            row = norm.row
            lines.append(
                f"  {result.hand} hand, {kg}: {norm.band} for ages {row.age_min}-{row.age_max} "
                f"(P10/P50/P90 = {row.p10_kg:g}/{row.p50_kg:g}/{row.p90_kg:g} kg; "
                f"{row.source}, sexes {row.sexes})."
            )
        for reference in norm.references:
            text = reference.describe()
            if text not in shown_references:
                shown_references.add(text)
                lines.append(f"  For context, not a percentile: {text}.")
    return lines


def _program_section(db: Database, player: Player, results: Sequence[HandResult]) -> list[str]:
    program = current_program(db, player.id)
    if program is None:
        return [f"Program: none set. Set one with: grip-station program set {player.id} ..."]
    return program_lines(program, results)


def _retest_lines(db: Database, player: Player, results: Sequence[HandResult]) -> list[str]:
    """An in-game peak > 10% above the logged max says the max is stale; it never moves alone."""
    history = player_history(db, player.id)
    lines = []
    for result in results:
        since = result.assessment.created_at
        peaks = [
            part.peak_n
            for session in history
            if session.started_at >= since
            for part in session.peaks
            if part.sensor == result.assessment.sensor and part.hand == result.hand
        ]
        if not peaks or not result.best_n > 0:
            continue
        flag = check_in_game_peak(result.best_n, max(peaks))
        if flag.retest_suggested:
            lines.append(
                f"Re-test suggested: {result.hand} {result.assessment.sensor} reached "
                f"{force_text(flag.peak_n)} in play, {flag.excess_fraction:.0%} above the "
                f"logged max of {force_text(flag.logged_max_n)} "
                f"({date_text(result.assessment.created_at)})."
            )
    return lines
