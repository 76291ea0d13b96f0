"""Reference pictures: small rendering wobble passes, a real change fails and shows where,
and a missing picture fails until someone makes it on purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
import pytest

from tests.support import reference
from tests.support.reference import MissingReference, ReferenceMismatch, assert_matches_reference


def scene(size=(200, 100)) -> pygame.Surface:
    surface = pygame.Surface(size)
    surface.fill((30, 120, 220))
    pygame.draw.circle(surface, (255, 200, 40), (100, 50), 30)
    return surface


@pytest.fixture
def diff_dir(tmp_path, monkeypatch):
    folder = tmp_path / "diffs"
    monkeypatch.setattr(reference, "DIFF_DIR", folder)
    monkeypatch.delenv("UPDATE_REFERENCES", raising=False)
    return folder


@pytest.fixture
def make_reference(tmp_path: Path, diff_dir, monkeypatch) -> Callable[[pygame.Surface, str], None]:
    """Write a reference the one sanctioned way, UPDATE_REFERENCES=1, then switch it off."""

    def make(surface: pygame.Surface, name: str) -> None:
        monkeypatch.setenv("UPDATE_REFERENCES", "1")
        with pytest.warns(UserWarning, match="wrote reference"):
            assert_matches_reference(surface, name, directory=tmp_path)
        monkeypatch.delenv("UPDATE_REFERENCES")

    return make


def test_a_missing_reference_fails_and_says_how_to_make_it(tmp_path, diff_dir):
    with pytest.raises(MissingReference, match="UPDATE_REFERENCES=1") as failure:
        assert_matches_reference(scene(), "game/start", directory=tmp_path)
    assert "look at the picture and commit it" in str(failure.value)
    assert not (tmp_path / "game" / "start.png").exists(), "nothing written behind our back"
    assert isinstance(failure.value, AssertionError), "pytest reports it as a failed test"


def test_update_references_writes_a_missing_picture_which_is_then_used(tmp_path, make_reference):
    make_reference(scene(), "game/start")
    assert (tmp_path / "game" / "start.png").is_file()
    assert_matches_reference(scene(), "game/start", directory=tmp_path)


def test_slight_antialiasing_differences_pass(tmp_path, make_reference):
    make_reference(scene(), "s")
    wobbly = scene()
    for x in range(70, 130, 3):
        r, g, b, _ = wobbly.get_at((x, 50))
        wobbly.set_at((x, 50), (max(0, r - 20), g, b))
    assert_matches_reference(wobbly, "s", directory=tmp_path)


def test_a_visible_change_fails_and_saves_a_diff_picture(tmp_path, diff_dir, make_reference):
    make_reference(scene(), "s")
    moved = scene()
    pygame.draw.circle(moved, (30, 120, 220), (100, 50), 30)
    pygame.draw.circle(moved, (255, 200, 40), (140, 50), 30)
    with pytest.raises(ReferenceMismatch, match=r"pixels differ") as failure:
        assert_matches_reference(moved, "s", directory=tmp_path)
    diff = pygame.image.load(diff_dir / "s-diff.png")
    assert str(diff_dir / "s-diff.png") in str(failure.value)
    assert diff.get_at((160, 50))[:3] == reference.DIFF_MARK, "where the ball went"
    assert diff.get_at((5, 5))[:3] != reference.DIFF_MARK, "the unchanged sky"
    assert (diff_dir / "s-actual.png").is_file()


def test_a_different_screen_size_is_named_in_the_failure(tmp_path, make_reference):
    make_reference(scene(), "s")
    with pytest.raises(ReferenceMismatch, match="200x100"):
        assert_matches_reference(scene((300, 100)), "s", directory=tmp_path)


def test_update_references_rewrites_the_picture(tmp_path, make_reference):
    make_reference(scene(), "s")
    changed = scene()
    changed.fill((0, 0, 0))
    make_reference(changed, "s")
    assert_matches_reference(changed, "s", directory=tmp_path)
    with pytest.raises(ReferenceMismatch):
        assert_matches_reference(scene(), "s", directory=tmp_path)


def test_names_cannot_escape_the_reference_folder(tmp_path):
    with pytest.raises(ValueError, match=r"without '\.\.'"):
        assert_matches_reference(scene(), "../outside", directory=tmp_path)


def test_transparent_surfaces_compare_like_the_screen_they_would_make(tmp_path, make_reference):
    make_reference(scene(), "s")
    layered = pygame.Surface((200, 100), pygame.SRCALPHA)
    layered.blit(scene(), (0, 0))
    assert_matches_reference(layered, "s", directory=tmp_path)


def test_the_references_live_with_the_tests_not_in_the_shipped_games():
    assert Path(__file__).resolve().parent / "reference" == reference.REFERENCE_DIR
    assert (reference.REFERENCE_DIR / "kit" / "pause_800x480.png").is_file()
    games = Path(__file__).resolve().parents[1] / "games"
    assert not list(games.rglob("reference*.py"))
