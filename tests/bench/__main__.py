"""Run the benchmarks: ``python -m tests.bench [sensors|storage|games|app|reports ...]``.

No names runs every benchmark, in the order listed; names select some.
"""

from __future__ import annotations

import argparse

from tests.bench import bench_app, bench_games, bench_reports, bench_sensors, bench_storage

BENCHES = {
    "sensors": bench_sensors,
    "storage": bench_storage,
    "games": bench_games,
    "app": bench_app,
    "reports": bench_reports,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"some of: {', '.join(BENCHES)} (default: all)"
    )
    parser.add_argument("--runs", type=int, default=3, help="sensor runs to take the median of")
    parser.add_argument("--seconds", type=float, default=bench_sensors.RUN_SECONDS)
    parser.add_argument(
        "--app-seconds",
        type=float,
        default=None,
        help=f"app: simulated seconds of autoplay visits (default {bench_app.HOUR_S:g})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"app: {bench_app.QUICK_S:g} simulated seconds, fewer cold starts (or BENCH_QUICK=1)",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    for name in dict.fromkeys(args.names or BENCHES):
        if name == "sensors":
            bench_sensors.main(runs=args.runs, seconds=args.seconds)
        elif name == "app":
            bench_app.main(hour_s=args.app_seconds, quick=args.quick)
        else:
            BENCHES[name].main()


if __name__ == "__main__":
    main()
