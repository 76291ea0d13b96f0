"""Fractions of the screen to pixels, the shipped font, and the shared HUD pieces."""

from __future__ import annotations

import math

import pygame
import pytest

from games.contract import Band
from games.kit import fonts, hud
from games.kit.layout import Viewport
from tests.support.measure import shapes

SIZES = [(800, 480), (1024, 600), (1280, 720)]
SKY = (90, 170, 250)


def test_fractions_become_pixels_of_each_screen():
    vp = Viewport((1280, 720))
    assert vp.point(0.5, 0.25) == (640, 180)
    assert vp.rect(0.1, 0.2, 0.3, 0.4) == pygame.Rect(128, 144, 384, 288)
    assert vp.h(0.1) == 72 and vp.w(0.1) == 128


def test_adjacent_rectangles_tile_without_gaps_or_overlaps():
    vp = Viewport((1024, 600))
    thirds = [vp.rect(i / 3, 0, 1 / 3, 1) for i in range(3)]
    assert thirds[0].right == thirds[1].left and thirds[1].right == thirds[2].left
    assert thirds[2].right == 1024


@pytest.mark.parametrize("size", SIZES)
def test_lines_and_text_grow_with_the_screen_height(size):
    vp = Viewport(size)
    assert vp.line(3) == max(1, round(3 * size[1] / 480))
    assert vp.font_px(0.1) == round(size[1] / 10)
    assert Viewport((800, 480)).line(0.1) == 1, "a line never vanishes"


def test_an_empty_screen_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match="positive size"):
        Viewport((0, 480))


def test_the_shipped_font_loads_and_sizes_text_by_pixels():
    small, big = fonts.get(20), fonts.get(80)
    assert fonts.get(20) is small, "one font object per size"
    assert big.get_height() > 3 * small.get_height()
    licence = (fonts.assets_dir() / "fonts" / "OFL.txt").read_text()
    assert "Fredoka" in licence and "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_a_missing_font_names_the_folder_it_looked_in(tmp_path, monkeypatch):
    monkeypatch.setenv("GRIP_STATION_ASSETS", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        fonts.font_path()


@pytest.mark.parametrize("restart", [pygame.init, lambda: None], ids=["restarted", "left off"])
def test_fonts_survive_pygame_being_shut_down(restart):
    fonts.get(30)
    pygame.quit()
    restart()
    assert fonts.get(30).size("42")[0] > 0
    assert fonts.render_outlined("7", 30, (255, 255, 255)).get_width() > 0


def test_outlined_text_has_a_dark_rim_around_light_letters():
    text = fonts.render_outlined("8", 60, (255, 255, 255))
    colours = {text.get_at((x, y))[:3] for x in range(text.get_width()) for y in range(10, 50)}
    assert (255, 255, 255) in colours and fonts.OUTLINE in colours


def sky(size=(800, 480)) -> pygame.Surface:
    surface = pygame.Surface(size)
    surface.fill(SKY)
    return surface


@pytest.mark.parametrize("size", SIZES)
def test_progress_dots_show_each_rep_outcome_in_order(size):
    surface = sky(size)
    hud.draw_progress_dots(surface, [True, False], 4)
    dots = shapes(surface, SKY, pygame.Rect(0, 0, size[0], size[1] // 4))
    assert len(dots) == 4
    assert dots[0].centerx < size[0] / 2 < dots[-1].centerx, "centred across the top"
    # Sample just below each centre, clear of the highlight glint.
    spots = [(dot.centerx, dot.centery + dot.height // 6) for dot in dots]
    assert surface.get_at(spots[0])[:3] == hud.GOLD
    assert surface.get_at(spots[1])[:3] == hud.MISS
    assert surface.get_at(spots[2])[:3] == SKY, "a rep still to do is open"


def test_many_reps_still_fit_in_half_the_width():
    surface = sky()
    hud.draw_progress_dots(surface, [], 40)
    row = [surface.get_at((x, 29))[:3] != SKY for x in range(800)]
    touched = [x for x, hit in enumerate(row) if hit]
    assert touched and touched[0] >= 190 and touched[-1] <= 610


def ring_colour_at(surface, center, radius, thickness, angle) -> tuple[int, int, int]:
    mid = radius - thickness / 2
    x = round(center[0] + mid * math.cos(angle))
    y = round(center[1] + mid * math.sin(angle))
    return surface.get_at((x, y))[:3]


@pytest.mark.parametrize(
    ("remaining", "gold_at_degrees", "empty_at_degrees"),
    [
        (1.0, [-90, 0, 90, 180], []),
        (0.25, [-135], [-45, 45, 135]),  # the last quarter: from 9 o'clock up to 12
        (0.0, [], [-90, 0, 90, 180]),
    ],
)
def test_hold_ring_empties_clockwise_from_twelve(remaining, gold_at_degrees, empty_at_degrees):
    surface = sky()
    center, radius, thickness = (400, 240), 80, 20
    hud.draw_hold_ring(surface, center, radius, remaining, thickness=thickness)
    for degrees in gold_at_degrees:
        colour = ring_colour_at(surface, center, radius, thickness, math.radians(degrees))
        assert colour == hud.GOLD, degrees
    for degrees in empty_at_degrees:
        colour = ring_colour_at(surface, center, radius, thickness, math.radians(degrees))
        assert colour != hud.GOLD, degrees


@pytest.mark.parametrize("size", SIZES)
def test_score_sits_top_right_and_scales_with_the_screen(size):
    surface = sky(size)
    area = hud.draw_score(surface, 1234)
    assert area.right <= size[0] and area.top >= 0
    assert area.left > size[0] / 2 and area.bottom < size[1] / 4
    assert area.height == pytest.approx(size[1] * 0.1, rel=0.35)


def test_target_band_covers_the_band_on_an_effort_scale_and_glows_when_lit():
    band = Band(0.8, 1.25)
    area = hud.band_rect(band, lambda effort: 400 - 200 * effort, 100, 700)
    assert (area.top, area.bottom) == (150, 240)
    plain, lit = sky(), sky()
    hud.draw_target_band(plain, area)
    hud.draw_target_band(lit, area, lit=True)
    inside = (400, 200)
    assert plain.get_at(inside)[:3] != SKY
    assert sum(lit.get_at(inside)[:3]) > sum(plain.get_at(inside)[:3]), "lit is brighter"
    assert plain.get_at((400, 300))[:3] == SKY, "nothing drawn outside the band"
