"""The pause card and the celebration: how they look, and when they go away."""

from __future__ import annotations

import pygame
import pytest

from games.contract import NS_PER_S, GameEvent, GameInput
from games.kit import hud
from games.kit.actions import Phase, Pointer
from games.kit.cards import (
    DURATION_S,
    PLUG,
    SKIP_AFTER_S,
    STAR_POP_S,
    STAR_TIMES_S,
    Celebration,
    PauseCard,
)
from games.kit.layout import Viewport
from games.kit.scene import Scene
from games.kit.stack import SceneStack
from tests.support.reference import assert_matches_reference

SIZES = [(800, 480), (1024, 600), (1280, 720)]
STEP = 8_333_333
IDLE = GameInput(0, 0.0, sensor_ok=False)
GAME_GREEN = (40, 200, 90)


class FrozenGame(Scene):
    """A stand-in play field: green grass and a red ball in the middle."""

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        return []

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(GAME_GREEN)
        w, h = surface.get_size()
        pygame.draw.circle(surface, (230, 60, 60), (w // 5, h // 2), h // 8)
        hud.draw_score(surface, 120)
        hud.draw_progress_dots(surface, [True, False, True], 8)


class FakeSounds:
    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


def advance(scene: Scene, seconds: float) -> None:
    for _ in range(round(seconds * NS_PER_S / STEP)):
        scene.update(STEP, IDLE)


def paused_game() -> tuple[SceneStack, PauseCard]:
    card = PauseCard()
    stack = SceneStack(FrozenGame())
    stack.push(card)
    return stack, card


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_pause_card_looks_right(size):
    _, card = paused_game()
    advance(card, 0.9)
    surface = pygame.Surface(size)
    card.draw(surface)
    assert_matches_reference(surface, f"kit/pause_{size[0]}x{size[1]}", tolerance=3.0)


@pytest.mark.parametrize("size", [(800, 480), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_getting_ready_card_looks_right(size):
    _, card = paused_game()
    card.starting = True
    advance(card, 1.5)
    surface = pygame.Surface(size)
    card.draw(surface)
    assert_matches_reference(surface, f"kit/pause_starting_{size[0]}x{size[1]}", tolerance=3.0)


def plug_pixels(card: PauseCard, seconds: float) -> int:
    """How much of the plug's blue is on screen after ``seconds`` of the card."""
    advance(card, seconds)
    surface = pygame.Surface((800, 480))
    card.draw(surface)
    return pygame.mask.from_threshold(surface, (*PLUG, 255), (1, 1, 1, 255)).count()


def test_only_a_lost_sensor_shows_the_plug():
    _, waking = paused_game()
    waking.starting = True
    assert [plug_pixels(waking, 0.7) for _ in range(4)] == [0, 0, 0, 0]
    _, lost = paused_game()
    assert min(plug_pixels(lost, 0.7) for _ in range(4)) > 500


def test_the_card_can_change_its_picture_while_it_is_up():
    _, card = paused_game()
    card.starting = True
    assert plug_pixels(card, 0.5) == 0
    card.starting = False
    assert plug_pixels(card, 0.5) > 500


def test_both_pictures_move_only_inside_the_card_at_800x480():
    pictures = []
    for starting in (True, False):
        _, card = paused_game()
        card.starting = starting
        for _ in range(6):
            advance(card, 0.37)
            surface = pygame.Surface((800, 480))
            card.draw(surface)
            pictures.append(surface)
    card_area = PauseCard.card_rect(Viewport((800, 480))).inflate(20, 20)
    assert pygame.Rect(0, 0, 800, 480).contains(card_area), "the card fits on the screen"
    outside = pygame.mask.Mask((800, 480), fill=True)
    outside.erase(pygame.mask.Mask(card_area.size, fill=True), card_area.topleft)
    first = pictures[0]
    for picture in pictures[1:]:
        same = pygame.mask.from_threshold(picture, (0, 0, 0), (1, 1, 1), first)
        assert outside.overlap_area(same, (0, 0)) == outside.count()


def test_pause_card_shows_the_frozen_game_dimmed_behind_it():
    _, card = paused_game()
    surface = pygame.Surface((800, 480))
    card.draw(surface)
    corner = surface.get_at((5, 470))[:3]
    assert corner != GAME_GREEN, "the game behind must look asleep"
    assert corner[1] > corner[0] and corner[1] > corner[2], "but still be the same green game"


def test_pause_card_moves_while_it_waits():
    _, card = paused_game()
    first, later = pygame.Surface((800, 480)), pygame.Surface((800, 480))
    card.draw(first)
    advance(card, 1.0)
    card.draw(later)
    assert pygame.image.tobytes(first, "RGB") != pygame.image.tobytes(later, "RGB")


def test_pause_card_never_pauses_itself_and_plays_no_reps():
    _, card = paused_game()
    assert card.pauses_on_sensor_loss is False
    assert card.update(STEP, IDLE) == []


def celebration(stars: int = 2, best: bool = True) -> tuple[SceneStack, Celebration, FakeSounds]:
    player = FakeSounds()
    party = Celebration(420, stars, best, reps_done=10, successes=7, player=player)
    return SceneStack(party), party, player


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_celebration_looks_right(size):
    _, party, _ = celebration()
    advance(party, 2.8)
    surface = pygame.Surface(size)
    party.draw(surface)
    assert_matches_reference(surface, f"kit/celebration_{size[0]}x{size[1]}", tolerance=3.0)


def test_celebration_plays_a_fanfare_then_one_chime_per_star_earned():
    _, party, player = celebration(stars=2)
    assert player.played == ["fanfare"]
    advance(party, STAR_TIMES_S[-1] + STAR_POP_S + 0.5)
    assert player.played == ["fanfare", "chime", "chime"]


def test_celebration_stars_are_gold_only_for_those_earned():
    _, party, _ = celebration(stars=1)
    advance(party, STAR_TIMES_S[-1] + STAR_POP_S + 0.3)
    surface = pygame.Surface((800, 480))
    party.draw(surface)
    # Star centres: middle of the screen, one third of a screen height apart.
    left, middle = surface.get_at((400 - 158, 144 + 10))[:3], surface.get_at((400, 125 + 10))[:3]
    assert left == hud.GOLD
    assert middle != hud.GOLD


def test_trophy_appears_only_for_a_personal_best():
    pictures = []
    for best in (True, False):
        _, party, _ = celebration(best=best)
        advance(party, 2.8)
        surface = pygame.Surface((800, 480))
        party.draw(surface)
        pictures.append(surface)
    with_trophy, without = pictures
    right_of_score = pygame.Rect(560, 250, 200, 140)
    gold = [hud.GOLD, hud.GOLD_DARK]
    count = [
        sum(
            pic.get_at((x, y))[:3] in gold
            for x in range(right_of_score.left, right_of_score.right, 4)
            for y in range(right_of_score.top, right_of_score.bottom, 4)
        )
        for pic in (with_trophy, without)
    ]
    assert count[0] > 50
    assert count[1] == 0


def test_celebration_leaves_by_itself():
    stack, party, _ = celebration()
    advance(party, DURATION_S - 0.1)
    assert stack.top is party
    advance(party, 0.2)
    assert not stack


def test_an_early_touch_is_ignored_and_a_later_one_moves_on():
    stack, party, _ = celebration()
    tap = Pointer(Phase.DOWN, ("finger", 0, 0), (400, 240), 0.5, 0.5)
    advance(party, SKIP_AFTER_S / 2)
    party.handle_action(tap)
    assert stack.top is party
    advance(party, SKIP_AFTER_S)
    party.handle_action(tap)
    assert not stack


@pytest.mark.parametrize(("stars", "successes"), [(4, 5), (-1, 5), (2, 11)])
def test_impossible_results_are_refused_with_a_sentence(stars, successes):
    with pytest.raises(ValueError, match=r"stars|successes"):
        Celebration(10, stars, False, reps_done=10, successes=successes, player=FakeSounds())
