"""How a command in a terminal is stopped: Ctrl-C, or SIGTERM (``kill``, a shutdown, a
closed SSH session's service manager).

Both take the one clean way out: a ``KeyboardInterrupt`` runs every ``with`` and
``finally`` on its way up, so the sampler process is stopped and its semaphores freed, and
a max-force test stores why it stopped. Only the sentence and the exit status differ.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_INTERRUPTED = 128 + signal.SIGINT
"""130: what a shell reports for a command ended by Ctrl-C."""
EXIT_TERMINATED = 128 + signal.SIGTERM
"""143: what a shell (and systemd) reports for a command ended by SIGTERM."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: raised wherever the command was, just as Ctrl-C is."""


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within this block SIGTERM raises ``Terminated``; a second one is ignored, so that
    the clean-up the first one started (closing the sensors, storing a stop) is not cut
    short halfway. SIGKILL still ends everything at once."""

    def interrupt(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stopped_by(stop: KeyboardInterrupt) -> str:
    """How the command was stopped, to finish a sentence: 'with Ctrl-C' or 'by SIGTERM'."""
    return "by SIGTERM" if isinstance(stop, Terminated) else "with Ctrl-C"


def exit_status(stop: KeyboardInterrupt) -> int:
    """The exit status a shell expects after ``stop``: 143 for SIGTERM, 130 for Ctrl-C."""
    return EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED
