"""``./dev soak``: the 8-hour day in the waiting room, then minutes on the emulated chips.

Prints one table (figure, value, whether the goal was met, the goal) and every goal
missed, and exits 1 if any was. ``--seed`` replays a run; the seed is printed first.
"""

from __future__ import annotations

import argparse
import random
import sys

from tests.bench.__main__ import machine
from tests.bench.table import Table, print_table
from tests.soak.day import in_child, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev soak")
    parser.add_argument("--hours", type=float, default=8.0, help="simulated hours of the day")
    parser.add_argument(
        "--chips-minutes", type=float, default=3.0, help="real minutes on emulated chips (0: none)"
    )
    parser.add_argument("--seed", type=int, default=None, help="the monkey's seed (to replay)")
    args = parser.parse_args(argv)
    seed = random.SystemRandom().randrange(1 << 31) if args.seed is None else args.seed
    print(f"soak seed {seed} (replay: ./dev soak --seed {seed})", flush=True)
    day = in_child(
        "day", args.hours * 3600, seed, tempo="day", settings="clinic", timeout_s=12 * 3600
    )
    reports = [(f"A day in the waiting room, kiosk, bot and monkey (seed {seed})", day)]
    if args.chips_minutes > 0:
        seconds = args.chips_minutes * 60
        chips = in_child(
            "chips", seconds, seed, tempo="busy", settings="quick", timeout_s=seconds + 600
        )
        reports.append(("Emulated HX711 chips in real time, the sampler SIGKILLed", chips))
    print(f"measured on {machine()}")
    print_table(*(Table(title, rows(report)) for title, report in reports))
    problems = [f"{report.kind}: {p}" for _, report in reports for p in report.problems()]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
