"""The therapist menu: everything a therapist does on the box, one press away."""

from __future__ import annotations

import importlib

import pygame

from station.screens import ui
from station.screens.therapist import kit
from station.screens.therapist.base import TherapistScene

ITEMS = (
    ("Players", "players", "PlayersScene"),
    ("Programs", "programs", "ProgramsScene"),
    ("Max-force test", "assess", "AssessScene"),
    ("Calibrate sensors", "calibrate", "CalibrateScene"),
    ("Live forces", "live", "TherapistLiveScene"),
    ("Progress", "progress", "ProgressScene"),
    ("Reports and export", "reports", "ReportsScene"),
)
"""Label, module of ``station.screens.therapist`` and its scene, in the menu's order."""


class TherapistMenu(TherapistScene):
    title = "Therapist mode"
    name = "therapist menu"

    def on_press(self, key: object) -> None:
        for _label, module, scene in ITEMS:
            if key == module and self.stack is not None:
                found = importlib.import_module(f"station.screens.therapist.{module}")
                self.stack.push(getattr(found, scene)(self.ctx))

    def layout(self, body: pygame.Rect) -> list[kit.Button]:
        cells = ui.grid(body, len(ITEMS), 2, body.h // 30)
        return [
            kit.Button(cell, label, module)
            for cell, (label, module, _scene) in zip(cells, ITEMS, strict=True)
        ]
