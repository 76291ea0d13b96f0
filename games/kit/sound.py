"""Game sounds made in code at start-up: no files to ship, license or lose.

Each sound is a short list of samples built from sines and noise with smooth attack and
release envelopes (an abrupt start or end is heard as a click). Sounds are made the
first time they are played, at whatever rate the mixer runs. Without an audio device
the mixer cannot start and every ``play`` is silently skipped: a game must never stop
because a speaker is missing.
"""

from __future__ import annotations

import logging
import math
import random
from array import array
from collections.abc import Callable, Iterator
from functools import cache

import pygame

log = logging.getLogger(__name__)

RATE = 22_050
"""Plenty for these sounds (their overtones stay under 6 kHz) and quick to make."""
PEAK = 0.8
"""Loudest sample as a share of full scale, leaving headroom when sounds overlap."""
EDGE_S = 0.004
"""Every sound fades in and out over at least this long, so it never clicks."""
_S16 = -16
_TABLE = 4096
_TABLE_MASK = _TABLE - 1

Samples = list[float]


def _envelope(n: int, rate: int, attack_s: float, decay_per_s: float) -> Samples:
    """Quick linear rise, exponential fall, and a short fade to exactly zero at the end."""
    attack = max(1, round(max(attack_s, EDGE_S) * rate))
    tail = max(1, round(EDGE_S * rate))
    env = []
    for i in range(n):
        t = i / rate
        level = min(1.0, i / attack) * math.exp(-decay_per_s * t)
        if i >= n - tail:
            level *= (n - 1 - i) / tail
        env.append(level)
    return env


@cache
def _wavetable(harmonics: tuple[float, ...]) -> list[float]:
    """One period of a tone with the given overtone levels, looked up instead of summed."""
    return [
        sum(level * math.sin(2 * math.pi * k * i / _TABLE) for k, level in enumerate(harmonics, 1))
        for i in range(_TABLE)
    ]


def _tone(
    freq: Callable[[float], float],
    seconds: float,
    rate: int,
    *,
    harmonics: tuple[float, ...] = (1.0,),
    attack_s: float = 0.005,
    decay_per_s: float = 4.0,
) -> Samples:
    """A tone whose pitch may glide (``freq`` of time), with optional overtones."""
    n = round(seconds * rate)
    env = _envelope(n, rate, attack_s, decay_per_s)
    table = _wavetable(harmonics)
    cycles = 0.0
    out = []
    for i in range(n):
        cycles += freq(i / rate) / rate
        out.append(table[int(cycles * _TABLE) & _TABLE_MASK] * env[i])
    return out


def _mix(parts: list[tuple[float, Samples]], rate: int) -> Samples:
    """Lay sounds over one another, each starting at its offset in seconds."""
    length = max(round(start * rate) + len(part) for start, part in parts)
    out = [0.0] * length
    for start, part in parts:
        offset = round(start * rate)
        for i, value in enumerate(part):
            out[offset + i] += value
    return out


def _note(midi: int) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def pop(rate: int) -> Samples:
    """A bubble: a bright pitch falling fast, over in a blink."""
    return _tone(lambda t: 260 + 900 * math.exp(-t * 40), 0.09, rate, decay_per_s=30)


def chime(rate: int) -> Samples:
    """Success: a rising major triad of soft bells."""
    bell = (1.0, 0.0, 0.25, 0.0, 0.08)
    notes = [_note(m) for m in (84, 88, 91)]  # C6 E6 G6
    return _mix(
        [
            (0.085 * i, _tone(lambda _t, f=f: f, 0.7, rate, harmonics=bell, decay_per_s=6))
            for i, f in enumerate(notes)
        ],
        rate,
    )


def whoosh(rate: int) -> Samples:
    """Air rushing past: noise through a filter that opens and closes again."""
    n = round(0.5 * rate)
    noise = random.Random(7)
    low = 0.0
    out = []
    for i in range(n):
        t = i / n
        swell = math.sin(math.pi * t) ** 2
        alpha = 0.02 + 0.25 * swell  # a one-pole low-pass, brighter at the peak
        low += alpha * (noise.uniform(-1.0, 1.0) - low)
        out.append(low * swell)
    return out


def boing(rate: int) -> Samples:
    """A cartoon spring for "too hard": a low tone that wobbles and sags."""
    return _tone(
        lambda t: (
            190 * (1 - 0.25 * t) * (1 + 0.18 * math.sin(2 * math.pi * 11 * t) * math.exp(-4 * t))
        ),
        0.5,
        rate,
        harmonics=(1.0, 0.3, 0.1),
        attack_s=0.006,
        decay_per_s=5,
    )


