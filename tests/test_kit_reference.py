"""Reference pictures: small rendering wobble passes, a real change fails and shows where."""

from __future__ import annotations

import pygame
import pytest

from games.kit import reference
from games.kit.reference import ReferenceMismatch, assert_matches_reference


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


def test_a_missing_reference_is_written_with_a_warning_and_then_used(tmp_path, diff_dir):
    with pytest.warns(UserWarning, match="wrote reference"):
        assert_matches_reference(scene(), "game/start", directory=tmp_path)
    assert (tmp_path / "game" / "start.png").is_file()
    assert_matches_reference(scene(), "game/start", directory=tmp_path)


def test_slight_antialiasing_differences_pass(tmp_path, diff_dir):
    with pytest.warns(UserWarning):
        assert_matches_reference(scene(), "s", directory=tmp_path)
    wobbly = scene()
    for x in range(70, 130, 3):
        r, g, b, _ = wobbly.get_at((x, 50))
        wobbly.set_at((x, 50), (max(0, r - 20), g, b))
    assert_matches_reference(wobbly, "s", directory=tmp_path)


def test_a_visible_change_fails_and_saves_a_diff_picture(tmp_path, diff_dir):
    with pytest.warns(UserWarning):
        assert_matches_reference(scene(), "s", directory=tmp_path)
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


def test_a_different_screen_size_is_named_in_the_failure(tmp_path, diff_dir):
    with pytest.warns(UserWarning):
        assert_matches_reference(scene(), "s", directory=tmp_path)
    with pytest.raises(ReferenceMismatch, match="200x100"):
        assert_matches_reference(scene((300, 100)), "s", directory=tmp_path)


def test_update_references_rewrites_the_picture(tmp_path, diff_dir, monkeypatch):
    with pytest.warns(UserWarning):
        assert_matches_reference(scene(), "s", directory=tmp_path)
    changed = scene()
    changed.fill((0, 0, 0))
    monkeypatch.setenv("UPDATE_REFERENCES", "1")
    with pytest.warns(UserWarning, match="wrote reference"):
        assert_matches_reference(changed, "s", directory=tmp_path)
    monkeypatch.delenv("UPDATE_REFERENCES")
    assert_matches_reference(changed, "s", directory=tmp_path)
    with pytest.raises(ReferenceMismatch):
        assert_matches_reference(scene(), "s", directory=tmp_path)


def test_names_cannot_escape_the_reference_folder(tmp_path):
    with pytest.raises(ValueError, match=r"without '\.\.'"):
        assert_matches_reference(scene(), "../outside", directory=tmp_path)


def test_transparent_surfaces_compare_like_the_screen_they_would_make(tmp_path, diff_dir):
    with pytest.warns(UserWarning):
        assert_matches_reference(scene(), "s", directory=tmp_path)
    layered = pygame.Surface((200, 100), pygame.SRCALPHA)
    layered.blit(scene(), (0, 0))
    assert_matches_reference(layered, "s", directory=tmp_path)
