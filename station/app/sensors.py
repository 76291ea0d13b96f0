"""Choose and open the force source the station runs on, from ``--sensors``.

``auto`` uses the load cells when an HX711 answers and otherwise falls back to the
emulated chips with a notice on screen: a maintainer sees why, a child keeps playing.
The chips are read by the station's own sampler (reader "gpio") or, with the overlay
installed, by the kernel's hx711 driver (reader "kernel").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from hardware import (
    COUNTS,
    IIO_DEVICES,
    Calibration,
    ChipSource,
    Clock,
    ForceInput,
    ForcePipeline,
    ForceSource,
    PinFactoryUnavailable,
    ReplaySource,
    SensorSetup,
    SensorSpec,
    VirtualHand,
    VirtualSqueezeSource,
    chips_answering,
    default_calibration,
    emulated_cell,
    iio_chips_answering,
    nominal_counts_per_newton,
    open_pin_factory,
)

MODES = ("auto", "real", "emulated", "virtual", "replay:FILE[,FILE]")
READERS = ("gpio", "kernel")


class SensorSetupError(RuntimeError):
    """The sensors asked for cannot be used; the message says why and what to try."""


def _wiring(specs: tuple[SensorSpec, ...]) -> str:
    return ", ".join(f"GPIO{s.dout_pin}/{s.sck_pin} ({s.name})" for s in specs)


def _hands(specs: tuple[SensorSpec, ...]) -> dict[str, VirtualHand]:
    """Laptop hands about as strong as a child: a fifth of each cell's capacity."""
    return {
        spec.name: VirtualHand(spec.capacity_n * 0.2, seed=index)
        for index, spec in enumerate(specs)
    }


def emulated_calibrations(specs: tuple[SensorSpec, ...]) -> dict[str, Calibration]:
    """The emulated cells' exact zero and scale: a simulation needs no calibration."""
    calibrations = {}
    for index, spec in enumerate(specs):
        cell = emulated_cell(spec, index)
        calibration = default_calibration(
            spec.name, cell.counts_per_newton, offset_counts=cell.offset_counts
        )
        calibrations[spec.name] = calibration
    return calibrations


def real_calibrations(
    specs: tuple[SensorSpec, ...], stored: Mapping[str, Calibration]
) -> tuple[dict[str, Calibration], list[str]]:
    """Stored calibrations, or nominal ones for the sensors never calibrated (named)."""
    calibrations: dict[str, Calibration] = {}
    missing: list[str] = []
    for spec in specs:
        if spec.name in stored:
            calibrations[spec.name] = stored[spec.name]
        else:
            missing.append(spec.name)
            calibrations[spec.name] = default_calibration(
                spec.name, nominal_counts_per_newton(spec.capacity_n)
            )
    return calibrations, missing


def _probe(specs: tuple[SensorSpec, ...], factory_name: str) -> tuple[bool, str]:
    """(any chip answered, why not) without leaving pins claimed."""
    try:
        factory = open_pin_factory("lgpio" if factory_name == "auto" else factory_name)
    except PinFactoryUnavailable:
        return False, "no GPIO on this computer"
    try:
        answers = chips_answering(factory, specs)
    finally:
        factory.close()
    if any(answers.values()):
        return True, ""
    return False, f"no HX711 answered on {_wiring(specs)}"


def _probe_kernel(specs: tuple[SensorSpec, ...], root: Path) -> tuple[bool, str]:
    """(any chip answered through the kernel driver, why not)."""
    answers = iio_chips_answering(specs, root=root)
    problems = [str(error) for error in answers.values() if error is not None]
    if len(problems) < len(answers):
        return True, ""
    return False, "; ".join(dict.fromkeys(problems))


