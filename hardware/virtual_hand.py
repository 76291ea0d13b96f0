"""A model of a child's hand squeezing, for laptops with no load cell attached.

A key held down should not jump the force to its target: a real squeeze eases in,
overshoots a little, trembles and tires, and games tuned on a step would feel wrong
on the real bulb. The force follows a damped second-order response towards the
commanded level; rising is slightly underdamped, letting go is critically damped
and quicker. Each stretch between commands is solved in closed form, so the force
at a time does not depend on how often it is sampled. No clock is read here: the
caller passes monotonic nanoseconds, which keeps the hand deterministic in tests.
"""

from __future__ import annotations

import math
import random

_RISE_DAMPING = 0.75
"""ζ = 0.75 overshoots by about 3%: a visible but small overshoot."""
_RELAX_DAMPING = 1.0
"""Critically damped, so letting go never dips below zero."""
_RISE_REACHED = 0.9
_RELAX_REACHED = 0.95
_TREMOR_BAND_HZ = (8.0, 12.0)
"""Physiological tremor lies in this band."""
_TREMOR_WEIGHTS = (0.65, 0.35)
_FATIGUE_RECOVERY_S = 40.0
_FATIGUE_AFTER_10S = 0.17
"""A sustained 10 s grip holds 80-85% of its peak (clinical notes in DESIGN.md)."""
_FATIGUE_BUILD_PER_S = _FATIGUE_AFTER_10S / (
    _FATIGUE_RECOVERY_S * (1 - math.exp(-10.0 / _FATIGUE_RECOVERY_S))
)


def _settle(
    error: float, speed: float, dt: float, omega: float, zeta: float
) -> tuple[float, float]:
    """Advance x'' + 2ζωx' + ω²x = 0 by ``dt`` exactly; returns (position, velocity)."""
    if zeta >= 1.0:
        b = speed + omega * error
        decay = math.exp(-omega * dt)
        return (error + b * dt) * decay, (b - omega * (error + b * dt)) * decay
    a = zeta * omega
    wd = omega * math.sqrt(1 - zeta * zeta)
    b = (speed + a * error) / wd
    decay = math.exp(-a * dt)
    c, s = math.cos(wd * dt), math.sin(wd * dt)
    return (
        decay * (error * c + b * s),
        decay * ((b * wd - a * error) * c - (a * b + wd * error) * s),
    )


def _omega_reaching(fraction: float, within_s: float, zeta: float) -> float:
    """The natural frequency whose step response first reaches ``fraction`` at ``within_s``."""
    low = 0.0
    high = math.pi / math.sqrt(1 - zeta * zeta) if zeta < 1.0 else 50.0
    for _ in range(60):
        mid = (low + high) / 2
        reached = 1 + _settle(-1.0, 0.0, mid, 1.0, zeta)[0]
        low, high = (mid, high) if reached < fraction else (low, mid)
    return (low + high) / 2 / within_s


class VirtualHand:
    """A hand on one sensor, commanded by a level in [0, 1] of ``max_force_n``.

    Commands take effect at the last instant the hand was asked for its force: in a
    game loop that is at most one poll ago, far below what a player can notice.
    ``rise_s`` is the time to 90% of a new level, ``relax_s`` the time to fall below 5%
    of the force let go, ``tremor_fraction`` the peak tremor as a share of the force.
    """

    def __init__(
        self,
        max_force_n: float,
        *,
        seed: int = 0,
        rise_s: float = 0.4,
        relax_s: float = 0.25,
        tremor_fraction: float = 0.02,
    ) -> None:
        if not (math.isfinite(max_force_n) and max_force_n > 0):
            raise ValueError(f"a hand's maximum force must be above 0 N, not {max_force_n}")
        for what, value in (("rise time", rise_s), ("relax time", relax_s)):
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"the hand's {what} must be above 0 s, not {value}")
        if not 0 <= tremor_fraction < 1:
            raise ValueError(f"tremor must be a fraction of force in [0, 1), not {tremor_fraction}")
        self.max_force_n = max_force_n
        self._rise_omega = _omega_reaching(_RISE_REACHED, rise_s, _RISE_DAMPING)
        self._relax_omega = _omega_reaching(_RELAX_REACHED, relax_s, _RELAX_DAMPING)
        rng = random.Random(seed)
        self._tremor = tuple(
            (
                tremor_fraction * weight,
                2 * math.pi * rng.uniform(*_TREMOR_BAND_HZ),
                rng.uniform(0, 2 * math.pi),
            )
            for weight in _TREMOR_WEIGHTS
        )
        self._origin_ns = 0
        self._t_ns: int | None = None
        self._target = 0.0
        self._position = 0.0
        self._speed = 0.0
        self._omega = self._relax_omega
        self._zeta = _RELAX_DAMPING
        self._fatigue = 0.0

    @property
    def level(self) -> float:
        """The level currently asked for (0 when released)."""
        return self._target

    def press(self, level: float = 1.0) -> None:
        """A key held down (level 1) or a touch held at a height (a graded level)."""
        self.set_level(level)

    def release(self) -> None:
        self.set_level(0.0)

    def set_level(self, level: float) -> None:
        if not 0.0 <= level <= 1.0:
            raise ValueError(f"a hand's level must be between 0 and 1, not {level}")
        if level == self._target:
            return
        rising = level >= self._position
        self._omega = self._rise_omega if rising else self._relax_omega
        self._zeta = _RISE_DAMPING if rising else _RELAX_DAMPING
        self._target = level

    def force_n(self, t_ns: int) -> float:
        """The force at monotonic time ``t_ns``; times must not go backwards."""
        if self._t_ns is None:
            self._origin_ns = self._t_ns = t_ns
        if t_ns < self._t_ns:
            raise ValueError(
                f"hand asked for force at {t_ns} ns, before the previous {self._t_ns} ns"
            )
        self._advance((t_ns - self._t_ns) / 1e9)
        self._t_ns = t_ns
        t_s = (t_ns - self._origin_ns) / 1e9
        tremor = sum(a * math.sin(w * t_s + phase) for a, w, phase in self._tremor)
        effort = max(self._position, 0.0) * (1.0 - self._fatigue)
        return self.max_force_n * effort * (1.0 + tremor)

    def _advance(self, dt: float) -> None:
        error, self._speed = _settle(
            self._position - self._target, self._speed, dt, self._omega, self._zeta
        )
        self._position = self._target + error
        settled = _FATIGUE_BUILD_PER_S * _FATIGUE_RECOVERY_S * self._target
        decay = math.exp(-dt / _FATIGUE_RECOVERY_S)
        self._fatigue = settled + (self._fatigue - settled) * decay
