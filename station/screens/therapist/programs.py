"""A player's program on the touch screen: exercises, days per week, a force limit.

Numbers are set with steppers held to ranges a finger cannot leave by accident; what is
possible is not decided here. Save builds the same ``Exercise`` and ``Program`` the
command line builds, checks each exercise against the fitted sensor and the child's
logged maximum as ``grip-station program set`` does, and shows the first refusal with
its sentence; only a program that passes whole is saved, as a new version. A new
program opens with one exercise at the starting point for the child's age
(``station.clinic.defaults``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import pygame

from hardware import PINCH
from station.clinic.assessment import PINCH_TYPES
from station.clinic.defaults import StartingPoint, age_in, starting_point
from station.clinic.exercise import (
    MAX_HOLD_S,
    MAX_REPS,
    MAX_REST_S,
    MAX_SETS,
    Exercise,
    ForceLimits,
    InvalidExercise,
    Program,
    TargetKind,
)
from station.clinic.norms import STANDARD_GRAVITY
from station.play.context import PlayContext
from station.play.visit import check_for_station, game_for
from station.screens.therapist import kit
from station.screens.therapist.base import BACK, TherapistScene
from station.screens.therapist.players import (
    NEXT,
    PREV,
    draw_player_tiles,
    page_buttons,
    pages,
    player_buttons,
    split_bottom,
    this_year,
)
from station.storage import (
    HandResult,
    Player,
    current_program,
    get_player,
    latest_results,
    list_players,
    logged_max,
    save_program,
)

ROWS_PER_PAGE = 4
"""Exercises listed at once; a longer program turns pages."""
DEFAULT_DAYS = 3
DEFAULT_LIMIT_N = 100.0
LEFT, RIGHT = "left", "right"
ADD, SAVE, DONE, REMOVE_THIS, LIMIT_ON, ABOVE_80 = (
    "add",
    "save",
    "done",
    "remove this",
    "limit on",
    "above 80",
)


class View(StrEnum):
    PLAYERS = "Programs: pick a player"
    PROGRAM = "Program"
    EXERCISE = "Exercise"


class Unit(StrEnum):
    """How the therapist gives a target; kg is stored as newtons, as the command line does."""

    PERCENT = "%"
    NEWTONS = "N"
    KG = "kg"


@dataclass
class ExerciseDraft:
    """One exercise as the screen edits it; ``build`` makes the real one (or refuses)."""

    game: str
    hand: str
    pinch_type: str
    unit: Unit
    percent: kit.Stepper
    newtons: kit.Stepper
    kg: kit.Stepper
    hold: kit.Stepper
    reps: kit.Stepper
    sets: kit.Stepper
    rest: kit.Stepper

    @classmethod
    def make(
        cls,
        game: str,
        hand: str,
        start: StartingPoint,
        *,
        unit: Unit = Unit.PERCENT,
        newtons: float = 50.0,
        pinch_type: str = PINCH_TYPES[0],
    ) -> ExerciseDraft:
        return cls(
            game=game,
            hand=hand,
            pinch_type=pinch_type,
            unit=unit,
            percent=kit.Stepper("of max", start.target_percent, 5, 5, 100, "%", key="percent"),
            newtons=kit.Stepper("newtons", newtons, 5, 5, 1000, " N", key="newtons"),
            kg=kit.Stepper(
                "kilograms", newtons / STANDARD_GRAVITY, 0.5, 0.5, 100, " kg", 1, key="kg"
            ),
            hold=kit.Stepper("Hold", start.hold_s, 0.5, 0.5, MAX_HOLD_S, " s", 1, key="hold"),
            reps=kit.Stepper("Reps", start.reps, 1, 1, MAX_REPS, key="reps"),
            sets=kit.Stepper("Sets", start.sets, 1, 1, MAX_SETS, key="sets"),
            rest=kit.Stepper("Rest", start.rest_s, 5, 0, MAX_REST_S, " s", key="rest"),
        )

    @classmethod
    def of(cls, exercise: Exercise, start: StartingPoint) -> ExerciseDraft:
        """A stored exercise to edit (its game named, as the station would choose it)."""
        percent = exercise.target_kind is TargetKind.PERCENT
        kept = StartingPoint(
            exercise.target_value if percent else start.target_percent,
            exercise.hold_s,
            exercise.reps,
            exercise.sets,
            exercise.rest_s,
            start.days_per_week,
        )
        return cls.make(
            game_for(exercise).key,
            exercise.hand.value,
            kept,
            unit=Unit.PERCENT if percent else Unit.NEWTONS,
            newtons=50.0 if percent else exercise.target_value,
            pinch_type=exercise.pinch_type or PINCH_TYPES[0],
        )

    @property
    def target(self) -> kit.Stepper:
        return {Unit.PERCENT: self.percent, Unit.NEWTONS: self.newtons, Unit.KG: self.kg}[self.unit]

    def steppers(self) -> list[kit.Stepper]:
        return [self.target, self.hold, self.reps, self.sets, self.rest]

    def build(self, sensor: str) -> Exercise:
        """The exercise for the game's sensor; ``InvalidExercise`` says what is wrong."""
        if self.unit is Unit.PERCENT:
            kind, value = TargetKind.PERCENT, self.percent.value
        elif self.unit is Unit.NEWTONS:
            kind, value = TargetKind.NEWTONS, self.newtons.value
        else:
            kind, value = TargetKind.NEWTONS, self.kg.value * STANDARD_GRAVITY
        return Exercise(
            sensor=sensor,
            hand=self.hand,
            target_kind=kind,
            target_value=value,
            hold_s=self.hold.value,
            reps=round(self.reps.value),
            sets=round(self.sets.value),
            rest_s=self.rest.value,
            pinch_type=self.pinch_type if sensor == PINCH else None,
            game=self.game,
        )