def open_sensors(
    mode: str,
    specs: tuple[SensorSpec, ...],
    stored_calibrations: Mapping[str, Calibration],
    *,
    factory_name: str = "auto",
    reader: str = "gpio",
    clock: Clock | None = None,
    iio_root: Path = IIO_DEVICES,
) -> SensorSetup:
    """Open and start the source for ``mode`` (one of ``MODES``).

    ``reader`` (one of ``READERS``) says who reads real chips; ``iio_root`` is where the
    kernel shows its IIO devices. ``clock`` drives the simulated sources (virtual, replay;
    default: the monotonic clock), so a test or a benchmark can run them faster than the
    wall clock; chips keep their own time.
    """
    if reader not in READERS:
        raise SensorSetupError(f"unknown reader {reader!r}; choose one of: {', '.join(READERS)}")
    if mode.startswith("replay:"):
        return _replay(mode.removeprefix("replay:"), specs, stored_calibrations, clock)
    if mode == "virtual":
        hands = _hands(specs)
        source = VirtualSqueezeSource(hands, **_clocked(clock))
        return _started(source, specs, hands, None, "Virtual sensors: keyboard and touch")
    if mode in ("auto", "real"):
        if factory_name == "mock":
            found, why = False, "the config selects mock pins"
        elif reader == "kernel":
            found, why = _probe_kernel(specs, iio_root)
        else:
            found, why = _probe(specs, factory_name)
        if found:
            calibrations, missing = real_calibrations(specs, stored_calibrations)
            notice = None
            if missing:
                notice = f"Not calibrated: {', '.join(missing)} (run grip-station calibrate)"
            backend = "kernel" if reader == "kernel" else "real"
            source = ChipSource(specs, backend, calibrations, iio_root=iio_root)
            return _started(source, specs, None, None, notice)
        if mode == "real":
            raise SensorSetupError(
                f"--sensors real: {why}. Check the wiring section of the README, "
                "or run with --sensors auto to fall back to simulated sensors."
            )
        notice = f"Simulated sensors: {why}"
    elif mode == "emulated":
        notice = "Simulated sensors (emulated HX711 chips)"
    else:
        raise SensorSetupError(f"unknown --sensors {mode!r}; choose one of: {', '.join(MODES)}")
    hands = _hands(specs)
    chips = ChipSource(specs, "emulated", emulated_calibrations(specs))
    return _started(chips, specs, hands, chips, notice)


def _clocked(clock: Clock | None) -> dict[str, Clock]:
    return {} if clock is None else {"clock": clock}


def _replay(
    files: str,
    specs: tuple[SensorSpec, ...],
    stored: Mapping[str, Calibration],
    clock: Clock | None,
) -> SensorSetup:
    """Stream one recording per sensor, in the config's order; raw counts go through the
    sensor's stored calibration, and a file that cannot be replayed is refused now."""
    paths = [Path(part) for part in files.split(",") if part]
    if not paths or len(paths) > len(specs):
        raise SensorSetupError(
            f"--sensors replay: give one recording per sensor, at most {len(specs)} "
            f"({', '.join(s.name for s in specs)}), separated by a comma"
        )
    used = specs[: len(paths)]
    recordings = {
        spec.name: ReplaySource.open_file(path) for spec, path in zip(used, paths, strict=True)
    }
    converters = {
        sensor: _counts_to_newtons(sensor, recording.path, stored)
        for sensor, recording in recordings.items()
        if recording.unit == COUNTS
    }
    names = ", ".join(f"{p.name} on {s.name}" for s, p in zip(used, paths, strict=True))
    source = ReplaySource(recordings, loop=True, to_newtons=converters, **_clocked(clock))
    return _started(source, used, None, None, f"Replay: {names}")


def _counts_to_newtons(
    sensor: str, path: Path, stored: Mapping[str, Calibration]
) -> Callable[[float], float]:
    """The stored calibration of ``sensor`` for a file of raw counts; a guess would lie."""
    calibration = stored.get(sensor)
    if calibration is None:
        raise SensorSetupError(
            f"{path} holds raw HX711 counts (t_s,raw), and the {sensor} sensor has no stored "
            f"calibration to turn them into newtons: run 'grip-station calibrate {sensor}' "
            "first, then replay it again."
        )
    return lambda counts: calibration.to_newtons(round(counts))


def refuse_unfed(
    sensor: str, setup: SensorSetup, specs: tuple[SensorSpec, ...], needs: str
) -> None:
    """Refuse what ``needs`` the sensor when no force comes from it, before anything runs.

    A replay may give files for the first sensors only; a silent sensor would otherwise
    play a game nobody can move, or store a max-force test of 0 N trials.
    """
    if sensor in setup.source.sensors:
        return
    order = ",".join(f"{spec.name}.csv" for spec in specs)
    raise SensorSetupError(
        f"{needs}, and no force comes from it (only from {', '.join(setup.source.sensors)}). "
        f"A replay takes one file per sensor, in this order: --sensors replay:{order}"
    )


def _started(
    source: ForceSource,
    specs: tuple[SensorSpec, ...],
    hands: dict[str, VirtualHand] | None,
    force_input: ForceInput | None,
    notice: str | None,
) -> SensorSetup:
    source.start()
    pipeline = ForcePipeline(source, {spec.name: spec.capacity_n for spec in specs})
    return SensorSetup(source, pipeline, hands, force_input, notice)
