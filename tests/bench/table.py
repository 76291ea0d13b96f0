"""The one table the benchmarks print: what, the figure, the goal, and whether it was met."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Row = tuple[str, str, str] | tuple[str, str, str, bool]
"""(figure, value, goal) or, where the goal is not a plain comparison, (..., met)."""

_COMPARISON = re.compile(r"^\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    rows: Sequence[Row]


def met(row: Row) -> str:
    """'yes' or 'no' for a goal written as a comparison ('<= 25 ms'), else ''."""
    if len(row) == 4:
        return "yes" if row[3] else "no"
    _, value, goal = row[:3]
    comparison = _COMPARISON.match(goal)
    number = _NUMBER.search(value)
    if comparison is None or number is None:
        return ""
    operator, limit = comparison.group(1), float(comparison.group(2))
    figure = float(number.group())
    checks = {
        "<=": figure <= limit,
        ">=": figure >= limit,
        "<": figure < limit,
        ">": figure > limit,
    }
    return "yes" if checks[operator] else "no"


def print_table(*tables: Table) -> None:
    """Every table under one header; each table's title is a line of its own."""
    rows = [row for table in tables for row in table.rows]
    width = max(len("figure"), *(len(row[0]) for row in rows), *(len(t.title) for t in tables))
    print(f"{'figure':<{width}}  {'value':>16}  {'met':>3}  goal")
    for table in tables:
        print(table.title)
        for row in table.rows:
            print(f"{row[0]:<{width}}  {row[1]:>16}  {met(row):>3}  {row[2]}")
    print()
