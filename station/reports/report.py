"""The one-page PDF a therapist hands a parent: pictures of progress, a few plain sentences.

What the page says is composed first (``report_text``, no drawing, so the wording is
tested on its own), then laid out on one A4 page with the charts drawn as vectors
(``draw_report``). Only the key numbers appear: the latest best and average squeeze per
hand, where that sits among children of the same age, the change since the last test
judged against the ~20% a test can vary by, the share of squeezes on target and visits
against the plan. Long notes are cut to fit, so the report is always one page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from hardware import GRIP, PINCH
from station.clinic.assessment import MEASUREMENT_ERROR_FRACTION
from station.clinic.exercise import Exercise, Program, TargetKind
from station.clinic.norms import STANDARD_GRAVITY, Band
from station.clinic.progress import SUCCESS_GOAL, LatestTest, Progress, age_at
from station.reports import charts
from station.reports.export import ExportError, ensure_folder, write_bytes
from station.reports.records import load_progress
from station.storage import Player, current_program

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

A4_IN = (8.27, 11.69)
RECENT_WEEKS = 4
WRAP_CHARS = 100
NOTE_LINES = 5
PAIN_LINES = 3
_ERROR = f"{MEASUREMENT_ERROR_FRACTION:.0%}"
_BAND_WORDS = {
    Band.BELOW_P10: "below most children aged {ages} (under the 10th percentile)",
    Band.P10_P50: "in the usual range for children aged {ages}, below the middle "
    "(10th to 50th percentile)",
    Band.P50_P90: "in the usual range for children aged {ages}, above the middle "
    "(50th to 90th percentile)",
    Band.ABOVE_P90: "stronger than most children aged {ages} (above the 90th percentile)",
}


@dataclass(frozen=True, slots=True)
class ReportText:
    title: str
    subtitle: str
    strength: tuple[str, ...]
    practice: tuple[str, ...]
    program: tuple[str, ...]
    notes: str
    pain: tuple[str, ...]


def day_text(moment: date | datetime) -> str:
    day = moment.astimezone().date() if isinstance(moment, datetime) else moment
    return f"{day.day} {day:%b %Y}"


def force_words(newtons: float) -> str:
    """Kilograms for the parent (what norms and dynamometers use), newtons beside them."""
    return f"{newtons / STANDARD_GRAVITY:.1f} kg ({newtons:.0f} N)"


def _what(sensor: str, pinch_type: str | None) -> str:
    if sensor == PINCH:
        return f"{pinch_type} pinch" if pinch_type else "pinch"
    return sensor


def _test_sentences(latest: LatestTest) -> list[str]:
    point = latest.point
    head = f"{point.hand.capitalize()} hand {_what(point.sensor, point.pinch_type)}"
    sentence = (
        f"{head}: best {force_words(point.best_n)}, average {point.mean_kg:.1f} kg "
        f"({day_text(point.at)})."
    )
    if point.simulated:
        sentence += " This was a practice test on a SIMULATED sensor, not a real measurement."
    if not point.complete:
        sentence += f" Only {point.trials} of 3 squeezes were done, so it is a rough value."
    lines = [sentence]
    norm = point.norm
    if norm is not None and norm.band is not None and norm.row is not None:
        ages = f"{norm.row.age_min}-{norm.row.age_max}"
        lines.append(f"That is {_BAND_WORDS[norm.band].format(ages=ages)}.")
    change = latest.change
    if change is not None and latest.previous is not None:
        since = f"since {day_text(latest.previous.at)}"
        if not change.beyond_error:
            lines.append(
                f"{'Up' if change.fraction >= 0 else 'Down'} {abs(change.fraction):.0%} {since}: "
                f"about the same, as a test can vary by {_ERROR}."
            )
        elif change.fraction > 0:
            lines.append(f"Up {change.fraction:.0%} {since}: a real improvement.")
        else:
            lines.append(
                f"Down {-change.fraction:.0%} {since}: more than a test varies by; "
                "the therapist will look into it."
            )
    return lines


def _strength_lines(progress: Progress) -> list[str]:
    if not progress.latest:
        return ["No strength test yet."]
    lines: list[str] = []
    for latest in progress.latest:
        lines.extend(_test_sentences(latest))
    for pair in progress.left_right:
        what = _what(pair.sensor, pair.pinch_type)
        if pair.stronger is None or round(pair.fraction * 100) == 0:
            lines.append(f"Both hands are about equally strong ({what}).")
        else:
            weaker = "left" if pair.stronger == "right" else "right"
            lines.append(
                f"The {pair.stronger} hand is {pair.fraction:.0%} stronger than the {weaker} "
                f"({what}, average of 3 squeezes)."
            )
    return lines


def _practice_lines(progress: Progress) -> list[str]:
    if not progress.weeks:
        return ["No games played yet."]
    rate = progress.success_rate
    first = progress.weeks[0].monday
    visits = sum(w.sessions for w in progress.weeks)
    lines = [
        f"Since {day_text(first)}: {visits} visits, {progress.reps} squeezes in the games"
        + (
            "."
            if rate is None
            else f", {rate:.0%} of them on target (the games aim for about {SUCCESS_GOAL:.0%})."
        )
    ]
    recent = progress.recent_weeks(RECENT_WEEKS)
    played = sum(w.days_played for w in recent)
    planned = [w.planned_days for w in recent if w.planned_days is not None]
    reps = sum(w.reps for w in recent)
    wins = sum(w.successes for w in recent)
    sentence = f"Last {len(recent)} weeks: played on {played} days"
    if planned:
        sentence += f" of {sum(planned)} planned"
    sentence += f", {wins / reps:.0%} on target." if reps else ", no squeezes recorded."
    lines.append(sentence)
    return lines


def _exercise_words(exercise: Exercise) -> str:
    game = f"the {exercise.game} game" if exercise.game else "a squeeze game"
    if exercise.target_kind is TargetKind.PERCENT:
        target = f"{exercise.target_value:g}% of the strongest squeeze"
    else:
        target = force_words(exercise.target_value)
    sets = "1 set" if exercise.sets == 1 else f"{exercise.sets} sets"
    return (
        f"{game.capitalize()} with the {exercise.hand} hand "
        f"({_what(exercise.sensor, exercise.pinch_type)}): "
        f"{sets} of {exercise.reps} squeezes at {target}, holding each {exercise.hold_s:g} s, "
        f"resting {exercise.rest_s:g} s."
    )


def _program_lines(program: Program | None) -> list[str]:
    if program is None:
        return ["No program set yet: the child picks the games."]
    days = "1 day" if program.days_per_week == 1 else f"{program.days_per_week} days"
    lines = [f"Play on {days} a week, 10-20 minutes with warm-up and cool-down."]
    lines.extend(_exercise_words(e) for e in program.exercises)
    return lines


def _pain_lines(progress: Progress) -> list[str]:
    stops = progress.pain_stops
    if not stops:
        return ["No pain stops: the Ouch/Stop button was never needed."]
    count = "1 time" if len(stops) == 1 else f"{len(stops)} times"
    recent = "; ".join(f"{day_text(s.at)} during {s.during}" for s in stops[-PAIN_LINES:])
    return [
        f"The child pressed Ouch/Stop {count} and play stopped at once. "
        f"{'Last' if len(stops) > PAIN_LINES else 'When'}: {recent}. "
        "Please tell the therapist about any pain."
    ]


def report_text(
    player: Player, progress: Progress, program: Program | None, *, today: date
) -> ReportText:
    """Everything the page says, in short plain sentences for a parent."""
    age = age_at(player.birth_year, datetime.combine(today, datetime.min.time()).astimezone())
    about = f"about {age} years old, " if age is not None else ""
    return ReportText(
        title=f"{player.nickname}'s progress",
        subtitle=f"{about}{player.dominant_hand}-handed · report of {day_text(today)}",
        strength=tuple(_strength_lines(progress)),
        practice=tuple(_practice_lines(progress)),
        program=tuple(_program_lines(program)),
        notes=player.notes.strip(),
        pain=tuple(_pain_lines(progress)),
    )


@dataclass(frozen=True, slots=True)
class _Heading:
    text: str
    points: float = 13


@dataclass(frozen=True, slots=True)
class _Text:
    lines: list[str]


@dataclass(frozen=True, slots=True)
class _Charts:
    weight: float
    """Share of the height the text leaves, against the page's other chart rows."""
    draws: list[Callable[[Axes], None]]


