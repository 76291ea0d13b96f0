"""The error a command raises when it is asked for something it cannot do.

Apart from ``station.app.context`` (which opens the database and the sensors) so that the
argument types can raise it and ``context`` can use them, without an import cycle.
"""

from __future__ import annotations


class CommandError(Exception):
    """A command asked for something it cannot do; the message says what to do instead."""
