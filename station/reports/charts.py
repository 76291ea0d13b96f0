"""Progress charts: strength per hand with the norm band, weekly success, visits vs plan.

matplotlib (Agg backend, no pyplot, no global state) is imported only inside the
functions that draw: it takes about half a second to import on a Pi, and the station
app must start without paying for it. Each ``draw_*`` function fills one Axes, so the
same picture goes to a PNG for the therapist's 800x480 screen and into the PDF page.
Fonts are sized from the picture's height, so a chart stays readable at any size.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from hardware import GRIP, PINCH
from station.clinic.norms import STANDARD_GRAVITY
from station.clinic.progress import SUCCESS_GOAL, Progress, StrengthSeries
from station.reports.export import ensure_folder, write_bytes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

HAND_COLOURS = {"left": "#0072B2", "right": "#D55E00"}
"""Blue and vermilion (Okabe-Ito): told apart with the common colour-vision deficiencies."""
BAND_COLOUR = "#CDE8CD"
BAR_COLOUR = "#009E73"
PLAN_COLOUR = "#333333"
DEFAULT_SIZE = (800, 480)
"""The official 7-inch display."""
REFERENCE_HEIGHT_PX = 480
BASE_FONT_PT = 15.0
"""At 480 px high (100 dpi): large enough to read at arm's length on the 7-inch screen."""
DPI = 100
CHARTS = ("grip", "pinch", "weekly", "sessions")


def local(moment: datetime) -> datetime:
    """matplotlib plots naive times; show them in the clinic's time zone."""
    return moment.astimezone().replace(tzinfo=None)


def rc_settings(font_pt: float) -> dict[str, object]:
    return {
        "font.size": font_pt,
        "axes.titlesize": font_pt * 1.1,
        "axes.labelsize": font_pt,
        "xtick.labelsize": font_pt * 0.85,
        "ytick.labelsize": font_pt * 0.85,
        "legend.fontsize": font_pt * 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "pdf.fonttype": 42,
        "svg.fonttype": "none",
    }


def _date_axis(ax: Axes) -> None:
    from matplotlib import dates  # noqa: PLC0415 - lazy: ~0.5 s

    locator = dates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def _hand_label(series: StrengthSeries) -> str:
    return f"{series.hand} hand" + (f" ({series.pinch_type})" if series.pinch_type else "")


def draw_strength(ax: Axes, progress: Progress, sensor: str) -> None:
    """Best squeeze per test and hand in kg, over the P10-P90 band for the child's age."""
    series = progress.series(sensor)
    ax.set_title("Grip strength" if sensor == GRIP else "Pinch strength", loc="left")
    ax.set_ylabel("strongest squeeze (kg)")
    if not series:
        _empty(ax, "No strength test yet")
        return
    if sensor == PINCH:
        ax.text(
            0.98,
            0.04,
            "no age norms for pinch",
            transform=ax.transAxes,
            ha="right",
            fontsize="small",
            color="#666666",
        )
    points = sorted((p for s in series for p in s.points), key=lambda p: p.at)
    first, last = local(points[0].at), local(points[-1].at)
    pad = max((last - first) * 0.04, timedelta(days=3))
    banded = [p for p in points if p.band is not None]
    if banded:
        xs = [first - pad] + [local(p.at) for p in banded[1:]] + [last + pad]
        bands = [p.band for p in banded] + [banded[-1].band]
        low = [b.p10_n / STANDARD_GRAVITY for b in bands if b is not None]
        high = [b.p90_n / STANDARD_GRAVITY for b in bands if b is not None]
        mid = [b.p50_n / STANDARD_GRAVITY for b in bands if b is not None]
        ages = sorted({(b.age_min, b.age_max) for b in bands if b is not None})
        who = ", ".join(f"{lo}-{hi}" for lo, hi in ages)
        ax.fill_between(
            xs, low, high, step="post", color=BAND_COLOUR, label=f"most children aged {who}"
        )
        ax.step(xs, mid, where="post", color="#5A9A5A", linestyle="--", linewidth=1.2)
    for one in series:
        colour = HAND_COLOURS.get(one.hand, "#666666")
        real = [p for p in one.points if not p.simulated]
        ax.plot(
            [local(p.at) for p in real],
            [p.best_kg for p in real],
            marker="o",
            markersize=7,
            linewidth=2.5,
            color=colour,
            label=_hand_label(one),
        )
        practice = [p for p in one.points if p.simulated]
        if practice:
            ax.plot(
                [local(p.at) for p in practice],
                [p.best_kg for p in practice],
                linestyle="none",
                marker="o",
                markersize=8,
                markerfacecolor="white",
                color=colour,
                label=f"{one.hand}: practice on a simulated sensor",
            )
    ax.set_xlim(first - pad, last + pad)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="best", frameon=False)
    _date_axis(ax)


def _weeks_with(progress: Progress, value: str) -> tuple[list[datetime], list[float]]:
    xs, ys = [], []
    for week in progress.weeks:
        number = getattr(week, value)
        if number is not None:
            xs.append(datetime.combine(week.monday, datetime.min.time()) + timedelta(days=3))
            ys.append(number)
    return xs, ys


