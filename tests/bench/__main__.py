"""Run the benchmarks: ``python -m tests.bench [sensors|storage|games|app|reports ...]``.

No names runs every benchmark, in the order listed; names select some. All of them end
in one table: figure, value, whether its goal was met, and the goal.
"""

from __future__ import annotations

import argparse
import os
import platform

from tests.bench import bench_app, bench_games, bench_reports, bench_sensors, bench_storage
from tests.bench.table import Table, print_table

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
    tables: list[Table] = []
    for name in dict.fromkeys(args.names or BENCHES):
        if name == "sensors":
            tables.append(bench_sensors.main(runs=args.runs, seconds=args.seconds))
        elif name == "app":
            tables.append(bench_app.main(hour_s=args.app_seconds, quick=args.quick))
        else:
            tables.append(BENCHES[name].main())
    print(f"measured on {machine()}")
    print_table(*tables)


def machine() -> str:
    """The machine a table was measured on, for the README next to it."""
    cores = os.cpu_count()
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, {_cpu()}"


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith(("model name", "Model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
