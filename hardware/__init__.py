"""The sensors and GPIO, behind one face: what the station may use of ``hardware``.

Like gpiozero's package, this ``__init__`` is the one public face: the station imports
from ``hardware`` only, and a test holds it to that. Names are loaded on first use, so
``from hardware import GRIP`` does not bring the sampler, gpiozero or the HX711 reader
into a command that lists players. Everything below it knows nothing of the app.
"""

from __future__ import annotations

import importlib
from typing import Any

_FROM = {
    "ButtonEvent": "hardware.buttons",
    "LedState": "hardware.buttons",
    "StartButton": "hardware.buttons",
    "StatusLed": "hardware.buttons",
    "Calibration": "hardware.calibration",
    "CalibrationError": "hardware.calibration",
    "CalibrationFileError": "hardware.calibration",
    "check_known_mass": "hardware.calibration",
    "default_calibration": "hardware.calibration",
    "load_calibration_file": "hardware.calibration",
    "nominal_counts_per_newton": "hardware.calibration",
    "span": "hardware.calibration",
    "tare": "hardware.calibration",
    "ChipSource": "hardware.chip_source",
    "Effort": "hardware.efforts",
    "EffortDetector": "hardware.efforts",
    "find_efforts": "hardware.efforts",
    "find_efforts_in": "hardware.efforts",
    "ForceFrame": "hardware.frames",
    "ForceSample": "hardware.frames",
    "GRIP": "hardware.frames",
    "PINCH": "hardware.frames",
    "SENSOR_NAMES": "hardware.frames",
    "SensorHealth": "hardware.frames",
    "SensorStatus": "hardware.frames",
    "BadWordError": "hardware.hx711",
    "MAX_PULSE_HIGH_NS": "hardware.hx711",
    "SensorTimeout": "hardware.hx711",
    "WordProblem": "hardware.hx711",
    "IIO_DEVICES": "hardware.iio",
    "IioAccessDenied": "hardware.iio",
    "IioChip": "hardware.iio",
    "IioDeviceMissing": "hardware.iio",
    "IioError": "hardware.iio",
    "IioReadFailed": "hardware.iio",
    "iio_chips_answering": "hardware.iio",
    "run_kernel_sampler": "hardware.iio",
    "FactoryName": "hardware.pins",
    "PinFactoryUnavailable": "hardware.pins",
    "open_pin_factory": "hardware.pins",
    "chips_answering": "hardware.probe",
    "COUNTS": "hardware.recordings",
    "RecordingError": "hardware.recordings",
    "RecordingFile": "hardware.recordings",
    "check_recording": "hardware.recordings",
    "load_recording": "hardware.recordings",
    "RecordKind": "hardware.sampler",
    "StallReport": "hardware.stalls",
    "measure_stalls": "hardware.stalls",
    "emulated_cell": "hardware.sampler",
    "SensorSetup": "hardware.setup",
    "ForcePipeline": "hardware.signal_chain",
    "ReplaySource": "hardware.sim_sources",
    "VirtualSqueezeSource": "hardware.sim_sources",
    "Clock": "hardware.source",
    "ForceInput": "hardware.source",
    "ForceSource": "hardware.source",
    "ChannelGain": "hardware.spec",
    "DEFAULT_SPECS": "hardware.spec",
    "STANDARD_GRAVITY": "hardware.spec",
    "SUPPORTED_RATES_SPS": "hardware.spec",
    "SensorSpec": "hardware.spec",
    "VirtualHand": "hardware.virtual_hand",
}
"""Each public name and the module that defines it."""

__all__ = list(_FROM)


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'hardware' has no public name {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
