"""``grip-station calibrate SENSOR --mass-g GRAMS``: tare and span with a known weight."""

from __future__ import annotations

import argparse

from hardware import CalibrationError, ChipSource
from station.app.context import config_from, open_db, sensors_from
from station.console.calibration_flow import calibrate_sensor
from station.storage import add_calibration


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("calibrate", help="calibrate a sensor with a known weight")
    parser.add_argument("sensor", help="which sensor: grip or pinch")
    parser.add_argument("--mass-g", type=float, required=True, help="the reference weight in grams")
    parser.add_argument("--yes", action="store_true", help="do not wait for Enter")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    specs = {spec.name: spec for spec in config.sensors}
    if args.sensor not in specs:
        raise CalibrationError(
            f"There is no sensor called {args.sensor!r}; the config has: {', '.join(specs)}."
        )
    db = open_db(args, config)
    with sensors_from(args, config, db) as setup:
        if not isinstance(setup.source, ChipSource):
            raise CalibrationError(
                f"--sensors {args.sensors} has no HX711 to calibrate; use real or emulated."
            )
        if setup.notice:
            print(setup.notice)
        calibration = calibrate_sensor(
            setup.source,
            specs[args.sensor],
            args.mass_g,
            ask=(print if args.yes else input),
            say=print,
        )
        if setup.source.simulated:
            print("Simulated sensors: this calibration was not saved.")
            return 0
    add_calibration(db, calibration)
    print(f"Saved: {args.sensor} calibrated on {calibration.calibrated_at:%Y-%m-%d %H:%M} UTC.")
    return 0
