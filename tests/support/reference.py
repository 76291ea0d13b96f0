"""Compare a drawn screen with a stored reference picture, allowing small differences.

Screens are checked as pictures because that is what a child sees; exact equality
would break on every FreeType or SDL update, so two limits apply instead: the mean
per-channel difference, and the share of pixels that differ clearly.

A missing reference fails: a picture nobody has looked at proves nothing, and a check
that writes its own answer would pass on a broken screen. Pictures are made on purpose:
run the test with ``UPDATE_REFERENCES=1`` (which also rewrites existing ones after a
deliberate change), look at each written PNG, and commit it. On a failure the actual
picture and a diff are saved under ``/tmp/reference-diff/``. Test tooling only, so it
lives with the tests rather than in the shipped ``games`` package.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pygame

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
DIFF_DIR = Path("/tmp/reference-diff")

PIXEL_THRESHOLD = 40
"""A pixel "differs" when any channel is off by this much (anti-aliasing wobbles less)."""
DIFF_MARK: tuple[int, int, int] = (255, 0, 255)


class ReferenceMismatch(AssertionError):
    """A screen no longer looks like its reference picture."""


class MissingReference(AssertionError):
    """A screen has no reference picture yet: someone must make one and look at it."""


def _reference_path(directory: Path, name: str) -> Path:
    if not name or ".." in Path(name).parts or Path(name).is_absolute():
        raise ValueError(f"a reference name is a relative path without '..', got {name!r}")
    return directory / f"{name}.png"


def _opaque(surface: pygame.Surface) -> pygame.Surface:
    """A copy in one plain 32-bit format, so pictures from any source compare alike."""
    plain = pygame.Surface(surface.get_size(), 0, 32)
    plain.blit(surface, (0, 0))
    return plain


def _abs_diff(a: pygame.Surface, b: pygame.Surface) -> pygame.Surface:
    """|a - b| per channel, computed by SDL's saturating blits rather than a Python loop."""
    forward = a.copy()
    forward.blit(b, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    backward = b.copy()
    backward.blit(a, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    forward.blit(backward, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    return forward


def _save_failure(name: str, actual: pygame.Surface, differing: pygame.mask.Mask) -> Path:
    base = DIFF_DIR / name
    base.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(actual, f"{base}-actual.png")
    marked = actual.copy()
    marked.fill((90, 90, 90), special_flags=pygame.BLEND_RGB_MULT)
    differing.to_surface(marked, setcolor=DIFF_MARK, unsetcolor=None)
    diff_path = Path(f"{base}-diff.png")
    pygame.image.save(marked, diff_path)
    return diff_path


def assert_matches_reference(
    surface: pygame.Surface,
    name: str,
    tolerance: float = 2.0,
    *,
    max_differing_share: float = 0.01,
    directory: Path = REFERENCE_DIR,
) -> None:
    """Fail unless ``surface`` looks like ``<directory>/<name>.png``.

    ``tolerance`` is the largest mean absolute difference per channel (0-255);
    ``max_differing_share`` the largest share of pixels off by ``PIXEL_THRESHOLD`` or more.
    """
    path = _reference_path(directory, name)
    actual = _opaque(surface)
    if os.environ.get("UPDATE_REFERENCES") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(actual, path)
        warnings.warn(f"wrote reference picture {path}; check it and commit it", stacklevel=2)
        return
    if not path.exists():
        raise MissingReference(
            f"{name}: there is no reference picture {path}. To create it deliberately, run "
            f"this test with UPDATE_REFERENCES=1, then look at the picture and commit it."
        )
    expected = _opaque(pygame.image.load(path))
    if expected.get_size() != actual.get_size():
        raise ReferenceMismatch(
            f"{name}: the screen is {actual.get_width()}x{actual.get_height()} but the "
            f"reference is {expected.get_width()}x{expected.get_height()}"
        )
    diff = _abs_diff(actual, expected)
    width, height = diff.get_size()
    mean = sum(pygame.image.tobytes(diff, "RGB")) / (3 * width * height)
    limit = (PIXEL_THRESHOLD,) * 3 + (255,)
    same = pygame.mask.from_threshold(diff, (0, 0, 0, 255), limit)
    share = 1.0 - same.count() / (width * height)
    if mean > tolerance or share > max_differing_share:
        same.invert()
        diff_path = _save_failure(name, actual, same)
        raise ReferenceMismatch(
            f"{name}: mean difference {mean:.2f} (allowed {tolerance}), "
            f"{share:.2%} of pixels differ (allowed {max_differing_share:.2%}); "
            f"see {diff_path}"
        )
