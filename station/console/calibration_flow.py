"""The guided calibration a maintainer runs with a known weight: tare, then span.

On emulated chips the same steps run for real against the emulator, which "places" the
weight when asked; nothing from a simulation is ever saved over a real calibration. A
prompt answered by a closed input stops the calibration before it has a result, so
nothing half-measured can be saved.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from hardware import (
    STANDARD_GRAVITY,
    Calibration,
    CalibrationError,
    ChipSource,
    RecordKind,
    SensorSpec,
    SensorStatus,
    check_known_mass,
    span,
    tare,
)
from station.console import prompts

READ_FOR_S = 2.0
"""How long each reading is averaged: 160 conversions at 80 SPS."""
SETTLE_S = 0.5
"""Let a weight stop swinging (and a hand leave) before reading."""
ANSWER_TIMEOUT_S = 10.0
POLL_EVERY_S = 0.02
NOTHING_SAVED = "nothing was saved"


def collect_counts(
    source: ChipSource,
    sensor: str,
    seconds: float,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[int]:
    """Raw counts of one sensor for ``seconds``; older records are discarded first."""
    index = source.sensors.index(sensor)
    source.poll_raw()
    counts: list[int] = []
    end = clock() + seconds
    while clock() < end:
        sleep(POLL_EVERY_S)
        counts += [
            r.value
            for r in source.poll_raw()
            if r.sensor_index == index and r.kind is RecordKind.SAMPLE
        ]
    return counts


def _wait_for_sensor(
    source: ChipSource,
    sensor: str,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> None:
    started = clock()
    while (health := source.health()[sensor]).status is not SensorStatus.OK:
        gave_up = health.status in (SensorStatus.FAULTY, SensorStatus.UNPLUGGED)
        if gave_up or clock() - started > ANSWER_TIMEOUT_S:
            raise CalibrationError(
                f"The {sensor} sensor is {health.status.value} ({health.detail}); "
                "run grip-station doctor, fix the wiring, then calibrate."
            )
        source.poll_raw()
        sleep(POLL_EVERY_S)


def calibrate_sensor(
    source: ChipSource,
    spec: SensorSpec,
    known_mass_g: float,
    *,
    ask: Callable[[str], object],
    say: Callable[[str], None],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    read_for_s: float = READ_FOR_S,
) -> Calibration:
    """Walk the maintainer through tare and span; raise CalibrationError with the reason,
    or ``prompts.NoAnswer`` when the input closes at a prompt."""
    name = spec.name
    check_known_mass(known_mass_g, spec.capacity_n)
    _wait_for_sensor(source, name, sleep, clock)

    prompts.ask(
        ask,
        f"Take everything off the {name} sensor and keep it still, then press Enter.",
        outcome=NOTHING_SAVED,
    )
    if source.simulated:
        source.set_force(name, 0.0)
    collect_counts(source, name, SETTLE_S, sleep=sleep, clock=clock)
    offset = tare(collect_counts(source, name, read_for_s, sleep=sleep, clock=clock))
    say(f"Zero is {offset} counts.")

    prompts.ask(
        ask,
        f"Hang the {known_mass_g:g} g weight on the {name} sensor, let it settle, press Enter.",
        outcome=NOTHING_SAVED,
    )
    if source.simulated:
        source.set_force(name, known_mass_g / 1000 * STANDARD_GRAVITY)
        say("(simulated sensors: the weight is placed for you)")
    collect_counts(source, name, SETTLE_S, sleep=sleep, clock=clock)
    loaded = collect_counts(source, name, read_for_s, sleep=sleep, clock=clock)
    if source.simulated:
        source.set_force(name, 0.0)
    calibration = span(offset, loaded, known_mass_g, spec.capacity_n, sensor=name)
    counts_per_kg = STANDARD_GRAVITY / calibration.newtons_per_count
    say(f"{name}: {counts_per_kg:,.0f} counts per kg; resolution {1e6 / counts_per_kg:.2f} mg.")
    return calibration