def _wrap(sentences: tuple[str, ...] | list[str], max_lines: int) -> _Text:
    lines = [line for sentence in sentences for line in textwrap.wrap(sentence, WRAP_CHARS) or [""]]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip(" .") + " …"]
    return _Text(lines)


class _Page:
    """Lays blocks out top-down on one figure; charts share whatever the text leaves.

    Heights are fractions of the page: text is measured first, so long notes shrink the
    charts instead of pushing anything off the page.
    """

    TEXT_PT = 10
    POINTS_PER_PAGE = A4_IN[1] * 72
    LINE = TEXT_PT * 1.4 / POINTS_PER_PAGE
    MARGIN = 0.06
    TOP = 0.965
    BOTTOM = 0.045
    CHART_GAP = 0.035
    HEADING_GAP = 0.006

    def __init__(self, figure: Figure) -> None:
        self.figure = figure

    def _height(self, block: _Heading | _Text | _Charts) -> float:
        if isinstance(block, _Heading):
            return block.points * 1.45 / self.POINTS_PER_PAGE + 0.006 + self.HEADING_GAP
        if isinstance(block, _Text):
            return self.LINE * len(block.lines) + 0.004
        return self.CHART_GAP

    def lay_out(self, blocks: list[_Heading | _Text | _Charts]) -> None:
        fixed = sum(self._height(block) for block in blocks)
        weights = sum(block.weight for block in blocks if isinstance(block, _Charts))
        spare = max(self.TOP - self.BOTTOM - fixed, 0.1)
        y = self.TOP
        for block in blocks:
            if isinstance(block, _Heading):
                self.figure.text(
                    self.MARGIN,
                    y - self.HEADING_GAP,
                    block.text,
                    fontsize=block.points,
                    weight="bold",
                    va="top",
                )
            elif isinstance(block, _Text) and block.lines:
                self.figure.text(
                    self.MARGIN,
                    y,
                    "\n".join(block.lines),
                    fontsize=self.TEXT_PT,
                    va="top",
                    linespacing=1.4,
                )
            elif isinstance(block, _Charts):
                height = spare * block.weight / weights
                y -= height
                self._charts(y, height, block.draws)
            y -= self._height(block)

    def _charts(self, bottom: float, height: float, draws: list[Callable[[Axes], None]]) -> None:
        gap = 0.1
        left = self.MARGIN + 0.045
        width = (1 - left - self.MARGIN - gap * (len(draws) - 1)) / len(draws)
        for i, draw in enumerate(draws):
            draw(self.figure.add_axes((left + i * (width + gap), bottom, width, height - 0.03)))


