"""Questions at the terminal, where a closed input is an answer too.

``input`` raises ``EOFError`` when standard input closes (Ctrl-D, ``< /dev/null``, a script
with no terminal); left alone that is a crash log and exit status 70. Every prompt of the
command line goes through ``ask``, so the command stops with one sentence saying what it
left undone instead. (The max-force test keeps its own handling: it stores why it stopped.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Answer = TypeVar("Answer")


class NoAnswer(Exception):
    """The input closed at a prompt; the message says what the command left undone."""


def ask(read: Callable[[str], Answer], prompt: str, *, outcome: str) -> Answer:
    """``read(prompt)``; a closed input raises ``NoAnswer`` ending with ``outcome``.

    Ctrl-C (or SIGTERM) at the prompt goes on up as it came, to be said by whoever stops.
    """
    try:
        return read(prompt)
    except EOFError:
        print()  # the prompt's line was left open; the sentence starts on its own
        raise NoAnswer(f"Stopped: no answer at the prompt (input closed); {outcome}.") from None
    except KeyboardInterrupt:
        print()  # as above: the "stopped" sentence must not follow the prompt on its line
        raise
