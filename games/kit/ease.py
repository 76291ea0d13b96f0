"""Easing curves for the games' animations (pure, no pygame)."""

from __future__ import annotations


def smoothstep(t: float) -> float:
    """0 to 1 with a gentle start and stop; ``t`` outside 0..1 holds at the ends."""
    t = min(1.0, max(0.0, t))
    return t * t * (3.0 - 2.0 * t)