def fanfare(rate: int) -> Samples:
    """The celebration: a quick rising arpeggio, then a long bright note with vibrato."""
    brass = (1.0, 0.45, 0.3, 0.15, 0.08)
    steps = [_note(m) for m in (72, 76, 79)]  # C5 E5 G5
    parts = [
        (0.13 * i, _tone(lambda _t, f=f: f, 0.2, rate, harmonics=brass, decay_per_s=5))
        for i, f in enumerate(steps)
    ]
    top = _note(84)  # C6
    held = _tone(
        lambda t: top * (1 + 0.006 * math.sin(2 * math.pi * 5.5 * t) * min(1.0, t * 3)),
        1.1,
        rate,
        harmonics=brass,
        attack_s=0.02,
        decay_per_s=1.6,
    )
    parts.append((0.39, held))
    return _mix(parts, rate)


def tick(rate: int) -> Samples:
    """A soft wooden tick for countdowns."""
    return _tone(
        lambda _t: 1800.0, 0.03, rate, harmonics=(1.0, 0.3), attack_s=0.001, decay_per_s=120
    )


SYNTHS: dict[str, Callable[[int], Samples]] = {
    "pop": pop,
    "chime": chime,
    "whoosh": whoosh,
    "boing": boing,
    "fanfare": fanfare,
    "tick": tick,
}


def pcm16(samples: Samples, channels: int = 1, volume: float = 1.0) -> array:
    """Signed 16-bit samples, loudest at ``PEAK`` x ``volume`` of full scale, interleaved."""
    loudest = max((abs(v) for v in samples), default=0.0) or 1.0
    gain = PEAK * volume * 32767 / loudest
    mono = array("h", [round(value * gain) for value in samples])
    if channels == 1:
        return mono
    out = array("h", bytes(2 * channels * len(mono)))
    for channel in range(channels):
        out[channel::channels] = mono
    return out


class Sounds:
    """The named sounds, played through pygame's mixer when there is one.

    The samples are kept, not the ``pygame.mixer.Sound`` objects: a Sound made before a
    ``pygame.quit()`` crashes the process if played after the mixer restarts, and there
    is no way to tell. A fresh Sound per play costs a copy of a few dozen kilobytes.
    """

    def __init__(self, volume: float = 0.7) -> None:
        self.volume = volume
        self._pcm: dict[tuple[str, int, int], bytes] = {}
        self._failed = False

    @property
    def available(self) -> bool:
        """True once the mixer runs in a format these sounds can be made in."""
        return self._start() is not None

    def prepare(self) -> None:
        """Make every sound now, before play starts, rather than on its first use mid-game."""
        for _ in self.prepare_stepwise():
            pass

    def prepare_stepwise(self) -> Iterator[str]:
        """Make the sounds one per step (the app takes a step a frame after its first one,
        so the first picture does not wait about 0.2 s of synthesis)."""
        for name in SYNTHS:
            self._samples(name)
            yield name

    def play(self, name: str) -> None:
        """Play ``name`` (one of ``SYNTHS``); nothing happens when there is no audio."""
        if name not in SYNTHS:
            raise KeyError(f"no sound called {name!r}; the sounds are {', '.join(SYNTHS)}")
        pcm = self._samples(name)
        if pcm is not None:
            pygame.mixer.Sound(buffer=pcm).play()

    def _samples(self, name: str) -> bytes | None:
        fmt = self._start()
        if fmt is None:
            return None
        key = (name, *fmt)
        pcm = self._pcm.get(key)
        if pcm is None:
            rate, channels = fmt
            pcm = self._pcm[key] = pcm16(SYNTHS[name](rate), channels, self.volume).tobytes()
        return pcm

    def _start(self) -> tuple[int, int] | None:
        """The mixer's (rate, channels), starting it on first use; None when it cannot run."""
        current = pygame.mixer.get_init()
        if current is None:
            if self._failed:
                return None
            try:
                pygame.mixer.init(frequency=RATE, size=_S16, channels=1, buffer=512)
            except pygame.error as error:
                self._failed = True
                log.info("no sound: the audio mixer could not start (%s)", error)
                return None
            current = pygame.mixer.get_init()
        rate, size, channels = current
        if size != _S16:
            log.info("no sound: the mixer runs %s-bit samples, not signed 16-bit", size)
            return None
        return (rate, channels)


sounds = Sounds()
"""The shared player: ``sounds.play("chime")``."""