def draw_report(text: ReportText, progress: Progress) -> bytes:
    """The page as PDF bytes: always exactly one A4 page."""
    import matplotlib  # noqa: PLC0415 - lazy: ~0.5 s
    from matplotlib.backends.backend_pdf import FigureCanvasPdf  # noqa: PLC0415 - lazy: ~0.5 s
    from matplotlib.figure import Figure  # noqa: PLC0415 - lazy: ~0.5 s

    sensors = [s for s in (GRIP, PINCH) if progress.series(s)] or [GRIP]
    blocks: list[_Heading | _Text | _Charts] = [
        _Heading(text.title, 20),
        _Text([text.subtitle]),
        _Heading("Strength"),
        _wrap(text.strength, 10),
        _Charts(5, [partial(charts.draw_strength, progress=progress, sensor=s) for s in sensors]),
        _Heading("Practice"),
        _wrap(text.practice, 4),
        _Charts(
            4,
            [
                partial(charts.draw_success, progress=progress),
                partial(charts.draw_sessions, progress=progress),
            ],
        ),
        _Heading("The plan"),
        _wrap(text.program, 5),
    ]
    if text.notes:
        blocks += [_Heading("Notes from the therapist"), _wrap(text.notes.splitlines(), NOTE_LINES)]
    blocks += [_Heading("Pain stops"), _wrap(text.pain, 4)]
    with matplotlib.rc_context(charts.rc_settings(9)):
        figure = Figure(figsize=A4_IN)
        FigureCanvasPdf(figure)
        _Page(figure).lay_out(blocks)
        figure.text(
            0.5,
            0.018,
            f"Grip station · a change under {_ERROR} is within what a test can vary by (ASHT).",
            ha="center",
            fontsize=8,
            color="#666666",
        )
        buffer = BytesIO()
        figure.savefig(buffer, format="pdf", metadata={"Title": text.title})
    return buffer.getvalue()


def check_pdf_path(path: Path) -> Path:
    """Refuse, in one sentence, a path that cannot take the report file."""
    if path.suffix.lower() != ".pdf":
        raise ExportError(f"The report is a PDF: give a file name ending in .pdf, not {path}.")
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name such as {path / 'report.pdf'}.")
    return path


def default_name(player: Player, today: date) -> str:
    """A name that sorts by date and is safe on a FAT-formatted stick."""
    safe = "".join(c if c.isalnum() or c in "-." else "-" for c in player.nickname).strip("-.")
    return f"{safe or 'player'}-{today.isoformat()}.pdf"


def write_report(
    db: Database,
    player: Player,
    pdf_path: Path,
    *,
    png_dir: Path | None = None,
    png_size: tuple[int, int] = charts.DEFAULT_SIZE,
    now: datetime | None = None,
) -> list[Path]:
    """Write the PDF (and the PNG charts when ``png_dir`` is given); return the files."""
    check_pdf_path(pdf_path)
    moment = now or datetime.now().astimezone()
    progress = load_progress(db, player, until=moment)
    stored = current_program(db, player.id)
    text = report_text(
        player,
        progress,
        None if stored is None else stored.program,
        today=moment.astimezone().date(),
    )
    ensure_folder(pdf_path.parent, "the report file")
    if png_dir is not None:
        ensure_folder(png_dir, "the PNG charts")
    write_bytes(pdf_path, draw_report(text, progress))
    written = [pdf_path]
    if png_dir is not None:
        written += charts.write_chart_pngs(
            progress, png_dir, prefix=f"{pdf_path.stem}-", size=png_size
        )
    return written