def _empty(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="#666")
    ax.set_xticks([])
    ax.set_yticks([])


def draw_success(ax: Axes, progress: Progress) -> None:
    """Share of squeezes that hit the target each week, against the ~70% the games aim for."""
    ax.set_title("Squeezes on target each week", loc="left")
    xs, rates = _weeks_with(progress, "success_rate")
    if not xs:
        _empty(ax, "No games played yet")
        return
    ax.bar(xs, [r * 100 for r in rates], width=5, color=BAR_COLOUR, label="on target")
    ax.axhline(
        SUCCESS_GOAL * 100,
        color=PLAN_COLOUR,
        linestyle="--",
        linewidth=1.5,
        label=f"aim: about {SUCCESS_GOAL:.0%}",
    )
    ax.set_ylim(0, 128)  # room above 100% for the legend
    ax.set_yticks([0, 25, 50, 75, 100])
    ax.legend(loc="upper left", frameon=False, ncols=2)
    ax.set_ylabel("on target (%)")
    _date_axis(ax)


def draw_time_in_band(ax: Axes, progress: Progress) -> None:
    """Seconds each squeeze stayed in the target band, on average, each week."""
    ax.set_title("Steady squeezing: seconds in the target zone per squeeze", loc="left")
    xs, seconds = _weeks_with(progress, "mean_time_in_band_s")
    if not xs:
        _empty(ax, "No games played yet")
        return
    ax.bar(xs, seconds, width=5, color="#56B4E9")
    ax.set_ylim(bottom=0)
    ax.set_ylabel("seconds")
    _date_axis(ax)


def draw_sessions(ax: Axes, progress: Progress) -> None:
    """Days played each week, with the days the program asks for as a line."""
    ax.set_title("Days played each week", loc="left")
    if not progress.weeks:
        _empty(ax, "No visits yet")
        return
    xs = [
        datetime.combine(w.monday, datetime.min.time()) + timedelta(days=3) for w in progress.weeks
    ]
    ax.bar(xs, [w.days_played for w in progress.weeks], width=5, color=BAR_COLOUR, label="played")
    planned = [(x, w.planned_days) for x, w in zip(xs, progress.weeks, strict=True)]
    if any(days is not None for _, days in planned):
        ax.step(
            [x for x, _ in planned] + [xs[-1] + timedelta(days=7)],
            [float("nan") if d is None else d for _, d in planned] + [planned[-1][1] or 0],
            where="mid",
            color=PLAN_COLOUR,
            linewidth=2,
            label="planned",
        )
        ax.legend(loc="upper left", frameon=False, ncols=2)
    top = max([w.days_played for w in progress.weeks] + [d or 0 for _, d in planned])
    ax.set_ylim(0, top + 2)  # room for the legend
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("days")
    _date_axis(ax)


def available(progress: Progress) -> tuple[str, ...]:
    """The charts worth drawing for this player: pinch only if there is a pinch test."""
    return tuple(name for name in CHARTS if name != PINCH or progress.series(PINCH))


@contextmanager
def _figure(size: tuple[int, int]) -> Iterator[Figure]:
    import matplotlib  # noqa: PLC0415 - lazy: ~0.5 s
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - lazy: ~0.5 s
    from matplotlib.figure import Figure  # noqa: PLC0415 - lazy: ~0.5 s

    width, height = size
    if width < 200 or height < 150:
        raise ValueError(f"a chart needs at least 200x150 pixels, not {width}x{height}")
    font = BASE_FONT_PT * min(height / REFERENCE_HEIGHT_PX, width / DEFAULT_SIZE[0] * 1.2)
    with matplotlib.rc_context(rc_settings(font)):
        figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        yield figure


def chart_png(
    progress: Progress,
    chart: str,
    *,
    size: tuple[int, int] = DEFAULT_SIZE,
    path: Path | None = None,
) -> bytes:
    """One chart (a name from ``CHARTS``) as PNG bytes of exactly ``size`` pixels."""
    if chart not in CHARTS:
        raise ValueError(f"charts are {', '.join(CHARTS)}, not {chart!r}")
    with _figure(size) as figure:
        if chart in (GRIP, PINCH):
            draw_strength(figure.add_subplot(), progress, chart)
        elif chart == "weekly":
            top, bottom = figure.subplots(2, 1, sharex=True)
            draw_success(top, progress)
            draw_time_in_band(bottom, progress)
        else:
            draw_sessions(figure.add_subplot(), progress)
        buffer = BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
    data = buffer.getvalue()
    if path is not None:
        write_bytes(path, data)
    return data


def write_chart_pngs(
    progress: Progress, folder: Path, *, prefix: str = "", size: tuple[int, int] = DEFAULT_SIZE
) -> list[Path]:
    """Every available chart as ``folder/PREFIXNAME.png``; returns the files written."""
    ensure_folder(folder, "the PNG charts")
    paths = [folder / f"{prefix}{name}.png" for name in available(progress)]
    for name, path in zip(available(progress), paths, strict=True):
        chart_png(progress, name, size=size, path=path)
    return paths
