"""The scene stack: what is on top plays, and hooks fire in the order scenes come and go."""

from __future__ import annotations

import pytest

from games.contract import GameEvent, GameInput
from games.kit.scene import Scene
from games.kit.stack import EmptyStackError, SceneStack


class Probe(Scene):
    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log

    def enter(self) -> None:
        self.log.append(f"enter {self.name}")

    def leave(self) -> None:
        self.log.append(f"leave {self.name}")

    def update(self, dt_ns: int, game_input: GameInput) -> list[GameEvent]:
        return []

    def draw(self, surface) -> None:
        pass


def test_push_covers_and_pop_uncovers_with_hooks_in_order():
    log: list[str] = []
    game, card = Probe("game", log), Probe("card", log)
    stack = SceneStack(game)
    stack.push(card)
    assert stack.top is card
    assert game.stack is stack and card.stack is stack
    assert stack.pop() is card
    assert stack.top is game
    assert card.stack is None
    assert log == ["enter game", "leave game", "enter card", "leave card", "enter game"]


def test_replace_swaps_the_top_without_waking_the_scene_beneath():
    log: list[str] = []
    menu, game, celebration = Probe("menu", log), Probe("game", log), Probe("party", log)
    stack = SceneStack(menu)
    stack.push(game)
    log.clear()
    assert stack.replace(celebration) is game
    assert stack.scenes == (menu, celebration)
    assert log == ["leave game", "enter party"]


def test_below_names_the_scene_a_card_covers():
    game, card = Probe("game", []), Probe("card", [])
    stack = SceneStack(game)
    stack.push(card)
    assert stack.below(card) is game
    assert stack.below(game) is None


def test_an_empty_stack_says_so():
    stack = SceneStack()
    assert not stack and len(stack) == 0
    with pytest.raises(EmptyStackError, match="no scene"):
        _ = stack.top
    with pytest.raises(EmptyStackError, match="empty"):
        stack.pop()


def test_a_scene_cannot_be_on_the_stack_twice():
    game = Probe("game", [])
    stack = SceneStack(game)
    with pytest.raises(ValueError, match="already on the stack"):
        stack.push(game)


def test_reset_leaves_every_scene_without_waking_any():
    log: list[str] = []
    bottom, middle, top, fresh = (Probe(name, log) for name in ("bottom", "middle", "top", "new"))
    stack = SceneStack(bottom)
    stack.push(middle)
    stack.push(top)
    log.clear()
    stack.reset(fresh)
    assert stack.scenes == (fresh,)
    assert log == ["leave top", "leave middle", "leave bottom", "enter new"]
    assert top.stack is None and bottom.stack is None
