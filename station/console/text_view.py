"""A live text view of every sensor, for wiring checks over SSH."""

from __future__ import annotations

import math
from collections.abc import Mapping

from hardware import STANDARD_GRAVITY, ForceFrame

BAR_WIDTH = 20


def force_bar(newtons: float, full_scale_n: float, width: int = BAR_WIDTH) -> str:
    """A fixed-width bar; never raises on a NaN or a force beyond the scale."""
    if not math.isfinite(newtons) or full_scale_n <= 0:
        return "?" * width
    filled = round(max(0.0, min(1.0, newtons / full_scale_n)) * width)
    return "#" * filled + "." * (width - filled)


def status_line(frames: Mapping[str, ForceFrame], full_scale_n: Mapping[str, float]) -> str:
    parts = []
    for name, frame in frames.items():
        health = frame.health
        force = frame.filtered_n
        if health.usable and math.isfinite(force):
            reading = f"{force:7.1f} N {force / STANDARD_GRAVITY:5.1f} kg"
        else:
            reading = f"{'--':>7} N {'--':>5} kg"
        scale = full_scale_n.get(name, 1.0)
        parts.append(
            f"{name:<5} {reading} [{force_bar(force, scale)}] "
            f"{health.status.value:<9} {health.rate_hz:5.1f} Hz drop {health.dropped_words}"
        )
    return " | ".join(parts)
