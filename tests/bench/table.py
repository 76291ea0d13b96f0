"""The small table every benchmark prints: what, the figure, and the goal."""

from __future__ import annotations

from collections.abc import Sequence

Row = tuple[str, str, str]


def print_table(title: str, rows: Sequence[Row]) -> None:
    width = max(len(title), *(len(label) for label, _, _ in rows))
    print(f"{title:<{width}}  {'value':>14}  goal")
    for label, value, goal in rows:
        print(f"{label:<{width}}  {value:>14}  {goal}")
    print()
