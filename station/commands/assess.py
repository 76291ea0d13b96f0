"""``grip-station assess``: the guided max-force test (ASHT 2015) in a terminal.

Each trial is committed the moment it is sealed, and so is the reason when a test
stops early ('pain' typed at a prompt, 'interrupted' by Ctrl-C), so ``history`` can
tell a pain stop from an interruption. There is deliberately no flag that
shortens rests or squeezes: the timings are the clinical protocol. On simulated sensors
the test runs by itself (the virtual hand squeezes), so it can be rehearsed on a PC,
but only when simulation was asked for: an unplugged sensor on the clinic's box must
never quietly turn into a made-up result in a child's record. Such a rehearsal is stored
marked SIMULATED, is compared only with earlier simulated tests, and never becomes the
child's logged maximum.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from hardware import GRIP, PINCH, SENSOR_NAMES
from station.app.context import config_from, open_db, sensors_from
from station.app.sensors import SensorSetupError, refuse_unfed
from station.clinic.assessment import NHANES_SETTINGS, PINCH_TYPES, Hand, ProtocolSettings, Trial
from station.commands.players import PLAYER_HELP, refuse_archived, resolve_player, sensor_label
from station.console.assess_runner import (
    Console,
    GuidedTest,
    Pacing,
    SimulatedHand,
    position_prompt,
    results_text,
)
from station.console.tables import date_text
from station.storage import (
    InvalidRecord,
    add_protocol_trial,
    checkpoint,
    latest_results,
    mark_assessment_stopped,
    start_assessment,
)

REAL_TIME = Pacing()
"""The wall clock. Tests replace this with a simulated clock; users cannot."""
BAR_SCALE_OF_CAPACITY = 1 / 3
"""The live bar fills at a third of the cell's capacity, as in ``grip-station live``."""


def parse_hands(text: str) -> tuple[Hand, ...]:
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    valid = {hand.value for hand in Hand}
    if not names or any(name not in valid for name in names) or len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(
            f"--hands wants right, left, or both in the order to test (e.g. right,left), "
            f"not {text!r}"
        )
    return tuple(Hand(name) for name in names)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assess", help="guided max-force test: 3 trials per hand, mean and best (ASHT 2015)"
    )
    parser.add_argument("player", help=PLAYER_HELP)
    parser.add_argument("--sensor", required=True, choices=SENSOR_NAMES)
    parser.add_argument("--pinch-type", choices=PINCH_TYPES, default=None, help="pinch tests")
    parser.add_argument(
        "--hands",
        type=parse_hands,
        default=None,
        help="hands in testing order, e.g. right,left (default: dominant hand first, both)",
    )
    parser.add_argument(
        "--no-alternate", action="store_true", help="all trials of one hand, then the other"
    )
    parser.add_argument(
        "--nhanes", action="store_true", help="NHANES rests of 60 s (default: ASHT's 15 s)"
    )
    parser.add_argument("--yes", action="store_true", help="do not wait for Enter before squeezes")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.sensor == PINCH and args.pinch_type is None:
        raise InvalidRecord("A pinch test needs --pinch-type tip, key or palmar.")
    if args.sensor == GRIP and args.pinch_type is not None:
        raise InvalidRecord("--pinch-type applies to the pinch sensor only.")
    config = config_from(args)
    db = open_db(args, config)
    player = resolve_player(db, args.player)
    refuse_archived(player)
    dominant = Hand(player.dominant_hand)
    hands = args.hands or (dominant, Hand.LEFT if dominant is Hand.RIGHT else Hand.RIGHT)
    base = NHANES_SETTINGS if args.nhanes else ProtocolSettings()
    settings = replace(base, alternate=not args.no_alternate)
    spec = next((s for s in config.sensors if s.name == args.sensor), None)
    if spec is None:
        raise SensorSetupError(f"this station's config has no {args.sensor} sensor fitted")
    console = Console(write=_write, ask=input, terminal=sys.stdout.isatty(), confirm=not args.yes)
    with sensors_from(args, config, db) as setup:
        if setup.source.simulated and args.sensors == "auto":
            raise SensorSetupError(
                f"no load cell to measure with ({setup.notice}). A max-force test needs the "
                "real sensor: check the wiring, or rehearse with --sensors virtual"
            )
        what = sensor_label(args.sensor, args.pinch_type)
        refuse_unfed(
            args.sensor,
            setup,
            config.sensors,
            f"A {what} max-force test is measured on the {args.sensor} sensor",
        )
        simulated = setup.source.simulated
        previous = {
            Hand(r.hand): r
            for r in latest_results(db, player.id, simulated=simulated)
            if r.assessment.sensor == args.sensor
            and r.assessment.pinch_type == args.pinch_type
            and r.mean_n > 0
        }
        order = " then ".join(hand.value for hand in hands)
        console.line(
            f"Max-force test for {player.nickname} (player {player.id}): {what}, {order}; "
            f"{settings.trials_per_hand} trials per hand"
            + (", alternating hands." if settings.alternate and len(hands) > 1 else ".")
        )
        console.line(
            f"Each squeeze lasts {settings.squeeze_window_s:g} s (hold at least "
            f"{settings.analysis.min_effort_s:g} s); each hand rests at least "
            f"{settings.rest_s:g} s between its trials."
        )
        if simulated:
            how = "a virtual hand squeezes by itself" if setup.hands else "forces are replayed"
            console.line(
                f"SIMULATED - {setup.notice or setup.source.description}. No load cell is "
                f"measuring ({how}): the test is stored as SIMULATED, compared only with "
                "earlier simulated tests, and never becomes the logged maximum."
            )
        console.line("Position: " + position_prompt(args.sensor, args.pinch_type))
        console.line("Sharp pain means stop: press Ctrl-C, or type 'pain' at a prompt.")
        assessment = start_assessment(
            db,
            player.id,
            sensor=args.sensor,
            hand="both" if len(hands) > 1 else hands[0].value,
            pinch_type=args.pinch_type,
            simulated=simulated,
        )

        def record(trial: Trial) -> None:
            add_protocol_trial(db, assessment.id, trial)

        def stopped(reason: str) -> None:
            mark_assessment_stopped(db, assessment.id, reason)

        hand_model = None if setup.hands is None else setup.hands.get(args.sensor)
        guided = GuidedTest(
            setup.pipeline,
            console,
            REAL_TIME,
            sensor=args.sensor,
            hands=hands,
            record=record,
            on_stop=stopped,
            settings=settings,
            pinch_type=args.pinch_type,
            simulated=None if hand_model is None else SimulatedHand(hand_model, setup.force_input),
            full_scale_n=spec.capacity_n * BAR_SCALE_OF_CAPACITY,
        )
        result = guided.run({hand: r.mean_n for hand, r in previous.items()})
    checkpoint(db)
    dates = {hand: date_text(r.assessment.created_at) for hand, r in previous.items()}
    console.line(results_text(result, settings, dates))
    if simulated:
        console.line("SIMULATED test: not a logged maximum.")
    return 0 if result.complete else 1


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
