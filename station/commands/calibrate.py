"""``grip-station calibrate SENSOR --mass-g GRAMS``: tare and span with a known weight.

The weight is checked against the sensor's range before the chips are touched, so a
mistyped mass costs a sentence, not a wait for the sensors (or a chip error hiding it).
Ctrl-C, SIGTERM or a closed input at a prompt stops it with nothing saved.
"""

from __future__ import annotations

import argparse
import sys

from hardware import STANDARD_GRAVITY, CalibrationError, ChipSource, SensorSpec, check_known_mass
from station.app.arguments import finite_float
from station.app.context import config_from, open_db, sensors_from
from station.console.calibration_flow import calibrate_sensor
from station.console.stopping import exit_status, stopped_by
from station.storage import add_calibration


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("calibrate", help="calibrate a sensor with a known weight")
    parser.add_argument("sensor", help="which sensor: grip or pinch")
    parser.add_argument(
        "--mass-g",
        type=finite_float(unit=" g"),
        required=True,
        help="the reference weight in grams (up to the sensor's capacity; heavier is better)",
    )
    parser.add_argument("--yes", action="store_true", help="do not wait for Enter")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    specs = {spec.name: spec for spec in config.sensors}
    if args.sensor not in specs:
        raise CalibrationError(
            f"There is no sensor called {args.sensor!r}; the config has: {', '.join(specs)}."
        )
    _check_mass(args.mass_g, specs[args.sensor])
    db = open_db(args, config)
    try:
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
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (station.console.stopping)
        print(f"Calibration stopped {stopped_by(stop)}; nothing was saved.", file=sys.stderr)
        return exit_status(stop)
    add_calibration(db, calibration)
    print(f"Saved: {args.sensor} calibrated on {calibration.calibrated_at:%Y-%m-%d %H:%M} UTC.")
    return 0


def _check_mass(mass_g: float, spec: SensorSpec) -> None:
    """The sensor's own range for ``--mass-g``: the refusal names the option and the top."""
    try:
        check_known_mass(mass_g, spec.capacity_n)
    except CalibrationError as error:
        capacity_g = spec.capacity_n / STANDARD_GRAVITY * 1000
        raise CalibrationError(
            f"--mass-g {mass_g:g}: {error} The {spec.name} sensor takes up to {capacity_g:.0f} g."
        ) from None
