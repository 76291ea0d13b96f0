"""The direction of imports, read from every module's source with ``ast``.

A folder's name says what it may import: ``hardware`` and ``games`` never reach into the
station, games never touch the hardware, the pure rooms never draw, and each room of
``station`` imports only the rooms below it. Lazy imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import hardware

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("hardware", "games", "station")

STATION_ROOMS_BELOW = {
    "clinic": set(),
    "storage": {"clinic"},
    "reports": {"clinic", "storage"},
    "play": {"clinic", "storage"},
    "screens": {"clinic", "storage", "reports", "play"},
    "console": {"clinic", "storage", "play"},
    "app": {"clinic", "storage", "reports", "play", "screens", "console"},
    "commands": {"clinic", "storage", "reports", "play", "screens", "console", "app"},
}
"""Each room of ``station`` and the rooms it may import (``station.paths`` is for all)."""
PURE = ("station.clinic", "station.storage", "station.reports", "station.play", "station.console")
"""Logic a test runs without a display: no pygame, directly or lazily."""


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_of(path: Path, module: str) -> set[str]:
    """Every module ``path`` imports, absolute, including ``from . import x`` forms."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


MODULES = modules()


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def offences(rule: str) -> list[str]:
    found = []
    for module, path in MODULES.items():
        for imported in imports_of(path, module):
            if rule == "hardware" and within(module, "hardware") and within(imported, "station"):
                found.append(f"{module} imports {imported}")
            if (
                rule == "games"
                and within(module, "games")
                and (within(imported, "station") or within(imported, "hardware"))
            ):
                found.append(f"{module} imports {imported}")
            if (
                rule == "pure"
                and any(within(module, room) for room in PURE)
                and within(imported, "pygame")
            ):
                found.append(f"{module} imports {imported}")
    return found


@pytest.mark.parametrize("rule", ["hardware", "games", "pure"])
def test_the_packages_import_in_one_direction(rule):
    assert offences(rule) == []


def test_each_station_room_imports_only_the_rooms_below_it():
    wrong = []
    for module, path in MODULES.items():
        parts = module.split(".")
        if len(parts) < 3 or parts[0] != "station" or parts[1] not in STATION_ROOMS_BELOW:
            continue
        room, allowed = parts[1], STATION_ROOMS_BELOW[parts[1]]
        for imported in imports_of(path, module):
            if not within(imported, "station") or imported in ("station", "station.paths"):
                continue
            target = imported.split(".")
            if target[1] == room:
                continue
            if not any(within(".".join(target[1:]), other) for other in allowed):
                wrong.append(f"{module} ({room}) imports {imported}")
    assert wrong == []


def test_every_room_says_what_it_may_import():
    for room in STATION_ROOMS_BELOW:
        if not (ROOT / "station" / room).is_dir():
            continue
        doc = ast.get_docstring(ast.parse((ROOT / "station" / room / "__init__.py").read_text()))
        assert doc and "import" in doc, f"station/{room}/__init__.py must say what it may import"


def test_the_rules_catch_a_wrong_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def later():\n    import pygame\n    from station.app import cli\n")
    found = imports_of(bad, "station.clinic.bad")
    assert "pygame" in found and "station.app.cli" in found


def test_the_station_uses_the_hardware_through_its_face_only():
    """Like gpiozero's package, ``hardware/__init__`` is its one public face."""
    wrong = []
    for module, path in MODULES.items():
        if not within(module, "station"):
            continue
        for imported in imports_of(path, module):
            if within(imported, "hardware") and imported.count(".") > 1:
                wrong.append(f"{module} imports {imported}")
            elif within(imported, "hardware") and imported != "hardware":
                name = imported.split(".", 1)[1]
                if name not in hardware.__all__:
                    wrong.append(f"{module} imports {imported}")
    assert wrong == []
    for name in hardware.__all__:
        assert getattr(hardware, name) is not None, name