class ProgramsScene(TherapistScene):
    title = View.PLAYERS.value
    name = "therapist programs"

    def __init__(self, ctx: PlayContext) -> None:
        super().__init__(ctx)
        self.view = View.PLAYERS
        self.players: list[Player] = []
        self.page = 0
        self.player: Player | None = None
        self.drafts: list[ExerciseDraft] = []
        self.editing = 0
        self.exercise_page = 0
        self.days = kit.Stepper("Days a week", DEFAULT_DAYS, 1, 1, 7, key="days")
        self.limit = kit.Stepper("Force limit", DEFAULT_LIMIT_N, 10, 10, 1000, " N", key="limit")
        self.limit_on = False
        self.above_80 = False
        self.games = {game.key: game for game in ctx.games}

    def enter(self) -> None:
        """Read the players again whenever the screen shows (one may have been added)."""
        self.players = list_players(self.ctx.db)
        self.page = min(self.page, pages(len(self.players)) - 1)

    @property
    def start(self) -> StartingPoint:
        born = None if self.player is None else self.player.birth_year
        return starting_point(age_in(this_year(self.ctx), born))

    # -- moving between views ---------------------------------------------------------

    def _go(self, view: View) -> None:
        self.view = view
        self.title = view.value
        if view is View.PROGRAM and self.player is not None:
            self.title = f"Program of {self.player.nickname}"
        elif view is View.EXERCISE:
            self.title = f"Exercise {self.editing + 1}"
        self.say("")

    def press(self, key: object) -> None:
        if key != BACK or self.view is View.PLAYERS:
            super().press(key)
        elif self.view is View.PROGRAM:
            self.player = None
            self._go(View.PLAYERS)
        else:
            self._go(View.PROGRAM)

    def on_press(self, key: object) -> None:
        if self.view is View.PLAYERS:
            self._press_players(key)
        elif self.view is View.PROGRAM:
            self._press_program(key)
        else:
            self._press_exercise(key)

    # -- picking a player ------------------------------------------------------------------

    def _press_players(self, key: object) -> None:
        if key == PREV:
            self.page = max(0, self.page - 1)
        elif key == NEXT:
            self.page = min(pages(len(self.players)) - 1, self.page + 1)
        elif isinstance(key, tuple) and key[0] == "player":
            self._open(get_player(self.ctx.db, key[1]))

    def _open(self, player: Player) -> None:
        self.player = player
        stored = current_program(self.ctx.db, player.id)
        start = self.start
        self.exercise_page = 0
        if stored is None:
            self.drafts = [self._new_draft()]
            self.days.value = start.days_per_week
            self.limit_on, self.above_80 = False, False
            self._go(View.PROGRAM)
            age = age_in(this_year(self.ctx), player.birth_year)
            why = "an unknown age" if age is None else f"age {age}"
            self.say(f"No program yet: one exercise to start, set for {why}.", ok=True)
            return
        program = stored.program
        self.drafts = [ExerciseDraft.of(e, start) for e in program.exercises]
        self.days.value = program.days_per_week
        self.limit_on = program.limits.limit_n is not None
        if program.limits.limit_n is not None:
            self.limit.value = program.limits.limit_n
        self.above_80 = program.limits.allow_above_80pct
        self._go(View.PROGRAM)

    def _new_draft(self) -> ExerciseDraft:
        assert self.player is not None
        game = next(iter(self.games))
        return ExerciseDraft.make(game, self.player.dominant_hand, self.start)

    # -- the program -------------------------------------------------------------------------

    def _press_program(self, key: object) -> None:
        if key == PREV:
            self.exercise_page = max(0, self.exercise_page - 1)
        elif key == NEXT:
            self.exercise_page += 1
        elif key == ADD:
            self.drafts.append(self._new_draft())
            self.editing = len(self.drafts) - 1
            self._go(View.EXERCISE)
        elif key == SAVE:
            self._save()
        elif key == LIMIT_ON:
            self.limit_on = not self.limit_on
        elif key == ABOVE_80:
            self.above_80 = not self.above_80
        elif isinstance(key, tuple):
            self._press_row(*key)

    def _press_row(self, what: object, value: object) -> None:
        """A stepper's (key, -1 or +1), or a listed exercise's (action, index)."""
        if not isinstance(value, int):
            return
        if what == "days":
            self.days.press(value)
        elif what == "limit":
            self.limit.press(value)
        elif what == "edit":
            self.editing = value
            self._go(View.EXERCISE)
        elif what == "up" and value > 0:
            self.drafts[value - 1], self.drafts[value] = self.drafts[value], self.drafts[value - 1]
        elif what == "remove":
            del self.drafts[value]
        self.exercise_page = min(self.exercise_page, self._exercise_pages() - 1)

    def _exercise_pages(self) -> int:
        return max(1, -(-len(self.drafts) // ROWS_PER_PAGE))

    def _save(self) -> None:
        """Refuse with the first reason, exactly as ``grip-station program set`` words it."""
        player = self.player
        assert player is not None
        results = latest_results(self.ctx.db, player.id)
        exercises, untested = [], []
        for number, draft in enumerate(self.drafts, start=1):
            try:
                exercise = self._checked(draft, results)
            except InvalidExercise as error:
                self.say(f"Exercise {number} refused: {error}")
                return
            exercises.append(exercise)
            if logged_max(results, exercise.sensor, exercise.hand, exercise.pinch_type) is None:
                untested.append(f"{exercise.sensor} {exercise.hand}")
        try:
            limits = ForceLimits(self.limit.value if self.limit_on else None, self.above_80)
            program = Program(tuple(exercises), round(self.days.value), limits)
        except InvalidExercise as error:
            self.say(f"Program refused: {error}")
            return
        save_program(self.ctx.db, player.id, program)
        note = ""
        if untested:
            note = f" No max-force test yet for {', '.join(dict.fromkeys(untested))}."
        self.say(f"Saved a new program for {player.nickname}.{note}", ok=True)

    def _checked(self, draft: ExerciseDraft, results: Sequence[HandResult]) -> Exercise:
        """The command line's checks: the game's sensor fitted, the target reachable."""
        game = self.games.get(draft.game)
        if game is None:
            raise InvalidExercise(f"This station has no sensor fitted for the game {draft.game}.")
        exercise = draft.build(game.sensor)
        check_for_station(exercise, self.ctx.capacities, results)
        return exercise

    # -- one exercise ----------------------------------------------------------------------------

    def _press_exercise(self, key: object) -> None:
        draft = self.drafts[self.editing]
        if key == DONE:
            self._go(View.PROGRAM)
        elif key == REMOVE_THIS:
            del self.drafts[self.editing]
            self._go(View.PROGRAM)
            self.exercise_page = min(self.exercise_page, self._exercise_pages() - 1)
        elif key in (LEFT, RIGHT):
            draft.hand = str(key)
        elif isinstance(key, tuple):
            what, value = key
            if what == "game":
                draft.game = str(value)
            elif what == "pinch":
                draft.pinch_type = str(value)
            elif what == "unit":
                draft.unit = Unit(value)
            else:
                stepper = next(s for s in draft.steppers() if s.key == what)
                stepper.press(value if isinstance(value, int) else 0)

    # -- layout --------------------------------------------------------------------------------

    def layout(self, body: pygame.Rect) -> list[kit.Button]:
        if self.view is View.PLAYERS:
            tiles, strip = split_bottom(body, 0.18)
            arrows = pygame.Rect(strip.centerx, strip.y, strip.w // 2, strip.h)
            return [
                *player_buttons(self.players, tiles, self.page),
                *page_buttons(arrows, self.page, len(self.players)),
            ]
        if self.view is View.PROGRAM:
            return self._program_buttons(body)
        return self._exercise_buttons(body)

    def _program_areas(
        self, body: pygame.Rect
    ) -> tuple[list[pygame.Rect], pygame.Rect, pygame.Rect, int]:
        gap = max(4, body.h // 40)
        listing, strip = split_bottom(body, 0.3)
        settings, actions = kit.column(strip, 2, gap)
        return kit.column(listing, ROWS_PER_PAGE, gap), settings, actions, gap

    def _program_buttons(self, body: pygame.Rect) -> list[kit.Button]:
        rows, settings, actions, gap = self._program_areas(body)
        buttons: list[kit.Button] = []
        first = self.exercise_page * ROWS_PER_PAGE
        for index, rect in enumerate(rows, start=first):
            if index >= len(self.drafts):
                break
            cells = _right_cells(rect, 3, gap)
            labels = (("Edit", "edit"), ("Up", "up"), ("Remove", "remove"))
            for cell, (label, what) in zip(cells, labels, strict=True):
                enabled = what != "up" or index > 0
                buttons.append(kit.Button(cell, label, (what, index), enabled=enabled))
        days, limit = _settings_split(settings, gap)
        buttons += self.days.buttons(days)
        toggle = _right_cells(limit, 1, gap, width=3)[0]
        buttons.append(
            kit.Button(toggle, "Remove limit" if self.limit_on else "Set a limit", LIMIT_ON)
        )
        if self.limit_on:
            buttons += self.limit.buttons(_left_of(limit, toggle, gap))
        pager = self._exercise_pages() > 1
        cells = kit.row(actions, 5 if pager else 3, gap)
        above = "Above 80%: allowed" if self.above_80 else "Above 80%: no"
        buttons += [
            kit.Button(cells[0], above, ABOVE_80),
            kit.Button(cells[1], "Add exercise", ADD),
            kit.Button(cells[-1], "Save", SAVE, kit.PRIMARY),
        ]
        if pager:
            last = self._exercise_pages() - 1
            buttons.append(kit.Button(cells[2], "<", PREV, enabled=self.exercise_page > 0))
            buttons.append(kit.Button(cells[3], ">", NEXT, enabled=self.exercise_page < last))
        return buttons

    def _exercise_rows(self, body: pygame.Rect) -> tuple[list[pygame.Rect], int, int]:
        gap = max(4, body.h // 40)
        return kit.column(body, 6, gap), round(body.w * 0.16), gap

    def _exercise_buttons(self, body: pygame.Rect) -> list[kit.Button]:
        draft = self.drafts[self.editing]
        rows, label_w, gap = self._exercise_rows(body)
        game_row, hand_row, target_row = (_after_label(r, label_w) for r in rows[:3])
        steps_a, steps_b, actions = rows[3:]
        buttons = []
        for cell, game in zip(
            kit.row(game_row, len(self.games), gap), self.games.values(), strict=True
        ):
            lit = kit.PRIMARY if game.key == draft.game else kit.BUTTON
            buttons.append(kit.Button(cell, game.title, ("game", game.key), lit))
        pinch = self.games.get(draft.game) is not None and self.games[draft.game].sensor == PINCH
        choices: list[tuple[str, object, bool]] = [
            ("Left hand", LEFT, draft.hand == LEFT),
            ("Right hand", RIGHT, draft.hand == RIGHT),
        ]
        if pinch:
            choices += [(f"{t} pinch", ("pinch", t), draft.pinch_type == t) for t in PINCH_TYPES]
        for cell, (label, key, chosen) in zip(
            kit.row(hand_row, len(choices), gap), choices, strict=True
        ):
            buttons.append(kit.Button(cell, label, key, kit.PRIMARY if chosen else kit.BUTTON))
        units = pygame.Rect(target_row.x, target_row.y, target_row.w * 2 // 5, target_row.h)
        for cell, unit in zip(kit.row(units, len(Unit), gap), Unit, strict=True):
            colour = kit.PRIMARY if unit is draft.unit else kit.BUTTON
            buttons.append(kit.Button(cell, unit.value, ("unit", unit.value), colour))
        buttons += draft.target.buttons(_right_of(target_row, units, gap))
        for row, pair in ((steps_a, (draft.hold, draft.reps)), (steps_b, (draft.sets, draft.rest))):
            for cell, stepper in zip(kit.row(row, 2, 4 * gap), pair, strict=True):
                buttons += stepper.buttons(cell)
        done, remove = kit.row(actions, 2, gap)
        return [
            *buttons,
            kit.Button(done, "Done", DONE, kit.PRIMARY),
            kit.Button(remove, "Remove this exercise", REMOVE_THIS, kit.DANGER),
        ]

    # -- drawing ---------------------------------------------------------------------------------

    def draw_body(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        if self.view is View.PLAYERS:
            draw_player_tiles(surface, self.buttons, self.players)
            if not self.players:
                kit.draw_text(surface, "No players yet: add one under Players.", body)
        elif self.view is View.PROGRAM:
            self._draw_program(surface, body)
        else:
            self._draw_exercise(surface, body)

    def _draw_program(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        rows, settings, _actions, gap = self._program_areas(body)
        first = self.exercise_page * ROWS_PER_PAGE
        for index, rect in enumerate(rows, start=first):
            if index >= len(self.drafts):
                break
            cells = _right_cells(rect, 3, gap)
            text = _left_of(rect, cells[0], gap).inflate(0, -rect.h // 3)
            kit.FONTS.draw(surface, self._summary(index), text, kit.TEXT, sample="8. " + "W" * 30)
        if not self.drafts:
            kit.draw_text(surface, "No exercises: add one.", rows[0], kit.MUTED)
        days, limit = _settings_split(settings, gap)
        self.days.draw(surface, days)
        toggle = _right_cells(limit, 1, gap, width=3)[0]
        if self.limit_on:
            self.limit.draw(surface, _left_of(limit, toggle, gap))
        else:
            text = _left_of(limit, toggle, gap).inflate(0, -limit.h // 3)
            kit.draw_text(surface, "No force limit", text, kit.MUTED)

    def _summary(self, index: int) -> str:
        draft = self.drafts[index]
        game = self.games.get(draft.game)
        title = draft.game if game is None else game.title
        pinch = f" {draft.pinch_type} pinch" if game is not None and game.sensor == PINCH else ""
        target = draft.target.text + (" of max" if draft.unit is Unit.PERCENT else "")
        return (
            f"{index + 1}. {title}, {draft.hand}{pinch}: {target}, hold {draft.hold.text}, "
            f"{draft.sets.text} x {draft.reps.text}, rest {draft.rest.text}"
        )

    def _draw_exercise(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        draft = self.drafts[self.editing]
        rows, label_w, gap = self._exercise_rows(body)
        for rect, label in zip(rows, ("Game", "Hand", "Target"), strict=False):
            cell = pygame.Rect(rect.x, rect.y, label_w - gap, rect.h).inflate(0, -rect.h // 3)
            kit.FONTS.draw(surface, label, cell, kit.MUTED, sample="Target")
        target_row = _after_label(rows[2], label_w)
        units = pygame.Rect(target_row.x, target_row.y, target_row.w * 2 // 5, target_row.h)
        draft.target.draw(surface, _right_of(target_row, units, gap))
        for row, pair in ((rows[3], (draft.hold, draft.reps)), (rows[4], (draft.sets, draft.rest))):
            for cell, stepper in zip(kit.row(row, 2, 4 * gap), pair, strict=True):
                stepper.draw(surface, cell)


def _right_cells(
    rect: pygame.Rect, count: int, gap: int, *, width: float = 1.6
) -> list[pygame.Rect]:
    """``count`` buttons at the right end of a row, each ``width`` times the row's height."""
    w = round(rect.h * width)
    left = rect.right - count * w - (count - 1) * gap
    return [pygame.Rect(left + i * (w + gap), rect.y, w, rect.h) for i in range(count)]


def _settings_split(rect: pygame.Rect, gap: int) -> tuple[pygame.Rect, pygame.Rect]:
    """Days a week on the left, the force limit (which needs its toggle too) on the right."""
    days = pygame.Rect(rect.x, rect.y, rect.w * 2 // 5 - gap, rect.h)
    return days, _right_of(rect, days, gap)


def _after_label(rect: pygame.Rect, label_w: int) -> pygame.Rect:
    return pygame.Rect(rect.x + label_w, rect.y, rect.w - label_w, rect.h)


def _left_of(rect: pygame.Rect, cell: pygame.Rect, gap: int) -> pygame.Rect:
    return pygame.Rect(rect.x, rect.y, cell.x - gap - rect.x, rect.h)


def _right_of(rect: pygame.Rect, cell: pygame.Rect, gap: int) -> pygame.Rect:
    return pygame.Rect(cell.right + gap, rect.y, rect.right - cell.right - gap, rect.h)
