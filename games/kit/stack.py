"""A stack of scenes: the top one plays, the ones beneath wait, frozen, until it goes.

A pause card pushed over a game freezes the game simply by being on top, because only
the top scene is updated; popping the card resumes the game exactly where it was.
"""

from __future__ import annotations

from games.kit.scene import Scene


class EmptyStackError(IndexError):
    """Asked for the top scene or to pop one when no scene is left."""


class SceneStack:
    """Push, pop and replace scenes, calling their ``enter``/``leave`` hooks in order."""

    def __init__(self, first: Scene | None = None) -> None:
        self._scenes: list[Scene] = []
        if first is not None:
            self.push(first)

    def __len__(self) -> int:
        return len(self._scenes)

    def __bool__(self) -> bool:
        return bool(self._scenes)

    @property
    def scenes(self) -> tuple[Scene, ...]:
        """Every scene, bottom first; a card uses it to draw the game it covers."""
        return tuple(self._scenes)

    @property
    def top(self) -> Scene:
        if not self._scenes:
            raise EmptyStackError("there is no scene on the stack")
        return self._scenes[-1]

    def below(self, scene: Scene) -> Scene | None:
        """The scene directly under ``scene``, or None when it is at the bottom."""
        index = self._index(scene)
        return self._scenes[index - 1] if index > 0 else None

    def push(self, scene: Scene) -> None:
        """Cover the current top with ``scene``."""
        self._check_new(scene)
        if self._scenes:
            self._scenes[-1].leave()
        self._place(scene)

    def pop(self) -> Scene:
        """Remove the top scene and wake the one beneath it; returns the removed scene."""
        scene = self._take_top()
        if self._scenes:
            self._scenes[-1].enter()
        return scene

    def replace(self, scene: Scene) -> Scene:
        """Swap the top scene for ``scene`` without waking the one beneath."""
        self._check_new(scene)
        old = self._take_top()
        self._place(scene)
        return old

    def reset(self, scene: Scene) -> None:
        """Leave every scene, top first, waking none, and start again from ``scene``.

        For endings that skip the usual way out: an idle visit back to the attract
        screen, an Ouch/Stop that ends play at once.
        """
        while self._scenes:
            self._take_top()
        self._place(scene)

    def _check_new(self, scene: Scene) -> None:
        if scene in self._scenes:
            raise ValueError(f"{type(scene).__name__} is already on the stack")

    def _place(self, scene: Scene) -> None:
        scene.stack = self
        self._scenes.append(scene)
        scene.enter()

    def _take_top(self) -> Scene:
        if not self._scenes:
            raise EmptyStackError("cannot remove a scene: the stack is empty")
        scene = self._scenes.pop()
        scene.leave()
        scene.stack = None
        return scene

    def _index(self, scene: Scene) -> int:
        for i, candidate in enumerate(self._scenes):
            if candidate is scene:
                return i
        raise ValueError(f"{type(scene).__name__} is not on the stack")
