"""Words that read as the last one shifted up a bit: a glitch on PD_SCK counted as an edge.

A spike rejector downstream removes a glitch one sample long, but two slips in a row agree
with each other and pass as a real step of about twice the force (at 1% of words, once
every two minutes of play). A slipped word has a signature no squeeze makes: it sits
within a small fraction of ``(last << 1) | 1`` and far from ``last``. ``SlipGuard`` drops
such words, at most ``MAX_SLIPS_IN_A_ROW`` running, so a real force that happens to sit
at that level (a child holding exactly twice the rest reading) is taken on the word after.
"""

from __future__ import annotations

WORD_MASK = 0xFFFFFF
MAX_SLIPS_IN_A_ROW = 2
"""Three slips in a row come once in a million words at 1% slips; the spike rejector
downstream takes one more, so a fourth would be needed to reach a game."""
SLIP_CLOSENESS = 8
"""A slip is this many times nearer the shifted word than the last good word."""
MIN_SLIP_JUMP_COUNTS = 256
"""Below this a slip moves the force by less than the chip's noise over a few samples:
nothing to drop (a cell near zero counts shifts onto itself)."""


def signed(word: int) -> int:
    """A 24-bit word as the chip's two's-complement counts."""
    return word - (1 << 24) if word & 0x800000 else word


def looks_slipped(word: int, last_word: int) -> bool:
    """Whether ``word`` reads as ``last_word`` shifted up one bit (within the signal's motion)."""
    shifted = signed(((last_word << 1) | 1) & WORD_MASK)
    counts = signed(word)
    jump = abs(counts - signed(last_word))
    return jump >= MIN_SLIP_JUMP_COUNTS and abs(counts - shifted) * SLIP_CLOSENESS < jump


class SlipGuard:
    """Judges each good word of one chip against the last word it let through."""

    __slots__ = ("_last_word", "_run")

    def __init__(self) -> None:
        self._last_word: int | None = None
        self._run = 0

    def forget(self) -> None:
        """After a reset or a new channel/gain: the next word is not compared with older ones."""
        self._last_word = None
        self._run = 0

    def is_slip(self, word: int) -> bool:
        """True to drop ``word``; otherwise it becomes the word the next one is judged by."""
        last = self._last_word
        if last is not None and self._run < MAX_SLIPS_IN_A_ROW and looks_slipped(word, last):
            self._run += 1
            return True
        self._last_word = word
        self._run = 0
        return False
