"""Reports and export on the touch screen: a child's PDF and PNG charts, everyone's CSV.

Files go to the first mounted USB stick (a parent or the clinic's office takes them
away), else to the station's own ``reports`` folder; the screen says which before
anything is written, and plainly when no stick is found. Sticks are looked for when a
child is picked and on "Look again" (finding one writes a probe file, so not per frame).
Writing a PDF takes about a second on a Pi: it runs on the frame after the press, once
"Writing…" is on screen, and the screen stands still meanwhile. Each result line says
where the files went, or the reason they could not be written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pygame

from station import paths
from station.play.context import PlayContext
from station.reports import charts, usb
from station.reports.export import ExportError, export_csv
from station.reports.records import load_progress
from station.reports.report import default_name, write_report
from station.screens.therapist import kit
from station.screens.therapist.progress import PlayerScene, now_of, split_bottom
from station.storage import Player

PDF, PNG, CSV, LOOK = "pdf", "png", "csv", "look again"
ACTIONS = ((PDF, "PDF report"), (PNG, "PNG charts"), (CSV, "CSV export (everyone)"))
RESULT_SAMPLE = "PNG charts: 4 files Mia-2025-03-02-*.png in /media/pi/STICK"
"""Result lines share one size; a longer path shrinks only its own line."""


class ReportsScene(PlayerScene):
    pick_title = "Reports: pick a player"
    name = "therapist reports"

    def __init__(
        self,
        ctx: PlayContext,
        *,
        find_sticks: Callable[[], list[Path]] | None = None,
        folder: Path | None = None,
    ) -> None:
        """``find_sticks`` and ``folder`` replace the USB finder and the station's reports
        folder (tests, screenshots); by default both are looked up when needed."""
        super().__init__(ctx)
        self._find_sticks = find_sticks
        self._folder = folder
        self.sticks: list[Path] = []
        self.target = Path()
        """Where this child's files go: the first stick, else the reports folder."""
        self.results: dict[str, tuple[str, bool]] = {}
        """Per action, the line saying where its files went (True) or why not (False)."""

    @property
    def on_stick(self) -> bool:
        return bool(self.sticks)

    def _sticks_now(self) -> list[Path]:
        return (self._find_sticks or usb.find_usb_sticks)()

    def look_for_sticks(self) -> None:
        self.sticks = self._sticks_now()
        local = self._folder or paths.data_dir() / "reports"
        self.target = self.sticks[0] if self.sticks else local

    def open_player(self, player: Player) -> None:
        self.title = f"Reports: {player.nickname}"
        self.results = {}
        self.look_for_sticks()

    def on_player_press(self, key: object) -> None:
        player = self.player
        assert player is not None
        if key == LOOK:
            self.look_for_sticks()
            self.say("USB stick found." if self.on_stick else "Still no USB stick.", ok=True)
        elif key in (PDF, PNG, CSV):
            doing = {
                PDF: f"Writing {player.nickname}'s PDF report…",
                PNG: f"Drawing {player.nickname}'s charts…",
                CSV: "Exporting everyone's records…",
            }[str(key)]
            self.say(doing, ok=True)
            self.later.start(lambda: self._write(player, str(key)))

    # -- writing ---------------------------------------------------------------------------------

    def _write(self, player: Player, action: str) -> None:
        label = dict(ACTIONS)[action]
        start = time.perf_counter()
        try:
            if self.on_stick and self.target not in self._sticks_now():
                # Pulled out since: writing on would fill the empty mount point on the SD card.
                raise ExportError(
                    f"The USB stick {self.target} is gone: plug it in, then Look for a USB stick."
                )
            where = {PDF: self._pdf, PNG: self._pngs, CSV: self._csv}[action](player)
        except ExportError as error:
            self.results[action] = (f"{label}: {error}", False)
            self.say(f"{label} not written: the reason is above.")
            return
        self.results[action] = (f"{label}: {where}", True)
        self.say(f"{label} done in {time.perf_counter() - start:.1f} s.", ok=True)

    def _pdf(self, player: Player) -> str:
        moment = now_of(self.ctx)
        path = self.target / default_name(player, moment.date())
        write_report(self.ctx.db, player, path, now=moment)
        return str(path)

    def _pngs(self, player: Player) -> str:
        moment = now_of(self.ctx)
        stem = Path(default_name(player, moment.date())).stem
        progress = load_progress(self.ctx.db, player, until=moment)
        written = charts.write_chart_pngs(progress, self.target, prefix=f"{stem}-")
        return f"{len(written)} files {stem}-*.png in {self.target}"

    def _csv(self, _player: Player) -> str:
        folder = self.target / f"grip-station-export-{now_of(self.ctx).date().isoformat()}"
        written = export_csv(self.ctx.db, folder)
        rows = sum(written.values())
        return f"{len(written)} files ({rows} rows) in {folder}"

    # -- layout and drawing --------------------------------------------------------------------

    def _areas(self, body: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect, int]:
        """(where-to line, action buttons, result lines, gap)."""
        gap = max(4, body.h // 30)
        where_h = round(body.h * 0.17)
        where = pygame.Rect(body.x, body.y, body.w, where_h)
        rest = pygame.Rect(body.x, where.bottom + gap, body.w, body.h - where_h - gap)
        actions, results = split_bottom(rest, 0.5)
        return where, actions, results, gap

    def player_layout(self, body: pygame.Rect) -> list[kit.Button]:
        where, actions, _results, gap = self._areas(body)
        look = pygame.Rect(0, where.y, round(where.w * 0.28), where.h)
        look.right = where.right
        cells = kit.row(actions, len(ACTIONS), gap)
        return [
            kit.Button(look, "Look for a USB stick", LOOK),
            *(
                kit.Button(cell, label, key, kit.PRIMARY)
                for cell, (key, label) in zip(cells, ACTIONS, strict=True)
            ),
        ]

    def where_text(self) -> tuple[str, str]:
        """What the top line says about the files' destination, and its smaller detail."""
        if not self.sticks:
            return "No USB stick: files go to the station", str(self.target)
        more = f" (the first of {len(self.sticks)})" if len(self.sticks) > 1 else ""
        return f"To the USB stick{more}", str(self.target)

    def draw_player(self, surface: pygame.Surface, body: pygame.Rect) -> None:
        where, _actions, results, gap = self._areas(body)
        text = pygame.Rect(where.x, where.y, round(where.w * 0.72) - gap, where.h)
        head, detail = self.where_text()
        top, bottom = kit.column(text, 2, 2)
        kit.draw_text(surface, head, top, kit.TEXT if self.on_stick else kit.WARNING)
        kit.FONTS.draw(surface, detail, bottom, kit.MUTED, sample=RESULT_SAMPLE)
        rows = kit.column(results, len(ACTIONS), gap // 2)
        for row, (key, label) in zip(rows, ACTIONS, strict=True):
            line, ok = self.results.get(key, (f"{label}: not written yet.", True))
            colour = kit.TEXT if key in self.results and ok else kit.MUTED if ok else kit.WARNING
            kit.FONTS.draw(surface, line, row.inflate(0, -row.h // 4), colour, sample=RESULT_SAMPLE)
