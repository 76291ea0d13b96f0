"""Report benchmarks: the first progress chart and the whole PDF, each in a fresh process.

Run with ``python -m tests.bench reports``. A therapist taps "progress" once on a Pi
whose station process has never imported matplotlib, so each run is a new interpreter:
``python -c`` imports the reports room, reads a year of one child's history from a
SQLite file made beforehand, and draws the grip chart (800x480 PNG) or writes the PDF.
The child notes the moment it is done on CLOCK_MONOTONIC, the same clock in every Linux
process, so the parent counts from the moment it spawned the interpreter; the median of
several runs is reported, beside the bare interpreter with the room imported.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from station.storage import open_database
from tests.bench.table import Row, Table, print_table

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5
FIRST_CHART_GOAL_S = 1.0

_LOAD = (
    "from station.storage import open_database, get_player\n"
    "from station.reports.records import load_progress\n"
    "db = open_database({db!r})\n"
    "player = get_player(db, 1)\n"
)
SCRIPTS = {
    "bare": "import station.reports.charts, station.reports.records\n",
    "chart": _LOAD
    + "from station.reports.charts import chart_png\n"
    + "inner = time.clock_gettime(time.CLOCK_MONOTONIC)\n"
    + "chart_png(load_progress(db, player), 'grip', size=(800, 480), path=Path({out!r}))\n",
    "pdf": _LOAD
    + "from station.reports.report import write_report\n"
    + "inner = time.clock_gettime(time.CLOCK_MONOTONIC)\n"
    + "write_report(db, player, Path({out!r}))\n",
}


def _run(kind: str, db: Path, out: Path) -> tuple[float, float]:
    """(whole process, time from before loading the year to done) in seconds."""
    code = (
        "import time\ninner = None\nfrom pathlib import Path\n"
        + SCRIPTS[kind].format(db=str(db), out=str(out))
        + "done = time.clock_gettime(time.CLOCK_MONOTONIC)\n"
        + "print(done, done - (inner or done))\n"
    )
    start = time.clock_gettime(time.CLOCK_MONOTONIC)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    done, inner = (float(word) for word in result.stdout.split()[-2:])
    return done - start, inner


def measure(runs: int = RUNS) -> dict[str, tuple[float, float]]:
    """Median (whole process, inner part) per kind, over a freshly generated year."""
    from tests.test_reports import make_year_of_history  # noqa: PLC0415 - imports pytest

    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "station.db"
        db = open_database(db_path)
        make_year_of_history(db)
        db.close()
        medians = {}
        for kind, suffix in (("bare", ""), ("chart", ".png"), ("pdf", ".pdf")):
            times = [_run(kind, db_path, Path(folder) / f"out{suffix}") for _ in range(runs)]
            medians[kind] = (
                statistics.median(t for t, _ in times),
                statistics.median(i for _, i in times),
            )
    return medians


def main(runs: int = RUNS) -> Table:
    medians = measure(runs)
    bare, _ = medians["bare"]
    chart, chart_inner = medians["chart"]
    pdf, pdf_inner = medians["pdf"]
    rows: list[Row] = [
        ("python + reports room imported (no matplotlib)", f"{bare:.2f} s", "-"),
        (
            "first chart, whole fresh process (grip, 800x480)",
            f"{chart:.2f} s",
            f"<= {FIRST_CHART_GOAL_S:g} s",
        ),
        ("  of which: read a year, import matplotlib, draw", f"{chart_inner:.2f} s", "-"),
        ("one-page PDF report, whole fresh process", f"{pdf:.2f} s", "-"),
        ("  of which: read a year, import matplotlib, draw", f"{pdf_inner:.2f} s", "-"),
    ]
    return Table(f"reports (median of {runs} fresh processes, a year of history)", rows)


if __name__ == "__main__":
    print_table(main())
