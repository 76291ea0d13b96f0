"""The window ``grip-station play`` opens: the kit's game loop on a ``GameSession``.

On simulated sensors a key, the mouse or a finger squeezes the game's virtual hand, as
in the live view, except that there is one sensor only: Space or P, and a press
anywhere on the screen (higher = harder), all squeeze it. With emulated chips the
hand's force is pushed into the chip every frame; with the virtual source the source
samples the hand itself, and nothing else may read it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable

import pygame

from games.contract import GameInput
from games.kit import loop
from games.kit.actions import translate
from hardware.frames import GRIP
from hardware.virtual_hand import VirtualHand
from station.app.sensors import SensorSetup
from station.console.assess_runner import Pacing
from station.play.session import GameSession
from station.play.virtual_input import VirtualInput

_log = logging.getLogger(__name__)

_SQUEEZE_KEYS = (pygame.K_SPACE, pygame.K_p)
_MOUSE = "mouse"
_FINGER_ACTIONS = {pygame.FINGERDOWN: "down", pygame.FINGERMOTION: "move", pygame.FINGERUP: "up"}
_MOUSE_ACTIONS = {
    pygame.MOUSEBUTTONDOWN: "down",
    pygame.MOUSEMOTION: "move",
    pygame.MOUSEBUTTONUP: "up",
}


class OneHandSqueeze:
    """Keyboard, mouse and touch to one virtual hand: the game's sensor, wherever pressed."""

    def __init__(self, sensor: str, hand: VirtualHand) -> None:
        self.sensor = sensor
        self.input = VirtualInput({sensor: hand})
        self._x = 0.25 if sensor == GRIP else 0.75
        """VirtualInput picks the hand by screen half; every press goes to this sensor's."""

    def handle(self, event: pygame.event.Event, size: tuple[int, int]) -> None:
        kind = event.type
        if kind in (pygame.KEYDOWN, pygame.KEYUP) and event.key in _SQUEEZE_KEYS:
            (self.input.key_down if kind == pygame.KEYDOWN else self.input.key_up)(self.sensor)
        elif kind in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
            pointer = ("finger", event.touch_id, event.finger_id)
            self._pointer(_FINGER_ACTIONS[kind], pointer, event.y)
        elif kind in _MOUSE_ACTIONS and not getattr(event, "touch", False):
            # A touch also arrives as a copy flagged ``touch``: the finger already counted.
            if kind == pygame.MOUSEMOTION or event.button == pygame.BUTTON_LEFT:
                self._pointer(_MOUSE_ACTIONS[kind], _MOUSE, event.pos[1] / size[1])
        elif kind == pygame.WINDOWFOCUSLOST:
            self.input.release_all()

    def _pointer(self, action: str, pointer: Hashable, y: float) -> None:
        if action == "down":
            self.input.pointer_down(pointer, self._x, y)
        elif action == "move":
            self.input.pointer_move(pointer, y)
        else:
            self.input.pointer_up(pointer)


def play_in_window(
    session: GameSession,
    setup: SensorSetup,
    *,
    size: tuple[int, int],
    fullscreen: bool,
    max_seconds: float | None,
    pacing: Pacing,
    virtual_squeeze: bool,
    event_source: Callable[[], Iterable[pygame.event.Event]] = pygame.event.get,
) -> int:
    """Play until the celebration ends, the window closes or ``max_seconds`` pass."""
    try:
        surface = _open_window(size, fullscreen, session.game.title)
    except pygame.error as exc:
        _log.error("The game window could not open: %s", exc)
        return 1
    sensor = session.game.sensor
    hand = None if setup.hands is None else setup.hands.get(sensor)
    squeeze = OneHandSqueeze(sensor, hand) if virtual_squeeze and hand is not None else None

    def read_input() -> GameInput:
        now_ns = pacing.clock()
        if hand is not None and setup.force_input is not None:
            setup.force_input.set_force(sensor, hand.force_n(now_ns))
        return session.poll(now_ns)

    def events() -> list[pygame.event.Event]:
        happened = list(event_source())
        if squeeze is not None:
            for event in happened:
                squeeze.handle(event, surface.get_size())
        return happened

    try:
        loop.run(
            session.stack,
            read_input,
            lambda: pygame.display.get_surface() or surface,
            clock_ns=pacing.clock,
            on_events=session.handle,
            max_seconds=max_seconds,
            personal_best=session.visit.personal_best,
            actions=lambda: translate(events(), surface.get_size()),
            sleep=pacing.sleep,
        )
    finally:
        session.close()
        pygame.display.quit()
    return 0


def _open_window(size: tuple[int, int], fullscreen: bool, title: str) -> pygame.Surface:
    pygame.display.init()
    pygame.display.set_caption(f"Grip station: {title}")
    if fullscreen:
        pygame.mouse.set_visible(False)
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    return pygame.display.set_mode(size)
