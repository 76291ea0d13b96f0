"""The calibration wizard driven headless through taps against emulated HX711 chips.

The chips run on the wall clock in their own process, so each reading waits for real
samples (a short reading time keeps that under a second); the frames the app polls are
the only way the wizard sees them, as on the box.
"""

from __future__ import annotations

import pygame
import pytest

from hardware.calibration import MIN_KNOWN_MASS_G
from hardware.chip_source import ChipSource
from hardware.sampler import emulated_cell
from hardware.spec import DEFAULT_SPECS, STANDARD_GRAVITY
from station.app.sensors import emulated_calibrations
from station.screens.therapist import kit
from station.screens.therapist.calibrate import CalibrateScene, Stage
from station.screens.therapist.live import TherapistLiveScene
from station.screens.therapist.menu import TherapistMenu
from station.storage import current_calibrations
from tests.support.app import App

pytestmark = pytest.mark.realtime
GRIP = DEFAULT_SPECS[0]
READ_S = 0.4


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


class LoadCells(ChipSource):
    """Emulated chips that say they are load cells: the test places the weights by hand
    (``weigh``), as a therapist does, and may wire the cell backwards or mis-type a mass."""

    def __init__(self) -> None:
        super().__init__(DEFAULT_SPECS, "emulated", emulated_calibrations(DEFAULT_SPECS))
        self.simulated = False
        self.sign = 1.0

    def weigh(self, grams: float) -> None:
        self.set_force(GRIP.name, self.sign * grams / 1000 * STANDARD_GRAVITY)


def open_wizard(app: App) -> CalibrateScene:
    app.ctx.sensor_setup = app.setup  # what PlayContext is to carry
    app.shell.stack.push(TherapistMenu(app.ctx))
    app.frame()
    app.shell.stack.push(CalibrateScene(app.ctx, read_for_s=READ_S, settle_s=0.1))
    app.frame()
    scene = app.top
    assert isinstance(scene, CalibrateScene)
    app.run_until(lambda: app.ctx.reading.latest["grip"].health.usable, within_s=600)
    return scene


def button(app: App, key: object) -> kit.Button:
    found = [b for b in app.top.buttons if b.key == key]
    assert found, f"no button {key!r} at {app.top.stage}: {[b.key for b in app.top.buttons]}"
    return found[0]


def tap(app: App, key: object) -> None:
    target = button(app, key)
    assert target.enabled, f"{key!r} is disabled"
    app.tap(target.rect.center)


def read(app: App, scene: CalibrateScene) -> None:
    """Press the stage's read button and wait (in frames) for the reading to end."""
    tap(app, "read")
    app.run_until(lambda: scene.reading is None, within_s=3000)


def set_mass(app: App, scene: CalibrateScene, grams: float) -> None:
    stepper = scene.masses[scene.stage]
    assert grams % stepper.step == 0 and stepper.low <= grams <= stepper.high
    while stepper.value != grams:
        tap(app, (stepper.key, 1 if stepper.value < grams else -1))


def fits(app: App, scene: CalibrateScene) -> None:
    screen = app.surface.get_rect()
    rects = [b.rect for b in scene.buttons]
    assert rects and all(screen.contains(r) for r in rects), (scene.stage, rects)
    assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


@pytest.mark.parametrize("size", [(800, 480), (1920, 1080)])
def test_emulated_chips_calibrate_to_the_end_and_nothing_is_saved(folder, size):
    app = App(folder, sensors="emulated", size=size)
    try:
        scene = open_wizard(app)
        fits(app, scene)
        tap(app, ("sensor", "grip"))
        fits(app, scene)
        read(app, scene)
        cell = emulated_cell(GRIP, 0)
        assert scene.stage is Stage.SPAN, scene.message
        assert scene.offset == pytest.approx(cell.offset_counts, abs=60)
        set_mass(app, scene, 5000)
        fits(app, scene)
        read(app, scene)
        assert scene.stage is Stage.CHECK, scene.message
        assert 1 / scene.calibration.newtons_per_count == pytest.approx(
            cell.counts_per_newton, rel=0.003
        )
        set_mass(app, scene, 2000)
        read(app, scene)
        assert scene.stage is Stage.DONE, scene.message
        assert abs(scene.check.error_fs) <= 0.01
        assert "goal met" in scene.message
        fits(app, scene)
        assert not button(app, "save").enabled
        assert any("SIMULATED" in line for line in scene.instructions())
        assert current_calibrations(app.db) == {}
        tap(app, "back")
        assert app.setup.force_input is app.setup.source  # the hands press the chips again
    finally:
        app.close()


