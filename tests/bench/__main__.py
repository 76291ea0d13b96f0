"""Run the benchmarks: ``python -m tests.bench [sensors|storage|games ...] [--runs N]``."""

from __future__ import annotations

import argparse

from tests.bench import bench_games, bench_sensors, bench_storage

BENCHES = {"sensors": bench_sensors, "storage": bench_storage, "games": bench_games}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("names", nargs="*", choices=[*BENCHES, []], default=list(BENCHES))
    parser.add_argument("--runs", type=int, default=3, help="sensor runs to take the median of")
    parser.add_argument("--seconds", type=float, default=bench_sensors.RUN_SECONDS)
    args = parser.parse_args()
    for name in args.names or BENCHES:
        if name == "sensors":
            bench_sensors.main(runs=args.runs, seconds=args.seconds)
        else:
            BENCHES[name].main()


if __name__ == "__main__":
    main()
