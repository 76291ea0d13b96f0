"""``grip-station pin``: set or reset the therapist PIN from a terminal (SSH).

``reset`` is the way back in when the PIN is forgotten or the pad is locked: whoever has
the box's shell already holds the database file, so the command asks only for a typed
confirmation, and the next start of the station asks for a new PIN on the touch screen.
``set`` reads the PIN twice without echo; ``--pin`` is for install scripts (it shows in
the shell history and the process list, so a person should not use it).
"""

from __future__ import annotations

import argparse
import getpass
import warnings

from station.app.context import config_from, open_db
from station.app.errors import CommandError
from station.console import prompts
from station.storage import clean_pin, has_pin, reset_pin, set_pin

RESET_WORD = "reset"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("pin", help="set or reset the therapist PIN")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    setting = actions.add_parser("set", help="set a new therapist PIN (asked twice, not shown)")
    setting.add_argument("--pin", default=None, help="the PIN, for scripts only (4-8 digits)")
    setting.set_defaults(handler=_set)

    reset = actions.add_parser(
        "reset", help="forget the PIN and any lock; the station asks for a new PIN at start"
    )
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(handler=_reset)


def _set(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    if args.pin is not None:
        pin = clean_pin(args.pin)
    else:
        pin = clean_pin(_ask("New therapist PIN (4-8 digits): ", secret=True))
        if _ask("The same PIN again: ", secret=True) != pin:
            raise CommandError("The two PINs differ; the PIN was not changed.")
    replaced = has_pin(db)
    set_pin(db, pin)
    print(f"The therapist PIN was {'changed' if replaced else 'set'}.")
    return 0


def _reset(args: argparse.Namespace) -> int:
    db = open_db(args, config_from(args))
    if not has_pin(db):
        print("No therapist PIN is set; the station asks for a new one at its next start.")
        return 0
    if not args.yes:
        answer = _ask(f"Type {RESET_WORD!r} to clear the therapist PIN and its lock: ")
        if answer.strip().casefold() != RESET_WORD:
            raise CommandError("Not confirmed; the PIN was kept.")
    reset_pin(db)
    print("The therapist PIN is cleared. The station asks for a new one on its next start.")
    return 0


def _ask(prompt: str, *, secret: bool = False) -> str:
    """One answer; a closed input (Ctrl-D) is a sentence and exit 2, not a traceback.

    Without a terminal, getpass reads the PIN from standard input and says itself that it
    may be echoed; its warning's source-line dump on top would read like a crash.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", getpass.GetPassWarning)
        read = getpass.getpass if secret else input
        return prompts.ask(read, prompt, outcome="nothing was changed")