def test_refusals_are_shown_with_their_reasons_and_a_good_one_is_saved(folder):
    cells = LoadCells()
    app = App(folder, source=lambda _clock: cells)
    try:
        scene = open_wizard(app)
        tap(app, ("sensor", "grip"))
        read(app, scene)
        assert scene.stage is Stage.SPAN, scene.message
        # too light, refused before any reading
        set_mass(app, scene, 0)
        tap(app, "read")
        assert scene.reading is None and "more than 0 g" in scene.message
        # the weight on a cell wired backwards
        set_mass(app, scene, 5000)
        cells.sign = -1.0
        cells.weigh(5000)
        read(app, scene)
        assert scene.stage is Stage.SPAN and "wired backwards" in scene.message
        assert "A+" in scene.message
        # the weight held off the sensor: too small a span
        cells.sign = 1.0
        cells.weigh(20)
        read(app, scene)
        assert scene.stage is Stage.SPAN and "barely changed the reading" in scene.message
        # a good span, then a check with the same mass, then a mis-typed second mass
        cells.weigh(5000)
        read(app, scene)
        assert scene.stage is Stage.CHECK, scene.message
        set_mass(app, scene, 5000)
        read(app, scene)
        assert "different mass" in scene.message and scene.stage is Stage.CHECK
        set_mass(app, scene, 3000)
        cells.weigh(5000)  # 3000 g typed, 5000 g on the sensor: 2 kg off, 2.2% of 90 kg
        read(app, scene)
        assert "beyond the 2% allowed" in scene.message and "+2.2%" in scene.message
        assert scene.stage is Stage.SPAN and current_calibrations(app.db) == {}
        # again, properly
        cells.weigh(5000)
        read(app, scene)
        set_mass(app, scene, 3000)
        cells.weigh(3000)
        read(app, scene)
        assert scene.stage is Stage.DONE, scene.message
        assert abs(scene.check.error_fs) <= 0.01
        tap(app, "save")
        assert scene.saved and "Saved" in scene.message
        stored = current_calibrations(app.db)["grip"]
        assert stored.known_mass_g == 5000
        assert stored.offset_counts == scene.offset
        assert cells.calibrations["grip"] == stored  # in use from now on
    finally:
        app.close()


def test_an_unplugged_sensor_is_refused_with_the_way_to_fix_it(folder):
    from hardware.hx711_emulator import Fault  # noqa: PLC0415

    app = App(folder, sensors="emulated")
    try:
        scene = open_wizard(app)
        tap(app, ("sensor", "pinch"))
        read(app, scene)
        assert scene.stage is Stage.SPAN, scene.message
        set_mass(app, scene, 50)
        tap(app, "read")
        assert scene.reading is None and f"at least {MIN_KNOWN_MASS_G:g} g" in scene.message
        app.setup.source.set_fault("pinch", Fault.DOUT_STUCK_HIGH)
        app.run_until(lambda: not app.ctx.reading.latest["pinch"].health.usable, within_s=3000)
        tap(app, "read")
        assert scene.reading is None and "doctor" in scene.message
    finally:
        app.close()


def test_virtual_sensors_have_nothing_to_calibrate(folder):
    app = App(folder, sensors="virtual")
    try:
        app.ctx.sensor_setup = app.setup
        app.shell.stack.push(CalibrateScene(app.ctx))
        app.frame()
        assert "no HX711" in app.top.message
        assert [b.key for b in app.top.buttons] == ["back", "logout"]
    finally:
        app.close()


@pytest.mark.parametrize("size", [(800, 480), (1920, 1080)])
def test_the_live_view_shows_both_sensors_inside_therapist_mode(folder, size):
    app = App(folder, sensors="virtual", size=size)
    try:
        app.ctx.sensor_setup = app.setup
        app.shell.stack.push(TherapistMenu(app.ctx))
        app.frame()
        tap(app, "live")
        scene = app.top
        assert isinstance(scene, TherapistLiveScene)
        app.ctx.hands["grip"].press(0.5)
        app.run(1.0)
        assert scene.live.histories["grip"].peak_n() > 40
        assert scene.live.histories["pinch"].peak_n() == pytest.approx(0, abs=0.5)
        body = pygame.Rect(0, scene.buttons[0].rect.bottom, *size)
        panels = [p.panel.move(0, body.y) for p in scene.live.layout.panels]
        assert [p.sensor for p in scene.live.layout.panels] == ["grip", "pinch"]
        assert all(app.surface.get_rect().contains(p) for p in panels)
        assert "SPACE: grip" in scene.live.hint and "half" not in scene.live.hint
        fits(app, scene)
        tap(app, "back")
        assert isinstance(app.top, TherapistMenu)
    finally:
        app.close()
