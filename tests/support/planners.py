"""A RepPlanner over a fixed list of reps, for playing games without the station."""

from __future__ import annotations

from collections.abc import Iterable

from games.contract import RepSetup


class ListPlanner:
    """Hands out the given reps in order, then None; counts how often it was asked."""

    def __init__(self, setups: Iterable[RepSetup]) -> None:
        self._setups = list(setups)
        self.reps_total = len(self._setups)
        self.calls = 0

    def next_rep(self) -> RepSetup | None:
        self.calls += 1
        return self._setups.pop(0) if self._setups else None
